"""Story clusters: generated copies of corpus articles, the seed rewrite, and the index's contract.

The corpus check builds, from ``../shared/corpus``, a set of distinct articles (no two share half
their word 5-shingles) and, for some of them, five copies: verbatim, with boilerplate, truncated to
the first half, rewritten and with paragraphs reordered (the corpus has none: a paragraph is three
sentences).  The rewrite swaps every third *replaceable* word for a synonym: a replaceable word is
one with an entry in ``tests/synonyms.json``; words without one are left alone and not counted.
(The list is not under ``tests/data``, whose every file the pipeline test reads as an input.)
All items are shuffled, so copies often arrive before their original.  Gold: one story per base
article; scored on pairs of articles.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from backchannel.merge import fingerprints as fingerprinting
from backchannel.merge.fingerprints import (
    ClusterSettings,
    Fingerprint,
    Sample,
    fingerprint,
    fingerprints,
    minhash_signature,
)
from backchannel.merge.stories import StoryIndex, _Buckets, cluster_texts
from backchannel.model import content_id

TESTS_DIR = Path(__file__).resolve().parent
CORPUS = "corpus/kremlin_zelenskyy_2022.jsonl"
SEED_REWRITE = "seeds/moscow_attaches_2022-03.txt"
BOILERPLATE = (
    "Share this article\n\nSubscribe to our newsletter for the latest news\n\n",
    "\n\nRead more: related stories\n\nAll rights reserved. Leave a Reply\n\nCheck Also",
)
Items = list[tuple[str, str, str | None]]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


def synonyms() -> dict[str, list[str]]:
    """Word -> synonyms: frequent content words of the corpus."""
    data: dict[str, list[str]] = json.loads((TESTS_DIR / "synonyms.json").read_text(encoding="utf-8"))
    return data


def paragraphs(text: str) -> list[str]:
    """Blank-line paragraphs, or runs of three sentences when the text has none."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(parts) > 1:
        return parts
    sentences = _SENTENCE.split(text.strip())
    return [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]


def rewrite(text: str, table: dict[str, list[str]], rng: random.Random, offset: int = 0) -> str:
    """Every third replaceable word (one with synonyms), counting from ``offset``, swapped."""
    out: list[str] = []
    seen = offset
    for token in _TOKEN.findall(text):
        choices = table.get(token.lower())
        if choices:
            seen += 1
            if seen % 3 == 0:
                new = rng.choice(choices)
                token = new[0].upper() + new[1:] if token[0].isupper() else new
        out.append(token)
    return "".join(out)


def variants(title: str, text: str, table: dict[str, list[str]], rng: random.Random) -> dict[str, str]:
    """The five kinds of copy of one article."""
    paras = paragraphs(text)
    body = "\n\n".join(paras)
    shuffled = paras[:]
    rng.shuffle(shuffled)
    full = f"{title}\n\n{body}"
    return {
        "verbatim": full,
        "boilerplate": BOILERPLATE[0] + full + BOILERPLATE[1],
        "truncated": f"{title}\n\n{body[: len(body) // 2]}",
        "synonyms": rewrite(full, table, rng),
        "reordered": f"{title}\n\n" + "\n\n".join(shuffled),
    }


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}


def distinct(rows: Iterable[dict[str, str]], limit: int) -> list[dict[str, str]]:
    """Up to ``limit`` rows of which no two share half the smaller one's word 5-shingles."""
    chosen: list[dict[str, str]] = []
    prints: list[set[tuple[str, ...]]] = []
    for row in rows:
        if len(row.get("text", "")) <= 400:
            continue
        own = _shingles(row["text"])
        if any(len(own & other) > 0.5 * min(len(own), len(other)) for other in prints):
            continue
        chosen.append(row)
        prints.append(own)
        if len(chosen) == limit:
            break
    return chosen


def copies_corpus(
    rows: list[dict[str, str]], seed: int, bases: int = 500, copied: int = 150
) -> tuple[Items, dict[str, str]]:
    """Shuffled ``(id, text, published)`` items and each item's gold story (its base id)."""
    rng = random.Random(seed)
    table = synonyms()
    order = rows[:]
    rng.shuffle(order)
    items: Items = []
    gold: dict[str, str] = {}
    for i, row in enumerate(distinct(order, bases)):
        base = f"o{i}"
        items.append((base, f"{row['title']}\n\n{row['text']}", row["published"]))
        gold[base] = base
        if i < copied:
            for kind, text in variants(row["title"], row["text"], table, rng).items():
                items.append((f"{base}_{kind}", text, row["published"]))
                gold[f"{base}_{kind}"] = base
    rng.shuffle(items)
    return items, gold


