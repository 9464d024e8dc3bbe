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

LSH buckets are a hash table of numpy arrays from a band's 64-bit key to the articles in it: the
buckets ``datasketch.MinHashLSH`` keeps for the same signatures, bands and rows, at a fraction of
its time and memory, looked up and filled a batch of articles at a time (see ``_Buckets``); a
batch gives the same stories as its articles added one at a time.  Per article the index keeps
only a consistent sample of the hash sets (hashes whose low bits are zero, about
``sample_target`` of each), or nothing when a ``text_of`` callback can give back the text.  A new article joins the best confirmed candidate;
clusters are the connected components; the original is the earliest published article (input order
breaks ties), and the story id is derived from it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from backchannel.merge.fingerprints import (
    ClusterSettings,
    Fingerprints,
    Hashes,
    Sample,
    _member,
    fingerprints,
)
from backchannel.model import content_id


def _ranges(starts: NDArray[np.int64], lengths: NDArray[np.int64]) -> NDArray[np.int64]:
    """``starts[i], ..., starts[i] + lengths[i] - 1`` for each ``i``, in one array."""
    ends = np.cumsum(lengths)
    ranges: NDArray[np.int64] = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(
        starts - ends + lengths, lengths
    )
    return ranges


def _room(array: NDArray[Any], needed: int) -> NDArray[Any]:
    """``array``, or a copy twice as long (or more) when it is shorter than ``needed``."""
    if needed <= len(array):
        return array
    grown = np.zeros((max(needed, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


class _Rows:
    """Fixed-width rows of 32-bit values by serial, in one array that doubles as it fills."""

    def __init__(self, width: int) -> None:
        self._rows = np.empty((1024, width), dtype=np.uint32)
        self._count = 0

    def extend(self, rows: Hashes) -> None:
        self._rows = _room(self._rows, self._count + len(rows))
        self._rows[self._count : self._count + len(rows)] = rows
        self._count += len(rows)

    def agreement(self, first: NDArray[np.intp], second: NDArray[np.intp]) -> NDArray[np.intp]:
        """How many values of row ``first[i]`` equal those of row ``second[i]``, for each ``i``."""
        counts: NDArray[np.intp] = (self._rows[first] == self._rows[second]).sum(axis=1)
        return counts


def _part(sample: Sample, which: int) -> tuple[Hashes, int]:
    starts = (0, *sample.bounds, len(sample.hashes))
    return sample.hashes[starts[which] : starts[which + 1]], sample.levels[which]


_RECIPROCALS = 1.0 / np.maximum(np.arange(1 << 16), 1)  # of every 16-bit count (1 for 0)


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
        slots = (hashes >> self._shift).astype(np.intp)  # take, then [] =: a third faster than put
        counts: NDArray[np.uint16] = self._counts.take(slots)
        np.minimum(counts, np.uint16(0xFFFE), out=counts)
        counts += np.uint16(1)
        self._counts[slots] = counts
        return counts

    def weights(self, hashes: Hashes) -> NDArray[np.float64]:
        """1 / document frequency (at least 1)."""
        return self.inverse(self._counts.take(hashes >> self._shift))

    @staticmethod
    def inverse(counts: NDArray[np.uint16]) -> NDArray[np.float64]:
        """Weights from counters: 1 / the count (looked up: half the time of dividing)."""
        return _RECIPROCALS.take(counts)


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


class _Verdict(NamedTuple):
    """The judge's yes: the weighted Jaccard of the word shingles and of the word pairs (None when
    not needed to decide: the best of several is the highest sum), and the reason."""

    words: float
    pairs: float | None
    reason: str


_FEW = 64  # keys left after rounds of array operations that are cheaper to finish one by one


class _Buckets:
    """LSH buckets: band key -> the articles whose signatures agree on that band, queried and
    filled a batch of keys at a time with array operations only.

    The keys are in an open-addressing table (linear probing, at most half full); a slot holds
    the bucket's one article, or ``-1 - b`` for a bucket of several, block ``b`` of a pool of
    serials (a block doubles, moving to the pool's end, when it is full).  ``datasketch.MinHashLSH``
    keeps the same buckets as a dict of sets keyed by the band's bytes: at a million articles that
    cost about 7 GB and, with its per-band byte swapping and hashing, 40% of the index's time.  A
    Python dict of 64-bit keys took a fifth of that time, mostly waiting for memory one key at a
    time, and a Python step per shared bucket; looked up a batch at a time, the lookups overlap
    (``bench/merge.py``).  Key 0 marks an empty slot and is read as key 1."""

    def __init__(self, bits: int = 12) -> None:
        self._keys = np.zeros(1 << bits, dtype=np.uint64)
        self._held = np.zeros(1 << bits, dtype=np.int64)
        self._shift = np.uint64(64 - bits)
        self._count = 0
        self._start = np.zeros(1024, dtype=np.int64)  # block b: pool[start[b] : start[b] + size[b]]
        self._size = np.zeros(1024, dtype=np.int64)
        self._capacity = np.zeros(1024, dtype=np.int64)
        self._blocks = 0
        self._pool = np.zeros(4096, dtype=np.int64)
        self._pool_end = 0

    def _probe(self, keys: NDArray[np.uint64]) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
        """Each key's slot (or the first empty slot on its way) and whether it is there."""
        slots = (keys >> self._shift).astype(np.intp)
        last = len(self._keys) - 1
        todo = np.arange(len(keys))
        while len(todo) > _FEW:  # a round settles about half of the keys left
            at = slots[todo]
            there = self._keys[at]
            on = (there != keys[todo]) & (there != 0)
            todo = todo[on]
            slots[todo] = (at[on] + 1) & last
        table = self._keys
        for i, key in zip(todo.tolist(), keys[todo].tolist(), strict=True):
            slot = int(slots[i])
            while (other := int(table[slot])) != key and other:
                slot = (slot + 1) & last
            slots[i] = slot
        found: NDArray[np.bool_] = self._keys[slots] != 0
        return slots, found

    def _place(self, keys: NDArray[np.uint64], held: NDArray[np.int64]) -> None:
        """Put keys that are not in the table (distinct) in it, each on the first empty slot of
        its probe sequence (when two reach one empty slot at once, one of them takes it)."""
        slots = (keys >> self._shift).astype(np.intp)
        last = len(self._keys) - 1
        todo = np.arange(len(keys))
        while len(todo) > _FEW:
            at = slots[todo]
            empty = self._keys[at] == 0
            free, going = at[empty], todo[empty]
            self._keys[free] = keys[going]
            took = self._keys[free] == keys[going]
            self._held[free[took]] = held[going[took]]
            placed = np.zeros(len(keys), dtype=np.bool_)
            placed[going[took]] = True
            todo = todo[~placed[todo]]
            slots[todo] = (slots[todo] + 1) & last
        table = self._keys
        for i in todo.tolist():
            slot = int(slots[i])
            while table[slot]:
                slot = (slot + 1) & last
            table[slot], self._held[slot] = keys[i], held[i]
        self._count += len(keys)

    def _grow(self, needed: int) -> None:
        size = len(self._keys)
        while 2 * (self._count + needed) > size:
            size *= 2
        if size == len(self._keys):
            return
        used = self._keys != 0
        keys, held = self._keys[used], self._held[used]
        self._keys, self._held = np.zeros(size, dtype=np.uint64), np.zeros(size, dtype=np.int64)
        self._shift = np.uint64(64 - (size.bit_length() - 1))
        self._count = 0
        self._place(keys, held)

    def _allocate(self, blocks: NDArray[np.int64], sizes: NDArray[np.int64]) -> None:
        """New room at the pool's end for ``blocks``: twice ``sizes`` serials each (at least 4)."""
        capacity = np.maximum(2 * sizes, 4)
        ends = np.cumsum(capacity)
        self._start[blocks], self._capacity[blocks] = self._pool_end + ends - capacity, capacity
        self._pool_end += int(ends[-1]) if len(ends) else 0
        self._pool = _room(self._pool, self._pool_end)

    def _new_blocks(self, sizes: NDArray[np.int64]) -> NDArray[np.int64]:
        """Ids of new empty blocks with room for ``sizes`` serials each."""
        ids = np.arange(self._blocks, self._blocks + len(sizes))
        self._blocks += len(sizes)
        self._start, self._size, self._capacity = (
            _room(a, self._blocks) for a in (self._start, self._size, self._capacity)
        )
        self._allocate(ids, sizes)
        self._size[ids] = 0
        return ids

    def _extend(
        self, blocks: NDArray[np.int64], counts: NDArray[np.int64], serials: NDArray[np.int64]
    ) -> None:
        """Append ``serials`` to ``blocks`` (distinct): the first ``counts[0]`` to ``blocks[0]``, and so on;
        a block without room for them moves to the pool's end with twice the room."""
        full = self._size[blocks] + counts > self._capacity[blocks]
        if full.any():
            moving, sizes = blocks[full], self._size[blocks[full]]
            was = self._start[moving]
            self._allocate(moving, sizes + counts[full])
            self._pool[_ranges(self._start[moving], sizes)] = self._pool[_ranges(was, sizes)]
        self._pool[_ranges(self._start[blocks] + self._size[blocks], counts)] = serials
        self._size[blocks] += counts

    def query_insert(
        self, keys: NDArray[np.uint64], owners: NDArray[np.intp]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Pairs ``(i, earlier)``: key ``i``'s article ``owners[i]`` shares that key's bucket with
        the article ``earlier`` (already in the bucket, or an earlier owner of the same key in this
        batch); then every owner joins its keys' buckets.  ``owners``: serials, in order."""
        groups = _Groups.of(keys, owners)
        self._grow(len(groups.starts))
        slots, found = self._probe(groups.keys[groups.starts])
        held = self._held[slots]  # for a key not found: its empty slot's 0
        met = self._met(groups, found, held)
        self._join(groups, slots, found, held)
        return met

    def _met(
        self, groups: _Groups, found: NDArray[np.bool_], held: NDArray[np.int64]
    ) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """The pairs ``query_insert`` gives: earlier owners of a key in the batch, the article of a
        bucket of one, the articles of a bucket of several."""
        order, owners, group = groups.order, groups.owners, groups.group
        rank = np.arange(len(order)) - groups.starts[group]
        firsts, earlier = [], []
        for back in range(1, int(groups.counts.max(initial=1))):
            later = np.flatnonzero(rank >= back)
            firsts.append(order[later])
            earlier.append(owners[later - back])
        of_one = np.flatnonzero((found & (held >= 0))[group])
        firsts.append(order[of_one])
        earlier.append(held[group[of_one]])
        of_block = np.flatnonzero((found & (held < 0))[group])
        blocks = -1 - held[group[of_block]]
        sizes = self._size[blocks]
        firsts.append(np.repeat(order[of_block], sizes))
        earlier.append(self._pool[_ranges(self._start[blocks], sizes)])
        return np.concatenate(firsts), np.concatenate(earlier)

    def _join(
        self, groups: _Groups, slots: NDArray[np.intp], found: NDArray[np.bool_], held: NDArray[np.int64]
    ) -> None:
        """The owners join their keys' buckets: a new bucket of one, new buckets of several and
        buckets of one that found company (a block each), and blocks that grow."""
        counts = groups.counts
        alone, blocked = found & (held >= 0), found & (held < 0)
        block = -1 - held
        single = ~found & (counts == 1)
        values = np.where(single, groups.owners[groups.starts], 0)
        becoming = np.flatnonzero(~single & ~blocked)
        if len(becoming):
            new = self._new_blocks(counts[becoming] + alone[becoming])
            was_one = alone[becoming]
            ones = np.ones(int(was_one.sum()), dtype=np.int64)
            self._extend(new[was_one], ones, held[becoming[was_one]])  # the article already there
            self._held[slots[becoming[was_one]]] = -1 - new[was_one]
            values[becoming] = -1 - new
            block[becoming] = new
        several = ~single
        self._extend(block[several], counts[several], groups.owners[several[groups.group]])
        self._place(groups.keys[groups.starts][~found], values[~found])


class _Groups(NamedTuple):
    """A batch's band keys sorted by key, then owner (an owner's repeated key once), in groups of
    one key."""

    order: NDArray[np.intp]  # where each sorted key was in the batch
    keys: NDArray[np.uint64]  # sorted
    owners: NDArray[np.int64]  # of the sorted keys
    starts: NDArray[np.intp]  # where each group starts
    group: NDArray[np.intp]  # each sorted key's group
    counts: NDArray[np.intp]  # keys in each group

    @classmethod
    def of(cls, keys: NDArray[np.uint64], owners: NDArray[np.intp]) -> _Groups:
        keys = np.maximum(keys, np.uint64(1))  # 0 marks an empty slot
        order = np.argsort(keys)
        tied = keys[order][1:] == keys[order][:-1]
        if tied.any():  # by key, then owner (a stable sort takes four times as long)
            ranks = np.empty(len(keys), dtype=np.intp)
            ranks[order] = np.cumsum(np.append(False, ~tied))
            order = np.argsort(ranks * len(keys) + np.arange(len(keys)))
        sorted_keys, sorted_owners = keys[order], owners[order].astype(np.int64)
        twice = (sorted_keys[1:] == sorted_keys[:-1]) & (sorted_owners[1:] == sorted_owners[:-1])
        if twice.any():  # an article's key twice: once is enough
            once = np.append(True, ~twice)
            order, sorted_keys, sorted_owners = order[once], sorted_keys[once], sorted_owners[once]
        opens = np.ones(len(order), dtype=np.bool_)
        opens[1:] = sorted_keys[1:] != sorted_keys[:-1]
        starts = np.flatnonzero(opens)
        counts = np.diff(np.append(starts, len(order)))
        return cls(order, sorted_keys, sorted_owners, starts, np.cumsum(opens) - 1, counts)


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
        if article_id not in self._serial:
            self.add_batch([article_id], fingerprints([text], self.settings), [published])
        return self.story_of(article_id)

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

    def add_batch(
        self, article_ids: Sequence[str], prints: Fingerprints, published: Sequence[str | None] | None = None
    ) -> None:
        """``add`` for each article of a batch of fingerprints (``fingerprints()``, e.g. computed in
        worker processes), in order, without computing each one's story id: the same stories as
        adding them one at a time.  An id already indexed, or earlier in the batch, is skipped."""
        if len(article_ids) != len(prints) or (published is not None and len(published) != len(prints)):
            raise ValueError(f"{len(article_ids)} article ids for {len(prints)} fingerprints")
        dates = [None] * len(prints) if published is None else published
        first, fresh = len(self._ids), list[int]()
        for i, article_id in enumerate(article_ids):
            if article_id not in self._serial:
                self._serial[article_id] = first + len(fresh)
                self._ids.append(article_id)
                fresh.append(i)
        if not fresh:
            return
        added = range(first, first + len(fresh))
        self._order.extend(zip([dates[i] or "9999-12-31" for i in fresh], added, strict=True))
        self._parent.extend(added)
        self._members.update((serial, [serial]) for serial in added)
        serials = np.full(len(prints), -1, dtype=np.intp)
        serials[fresh] = added
        self._pair_signatures.extend(prints.pair_signatures[fresh])
        candidates = self._candidates(prints, serials)
        for serial, (full, sample) in zip(serials.tolist(), prints.samples(), strict=True):
            if serial >= 0:
                self._insert(serial, full, sample, candidates.get(serial, []))

    def _candidates(self, prints: Fingerprints, serials: NDArray[np.intp]) -> dict[int, list[int]]:
        """Serial -> the earlier articles it is to be judged against: those it shares a word band
        with, and those it shares only a pair band with whose pair signatures agree further."""
        keys, owners, words = prints.bands()
        keep = serials[owners] >= 0
        keys, owners, words = keys[keep], serials[owners[keep]], words[keep]
        at, earlier = self._buckets.query_insert(keys, owners)
        pairs = (owners[at].astype(np.int64) << 32) | earlier
        by_word = np.unique(pairs[words[at]])
        by_pair = np.unique(pairs[~words[at]])
        by_pair = by_pair[~_member(by_pair, by_word)]
        if len(by_pair):  # met in a pair band only: judged when more of the pair signature agrees
            agreed = self._pair_signatures.agreement(by_pair >> 32, by_pair & 0xFFFFFFFF)
            by_pair = by_pair[agreed >= self.settings.pair_band_agreement]
        judged = np.union1d(by_word, by_pair)
        out: dict[int, list[int]] = {}
        for new, old in zip((judged >> 32).tolist(), (judged & 0xFFFFFFFF).tolist(), strict=True):
            out.setdefault(new, []).append(old)
        return out

    def _insert(self, serial: int, full: Sample, sample: Sample, candidates: list[int]) -> None:
        """Count the article's hashes and join it to the best of its candidates (ascending) that
        the judge confirms."""
        counts = self._df.add(full.hashes)
        # join the single best confirmed match, not every one: a copy of one templated readout is
        # also close to its siblings, and joining all of them chains the siblings together
        if candidates:
            new = _NewArticle(full, _DocumentFrequency.inverse(counts))
            self.judged += len(candidates)
            confirmed: list[tuple[_Verdict, int, Sample]] = []
            for other in candidates:
                old = self._sample_of(other)
                verdict = self._judge(new, old)
                if verdict is not None:
                    confirmed.append((verdict, other, old))
            if confirmed:
                best, other = self._best(new, confirmed)
                article_id = self._ids[serial]
                self._links.append((article_id, self._ids[other], best.reason))
                self._link_of[article_id] = (self._ids[other], best.reason)
                self._union(other, serial)
        self._samples.append(None if self._text_of else sample)

    def _best(self, new: _NewArticle, confirmed: list[tuple[_Verdict, int, Sample]]) -> tuple[_Verdict, int]:
        """The confirmed candidate most alike (words and pairs Jaccard), the first of equals; the
        pairs' Jaccard is only worked out when there is a choice to make."""
        if len(confirmed) == 1:
            return confirmed[0][0], confirmed[0][1]
        best: tuple[float, _Verdict, int] | None = None
        for verdict, other, old in confirmed:
            pairs = verdict.pairs if verdict.pairs is not None else self._overlap(new, old, 1).jaccard
            if best is None or verdict.words + pairs > best[0]:
                best = (verdict.words + pairs, verdict, other)
        assert best is not None
        return best[1], best[2]

    def _sample_of(self, serial: int) -> Sample:
        stored = self._samples[serial]
        if stored is not None:
            return stored
        if self._text_of is None:
            raise KeyError(self._ids[serial])
        full, _ = next(fingerprints([self._text_of(self._ids[serial])], self.settings).samples())
        return full

    def _overlap(self, new: _NewArticle, old: Sample, which: int) -> _Overlap:
        b, level = _part(old, which)
        a, weights_a, weight_a = new.part(which, level)
        if not len(a) or not len(b):
            return _Overlap(0.0, 0.0, 0)
        shared = float(weights_a[_member(a, b)].sum())
        weight_b = float(self._df.weights(b).sum())
        smaller = min(len(a), len(b)) << level
        return _Overlap(shared / min(weight_a, weight_b), shared / (weight_a + weight_b - shared), smaller)

    def _judge(self, new: _NewArticle, old: Sample) -> _Verdict | None:
        """How alike and why, when two articles are one story; else None."""
        settings = self.settings
        words = self._overlap(new, old, 0)
        if words.containment < settings.rewrite_word_containment:
            return None
        if words.containment >= settings.word_containment:
            reason = f"word shingles {words.containment:.2f} contained (weighted by rarity)"
            return _Verdict(words.jaccard, None, reason)
        pairs = self._overlap(new, old, 1)
        if pairs.containment < settings.pair_containment:
            return None
        anchors = self._overlap(new, old, 2)
        if anchors.smaller < settings.min_anchor_shingles:  # too few anchors to say: pairs must
            anchors_agree = pairs.containment >= settings.pair_containment_alone
        else:
            anchors_agree = anchors.containment >= settings.anchor_containment
        if not anchors_agree:
            return None
        reason = (
            f"a rewrite: word pairs {pairs.containment:.2f}, names, numbers, quotations in order "
            f"{anchors.containment:.2f} and word shingles {words.containment:.2f} contained (weighted by rarity)"
        )
        return _Verdict(words.jaccard, pairs.jaccard, reason)

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
