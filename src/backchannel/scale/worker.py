"""One partition on a worker: the pipeline (built once per worker process) over it, written as
Parquet shards of the store's tables, then a marker file.

Shards are ``<out>/<table>/part-<id>.parquet``, written batch by batch under a temporary name
and renamed when complete; the marker ``<out>/_done/<id>.json`` is written last.  A task retried
after its worker died writes the same names again (the half-written temporary files of the dead
attempt are never read), and a partition with a marker is not run again.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from backchannel.model import Reject
from backchannel.pipeline import Pipeline
from backchannel.scale.partition import Partition, read_partition
from backchannel.settings import Settings
from backchannel.store import ITEM_TABLES, item_rows, table_schema

DONE_DIR = "_done"


@dataclass(slots=True)
class PartitionResult:
    """What a worker did with one partition (also the content of its marker file)."""

    id: str
    path: str
    start: int
    end: int | None
    articles: int
    rejects: int
    events: int
    seconds: float
    cpu_seconds: float = 0.0  # of the worker process over the task (its other threads included)
    worker: str = ""


def marker_path(out: str | Path, partition_id: str) -> Path:
    return Path(out) / DONE_DIR / f"{partition_id}.json"


def shard_path(out: str | Path, table: str, partition_id: str) -> Path:
    return Path(out) / table / f"part-{partition_id}.parquet"


def is_done(out: str | Path, partition_id: str) -> bool:
    """Finished: its marker and every shard are there (a lost shard makes the partition run again)."""
    return marker_path(out, partition_id).exists() and all(
        shard_path(out, t, partition_id).exists() for t in ITEM_TABLES
    )


_PIPELINES: dict[Settings, Pipeline] = {}  # one per worker process, built by its first task


def worker_pipeline(settings: Settings) -> Pipeline:
    """This process's pipeline, built once (what ``Client.run`` calls to warm every worker)."""
    if settings not in _PIPELINES:
        _PIPELINES[settings] = Pipeline(settings)
    return _PIPELINES[settings]


#: run once through a fresh pipeline: stages that initialise lazily (date parsing, gazetteer
#: lookups, spaCy's first batch) do it before the first partition rather than inside it
_WARM_TEXT = (
    "Russian President Vladimir Putin held a telephone conversation with French President Emmanuel "
    "Macron on Tuesday, May 3, 2022. The leaders discussed the situation in Ukraine and agreed to "
    "stay in contact, the Kremlin said. \u201cWe are ready to talk,\u201d Putin said in Moscow."
)


def warm(settings: Settings) -> int:
    """Build this worker's pipeline and run it once; returns the process id."""
    pipeline = worker_pipeline(settings)
    pipeline.process_text(_WARM_TEXT, published="2022-05-03")
    return os.getpid()


def run_partition(partition: Partition, out: str, settings: Settings) -> PartitionResult:
    """Run the pipeline over one partition and write its shards, then its marker (idempotent)."""
    marker = marker_path(out, partition.id)
    if is_done(out, partition.id):
        return PartitionResult(**json.loads(marker.read_text(encoding="utf-8")))
    began, cpu = time.perf_counter(), time.process_time()
    pipeline = worker_pipeline(settings)
    attempt = f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    targets = {t: shard_path(out, t, partition.id) for t in ITEM_TABLES}
    writers: dict[str, pq.ParquetWriter] = {}
    counts = {"articles": 0, "rejects": 0, "events": 0}
    seq = 0
    try:
        for t, target in targets.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            writers[t] = pq.ParquetWriter(f"{target}{attempt}", shard_schema(t))
        batch: list[Any] = []
        for item in pipeline.run(read_partition(partition, settings)):
            batch.append(item)
            if len(batch) >= settings.nlp_batch_size:
                seq = _write_batch(writers, batch, seq, counts)
                batch = []
        _write_batch(writers, batch, seq, counts)
    finally:
        for writer in writers.values():
            writer.close()
    for target in targets.values():
        os.replace(f"{target}{attempt}", target)
    result = PartitionResult(partition.id, partition.path, partition.start, partition.end,
                             counts["articles"], counts["rejects"], counts["events"],
                             round(time.perf_counter() - began, 3), round(time.process_time() - cpu, 3), worker=f"{os.uname().nodename}:{os.getpid()}")  # fmt: skip
    marker.parent.mkdir(parents=True, exist_ok=True)
    temporary = marker.with_name(marker.name + attempt)
    temporary.write_text(json.dumps(asdict(result)), encoding="utf-8")
    os.replace(temporary, marker)
    return result


def shard_schema(table: str) -> pa.Schema:
    schema = table_schema(table)
    return schema.append(pa.field("seq", pa.int64())) if table in ("articles", "rejects") else schema


def _write_batch(
    writers: dict[str, pq.ParquetWriter], items: list[Any], seq: int, counts: dict[str, int]
) -> int:
    rows = item_rows(items)
    order = {id(item): seq + n for n, item in enumerate(items)}
    articles = {a.id: order[id(a)] for a in reversed(items) if not isinstance(a, Reject)}
    for row in rows["articles"]:
        row["seq"] = articles[row["id"]]
    for row, item in zip(rows["rejects"], (i for i in items if isinstance(i, Reject)), strict=True):
        row["seq"] = order[id(item)]
    for table, table_rows in rows.items():
        if table_rows:
            writers[table].write_table(pa.Table.from_pylist(table_rows, schema=writers[table].schema))
    counts["articles"] += len(rows["articles"])
    counts["rejects"] += len(rows["rejects"])
    counts["events"] += len(rows["events"])
    return seq + len(items)
