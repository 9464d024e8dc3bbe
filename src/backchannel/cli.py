"""The command line (DESIGN.md section 6): each command is a few lines over one library call.

Only this module prints or exits.  Errors are one-line messages; ``--debug`` shows tracebacks.
Exit codes: 0 all inputs processed, 1 some rejected, 2 usage or configuration error (or a path that
cannot be opened), 3 nothing could be processed, 4 an internal error (a bug).
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from backchannel import __version__, records
from backchannel.model import EVENT_TYPES, STATUSES, Article, Event, Reject
from backchannel.pipeline import Pipeline, RunSummary
from backchannel.settings import Settings
from backchannel.store import EventFilter, Store, WriteResult

app = typer.Typer(
    name="backchannel",
    help="Turn news articles into a verifiable record of contacts between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line
_MAX_ROWS = 2**62  # row counts and offsets: DuckDB takes 64-bit integers
_state: dict[str, Any] = {"debug": False, "command": None}

PathsArg = Annotated[list[str], typer.Argument(help="Files, directories (read recursively) or - for stdin.")]
DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="DuckDB file (default: $BACKCHANNEL_DB, else ./backchannel.duckdb)."),
]
MinConfidenceOpt = Annotated[
    float | None,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Emit only events at least this confident (default 0: all).",
    ),
]
PublishedOpt = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD for every input (overrides).")
]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    table = "table"


class TimeUnit(StrEnum):
    week = "week"
    month = "month"


class NetworkLevel(StrEnum):
    country = "country"
    actor = "actor"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class ExportLayout(StrEnum):
    native = "native"
    polecat = "polecat"


class ListFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        out.print(f"backchannel {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks and debug logs.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress of the stages.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug
    _state["command"] = f"backchannel {ctx.invoked_subcommand}" if ctx.invoked_subcommand else None
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not (debug or verbose):  # its complaints about junk pages repeat what the reject says
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def _published(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="--published") from None


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=name) from None


def _pipeline_settings(min_confidence: float | None = None) -> Settings:
    settings = Settings.from_env()
    if min_confidence is not None:
        settings = replace(settings, min_event_confidence=min_confidence)
    return settings


def _pipeline(min_confidence: float | None = None) -> Pipeline:
    return Pipeline(_pipeline_settings(min_confidence))


def _write_jsonl(records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


def _report_rejects(items: Iterable[Reject]) -> None:
    for r in items:
        style = "yellow" if r.is_skip else "red"
        label = "skipped" if r.is_skip else "rejected"
        err.print(f"[{style}]{label}[/] {escape(r.path)}: {r.reason.value}: {escape(r.message)}", markup=True)


def _print_summary(summary: RunSummary, write: WriteResult | None = None) -> None:
    line = f"processed {summary.processed} article(s), {summary.events} event(s)"
    if write is not None:
        line += f"; stored {write.new_articles} new, {write.known_articles} already stored"
    err.print(line, markup=False)
    for title, bucket in (("skipped", summary.skipped), ("rejected", summary.rejected)):
        if bucket:
            parts = ", ".join(f"{reason} {n}" for reason, n in sorted(bucket.items()))
            err.print(f"{title} {sum(bucket.values())}: {parts}", markup=False)


@app.command()
def extract(
    paths: PathsArg,
    published: PublishedOpt = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="jsonl: records of DESIGN.md §3.")
    ] = ExtractFormat.jsonl,
    min_confidence: MinConfidenceOpt = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Merge across the inputs: articles get their story, 'event' records are one per real-world "
            "event with every source, per-article events become 'source_event' records, and 'story' records "
            "list the copies found with the reason for each.",
        ),
    ] = False,
) -> None:
    """Extract records from articles and print them; nothing is stored."""
    published = _published(published)
    pipeline = _pipeline(min_confidence)
    summary = RunSummary()
    items: list[Article | Reject] = []
    for item in pipeline.extract(paths, published=published):
        summary.count(item)
        if fmt is ExtractFormat.jsonl and not merge:
            _write_jsonl(records([item]))
        else:
            items.append(item)
    found = [i for i in items if isinstance(i, Article)]
    events = [e for a in found for e in a.events]
    if merge:
        from backchannel.merge import merge_articles

        result = merge_articles(found)
        events = result.events
        if fmt is ExtractFormat.jsonl:
            for item in items:
                for record in records([item]):
                    if record["kind"] == "event":
                        record["kind"] = "source_event"
                    _write_jsonl([record])
            _write_jsonl({"kind": "event", **e.to_dict()} for e in events)
            _write_jsonl(result.story_records())
    if fmt is ExtractFormat.table:
        _articles_table(found, {})
        _events_table(events)
        _report_rejects(i for i in items if isinstance(i, Reject))
    _print_summary(summary)
    raise typer.Exit(summary.exit_code)


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOpt = None,
    published: PublishedOpt = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Articles per transaction.")] = 64,
    min_confidence: MinConfidenceOpt = None,
) -> None:
    """Extract records from articles and store them in the DuckDB file (idempotent)."""
    published = _published(published)
    pipeline = _pipeline(min_confidence)
    summary, total = RunSummary(), WriteResult()
    with Store(db) as store, _progress() as progress:
        task = progress.add_task("ingest", total=None) if progress else None
        pending: list[Article | Reject] = []
        for item in pipeline.extract(paths, published=published):
            summary.count(item)
            pending.append(item)
            if isinstance(item, Reject):
                _report_rejects([item])
            if progress is not None and task is not None:
                progress.advance(task)
            if len(pending) >= batch:
                total.add(store.write(pending))
                pending = []
        total.add(store.write(pending))
        if total.new_articles:
            try:  # keep timelines fast: pairs back in order after 10% growth
                store.optimize(min_growth=0.1)
            except duckdb.Error as exc:  # what is stored stays stored; timelines are only slower
                err.print(f"warning: could not reorder the pair rows ({exc}); run `backchannel optimize`",
                          markup=False)  # fmt: skip
    _print_summary(summary, total)
    raise typer.Exit(summary.exit_code)


@app.command()
def scale(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (read recursively) or quoted globs: JSONL, CSV, WARC(.gz), ..."
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory of the Parquet shards (shared by every worker).")
    ],
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Address of a Dask scheduler (tcp://host:8786); default: a local cluster."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers", min=1, help="Worker processes of the local cluster (default: one per core)."
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option("--db", help="DuckDB file to load everything into (default: OUT/backchannel.duckdb)."),
    ] = None,
    partition_bytes: Annotated[
        int,
        typer.Option(
            "--partition-bytes", min=1, help="Split JSONL and WARC files into parts of about this size."
        ),
    ] = 32 * 1024 * 1024,
    min_confidence: MinConfidenceOpt = None,
) -> None:
    """Run the pipeline over a large corpus on Dask: Parquet shards per partition, then one DuckDB
    file with merged events; re-running skips the partitions already done."""
    from backchannel.scale import PartitionResult, run_scale

    if scheduler and workers:
        raise typer.BadParameter(
            "--workers sizes the local cluster; a scheduler has its own workers", param_hint="--workers"
        )
    settings = _pipeline_settings(min_confidence)
    if not logging.getLogger().isEnabledFor(logging.INFO):  # Dask's own start/stop chatter: with -v only
        import distributed  # noqa: F401  (configures its loggers on import: quieted after it)

        logging.getLogger("distributed").setLevel(logging.ERROR)
    with _progress() as progress:
        task: list[Any] = []

        def on_plan(todo: int, done: int) -> None:
            err.print(f"{todo + done} partition(s): {todo} to run, {done} already done", markup=False)
            if progress is not None:
                task.append(progress.add_task("scale", total=todo))

        def on_cluster(dashboard: str | None, count: int) -> None:
            err.print(f"{count} worker(s); Dask dashboard: {dashboard}{_bokeh_note()}", markup=False)

        def on_result(result: PartitionResult | tuple[str, str]) -> None:
            if isinstance(result, tuple):
                err.print(f"failed: partition {result[0]}: {result[1]}", markup=False)
            if progress is not None and task:
                progress.advance(task[0])

        summary = run_scale(inputs, out_dir, scheduler=scheduler, workers=workers, db=db,
                            partition_bytes=partition_bytes, settings=settings, on_plan=on_plan,
                            on_cluster=on_cluster, on_result=on_result)  # fmt: skip
    run = RunSummary(processed=summary.processed, rejected=summary.rejected, skipped=summary.skipped,
                     events=summary.events)  # fmt: skip
    _print_summary(run, summary.written)
    err.print(f"partitions: {len(summary.ran)} run, {summary.resumed} already done, {len(summary.failed)} failed",
              markup=False)  # fmt: skip
    err.print(f"database: {summary.db}; merged events: {out_dir / 'events.parquet'}", markup=False)
    for name, error in summary.failed.items():
        err.print(f"failed: partition {name}: {error} (re-run to retry it)", markup=False)
    raise typer.Exit(summary.exit_code)


def _bokeh_note() -> str:
    import importlib.util

    return "" if importlib.util.find_spec("bokeh") else " (the page needs bokeh: pip install bokeh)"


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def _progress() -> Any:
    if not err.is_terminal:
        return _NoProgress()
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, transient=True)  # fmt: skip


@app.command()
def articles(
    db: DbOpt = None,
    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=1, max=_MAX_ROWS)] = None,
) -> None:
    """List the stored articles."""
    with Store(db, read_only=True) as store:
        stored = store.articles(limit=limit)
        counts = store.article_event_counts()
    if fmt is ListFormat.table:
        _articles_table(stored, counts)
        return
    rows = [
        {k: v for k, v in a.to_dict().items() if k != "text"} | {"events": counts.get(a.id, 0)}
        for a in stored
    ]
    _write_rows(rows, fmt)


@app.command()
def events(
    db: DbOpt = None,
    country: Annotated[list[str] | None, typer.Option("--country", help="ISO3; repeat for a pair.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option("--until", help="YYYY-MM-DD")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Part of an actor's name, any case.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="phone, visit, third-party, meet, ...")] = None,
    status: Annotated[str | None, typer.Option("--status", help=f"One of {', '.join(STATUSES)}.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Words in the evidence, any case.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", min=1, max=_MAX_ROWS)] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, max=_MAX_ROWS)] = 0,
    unmerged: Annotated[
        bool, typer.Option("--unmerged", help="Per-article events, not one per real-world event.")
    ] = False,
) -> None:
    """List stored events, filtered by countries (all must take part), actor, type, mode, status,
    date range and evidence text: one per real-world event with every source (or each article's own
    with --unmerged)."""
    if event_type and event_type.upper() not in EVENT_TYPES:
        raise typer.BadParameter(
            f"{event_type!r} is not one of {', '.join(EVENT_TYPES)}", param_hint="--type"
        )
    if status and status not in STATUSES:
        raise typer.BadParameter(f"{status!r} is not one of {', '.join(STATUSES)}", param_hint="--status")
    filters = EventFilter(
        countries=tuple(c.upper() for c in country or []),
        actor=actor,
        event_type=event_type,
        mode=mode,
        status=status,
        since=_date_option(since, "--since"),
        until=_date_option(until, "--until"),
        text=text,
        merged=not unmerged,
    )
    with Store(db, read_only=True) as store:
        found = store.events(filters, limit=limit, offset=offset)
    if fmt is ListFormat.table:
        _events_table(found)
    elif fmt is ListFormat.jsonl:
        _write_jsonl({"kind": "event", **e.to_dict()} for e in found)
    else:
        _write_rows([_event_flat(e) for e in found], fmt)


def _iso3(value: str, hint: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise typer.BadParameter(f"{value!r} is not a three-letter country code", param_hint=hint)
    return code


@app.command()
def timeline(
    between: Annotated[
        list[str], typer.Option("--between", help="Two ISO3 codes (or one: its contacts with anyone).")
    ],
    db: DbOpt = None,
    unit: Annotated[TimeUnit, typer.Option("--unit")] = TimeUnit.month,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER event type.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """Contacts between two countries over time: events per week or month, by type and status."""
    from backchannel import queries

    if not 1 <= len(between) <= 2:
        raise typer.BadParameter("give one or two countries", param_hint="--between")
    codes = [_iso3(c, "--between") for c in between]
    if event_type and event_type.upper() not in EVENT_TYPES:
        raise typer.BadParameter(
            f"{event_type!r} is not one of {', '.join(EVENT_TYPES)}", param_hint="--type"
        )
    with Store(db, read_only=True) as store:
        table = queries.timeline(store, codes[0], codes[1] if len(codes) > 1 else None, unit=unit.value,
                                 filters=EventFilter(event_type=event_type))  # fmt: skip
    _print_rows(table.to_pylist(), fmt, f"contacts {'–'.join(codes)} per {unit.value}")


@app.command()
def network(
    db: DbOpt = None,
    level: Annotated[NetworkLevel, typer.Option("--level")] = NetworkLevel.country,
    min_events: Annotated[int, typer.Option("--min-events", min=1, max=_MAX_ROWS)] = 1,
    fmt: Annotated[ListFormat, typer.Option("--format")] = ListFormat.table,
) -> None:
    """The actor network: weighted edges between countries or actors, with counts by type."""
    from backchannel import queries

    with Store(db, read_only=True) as store:
        table = queries.network(store, level=level.value, min_events=min_events)
    _print_rows(table.to_pylist(), fmt, f"network of {level.value} edges")


@app.command("article")
def show_article(
    article_id: Annotated[str, typer.Argument(help="An article id (ar_...).")], db: DbOpt = None
) -> None:
    """One stored article with its events, quotes, timexes, channels and rejects, as JSON."""
    from backchannel import queries

    with Store(db, read_only=True) as store:
        found = queries.article(store, article_id)
    if found is None:
        err.print(f"error: no article {article_id!r}", markup=False)
        raise typer.Exit(1)
    sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")


@app.command("event")
def show_event(event_id: Annotated[str, typer.Argument(help="A merged (me_...) or article's (ev_...) event id.")],
               db: DbOpt = None) -> None:  # fmt: skip
    """One event with every report (outlet, date, evidence, why it was merged) and its quotes, as JSON."""
    from backchannel import queries

    with Store(db, read_only=True) as store:
        found = queries.event(store, event_id)
    if found is None:
        err.print(f"error: no event {event_id!r}", markup=False)
        raise typer.Exit(1)
    sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="The file to write.")],
    fmt: Annotated[ExportFormat, typer.Option("--format")],
    db: DbOpt = None,
    layout: Annotated[
        ExportLayout, typer.Option("--layout", help="native: DESIGN.md §3; polecat: POLECAT's columns.")
    ] = ExportLayout.native,
    unmerged: Annotated[bool, typer.Option("--unmerged", help="Per-article events.")] = False,
) -> None:
    """Export the stored events as Parquet, CSV or JSON Lines."""
    from backchannel.export import export_events

    with Store(db, read_only=True) as store:
        written = export_events(store, out, fmt=fmt.value, layout=layout.value, merged=not unmerged)
    err.print(f"wrote {written} event(s) to {out}", markup=False)


@app.command()
def serve(
    db: DbOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (default: loopback only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    ingest_token: Annotated[
        str | None,
        typer.Option(
            "--ingest-token",
            envvar="BACKCHANNEL_INGEST_TOKEN",
            help="Allow POST /api/ingest with this bearer token (the server then holds the database for writing).",
        ),
    ] = None,
) -> None:
    """Serve the web dashboard (at /) and the REST API (OpenAPI at /docs) over the database; read-only
    unless given an ingest token."""
    import uvicorn

    from backchannel.api import create_app
    from backchannel.store import default_db_path

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: the API is reachable from other machines", markup=False)
    application = create_app(db or default_db_path(), ingest_token=ingest_token)
    err.print(f"serving {db or default_db_path()}: dashboard at http://{host}:{port}/, API docs at /docs",
              markup=False)  # fmt: skip
    uvicorn.run(application, host=host, port=port, log_level="warning")


@app.command()
def optimize(db: DbOpt = None) -> None:
    """Reorder the database's country-pair rows so timeline queries read only their pair's rows
    (ingest does it when the table grew by a tenth)."""
    with Store(db) as store:
        ran = store.optimize()
    err.print("optimized" if ran else "already in order", markup=False)


@app.command()
def upgrade(db: DbOpt = None) -> None:
    """Upgrade a database made by an older backchannel to this version's schema (in place)."""
    with Store(db) as store:
        counts = store.counts()
    err.print(f"{store.path}: schema up to date; {counts['articles']} article(s), "
              f"{counts['merged_events']} merged event(s)", markup=False)  # fmt: skip


