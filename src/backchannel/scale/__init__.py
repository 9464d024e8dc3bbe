"""The distributed runner: the pipeline over a large corpus on Dask (``backchannel scale``).

1. **Plan** (client, ``partition``): the inputs are walked as ``ingest`` walks them and cut into
   partitions by file and byte range.
2. **Run** (workers, ``worker``): each worker process builds the pipeline once and writes each
   partition's results as Parquet shards with deterministic names, then a marker; a task whose
   worker died is retried by Dask and overwrites the same names; a re-run skips marked partitions.
3. **Load** (client, here): the shards of finished partitions are read in input order into a DuckDB
   file through ``Store.write_rows``, which merges stories and events as ``ingest`` does; an
   article already met in an earlier partition becomes a DUPLICATE skip, as in a single run; the
   merged events are also written to ``<out>/events.parquet``.

The engine is dask.distributed: a ``LocalCluster`` (one single-threaded worker process per core)
unless a scheduler address is given.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from backchannel.model import Reject, RejectReason
from backchannel.scale.partition import DEFAULT_PARTITION_BYTES, Partition, Plan, ScaleError, plan
from backchannel.scale.worker import (
    DONE_DIR,
    PartitionResult,
    is_done,
    run_partition,
    shard_path,
    warm,
)
from backchannel.settings import Settings
from backchannel.store import ITEM_TABLES, Store, WriteResult, item_rows

__all__ = [
    "DEFAULT_PARTITION_BYTES", "QUIET_WORKERS", "Partition", "PartitionResult", "Plan", "ScaleError",
    "ScaleSummary", "load_shards", "plan", "run_scale",
]  # fmt: skip

log = logging.getLogger(__name__)

#: The Dask configuration of the local cluster (its nannies pass it to the worker processes).
#: A worker's background threads share its core and the GIL with the pipeline, which is all
#: Python.  By default they cost a measurable share of it: the statistical profiler samples
#: every thread 100 times a second, the event loop's tick runs 50 times a second, the system
#: monitor (psutil: CPU, memory, network, disk) twice a second, the memory monitor ten times a
#: second.  Measured on an idle worker process: 1.14 CPU s per 30 s by default, 0.76 without the
#: profiler, 0.14 with all of these (2.1% -> 0.5% of a core).  The dashboard still shows tasks,
#: progress and memory (refreshed every 2 s); a worker over its memory limit is paused or
#: restarted within 1 s instead of 0.1 s; gil.enabled only matters where gilknocker is
#: installed (it samples the GIL every millisecond).  README "On a multi-machine cluster" gives
#: the same settings for ``dask worker``.
QUIET_WORKERS: dict[str, object] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.worker.memory.monitor-interval": "1s",
}

#: called with the number of partitions to run and the number already done
PlanCallback = Callable[[int, int], None]
#: called when the cluster is up: its dashboard link and its number of workers
ClusterCallback = Callable[[str | None, int], None]
#: called as each partition finishes: its result, or its id and error
ResultCallback = Callable[[PartitionResult | tuple[str, str]], None]


@dataclass(slots=True)
class ScaleSummary:
    """A run: partitions run, resumed and failed; what the load stored, counted like ``ingest``."""

    partitions: int = 0
    resumed: int = 0
    ran: list[PartitionResult] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # partition (path and id) -> error
    processed: int = 0
    events: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    written: WriteResult = field(default_factory=WriteResult)
    db: Path | None = None
    dashboard: str | None = None
    workers: int = 0

    def count_reject(self, reason: str) -> None:
        bucket = self.skipped if RejectReason(reason).is_skip else self.rejected
        bucket[reason] = bucket.get(reason, 0) + 1

    @property
    def exit_code(self) -> int:
        """0 everything processed, 1 some inputs rejected or partitions failed, 3 nothing processed."""
        if self.processed == 0:
            return 3
        return 1 if self.failed or self.rejected else 0


def run_scale(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    db: str | Path | None = None,
    partition_bytes: int = DEFAULT_PARTITION_BYTES,
    settings: Settings | None = None,
    client: Any = None,
    on_plan: PlanCallback | None = None,
    on_cluster: ClusterCallback | None = None,
    on_result: ResultCallback | None = None,
) -> ScaleSummary:
    """Plan, run the partitions not done yet on Dask, load every finished one into ``db``
    (default ``<out>/backchannel.duckdb``).  ``client``: an existing ``distributed.Client``."""
    settings = settings or Settings()
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScaleError(f"{out}: cannot create the output directory: {exc.strerror or exc}") from exc
    the_plan = plan(inputs, partition_bytes)
    summary = ScaleSummary(partitions=len(the_plan.partitions))
    todo = [p for p in the_plan.partitions if not is_done(out, p.id)]
    summary.resumed = summary.partitions - len(todo)
    if on_plan:
        on_plan(len(todo), summary.resumed)
    if todo:
        with _client(client, scheduler, workers) as dask:
            summary.dashboard = dask.dashboard_link
            try:
                summary.workers = len(dask.run(warm, settings))  # every worker loads its models once, now
            except Exception as exc:  # a worker without the model or the dictionaries
                raise ScaleError(
                    f"a worker could not build the pipeline: {type(exc).__name__}: {exc}"
                ) from exc
            if on_cluster:
                on_cluster(summary.dashboard, summary.workers)
            _run(dask, todo, out, settings, summary, on_result)
        for stale in (*out.glob("*/part-*.parquet.tmp-*"), *out.glob(f"{DONE_DIR}/*.json.tmp-*")):
            stale.unlink(missing_ok=True)  # left by attempts whose worker died
    load_shards(out, the_plan, db if db is not None else out / "backchannel.duckdb", summary)
    return summary


@contextmanager
def _client(client: Any, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if client is not None:
        yield client
        return
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            remote = Client(scheduler, timeout="30s")  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with remote:
            yield remote
        return
    count = workers or os.cpu_count() or 1
    with dask.config.set(QUIET_WORKERS):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    with cluster, Client(cluster) as local:  # type: ignore[no-untyped-call]
        yield local


def _run(
    dask: Any,
    todo: list[Partition],
    out: Path,
    settings: Settings,
    summary: ScaleSummary,
    on_result: ResultCallback | None,
) -> None:
    from distributed import as_completed

    keys = [f"backchannel-partition-{p.id}" for p in todo]
    futures = dask.map(run_partition, todo, out=str(out), settings=settings, key=keys, retries=1)
    names = {
        f.key: f"{p.path}[{p.start}:{'' if p.end is None else p.end}] ({p.id})"
        for f, p in zip(futures, todo, strict=True)
    }
    for future in as_completed(futures):  # type: ignore[no-untyped-call]
        if future.status == "finished":
            result: PartitionResult = future.result()
            summary.ran.append(result)
            if on_result:
                on_result(result)
        else:
            try:
                error = future.exception()
            except Exception as exc:  # cancelled (e.g. the scheduler went away)
                error = exc
            message = f"{type(error).__name__}: {error}"
            summary.failed[names[future.key]] = message
            log.error("partition %s failed: %s", names[future.key], message)
            if on_result:
                on_result((names[future.key], message))
        future.release()


def load_shards(out: str | Path, the_plan: Plan, db: str | Path, summary: ScaleSummary) -> None:
    """Read the shards of every finished partition, in input order, into the DuckDB file ``db``."""
    summary.db = Path(db)
    seen: dict[str, str] = {}  # article id -> the path it was first met at
    with Store(db) as store:
        plan_rejects = item_rows(the_plan.rejects)["rejects"]
        for row in plan_rejects:
            summary.count_reject(row["reason"])
        summary.written.add(store.write_rows({"rejects": plan_rejects}))
        for partition in the_plan.partitions:
            if not is_done(out, partition.id):
                continue
            rows = {t: pq.read_table(shard_path(out, t, partition.id)).to_pylist() for t in ITEM_TABLES}
            rows = _first_seen(rows, seen)
            summary.processed += len(rows["articles"])
            summary.events += len(rows["events"])
            for row in rows["rejects"]:
                summary.count_reject(row["reason"])
            summary.written.add(store.write_rows(rows))
        if summary.written.new_articles:
            store.optimize(min_growth=0.1)
        from backchannel.export import export_events

        export_events(store, Path(out) / "events.parquet", fmt="parquet")


def _first_seen(
    rows: dict[str, list[dict[str, Any]]], seen: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """An article met in an earlier partition is a DUPLICATE skip naming where it was first met,
    and a duplicate the worker found names the first place over the whole run, as ``ingest``'s
    in-run check does."""
    again: list[Reject] = []
    for row in sorted(rows["articles"], key=lambda r: r["seq"]):
        if row["id"] in seen:
            again.append(_duplicate(row["path"] or "<input>", row["id"], seen))
        else:
            seen[row["id"]] = row["path"] or "<input>"
    dropped = {r.article_id for r in again}
    out = {t: [r for r in table if r.get("article_id" if t != "articles" else "id") not in dropped]
           for t, table in rows.items() if t != "rejects"}  # fmt: skip
    rejects = []
    for row in rows["rejects"]:
        if row["reason"] == RejectReason.DUPLICATE.value and row["article_id"] in seen:
            again.append(_duplicate(row["path"], row["article_id"], seen))
        else:
            rejects.append(row)
    out["rejects"] = rejects + item_rows(again)["rejects"]
    return out


def _duplicate(path: str, article_id: str, seen: dict[str, str]) -> Reject:
    return Reject(path, RejectReason.DUPLICATE, f"same text as {seen[article_id]} (article {article_id})",
                  article_id=article_id)  # fmt: skip
