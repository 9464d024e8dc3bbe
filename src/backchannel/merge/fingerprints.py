"""Article fingerprints for story clustering: shingle hash sets, MinHash signatures, LSH band keys.

Three sets of 32-bit hashes per cleaned text (see ``stories.py`` for how they are used):

* **word shingles**: five words in a row, lower case;
* **word pairs**: two words in a row;
* **anchor shingles**: three in a row of the words a rewrite keeps (capitalised names, numbers),
  and separately of the words of each quotation, in order.

Words hash with a polynomial over their lower-case code points (deterministic across processes),
shingles combine word hashes, MinHash signatures apply datasketch's ``affine32`` permutations
(equal to ``datasketch.MinHash`` with those hash values), and each signature is cut into LSH bands
of rows, as ``datasketch.MinHashLSH`` cuts it, each band hashed to one 64-bit bucket key.

``fingerprints`` computes all of it for many texts in one pass of array operations over their
concatenation: per text the work is a few dozen numpy calls on a few hundred values, so the calls,
not the arithmetic, cost the time, and batching them is about three times faster than one text at
a time (``bench/merge.py``).  The result is the same as text by text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar, overload

import numpy as np
from datasketch import MinHash
from numpy.typing import NDArray

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
    pair_containment_alone: float = 0.8  # pairs needed when there are too few anchors
    # a candidate that shares only a pair band (not a word band) is judged when at least this many
    # of the pair signature's 30 values agree: the band's 3 rows and 3 more (an unrelated article
    # sharing 2% of the pairs passes 2% of the time, a rewrite sharing 30% misses 0.5% of the time).
    # Articles on one topic share a few percent of their word pairs, enough to meet in some band of
    # a large index: their number per article grows with the index (3.1 per article at 50,000 of
    # bench/merge.py's generated articles, 13.8 at 200,000), and 0.18 and 0.30 of them pass
    pair_band_agreement: int = 6
    word_shingle: int = 5
    anchor_shingle: int = 3
    sample_target: int = 96  # hashes kept per set and article (a consistent sample; 0: keep all)
    df_bits: int = 23  # document frequencies: 2 * 2**df_bits 16-bit counters (32 MiB)


_DEFAULTS = ClusterSettings()


class Sample(NamedTuple):
    """What the story index keeps of a fingerprint: each set's hashes whose ``level`` low bits are
    zero (a consistent sample: two texts keep the same hashes of what they share)."""

    hashes: Hashes  # words, pairs, anchors, concatenated
    bounds: tuple[int, int]  # where pairs and anchors start
    levels: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One article's sorted, distinct shingle hashes and its two MinHash signatures."""

    words: Hashes
    pairs: Hashes
    anchors: Hashes
    word_signature: Hashes
    pair_signature: Hashes
    band_keys: NDArray[np.uint64]  # one LSH bucket key per band of each non-empty signature
    sample: Sample  # about ``sample_target`` hashes of each set (all of them when the target is 0)


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
    signature: Hashes = _signatures(_Sets(hashes, np.array([0, len(hashes)], dtype=np.intp)), num_perm)[0]
    return signature


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
def _powers(size: int) -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """``_WORD_BASE ** i`` and its inverse modulo 2**32, for ``i < size``: words hash in 32-bit
    arithmetic (half the memory traffic of 64-bit over every character; a vocabulary of a million
    words has about a hundred colliding pairs, which move no shingle set measurably)."""
    base = int(_WORD_BASE) & 0xFFFFFFFF  # odd: invertible modulo 2**32
    up = np.cumprod(np.full(size - 1, base, dtype=np.uint32), dtype=np.uint32)
    down = np.cumprod(np.full(size - 1, pow(base, -1, 1 << 32), dtype=np.uint32), dtype=np.uint32)
    one = np.ones(1, dtype=np.uint32)
    return np.concatenate((one, up)), np.concatenate((one, down))


class _Words(NamedTuple):
    """The words of a text (``[^\\W_]+(?:['’][^\\W_]+)*``): a 64-bit hash of each one's lower-case
    form, whether it starts lower case, and the ranges of words inside quotation marks."""

    hashes: NDArray[np.uint64]
    lower_first: NDArray[np.bool_]
    quoted: list[tuple[int, int]]  # [first word, end word) of each quotation
    starts: NDArray[np.intp]  # the code point each word starts at