def _print_rows(rows: list[dict[str, Any]], fmt: ListFormat, title: str) -> None:
    rows = [{k: (v.isoformat() if isinstance(v, date) else v) for k, v in r.items()} for r in rows]
    if fmt is not ListFormat.table:
        _write_rows(rows, fmt)
        return
    table = Table(title=f"{title}: {len(rows)} row(s)")
    for column in rows[0] if rows else ["(none)"]:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    out.print(table)


@app.command()
def merges(
    db: DbOpt = None,
    fmt: Annotated[ExtractFormat, typer.Option("--format")] = ExtractFormat.table,
) -> None:
    """Report the story clusters (copies, rewrites) and the event merges made, with the reason for each."""
    with Store(db, read_only=True) as store:
        stories, merged = store.stories(), store.merges()
    if fmt is ExtractFormat.jsonl:
        _write_jsonl({"kind": "story", **s} for s in stories)
        _write_jsonl({"kind": "merge", **m} for m in merged)
        return
    table = Table(title=f"{len(stories)} story cluster(s) of two or more articles")
    for column in ("story", "published", "outlet", "title", "joined", "reason"):
        table.add_column(column, overflow="fold")
    for story in stories:
        for article in story["articles"]:
            original = article["id"] == story["original"]
            table.add_row(story["story_id"] if original else "", article["published"] or "?", article["outlet"] or "",
                          (article["title"] or article["id"])[:80], "original" if original else article["joined_to"],
                          article["reason"] or "")  # fmt: skip
    out.print(table)
    table = Table(title=f"{len(merged)} event(s) merged from two or more reports")
    for column in ("merged event", "type", "date", "status", "published", "outlet", "reason"):
        table.add_column(column, overflow="fold")
    for group in merged:
        for n, member in enumerate(group["members"]):
            table.add_row(group["merged_id"] if n == 0 else "", group["event_type"] if n == 0 else "",
                          (group["date"] or "?") if n == 0 else "", group["status"] if n == 0 else "",
                          member["published"] or "?", member["outlet"] or "", member["reason"])  # fmt: skip
    out.print(table)


