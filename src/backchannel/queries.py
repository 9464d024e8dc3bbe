"""Queries over a store, as Arrow tables: what the CLI, the REST API and the dashboard ask.

Every query is parameterised SQL (no text from a caller is ever put into SQL) over the tables of
``store.py``; with ``store.py`` this is the only module that speaks SQL.  Events are the merged
ones (one per real-world event, ``merged_events``) unless ``merged=False`` asks for each
article's own (``events``).

* ``events``: filtered by countries (all must take part), actor name, type, mode, status, date
  range and text in the evidence; ``count_events`` gives the total for pagination.
* ``timeline``: contacts between two countries (or of one) per week or month, by type and status.
* ``network``: weighted edges between countries or actors, with counts by type.
* ``article`` and ``event``: one record with everything around it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

import duckdb
import pyarrow as pa

from backchannel.store import EventFilter, Store

Unit = Literal["week", "month"]
#: the widest range of days an event may have to count in a week or a month of a timeline
MAX_SPAN: dict[str, int] = {"week": 10, "month": 45}
Level = Literal["country", "actor"]

_EVENT_COLUMNS = (
    "id, article_id, event_type, mode, date_value, date_precision, date_earliest, date_latest, status, "
    "announced, countries, actor, recipient, location, evidence, attribution, first_reported"
)


def _cursor(store: Store) -> duckdb.DuckDBPyConnection:
    """A cursor of the store's connection per query: no query sees another's unfinished result,
    and threads (the API's) each get their own."""
    return store.con.cursor()


def _table(filters: EventFilter) -> str:
    return "merged_events" if filters.merged else "events"


__all__ = ["EventFilter", "article", "articles", "channels", "count_events", "event", "events", "network",
           "pairs", "timeline"]  # fmt: skip


def events(
    store: Store, filters: EventFilter | None = None, *, limit: int = 100, offset: int = 0
) -> pa.Table:
    """One row per event, by date (undated last); nested parts as JSON text; ``n_sources``."""
    filters = filters or EventFilter()
    where, params = filters.where()
    sources = "n_sources" if filters.merged else "1 AS n_sources"
    sql = (
        f"SELECT {_EVENT_COLUMNS}, {sources} FROM {_table(filters)} WHERE {where} "
        "ORDER BY coalesce(date_earliest, date_latest) NULLS LAST, first_reported NULLS LAST, id "
        "LIMIT ? OFFSET ?"
    )
    return _cursor(store).sql(sql, params=[*params, limit, offset]).to_arrow_table()


def count_events(store: Store, filters: EventFilter | None = None) -> int:
    filters = filters or EventFilter()
    where, params = filters.where()
    row = _cursor(store).execute(f"SELECT count(*) FROM {_table(filters)} WHERE {where}", params).fetchone()
    return int(row[0]) if row else 0


def timeline(
    store: Store,
    country: str | None,
    other: str | None = None,
    *,
    unit: Unit = "month",
    filters: EventFilter | None = None,
) -> pa.Table:
    """Contacts between ``country`` and ``other`` (or of ``country`` with anyone, or of anyone when
    ``country`` is None: an actor's, with ``filters.actor``) per ``unit``:
    ``period`` (the first day of the week or month), ``event_type``, ``status``, ``events``.
    Merged events only: each real-world event counts once, in the period of the middle of the
    days it can have been on, when those days span about the unit or less (``MAX_SPAN``).
    ``Store.optimize`` keeps ``event_pairs`` in pair order, which is what makes this fast."""
    if unit not in ("week", "month"):
        raise ValueError(f"unit must be week or month, not {unit!r}")
    filters = filters or EventFilter()
    a, b = (country or "").upper(), (other or "").upper()
    params: list[Any]
    # event_pairs has one row per merged event and pair of its countries (the store deletes an
    # event's rows before writing them again), so a pair's rows count its events: count(*), not
    # count(DISTINCT merged_id), whose hash of every id cost ~10x the scan on a busy pair
    # (bench/store.py).  One country needs DISTINCT: an event of three countries has two of its pairs.
    if not a:  # every pair of the filtered events: each event once
        pair = "TRUE"
        params = []
        count = "count(DISTINCT p.merged_id)"
    elif b:
        pair = "p.a = ? AND p.b = ?"
        params = sorted((a, b))
        count = "count(*)"
    else:
        pair = "(p.a = ? OR p.b = ?)"
        params = [a, a]
        count = "count(DISTINCT p.merged_id)"
    extra, extra_params = filters.where("e")
    join = "" if extra == "TRUE" else f" AND p.merged_id IN (SELECT e.id FROM merged_events e WHERE {extra})"
    # an event counts in a period (at the middle of its range of days) only when that range is
    # about a unit or less: "in 2022" is in no month, "between February 24 and March 23" is
    sql = (
        f"SELECT CAST(date_trunc('{unit}', p.day) AS DATE) AS period, p.event_type, p.status, "
        f"{count} AS events FROM event_pairs p WHERE {pair} AND p.day IS NOT NULL AND p.span <= ?{join} "
        "GROUP BY ALL ORDER BY period, p.event_type, p.status"
    )
    return _cursor(store).sql(sql, params=[*params, MAX_SPAN[unit], *extra_params]).to_arrow_table()


def network(
    store: Store, *, level: Level = "country", filters: EventFilter | None = None, min_events: int = 1
) -> pa.Table:
    """Weighted edges: ``source``, ``target`` (countries, or actors: a person's name, else
    country/sector), ``event_type``, ``events``; merged events only, heaviest first."""
    filters = filters or EventFilter()
    where, params = filters.where("e")
    if level == "country":
        sql = (
            "SELECT p.a AS source, p.b AS target, p.event_type, count(*) AS events FROM event_pairs p "
            f"JOIN merged_events e ON e.id = p.merged_id WHERE {where} GROUP BY ALL HAVING count(*) >= ? "
            "ORDER BY events DESC, source, target, p.event_type"
        )
    elif level == "actor":
        label = "coalesce(x.name, concat_ws('/', x.country, x.sector))"
        # edges join an actor to a recipient; an event with no recipient joins its actors to each other
        sql = (
            f"WITH parts AS (SELECT x.event_id, x.part, {label} AS label, e.event_type FROM merged_event_actors x "
            f"JOIN merged_events e ON e.id = x.event_id WHERE {where} AND x.part IN ('actor', 'recipient') "
            "AND (x.name IS NOT NULL OR x.country IS NOT NULL)), "
            "sided AS (SELECT event_id, bool_or(part = 'recipient') AS has_recipient FROM parts GROUP BY event_id) "
            "SELECT least(s.label, t.label) AS source, greatest(s.label, t.label) AS target, s.event_type, "
            "count(DISTINCT s.event_id) AS events FROM parts s JOIN parts t ON s.event_id = t.event_id "
            "JOIN sided d ON d.event_id = s.event_id "
            "WHERE s.label <> t.label AND (CASE WHEN d.has_recipient THEN s.part = 'actor' AND t.part = 'recipient' "
            "ELSE s.label < t.label END) GROUP BY ALL HAVING count(DISTINCT s.event_id) >= ? "
            "ORDER BY events DESC, source, target, s.event_type"
        )
    else:
        raise ValueError(f"level must be country or actor, not {level!r}")
    return _cursor(store).sql(sql, params=[*params, min_events]).to_arrow_table()


def _rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = _cursor(store).execute(sql, list(params))
    names = [d[0] for d in cursor.description or []]
    return [_plain(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


JSON_COLUMNS = frozenset({"actor", "recipient", "location", "evidence", "attribution", "status_statements",
                          "intermediary", "sources", "trigger", "speaker", "parties"})  # fmt: skip


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON columns parsed, dates as ISO strings."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if key in JSON_COLUMNS and isinstance(value, str):
            value = json.loads(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[key] = value
    return out


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with its story, events (each with the merged event it went into), quotes,
    timexes, channels and rejects; None when it is not stored."""
    found = _rows(store, "SELECT * EXCLUDE (ingested_at) FROM articles WHERE id = ?", [article_id])
    if not found:
        return None
    record = found[0]
    record["events"] = _rows(
        store,
        "SELECT e.*, m.merged_id FROM events e LEFT JOIN event_merges m ON m.event_id = e.id "
        "WHERE e.article_id = ? ORDER BY e.rowid",
        [article_id],
    )
    for table in ("quotes", "timexes", "channels"):
        order = "id" if table == "channels" else "start NULLS LAST, id"
        record[table] = _rows(store, f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}",
                              [article_id])  # fmt: skip
    record["rejects"] = _rows(
        store, "SELECT path, reason, message FROM rejects WHERE article_id = ? ORDER BY path", [article_id]
    )
    return record


def event(store: Store, event_id: str) -> dict[str, Any] | None:
    """A merged or per-article event with every source: each source's article (title, outlet,
    url, published), its own event's evidence (text and offsets into that article's text) and why
    it was merged; quotes linked to it.  None when there is no such event."""
    merged = _rows(store, "SELECT * FROM merged_events WHERE id = ?", [event_id])
    if not merged:
        own = _rows(store, "SELECT * FROM events WHERE id = ?", [event_id])
        if not own:
            return None
        group = _rows(store, "SELECT merged_id FROM event_merges WHERE event_id = ?", [event_id])
        record = own[0] | {"merged_id": group[0]["merged_id"] if group else None}
        members = [event_id]
    else:
        record = merged[0]
        members = [r["event_id"] for r in _rows(
            store, "SELECT event_id FROM event_merges WHERE merged_id = ? ORDER BY position", [event_id])]  # fmt: skip
    record["reports"] = _rows(
        store,
        "SELECT e.id AS event_id, e.article_id, a.title, a.outlet, a.url, a.published, a.story_id, e.status, "
        "e.attribution, e.evidence, m.reason FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN event_merges m ON m.event_id = e.id WHERE list_contains(?, e.id) "
        "ORDER BY a.published NULLS LAST, e.id",
        [members],
    )
    record["quotes"] = _rows(
        store, "SELECT * FROM quotes WHERE list_contains(?, event_id) ORDER BY article_id, start", [members]
    )
    return record


def pairs(store: Store, *, limit: int = 20) -> pa.Table:
    """Country pairs by number of merged events, most first (the dashboard's default pair)."""
    return (
        _cursor(store)
        .sql(
            # one row per merged event and pair (see timeline): count(*) counts events
            "SELECT a, b, count(*) AS events FROM event_pairs GROUP BY a, b "
            "ORDER BY events DESC, a, b LIMIT ?",
            params=[limit],
        )
        .to_arrow_table()
    )


def _page(store: Store, table: str, sql: str, limit: int, offset: int) -> tuple[int, pa.Table]:
    """(rows in ``table``, the page of ``sql``, which ends in ``LIMIT ? OFFSET ?``)."""
    total = _cursor(store).execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return int(total), _cursor(store).sql(sql, params=[limit, offset]).to_arrow_table()


def articles(store: Store, *, limit: int = 100, offset: int = 0) -> tuple[int, pa.Table]:
    """Stored articles without their text (total, page), oldest publication first, with counts of
    events."""
    return _page(
        store,
        "articles",
        "SELECT a.id, a.path, a.title, a.outlet, a.url, a.published, a.story_id, "
        "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events FROM articles a "
        "ORDER BY a.published NULLS LAST, a.path, a.id LIMIT ? OFFSET ?",
        limit,
        offset,
    )


def channels(store: Store, *, limit: int = 100, offset: int = 0) -> tuple[int, pa.Table]:
    """Standing channels (total, page) with their article's outlet and date, newest first."""
    return _page(
        store,
        "channels",
        "SELECT c.id, c.article_id, c.channel_type, c.parties, c.purpose, c.state, c.evidence, a.outlet, "
        "a.published, a.title FROM channels c JOIN articles a ON a.id = c.article_id "
        "ORDER BY a.published DESC NULLS LAST, c.id LIMIT ? OFFSET ?",
        limit,
        offset,
    )
