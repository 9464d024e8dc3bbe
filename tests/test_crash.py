"""Ingest safety: ``backchannel ingest`` killed with SIGKILL at random points, then run again.

The requirement: each batch is one transaction, so a process killed at any point leaves whole
batches or nothing of a batch; ingesting again stores the rest, with no partial rows and no
duplicates, and ends with exactly what a clean run stores.  While an ingest runs, a second process
that opens the file gets a clear error (DuckDB allows one writing process per file, and a
read-only open from another process fails while the writer holds the lock), never corrupted data.

Input: a fixed subset of ``../shared/corpus/kremlin_zelenskyy_2022.jsonl``, not the whole corpus:
all 1,796 releases take about 8 minutes to ingest on 2 cores and every crash run ingests the input
at least twice, far too slow for the suite.  The subset (46 rows, ~15 s per ingest) is chosen so
that the merge layer (``stories``, ``merged_events``, ``event_merges``) has work that crosses
transactions: every Kremlin readout of a call or talks with Macron or Scholz, the Ukrainian
readouts of Zelenskyy's contacts with Macron and Scholz (three of one Kyiv visit merge into one
event), two Kremlin congratulations with one text under two titles (a story of two articles), a
Ukrainian joint statement published twice with one text (a DUPLICATE reject), and, last, two
republished copies of Kremlin readouts under another outlet, which must join stories and merged
events that earlier transactions (possibly of a killed process) stored.

Batches are small (``--batch 4``, and ``BACKCHANNEL_NLP_BATCH_SIZE=4`` so that extraction and
writing interleave instead of all writes coming in a burst at the end), so one ingest is about a
dozen transactions.  A kill is timed from the DuckDB write-ahead log: nothing is checkpointed into
the database file until the writer closes, so the log's size says how far the writes have got.
The crash runs are seeded (``BACKCHANNEL_CRASH_SEED``); ``BACKCHANNEL_CRASH_RUNS`` raises their
number (default 3).  Every kill point is printed (``pytest -s``).  A kill that lands between a
batch's inserts and its COMMIT is rare at random, so one more test kills a writer there on purpose.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from backchannel.model import Actor, Article, Event, EventDate, Source, content_id
from backchannel.store import Store

BACKCHANNEL = Path(sys.executable).parent / "backchannel"
CORPUS = "corpus/kremlin_zelenskyy_2022.jsonl"
CRASH_RUNS = int(os.environ.get("BACKCHANNEL_CRASH_RUNS") or 3)
CRASH_SEED = int(os.environ.get("BACKCHANNEL_CRASH_SEED") or 20221114)
BATCH = 4
TIMEOUT = 300  # seconds for one ingest; a clean one takes ~15 s

# Ukrainian readouts of Zelenskyy's contacts with Macron and Scholz, the joint statement published
# twice (ua_71837, ua_72173: one text), and the two Kremlin congratulations with one text.
_UA_IDS = {"ua_71973", "ua_72069", "ua_72073", "ua_72601", "ua_72745", "ua_72757", "ua_72761", "ua_73017",
           "ua_71837", "ua_72173"}  # fmt: skip
_KREMLIN_IDS = {"kremlin_68078", "kremlin_68079"}
# Republished at the end of the input under another outlet: these must join stored stories.
_COPIED_IDS = ("kremlin_67898", "kremlin_67759")


def _subset(shared_dir: Path, out: Path) -> Path:
    """The crash input as JSONL (see the module docstring), in corpus order, copies last."""
    corpus = shared_dir / CORPUS
    if not corpus.is_file():
        pytest.skip(f"../shared is absent: {corpus} not found")
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [
        r
        for r in rows
        if r["id"] in _UA_IDS | _KREMLIN_IDS
        or (r["outlet"] == "kremlin.ru" and ("Macron" in r["title"] or "Scholz" in r["title"]))
    ]
    by_id = {r["id"]: r for r in rows}
    for source_id in _COPIED_IDS:
        source = by_id[source_id]
        chosen.append(
            source
            | {
                "id": f"copy_{source_id}",
                "outlet": "copy.example",
                "url": f"https://copy.example/{source_id}",
                "text": source["text"] + "\n\nReprinted from en.kremlin.ru under CC BY 4.0.",
            }
        )
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return out


_HASH_SEEDS = iter(range(1, 1_000_000))


def _env() -> dict[str, str]:
    """No BACKCHANNEL_* settings from the caller; small NLP batches so writes spread over the run."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCHANNEL_")}
    env["BACKCHANNEL_NLP_BATCH_SIZE"] = str(BATCH)
    # A different hash seed per run: the merge layer's rows (reasons included) must not depend on
    # Python's per-process string hashing.
    env["PYTHONHASHSEED"] = str(next(_HASH_SEEDS))
    env["COLUMNS"] = "200"
    return env


