"""Story clustering at scale: articles/s and peak memory for 25k, 50k, 100k articles; 1M projected.

    .venv/bin/python bench/merge.py [--sizes 25000 50000 100000] [--workers 2]

Articles are generated from the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled sample), 2,000-5,000 characters each: 70% new articles (sentences drawn from anywhere in the
corpus, every fourth word swapped for another corpus word, every number changed), 30% copies of an earlier generated one (verbatim with
boilerplate, truncated to the first half, paragraphs reordered, or every fifth word dropped).

What runs where: fingerprints (tokens, shingle hashes, MinHash signatures) are computed by
``--workers`` processes; the index (datasketch LSH queries and inserts, confirmation, union-find)
runs sequentially in the main process, at the same time.  Printed: the end-to-end rate, the main
process's index-only rate, one process's fingerprint rate, the RSS the index added and the peak RSS.
The 1M figures are a least-squares line through the measured runs.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from corpus import CORPORA

from backchannel.merge.stories import StoryIndex, fingerprint

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NUMBER = re.compile(r"\d+")
_FURNITURE = (
    "Share this article\n\nSubscribe to our newsletter\n\n",
    "\n\nRead more\n\nAll rights reserved.",
)


def _sentences(corpus: Path) -> list[list[str]]:
    import json

    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [s for s in (_SENTENCE.split(r.get("text", "")) for r in rows) if len(s) >= 8]


def generate(n: int, corpus: Path, seed: int = 0) -> list[str]:
    """``n`` texts: new articles and copies of earlier ones."""
    rng = random.Random(seed)
    sources = _sentences(corpus)
    vocabulary = sorted({w for doc in sources[:300] for s in doc for w in s.split(" ") if w.isalpha()})
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < 0.3:
            original = texts[rng.randrange(len(texts))]
            kind = rng.randrange(4)
            if kind == 0:
                text = _FURNITURE[0] + original + _FURNITURE[1]
            elif kind == 1:
                text = original[: len(original) // 2]
            elif kind == 2:
                paras = original.split("\n\n")
                rng.shuffle(paras)
                text = "\n\n".join(paras)
            else:
                text = " ".join(w for i, w in enumerate(original.split(" ")) if i % 5 != 4)
        else:
            target = rng.randint(2000, 5000)
            parts: list[str] = []
            while sum(map(len, parts)) < target:
                doc = sources[rng.randrange(len(sources))]
                words = doc[rng.randrange(len(doc))].split(" ")
                for i in range(rng.randrange(4), len(words), 4):  # every fourth word from elsewhere
                    words[i] = rng.choice(vocabulary)
                parts.append(" ".join(words))
            text = _NUMBER.sub(lambda _: str(rng.randrange(1, 10_000)), " ".join(parts))
            sentences = _SENTENCE.split(text)
            text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))
        texts.append(text)
    return texts


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def _run(texts: list[str], workers: int) -> tuple[float, float, float]:
    """(end-to-end seconds, index-only seconds, MiB the index added)."""
    before = _rss_mib()
    index = StoryIndex()
    indexing = 0.0
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        for i, prints in enumerate(pool.map(fingerprint, texts, chunksize=256)):
            tick = time.perf_counter()
            index.add_fingerprint(f"a{i}", prints, None)
            indexing += time.perf_counter() - tick
    total = time.perf_counter() - start
    return total, indexing, _rss_mib() - before


def _line(xs: list[float], ys: list[float], at: float) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return mean_y + slope * (at - mean_x)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=next((p for p in CORPORA if p.exists()), CORPORA[-1]))
    args = parser.parse_args()

    sample = generate(2_000, args.corpus, seed=1)
    start = time.perf_counter()
    for text in sample:
        fingerprint(text)
    one_process = len(sample) / (time.perf_counter() - start)
    print(f"corpus: {args.corpus}  fingerprint workers: {args.workers}  (index: 1 process, sequential)")
    print(f"fingerprints in one process: {one_process:,.0f} articles/s")
    print(
        f"{'articles':>9} {'chars/article':>13} {'seconds':>8} {'articles/s':>11} {'index-only/s':>13} {'index MiB':>10}"
    )
    sizes, seconds, mib = [], [], []
    for n in args.sizes:
        texts = generate(n, args.corpus)
        total, indexing, added = _run(texts, args.workers)
        sizes.append(float(n))
        seconds.append(total)
        mib.append(added)
        chars = sum(map(len, texts)) / n
        print(f"{n:9,} {chars:13,.0f} {total:8.1f} {n / total:11,.0f} {n / indexing:13,.0f} {added:10,.0f}")
        del texts
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if len(sizes) > 1:
        at = 1_000_000.0
        projected = _line(sizes, seconds, at)
        print(
            f"projected 1,000,000: {projected:,.0f} s ({at / projected:,.0f} articles/s; goal 300 s), "
            f"index {_line(sizes, mib, at):,.0f} MiB"
        )
    print(f"peak RSS of the main process: {peak:,.0f} MiB (texts of the largest run included)")


if __name__ == "__main__":
    main()
