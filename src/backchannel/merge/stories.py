"""Story clusters: copies, excerpts and rewrites of one article get one ``story_id``.

Candidates come from MinHash LSH over two of the fingerprints of the cleaned text
(``fingerprints.py``); a check over the fingerprint hash sets confirms each candidate pair:

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
frequencies live in a fixed array of hashed counters, so memory does not grow with the vocabulary.

LSH buckets are one dict from a band's 64-bit key to the articles in it: the buckets
``datasketch.MinHashLSH`` keeps for the same signatures, bands and rows, at a fraction of its time
and memory (see ``_Buckets``).  Per article the index keeps only a consistent sample of the hash
sets (hashes whose low bits are zero, about ``sample_target`` of each), or nothing when a
``text_of`` callback can give back the text.  A new article joins the best confirmed candidate;
clusters are the connected components; the original is the earliest published article (input order
breaks ties), and the story id is derived from it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from backchannel.merge.fingerprints import (
    ClusterSettings,
    Fingerprint,
    Fingerprints,
    Hashes,
    IndexRow,
    Sample,
    _member,
    fingerprint,
    fingerprints,
    split_band_keys,
)
from backchannel.model import content_id


def _full(prints: Fingerprint) -> Sample:
    return Sample(
        np.concatenate((prints.words, prints.pairs, prints.anchors)),
        (len(prints.words), len(prints.words) + len(prints.pairs)),
        (0, 0, 0),
    )


def _row(prints: Fingerprint, word_bands: int) -> IndexRow:
    keys = split_band_keys(prints.band_keys.tolist(), word_bands if len(prints.words) else 0)
    return IndexRow(_full(prints), *keys, prints.pair_signature, prints.sample)


class _Rows:
    """Fixed-width rows of 32-bit values by serial, in one array that doubles as it fills."""

    def __init__(self, width: int) -> None:
        self._rows = np.empty((1024, width), dtype=np.uint32)
        self._count = 0

    def append(self, row: Hashes) -> None:
        if self._count == len(self._rows):
            grown = np.empty((2 * len(self._rows), self._rows.shape[1]), dtype=np.uint32)
            grown[: self._count] = self._rows
            self._rows = grown
        self._rows[self._count] = row
        self._count += 1

    def agreement(self, serials: list[int], row: Hashes) -> list[int]:
        """How many values of each of ``serials``' rows equal ``row``'s."""
        counts: list[int] = (self._rows[serials] == row).sum(axis=1).tolist()
        return counts


def _part(sample: Sample, which: int) -> tuple[Hashes, int]:
    starts = (0, *sample.bounds, len(sample.hashes))
    return sample.hashes[starts[which] : starts[which + 1]], sample.levels[which]


class _DocumentFrequency:
    """How many indexed articles hold a hash: one row of ``2**(bits + 1)`` saturating counters
    indexed by the hash's high bits (the index samples hashes by their low bits).  One row, not a
    count-min sketch's two of half the size: the same memory, half the memory accesses per article
    (the index's largest cost), and about as accurate here (``tools/stories_check.py``)."""

    def __init__(self, bits: int) -> None:
        self._shift = np.uint32(32 - (bits + 1))
        self._counts = np.zeros(2 << bits, dtype=np.uint16)

    def add(self, hashes: Hashes) -> NDArray[np.uint16]:
        """Count an article's distinct hashes; returns their counters after (``inverse`` makes
        weights of them)."""
        slots = hashes >> self._shift
        counts: NDArray[np.uint16] = self._counts.take(slots)  # take/put: ~10% faster than [] here
        np.minimum(counts, np.uint16(0xFFFE), out=counts)
        counts += np.uint16(1)
        self._counts.put(slots, counts)
        return counts

    def weights(self, hashes: Hashes) -> NDArray[np.float64]:
        """1 / document frequency (at least 1)."""
        return self.inverse(self._counts.take(hashes >> self._shift))

    @staticmethod
    def inverse(counts: NDArray[np.uint16]) -> NDArray[np.float64]:
        """Weights from counters: 1 / the count."""
        weights: NDArray[np.float64] = 1.0 / np.maximum(counts, 1)
        return weights


class _NewArticle:
    """The article being added, as the judge compares it: its whole hash sets (level 0) with their
    rarity weights, each part sampled at a candidate's level once however many candidates ask."""

    __slots__ = ("_parts", "_starts", "full", "weights")

    def __init__(self, full: Sample, weights: NDArray[np.float64]) -> None:
        self.full, self.weights = full, weights
        self._starts = (0, *full.bounds, len(full.hashes))
        self._parts: dict[tuple[int, int], tuple[Hashes, NDArray[np.float64], float]] = {}

    def part(self, which: int, level: int) -> tuple[Hashes, NDArray[np.float64], float]:
        """Part ``which``'s hashes whose low ``level`` bits are zero, their weights, their sum."""
        got = self._parts.get((which, level))
        if got is None:
            first, end = self._starts[which], self._starts[which + 1]
            hashes, weights = self.full.hashes[first:end], self.weights[first:end]
            if level:
                keep = (hashes & np.uint32((1 << level) - 1)) == 0
                hashes, weights = hashes[keep], weights[keep]
            got = self._parts[(which, level)] = (hashes, weights, float(weights.sum()))
        return got


class _Overlap(NamedTuple):
    containment: float  # rarity-weighted share of the lighter set found in the other
    jaccard: float  # rarity-weighted Jaccard
    smaller: int  # hashes compared in the lighter set


class _Buckets:
    """LSH buckets: band key -> the articles whose signatures agree on that band (one serial, or a
    list when several do).  ``datasketch.MinHashLSH`` keeps the same buckets as a dict of sets keyed
    by the band's bytes; at a million articles that costs about 7 GB and, with its per-band
    byte swapping and hashing, 40% of the index's time, where one flat dict of 64-bit keys to
    serials costs a third of the memory and a fifth of the time (``bench/merge.py``)."""

    def __init__(self) -> None:
        self._table: dict[int, int | list[int]] = {}

    def query_insert(self, keys: list[int], serial: int) -> set[int]:
        """The articles sharing a bucket with ``keys``; then ``serial`` joins those buckets."""
        found: set[int] = set()
        table = self._table
        setdefault = table.setdefault
        for key in keys:
            held = setdefault(key, serial)  # most keys are new: one dict operation
            if isinstance(held, list):
                if held[-1] != serial:
                    found.update(held)
                    held.append(serial)
            elif held != serial:
                found.add(held)
                table[key] = [held, serial]
        return found


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
        self._buckets = _Buckets()
        self._df = _DocumentFrequency(self.settings.df_bits)
        self._pair_signatures = _Rows(self.settings.pair_lsh[0] * self.settings.pair_lsh[1])
        self.judged = 0  # candidate pairs judged so far (the index's main cost after counting)
        self._ids: list[str] = []
        self._serial: dict[str, int] = {}
        self._order: list[tuple[str, int]] = []  # (published, serial)
        self._parent: list[int] = []
        self._members: dict[int, list[int]] = {}  # root -> serials of its story
        self._samples: list[Sample | None] = []
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
        """``add`` for each ``(article_id, text, published)`` in order (fingerprinted in batches)."""
        rows = iter(items)
        while batch := list(itertools.islice(rows, 256)):
            fresh: dict[str, tuple[str, str | None]] = {}
            for article_id, text, published in batch:
                if article_id not in self._serial:
                    fresh.setdefault(article_id, (text, published))
            prints = fingerprints([text for text, _ in fresh.values()], self.settings)
            self.add_batch(list(fresh), prints, [published for _, published in fresh.values()])

    def add_fingerprint(self, article_id: str, prints: Fingerprint, published: str | None = None) -> str:
        """``add`` with the fingerprint already computed (e.g. in worker processes)."""
        if article_id not in self._serial:
            self._insert(article_id, _row(prints, self.settings.word_lsh[0]), published)
        return self.story_of(article_id)

    def add_batch(
        self, article_ids: Sequence[str], prints: Fingerprints, published: Sequence[str | None] | None = None
    ) -> None:
        """``add_fingerprint`` for each article of a batch of fingerprints (``fingerprints()``, e.g.
        computed in worker processes), in order, without computing each one's story id."""
        if len(article_ids) != len(prints) or (published is not None and len(published) != len(prints)):
            raise ValueError(f"{len(article_ids)} article ids for {len(prints)} fingerprints")
        dates = [None] * len(prints) if published is None else published
        for article_id, day, row in zip(article_ids, dates, prints.index_rows(), strict=True):
            if article_id not in self._serial:
                self._insert(article_id, row, day)

    def _insert(self, article_id: str, row: IndexRow, published: str | None) -> None:
        serial = len(self._ids)
        self._ids.append(article_id)
        self._serial[article_id] = serial
        self._order.append((published or "9999-12-31", serial))
        self._parent.append(serial)
        self._members[serial] = [serial]
        full = row.full
        counts = self._df.add(full.hashes)
        candidates = self._buckets.query_insert(row.word_keys, serial)
        paired = sorted(self._buckets.query_insert(row.pair_keys, serial) - candidates)
        if paired:  # met in a pair band only: judged when more of the pair signature agrees
            least = self.settings.pair_band_agreement
            agreed = self._pair_signatures.agreement(paired, row.pair_signature)
            candidates.update(other for other, n in zip(paired, agreed, strict=True) if n >= least)
        self._pair_signatures.append(row.pair_signature)
        # join the single best confirmed match, not every one: a copy of one templated readout is
        # also close to its siblings, and joining all of them chains the siblings together
        best: tuple[float, int, str] | None = None
        if candidates:
            new = _NewArticle(full, _DocumentFrequency.inverse(counts))
            self.judged += len(candidates)
            for other in sorted(candidates):
                judged = self._judge(new, self._sample_of(other))
                if judged is not None and (best is None or judged[0] > best[0]):
                    best = (judged[0], other, judged[1])
        if best is not None:
            self._links.append((article_id, self._ids[best[1]], best[2]))
            self._link_of[article_id] = (self._ids[best[1]], best[2])
            self._union(best[1], serial)
        self._samples.append(None if self._text_of else row.sample)

    def _sample_of(self, serial: int) -> Sample:
        stored = self._samples[serial]
        if stored is not None:
            return stored
        if self._text_of is None:
            raise KeyError(self._ids[serial])
        return _full(fingerprint(self._text_of(self._ids[serial]), self.settings))

    def _overlap(self, new: _NewArticle, old: Sample, which: int) -> _Overlap:
        b, level = _part(old, which)
        a, weights_a, weight_a = new.part(which, level)
        if not len(a) or not len(b):
            return _Overlap(0.0, 0.0, 0)
        shared = float(weights_a[_member(a, b)].sum())
        weight_b = float(self._df.weights(b).sum())
        smaller = min(len(a), len(b)) << level
        return _Overlap(shared / min(weight_a, weight_b), shared / (weight_a + weight_b - shared), smaller)

    def _judge(self, new: _NewArticle, old: Sample) -> tuple[float, str] | None:
        """(how alike, why) when two articles are one story, else None."""
        settings = self.settings
        words = self._overlap(new, old, 0)
        if words.containment < settings.rewrite_word_containment:
            return None
        pairs = self._overlap(new, old, 1)
        score = words.jaccard + pairs.jaccard
        if words.containment >= settings.word_containment:
            return score, f"word shingles {words.containment:.2f} contained (weighted by rarity)"
        if pairs.containment < settings.pair_containment:
            return None
        anchors = self._overlap(new, old, 2)
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
