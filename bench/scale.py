"""`backchannel scale` on 1 and 2 Dask workers, next to bare `nlp.pipe` and the in-process pipeline.

    .venv/bin/python bench/scale.py [--n 150] [--corpus FILE.jsonl] [--partitions 30]

Writes the first N articles of the corpus as one JSON Lines file, cut into about ``--partitions``
byte ranges, and times in this order, on the same texts:
  extract:   the whole pipeline in this process, first, cold like a new worker (what one worker
             does, without Dask);
  nlp.pipe:  bare spaCy over the cleaned texts, in this process (the baseline);
  scale 1/2: ``run_scale`` on a LocalCluster of 1, then 2, single-threaded worker processes
             (models loaded before the clock starts; the clock stops when the last partition is
             done, before the DuckDB load).
Prints articles/s by wall clock and by CPU time (the workers' own process CPU seconds per
partition; this process's for the baselines), the 2/1 worker ratio (goal >= 1.8 on 2 cores), the
per-worker throughput over bare nlp.pipe (goal >= 0.8) and over in-process extract (what Dask
costs), and each worker's peak RSS (goal < 1.5 GB).  The load average is printed before and after:
on a shared machine the wall-clock figures are disturbed, the CPU-time ones much less.
"""

from __future__ import annotations

import copy
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import dask
from corpus import corpus_arguments, read_articles
from distributed import Client, LocalCluster

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.scale import PartitionResult, run_scale
from backchannel.scale.worker import warm
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ``ru_maxrss`` would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scale(path: Path, workers: int, step: int, work: Path) -> tuple[float, float, int, list[float]]:
    """Wall seconds, summed worker CPU seconds, articles, peak RSS (MB) of each worker."""
    with dask.config.set({"distributed.worker.profile.enabled": False}):  # as run_scale's own cluster
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    with cluster, Client(cluster) as client:
        client.run(warm, Settings())
        clock: dict[str, float] = {}
        results: list[PartitionResult] = []

        def on_cluster(_link: str | None, _count: int) -> None:
            clock["start"] = time.perf_counter()

        def on_result(result: PartitionResult | tuple[str, str]) -> None:
            clock["end"] = time.perf_counter()
            if isinstance(result, PartitionResult):
                results.append(result)
            else:
                print(f"failed: {result}", file=sys.stderr)

        run_scale([path], work / f"out{workers}", client=client, partition_bytes=step,
                  on_cluster=on_cluster, on_result=on_result)  # fmt: skip
        rss = client.run(_peak_rss_mb)
    return (clock["end"] - clock["start"], sum(r.cpu_seconds for r in results),
            sum(r.articles for r in results), sorted(rss.values()))  # fmt: skip


def main() -> None:
    import argparse

    extra = argparse.ArgumentParser(add_help=False)
    extra.add_argument("--partitions", type=int, default=30)
    known, rest = extra.parse_known_args()
    sys.argv = [sys.argv[0], *rest]
    args = corpus_arguments(__doc__, 150)
    print(f"cores: {os.cpu_count()}  load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        work = Path(tmp)
        lines = [line for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        lines = lines[: args.n] if args.n else lines
        path = work / "corpus.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        step = max(1, path.stat().st_size // known.partitions)

        items = read_articles(path, 0)
        texts = [c.text for c in (clean_article(copy.deepcopy(i)) for i in items) if isinstance(c, Article)]
        pipeline = Pipeline()
        rows = []
        # extract first, on a cold process as a worker starts (spaCy's vocabulary and the stages'
        # caches fill as texts go by); nlp.pipe then runs on the warmed vocabulary, so the ratio
        # to it is, if anything, pessimistic
        wall, cpu = time.perf_counter(), time.process_time()
        produced = sum(isinstance(r, Article) for r in pipeline.run(copy.deepcopy(items)))
        extract = ("extract", time.perf_counter() - wall, time.process_time() - cpu, produced)
        wall, cpu = time.perf_counter(), time.process_time()
        for _doc in pipeline.nlp.nlp.pipe(texts, batch_size=pipeline.settings.nlp_batch_size):
            pass
        rows.append(("nlp.pipe", time.perf_counter() - wall, time.process_time() - cpu, len(texts)))
        rows.append(extract)
        own_rss = _peak_rss_mb()
        del pipeline

        rss: dict[int, list[float]] = {}
        for workers in (1, 2):
            seconds, cpu_seconds, articles, rss[workers] = _scale(path, workers, step, work)
            rows.append((f"scale {workers}", seconds, cpu_seconds, articles))

    print(f"corpus: {args.corpus}  articles: {len(texts)}  partitions: ~{known.partitions}")
    print(f"{'':10} {'articles':>8} {'wall s':>8} {'art/s':>7} {'CPU s':>8} {'art/CPU s':>10}")
    rate: dict[str, tuple[float, float]] = {}
    for name, seconds, cpu_seconds, n in rows:
        rate[name] = (n / seconds, n / cpu_seconds)
        print(
            f"{name:10} {n:8d} {seconds:8.1f} {n / seconds:7.2f} {cpu_seconds:8.1f} {n / cpu_seconds:10.2f}"
        )
    wall2, cpu2 = rate["scale 2"]
    print(
        f"speed-up 2 workers / 1 worker (wall): {wall2 / rate['scale 1'][0]:.2f}x  (goal >= 1.8x on 2 cores)"
    )
    print(f"per-worker throughput / bare nlp.pipe: wall {wall2 / 2 / rate['nlp.pipe'][0]:.2f}x, "
          f"CPU {cpu2 / rate['nlp.pipe'][1]:.2f}x  (goal >= 0.8x)")  # fmt: skip
    print(f"per-worker throughput / in-process extract (the cost of Dask): wall {wall2 / 2 / rate['extract'][0]:.2f}x, "
          f"CPU {cpu2 / rate['extract'][1]:.2f}x")  # fmt: skip
    print(f"in-process extract / bare nlp.pipe: CPU {rate['extract'][1] / rate['nlp.pipe'][1]:.2f}x")
    print(
        f"peak RSS per worker (MB): 1 worker {[round(x) for x in rss[1]]}, 2 workers {[round(x) for x in rss[2]]}"
        f"  (goal < 1536); this process {own_rss:.0f}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