def _words(text: str, breaks: NDArray[np.intp] | None = None) -> _Words:
    """Words and their hashes in a few array operations over the code points.  A word is a run of
    alphanumeric characters, an apostrophe between two of them included; its hash is a polynomial
    over its lower-case code points, for all words at once from one prefix sum."""
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    chars = _char_table().take(points, mode="clip")
    if len(points) and points.max() > 0xFFFF:
        chars = chars.copy()
        for i in np.flatnonzero(points > 0xFFFF).tolist():
            chars[i] = _char_entry(text[i])
    alnum = (chars & _ALNUM_BIT) != 0
    inside = np.zeros(len(points) + 2, dtype=np.bool_)  # padded with a non-word character each side
    inside[1:-1] = alnum
    if len(points) > 2:
        middle = points[1:-1]
        inside[2:-2] |= ((middle == 0x27) | (middle == 0x2019)) & alnum[:-2] & alnum[2:]
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    starts, ends = edges[0::2], edges[1::2]
    up, down = _powers(1 << max(12, len(points).bit_length()))
    prefix = np.zeros(len(points) + 1, dtype=np.uint32)
    codes = chars & np.uint32(0x1FFFFF)
    codes *= up[: len(points)]  # in place: one array of the text's length fewer
    np.cumsum(codes, out=prefix[1:])
    hashes = ((prefix[ends] - prefix[starts]) * down[starts]).astype(np.uint64)
    hashes += (ends - starts).astype(np.uint64) << np.uint64(32)  # the length, in the high half
    hashes *= _MULTIPLIERS[1]  # then mixed over all 64 bits
    hashes ^= hashes >> np.uint64(32)
    hashes *= _MULTIPLIERS[2]
    hashes ^= hashes >> np.uint64(29)
    lower = (chars[starts] & _LOWER_BIT).astype(np.bool_)
    marks = np.flatnonzero((chars & _QUOTE_BIT) != 0)  # nonzero of booleans: a third of the time
    return _Words(hashes, lower, _quotations(points, marks, starts, breaks), starts)


def _quotations(
    points: NDArray[np.uint32],
    marks: NDArray[np.intp],
    starts: NDArray[np.intp],
    breaks: NDArray[np.intp] | None = None,
) -> list[tuple[int, int]]:
    """What ``[“"«]([^”"»]{10,400})[”"»]`` finds, scanning left to right, as ranges of words: after
    an opening mark, a quotation runs to the first closing mark and counts when it holds 10 to 400
    characters.  ``marks``: the positions of quotation marks; ``breaks``: where each of several
    joined texts starts (no quotation runs from one into the next)."""
    if not len(marks):
        return []
    texts = (np.searchsorted(breaks, marks, side="right") if breaks is not None else marks * 0).tolist()
    spans: list[tuple[int, int]] = []
    openers: list[int] = []  # since the last closing mark
    current = texts[0]
    for at, point, text in zip(marks.tolist(), points[marks].tolist(), texts, strict=True):
        if text != current:
            openers, current = [], text
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


def _member(values: NDArray[_Unsigned], sorted_set: NDArray[_Unsigned]) -> NDArray[np.bool_]:
    """``np.isin(values, sorted_set)``, by binary search."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=np.bool_)
    at = np.searchsorted(sorted_set, values)
    np.minimum(at, len(sorted_set) - 1, out=at)
    found: NDArray[np.bool_] = sorted_set.take(at) == values
    return found


_BATCH = 64  # texts per pass of array operations (bounds the MinHash matrices to a few MB)
_BAND_SALT = {"words": np.uint64(0x5EED5), "pairs": np.uint64(0xBA5E)}


def _windows(
    values: NDArray[np.uint64], text_of: NDArray[np.intp], size: int, kind: str, count: int
) -> tuple[NDArray[np.intp], NDArray[np.uint64]]:
    """(text, hash) of each run of ``size`` values in a row inside one text; a text with fewer
    values (but some) has one hash of all of them.  ``text_of``: each value's text, ascending."""
    texts, hashes = [text_of[:0]], [values[:0]]
    if len(values) >= size:
        combined = _combine(values, size, kind)
        inside = text_of[: len(combined)] == text_of[size - 1 :]
        texts.append(text_of[: len(combined)][inside])
        hashes.append(combined[inside])
    held = np.bincount(text_of, minlength=count)
    short = np.flatnonzero((held > 0) & (held < size))
    for text, first in zip(short.tolist(), np.searchsorted(text_of, short).tolist(), strict=True):
        texts.append(np.array([text], dtype=np.intp))
        hashes.append(_combine(values[first : first + held[text]], int(held[text]), kind))
    return np.concatenate(texts), np.concatenate(hashes)


