"""Export (``backchannel export``): Parquet, CSV and JSON Lines, native and POLECAT layouts, read
back with pyarrow and the standard library from a real store of the bundled seeds."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq
import pytest

from backchannel import queries
from backchannel.export import POLECAT_COLUMNS, POLECAT_EXTENSIONS, export_events
from backchannel.store import Store

if TYPE_CHECKING:
    from backchannel.pipeline import Pipeline


@pytest.fixture(scope="module")
def store_path(pipeline: Pipeline, repo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "seeds.duckdb"
    with Store(path) as store:
        store.write(list(pipeline.extract([repo_dir / "examples" / "seeds"])))
    return path


@pytest.mark.parametrize("merged", [True, False])
def test_export_native_formats_hold_every_event(store_path: Path, tmp_path: Path, merged: bool) -> None:
    with Store(store_path, read_only=True) as store:
        expected = {e.id: e for e in store.events(merged=merged)}
        for fmt in ("parquet", "csv", "jsonl"):
            assert export_events(store, tmp_path / f"e.{fmt}", fmt=fmt, merged=merged, batch=3) == len(
                expected
            )  # type: ignore[arg-type]
    assert expected
    table = pq.read_table(tmp_path / "e.parquet")
    assert sorted(table.column("id").to_pylist()) == sorted(expected)
    with (tmp_path / "e.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["id"] for r in rows) == sorted(expected)
    records = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:  # the JSON Lines export is the event record itself
        assert record.pop("kind") == "event"
        assert record == expected[record["id"]].to_dict()
    row = next(r for r in rows if json.loads(r["evidence"])[0]["text"] == expected[r["id"]].evidence[0].text)
    assert json.loads(row["actor"]) == [a.to_dict() for a in expected[row["id"]].actor]


def test_export_polecat_layout(store_path: Path, tmp_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        total = queries.count_events(store)
        assert export_events(store, tmp_path / "p.parquet", fmt="parquet", layout="polecat") == total
        export_events(store, tmp_path / "p.csv", fmt="csv", layout="polecat")
    table = pq.read_table(tmp_path / "p.parquet")
    assert table.column_names == [*POLECAT_COLUMNS, *POLECAT_EXTENSIONS]
    rows = table.to_pylist()
    [ankara] = [r for r in rows if r["Placename"] == "Ankara"]
    assert (ankara["Event Type"], ankara["Event Mode"], ankara["Quad Code"]) == ("CONSULT", "third-party", 1)
    assert ankara["Event Date"] == "2022-11-14" and ankara["Status"] == "unconfirmed"
    assert ankara["Country"] == "TUR" and ankara["Source"] == "moonofalabama.org"
    with (tmp_path / "p.csv").open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == [*POLECAT_COLUMNS, *POLECAT_EXTENSIONS]


def test_export_of_an_empty_store_writes_the_columns(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as store:
        assert export_events(store, tmp_path / "e.parquet", fmt="parquet", layout="polecat") == 0
        assert export_events(store, tmp_path / "e.jsonl", fmt="jsonl") == 0
    assert pq.read_table(tmp_path / "e.parquet").column_names[0] == "Event ID"
    assert (tmp_path / "e.jsonl").read_text() == ""


def test_export_cli(store_path: Path, tmp_path: Path) -> None:
    from test_cli import run

    result = run("export", tmp_path / "out.csv", "--format", "csv", "--layout", "polecat", "--db", store_path)
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stderr and (tmp_path / "out.csv").stat().st_size > 0
    bad = run("export", tmp_path / "out.xls", "--format", "xls", "--db", store_path)
    assert bad.returncode == 2 and "xls" in bad.stderr


def test_export_that_fails_leaves_the_previous_file(
    store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "e.parquet"
    out.write_bytes(b"the previous export")

    def failing(self: Store, filters: object, *, batch: int = 10_000) -> object:
        raise RuntimeError("query failed mid-export")
        yield

    with Store(store_path, read_only=True) as store:
        monkeypatch.setattr(Store, "iter_events", failing)
        with pytest.raises(RuntimeError, match="mid-export"):
            export_events(store, out, fmt="parquet")
    assert out.read_bytes() == b"the previous export"
    assert not (tmp_path / "e.parquet.partial").exists()
