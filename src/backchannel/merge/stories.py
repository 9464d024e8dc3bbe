"""Story clusters: copies, excerpts and rewrites of one article get one ``story_id``.

Candidates come from MinHash LSH (datasketch) over two fingerprints of the cleaned text; a check
over the fingerprint hash sets confirms each candidate pair:

* **word shingles** (five words in a row, lower case): verbatim copies, syndication with added
  furniture, truncation and excerpts share most of them;
* **anchor shingles** (three in a row of the words a rewrite keeps: capitalised names, numbers, and
  separately the words of quotations, in order): a content farm that swaps every third word for a
  synonym keeps the names, the figures and the sentence order;
* **word pairs**: a rewrite keeps most pairs of adjacent words, where two readouts written from one
  template ("X discussed Y with Z") share the names but fewer of the pairs.

Two articles are one story when the shorter one's word shingles are mostly contained in the longer
one (``containment``), or when its word pairs and its anchor shingles both are.  Containment, not
Jaccard, so that a truncated copy or an excerpt still matches its original.  Every shingle counts by
its rarity, 1 / (articles indexed so far that hold it): template and boilerplate blocks ("Vladimir
Putin had a telephone conversation with ...") recur across many stories and weigh next to nothing,
so a truncated readout, mostly template, is not contained in a sibling readout.  Document
frequencies live in a fixed-size count-min sketch, so memory does not grow with the vocabulary.

Fingerprints are numpy arrays of 32-bit hashes: words hash with CRC-32 (deterministic across
processes), shingles combine word hashes, MinHash signatures apply datasketch's ``affine32``
permutations in one matrix operation.  Per article the index keeps only a consistent sample of the
hash sets (hashes whose low bits are zero, about ``sample_target`` of each), or nothing when a
``text_of`` callback can give back the text.  A new article joins the best confirmed candidate;
clusters are the connected components; the original is the earliest published article (input order
breaks ties), and the story id is derived from it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH
from numpy.typing import NDArray

from backchannel.model import content_id

Hashes = NDArray[np.uint32]
_Unsigned = TypeVar("_Unsigned", np.uint32, np.uint64)

# anchors are words that do not start lower case (names, figures); these capitalised ones say
# nothing about the story: sentence openers, pronouns, weekdays
_NOT_ANCHORS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "it",
        "we",
        "they",
        "i",
        "you",
        "his",
        "her",
        "its",
        "our",
        "their",
        "in",
        "on",
        "at",
        "to",
        "of",
        "for",
        "by",
        "from",
        "with",
        "as",
        "but",
        "and",
        "or",
        "so",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "during",
        "then",
        "there",
        "here",
        "what",
        "which",
        "who",
        "how",
        "why",
        "however",
        "also",
        "meanwhile",
        "according",
        "mr",
        "mrs",
        "ms",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_SEED = 1  # datasketch's default permutation seed
_SCHEME = "affine32"
_MULTIPLIERS = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)
_WORD_BASE = np.uint64(0x100000001B3)  # odd: invertible modulo 2**64
_KIND_SALT = {"words": np.uint64(0x5157), "pairs": np.uint64(0xA11CE), "anchors": np.uint64(0xBEEF)}


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """One options object for clustering; the defaults are measured in ``tests/test_stories.py``."""

    word_lsh: tuple[int, int] = (16, 2)  # LSH bands and rows over word shingles (truncated copies)
    pair_lsh: tuple[int, int] = (10, 3)  # ... and over word pairs (rewrites keep most pairs)
    word_containment: float = 0.7  # rarity-weighted share of the shorter text's word shingles in the other
    pair_containment: float = 0.65  # a rewrite: word pairs mostly shared ...
    anchor_containment: float = 0.5  # ... and names, numbers and quotations in the same order
    rewrite_word_containment: float = 0.3  # ... and some word shingles too (a template shares few)
    min_anchor_shingles: int = 8
    pair_containment_alone: float = 0.8  # pairs needed when there are too few anchors  # fewer anchors than this say too little to match on
    word_shingle: int = 5
    anchor_shingle: int = 3
    sample_target: int = 96  # hashes kept per set and article (a consistent sample; 0: keep all)
    df_bits: int = 23  # document-frequency sketch: 2 rows of 2**df_bits 16-bit counters


_DEFAULTS = ClusterSettings()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One article's sorted, distinct shingle hashes and its two MinHash signatures."""

    words: Hashes
    pairs: Hashes
    anchors: Hashes
    word_signature: Hashes
    pair_signature: Hashes