def _ingest_args(source: Path, db: Path) -> list[str]:
    assert BACKCHANNEL.exists(), f"{BACKCHANNEL} is missing: install the package into the venv (make install)"
    return [str(BACKCHANNEL), "ingest", str(source), "--db", str(db), "--batch", str(BATCH)]


def _start(source: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        _ingest_args(source, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _wal_size(db: Path) -> int:
    try:
        return _wal(db).stat().st_size
    except FileNotFoundError:
        return 0


# --- what a database holds ----------------------------------------------------------------------


@dataclass
class Snapshot:
    counts: dict[str, int]  # Store.counts() and count(*) of every table
    ids: dict[str, set[Any]]  # ids (or whole rows) per table
    article_order: list[str]  # article ids in the order they were stored
    records_of: dict[str, dict[str, set[str]]]  # article id -> table -> ids of its rows
    problems: list[str] = field(default_factory=list)  # broken invariants (should be none)


_ID_QUERIES = {
    "articles": "SELECT id, story_id FROM articles",
    "events": "SELECT id, article_id FROM events",
    "event_actors": "SELECT event_id, part, position, country, sector, name FROM event_actors",
    "actors": "SELECT article_id, mention, country, sector FROM actors",
    "quotes": "SELECT id FROM quotes",
    "timexes": "SELECT id FROM timexes",
    "channels": "SELECT id FROM channels",
    "rejects": "SELECT id, path, reason FROM rejects",
    "stories": "SELECT article_id, story_id, original_id, joined_to, reason FROM stories",
    "event_merges": "SELECT event_id, merged_id, article_id, position, reason FROM event_merges",
    # a merged event's whole row: its members, sources, status and dates must not depend on restarts
    "merged_events": "SELECT id, n_sources, to_json(m)::VARCHAR FROM merged_events m",
}

# Each query returns rows that break an invariant; a consistent database returns none.
_INVARIANTS = {
    "article stored twice (same text)": "SELECT text FROM articles GROUP BY text HAVING count(*) > 1",
    "event of no stored article": "SELECT id FROM events WHERE article_id NOT IN (SELECT id FROM articles)",
    "event actor of no stored event": "SELECT event_id FROM event_actors WHERE event_id NOT IN (SELECT id FROM events)",
    "actor mention of no stored article": (
        "SELECT article_id FROM actors WHERE article_id NOT IN (SELECT id FROM articles)"
    ),
    "quote of no stored article": "SELECT id FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)",
    "timex of no stored article": "SELECT id FROM timexes WHERE article_id NOT IN (SELECT id FROM articles)",
    "channel of no stored article": "SELECT id FROM channels WHERE article_id NOT IN (SELECT id FROM articles)",
    "story row of no stored article": "SELECT article_id FROM stories WHERE article_id NOT IN (SELECT id FROM articles)",
    "stored article without a story row": "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM stories)",
    "article story_id differs from its story row": (
        "SELECT a.id FROM articles a JOIN stories s ON s.article_id = a.id WHERE a.story_id IS DISTINCT FROM s.story_id"
    ),
    "merge row of no stored event": "SELECT event_id FROM event_merges WHERE event_id NOT IN (SELECT id FROM events)",
    "stored event in no merged event": "SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM event_merges)",
    "merge row of no merged event": (
        "SELECT event_id FROM event_merges WHERE merged_id NOT IN (SELECT id FROM merged_events)"
    ),
    "merged event without members": "SELECT id FROM merged_events WHERE id NOT IN (SELECT merged_id FROM event_merges)",
    "merged event n_sources differs from its members": (
        "SELECT g.id FROM merged_events g JOIN event_merges m ON m.merged_id = g.id "
        "GROUP BY g.id, g.n_sources HAVING count(DISTINCT m.article_id) <> g.n_sources"
    ),
    "schema_version rows": "SELECT version FROM schema_version GROUP BY ALL HAVING count(*) > 1",
}  # fmt: skip

_PER_ARTICLE = {
    "events": "SELECT article_id, id FROM events",
    "event_actors": "SELECT article_id, event_id || '/' || part || '/' || position FROM event_actors",
    "actors": "SELECT article_id, CAST(mention AS VARCHAR) FROM actors",
    "quotes": "SELECT article_id, id FROM quotes",
    "timexes": "SELECT article_id, id FROM timexes",
    "channels": "SELECT article_id, id FROM channels",
}


def _snapshot(db: Path) -> Snapshot:
    """Everything the comparison needs, read through a read-only Store (which replays the WAL)."""
    with Store(db, read_only=True) as store:
        con = store.con
        counts = {f"counts.{k}": v for k, v in store.counts().items()}
        tables = sorted(r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall())
        for table in tables:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        ids = {table: set(con.execute(sql).fetchall()) for table, sql in _ID_QUERIES.items()}
        order = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY ingested_at, rowid").fetchall()]
        records_of: dict[str, dict[str, set[str]]] = {a: {t: set() for t in _PER_ARTICLE} for a in order}
        for table, sql in _PER_ARTICLE.items():
            for article_id, key in con.execute(sql).fetchall():
                records_of.setdefault(article_id, {t: set() for t in _PER_ARTICLE})[table].add(key)
        problems = [
            f"{name}: {rows[:3]}"
            for name, sql in _INVARIANTS.items()
            if (rows := con.execute(sql).fetchall())
        ]
    return Snapshot(counts, ids, order, records_of, problems)


def _assert_same(got: Snapshot, clean: Snapshot, what: str) -> None:
    assert not got.problems, f"{what}: {got.problems}"
    assert got.counts == clean.counts, f"{what}: counts differ from the clean run"
    for table, expected in clean.ids.items():
        missing, extra = expected - got.ids[table], got.ids[table] - expected
        assert not missing and not extra, (
            f"{what}: {table} differs from the clean run: missing {sorted(missing, key=str)[:3]}, "
            f"extra {sorted(extra, key=str)[:3]}"
        )
    assert got.records_of == clean.records_of, f"{what}: per-article records differ"


def _assert_whole_batches(got: Snapshot, clean: Snapshot, what: str) -> None:
    """After a kill: the stored articles are the first ones of the input (whole transactions), each
    with every record the clean run stores for it, and nothing else; no invariant broken."""
    assert not got.problems, f"{what}: {got.problems}"
    n = len(got.article_order)
    assert got.article_order == clean.article_order[:n], (
        f"{what}: stored articles are not a prefix of the input"
    )
    for article_id in got.article_order:
        assert got.records_of[article_id] == clean.records_of[article_id], (
            f"{what}: {article_id} stored partly"
        )
    assert set(got.records_of) == set(got.article_order), f"{what}: records of articles not stored"
    assert got.ids["rejects"] <= clean.ids["rejects"], f"{what}: rejects the clean run has not"


# --- killing ------------------------------------------------------------------------------------


@dataclass
class Kill:
    articles: int  # articles stored when it was killed (read back after the kill)
    alive: bool  # the process was still running when the signal was sent
    wal_bytes: int  # size of the write-ahead log left behind

    def mid_run(self, total: int) -> bool:
        """Killed after its first commit and before its end."""
        return self.alive and 0 < self.articles < total

    def __str__(self) -> str:
        where = f"{self.articles} article(s) stored" if self.alive else "process had already finished"
        return f"killed with {where}, WAL {self.wal_bytes} bytes"


def _kill_when(proc: subprocess.Popen[str], db: Path, wal_at_least: int, then_sleep: float) -> bool:
    """SIGKILL once the WAL holds ``wal_at_least`` bytes more than its smallest size since the start
    (that is, once that much has been committed by this process), after ``then_sleep`` more
    seconds.  True when the process was still running at the signal."""
    deadline = time.monotonic() + TIMEOUT
    low = _wal_size(db)
    while proc.poll() is None and time.monotonic() < deadline:
        size = _wal_size(db)
        low = min(low, size)
        if size - low >= wal_at_least:
            break
        time.sleep(0.005)
    if then_sleep:
        time.sleep(then_sleep)
    alive = proc.poll() is None
    if alive:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    if alive:
        assert proc.returncode == -signal.SIGKILL, proc.returncode
    return alive


def _killed_run(source: Path, db: Path, wal_at_least: int, then_sleep: float) -> Kill:
    proc = _start(source, db)
    alive = _kill_when(proc, db, wal_at_least, then_sleep)
    wal_bytes = _wal_size(db)
    with Store(db, read_only=True) as store:  # a read-only open replays the WAL (nothing checkpointed)
        articles = store.counts()["articles"]
    return Kill(articles, alive, wal_bytes)


def _complete_run(source: Path, db: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        _ingest_args(source, db), capture_output=True, text=True, env=_env(), timeout=TIMEOUT
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _summary(stderr: str) -> str:
    """The ingest's "processed ..., stored N new, M already stored" line."""
    return next((line for line in stderr.splitlines() if line.startswith("processed")), "")


@dataclass
class CleanRun:
    source: Path
    result: subprocess.CompletedProcess[str]
    snapshot: Snapshot
    wal_peak: int  # the largest WAL seen while it ran (all its commits, before the final checkpoint)
    seconds: float


def _clean_run(source: Path, db: Path) -> CleanRun:
    start = time.monotonic()
    proc = _start(source, db)
    peak = 0
    while proc.poll() is None and time.monotonic() - start < TIMEOUT:
        peak = max(peak, _wal_size(db))
        time.sleep(0.005)
    stdout, stderr = proc.communicate(timeout=60)
    result = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    assert "Traceback" not in stderr, stderr
    assert proc.returncode in (0, 1), stderr
    assert not _wal(db).exists() or _wal_size(db) == 0, "a clean close leaves no write-ahead log"
    return CleanRun(source, result, _snapshot(db), peak, time.monotonic() - start)


# --- the tests ----------------------------------------------------------------------------------


def test_ingest_killed_at_random_points_then_rerun_equals_a_clean_run(
    shared_dir: Path, tmp_path: Path
) -> None:
    """A clean ingest, then crash runs: kill the ingest (and in run 1, 4, ... the re-ingest too),
    check that the killed file holds whole batches only, ingest again to the end and compare with
    the clean run: every table's count, the ids and merge rows, each article's records."""
    source = _subset(shared_dir, tmp_path / "subset.jsonl")
    clean = _clean_run(source, tmp_path / "clean.duckdb")
    total = clean.snapshot.counts["articles"]
    # the input gives every part of the store something to do
    assert total == 45 and clean.snapshot.counts["rejects"] == 1, clean.snapshot.counts
    assert "DUPLICATE" in clean.result.stderr
    assert len(clean.snapshot.article_order) >= 10 * BATCH, "too few transactions to interrupt"
    stories = [r for r in clean.snapshot.ids["stories"] if r[3] is not None]  # joined to another article
    assert len(stories) >= 3, stories
    copies = [r for r in clean.snapshot.ids["merged_events"] if r[1] >= 2]  # n_sources
    assert len(copies) >= 3, "events reported by several articles (copies, one visit) merge"
    assert clean.wal_peak > 0, "no write-ahead log seen: kills cannot be timed"

    rng = random.Random(CRASH_SEED)
    log: list[str] = [f"clean run: {clean.seconds:.1f} s, {total} articles, WAL peak {clean.wal_peak} bytes"]
    mid_run = 0
    runs = 0
    while runs < CRASH_RUNS or (mid_run == 0 and runs < CRASH_RUNS + 3):
        retry = runs >= CRASH_RUNS  # no kill has landed mid-run yet: kill early, on a commit
        db = tmp_path / f"crash{runs}.duckdb"
        share = 0.05 if retry else rng.uniform(0.02, 0.8)
        pause = 0.0 if retry else rng.choice([0.0, rng.uniform(0.0, 0.5)])  # 0: just after a commit
        kills = [_killed_run(source, db, max(1, int(share * clean.wal_peak)), pause)]
        _assert_whole_batches(_snapshot(db), clean.snapshot, f"run {runs} after kill 1")
        if runs % 3 == 1:  # kill the re-ingest too, once it has committed something
            kills.append(_killed_run(source, db, 1, rng.uniform(0.0, 1.0)))
            _assert_whole_batches(_snapshot(db), clean.snapshot, f"run {runs} after kill 2")
            assert kills[1].articles >= kills[0].articles
        result = _complete_run(source, db)
        assert result.returncode == clean.result.returncode, result.stderr
        _assert_same(_snapshot(db), clean.snapshot, f"run {runs} (share {share:.2f}, pause {pause:.2f} s)")
        # mid-run, nothing is checkpointed yet: the batches read back above came from replaying the WAL
        assert all(k.wal_bytes > 0 for k in kills if k.mid_run(total)), kills
        landed = sum(k.mid_run(total) for k in kills)
        mid_run += landed
        log.append(f"run {runs}{' (retry)' if retry else ''}: " + "; ".join(map(str, kills))
                   + f" -> {landed} mid-run; re-ingest: {_summary(result.stderr)}")  # fmt: skip
        runs += 1
    print("\n".join(log))
    assert mid_run >= 1, "no kill landed mid-run:\n" + "\n".join(log)


def test_reader_during_ingest_gets_a_clear_error_then_sees_everything(
    shared_dir: Path, tmp_path: Path
) -> None:
    """DuckDB allows one writer process, or many read-only ones, per file, never both: while
    ``backchannel ingest`` holds the file, ``backchannel events`` in another process fails at once
    with exit 2 and a one-line message (no traceback, no waiting); once the ingest has ended the
    same command sees every stored event."""
    source = _subset(shared_dir, tmp_path / "subset.jsonl")
    db = tmp_path / "read.duckdb"
    proc = _start(source, db)
    try:
        deadline = time.monotonic() + TIMEOUT
        while _wal_size(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)  # the writer has the file open (the schema is in the WAL)
        assert proc.poll() is None, "the ingest ended before the reader could try"
        reader = subprocess.run(
            [str(BACKCHANNEL), "events", "--db", str(db), "--format", "jsonl"],
            capture_output=True,
            text=True,
            env=_env() | {"COLUMNS": "1000"},
            timeout=120,
        )  # fmt: skip  (a wide console: the message is not wrapped)
        still_writing = proc.poll() is None
    finally:
        _, stderr = proc.communicate(timeout=TIMEOUT)  # the ingest runs to its end
    assert still_writing, "the ingest ended while the reader ran: the lock was not tested"
    assert reader.returncode == 2, reader.stdout + reader.stderr
    assert reader.stdout == ""
    assert "Traceback" not in reader.stderr
    [message] = reader.stderr.splitlines()
    assert message.startswith(f"error: {db} is open for writing in another process"), message
    assert proc.returncode in (0, 1), stderr
    assert "Traceback" not in stderr

    after = subprocess.run(
        [str(BACKCHANNEL), "events", "--db", str(db), "--format", "jsonl"],
        capture_output=True, text=True, env=_env(), timeout=120,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    stored = _snapshot(db)
    assert not stored.problems, stored.problems
    assert stored.counts["articles"] == 45
    lines = [json.loads(line) for line in after.stdout.splitlines() if line.strip()]
    assert len(lines) == stored.counts["merged_events"] > 0
    assert {r["id"] for r in lines} == {r[0] for r in stored.ids["merged_events"]}


def _two_reports() -> tuple[Article, Article]:
    """Two outlets' reports of one call, built by hand: the second's event merges with the first's."""

    def report(text: str, outlet: str) -> Article:
        article = Article(
            path=f"{outlet}.txt", outlet=outlet, published="2022-05-03", language="en", text=text
        )
        article.id = content_id("ar", text)
        day = EventDate(value="2022-05-03", precision="day", earliest="2022-05-03", latest="2022-05-03")
        article.events = [
            Event(
                id=content_id("ev", article.id),
                article_id=article.id,
                event_type="CONSULT",
                mode="phone",
                actor=[Actor(name="Vladimir Putin", country="RUS", sector="GOV")],
                recipient=[Actor(name="Emmanuel Macron", country="FRA", sector="GOV")],
                date=day,
                sources=[Source(article.id, outlet, None, "2022-05-03")],
                first_reported="2022-05-03",
            )
        ]
        return article

    return (
        report("Putin spoke by phone with Macron on Tuesday, May 3.", "kremlin.ru"),
        report("Macron and Putin held a telephone conversation on May 3, the Elysee said.", "wire.example"),
    )


# Commits the first report, then dies inside the second one's write transaction: every row of the
# batch inserted and the stored merged event it joins deleted and rewritten, COMMIT not reached.
_KILLED_WRITER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[2])
    from test_crash import _two_reports
    from backchannel.store import Store

    first, second = _two_reports()
    with Store(sys.argv[1]) as store:
        store.write([first])
        merge_new = Store._merge_new
        def merge_then_die(self, *args, **kwargs):
            merge_new(self, *args, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)
        Store._merge_new = merge_then_die
        store.write([second])
    """
)


def test_kill_inside_a_write_transaction_leaves_the_last_commit(tmp_path: Path) -> None:
    """SIGKILL between a batch's inserts and its COMMIT (no ROLLBACK runs): the next open replays
    the WAL up to the last commit and drops the rest, the merged event the dead transaction had
    rewritten included; writing the batch again gives what an uninterrupted writer stores.  No
    spaCy, so this is quick; random kills in the test above seldom land inside a transaction."""
    first, second = _two_reports()
    reference = tmp_path / "reference.duckdb"
    with Store(reference) as store:
        store.write([first])
    after_first = _snapshot(reference)
    with Store(reference) as store:
        store.write([second])
    after_second = _snapshot(reference)
    assert after_second.counts["merged_events"] == 1 and after_second.counts["event_merges"] == 2

    db = tmp_path / "killed.duckdb"
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(db), str(Path(__file__).parent)],
        capture_output=True, text=True, env=_env(), timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _wal_size(db) > 0  # the first batch is committed to the WAL only: the open below replays it
    assert _snapshot(db) == after_first  # nothing of the dead transaction; the old merged rows intact
    with Store(db) as store:
        store.write([second])
    assert _snapshot(db) == after_second
