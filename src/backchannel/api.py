"""The REST API (FastAPI; OpenAPI at ``/docs``): the queries of ``queries.py`` over a store.

Read-only by default: each request opens the database read-only and closes it after, so the
server holds no lock between requests (DuckDB allows one writing process or many readers).  A
``backchannel ingest`` holds the file for writing for its whole run; a request meanwhile waits up
to ``busy_timeout`` seconds, then answers 503 with the reason.  Started with an ingest token, the server itself is the database's one writer: it
keeps it open for writing, ``POST /api/ingest`` stores articles when the request carries
``Authorization: Bearer TOKEN`` (401/403 otherwise), and other processes cannot write meanwhile.

Parameters are validated (dates, country codes, event types, statuses, modes, pagination) and
answered 422 with a message naming the parameter; every query is parameterised SQL.
"""

import hmac
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import pyarrow as pa
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from backchannel import __version__, queries
from backchannel.dashboard import mount_dashboard
from backchannel.model import EVENT_TYPES, STATUSES, Article, content_id
from backchannel.queries import EventFilter
from backchannel.store import SCHEMA_VERSION, Store, StoreLocked

MAX_LIMIT = 1000
MAX_OFFSET = 1 << 62
_CODE = re.compile(r"[A-Z]{3}")
_MODE = re.compile(r"[a-z][a-z-]{0,30}")


class ApiError(HTTPException):
    """An error answered as ``{"detail": message}``."""


class IngestArticle(BaseModel):
    text: str = Field(min_length=1, max_length=5_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=4000)
    outlet: str | None = Field(default=None, max_length=300)
    published: date | None = None


class IngestRequest(BaseModel):
    articles: list[IngestArticle] = Field(min_length=1, max_length=500)


class _Database:
    """How requests reach the store: a read-only open per request, or the server's own writer."""

    def __init__(self, path: Path, *, writable: bool, busy_timeout: float) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.lock = threading.Lock()
        self.writer = Store(path) if writable else None
        if self.writer is None:
            with self.reading():
                pass  # fail at start-up, with the store's message, on a missing or foreign file

    @contextmanager
    def reading(self) -> Iterator[Store]:
        if self.writer is not None:
            yield self.writer
            return
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                store = Store(self.path, read_only=True)
                break
            except StoreLocked as exc:
                if time.monotonic() >= deadline:
                    raise ApiError(503, f"{exc}; retry later") from exc
                time.sleep(0.05)
        try:
            yield store
        finally:
            store.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _codes(values: list[str] | None, known: frozenset[str], name: str) -> list[str]:
    out = []
    for value in values or []:
        code = value.strip().upper()
        if not _CODE.fullmatch(code) or code not in known:
            raise ApiError(422, f"{name}: {value!r} is not a known country code (ISO 3166 alpha-3, IGO, ...)")
        out.append(code)
    return out


