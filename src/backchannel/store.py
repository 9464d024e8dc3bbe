"""The store: a DuckDB file.  The only module that speaks SQL.

Tables: ``articles``, ``rejects``, ``actors`` (every coded actor mention), ``events`` (nested parts as JSON, the date flattened),
``event_actors`` (one row per actor, recipient or intermediary, for queries by country or name),
``quotes``, ``timexes``, ``channels`` and ``schema_version``.  An article's id is a hash of its
cleaned text, so storing the same article twice stores it once; its events, quotes, timexes and
channels are written only with a new article.  A reject's id is a hash of path, reason and message,
so a re-run that meets the same bad input records it once.  Each ``write`` is one transaction,
and rows go in as Arrow tables, not ``executemany``.

DuckDB allows one writing process per file; a second process that opens the file while it is
being written gets ``StoreLocked`` with a clear message instead of waiting or corrupting it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from backchannel.model import Article, Event, Reject, content_id

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
DEFAULT_DB = "backchannel.duckdb"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, outlet VARCHAR, url VARCHAR,
    published DATE, language VARCHAR, story_id VARCHAR, source_id VARCHAR, text VARCHAR NOT NULL,
    n_sentences INTEGER, ingested_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS rejects (
    id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, reason VARCHAR NOT NULL, message VARCHAR NOT NULL,
    article_id VARCHAR, recorded_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL, mode VARCHAR,
    context VARCHAR[], actor JSON, recipient JSON, location JSON,
    date_text VARCHAR, date_value VARCHAR, date_precision VARCHAR, date_earliest DATE, date_latest DATE,
    status VARCHAR, announced BOOLEAN, status_statements JSON, attribution JSON, intermediary JSON,
    negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN, evidence JSON, sources JSON, confidence DOUBLE,
    trigger JSON);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, part VARCHAR NOT NULL, position INTEGER NOT NULL,
    text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, start INTEGER, "end" INTEGER);
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR NOT NULL, mention INTEGER NOT NULL, text VARCHAR, start INTEGER, "end" INTEGER,
    label VARCHAR, sentence INTEGER, antecedent INTEGER, name VARCHAR, country VARCHAR, sector VARCHAR,
    role VARCHAR);
CREATE TABLE IF NOT EXISTS quotes (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, start INTEGER, "end" INTEGER,
    speaker JSON, cue VARCHAR, event_id VARCHAR);
CREATE TABLE IF NOT EXISTS timexes (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, text VARCHAR NOT NULL, start INTEGER, "end" INTEGER,
    value VARCHAR, precision VARCHAR);
CREATE TABLE IF NOT EXISTS channels (
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, channel_type VARCHAR NOT NULL, parties JSON,
    purpose VARCHAR, state VARCHAR, evidence JSON);
"""

_J = pa.string()  # JSON columns travel as text
_TABLES: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("id", pa.string()), ("path", pa.string()), ("title", pa.string()), ("outlet", pa.string()),
        ("url", pa.string()), ("published", pa.date32()), ("language", pa.string()), ("story_id", pa.string()),
        ("source_id", pa.string()), ("text", pa.string()), ("n_sentences", pa.int32()),
        ("ingested_at", pa.timestamp("us")),
    ]),
    "rejects": pa.schema([
        ("id", pa.string()), ("path", pa.string()), ("reason", pa.string()), ("message", pa.string()),
        ("article_id", pa.string()), ("recorded_at", pa.timestamp("us")),
    ]),
    "events": pa.schema([
        ("id", pa.string()), ("article_id", pa.string()), ("event_type", pa.string()), ("mode", pa.string()),
        ("context", pa.list_(pa.string())), ("actor", _J), ("recipient", _J), ("location", _J),
        ("date_text", pa.string()), ("date_value", pa.string()), ("date_precision", pa.string()),
        ("date_earliest", pa.date32()), ("date_latest", pa.date32()), ("status", pa.string()),
        ("announced", pa.bool_()), ("status_statements", _J), ("attribution", _J), ("intermediary", _J),
        ("negated", pa.bool_()), ("hypothetical", pa.bool_()), ("future", pa.bool_()), ("evidence", _J),
        ("sources", _J), ("confidence", pa.float64()), ("trigger", _J),
    ]),
    "event_actors": pa.schema([
        ("event_id", pa.string()), ("article_id", pa.string()), ("part", pa.string()), ("position", pa.int32()),
        ("text", pa.string()), ("name", pa.string()), ("country", pa.string()), ("sector", pa.string()),
        ("role", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ]),
    "actors": pa.schema([
        ("article_id", pa.string()), ("mention", pa.int32()), ("text", pa.string()), ("start", pa.int32()),
        ("end", pa.int32()), ("label", pa.string()), ("sentence", pa.int32()), ("antecedent", pa.int32()),
        ("name", pa.string()), ("country", pa.string()), ("sector", pa.string()), ("role", pa.string()),
    ]),
    "quotes": pa.schema([
        ("id", pa.string()), ("article_id", pa.string()), ("text", pa.string()), ("start", pa.int32()),
        ("end", pa.int32()), ("speaker", _J), ("cue", pa.string()), ("event_id", pa.string()),
    ]),
    "timexes": pa.schema([
        ("id", pa.string()), ("article_id", pa.string()), ("text", pa.string()), ("start", pa.int32()),
        ("end", pa.int32()), ("value", pa.string()), ("precision", pa.string()),
    ]),
    "channels": pa.schema([
        ("id", pa.string()), ("article_id", pa.string()), ("channel_type", pa.string()), ("parties", _J),
        ("purpose", pa.string()), ("state", pa.string()), ("evidence", _J),
    ]),
}  # fmt: skip
_JSON_COLUMNS = {"actor", "recipient", "location", "status_statements", "attribution", "intermediary",
                 "evidence", "sources", "speaker", "parties", "trigger"}  # fmt: skip