def _actor_json(actor: Any) -> dict[str, Any]:
    return {"country": actor.country, "sector": actor.sector, "name": actor.name, "role": actor.role}


@app.command()
def actor(
    text: Annotated[
        str | None, typer.Argument(help="The actor string, e.g. 'Kremlin spokesman Dmitry Peskov'.")
    ] = None,
    day: Annotated[
        str | None, typer.Option("--date", help="Date YYYY-MM-DD of the text (offices held then).")
    ] = None,
    context: Annotated[str | None, typer.Option("--context", help="A sentence containing TEXT.")] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option("--jsonl", help='Many at once: lines {"text", "date", "context"}; - for stdin.'),
    ] = None,
) -> None:
    """Code an actor string as JSON {country, sector, name, role}, as the pipeline codes it."""
    if (text is None) == (jsonl is None):
        raise typer.BadParameter("give either TEXT or --jsonl FILE")
    if text is not None:
        checked = _published(day) if day else None
        sys.stdout.write(
            json.dumps(_actor_json(_pipeline().code_actor(text, day=checked, context=context))) + "\n"
        )
        return
    assert jsonl is not None
    stream = sys.stdin if str(jsonl) == "-" else _open_text(jsonl)
    pipeline = _pipeline()
    failed = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError("a line must be an object with a 'text' string")
            row_day = row.get("date")
            if row_day is not None:
                row_day = date.fromisoformat(str(row_day)).isoformat()
        except ValueError as exc:  # JSONDecodeError is a ValueError
            failed += 1
            err.print(f"{jsonl}:{number}: {exc}", markup=False)
            sys.stdout.write(
                json.dumps({"country": None, "sector": None, "name": None, "role": None, "error": str(exc)})
                + "\n"
            )
            continue
        coded = pipeline.code_actor(row["text"], day=row_day, context=row.get("context"))
        sys.stdout.write(json.dumps(_actor_json(coded), ensure_ascii=False) + "\n")
    raise typer.Exit(1 if failed else 0)