def _choice(value: str | None, allowed: tuple[str, ...], name: str, *, upper: bool = False) -> str | None:
    if value is None:
        return None
    checked = value.strip().upper() if upper else value.strip()
    if checked not in allowed:
        raise ApiError(422, f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return checked


def _records(table: pa.Table) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pylist()
    for row in rows:
        for key, value in row.items():
            if isinstance(value, date):
                row[key] = value.isoformat()
            elif isinstance(value, str) and key in queries.JSON_COLUMNS:
                row[key] = json.loads(value)
    return rows


def create_app(
    db: str | Path, *, ingest_token: str | None = None, busy_timeout: float = 2.0, pipeline: Any = None
) -> FastAPI:
    """The API over the database file ``db``.  ``ingest_token``: allow ``POST /api/ingest`` with
    it (and keep the database open for writing).  ``pipeline``: the ``Pipeline`` ingest uses (built
    on the first ingest when not given)."""
    from backchannel.resources.actors import INTERNATIONAL, default_lexicon

    database = _Database(Path(db), writable=bool(ingest_token), busy_timeout=busy_timeout)
    known = frozenset(default_lexicon().countries) | INTERNATIONAL
    state: dict[str, Any] = {"pipeline": pipeline}
    app = FastAPI(
        title="backchannel",
        version=__version__,
        description="Contacts between states found in news articles: events, timelines, networks, evidence.",
    )
    app.router.on_shutdown.append(database.close)
    mount_dashboard(app)

    @app.exception_handler(ApiError)
    async def _api_error(request: Any, exc: ApiError) -> JSONResponse:
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)

    def event_filter(
        country: Annotated[list[str] | None, Query(description="ISO3; repeat: all must take part.")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="Part of an actor's name.")] = None,
        type: Annotated[str | None, Query(description="PLOVER event type.")] = None,
        mode: Annotated[str | None, Query(max_length=32)] = None,
        status: Annotated[str | None, Query()] = None,
        since: date | None = None,
        until: date | None = None,
        text: Annotated[str | None, Query(max_length=500, description="Words in the evidence.")] = None,
        merged: bool = True,
    ) -> EventFilter:
        if mode is not None and not _MODE.fullmatch(mode):
            raise ApiError(422, f"mode: {mode!r} is not a mode (lower-case words joined by '-')")
        if since and until and since > until:
            raise ApiError(422, f"since {since} is after until {until}")
        return EventFilter(
            countries=tuple(_codes(country, known, "country")),
            actor=actor or None,
            event_type=_choice(type, EVENT_TYPES, "type", upper=True),
            mode=mode,
            status=_choice(status, STATUSES, "status"),
            since=since,
            until=until,
            text=text or None,
            merged=merged,
        )

    Filter = Annotated[EventFilter, Depends(event_filter)]
    Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
    Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

    @app.get("/api/health")
    def health() -> dict[str, Any]:
        """The database's counts, schema version and whether this server can ingest."""
        with database.reading() as store:
            counts = store.counts()
        return {"version": __version__, "schema_version": SCHEMA_VERSION, "counts": counts,
                "ingest": database.writer is not None}  # fmt: skip

    @app.get("/api/events")
    def list_events(filters: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Events (one per real-world event unless merged=false), by date, paginated."""
        with database.reading() as store:
            total = queries.count_events(store, filters)
            items = _records(queries.events(store, filters, limit=limit, offset=offset))
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    @app.get("/api/events/{event_id}")
    def one_event(event_id: str) -> dict[str, Any]:
        """A merged or per-article event with every report and its evidence, and its quotes."""
        with database.reading() as store:
            found = queries.event(store, event_id)
        if found is None:
            raise ApiError(404, f"no event {event_id!r}")
        return found

    @app.get("/api/timeline")
    def get_timeline(
        filters: Filter,
        country: Annotated[
            list[str] | None, Query(max_length=2, description="One or two ISO3 codes (or none with actor).")
        ] = None,
        unit: Literal["week", "month"] = "month",
    ) -> dict[str, Any]:
        """Contacts between two countries (or of one, or of an actor) per week or month, by type and status."""
        codes = _codes(country, known, "country")
        if len(set(codes)) < len(codes):
            raise ApiError(422, f"country: give two different countries, not {codes[0]} twice")
        if not codes and not filters.actor:
            raise ApiError(422, "country: give one or two countries, or an actor")
        plain = replace(filters, countries=(), merged=True)  # timelines count real-world events
        first, second = codes[0] if codes else None, codes[1] if len(codes) > 1 else None
        with database.reading() as store:
            table = queries.timeline(store, first, second, unit=unit, filters=plain)
        return {"countries": codes, "actor": filters.actor, "unit": unit, "items": _records(table)}

    @app.get("/api/network")
    def get_network(
        filters: Filter,
        level: Literal["country", "actor"] = "country",
        min_events: Annotated[int, Query(ge=1, le=MAX_OFFSET)] = 1,
    ) -> dict[str, Any]:
        """Weighted edges between countries or actors, with counts by type (real-world events)."""
        with database.reading() as store:
            table = queries.network(
                store, level=level, filters=replace(filters, merged=True), min_events=min_events
            )
        return {"level": level, "items": _records(table)}

    @app.get("/api/pairs")
    def get_pairs(limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
        """Country pairs with the most contacts."""
        with database.reading() as store:
            return {"items": _records(queries.pairs(store, limit=limit))}

    @app.get("/api/articles")
    def list_articles(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        with database.reading() as store:
            total, table = queries.articles(store, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": _records(table)}

    @app.get("/api/articles/{article_id}")
    def one_article(article_id: str) -> dict[str, Any]:
        """An article with its text, events, quotes, timexes, channels and rejects."""
        with database.reading() as store:
            found = queries.article(store, article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id!r}")
        return found

    @app.get("/api/channels")
    def list_channels(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Standing channels (hotlines, back channels, formats of talks) with their evidence."""
        with database.reading() as store:
            total, table = queries.channels(store, limit=limit, offset=offset)
        return {"total": total, "limit": limit, "offset": offset, "items": _records(table)}

    @app.get("/api/stories")
    def list_stories(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Story clusters (copies and rewrites) of two or more articles, largest first, with why each joined."""
        with database.reading() as store:
            return {"limit": limit, "offset": offset, "items": store.stories(limit=limit, offset=offset)}

    @app.get("/api/merges")
    def list_merges(limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Events merged from two or more reports, most reports first, with why each report joined."""
        with database.reading() as store:
            return {"limit": limit, "offset": offset, "items": store.merges(limit=limit, offset=offset)}

    @app.post("/api/ingest")
    def ingest(
        request: IngestRequest, authorization: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        """Extract and store articles (only on a server started with an ingest token, and only with it)."""
        if database.writer is None or not ingest_token:
            raise ApiError(403, "this server is read-only: start it with an ingest token to allow ingest")
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), ingest_token.encode()):
            raise ApiError(
                401, "ingest needs the header 'Authorization: Bearer TOKEN' with this server's token"
            )
        with database.lock:  # one ingest at a time: the pipeline and the writer are not shared
            if state["pipeline"] is None:
                from backchannel.pipeline import Pipeline

                state["pipeline"] = Pipeline()
            items = [
                state["pipeline"].process_text(
                    a.text, path=f"api:{content_id('in', a.text, a.title, a.url)}", title=a.title, url=a.url,
                    outlet=a.outlet, published=a.published.isoformat() if a.published else None,
                )
                for a in request.articles
            ]  # fmt: skip
            result = database.writer.write(items)
        return {
            "stored": result.new_articles,
            "already_stored": result.known_articles,
            "events": result.new_events,
            "articles": [i.id for i in items if isinstance(i, Article)],
            "rejects": [
                {"path": i.path, "reason": i.reason.value, "message": i.message}
                for i in items
                if not isinstance(i, Article)
            ],
        }

    return app