class StoreError(RuntimeError):
    """The database cannot be used; the message says why and what to do."""


class StoreLocked(StoreError):
    """Another process holds the database file open for writing."""


@dataclass(slots=True)
class WriteResult:
    new_articles: int = 0
    known_articles: int = 0
    new_rejects: int = 0
    new_events: int = 0

    def add(self, other: WriteResult) -> None:
        """Add another batch's counts (a run's total over its transactions)."""
        self.new_articles += other.new_articles
        self.known_articles += other.known_articles
        self.new_rejects += other.new_rejects
        self.new_events += other.new_events


def default_db_path() -> Path:
    """``$BACKCHANNEL_DB``, else ``backchannel.duckdb`` in the current directory."""
    return Path(os.environ.get("BACKCHANNEL_DB") or DEFAULT_DB)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


class Store:
    """A DuckDB database of articles, rejects and the records found in the articles."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database (run `backchannel ingest` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked(
                    f"{self.path} is open for writing in another process (DuckDB allows one writer); "
                    "wait for it to finish and try again"
                ) from exc
            raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
        except duckdb.ConnectionException as exc:
            if "different configuration" not in str(exc):
                raise StoreError(f"{self.path}: cannot open database: {exc}") from exc
            # The same file already open in this process in the other mode (read-only vs read-write).
            raise StoreLocked(
                f"{self.path} is already open in this process {'for writing' if read_only else 'read-only'}; "
                "close that Store first"
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a usable DuckDB database: {exc}") from exc
        if not read_only:
            self._migrate()
        self._check_version()

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _migrate(self) -> None:
        self.con.execute(_SCHEMA)
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        if row is None or row[0] is None:
            self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, datetime.now(UTC)])

    def _check_version(self) -> None:
        try:
            row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        except duckdb.CatalogException as exc:
            raise StoreError(f"{self.path}: not a backchannel database (no schema_version table)") from exc
        version = row[0] if row else None
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} but this backchannel uses {SCHEMA_VERSION}; "
                "re-ingest into a new file"
            )

    # -- writing -----------------------------------------------------------------------------
    def write(self, items: Sequence[Article | Reject]) -> WriteResult:
        """Store a batch of articles (with their records) and rejects in one transaction."""
        now = datetime.now(UTC).replace(tzinfo=None)
        articles = list({a.id: a for a in items if isinstance(a, Article)}.values())
        rejects = [r for r in items if isinstance(r, Reject)]
        result = WriteResult()
        self.con.execute("BEGIN TRANSACTION")
        try:
            known = self._known_ids("articles", [a.id for a in articles])
            fresh = [a for a in articles if a.id not in known]
            result.known_articles = len(articles) - len(fresh)
            result.new_articles = len(fresh)
            result.new_events = sum(len(a.events) for a in fresh)
            self._insert("articles", [_article_row(a, now) for a in fresh])
            self._insert("events", [_event_row(e) for a in fresh for e in a.events])
            self._insert("event_actors", [r for a in fresh for e in a.events for r in _event_actor_rows(e)])
            self._insert("actors", [r for a in fresh for r in _actor_rows(a)])
            self._insert("quotes", [_quote_row(q) for a in fresh for q in a.quotes])
            self._insert("timexes", [t.to_dict() for a in fresh for t in a.timexes])
            self._insert("channels", [_channel_row(c) for a in fresh for c in a.channels])
            reject_rows = {row["id"]: row for row in (_reject_row(r, now) for r in rejects)}
            known_rejects = self._known_ids("rejects", list(reject_rows))
            self._insert("rejects", [row for key, row in reject_rows.items() if key not in known_rejects])
            result.new_rejects = len(reject_rows) - len(known_rejects)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return result

    def _known_ids(self, table: str, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute(f"SELECT id FROM {table} WHERE list_contains(?, id)", [ids]).fetchall()
        return {r[0] for r in rows}

    def _insert(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        schema = _TABLES[table]
        batch = pa.Table.from_pylist(rows, schema=schema)
        self.con.register("_batch", batch)
        try:
            columns = ", ".join(f'"{name}"' for name in schema.names)
            self.con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _batch")
        finally:
            self.con.unregister("_batch")

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("articles", "actors", "events", "quotes", "timexes", "channels", "rejects"):
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def articles(self, *, limit: int | None = None) -> list[Article]:
        """Stored articles, oldest publication first (text included)."""
        sql = (
            "SELECT id, path, title, outlet, url, strftime(published, '%Y-%m-%d'), language, story_id, "
            "source_id, text FROM articles ORDER BY published NULLS LAST, path, id"
        )
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        names = [
            "id",
            "path",
            "title",
            "outlet",
            "url",
            "published",
            "language",
            "story_id",
            "source_id",
            "text",
        ]
        return [
            Article.from_dict(dict(zip(names, row, strict=True)))
            for row in self.con.execute(sql, params).fetchall()
        ]

    def article_event_counts(self) -> dict[str, int]:
        rows = self.con.execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall()
        return {r[0]: int(r[1]) for r in rows}

    def rejects(self) -> list[Reject]:
        rows = self.con.execute(
            "SELECT path, reason, message, article_id FROM rejects ORDER BY recorded_at, path"
        )
        return [Reject.from_dict(dict(zip(("path", "reason", "message", "article_id"), r, strict=True)))
                for r in rows.fetchall()]  # fmt: skip

    def events(
        self,
        *,
        countries: Sequence[str] = (),
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
    ) -> list[Event]:
        """Events involving every one of ``countries`` (as actor, recipient or intermediary), of a
        type, whose date range meets ``[since, until]``; by date, undated last."""
        where: list[str] = []
        params: list[Any] = []
        for country in countries:
            where.append("id IN (SELECT event_id FROM event_actors WHERE country = ?)")
            params.append(country.upper())
        if event_type:
            where.append("event_type = ?")
            params.append(event_type.upper())
        if since:
            # a missing bound is open ("since February 24" has no latest); an undated event never matches
            where.append("(date_latest >= ? OR (date_latest IS NULL AND date_earliest IS NOT NULL))")
            params.append(since)
        if until:
            where.append("(date_earliest <= ? OR (date_earliest IS NULL AND date_latest IS NOT NULL))")
            params.append(until)
        sql = "SELECT * FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY coalesce(date_earliest, date_latest) NULLS LAST, article_id, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        cursor = self.con.execute(sql, params)
        names = [d[0] for d in cursor.description or []]
        return [_event_from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


# -- rows --------------------------------------------------------------------------------------


def _article_row(a: Article, now: datetime) -> dict[str, Any]:
    row = a.to_dict()
    row["published"] = _date(a.published)
    row["n_sentences"] = len(a.sentences)
    row["ingested_at"] = now
    return row


def _reject_row(r: Reject, now: datetime) -> dict[str, Any]:
    row = r.to_dict()
    row["id"] = content_id("rj", r.path, r.reason.value, r.message)
    row["recorded_at"] = now
    return row


def _event_row(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    date_part = d.pop("date")
    row = {k: (_json(v) if k in _JSON_COLUMNS else v) for k, v in d.items()}
    row.update(
        date_text=date_part["text"],
        date_value=date_part["value"],
        date_precision=date_part["precision"],
        date_earliest=_date(date_part["earliest"]),
        date_latest=_date(date_part["latest"]),
    )
    return row


def _event_actor_rows(e: Event) -> Iterator[dict[str, Any]]:
    for part, actors in (("actor", e.actor), ("recipient", e.recipient), ("intermediary", e.intermediary)):
        for position, actor in enumerate(actors):
            yield {
                "event_id": e.id,
                "article_id": e.article_id,
                "part": part,
                "position": position,
                **actor.to_dict(),
            }


def _actor_rows(a: Article) -> Iterator[dict[str, Any]]:
    for index, mention, actor in a.actor_mentions():
        row = actor.to_dict()
        row.update(article_id=a.id, mention=index, label=mention.label, sentence=mention.sentence,
                   antecedent=mention.antecedent)  # fmt: skip
        yield row


def _quote_row(q: Any) -> dict[str, Any]:
    row: dict[str, Any] = q.to_dict()
    row["speaker"] = _json(row["speaker"])
    return row


def _channel_row(c: Any) -> dict[str, Any]:
    row: dict[str, Any] = c.to_dict()
    row["parties"] = _json(row["parties"])
    row["evidence"] = _json(row["evidence"])
    return row


def _event_from_row(row: dict[str, Any]) -> Event:
    data = {k: (json.loads(v) if k in _JSON_COLUMNS and isinstance(v, str) else v) for k, v in row.items()}
    data["date"] = {
        "text": data.pop("date_text"),
        "value": data.pop("date_value"),
        "precision": data.pop("date_precision") or "unknown",
        "earliest": _iso(data.pop("date_earliest")),
        "latest": _iso(data.pop("date_latest")),
    }
    return Event.from_dict(data)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
