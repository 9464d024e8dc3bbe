"""`backchannel scale` on 1 and 2 Dask workers, next to bare `nlp.pipe` and the in-process pipeline.

    .venv/bin/python bench/scale.py [--n 150] [--corpus FILE.jsonl] [--partitions 12]

Writes the first N articles of the corpus as one JSON Lines file, cut into about ``--partitions``
byte ranges, and times, on the same texts:
  nlp.pipe cold, warm: bare spaCy over the cleaned texts (``nlp.pipe``, the pipeline's batch size)
             in a fresh process started like a worker (``spawn``) and warmed as a worker is
             (``scale.worker.warm``: the pipeline built, the warm text run through it): first on
             the vocabulary as the warm text left it (cold, as a worker meets the texts), then a
             second time over the same texts (warm: every word already in the vocabulary and
             spaCy's caches).  Cold is the baseline of the ratios; warm shows what a second pass
             saves (the old bench timed only that, after the in-process extract); the cold
             run is repeated in a new process at the end, and the ratios use the mean of the two
             (the load of a shared machine changes during the run);
  extract:   the whole pipeline in this process, warmed the same way first (what one worker
             does, without Dask and without writing shards);
  scale 1/2: ``run_scale`` on a LocalCluster of 1, then 2, single-threaded worker processes with
             the configuration of ``run_scale``'s own cluster (``QUIET_WORKERS``), models loaded
             and warmed before the clock starts; the clock stops when the last partition is done,
             before the DuckDB load.
Prints articles/s by wall clock and by CPU time (the workers' own process CPU seconds per
partition, their Dask threads included; the child's or this process's for the baselines), the 2/1
worker ratio (goal >= 1.8 on 2 cores), the per-worker throughput over bare nlp.pipe (goal >= 0.8)
and over in-process extract (what Dask and the shards cost), and each worker's peak RSS (goal
< 1.5 GB).  The load average is printed before and after: on a shared machine the wall-clock
figures are disturbed, the CPU-time ones much less.

Partitions: a worker parses a partition in batches of at most ``nlp_batch_size`` (64) of its
articles, so partitions of 5 articles (150 articles in 30 parts, the old default) make spaCy run
batches of 5 while the baseline runs batches of 64; real partitions (32 MiB by default) hold
thousands of articles.  The default ``--partitions 12`` cuts the first 150 articles of the corpus
into 9 parts (cuts fall at line starts) of about 17 articles: still smaller batches than the
baseline's (so, if anything, the ratio is pessimistic), and enough parts for two workers to share
them, although one article of the 150 is a quarter of all their text (175 KB).
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dask
from corpus import corpus_arguments, read_articles
from distributed import Client, LocalCluster

from backchannel.model import Article
from backchannel.scale import QUIET_WORKERS, PartitionResult, plan, run_scale
from backchannel.scale.worker import warm, worker_pipeline
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article


def _peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM; ``ru_maxrss`` would carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bare_pipe(texts: list[str], batch_size: int, passes: int) -> list[tuple[float, float]]:
    """In a fresh process, warmed as a worker is: bare ``nlp.pipe`` over ``texts`` ``passes``
    times, (wall seconds, CPU seconds) of each: the first cold, the next ones warm."""
    settings = Settings()
    warm(settings)
    nlp = worker_pipeline(settings).nlp.nlp
    timed = []
    for _ in range(passes):
        wall, cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass
        timed.append((time.perf_counter() - wall, time.process_time() - cpu))
    return timed


def _bare_pipe_in_a_new_process(texts: list[str], batch_size: int, passes: int) -> list[tuple[float, float]]:
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(_bare_pipe, texts, batch_size, passes).result()


def _scale(path: Path, workers: int, step: int, work: Path) -> tuple[float, float, int, list[float]]:
    """Wall seconds, summed worker CPU seconds, articles, peak RSS (MB) of each worker."""
    with dask.config.set(QUIET_WORKERS):  # as run_scale's own cluster
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
    extra.add_argument("--partitions", type=int, default=12)
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
        partitions = len(plan([path], step).partitions)

        items = read_articles(path, 0)
        texts = [c.text for c in (clean_article(copy.deepcopy(i)) for i in items) if isinstance(c, Article)]
        settings = Settings()
        rows = []
        cold, warmed = _bare_pipe_in_a_new_process(texts, settings.nlp_batch_size, 2)
        rows.append(("nlp.pipe cold", *cold, len(texts)))
        rows.append(("nlp.pipe warm", *warmed, len(texts)))

        warm(settings)  # this process's pipeline, warmed as a worker's
        pipeline = worker_pipeline(settings)
        wall, cpu = time.perf_counter(), time.process_time()
        produced = sum(isinstance(r, Article) for r in pipeline.run(copy.deepcopy(items)))
        rows.append(("extract", time.perf_counter() - wall, time.process_time() - cpu, produced))
        own_rss = _peak_rss_mb()

        rss: dict[int, list[float]] = {}
        for workers in (1, 2):
            seconds, cpu_seconds, articles, rss[workers] = _scale(path, workers, step, work)
            rows.append((f"scale {workers}", seconds, cpu_seconds, articles))
        # the cold baseline again, last: on a shared machine the load changes during the run,
        # and CPU seconds grow with it; the ratios use the mean of the two cold runs
        [again] = _bare_pipe_in_a_new_process(texts, settings.nlp_batch_size, 1)
        rows.append(("nlp.pipe cold", *again, len(texts)))

    print(f"corpus: {args.corpus}  articles: {len(texts)}  partitions: {partitions} "
          f"(~{len(texts) / partitions:.0f} articles each; nlp batch size {settings.nlp_batch_size})")  # fmt: skip
    print(f"{'':14} {'articles':>8} {'wall s':>8} {'art/s':>7} {'CPU s':>8} {'art/CPU s':>10}")
    rate: dict[str, tuple[float, float]] = {}
    for name, seconds, cpu_seconds, n in rows:
        if name in rate:  # the cold baseline's second run: the mean of the two
            first = rate[name]
            rate[name] = ((first[0] + n / seconds) / 2, (first[1] + n / cpu_seconds) / 2)
        else:
            rate[name] = (n / seconds, n / cpu_seconds)
        print(
            f"{name:14} {n:8d} {seconds:8.1f} {n / seconds:7.2f} {cpu_seconds:8.1f} {n / cpu_seconds:10.2f}"
        )
    wall2, cpu2 = rate["scale 2"]
    base = rate["nlp.pipe cold"]
    print(f"bare nlp.pipe cold, mean of the two runs: {base[1]:.2f} art/CPU s")
    print(
        f"speed-up 2 workers / 1 worker (wall): {wall2 / rate['scale 1'][0]:.2f}x  (goal >= 1.8x on 2 cores)"
    )
    print(f"per-worker throughput / bare nlp.pipe (cold, as a worker): wall {wall2 / 2 / base[0]:.2f}x, "
          f"CPU {cpu2 / base[1]:.2f}x  (goal >= 0.8x); 1 worker: CPU {rate['scale 1'][1] / base[1]:.2f}x")  # fmt: skip
    print(f"  against the warm second pass instead: CPU {cpu2 / rate['nlp.pipe warm'][1]:.2f}x "
          f"(warm / cold nlp.pipe: {rate['nlp.pipe warm'][1] / base[1]:.2f}x)")  # fmt: skip
    print(f"per-worker throughput / in-process extract (the cost of Dask): wall {wall2 / 2 / rate['extract'][0]:.2f}x, "
          f"CPU {cpu2 / rate['extract'][1]:.2f}x")  # fmt: skip
    print(f"in-process extract / bare nlp.pipe (cold): CPU {rate['extract'][1] / base[1]:.2f}x")
    print(
        f"peak RSS per worker (MB): 1 worker {[round(x) for x in rss[1]]}, 2 workers {[round(x) for x in rss[2]]}"
        f"  (goal < 1536); this process {own_rss:.0f}"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    sys.exit(main())
