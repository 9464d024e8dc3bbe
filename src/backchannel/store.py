"""The store: a DuckDB file.  The only module that speaks SQL.

Tables: ``articles``, ``rejects``, ``actors`` (every coded actor mention), ``events`` (nested parts as JSON, the date flattened),
``event_actors`` (one row per actor, recipient or intermediary, for queries by country or name),
``quotes``, ``timexes``, ``channels`` and ``schema_version``; and the merge layer
(``backchannel.merge``): ``stories`` (each article's story, its original and why it joined),
``merged_events`` (one row per real-world event, with every source) and ``event_merges`` (which
per-article event went into which merged event, and why).  An article's id is a hash of its
cleaned text, so storing the same article twice stores it once; its events, quotes, timexes and
channels are written only with a new article.  A reject's id is a hash of path, reason and message,
so a re-run that meets the same bad input records it once.  Each ``write`` is one transaction,
and rows go in as Arrow tables, not ``executemany``.  Merging is incremental and in the same
transaction: a new article joins a stored story, its events join stored merged events (whose rows
are rewritten), and a failed write leaves both untouched.  The merge state is rebuilt from the
tables when a writing ``Store`` first needs it.

Schema versions: 1 (no merge layer) is upgraded to 2 on opening for writing (the merge tables are
built from the stored articles and events); a read-only open of a version 1 file, or any file of
a newer version, is refused with a message.

DuckDB allows one writing process per file; a second process that opens the file while it is
being written gets ``StoreLocked`` with a clear message instead of waiting or corrupting it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from backchannel.merge.events import EventMerger, MergedGroup, merged
from backchannel.merge.stories import StoryIndex
from backchannel.model import Article, Event, Reject, content_id
from backchannel.resources.actors import default_lexicon

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
_ALL = 1 << 62  # LIMIT for "no limit"
DEFAULT_DB = "backchannel.duckdb"

# the columns of a table of events and of a table of their actors (per-article and merged alike)
_EVENT_COLUMNS = """
    id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL, mode VARCHAR,
    context VARCHAR[], actor JSON, recipient JSON, location JSON,
    date_text VARCHAR, date_value VARCHAR, date_precision VARCHAR, date_earliest DATE, date_latest DATE,
    status VARCHAR, announced BOOLEAN, status_statements JSON, attribution JSON, intermediary JSON,
    negated BOOLEAN, hypothetical BOOLEAN, future BOOLEAN, evidence JSON, sources JSON, confidence DOUBLE,
    trigger JSON, first_reported DATE, countries VARCHAR[]"""
_EVENT_ACTOR_COLUMNS = """
    event_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, part VARCHAR NOT NULL, position INTEGER NOT NULL,
    text VARCHAR, name VARCHAR, country VARCHAR, sector VARCHAR, role VARCHAR, start INTEGER, "end" INTEGER"""

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, path VARCHAR, title VARCHAR, outlet VARCHAR, url VARCHAR,
    published DATE, language VARCHAR, story_id VARCHAR, source_id VARCHAR, text VARCHAR NOT NULL,
    n_sentences INTEGER, ingested_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS rejects (
    id VARCHAR PRIMARY KEY, path VARCHAR NOT NULL, reason VARCHAR NOT NULL, message VARCHAR NOT NULL,
    article_id VARCHAR, recorded_at TIMESTAMP NOT NULL);
CREATE TABLE IF NOT EXISTS events ({_EVENT_COLUMNS});
CREATE TABLE IF NOT EXISTS event_actors ({_EVENT_ACTOR_COLUMNS});
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

_MERGE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS stories (
    article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, original_id VARCHAR NOT NULL,
    joined_to VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS merged_events ({_EVENT_COLUMNS}, n_sources INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS merged_event_actors ({_EVENT_ACTOR_COLUMNS});
CREATE TABLE IF NOT EXISTS event_pairs (
    a VARCHAR NOT NULL, b VARCHAR NOT NULL, merged_id VARCHAR NOT NULL, event_type VARCHAR NOT NULL,
    status VARCHAR, day DATE, span INTEGER);
CREATE TABLE IF NOT EXISTS maintenance (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS event_merges (
    event_id VARCHAR PRIMARY KEY, merged_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL, reason VARCHAR NOT NULL);
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
        ("sources", _J), ("confidence", pa.float64()), ("trigger", _J), ("first_reported", pa.date32()),
        ("countries", pa.list_(pa.string())),
    ]),
    "stories": pa.schema([
        ("article_id", pa.string()), ("story_id", pa.string()), ("original_id", pa.string()),
        ("joined_to", pa.string()), ("reason", pa.string()),
    ]),
    "event_merges": pa.schema([
        ("event_id", pa.string()), ("merged_id", pa.string()), ("article_id", pa.string()),
        ("position", pa.int32()), ("reason", pa.string()),
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
_TABLES["merged_events"] = _TABLES["events"].append(pa.field("n_sources", pa.int32()))
_TABLES["merged_event_actors"] = _TABLES["event_actors"]
_TABLES["event_pairs"] = pa.schema([
    ("a", pa.string()), ("b", pa.string()), ("merged_id", pa.string()), ("event_type", pa.string()),
    ("status", pa.string()), ("day", pa.date32()), ("span", pa.int32()),
])  # fmt: skip
_JSON_COLUMNS = {"actor", "recipient", "location", "status_statements", "attribution", "intermediary",
                 "evidence", "sources", "speaker", "parties", "trigger"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What ``events``, ``timeline`` and ``network`` select; every field optional."""

    countries: Sequence[str] = field(default_factory=tuple)
    actor: str | None = None  # part of a name, any case: "Naryshkin"
    event_type: str | None = None
    mode: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None  # words in the evidence, any case
    merged: bool = True

    def where(self, alias: str = "") -> tuple[str, list[Any]]:
        """SQL conditions on an events table (``alias.`` prefixed) and their parameters."""
        p = f"{alias}." if alias else ""
        actors = "merged_event_actors" if self.merged else "event_actors"
        clauses: list[str] = []
        params: list[Any] = []
        if self.countries:
            clauses.append(f"list_has_all({p}countries, ?)")
            params.append(sorted({c.upper() for c in self.countries}))
        if self.actor:
            clauses.append(
                f"{p}id IN (SELECT event_id FROM {actors} WHERE contains(lower(coalesce(name, '') || ' ' || "
                "coalesce(text, '')), lower(?)))"
            )
            params.append(self.actor)
        for column, value in (("event_type", self.event_type), ("mode", self.mode), ("status", self.status)):
            if value:
                clauses.append(f"{p}{column} = ?")
                params.append(value.upper() if column == "event_type" else value)
        if self.since:
            # a missing bound is open ("since February 24" has no latest); an undated event never matches
            clauses.append(
                f"({p}date_latest >= ? OR ({p}date_latest IS NULL AND {p}date_earliest IS NOT NULL))"
            )
            params.append(self.since)
        if self.until:
            clauses.append(
                f"({p}date_earliest <= ? OR ({p}date_earliest IS NULL AND {p}date_latest IS NOT NULL))"
            )
            params.append(self.until)
        if self.text:
            clauses.append(
                f"contains(lower(array_to_string(json_extract_string({p}evidence, '$[*].text'), ' ')), lower(?))"
            )
            params.append(self.text)
        return (" AND ".join(clauses) or "TRUE"), params


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
        self._merge: _MergeState | None = None
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

    def _version(self) -> int | None:
        try:
            rows = self.con.execute("SELECT max(version) FROM schema_version").fetchall()
            row = rows[0] if rows else None
        except duckdb.CatalogException:
            return None
        return int(row[0]) if row and row[0] is not None else None

    def _migrate(self) -> None:
        tables = {r[0] for r in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        version = self._version() if "schema_version" in tables else None
        if tables and "schema_version" not in tables:
            raise StoreError(f"{self.path}: not a backchannel database (no schema_version table)")
        if version is not None and version > SCHEMA_VERSION:
            return  # refused by _check_version with its message
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(_SCHEMA)
            if version == 1:  # 1 -> 2: the merge layer, built from what is stored
                self.con.execute("ALTER TABLE events ADD COLUMN first_reported DATE")
                self.con.execute(
                    "UPDATE events SET first_reported = a.published FROM articles a WHERE a.id = events.article_id"
                )
                self.con.execute("ALTER TABLE events ADD COLUMN countries VARCHAR[]")
                self.con.execute(
                    "UPDATE events SET countries = c.countries FROM (SELECT event_id, "
                    "list_sort(list_distinct(list(country))) AS countries FROM event_actors "
                    "WHERE country IS NOT NULL GROUP BY event_id) c WHERE c.event_id = events.id"
                )
            self.con.execute(_MERGE_SCHEMA)
            if version != SCHEMA_VERSION:
                self.con.execute(
                    "INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, datetime.now(UTC)]
                )
            if version == 1:
                self._merge_new(self._stored_articles(), [])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            self._merge = None
            raise
        if version == 1:
            log.info("%s: upgraded from schema version 1 to %d", self.path, SCHEMA_VERSION)

    def _check_version(self) -> None:
        version = self._version()
        if version is None:
            raise StoreError(f"{self.path}: not a backchannel database (no schema_version table)")
        if version < SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is older than this backchannel's {SCHEMA_VERSION}; "
                "upgrade it with `backchannel upgrade --db FILE` (or by ingesting into it)"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this backchannel's {SCHEMA_VERSION}; "
                "upgrade backchannel to read it"
            )

    # -- writing -----------------------------------------------------------------------------
    def write(self, items: Sequence[Article | Reject]) -> WriteResult:
        """Store a batch of articles (with their records) and rejects in one transaction."""
        articles = list({a.id: a for a in items if isinstance(a, Article)}.values())
        return self.write_rows(item_rows(items), events=[e for a in articles for e in a.events])

    def write_rows(
        self, rows: dict[str, list[dict[str, Any]]], *, events: Sequence[Event] | None = None
    ) -> WriteResult:
        """Store the rows of ``item_rows`` (made here or elsewhere, e.g. Parquet shards of a
        distributed run) in one transaction: an article already stored is skipped with its
        records, and new articles and events join the merge layer.  ``events`` are the rows'
        events as objects when the caller has them (else they are rebuilt from the rows)."""
        now = datetime.now(UTC).replace(tzinfo=None)
        article_rows = list({r["id"]: r for r in rows.get("articles", ())}.values())
        result = WriteResult()
        self.con.execute("BEGIN TRANSACTION")
        try:
            known = self._known_ids("articles", [r["id"] for r in article_rows])
            fresh_rows = [r for r in article_rows if r["id"] not in known]
            fresh = {r["id"] for r in fresh_rows}
            result.known_articles = len(article_rows) - len(fresh_rows)
            result.new_articles = len(fresh_rows)
            self._insert("articles", [{**r, "ingested_at": now} for r in fresh_rows])
            for table in ("events", "event_actors", "actors", "quotes", "timexes", "channels"):
                self._insert(table, [r for r in rows.get(table, ()) if r["article_id"] in fresh])
            if events is None:
                fresh_events = [
                    _event_from_row(r) for r in rows.get("events", ()) if r["article_id"] in fresh
                ]
            else:
                fresh_events = [e for e in events if e.article_id in fresh]
            result.new_events = len(fresh_events)
            self._merge_new([(r["id"], r["text"], _iso(r["published"])) for r in fresh_rows], fresh_events)
            reject_rows = {r["id"]: {**r, "recorded_at": now} for r in rows.get("rejects", ())}
            known_rejects = self._known_ids("rejects", list(reject_rows))
            self._insert("rejects", [row for key, row in reject_rows.items() if key not in known_rejects])
            result.new_rejects = len(reject_rows) - len(known_rejects)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            self._merge = None  # rebuilt from the tables on the next write
            raise
        return result

    def optimize(self, *, min_growth: float = 0.0) -> bool:
        """Rewrite ``event_pairs`` in (pair, day) order, so a pair's timeline reads a few row groups
        instead of every one (writes append in arrival order).  Runs when rows were appended since
        the last time, and with ``min_growth`` only when they are at least that share of the
        table.  One transaction; returns whether it ran."""
        rows = int(self.con.execute("SELECT count(*) FROM event_pairs").fetchall()[0][0])
        appended = self._appended_pairs()
        if rows == 0 or appended == 0 or appended < min_growth * rows:
            return False
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.execute(
                "CREATE TEMP TABLE _pairs AS SELECT * FROM event_pairs ORDER BY a, b, day, merged_id"
            )
            self.con.execute("DELETE FROM event_pairs")
            self.con.execute("INSERT INTO event_pairs SELECT * FROM _pairs")
            self.con.execute("DROP TABLE _pairs")
            self.con.execute("INSERT OR REPLACE INTO maintenance VALUES ('event_pairs_appended', '0')")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("CHECKPOINT")
        return True

    def _pairs_counted(self) -> bool:
        found = self.con.execute("SELECT 1 FROM maintenance WHERE key = 'event_pairs_appended'").fetchall()
        return bool(found)

    def _appended_pairs(self) -> int:
        """Pair rows written since ``event_pairs`` was last sorted (all of them before the first sort)."""
        found = self.con.execute(
            "SELECT value FROM maintenance WHERE key = 'event_pairs_appended'"
        ).fetchall()
        if found:
            return int(found[0][0])
        return int(self.con.execute("SELECT count(*) FROM event_pairs").fetchall()[0][0])

    # -- the merge layer ---------------------------------------------------------------------
    def _stored_articles(self) -> list[tuple[str, str, str | None]]:
        rows = self.con.execute(
            "SELECT id, text, strftime(published, '%Y-%m-%d') FROM articles ORDER BY ingested_at, rowid"
        ).fetchall()
        return [(r[0], r[1], r[2]) for r in rows]

    def _stored_events(self) -> list[Event]:
        cursor = self.con.execute("SELECT * EXCLUDE (countries) FROM events ORDER BY rowid")
        names = [d[0] for d in cursor.description or []]
        return [_event_from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def _merge_state(self) -> _MergeState:
        """The story index and event merger over everything stored (built once per Store)."""
        if self._merge is None:
            state = _MergeState(self)
            state.index.add_many(self._stored_articles())
            events = {e.id: e for e in self._stored_events()}
            rows = self.con.execute(
                "SELECT merged_id, event_id, reason FROM event_merges ORDER BY merged_id, position"
            ).fetchall()
            groups: dict[str, list[tuple[Event, str]]] = {}
            for merged_id, event_id, reason in rows:
                if event_id in events:
                    groups.setdefault(merged_id, []).append((events[event_id], reason))
            for merged_id, members in groups.items():
                state.merger.restore(merged_id, members)
            for event in events.values():
                state.note(event)
            state.pending = [e for e in events.values() if e.id not in state.merger]
            self._merge = state
        return self._merge

    def _merge_new(self, articles: Sequence[tuple[str, str, str | None]], events: Sequence[Event]) -> None:
        """Add new articles to their stories and new events to merged events; rewrite the rows
        that changed.  Runs inside the caller's transaction."""
        if not articles and not events and self._merge is None:
            return  # nothing new: no need to build the merge state
        state = self._merge_state()
        restories: set[str] = set()
        state.index.add_many(articles)
        for article_id, _, _ in articles:  # the final story of each (a story only grows)
            restories.update(state.index.cluster_of(article_id))
        todo = [*state.pending, *events]
        state.pending = []
        touched: set[str] = set()
        for event in todo:
            state.note(event)
            touched.add(state.merger.add(event))
        for article_id in restories:  # a story's original may have changed: its sources say so
            touched.update(state.merger.group_of(e) for e in state.events_of.get(article_id, ()))
        if restories:
            ids = sorted(restories)
            rows = [state.story_row(a) for a in ids]
            self.con.execute("DELETE FROM stories WHERE list_contains(?, article_id)", [ids])
            self._insert("stories", rows)
            self.con.register("_stories", pa.Table.from_pylist(rows, schema=_TABLES["stories"]))
            try:
                self.con.execute(
                    "UPDATE articles SET story_id = s.story_id FROM _stories s WHERE articles.id = s.article_id"
                )
            finally:
                self.con.unregister("_stories")
        if touched:
            ids = sorted(touched)
            for table, column in (("merged_events", "id"), ("event_merges", "merged_id"),
                                  ("merged_event_actors", "event_id"), ("event_pairs", "merged_id")):  # fmt: skip
                self.con.execute(f"DELETE FROM {table} WHERE list_contains(?, {column})", [ids])
            groups = [state.merger.group(i) for i in ids]
            merged_events = [state.merged(g) for g in groups]
            self._insert(
                "merged_events", [_merged_row(e, g) for e, g in zip(merged_events, groups, strict=True)]
            )
            self._insert("merged_event_actors", [r for e in merged_events for r in _event_actor_rows(e)])
            pair_rows = [r for e in merged_events for r in _pair_rows(e)]
            self._insert("event_pairs", pair_rows)
            if pair_rows:  # out of order from here on: counted for ``optimize``
                appended = self._appended_pairs() + (len(pair_rows) if self._pairs_counted() else 0)
                self.con.execute(
                    "INSERT OR REPLACE INTO maintenance VALUES ('event_pairs_appended', ?)", [str(appended)]
                )
            self._insert(
                "event_merges",
                [
                    {"event_id": m.id, "merged_id": g.id, "article_id": m.article_id, "position": n,
                     "reason": g.reasons[m.id]}
                    for g in groups
                    for n, m in enumerate(g.members)
                ],
            )  # fmt: skip

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

    def _text_of(self, article_id: str) -> str:
        rows = self.con.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchall()
        row = rows[0] if rows else None
        return str(row[0]) if row else ""

    # -- reading ---------------------------------------------------------------------------------
    # Reads go through a cursor: they see committed data only, never another read's unfinished
    # result, and can run in threads (the API's) beside a write on ``self.con``.
    def _cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    # ----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for table in ("articles", "actors", "events", "merged_events", "stories", "quotes", "timexes", "channels",
                      "rejects"):  # fmt: skip
            row = self._cursor().execute(f"SELECT count(*) FROM {table}").fetchone()
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
            for row in self._cursor().execute(sql, params).fetchall()
        ]

    def article_event_counts(self) -> dict[str, int]:
        rows = (
            self._cursor().execute("SELECT article_id, count(*) FROM events GROUP BY article_id").fetchall()
        )
        return {r[0]: int(r[1]) for r in rows}

    def rejects(self) -> list[Reject]:
        rows = self._cursor().execute(
            "SELECT path, reason, message, article_id FROM rejects ORDER BY recorded_at, path"
        )
        return [Reject.from_dict(dict(zip(("path", "reason", "message", "article_id"), r, strict=True)))
                for r in rows.fetchall()]  # fmt: skip

    def events(
        self,
        filters: EventFilter | None = None,
        *,
        countries: Sequence[str] = (),
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        offset: int = 0,
        merged: bool = True,
    ) -> list[Event]:
        """Events matching ``filters`` (or the keyword filters: countries that all take part, as
        actor, recipient or intermediary; a type; a date range ``[since, until]``), by date,
        undated last.  ``merged``: one event per real-world event with every source (default);
        else the per-article events."""
        if filters is not None and (countries or event_type or since or until or not merged):
            raise ValueError("give either filters or the keyword filters, not both")
        if filters is None:
            filters = EventFilter(countries=tuple(countries), event_type=event_type, since=since, until=until,
                                  merged=merged)  # fmt: skip
        sql, params = _events_sql(filters)
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        if offset:
            sql += " OFFSET ?"
            params.append(offset)
        cursor = self._cursor().execute(sql, params)
        names = [d[0] for d in cursor.description or []]
        return [_event_from_row(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]

    def iter_events(self, filters: EventFilter, *, batch: int = 10_000) -> Iterator[list[Event]]:
        """Every event ``filters`` selects, in the order of ``events``, ``batch`` at a time from one
        streamed query."""
        cursor = self._cursor().execute(*_events_sql(filters))
        names = [d[0] for d in cursor.description or []]
        while rows := cursor.fetchmany(batch):
            yield [_event_from_row(dict(zip(names, row, strict=True))) for row in rows]

    def stories(
        self, *, min_articles: int = 2, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Story clusters of at least ``min_articles`` articles, largest first: ``story_id``,
        ``original`` and ``articles`` (each with id, title, outlet, published, joined_to, reason)."""
        rows = (
            self._cursor()
            .execute(
                """SELECT s.story_id, s.original_id, a.id, a.title, a.outlet, strftime(a.published, '%Y-%m-%d'),
                      s.joined_to, s.reason, count(*) OVER (PARTITION BY s.story_id) AS n
               FROM stories s JOIN articles a ON a.id = s.article_id
               WHERE s.story_id IN (SELECT story_id FROM stories GROUP BY story_id HAVING count(*) >= ?
                                    ORDER BY count(*) DESC, story_id LIMIT ? OFFSET ?)
               ORDER BY n DESC, s.story_id, a.id <> s.original_id, a.published NULLS LAST, a.id""",
                [min_articles, _ALL if limit is None else limit, offset],
            )
            .fetchall()
        )
        out: dict[str, dict[str, Any]] = {}
        for story_id, original, article_id, title, outlet, published, joined_to, reason, _ in rows:
            story = out.setdefault(story_id, {"story_id": story_id, "original": original, "articles": []})
            story["articles"].append({"id": article_id, "title": title, "outlet": outlet, "published": published,
                                      "joined_to": joined_to, "reason": reason})  # fmt: skip
        return list(out.values())

    def merges(
        self, *, min_sources: int = 2, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Merged events of at least ``min_sources`` per-article events, most sources first:
        ``merged_id``, ``event_type``, ``date``, ``status`` and ``members`` (event id, article,
        outlet, published, why it joined)."""
        rows = (
            self._cursor()
            .execute(
                """SELECT g.id, g.event_type, g.date_value, g.status, m.event_id, m.article_id, a.outlet,
                      strftime(a.published, '%Y-%m-%d'), m.reason, count(*) OVER (PARTITION BY g.id) AS n
               FROM merged_events g JOIN event_merges m ON m.merged_id = g.id JOIN articles a ON a.id = m.article_id
               WHERE g.id IN (SELECT merged_id FROM event_merges GROUP BY merged_id
                              HAVING count(DISTINCT article_id) >= ? ORDER BY count(*) DESC, merged_id
                              LIMIT ? OFFSET ?)
               ORDER BY n DESC, g.id, m.position""",
                [min_sources, _ALL if limit is None else limit, offset],
            )
            .fetchall()
        )
        out: dict[str, dict[str, Any]] = {}
        for merged_id, event_type, value, status, event_id, article_id, outlet, published, reason, _ in rows:
            group = out.setdefault(merged_id, {"merged_id": merged_id, "event_type": event_type, "date": value,
                                               "status": status, "members": []})  # fmt: skip
            group["members"].append({"event_id": event_id, "article_id": article_id, "outlet": outlet,
                                     "published": published, "reason": reason})  # fmt: skip
        return list(out.values())


def _events_sql(filters: EventFilter) -> tuple[str, list[Any]]:
    """The events ``filters`` selects, as ``Event`` columns, by date (undated last)."""
    where, params = filters.where()
    table = "merged_events" if filters.merged else "events"
    return (
        f"SELECT * EXCLUDE (countries{', n_sources' if filters.merged else ''}) FROM {table} WHERE {where} "
        "ORDER BY coalesce(date_earliest, date_latest) NULLS LAST, first_reported NULLS LAST, article_id, id",
        params,
    )


class _MergeState:
    """A writing Store's story index and event merger, with what it needs to write their rows."""

    def __init__(self, store: Store) -> None:
        self.index = StoryIndex(text_of=store._text_of)
        lexicon = default_lexicon()
        self.merger = EventMerger(
            self.index.story_of, is_person=lexicon.names_a_person, country_name=lexicon.countries.get
        )
        self.events_of: dict[str, list[str]] = {}
        self.pending: list[Event] = []

    def note(self, event: Event) -> None:
        ids = self.events_of.setdefault(event.article_id, [])
        if event.id not in ids:
            ids.append(event.id)

    def story_row(self, article_id: str) -> dict[str, Any]:
        link = self.index.link_of(article_id)
        return {
            "article_id": article_id,
            "story_id": self.index.story_of(article_id),
            "original_id": self.index.original_of(article_id),
            "joined_to": link[0] if link else None,
            "reason": link[1] if link else None,
        }

    def merged(self, group: MergedGroup) -> Event:
        return merged(group, self.index.story_of, self.merger.is_person)


def _merged_row(event: Event, group: MergedGroup) -> dict[str, Any]:
    row = _event_row(event)
    row["n_sources"] = len({m.article_id for m in group.members})
    return row


def _pair_rows(e: Event) -> Iterator[dict[str, Any]]:
    """One row per pair of the event's countries (actor and recipient), for timelines and networks:
    contacts that took place, not negated, hypothetical or future ones.  ``day`` is the middle of
    the days the event can have been on and ``span`` how many days that range covers (0 for a
    day, or for an event dated only by its report, on the report's day); an event whose range is
    open ("since February", "before April") has no span, one with no date at all is on its first
    report's day."""
    if e.negated or e.hypothetical or e.future:
        return
    first, last = e.date.bounds()
    span: int | None = None
    if first is not None and last is not None:
        span = (last - first).days
        day: date | None = first + timedelta(days=span // 2)
    elif last is not None:  # bounded above only: a day when the report is what dates it
        day = last
        span = 0 if e.first_reported is None or last == _date(e.first_reported) else None
    else:
        day = first or _date(e.first_reported)
    countries = sorted(e.countries)
    for n, a in enumerate(countries):
        for b in countries[n + 1 :]:
            yield {"a": a, "b": b, "merged_id": e.id, "event_type": e.event_type, "status": e.status, "day": day,
                   "span": span}  # fmt: skip


# -- rows --------------------------------------------------------------------------------------

#: the tables ``item_rows`` fills, in the order they are written
ITEM_TABLES = ("articles", "events", "event_actors", "actors", "quotes", "timexes", "channels", "rejects")
_STAMPS = {"articles": "ingested_at", "rejects": "recorded_at"}


def item_rows(items: Sequence[Article | Reject]) -> dict[str, list[dict[str, Any]]]:
    """The rows of the store's tables for finished articles and rejects (``Store.write_rows``),
    without the time stamps the store adds when it writes them."""
    articles = list({a.id: a for a in items if isinstance(a, Article)}.values())
    return {
        "articles": [_article_row(a) for a in articles],
        "events": [_event_row(e) for a in articles for e in a.events],
        "event_actors": [r for a in articles for e in a.events for r in _event_actor_rows(e)],
        "actors": [r for a in articles for r in _actor_rows(a)],
        "quotes": [_quote_row(q) for a in articles for q in a.quotes],
        "timexes": [t.to_dict() for a in articles for t in a.timexes],
        "channels": [_channel_row(c) for a in articles for c in a.channels],
        "rejects": [_reject_row(r) for r in items if isinstance(r, Reject)],
    }


def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of a table of ``ITEM_TABLES`` as ``item_rows`` makes it (no time stamp)."""
    schema = _TABLES[table]
    stamp = _STAMPS.get(table)
    return schema.remove(schema.get_field_index(stamp)) if stamp else schema


def _article_row(a: Article) -> dict[str, Any]:
    row = a.to_dict()
    row["published"] = _date(a.published)
    row["n_sentences"] = len(a.sentences)
    return row


def _reject_row(r: Reject) -> dict[str, Any]:
    row = r.to_dict()
    row["id"] = content_id("rj", r.path, r.reason.value, r.message)
    return row


def _event_row(e: Event) -> dict[str, Any]:
    d = e.to_dict()
    date_part = d.pop("date")
    row = {k: (_json(v) if k in _JSON_COLUMNS else v) for k, v in d.items()}
    row.update(
        countries=sorted({a.country for a in (*e.actor, *e.recipient, *e.intermediary) if a.country}),
        first_reported=_date(d.get("first_reported")),
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
    data["first_reported"] = _iso(data.get("first_reported"))
    data.pop("countries", None)
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
