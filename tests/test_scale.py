"""``backchannel scale`` on a real two-worker Dask LocalCluster, against single-process ingest.

The corpus is a subset of ``../shared/corpus`` (the bundled ``examples/corpus`` readouts when it is
absent), written by the test as JSON Lines and as a WARC.gz of HTTP responses with HTML pages.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from backchannel.pipeline import Pipeline
from backchannel.scale import ScaleSummary, plan, run_scale
from backchannel.scale.worker import marker_path
from backchannel.store import Store
from conftest import REPO_DIR, SHARED_DIR

#: tables compared between the two runs (time stamps left out)
TABLES = ("articles", "events", "event_actors", "actors", "quotes", "timexes", "channels", "rejects",
          "stories", "merged_events", "merged_event_actors", "event_merges")  # fmt: skip


def _rows() -> list[dict[str, Any]]:
    corpus = SHARED_DIR / "corpus" / "kremlin_zelenskyy_2022.jsonl"
    if not corpus.is_file():
        corpus = REPO_DIR / "examples" / "corpus" / "readouts.jsonl"
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows.sort(key=lambda r: (len(r["text"]), r["id"]))  # the shorter readouts keep the test quick
    return rows[:320]


def _html(row: dict[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in row["text"].split("\n") if p.strip())
    return (
        f"<html><head><title>{row['title']}</title>"
        f'<meta property="article:published_time" content="{row["published"]}"></head>'
        f"<body><article><h1>{row['title']}</h1>{paragraphs}</article></body></html>"
    ).encode()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    rows = _rows()
    jsonl_rows, warc_rows = rows[0::4] + rows[1::4] + rows[2::4], rows[3::4]
    directory = tmp_path_factory.mktemp("scale_inputs")
    jsonl = directory / "wire.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in jsonl_rows]
    lines.insert(len(lines) // 3, "{not json")  # a MALFORMED row
    lines.append(lines[5])  # the same article again, in the last partition: a DUPLICATE skip
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    warc = directory / "crawl.warc.gz"
    with warc.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for row in warc_rows:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(writer.create_warc_record(
                row["url"], "response", payload=io.BytesIO(_html(row)), http_headers=http,
                warc_headers_dict={"WARC-Date": f"{row['published']}T12:00:00Z"},
            ))  # fmt: skip
    return [jsonl, warc]


def _partition_bytes(inputs: list[Path]) -> int:
    return max(2048, min(p.stat().st_size for p in inputs) // 3)  # several partitions per file


@pytest.fixture(scope="module")
def reference(
    pipeline: Pipeline, inputs: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """Single-process ``ingest`` of the same inputs, written in the command's batches of 64."""
    db = tmp_path_factory.mktemp("scale_reference") / "ingest.duckdb"
    with Store(db) as store:
        pending: list[Any] = []
        for item in pipeline.extract(inputs):
            pending.append(item)
            if len(pending) >= 64:
                store.write(pending)
                pending = []
        store.write(pending)
    return _tables(db)


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as dask:
        yield dask


def _tables(db: Path) -> dict[str, Any]:
    with Store(db, read_only=True) as store:
        out = {}
        for table in TABLES:
            cursor = store.con.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description or []]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            for row in rows:
                row.pop("ingested_at", None)
                row.pop("recorded_at", None)
            out[table] = sorted(rows, key=repr)
    return out


def _assert_same(got: dict[str, Any], expected: dict[str, Any]) -> None:
    for table in TABLES:
        assert len(got[table]) == len(expected[table]), table
        assert got[table] == expected[table], table


def test_scale_matches_single_process_ingest_and_resumes(
    client: Client, inputs: list[Path], reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    step = _partition_bytes(inputs)
    began = time.perf_counter()
    summary = run_scale(inputs, out, client=client, partition_bytes=step)
    seconds = time.perf_counter() - began
    assert summary.partitions >= 6 and len(summary.ran) == summary.partitions and not summary.failed
    assert len({r.worker for r in summary.ran}) == 2, "both workers took partitions"
    got = _tables(out / "backchannel.duckdb")
    _assert_same(got, reference)
    # every input row but the malformed one and the duplicate is an article, and most have events
    assert len(got["articles"]) == len(_rows()) and len(got["merged_events"]) > len(_rows()) // 3
    assert summary.processed == len(got["articles"]) and summary.rejected == {"MALFORMED": 1}
    assert summary.skipped == {"DUPLICATE": 1}
    duplicate = next(r for r in got["rejects"] if r["reason"] == "DUPLICATE")
    assert duplicate["message"].startswith(f"same text as {inputs[0]}:")
    assert (out / "events.parquet").is_file() and (out / "articles").is_dir()
    print(f"scale on 2 workers: {summary.processed} articles in {seconds:.1f} s")

    again = run_scale(inputs, out, client=client, partition_bytes=step)  # everything done: nothing runs
    assert (again.ran, again.resumed, again.written.new_articles) == ([], summary.partitions, 0)
    first = plan(inputs, step).partitions[0]
    marker_path(out, first.id).unlink()  # one partition lost its marker: only it runs again
    third = run_scale(inputs, out, client=client, partition_bytes=step)
    assert [r.id for r in third.ran] == [first.id] and third.written.new_articles == 0
    _assert_same(_tables(out / "backchannel.duckdb"), reference)


def test_scale_worker_killed_mid_run_loses_and_duplicates_nothing(
    client: Client, inputs: list[Path], reference: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result: dict[str, ScaleSummary] = {}
    runner = threading.Thread(
        target=lambda: result.update(summary=run_scale(inputs, out, client=client, partition_bytes=1 << 14))
    )
    runner.start()
    victim, keys, deadline = None, [], time.monotonic() + 240
    while victim is None and time.monotonic() < deadline and runner.is_alive():
        done = list((out / "_done").glob("*.json")) if (out / "_done").is_dir() else []
        busy = {w: list(k) for w, k in client.processing().items() if k}
        if done and busy:
            victim, keys = next(iter(busy.items()))
        else:
            time.sleep(0.1)
    assert victim is not None, "no partition was running to interrupt"
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)  # the nanny starts a new worker; the scheduler reruns its tasks
    runner.join(timeout=600)
    summary = result["summary"]
    assert not summary.failed and len(summary.ran) == summary.partitions
    redone = [
        k
        for k in keys
        if not json.loads(marker_path(out, k.split("-", 2)[2]).read_text())["worker"].endswith(f":{pid}")
    ]
    assert redone, "a task of the killed worker ran again elsewhere"
    _assert_same(_tables(out / "backchannel.duckdb"), reference)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "--out", "OUT"], "standard input cannot be split"),
        (["x.jsonl", "--out", "OUT", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "--workers"),
    ],
)
def test_scale_cli_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    done = subprocess.run([str(Path(sys.executable).parent / "backchannel"), "scale", *argv],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert message in done.stderr


def test_scale_local_cluster_workers_get_the_quiet_configuration() -> None:
    """The worker processes of run_scale's own cluster run with QUIET_WORKERS (the nannies pass
    the configuration on), not with Dask's defaults."""
    import dask

    from backchannel.scale import QUIET_WORKERS, _client

    with _client(None, None, 1) as local:
        seen = local.run(lambda: {key: dask.config.get(key) for key in QUIET_WORKERS})
    assert list(seen.values()) == [QUIET_WORKERS]
    assert dask.config.get("distributed.admin.tick.interval") != "1s"  # this process: unchanged