def _open_text(path: Path) -> Any:
    try:
        return path.open(encoding="utf-8")
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {path}: {exc.strerror}", param_hint="--jsonl") from None


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold files (JSON Lines, DESIGN.md §4).")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable report.")] = False,
) -> None:
    """Score the pipeline against gold files (DESIGN.md §4)."""
    from backchannel.evaluate import GoldDocument, evaluate_files, format_report

    pipeline = _pipeline()

    def predict(doc: GoldDocument) -> Article | None:
        # the gold's input metadata (outlet, url, title) is what ingest would read with the text
        meta = {k: v for k, v in doc.meta.items() if k in ("outlet", "url", "title") and isinstance(v, str)}
        result = pipeline.process_text(doc.text, path=doc.doc_id, published=doc.published, **meta)
        return result if isinstance(result, Article) else None

    report = evaluate_files(gold, predict)
    if as_json:
        out.print_json(data=report.to_dict())
    else:
        sys.stdout.write(format_report(report) + "\n")


# -- output helpers --------------------------------------------------------------------------


def _write_rows(rows: list[dict[str, Any]], fmt: ListFormat) -> None:
    if fmt is ListFormat.jsonl:
        _write_jsonl(rows)
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
    writer.writeheader()
    writer.writerows(rows)


def _party(actors: Iterable[Any]) -> str:
    return "; ".join(
        "/".join(x for x in (a.country, a.sector) if x) + (f" {a.name}" if a.name else "") for a in actors
    )


