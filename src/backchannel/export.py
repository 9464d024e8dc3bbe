"""Export stored events as Parquet, CSV or JSON Lines, in backchannel's own layout or POLECAT's.

* ``native``: the event records of DESIGN.md section 3 (one per real-world event, ``sources``
  listing every report; or each article's own with ``merged=False``).  JSON Lines keeps the nested
  parts; Parquet and CSV hold them as JSON text, with the date flattened.
* ``polecat``: one row per event with the column names of the POLECAT data set (see
  ``POLECAT_COLUMNS`` and the README for the mapping); several actors in one column are joined by
  "; ", as POLECAT's sector lists are.

Rows stream from one query in batches, so an export never holds the whole table in memory; they
go to ``OUT.partial``, which replaces ``OUT`` only when the export is whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from backchannel.model import Actor, Event
from backchannel.store import EventFilter, Store

Format = Literal["parquet", "csv", "jsonl"]
Layout = Literal["native", "polecat"]

QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),  # verbal cooperation
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),  # material cooperation
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),  # verbal conflict
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),  # material conflict
}

#: POLECAT column -> what fills it (README: "Export").
POLECAT_COLUMNS: dict[str, str] = {
    "Event ID": "id",
    "Event Date": "date.value, else the earliest or latest day",
    "Event Type": "event_type",
    "Event Mode": "mode",
    "Quad Code": "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict",
    "Contexts": "context, joined by '; '",
    "Actor Name": "actor names (else role or text)",
    "Actor Country": "actor countries",
    "Primary Actor Sector": "actor sectors",
    "Actor Title": "actor roles",
    "Actor Name Raw": "actor text as written",
    "Recipient Name": "recipient names (else role or text)",
    "Recipient Country": "recipient countries",
    "Primary Recipient Sector": "recipient sectors",
    "Recipient Title": "recipient roles",
    "Recipient Name Raw": "recipient text as written",
    "Placename": "location.name",
    "Country": "location.country",
    "Latitude": "location.lat",
    "Longitude": "location.lon",
    "Raw Placename": "location.text",
    "Source": "the outlets of every source, joined by '; '",
    "Publication Date": "first_reported",
    "Language": "en",
}
#: backchannel's own columns added after POLECAT's.
POLECAT_EXTENSIONS = ("Date Precision", "Status", "Announced", "Attribution", "Number of Sources", "Evidence")


def _join(values: Sequence[str | None]) -> str | None:
    kept = [v for v in values if v]
    return "; ".join(kept) if kept else None


def _names(actors: list[Actor]) -> str | None:
    return _join([a.name or a.role or a.text for a in actors])


def polecat_row(e: Event) -> dict[str, Any]:
    place = e.location
    return {
        "Event ID": e.id,
        "Event Date": e.date.value or e.date.earliest or e.date.latest,
        "Event Type": e.event_type,
        "Event Mode": e.mode,
        "Quad Code": QUAD.get(e.event_type),
        "Contexts": _join(list(e.context)),
        "Actor Name": _names(e.actor),
        "Actor Country": _join([a.country for a in e.actor]),
        "Primary Actor Sector": _join([a.sector for a in e.actor]),
        "Actor Title": _join([a.role for a in e.actor]),
        "Actor Name Raw": _join([a.text for a in e.actor]),
        "Recipient Name": _names(e.recipient),
        "Recipient Country": _join([a.country for a in e.recipient]),
        "Primary Recipient Sector": _join([a.sector for a in e.recipient]),
        "Recipient Title": _join([a.role for a in e.recipient]),
        "Recipient Name Raw": _join([a.text for a in e.recipient]),
        "Placename": place.name if place else None,
        "Country": place.country if place else None,
        "Latitude": place.lat if place else None,
        "Longitude": place.lon if place else None,
        "Raw Placename": place.text if place else None,
        "Source": _join(sorted({s.outlet for s in e.sources if s.outlet})),
        "Publication Date": e.first_reported,
        "Language": "en",
        "Date Precision": e.date.precision,
        "Status": e.status,
        "Announced": e.announced,
        "Attribution": _join([a.name or a.kind for a in e.attribution]),
        "Number of Sources": len(e.sources),
        "Evidence": " … ".join(ev.text for ev in e.evidence),
    }


_POLECAT_SCHEMA = pa.schema(
    [(name, pa.int32() if name in ("Quad Code", "Number of Sources") else
      pa.float64() if name in ("Latitude", "Longitude") else
      pa.bool_() if name == "Announced" else pa.string())
     for name in (*POLECAT_COLUMNS, *POLECAT_EXTENSIONS)]
)  # fmt: skip


_NATIVE_TYPES = {"confidence": pa.float64(), "negated": pa.bool_(), "hypothetical": pa.bool_(),
                 "future": pa.bool_(), "announced": pa.bool_()}  # fmt: skip


def _native_schema() -> pa.Schema:
    names = list(_native_row(Event(id="", article_id="", event_type="AGREE")))
    return pa.schema([(n, _NATIVE_TYPES.get(n, pa.string())) for n in names])


def _native_row(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    day = d.pop("date")
    flat = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) and k != "context" else v)
            for k, v in d.items()}  # fmt: skip
    flat.update({f"date_{k}": v for k, v in day.items()})
    flat["context"] = "; ".join(e.context)
    return flat


def export_events(
    store: Store,
    out: str | Path,
    *,
    fmt: Format,
    layout: Layout = "native",
    merged: bool = True,
    batch: int = 10_000,
) -> int:
    """Write every event to ``out``; returns the number written."""
    path = Path(out)
    partial = path.with_name(path.name + ".partial")  # the target is replaced only by a whole export
    written = 0
    writer: Any = None
    try:
        with partial.open("w", encoding="utf-8") if fmt == "jsonl" else nullcontext() as text_file:
            try:
                for events in store.iter_events(EventFilter(merged=merged), batch=batch):
                    written += len(events)
                    if text_file is not None:  # JSON Lines
                        for e in events:
                            record = (
                                polecat_row(e) if layout == "polecat" else {"kind": "event", **e.to_dict()}
                            )
                            text_file.write(json.dumps(record, ensure_ascii=False) + "\n")
                        continue
                    rows = [polecat_row(e) if layout == "polecat" else _native_row(e) for e in events]
                    schema = _POLECAT_SCHEMA if layout == "polecat" else _native_schema()
                    table = pa.Table.from_pylist(rows, schema=schema)
                    if writer is None:
                        writer = (
                            pq.ParquetWriter(partial, schema)
                            if fmt == "parquet"
                            else pacsv.CSVWriter(partial, schema)
                        )
                    writer.write_table(table)
            finally:
                if writer is not None:
                    writer.close()
        if writer is None and fmt != "jsonl":  # no events: an empty file with the columns
            empty = (_POLECAT_SCHEMA if layout == "polecat" else _native_schema()).empty_table()
            if fmt == "parquet":
                pq.write_table(empty, partial)
            else:
                pacsv.write_csv(empty, partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written
