"""Story clusters: copies, excerpts and rewrites of one article get one ``story_id``.

Candidates come from MinHash LSH (datasketch) over two fingerprints of the cleaned text; a precise
check over the exact fingerprint sets confirms each candidate pair:

* **word shingles** (five words in a row, lower case): verbatim copies, syndication with added
  furniture, truncation and excerpts share most of them;
* **anchor shingles** (three in a row of the words a rewrite keeps: capitalised names, numbers,
  the words of quotations, in order): a content farm that swaps every third word for a synonym
  keeps the names, the figures and the sentence order;
* **word pairs**: a rewrite keeps most pairs of adjacent words, where two readouts written from one
  template ("X discussed Y with Z") share the names but fewer of the pairs.

Two articles are one story when the shorter one's word shingles are mostly contained in the longer
one (``containment``), or when its word pairs and its anchor shingles both are.  Containment, not Jaccard, so that a truncated copy or
an excerpt still matches its original.  Clusters are the connected components; the original is the
earliest published article (input order breaks ties), and the story id is derived from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from datasketch import MinHash, MinHashLSH

from backchannel.model import content_id

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{10,400})[”\"»]")


@dataclass(frozen=True, slots=True)
class ClusterSettings:
    """One options object for clustering; the defaults are measured in ``tests/test_stories.py``."""

    num_perm: int = 64
    lsh_threshold: float = 0.3  # Jaccard at which LSH proposes a candidate pair
    word_containment: float = 0.6  # share of the shorter text's word shingles found in the other
    pair_containment: float = 0.65  # a rewrite: word pairs mostly shared ...
    anchor_containment: float = 0.5  # ... and names, numbers and quotations in the same order
    min_anchor_shingles: int = 8  # fewer anchors than this say too little to match on
    word_shingle: int = 5
    anchor_shingle: int = 3


@dataclass(slots=True)
class Fingerprint:
    """The shingle sets of one article."""

    words: set[str]
    pairs: set[str]
    anchors: set[str]


def fingerprint(text: str, settings: ClusterSettings | None = None) -> Fingerprint:
    """Word and anchor shingles of a cleaned text."""
    settings = settings or ClusterSettings()
    words = [w.lower() for w in _WORD.findall(text)]
    return Fingerprint(
        _shingles(words, settings.word_shingle),
        _shingles(words, 2),
        _shingles(_anchors(text), settings.anchor_shingle),
    )


def _anchors(text: str) -> list[str]:
    """The words a rewrite keeps, in order: names (capitalised, not opening a sentence), numbers,
    and every word inside quotation marks."""
    quoted = [(m.start(1), m.end(1)) for m in _QUOTED.finditer(text)]
    out: list[str] = []
    for m in _WORD.finditer(text):
        word = m.group(0)
        before = text[max(0, m.start() - 4) : m.start()].rstrip(" \t“\"'(«")
        opens_sentence = not before or before[-1] in ".!?\n:"
        inside = any(s <= m.start() < e for s, e in quoted)
        if inside or word[0].isdigit() or (word[0].isupper() and not opens_sentence):
            out.append(word.lower())
    return out


def _shingles(tokens: Sequence[str], size: int) -> set[str]:
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def containment(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / min(|a|, |b|): 1.0 when the smaller set lies inside the larger."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for s in small if s in large) / len(small)


@dataclass(slots=True)
class StoryIndex:
    """Articles added one by one; ``story_of`` gives each one's story id.  Adding is incremental:
    a new article joins the story of any earlier article it copies."""

    settings: ClusterSettings = field(default_factory=ClusterSettings)
    text_of: Callable[[str], str] | None = None
    _lsh_words: MinHashLSH = field(init=False)
    _lsh_anchors: MinHashLSH = field(init=False)
    _prints: dict[str, Fingerprint] = field(default_factory=dict, init=False)
    _order: dict[str, tuple[str, int]] = field(default_factory=dict, init=False)  # id -> (published, n)
    _parent: dict[str, str] = field(default_factory=dict, init=False)
    reasons: dict[tuple[str, str], str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._lsh_words = MinHashLSH(threshold=self.settings.lsh_threshold, num_perm=self.settings.num_perm)
        self._lsh_anchors = MinHashLSH(threshold=self.settings.lsh_threshold, num_perm=self.settings.num_perm)

    def add(self, article_id: str, text: str, published: str | None = None) -> str:
        """Index an article; returns its story id (which later additions never change for it, unless
        an earlier-published copy arrives and becomes the original)."""
        if article_id in self._prints:
            return self.story_of(article_id)
        prints = fingerprint(text, self.settings)
        self._prints[article_id] = prints
        self._order[article_id] = (published or "9999-12-31", len(self._order))
        self._parent[article_id] = article_id
        hashes = {}
        candidates: set[str] = set()
        for name, shingles, lsh in (
            ("w", prints.words, self._lsh_words),
            ("a", prints.anchors, self._lsh_anchors),
        ):
            if not shingles:
                continue
            minhash = MinHash(num_perm=self.settings.num_perm)
            minhash.update_batch([s.encode("utf-8") for s in shingles])
            hashes[name] = minhash
            candidates.update(lsh.query(minhash))
            lsh.insert(article_id, minhash)
        # join the single best confirmed match, not every one: a copy of one templated readout is
        # also contained in its siblings, and joining all of them chains the siblings together
        best: tuple[float, str, str] | None = None
        for other in candidates - {article_id}:
            if (reason := self._same_story(article_id, other)) is not None:
                score = self._score(article_id, other)
                if best is None or score > best[0]:
                    best = (score, other, reason)
        if best is not None:
            self.reasons[(best[1], article_id)] = best[2]
            self._union(best[1], article_id)
        return self.story_of(article_id)

    def _score(self, a: str, b: str) -> float:
        """How alike two confirmed articles are: Jaccard of word shingles, then of word pairs."""
        pa, pb = self._prints[a], self._prints[b]
        return _jaccard(pa.words, pb.words) + _jaccard(pa.pairs, pb.pairs)

    def _same_story(self, a: str, b: str) -> str | None:
        pa, pb = self._prints[a], self._prints[b]
        words = containment(pa.words, pb.words)
        if words >= self.settings.word_containment:
            return f"word shingles {words:.2f} contained"
        if min(len(pa.anchors), len(pb.anchors)) < self.settings.min_anchor_shingles:
            return None
        pairs = containment(pa.pairs, pb.pairs)
        anchors = containment(pa.anchors, pb.anchors)
        if pairs >= self.settings.pair_containment and anchors >= self.settings.anchor_containment:
            return f"a rewrite: word pairs {pairs:.2f} and names, numbers, quotations in order {anchors:.2f} contained"
        return None

    def _find(self, node: str) -> str:
        while self._parent[node] != node:
            self._parent[node] = self._parent[self._parent[node]]
            node = self._parent[node]
        return node

    def _union(self, a: str, b: str) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            first, second = sorted((ra, rb), key=lambda r: self._order[r])
            self._parent[second] = first  # the earliest article stays the root: the original

    def link_of(self, article_id: str) -> tuple[str, str] | None:
        """(the article it joined, why), or None for an article that joined no other."""
        return next(((a, r) for (a, b), r in self.reasons.items() if b == article_id), None)

    def cluster_of(self, article_id: str) -> list[str]:
        root = self._find(article_id)
        return sorted((a for a in self._prints if self._find(a) == root), key=lambda a: self._order[a])

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._prints

    def original_of(self, article_id: str) -> str:
        return self._find(article_id)

    def story_of(self, article_id: str) -> str:
        return content_id("st", self._find(article_id))

    def clusters(self) -> dict[str, list[str]]:
        """Story id -> its article ids, the original first."""
        out: dict[str, list[str]] = {}
        for article_id in sorted(self._prints, key=lambda a: self._order[a]):
            out.setdefault(self.story_of(article_id), []).append(article_id)
        return out


def cluster_texts(
    items: Iterable[tuple[str, str, str | None]], settings: ClusterSettings | None = None
) -> StoryIndex:
    """A ``StoryIndex`` over ``(article_id, text, published)`` items."""
    index = StoryIndex(settings or ClusterSettings())
    for article_id, text, published in items:
        index.add(article_id, text, published)
    return index