def _event_flat(e: Event) -> dict[str, Any]:
    return {
        "id": e.id,
        "article_id": e.article_id,
        "date": e.date.value,
        "precision": e.date.precision,
        "earliest": e.date.earliest,
        "latest": e.date.latest,
        "event_type": e.event_type,
        "mode": e.mode,
        "actor": _party(e.actor),
        "recipient": _party(e.recipient),
        "location": e.location.name if e.location else None,
        "status": e.status,
        "sources": len(e.sources),
        "first_reported": e.first_reported,
        "evidence": " … ".join(ev.text for ev in e.evidence),
    }


def _articles_table(items: list[Article], counts: dict[str, int]) -> None:
    table = Table(title=f"{len(items)} article(s)", show_lines=False)
    for column in ("published", "outlet", "title", "events", "id"):
        table.add_column(column, overflow="fold")
    for a in items:
        table.add_row(
            a.published or "?",
            a.outlet or "",
            a.title or (a.path or ""),
            str(counts.get(a.id, len(a.events))),
            a.id,
        )
    out.print(table)


def _events_table(items: list[Event]) -> None:
    table = Table(title=f"{len(items)} event(s)")
    for column in ("date", "type", "mode", "actor", "recipient", "location", "status", "sources", "evidence"):
        table.add_column(column, overflow="fold")
    for e in items:
        flat = _event_flat(e)
        when = flat["date"] or (
            f"{flat['earliest'] or '…'}–{flat['latest'] or '…'}"
            if flat["earliest"] or flat["latest"]
            else "?"
        )
        table.add_row(when, e.event_type, e.mode or "", flat["actor"], flat["recipient"], flat["location"] or "",
                      e.status, str(flat["sources"]), flat["evidence"][:160])  # fmt: skip
    out.print(table)