class _Sample(NamedTuple):
    """What the index keeps of a fingerprint: each set's hashes with ``level`` low bits zero."""

    hashes: Hashes  # words, pairs, anchors, concatenated
    bounds: tuple[int, int]  # where pairs and anchors start
    levels: tuple[int, int, int]


@functools.cache
def _permutations(num_perm: int) -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """datasketch's ``affine32`` permutation parameters for ``num_perm`` (seed 1)."""
    a, b = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME).permutations
    return a.astype(np.uint32).reshape(-1, 1), b.astype(np.uint32).reshape(-1, 1)


def _fmix32(values: Hashes) -> Hashes:
    """The MurmurHash3 finalizer datasketch applies before its ``affine32`` permutations."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash_signature(hashes: Hashes, num_perm: int) -> Hashes:
    """The values ``MinHash(num_perm, hashfunc=identity, scheme="affine32").update_batch(hashes)``
    holds, in one matrix operation."""
    if not len(hashes):
        return np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    a, b = _permutations(num_perm)
    with np.errstate(over="ignore"):
        return np.asarray((a * _fmix32(hashes) + b).min(axis=1), dtype=np.uint32)


# flags above any code point in ``_char_table``
_ALNUM_BIT, _LOWER_BIT, _QUOTE_BIT = np.uint32(1 << 21), np.uint32(1 << 22), np.uint32(1 << 23)
_OPENERS, _CLOSERS = frozenset(map(ord, '“"«')), frozenset(map(ord, '”"»'))


@functools.cache
def _char_table() -> NDArray[np.uint32]:
    """Per code point of the Basic Multilingual Plane: its lower-case form (when that is one
    character), ``| _ALNUM_BIT`` for a word character (``[^\\W_]``, which is ``str.isalnum``),
    ``| _LOWER_BIT`` for a lower-case one.  Code points beyond the BMP are looked up one by one."""
    return np.array([_char_entry(chr(c)) for c in range(0x10000)], dtype=np.uint32)


def _char_entry(char: str) -> int:
    lowered = char.lower()
    return (
        (ord(lowered) if len(lowered) == 1 else ord(char))
        | (int(_ALNUM_BIT) if char.isalnum() else 0)
        | (int(_LOWER_BIT) if char.islower() else 0)
        | (int(_QUOTE_BIT) if ord(char) in _OPENERS | _CLOSERS else 0)
    )


@functools.cache
def _powers(size: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """``_WORD_BASE ** i`` and its inverse modulo 2**64, for ``i < size``."""
    inverse = np.uint64(pow(int(_WORD_BASE), -1, 1 << 64))
    up = np.cumprod(np.full(size - 1, _WORD_BASE, dtype=np.uint64), dtype=np.uint64)
    down = np.cumprod(np.full(size - 1, inverse, dtype=np.uint64), dtype=np.uint64)
    one = np.ones(1, dtype=np.uint64)
    return np.concatenate((one, up)), np.concatenate((one, down))


class _Words(NamedTuple):
    """The words of a text (``[^\\W_]+(?:['’][^\\W_]+)*``): a 64-bit hash of each one's lower-case
    form, whether it starts lower case, and the ranges of words inside quotation marks."""

    hashes: NDArray[np.uint64]
    lower_first: NDArray[np.bool_]
    quoted: list[tuple[int, int]]  # [first word, end word) of each quotation


def _words(text: str) -> _Words:
    """Words and their hashes in a few array operations over the code points.  A word is a run of
    alphanumeric characters, an apostrophe between two of them included; its hash is a polynomial
    over its lower-case code points, for all words at once from one prefix sum."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    chars = _char_table().take(points, mode="clip")
    if len(points) and points.max() > 0xFFFF:
        chars = chars.copy()
        for i in np.flatnonzero(points > 0xFFFF).tolist():
            chars[i] = _char_entry(text[i])
    alnum = (chars & _ALNUM_BIT).astype(np.bool_)
    inside = np.zeros(len(points) + 2, dtype=np.bool_)  # padded with a non-word character each side
    inside[1:-1] = alnum
    if len(points) > 2:
        middle = points[1:-1]
        inside[2:-2] |= ((middle == 0x27) | (middle == 0x2019)) & alnum[:-2] & alnum[2:]
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    up, down = _powers(1 << max(12, len(points).bit_length()))
    prefix = np.zeros(len(points) + 1, dtype=np.uint64)
    np.cumsum((chars & np.uint32(0x1FFFFF)) * up[: len(points)], out=prefix[1:])
    hashes = (prefix[ends] - prefix[starts]) * down[starts] + (ends - starts).astype(np.uint64)
    hashes ^= hashes >> np.uint64(29)
    hashes *= _MULTIPLIERS[1]
    hashes ^= hashes >> np.uint64(32)
    lower = (chars[starts] & _LOWER_BIT).astype(np.bool_)
    return _Words(hashes, lower, _quotations(points, np.flatnonzero(chars & _QUOTE_BIT), starts))


def _quotations(
    points: NDArray[np.uint32], marks: NDArray[np.intp], starts: NDArray[np.intp]
) -> list[tuple[int, int]]:
    """What ``[“"«]([^”"»]{10,400})[”"»]`` finds, scanning left to right, as ranges of words: after
    an opening mark, a quotation runs to the first closing mark and counts when it holds 10 to 400
    characters.  ``marks``: the positions of quotation marks."""
    if not len(marks):
        return []
    spans: list[tuple[int, int]] = []
    openers: list[int] = []  # since the last closing mark
    for at, point in zip(marks.tolist(), points[marks].tolist(), strict=True):
        if openers and point in _CLOSERS:
            # the first opening mark that is at most 400 characters back (later ones are nearer)
            opener = next((o for o in openers if at - o - 1 <= 400), at)
            openers = []
            if at - opener - 1 >= 10:
                spans.append((opener + 1, at))
                continue
        if point in _OPENERS:
            openers.append(at)
    if not spans:
        return []
    return [(first, end) for first, end in np.searchsorted(starts, np.array(spans)).tolist()]


@functools.cache
def _not_anchor_hashes() -> NDArray[np.uint64]:
    """Sorted hashes of ``_NOT_ANCHORS``."""
    return np.sort(_words(" ".join(_NOT_ANCHORS)).hashes)


def _combine(words: NDArray[np.uint64], size: int, kind: str) -> NDArray[np.uint64]:
    """A 64-bit hash of each run of ``size`` words (``len(words) - size + 1`` of them)."""
    count = len(words) - size + 1
    with np.errstate(over="ignore"):
        combined = np.full(count, _KIND_SALT[kind] + np.uint64(size), dtype=np.uint64)
        for j in range(size):
            combined = (combined + words[j : j + count]) * _MULTIPLIERS[j % len(_MULTIPLIERS)]
        combined ^= combined >> np.uint64(31)
        combined *= _MULTIPLIERS[0]
    return combined


def _shingle_hashes(words: NDArray[np.uint64], size: int, kind: str) -> Hashes:
    """Distinct 32-bit hashes of ``size`` words in a row (of all of them when there are fewer)."""
    if not len(words):
        return np.empty(0, dtype=np.uint32)
    combined = _combine(words, max(1, min(size, len(words))), kind)
    return _distinct((combined >> np.uint64(32)).astype(np.uint32))


def _distinct(values: Hashes) -> Hashes:
    """Sorted distinct values (``np.unique``'s hash table is slower at these sizes)."""
    values = np.sort(values)
    keep = np.ones(len(values), dtype=np.bool_)
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def fingerprint(text: str, settings: ClusterSettings | None = None) -> Fingerprint:
    """Word, pair and anchor shingle hashes of a cleaned text, with their MinHash signatures."""
    settings = settings or _DEFAULTS
    words = _words(text)
    hashes = words.hashes
    # anchors: words not starting lower case, without the stop words, and the words of each quotation
    anchor = hashes[~words.lower_first & ~_member(hashes, _not_anchor_hashes())]
    size = settings.anchor_shingle
    anchor_runs = [_combine(anchor, min(size, len(anchor)), "anchors")] if len(anchor) else []
    runs = _combine(hashes, size, "anchors") if words.quoted and len(hashes) >= size else hashes[:0]
    for first, end in words.quoted:
        if end - first >= size:
            anchor_runs.append(runs[first : end - size + 1])
        elif end > first:
            anchor_runs.append(_combine(hashes[first:end], end - first, "anchors"))
    anchors = _distinct((np.concatenate([hashes[:0], *anchor_runs]) >> np.uint64(32)).astype(np.uint32))
    word_set = _shingle_hashes(hashes, settings.word_shingle, "words")
    pair_set = _shingle_hashes(hashes, 2, "pairs")
    return Fingerprint(
        word_set,
        pair_set,
        anchors,
        minhash_signature(word_set, settings.word_lsh[0] * settings.word_lsh[1]),
        minhash_signature(pair_set, settings.pair_lsh[0] * settings.pair_lsh[1]),
    )


def _level(size: int, target: int) -> int:
    """Low bits that must be zero for about ``target`` of ``size`` hashes to remain."""
    return max(0, (size // target).bit_length() - 1) if target > 0 else 0


def _sampled(hashes: Hashes, level: int) -> Hashes:
    return hashes[(hashes & np.uint32((1 << level) - 1)) == 0] if level else hashes


def _sample(prints: Fingerprint, target: int) -> _Sample:
    levels = tuple(_level(len(h), target) for h in (prints.words, prints.pairs, prints.anchors))
    parts = [
        _sampled(h, lv) for h, lv in zip((prints.words, prints.pairs, prints.anchors), levels, strict=True)
    ]
    return _Sample(
        np.concatenate(parts),
        (len(parts[0]), len(parts[0]) + len(parts[1])),
        (levels[0], levels[1], levels[2]),
    )


def _full(prints: Fingerprint) -> _Sample:
    return _Sample(
        np.concatenate((prints.words, prints.pairs, prints.anchors)),
        (len(prints.words), len(prints.words) + len(prints.pairs)),
        (0, 0, 0),
    )


def _part(sample: _Sample, which: int) -> tuple[Hashes, int]:
    starts = (0, *sample.bounds, len(sample.hashes))
    return sample.hashes[starts[which] : starts[which + 1]], sample.levels[which]


def _part_weights(sample: _Sample, weights: NDArray[np.float64], which: int) -> NDArray[np.float64]:
    starts = (0, *sample.bounds, len(sample.hashes))
    return weights[starts[which] : starts[which + 1]]


class _DocumentFrequency:
    """How many indexed articles hold a hash: a count-min sketch of two rows of saturating counters,
    one flat array (a row is one half)."""

    def __init__(self, bits: int) -> None:
        self._bits = bits
        self._mask = np.uint32((1 << bits) - 1)
        self._counts = np.zeros(2 << bits, dtype=np.uint16)

    def _slots(self, hashes: Hashes) -> NDArray[np.intp]:
        """Each hash's counter in the first row, then in the second."""
        second = _fmix32(hashes ^ np.uint32(0x27D4EB2F)) & self._mask
        slots = np.concatenate((hashes & self._mask, second)).astype(np.intp)
        slots[len(hashes) :] += 1 << self._bits
        return slots

    def add(self, hashes: Hashes) -> NDArray[np.float64]:
        """Count an article's distinct hashes; returns their weights (1 / document frequency) after."""
        slots = self._slots(hashes)
        counts = np.minimum(self._counts[slots], np.uint16(0xFFFE)) + np.uint16(1)
        self._counts[slots] = counts
        return self._inverse(counts)

    def weights(self, hashes: Hashes) -> NDArray[np.float64]:
        """1 / document frequency (at least 1)."""
        return self._inverse(self._counts[self._slots(hashes)])

    @staticmethod
    def _inverse(counts: NDArray[np.uint16]) -> NDArray[np.float64]:
        both = counts.reshape(2, -1)
        weights: NDArray[np.float64] = 1.0 / np.maximum(np.minimum(both[0], both[1]), 1)
        return weights


def _member(values: NDArray[_Unsigned], sorted_set: NDArray[_Unsigned]) -> NDArray[np.bool_]:
    """``np.isin(values, sorted_set)``, by binary search."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.searchsorted(sorted_set, values)
    at[at == len(sorted_set)] = 0
    found: NDArray[np.bool_] = sorted_set[at] == values
    return found


class _Overlap(NamedTuple):
    containment: float  # rarity-weighted share of the lighter set found in the other
    jaccard: float  # rarity-weighted Jaccard
    smaller: int  # hashes compared in the lighter set


def _lsh(params: tuple[int, int]) -> MinHashLSH:
    bands, rows = params
    return MinHashLSH(num_perm=bands * rows, params=(bands, rows))


class StoryIndex:
    """Articles added one by one; ``story_of`` gives each one's story id.  Adding is incremental:
    a new article joins the story of the earlier article it copies best.

    ``text_of(article_id)`` (optional) gives back an indexed article's text; with it the index keeps
    no fingerprint per article and confirms candidates on exact hash sets recomputed from the text."""

    def __init__(
        self, settings: ClusterSettings | None = None, text_of: Callable[[str], str] | None = None
    ) -> None:
        self.settings = settings or ClusterSettings()
        self._text_of = text_of
        self._lsh_words = _lsh(self.settings.word_lsh)
        self._lsh_pairs = _lsh(self.settings.pair_lsh)
        self._df = _DocumentFrequency(self.settings.df_bits)
        self._ids: list[str] = []
        self._serial: dict[str, int] = {}
        self._order: list[tuple[str, int]] = []  # (published, serial)
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}  # root -> serials of its story
        self._samples: list[_Sample | None] = []
        self._links: list[tuple[str, str, str]] = []
        self._link_of: dict[str, tuple[str, str]] = {}

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._serial

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, article_id: str, text: str, published: str | None = None) -> str:
        """Index an article; returns its story id (which later additions never change for it, unless
        an earlier-published copy arrives and becomes the original).  A known id is not re-added."""
        if article_id in self._serial:
            return self.story_of(article_id)
        return self.add_fingerprint(article_id, fingerprint(text, self.settings), published)

    def add_many(self, items: Iterable[tuple[str, str, str | None]]) -> None:
        """``add`` for each ``(article_id, text, published)`` in order."""
        for article_id, text, published in items:
            self.add(article_id, text, published)

    def add_fingerprint(self, article_id: str, prints: Fingerprint, published: str | None = None) -> str:
        """``add`` with the fingerprint already computed (e.g. in worker processes)."""
        if article_id in self._serial:
            return self.story_of(article_id)
        serial = len(self._ids)
        self._ids.append(article_id)
        self._serial[article_id] = serial
        self._order.append((published or "9999-12-31", serial))
        self._parent.append(serial)
        self._members[serial] = [serial]
        full = _full(prints)
        weights = self._df.add(full.hashes)
        candidates: set[int] = set()
        for hashes, signature, lsh in (
            (prints.words, prints.word_signature, self._lsh_words),
            (prints.pairs, prints.pair_signature, self._lsh_pairs),
        ):
            if len(hashes):
                minhash = LeanMinHash(seed=_SEED, hashvalues=signature, scheme=_SCHEME)
                candidates.update(lsh.query(minhash))
                lsh.insert(serial, minhash, check_duplication=False)
        # join the single best confirmed match, not every one: a copy of one templated readout is
        # also close to its siblings, and joining all of them chains the siblings together
        best: tuple[float, int, str] | None = None
        for other in sorted(candidates):
            judged = self._judge(full, weights, self._sample_of(other))
            if judged is not None and (best is None or judged[0] > best[0]):
                best = (judged[0], other, judged[1])
        if best is not None:
            self._links.append((article_id, self._ids[best[1]], best[2]))
            self._link_of[article_id] = (self._ids[best[1]], best[2])
            self._union(best[1], serial)
        self._samples.append(None if self._text_of else _sample(prints, self.settings.sample_target))
        return self.story_of(article_id)

    def _sample_of(self, serial: int) -> _Sample:
        stored = self._samples[serial]
        if stored is not None:
            return stored
        if self._text_of is None:
            raise KeyError(self._ids[serial])
        return _full(fingerprint(self._text_of(self._ids[serial]), self.settings))

    def _overlap(self, new: _Sample, new_weights: NDArray[np.float64], old: _Sample, which: int) -> _Overlap:
        a, level_a = _part(new, which)
        weights_a = _part_weights(new, new_weights, which)
        b, level_b = _part(old, which)
        level = max(level_a, level_b)
        if level > level_a:
            keep = (a & np.uint32((1 << level) - 1)) == 0
            a, weights_a = a[keep], weights_a[keep]
        b = _sampled(b, level)
        if not len(a) or not len(b):
            return _Overlap(0.0, 0.0, 0)
        shared = float(weights_a[_member(a, b)].sum())
        weight_a, weight_b = float(weights_a.sum()), float(self._df.weights(b).sum())
        smaller = min(len(a), len(b)) << level
        return _Overlap(shared / min(weight_a, weight_b), shared / (weight_a + weight_b - shared), smaller)

    def _judge(self, new: _Sample, weights: NDArray[np.float64], old: _Sample) -> tuple[float, str] | None:
        """(how alike, why) when two articles are one story, else None."""
        settings = self.settings
        words = self._overlap(new, weights, old, 0)
        pairs = self._overlap(new, weights, old, 1)
        score = words.jaccard + pairs.jaccard
        if words.containment >= settings.word_containment:
            return score, f"word shingles {words.containment:.2f} contained (weighted by rarity)"
        if (
            words.containment < settings.rewrite_word_containment
            or pairs.containment < settings.pair_containment
        ):
            return None
        anchors = self._overlap(new, weights, old, 2)
        if anchors.smaller < settings.min_anchor_shingles:  # too few anchors to say: pairs must
            anchors_agree = pairs.containment >= settings.pair_containment_alone
        else:
            anchors_agree = anchors.containment >= settings.anchor_containment
        if anchors_agree:
            return score, (
                f"a rewrite: word pairs {pairs.containment:.2f}, names, numbers, quotations in order "
                f"{anchors.containment:.2f} and word shingles {words.containment:.2f} contained (weighted by rarity)"
            )
        return None

    def _find(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=lambda r: self._order[r])
            self._parent[second] = first  # the earliest article stays the root: the original
            self._members[first].extend(self._members.pop(second))

    def original_of(self, article_id: str) -> str:
        """The id of the story's original: its earliest published article."""
        return self._ids[self._find(self._serial[article_id])]

    def story_of(self, article_id: str) -> str:
        """``content_id("st", original id)``."""
        return content_id("st", self.original_of(article_id))

    def cluster_of(self, article_id: str) -> list[str]:
        """Every article id in the story, the original first, then in order of publication."""
        members = self._members[self._find(self._serial[article_id])]
        return [self._ids[s] for s in sorted(members, key=self._order.__getitem__)]

    def clusters(self) -> dict[str, list[str]]:
        """Story id -> its article ids, the original first."""
        out: dict[str, list[str]] = {}
        for root in sorted(self._members, key=self._order.__getitem__):
            members = sorted(self._members[root], key=self._order.__getitem__)
            out[content_id("st", self._ids[root])] = [self._ids[s] for s in members]
        return out

    def link_of(self, article_id: str) -> tuple[str, str] | None:
        """(the article it joined, why), or None for an article that joined no other."""
        return self._link_of.get(article_id)

    def links(self) -> list[tuple[str, str, str]]:
        """``(article_id, joined_to, reason)`` for each confirmed join, in order of addition."""
        return list(self._links)


def cluster_texts(
    items: Iterable[tuple[str, str, str | None]], settings: ClusterSettings | None = None
) -> StoryIndex:
    """A ``StoryIndex`` over ``(article_id, text, published)`` items."""
    index = StoryIndex(settings)
    index.add_many(items)
    return index
