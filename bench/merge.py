"""Story clustering at scale: articles/s and peak memory for 25k to 200k articles; 1M projected.

    .venv/bin/python bench/merge.py [--sizes 25000 50000 100000 200000] [--workers 2]
    .venv/bin/python bench/merge.py --sizes 1000000     # a million, measured (~4 GB of text)

Articles are generated from the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled sample), 2,000-5,000 characters each: 70% new articles (sentences drawn from anywhere in the
corpus, every fourth word swapped for another corpus word, every number changed), 30% copies of an
earlier generated one (verbatim with boilerplate, truncated to the first half, paragraphs
reordered, or every fifth word dropped).  New articles share sentences, so they share word pairs:
the candidate pairs that only this brings grow with the index ("judged/article" shows that they
do not reach the judge).

What runs where: fingerprints (tokens, shingle hashes, MinHash signatures, band keys) are computed
by ``--workers`` processes, 256 texts per task (one columnar ``Fingerprints`` batch back per task)
with at most four tasks per worker in flight; the index (LSH buckets, document frequencies,
confirmation, union-find) runs sequentially in the main process, at the same time.  Printed: the
end-to-end rate, the main process's index-only rate (wall clock) and its rate per CPU second, the
workers' CPU time per fingerprint, one process's fingerprint rate, the RSS the index added, the
candidate pairs judged per article, and the peak RSS.  The machine is shared, so the wall clock
includes waiting for a core: "own cores/s" is the rate the CPU times give with the cores to itself
(computed, not measured), and "stolen %" the share of the cores' time the hypervisor gave to other
machines during the run (``steal`` in /proc/stat).  The 1M figures are a least-squares line through the measured runs'
seconds, wall clock and computed; the index's cost per article grows slowly with its size (memory
beyond the caches), so the line is optimistic, and ``--sizes 1000000`` measures it.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import resource
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from corpus import CORPORA

from backchannel.merge.fingerprints import fingerprint, fingerprints
from backchannel.merge.stories import StoryIndex

_CHUNK = 256  # texts per fingerprint task
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


class _Timings(NamedTuple):
    seconds: float  # end to end, wall clock
    index_seconds: float  # wall clock inside the index (includes waiting for a core)
    index_cpu: float  # CPU seconds of the index (main process)
    fingerprint_cpu: float  # CPU seconds of the fingerprint workers
    index_mib: float  # RSS the index added
    judged: int  # candidate pairs the index judged
    stolen: float  # core-seconds the hypervisor gave to other machines meanwhile


def _stolen() -> float:
    """Core-seconds the hypervisor has given to other machines since boot (``steal`` in
    /proc/stat; 0 where there is none): time our processes were ready to run and could not."""
    try:
        with open("/proc/stat") as stat:
            fields = stat.readline().split()
    except OSError:
        return 0.0
    return int(fields[8]) / os.sysconf("SC_CLK_TCK") if len(fields) > 8 else 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(texts: list[str], workers: int) -> _Timings:
    before = _rss_mib()
    index = StoryIndex()
    indexing = indexing_cpu = 0.0
    children, stolen = _children_cpu(), _stolen()
    start = time.perf_counter()
    chunks = (texts[at : at + _CHUNK] for at in range(0, len(texts), _CHUNK))
    serial = 0
    with ProcessPoolExecutor(workers) as pool:
        pending = deque(pool.submit(fingerprints, chunk) for chunk in itertools.islice(chunks, 4 * workers))
        while pending:
            done = pending.popleft().result()
            pending.extend(pool.submit(fingerprints, chunk) for chunk in itertools.islice(chunks, 1))
            tick, tick_cpu = time.perf_counter(), time.process_time()
            index.add_batch([f"a{serial + i}" for i in range(len(done))], done)
            serial += len(done)
            indexing += time.perf_counter() - tick
            indexing_cpu += time.process_time() - tick_cpu
    total = time.perf_counter() - start
    return _Timings(
        total,
        indexing,
        indexing_cpu,
        _children_cpu() - children,
        _rss_mib() - before,
        index.judged,
        _stolen() - stolen,
    )


def _idle_seconds(run: _Timings, workers: int) -> float:
    """Seconds the run would take on cores of its own: the sequential index, or all the CPU time
    spread over the cores, whichever is longer."""
    cores = max(1, min(workers, os.cpu_count() or 1))
    return max(run.index_cpu, (run.index_cpu + run.fingerprint_cpu) / cores)


def _line(xs: list[float], ys: list[float], at: float) -> float:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return mean_y + slope * (at - mean_x)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=next((p for p in CORPORA if p.exists()), CORPORA[-1]))
    args = parser.parse_args()

    sample = generate(2_000, args.corpus, seed=1)
    start = time.perf_counter()
    for text in sample:
        fingerprint(text)
    one_by_one = len(sample) / (time.perf_counter() - start)
    start = time.perf_counter()
    fingerprints(sample)
    one_process = len(sample) / (time.perf_counter() - start)
    print(f"corpus: {args.corpus}  fingerprint workers: {args.workers}  (index: 1 process, sequential)")
    print(
        f"CPUs: {os.cpu_count()}  load average before: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)"
    )
    print(
        f"fingerprints in one process: {one_process:,.0f} articles/s in batches, {one_by_one:,.0f}/s one "
        f"text at a time (batching: {one_process / one_by_one:.2f}x)"
    )
    print(
        f"{'articles':>9} {'chars/article':>13} {'seconds':>8} {'articles/s':>11} {'index-only/s':>13} "
        f"{'index CPU/s':>12} {'fingerprint CPU ms':>18} {'own cores/s':>12} {'index MiB':>10} "
        f"{'judged/article':>14} {'stolen %':>8}"
    )
    sizes, seconds, idle, mib = [], [], [], []
    for n in args.sizes:
        texts = generate(n, args.corpus)
        run = _run(texts, args.workers)
        sizes.append(float(n))
        seconds.append(run.seconds)
        idle.append(_idle_seconds(run, args.workers))
        mib.append(run.index_mib)
        chars = sum(map(len, texts)) / n
        stolen = 100 * run.stolen / (run.seconds * min(args.workers + 1, os.cpu_count() or 1))
        print(
            f"{n:9,} {chars:13,.0f} {run.seconds:8.1f} {n / run.seconds:11,.0f} {n / run.index_seconds:13,.0f} "
            f"{n / run.index_cpu:12,.0f} {run.fingerprint_cpu / n * 1e3:18.2f} {n / idle[-1]:12,.0f} "
            f"{run.index_mib:10,.0f} {run.judged / n:14.2f} {stolen:8.0f}"
        )
        del texts
    print(
        "articles/s and index-only/s: wall clock, measured; index CPU/s: articles per CPU second of the "
        "index; own cores/s: from the CPU times, the rate with the cores to itself (not measured); "
        "stolen %: of the cores' time during the run, given by the hypervisor to other machines"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if len(sizes) > 1:
        at = 1_000_000.0
        projected, projected_idle = _line(sizes, seconds, at), _line(sizes, idle, at)
        print(
            f"projected 1,000,000 (least-squares line through the measured runs' seconds): "
            f"{projected:,.0f} s wall clock ({at / projected:,.0f} articles/s; goal 300 s), "
            f"{projected_idle:,.0f} s on cores of its own ({at / projected_idle:,.0f} articles/s), "
            f"index {_line(sizes, mib, at):,.0f} MiB"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")
    print(f"peak RSS of the main process: {peak:,.0f} MiB (texts of the largest run included)")


if __name__ == "__main__":
    main()