# -- entry point -----------------------------------------------------------------------------


def _known_errors() -> tuple[type[BaseException], ...]:
    from backchannel.evaluate.gold import GoldFormatError
    from backchannel.resources import ResourceError
    from backchannel.scale.partition import ScaleError
    from backchannel.settings import SettingsError
    from backchannel.stages.nlp import ModelNotInstalled
    from backchannel.store import StoreError

    return (StoreError, SettingsError, ResourceError, ModelNotInstalled, GoldFormatError, ScaleError)


def _os_error_message(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every error becomes a one-line message unless ``--debug`` is given.

    Known errors (bad configuration, database, gold file) and OS errors (a path that cannot be
    opened or written) exit 2; anything else is a bug: exit 4, with a pointer to ``--debug``.
    """
    try:
        app(args=argv, standalone_mode=True)
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except BrokenPipeError:  # the reader of stdout went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:
        if _state["debug"]:
            raise
        if isinstance(exc, _known_errors()):
            err.print(f"error: {exc}", markup=False)
            sys.exit(2)
        if isinstance(exc, OSError):
            err.print(f"error: {_os_error_message(exc)}", markup=False)
            sys.exit(2)
        command = _state.get("command") or "backchannel"
        first_line = next((line for line in str(exc).splitlines() if line.strip()), "")
        err.print(f"error: {command} failed: {type(exc).__name__}: {first_line} "
                  "(a bug: please report it; --debug shows the traceback)", markup=False)  # fmt: skip
        sys.exit(4)