def pair_scores(index: StoryIndex, gold: dict[str, str]) -> tuple[float, float]:
    """Pairwise precision and recall of the index's stories against the gold stories."""

    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for article, label in labels.items():
            groups.setdefault(label, []).append(article)
        return {(a, b) for group in groups.values() for a, b in itertools.combinations(sorted(group), 2)}

    truth, found = pairs(gold), pairs({a: index.story_of(a) for a in gold})
    hits = len(truth & found)
    return hits / max(1, len(found)), hits / max(1, len(truth))


@pytest.fixture(scope="module")
def corpus_rows(shared_dir: Path) -> list[dict[str, str]]:
    path = shared_dir / CORPUS
    if not path.exists():
        pytest.skip(f"{path} not found")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("seed", [7, 21])
def test_stories_copies_of_corpus_articles_cluster(corpus_rows: list[dict[str, str]], seed: int) -> None:
    items, gold = copies_corpus(corpus_rows, seed)
    precision, recall = pair_scores(cluster_texts(items), gold)
    assert precision >= 0.98
    assert recall >= 0.95


def test_stories_seed_rewrite_joins_its_second_rewrite(
    shared_dir: Path, corpus_rows: list[dict[str, str]]
) -> None:
    seed = (shared_dir / SEED_REWRITE).read_text(encoding="utf-8")
    again = rewrite(seed, synonyms(), random.Random(3), offset=1)
    again = again[: len(again) * 6 // 10]
    background, _ = copies_corpus(corpus_rows, 5, bases=300, copied=30)
    index = StoryIndex()
    index.add_many(background[:800])
    index.add("seed", seed, "2022-03-23")
    index.add("again", again, "2022-03-24")
    index.add_many(background[800:])
    assert index.story_of("again") == index.story_of("seed") == content_id("st", "seed")
    assert index.cluster_of("seed") == ["seed", "again"]


def _readout(country: str, leader: str, topic: str) -> str:
    return (
        f"Telephone conversation with President of {country} {leader}\n\n"
        f"Vladimir Putin had a telephone conversation with President of {country} {leader}. "
        f"The leaders discussed {topic} and the situation around Ukraine. "
        f"They agreed to maintain contacts at various levels."
    )


def test_stories_earlier_copy_arriving_late_becomes_the_original() -> None:
    text = " ".join(
        f"Sentence {i} about the grain corridor talks in Istanbul with Turkey." for i in range(40)
    )
    index = StoryIndex()
    index.add("late", text, "2022-07-20")
    index.add("later", text + " Share this.", "2022-07-21")
    assert index.story_of("later") == content_id("st", "late")
    story = index.add("early", text[: len(text) // 2], "2022-07-19")
    assert story == index.story_of("late") == content_id("st", "early")
    assert index.original_of("later") == "early"
    assert index.cluster_of("late") == ["early", "late", "later"]
    assert index.clusters() == {content_id("st", "early"): ["early", "late", "later"]}


def test_stories_add_is_idempotent_and_reports_links() -> None:
    text = " ".join(f"Point {i}: the Kremlin said the talks in Ankara went on for hours." for i in range(30))
    index = StoryIndex()
    first = index.add("a", text, "2022-11-14")
    assert index.add("b", text, "2022-11-15") == first
    assert index.add("a", "something else entirely", None) == first
    assert len(index) == 2
    assert "a" in index
    assert "c" not in index
    [(article, joined, reason)] = index.links()
    assert (article, joined) == ("b", "a")
    assert "contained" in reason


def test_stories_different_readouts_from_one_template_stay_apart() -> None:
    texts = {
        "fr": _readout("France", "Emmanuel Macron", "energy prices in Europe"),
        "tr": _readout("Turkey", "Recep Tayyip Erdogan", "the export of grain from Black Sea ports"),
        "kz": _readout("Kazakhstan", "Kassym-Jomart Tokayev", "trade within the Eurasian Economic Union"),
    }
    index = cluster_texts((k, v, "2022-05-01") for k, v in texts.items())
    assert len(index.clusters()) == 3


def test_stories_ids_do_not_depend_on_the_process() -> None:
    items = [("x", "Some text about talks in Geneva between the delegations. " * 20, "2022-01-10")]
    assert cluster_texts(items).story_of("x") == content_id("st", "x")
    first, second = fingerprint(items[0][1]), fingerprint(items[0][1])
    assert np.array_equal(first.words, second.words)
    assert first.words[:3].tolist() == fingerprint(items[0][1]).words[:3].tolist()


def test_stories_signature_is_datasketch_minhash() -> None:
    hashes = np.unique(np.random.default_rng(0).integers(0, 2**32, 500, dtype=np.uint64).astype(np.uint32))
    reference = MinHash(num_perm=32, hashfunc=int, scheme="affine32")
    reference.update_batch(hashes.tolist())
    assert np.array_equal(minhash_signature(hashes, 32), reference.hashvalues)


def test_stories_text_of_gives_the_same_clusters(corpus_rows: list[dict[str, str]]) -> None:
    items, _ = copies_corpus(corpus_rows, 11, bases=120, copied=40)
    texts = {a: t for a, t, _ in items}
    sampled = cluster_texts(items)
    exact = StoryIndex(ClusterSettings(), text_of=texts.__getitem__)
    exact.add_many(items)
    agree = sum(sampled.story_of(a) == exact.story_of(a) for a in texts)
    assert agree >= 0.98 * len(texts)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_QUOTED = re.compile(r"[“\"«]([^”\"»]{10,400})[”\"»]")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "'",
        "İstanbul: don't ’tis 𝐀𝐁 x_y 'a' and rock’n’roll",
        '"short" “a quotation long enough” « another one, yes » end"',
        "“too long " + "word " * 100 + "“but this one fits” closing”",
        '"ten chars!" "nine char" "a" "b c d e f g h"',
    ],
)
def test_stories_words_are_the_regex_words(text: str) -> None:
    """The array tokenizer finds what the reference regexes find: the same words, first letters and
    quotations."""
    found = fingerprinting._words(text)
    words = _WORD.findall(text)
    assert np.array_equal(found.hashes, fingerprinting._words(" ".join(words)).hashes)
    assert (~found.lower_first).tolist() == [not w[0].islower() for w in words]
    lowered = [w.lower() for w in words]
    quoted = [[w.lower() for w in _WORD.findall(m.group(1))] for m in _QUOTED.finditer(text)]
    assert [lowered[a:b] for a, b in found.quoted] == quoted


def test_stories_word_hashes_ignore_case() -> None:
    hashes = fingerprinting._words("Putin PUTIN putin Putins").hashes
    assert len(set(hashes[:3].tolist())) == 1
    assert hashes[3] != hashes[0]


def test_stories_words_of_corpus_are_the_regex_words(corpus_rows: list[dict[str, str]]) -> None:
    for row in corpus_rows[:400]:
        text = f"{row['title']}\n\n{row['text']}"
        words = _WORD.findall(text)
        found = fingerprinting._words(text)
        assert np.array_equal(found.hashes, fingerprinting._words(" ".join(words)).hashes)
        lowered = [w.lower() for w in words]
        quoted = [[w.lower() for w in _WORD.findall(m.group(1))] for m in _QUOTED.finditer(text)]
        assert [lowered[a:b] for a, b in found.quoted] == quoted


def _reference_fingerprint(text: str, settings: ClusterSettings) -> Fingerprint:
    """One text at a time, the plain way (what ``fingerprints`` computed before it was batched)."""
    f = fingerprinting
    words = f._words(text)
    hashes = words.hashes

    def distinct(values: np.ndarray) -> np.ndarray:
        return np.unique((values >> np.uint64(32)).astype(np.uint32))

    def shingles(values: np.ndarray, size: int, kind: str) -> np.ndarray:
        if not len(values):
            return np.empty(0, dtype=np.uint32)
        return distinct(f._combine(values, max(1, min(size, len(values))), kind))

    anchor = hashes[~words.lower_first & ~f._member(hashes, f._not_anchor_hashes())]
    size = settings.anchor_shingle
    runs = [f._combine(anchor, min(size, len(anchor)), "anchors")] if len(anchor) else []
    for first, end in words.quoted:
        if end - first >= size:
            runs.append(f._combine(hashes, size, "anchors")[first : end - size + 1])
        elif end > first:
            runs.append(f._combine(hashes[first:end], end - first, "anchors"))
    word_set = shingles(hashes, settings.word_shingle, "words")
    pair_set = shingles(hashes, 2, "pairs")
    word_signature = minhash_signature(word_set, settings.word_lsh[0] * settings.word_lsh[1])
    pair_signature = minhash_signature(pair_set, settings.pair_lsh[0] * settings.pair_lsh[1])
    keys = [
        f._band_keys(signature.reshape(1, -1), params, kind)[0]
        for signature, params, kind, held in (
            (word_signature, settings.word_lsh, "words", word_set),
            (pair_signature, settings.pair_lsh, "pairs", pair_set),
        )
        if len(held)
    ]
    anchors = distinct(np.concatenate([hashes[:0], *runs]))
    target = settings.sample_target
    levels = [max(0, (len(h) // target).bit_length() - 1) for h in (word_set, pair_set, anchors)]
    parts = [
        h[(h & np.uint32((1 << lv) - 1)) == 0]
        for h, lv in zip((word_set, pair_set, anchors), levels, strict=True)
    ]
    return Fingerprint(
        word_set,
        pair_set,
        anchors,
        word_signature,
        pair_signature,
        np.concatenate([np.empty(0, dtype=np.uint64), *keys]),
        Sample(np.concatenate(parts), (len(parts[0]), len(parts[0]) + len(parts[1])), tuple(levels)),
    )


def test_fingerprints_batched_are_the_one_by_one_values(corpus_rows: list[dict[str, str]]) -> None:
    """Texts fingerprinted together (a batch is joined into one string) get exactly the values each
    gets alone: no shingle, quotation or signature runs from one text into the next."""
    edge = ["", "'", "One", "Two words", "Three Capital Words", "“an open quotation mark, never closed"]
    edge += ["closed here” and then “another quotation that is long enough” ends", "\n\n", "x" * 5]
    texts = [f"{r['title']}\n\n{r['text']}" for r in corpus_rows[:150]]
    texts = [t for pair in itertools.zip_longest(texts, edge) for t in pair if t is not None]
    settings = ClusterSettings()
    batched = fingerprints(texts, settings)
    assert len(batched) == len(texts)
    for text, got in zip(texts, batched, strict=True):
        want = _reference_fingerprint(text, settings)
        for name in ("words", "pairs", "anchors", "word_signature", "pair_signature", "band_keys"):
            assert np.array_equal(getattr(got, name), getattr(want, name)), (name, text[:60])
        assert np.array_equal(got.sample.hashes, want.sample.hashes), text[:60]
        assert got.sample[1:] == want.sample[1:], text[:60]
    assert fingerprint(texts[0]).words.tolist() == batched[0].words.tolist()


def test_stories_buckets_are_datasketch_lsh_buckets(corpus_rows: list[dict[str, str]]) -> None:
    """The flat bucket table finds, for each article, the earlier articles that
    ``datasketch.MinHashLSH`` (same bands and rows) finds."""
    from datasketch import LeanMinHash, MinHashLSH

    items, _ = copies_corpus(corpus_rows, 5, bases=80, copied=30)
    settings = ClusterSettings()
    lsh = {
        kind: MinHashLSH(num_perm=bands * rows, params=(bands, rows))
        for kind, (bands, rows) in (("words", settings.word_lsh), ("pairs", settings.pair_lsh))
    }
    buckets = _Buckets()
    prints = fingerprints([text for _, text, _ in items], settings)
    found_any = 0
    for serial, one in enumerate(prints):
        expected: set[int] = set()
        for kind, signature, held in (
            ("words", one.word_signature, one.words),
            ("pairs", one.pair_signature, one.pairs),
        ):
            if len(held):
                minhash = LeanMinHash(seed=1, hashvalues=signature, scheme="affine32")
                expected.update(lsh[kind].query(minhash))
                lsh[kind].insert(serial, minhash, check_duplication=False)
        _, earlier = buckets.query_insert(one.band_keys, np.full(len(one.band_keys), serial))
        got = set(earlier.tolist())
        assert got == expected, serial
        found_any += bool(got)
    assert found_any >= 30


def test_buckets_in_batches_are_a_dict_of_lists() -> None:
    """The bucket table, queried and filled a batch at a time (growing from 16 slots, buckets of
    one becoming blocks that move as they fill, an article's key given twice), pairs each key with
    the articles a plain dict of lists, filled key by key, has in its bucket."""
    rng = np.random.default_rng(3)
    buckets, reference = _Buckets(bits=4), dict[int, list[int]]()
    serial = 0
    for size in rng.integers(1, 40, 60).tolist():
        owners = np.repeat(np.arange(serial, serial + size), 5)
        # few distinct keys, spread over the high bits: crowded buckets, long probe sequences
        keys = rng.integers(0, 300, len(owners)).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        at, earlier = buckets.query_insert(keys, owners)
        expected = []
        for key, owner in zip(keys.tolist(), owners.tolist(), strict=True):
            held = reference.setdefault(max(key, 1), [])
            if owner not in held:
                expected.extend((owner, other) for other in held)
                held.append(owner)
        assert sorted(zip(owners[at].tolist(), earlier.tolist(), strict=True)) == sorted(expected)
        serial += size
    assert max(map(len, reference.values())) > 20


def test_fingerprints_batch_crosses_processes_and_indexes_as_one_by_one(
    corpus_rows: list[dict[str, str]],
) -> None:
    """A batch of fingerprints pickled (as it comes back from a worker process) indexes to the same
    clusters and links as the same fingerprints added one at a time."""
    import pickle

    items, _ = copies_corpus(corpus_rows, 3, bases=60, copied=30)
    prints = fingerprints([text for _, text, _ in items])
    shipped = pickle.loads(pickle.dumps(prints, protocol=5))
    assert len(shipped) == len(items) and shipped[-1].words.tolist() == prints[-1].words.tolist()
    batched, single = StoryIndex(), StoryIndex()
    batched.add_batch([i for i, _, _ in items], shipped, [day for _, _, day in items])
    for article_id, text, day in items:
        single.add(article_id, text, day)
    assert batched.clusters() == single.clusters()
    assert batched.links() == single.links() and len(batched.links()) >= 20
    with pytest.raises(ValueError, match="article ids"):
        batched.add_batch(["one"], shipped)


def test_stories_pair_band_candidates_need_signature_agreement(corpus_rows: list[dict[str, str]]) -> None:
    """Articles mixed from sentences of one topic's corpus share some word pairs and meet in pair
    bands, the more the larger the index.  Judging only the pair-band candidates whose pair
    signatures agree further finds the same stories with a fraction of the judging.  (Bands of 2
    rows here, so that a few thousand articles meet as often as a million do with the default 3.)"""
    items, gold = copies_corpus(corpus_rows, 2, bases=300, copied=100)
    rng = random.Random(5)
    sentences = [
        s for row in corpus_rows[:400] for s in re.split(r"(?<=[.!?])\s+", row["text"]) if len(s) > 60
    ]
    vocabulary = sorted({w for s in sentences for w in s.split() if w.isalpha()})
    for i in range(2000):  # sentences of the topic, every third word swapped: pairs, no shingles shared
        words = " ".join(rng.sample(sentences, 12)).split()
        words = [rng.choice(vocabulary) if n % 3 == 2 else w for n, w in enumerate(words)]
        items.append((f"mix{i}", " ".join(words), "2022-06-01"))
    judged: dict[int, int] = {}

    class Counting(StoryIndex):
        def _judge(self, new, old):  # type: ignore[no-untyped-def]
            judged[id(self)] = judged.get(id(self), 0) + 1
            return super()._judge(new, old)

    loose = ClusterSettings(pair_lsh=(15, 2))
    prints = fingerprints([text for _, text, _ in items], loose)
    ids, days = [i for i, _, _ in items], [day for _, _, day in items]
    every = Counting(dataclasses.replace(loose, pair_band_agreement=0))
    every.add_batch(ids, prints, days)
    agreeing = Counting(loose)
    agreeing.add_batch(ids, prints, days)
    assert agreeing.clusters() == every.clusters()
    precision, recall = pair_scores(agreeing, gold)
    assert precision >= 0.98 and recall >= 0.95
    assert judged[id(agreeing)] < 0.5 * judged[id(every)], judged