class _Sets(NamedTuple):
    """One kind of hash set for several texts: sorted distinct 32-bit hashes, text after text."""

    hashes: Hashes
    cuts: NDArray[np.intp]  # text i's hashes are hashes[cuts[i] : cuts[i + 1]]


def _distinct_sets(text_of: NDArray[np.intp], hashes: NDArray[np.uint64], count: int) -> _Sets:
    """The distinct upper 32 bits of ``hashes`` per text, sorted, in one sort of (text, hash)."""
    keys = np.sort((text_of.astype(np.uint64) << np.uint64(32)) | (hashes >> np.uint64(32)))
    keep = np.ones(len(keys), dtype=np.bool_)
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    keys = keys[keep]
    cuts = np.searchsorted(keys >> np.uint64(32), np.arange(count + 1, dtype=np.uint64))
    return _Sets((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), cuts)


def _signatures(sets: _Sets, num_perm: int) -> Hashes:
    """``minhash_signature`` of each text's set, one row per text, in one matrix operation."""
    count = len(sets.cuts) - 1
    out = np.full((count, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = sets.cuts[1:] > sets.cuts[:-1]
    if filled.any():
        a, b = _permutations(num_perm)
        with np.errstate(over="ignore"):
            values = a * _fmix32(sets.hashes)
            values += b  # in place: one matrix fewer to allocate
        out[filled] = np.minimum.reduceat(values, sets.cuts[:-1][filled], axis=1).T
    return out


def _band_keys(signatures: Hashes, params: tuple[int, int], kind: str) -> NDArray[np.uint64]:
    """A 64-bit bucket key per band (``rows`` signature values) of each signature row."""
    bands, rows = params
    cut = signatures[:, : bands * rows].reshape(len(signatures), bands, rows).astype(np.uint64)
    with np.errstate(over="ignore"):
        keys = np.broadcast_to(
            _BAND_SALT[kind] + np.arange(bands, dtype=np.uint64) * _MULTIPLIERS[4], cut.shape[:2]
        ).copy()
        for row in range(rows):
            keys = (keys + cut[:, :, row]) * _MULTIPLIERS[row % len(_MULTIPLIERS)]
        keys ^= keys >> np.uint64(31)
        keys *= _MULTIPLIERS[0]
        keys ^= keys >> np.uint64(29)
    return keys


def _levels(sizes: NDArray[np.intp], target: int) -> NDArray[np.intp]:
    """Low bits that must be zero for about ``target`` of ``sizes`` hashes to remain."""
    if target <= 0:
        return np.zeros(len(sizes), dtype=np.intp)
    bit_length: NDArray[np.intp] = np.frexp((sizes // target).astype(np.float64))[1].astype(np.intp)
    return np.maximum(bit_length - 1, 0)


def _sampled_sets(sets: _Sets, target: int) -> tuple[_Sets, NDArray[np.intp]]:
    """Each text's hashes whose low ``level`` bits are zero, and the levels."""
    sizes = np.diff(sets.cuts)
    levels = _levels(sizes, target)
    masks = np.repeat((np.uint32(1) << levels.astype(np.uint32)) - np.uint32(1), sizes)
    keep = (sets.hashes & masks) == 0
    kept = np.zeros(len(keep) + 1, dtype=np.intp)
    np.cumsum(keep, out=kept[1:])
    return _Sets(sets.hashes[keep], kept[sets.cuts]), levels


class Fingerprints(Sequence[Fingerprint]):
    """The fingerprints of many texts, column by column: a few flat arrays for the whole batch
    instead of ten small ones per text, so a batch crosses a process boundary in one piece (pickling
    ten arrays per article cost a quarter of the fingerprint time) and the index reads it without
    building an object per article.  ``prints[i]`` is text ``i``'s ``Fingerprint`` (views)."""

    _FIELDS = (
        "hashes",
        "bounds",
        "word_signatures",
        "pair_signatures",
        "band_keys",
        "band_cuts",
        "sample_hashes",
        "sample_bounds",
        "levels",
        "word_bands",
    )  # the order of __init__
    __slots__ = ("band_cuts", "band_keys", "bounds", "hashes", "levels", "pair_signatures",
                 "sample_bounds", "sample_hashes", "word_bands", "word_signatures")  # fmt: skip

    def __init__(
        self,
        hashes: Hashes,
        bounds: NDArray[np.intp],
        word_signatures: Hashes,
        pair_signatures: Hashes,
        band_keys: NDArray[np.uint64],
        band_cuts: NDArray[np.intp],
        sample_hashes: Hashes,
        sample_bounds: NDArray[np.intp],
        levels: NDArray[np.intp],
        word_bands: int,
    ) -> None:
        self.hashes = hashes  # text after text: its words, pairs and anchors
        self.bounds = bounds  # (texts, 4): where its words, pairs, anchors start, and where it ends
        self.word_signatures = word_signatures  # (texts, bands * rows)
        self.pair_signatures = pair_signatures
        self.band_keys = band_keys  # text i's are band_keys[band_cuts[i] : band_cuts[i + 1]]
        self.band_cuts = band_cuts
        self.sample_hashes = sample_hashes  # as ``hashes``, each set sampled
        self.sample_bounds = sample_bounds
        self.levels = levels  # (texts, 3)
        self.word_bands = word_bands  # band keys over words, first in a text's keys (when it has words)

    def __len__(self) -> int:
        return len(self.bounds)

    def __reduce__(self) -> tuple[type[Fingerprints], tuple[object, ...]]:
        return Fingerprints, tuple(getattr(self, name) for name in Fingerprints._FIELDS)

    @overload
    def __getitem__(self, i: int) -> Fingerprint: ...
    @overload
    def __getitem__(self, i: slice) -> list[Fingerprint]: ...
    def __getitem__(self, i: int | slice) -> Fingerprint | list[Fingerprint]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        words, pairs, anchors, end = self.bounds[i].tolist()
        return Fingerprint(
            self.hashes[words:pairs],
            self.hashes[pairs:anchors],
            self.hashes[anchors:end],
            self.word_signatures[i],
            self.pair_signatures[i],
            self.band_keys[self.band_cuts[i] : self.band_cuts[i + 1]],
            next(self.samples(i, i + 1))[1],
        )

    def samples(self, first: int = 0, end: int | None = None) -> Iterator[tuple[Sample, Sample]]:
        """For texts ``first`` to ``end``: its hash sets whole (level 0), and as the story index
        keeps them (each set sampled)."""
        end = len(self) if end is None else end
        bounds, sampled = self.bounds[first:end].tolist(), self.sample_bounds[first:end].tolist()
        levels = self.levels[first:end].tolist()
        hashes, sample_hashes = self.hashes, self.sample_hashes
        for (w, p, a, e), (sw, sp, sa, se), (lw, lp, la) in zip(bounds, sampled, levels, strict=True):
            yield (
                Sample(hashes[w:e], (p - w, a - w), (0, 0, 0)),
                Sample(sample_hashes[sw:se], (sp - sw, sa - sw), (lw, lp, la)),
            )

    def bands(self) -> tuple[NDArray[np.uint64], NDArray[np.intp], NDArray[np.bool_]]:
        """Every LSH band key of the batch, the text it is of, and whether it is a band over word
        shingles (a text's word bands come first; a text with no words has none)."""
        counts = np.diff(self.band_cuts)
        owners = np.repeat(np.arange(len(self)), counts)
        place = np.arange(len(self.band_keys)) - np.repeat(self.band_cuts[:-1], counts)
        words = (place < self.word_bands) & (self.bounds[:, 1] > self.bounds[:, 0])[owners]
        return self.band_keys, owners, words

    @classmethod
    def concatenate(cls, parts: Sequence[Fingerprints]) -> Fingerprints:
        if len(parts) == 1:
            return parts[0]

        def joined(name: str, offsets: str | None = None) -> NDArray[Any]:
            arrays = [getattr(part, name) for part in parts]
            if offsets is None:
                return np.concatenate(arrays)
            shift = np.cumsum([0] + [len(getattr(part, offsets)) for part in parts[:-1]])
            if name == "band_cuts":
                return np.concatenate(
                    [arrays[0][:1], *(a[1:] + s for a, s in zip(arrays, shift, strict=True))]
                )
            return np.concatenate([a + s for a, s in zip(arrays, shift, strict=True)])

        return cls(
            joined("hashes"),
            joined("bounds", "hashes"),
            joined("word_signatures"),
            joined("pair_signatures"),
            joined("band_keys"),
            joined("band_cuts", "band_keys"),
            joined("sample_hashes"),
            joined("sample_bounds", "sample_hashes"),
            joined("levels"),
            parts[0].word_bands,
        )


def _interleave(sets: Sequence[_Sets]) -> tuple[Hashes, NDArray[np.intp]]:
    """Several kinds of sets of the same texts as one array, text after text (each text's sets of
    every kind in a row), and the (texts, kinds + 1) bounds of each text's sets in it."""
    sizes = np.stack([np.diff(s.cuts) for s in sets], axis=1)
    count, kinds = sizes.shape
    starts = np.zeros(sizes.size + 1, dtype=np.intp)
    np.cumsum(sizes.ravel(), out=starts[1:])
    bounds = np.empty((count, kinds + 1), dtype=np.intp)
    bounds[:, :kinds] = starts[:-1].reshape(count, kinds)
    bounds[:, kinds] = starts[kinds::kinds]
    out = np.empty(starts[-1], dtype=np.uint32)
    for kind, held in enumerate(sets):
        shift = np.repeat(bounds[:, kind] - held.cuts[:-1], sizes[:, kind])
        out[np.arange(len(held.hashes)) + shift] = held.hashes
    return out, bounds


def fingerprints(texts: Sequence[str], settings: ClusterSettings | None = None) -> Fingerprints:
    """``fingerprint`` of each text, computed a batch of texts at a time."""
    settings = settings or _DEFAULTS
    parts = [_batch(texts[first : first + _BATCH], settings) for first in range(0, len(texts), _BATCH)]
    return Fingerprints.concatenate(parts or [_batch([], settings)])


def fingerprint(text: str, settings: ClusterSettings | None = None) -> Fingerprint:
    """Word, pair and anchor shingle hashes of a cleaned text, their MinHash signatures and their
    LSH band keys."""
    return fingerprints([text], settings)[0]


def _batch(texts: Sequence[str], settings: ClusterSettings) -> Fingerprints:
    count = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=count)
    breaks = np.zeros(count, dtype=np.intp)
    np.cumsum(lengths[:-1] + 1, out=breaks[1:])
    words = _words("\n".join(texts), breaks)  # a newline joins no two words
    hashes = words.hashes
    text_of = np.searchsorted(breaks, words.starts, side="right") - 1
    word_sets = _distinct_sets(*_windows(hashes, text_of, settings.word_shingle, "words", count), count)
    pair_sets = _distinct_sets(*_windows(hashes, text_of, 2, "pairs", count), count)
    # anchors: words not starting lower case, without the stop words, and the words of each quotation
    is_anchor = ~words.lower_first
    is_anchor[is_anchor] = ~_member(hashes[is_anchor], _not_anchor_hashes())  # a sixth of the words
    size = settings.anchor_shingle
    anchor_texts, anchor_hashes = _windows(hashes[is_anchor], text_of[is_anchor], size, "anchors", count)
    texts_parts, hash_parts = [anchor_texts], [anchor_hashes]
    runs = _combine(hashes, size, "anchors") if words.quoted and len(hashes) >= size else hashes[:0]
    for first, end in words.quoted:
        if end - first >= size:
            hash_parts.append(runs[first : end - size + 1])
        elif end > first:
            hash_parts.append(_combine(hashes[first:end], end - first, "anchors"))
        else:
            continue
        texts_parts.append(np.full(len(hash_parts[-1]), text_of[first], dtype=np.intp))
    anchor_sets = _distinct_sets(np.concatenate(texts_parts), np.concatenate(hash_parts), count)
    word_signatures = _signatures(word_sets, settings.word_lsh[0] * settings.word_lsh[1])
    pair_signatures = _signatures(pair_sets, settings.pair_lsh[0] * settings.pair_lsh[1])
    keys = np.concatenate(
        (
            _band_keys(word_signatures, settings.word_lsh, "words"),
            _band_keys(pair_signatures, settings.pair_lsh, "pairs"),
        ),
        axis=1,
    )
    # no band keys for an empty set (its signature is all maximum values)
    held = np.repeat(
        np.stack((np.diff(word_sets.cuts) > 0, np.diff(pair_sets.cuts) > 0), axis=1),
        (settings.word_lsh[0], settings.pair_lsh[0]),
        axis=1,
    )
    band_cuts = np.zeros(count + 1, dtype=np.intp)
    np.cumsum(held.sum(axis=1), out=band_cuts[1:])
    sampled = [_sampled_sets(sets, settings.sample_target) for sets in (word_sets, pair_sets, anchor_sets)]
    all_hashes, bounds = _interleave((word_sets, pair_sets, anchor_sets))
    sample_hashes, sample_bounds = _interleave([sets for sets, _ in sampled])
    return Fingerprints(
        all_hashes,
        bounds,
        word_signatures,
        pair_signatures,
        keys[held],
        band_cuts,
        sample_hashes,
        sample_bounds,
        np.stack([levels for _, levels in sampled], axis=1),
        settings.word_lsh[0],
    )
