"""Locating gold strings in a text (white space folded) and the greedy one-to-one matcher."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]

_STOP_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "is", "of", "on", "or", "the", "to"}
)
_SPACE_RUN = re.compile(r"\s+")


def fold_space(text: str) -> str:
    """``text`` with every run of Unicode white space as one space, stripped."""
    return _SPACE_RUN.sub(" ", text).strip()


@dataclass(slots=True)
class _Folded:
    """A white-space-folded text; ``origin[i]`` is the original offset of folded character i."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> _Folded:
        parts: list[str] = []
        origin: list[int] = []
        last = 0
        for run in _SPACE_RUN.finditer(text):
            parts += [text[last : run.start()], " "]
            origin += [*range(last, run.start()), run.start()]
            last = run.end()
        parts.append(text[last:])
        origin += range(last, len(text))
        return cls("".join(parts), origin)

    def span(self, start: int, end: int) -> Span:
        return self.origin[start], self.origin[end - 1] + 1

    def search(self, pattern: str, start: int) -> tuple[int, int] | None:
        """Folded offsets of the first match from ``start``, case-sensitive first."""
        for flags in (0, re.IGNORECASE):
            if (m := re.compile(pattern, flags).search(self.text, start)) and m.end() > m.start():
                return m.span()
        return None

    def find_all(self, pattern: str) -> list[Span]:
        """Original spans of every case-sensitive match, else of every case-insensitive one."""
        for flags in (0, re.IGNORECASE):
            if found := [self.span(*m.span()) for m in re.finditer(pattern, self.text, flags) if m[0]]:
                return found
        return []


def locate(text: str, gold: str, *, by_words: bool = False) -> list[Span]:
    """Spans of ``text`` where the gold string occurs, white space folded (empty: not found).

    With ``by_words``, a string not found whole is searched word by word, in order; the word spans
    are returned when every word is found.
    """
    return _locate(_Folded.of(text), gold, by_words=by_words)


def _locate(folded: _Folded, gold: str, *, by_words: bool) -> list[Span]:
    needle = fold_space(gold)
    spans = folded.find_all(_bounded(needle)) if needle else []
    if spans or not needle or not by_words:
        return spans
    cursor, words = 0, [word for word in needle.split(" ") if re.search(r"\w", word)]
    for word in words:
        if (hit := folded.search(_bounded(word), cursor)) is None:
            return []
        spans.append(folded.span(*hit))
        cursor = hit[1]
    return spans


def _bounded(needle: str) -> str:
    """A regex for ``needle`` that does not start or end inside a word ("November 1" ≠ "November 14")."""
    start = r"(?<!\w)" if re.match(r"\w", needle) else ""
    return start + re.escape(needle) + (r"(?!\w)" if re.search(r"\w$", needle) else "")


def _merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersection(a: Iterable[Span], b: Iterable[Span]) -> int:
    merged_b = _merge(b)
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in _merge(a) for s2, e2 in merged_b)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)} - _STOP_WORDS


@dataclass(slots=True)
class _Target:
    """A folded gold string and its located spans (none: not located, word overlap decides)."""

    text: str
    spans: list[Span]

    def overlap(self, spans: Sequence[Span], text: str) -> int | None:
        """Characters shared with a prediction, or None when the prediction does not match."""
        if not self.text:
            return 0
        if self.spans:
            return _intersection(self.spans, spans) or None
        gold, shared = _words(self.text), _words(self.text) & _words(text)
        return sum(map(len, shared)) if shared and 2 * len(shared) >= len(gold) else None


def _match(
    optional: Sequence[bool], n_pred: int, score: Callable[[int, int], int | None]
) -> tuple[dict[int, int], set[int]]:
    """Greedy one-to-one gold→prediction pairs of required gold, and the predictions absorbed by
    optional gold (which is matched against what the required gold left over)."""
    pairs: dict[int, int] = {}
    for want_optional in (False, True):
        candidates = [
            (size, g, p)
            for g, is_optional in enumerate(optional)
            if is_optional == want_optional
            for p in range(n_pred)
            if p not in pairs.values() and (size := score(g, p)) is not None
        ]
        taken = set(pairs.values())
        for _, g, p in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
            if g not in pairs and p not in taken:
                pairs[g] = p
                taken.add(p)
    required = {g: p for g, p in pairs.items() if not optional[g]}
    return required, {p for g, p in pairs.items() if optional[g]}
