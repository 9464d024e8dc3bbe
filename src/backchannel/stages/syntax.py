"""Small readings of the parse shared by the stages after the actor stage: a token's children, its
subtree, and the coded actor of the phrase it heads."""

from __future__ import annotations

import bisect
from dataclasses import replace

from backchannel.model import Actor, Article, Token


def children(tokens: list[Token], index: int) -> list[Token]:
    return [t for t in tokens[max(0, index - 30) : index + 30] if t.head == index and t.i != index]


def according_to(tokens: list[Token], index: int, stop: int) -> int | None:
    """The object X when ``index`` starts "according to X" (tokens before ``stop``), else None."""
    if (
        tokens[index].text.lower() != "according"
        or index + 1 >= stop
        or tokens[index + 1].text.lower() != "to"
    ):
        return None
    return next((c.i for c in children(tokens, index + 1) if c.dep == "pobj"), None)


def subtree(tokens: list[Token], index: int, low: int, high: int) -> range:
    """The contiguous token range of ``index``'s subtree within [low, high)."""
    inside = {index}
    for t in tokens[low:high]:
        node, seen = t.i, 0
        while node not in inside and tokens[node].head != node and seen < 40:
            node, seen = tokens[node].head, seen + 1
        if node in inside:
            inside.add(t.i)
    return range(min(inside), max(inside) + 1)


class CodedMentions:
    """The coded mentions of one article (places aside), sorted by start: built once per article,
    so that looking up the actor of many tokens stays linear in the text."""

    #: no mention is longer than this many characters (a lookup scans back this far)
    _LONGEST = 300

    def __init__(self, article: Article) -> None:
        self.article = article
        coded = [
            (m.start, m.end, m.actor) for m in article.mentions if m.actor is not None and m.label != "PLACE"
        ]
        self.items: list[tuple[int, int, Actor]] = sorted(coded, key=lambda c: c[0])
        self.starts = [c[0] for c in self.items]
        self.sentence_starts = [s.token_start for s in article.sentences]

    def covering(self, offset: int) -> list[Actor]:
        """Every coded actor whose mention holds character ``offset`` ("Turkish and Iranian
        ministries" holds two)."""
        stop = bisect.bisect_right(self.starts, offset)
        out = []
        for k in range(stop - 1, -1, -1):
            start, end, actor = self.items[k]
            if start < offset - self._LONGEST:
                break
            if start <= offset < end:
                out.append(actor)
        return out[::-1]

    def actor_at(self, token: int) -> Actor | None:
        """The coded actor of the phrase headed by ``token``: the mention over the token, else the
        first coded mention inside the phrase ("one of the attachés"), else the words themselves."""
        article = self.article
        tokens = article.tokens
        head = tokens[token]
        if over := self.covering(head.start):
            return over[0]
        if head.pos == "PROPN":  # a surname the actor stage did not take as a mention: "Ilyin added ..."
            stop = bisect.bisect_left(self.starts, head.start)
            for k in range(stop - 1, -1, -1):
                actor = self.items[k][2]
                if actor.name and actor.name.split()[-1] == head.text:
                    return replace(actor, text=head.text, start=head.start, end=head.end)
        index = max(0, bisect.bisect_right(self.sentence_starts, token) - 1)
        if article.sentences:
            low, high = article.sentences[index].token_start, article.sentences[index].token_end
        else:
            low, high = token, token + 1
        span = subtree(tokens, token, low, high)
        first, last = tokens[span.start].start, tokens[span.stop - 1].end
        for k in range(bisect.bisect_left(self.starts, first), len(self.items)):
            start, end, actor = self.items[k]
            if start >= last:
                break
            if end <= last:
                return actor  # the first coded mention inside the phrase
        if head.pos in ("PRON", "DET") and head.text.lower() not in ("one",):
            return None  # an unresolved pronoun names nobody
        return Actor(text=article.text[first:last], start=first, end=last)


def actor_at(article: Article, token: int) -> Actor | None:
    """One lookup of ``CodedMentions.actor_at`` (build ``CodedMentions`` once for many)."""
    return CodedMentions(article).actor_at(token)


def sentence_at(sentence_starts: list[int], offset: int) -> int:
    """The index of the sentence holding character ``offset`` (``sentence_starts``: their starts)."""
    return max(0, bisect.bisect_right(sentence_starts, offset) - 1)
