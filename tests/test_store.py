"""The store: a real DuckDB file per test; writes, idempotence, round trips, filters, locking, rollback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from backchannel.model import Actor, Article, Event, EventDate, Evidence, Reject, RejectReason, content_id
from backchannel.store import Store, StoreError, StoreLocked, WriteResult
from builders import make_article


def _article(text: str, **meta: str) -> Article:
    return Article(id=content_id("ar", text), path=f"{text[:8]}.txt", text=text, language="en", **meta)


def _event(
    article_id: str, name: str, event_type: str, countries: tuple[str, ...], **when: str | None
) -> Event:
    actor, *recipient = countries
    return Event(
        id=content_id("ev", article_id, name),
        article_id=article_id,
        event_type=event_type,  # type: ignore[arg-type]
        actor=[Actor(name=f"{name} actor", country=actor, sector="GOV")],
        recipient=[Actor(country=c, sector="GOV") for c in recipient],
        date=EventDate(
            value=when.get("value"),
            precision="day" if when.get("value") else "unknown",
            earliest=when.get("earliest"),
            latest=when.get("latest"),
        ),
        evidence=[Evidence(name, 0, len(name))],
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as opened:
        yield opened


ARTICLES = [
    _article("Seoul and Tokyo agreed to resume shuttle diplomacy.", published="2023-03-16", outlet="Example"),
    _article("Quad leaders met in Tokyo on Tuesday.", published="2022-05-24"),
]
REJECTS = [
    Reject("empty.txt", RejectReason.EMPTY, "empty input (0 bytes, no text)"),
    Reject("copy.txt", RejectReason.DUPLICATE, "same text as a.txt", article_id=ARTICLES[0].id),
]


# --- writing ---------------------------------------------------------------------------------


def test_store_write_stores_articles_and_rejects(store: Store) -> None:
    result = store.write([ARTICLES[0], REJECTS[0], ARTICLES[1], REJECTS[1]])
    assert result == WriteResult(new_articles=2, known_articles=0, new_rejects=2, new_events=0)
    assert store.counts() == {
        "articles": 2,
        "actors": 0,
        "events": 0,
        "merged_events": 0,
        "stories": 2,
        "quotes": 0,
        "timexes": 0,
        "channels": 0,
        "rejects": 2,
    }
    stored = store.articles()
    assert [a.id for a in stored] == [ARTICLES[1].id, ARTICLES[0].id]  # oldest publication first
    # every serialised field comes back, and the store gave each article its story
    assert stored[1] == replace(ARTICLES[0], story_id=stored[1].story_id)
    assert {a.story_id for a in stored} == {content_id("st", a.id) for a in ARTICLES}
    assert [(r.path, r.reason, r.message, r.article_id) for r in store.rejects()] == [
        (r.path, r.reason, r.message, r.article_id) for r in sorted(REJECTS, key=lambda r: r.path)
    ]


def test_store_write_is_idempotent(store: Store) -> None:
    article = make_article()
    batch = [article, *ARTICLES, *REJECTS]
    first = store.write(batch)
    counts = store.counts()
    second = store.write(batch)
    assert first == WriteResult(new_articles=3, known_articles=0, new_rejects=2, new_events=1)
    assert second == WriteResult(new_articles=0, known_articles=3, new_rejects=0, new_events=0)
    assert (
        store.counts()
        == counts
        == {
            "articles": 3,
            "actors": 0,
            "events": 1,
            "merged_events": 1,
            "stories": 3,
            "quotes": 1,
            "timexes": 1,
            "channels": 1,
            "rejects": 2,
        }
    )


def test_store_write_same_article_twice_in_one_batch_stores_it_once(store: Store) -> None:
    assert store.write([ARTICLES[0], ARTICLES[0]]).new_articles == 1
    assert store.counts()["articles"] == 1


def test_store_is_idempotent_across_connections(db_path: Path) -> None:
    with Store(db_path) as first:
        first.write([*ARTICLES, *REJECTS])
    with Store(db_path) as second:
        assert second.write([*ARTICLES, *REJECTS]) == WriteResult(known_articles=2)
        assert second.counts()["articles"] == 2 and second.counts()["rejects"] == 2


def test_store_event_round_trips_exactly(store: Store) -> None:
    article = make_article()
    [event] = article.events
    assert (
        event.actor and event.recipient and event.intermediary and event.location and event.status_statements
    )
    assert event.attribution and event.evidence and event.sources and event.date.value
    store.write([article])
    [stored] = store.events(merged=False)
    assert stored.to_dict() == event.to_dict()
    assert stored == event


def test_store_minimal_event_round_trips(store: Store) -> None:
    article = _article("Chile and Peru agreed to reopen the border.")
    event = Event(id="ev_minimal", article_id=article.id, event_type="AGREE")
    article.events = [event]
    store.write([article])
    assert [e.to_dict() for e in store.events(merged=False)] == [event.to_dict()]


# --- queries ---------------------------------------------------------------------------------


def _day(value: str) -> dict[str, str]:
    return {"value": value, "earliest": value, "latest": value}


@pytest.fixture
def store_with_events(store: Store) -> Store:
    article = _article("A week of contacts between capitals, reported in one article.")
    a = article.id
    article.events = [
        _event(a, "ankara", "CONSULT", ("RUS", "USA"), **_day("2022-11-14")),
        _event(a, "summon", "ACCUSE", ("UKR", "RUS"), **_day("2022-03-01")),
        _event(a, "aid", "AID", ("USA", "UKR"), **_day("2022-05-10")),
        _event(a, "since", "CONSULT", ("USA", "RUS"), earliest="2022-02-24"),  # "since February 24"
        _event(a, "undated", "REQUEST", ("RUS", "TUR")),
        _event(a, "before", "CONSULT", ("FRA", "DEU"), latest="2022-01-31"),  # "by the end of January"
        _event(a, "trilateral", "CONSULT", ("TUR", "RUS", "UKR"), **_day("2022-03-10")),
    ]
    store.write([article])
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {},
            ["before", "since", "summon", "trilateral", "aid", "ankara", "undated"],
        ),  # by date, undated last
        ({"countries": ["RUS", "USA"]}, ["since", "ankara"]),  # both countries of the pair
        ({"countries": ["usa", "rus"]}, ["since", "ankara"]),  # order and case do not matter
        ({"countries": ["UKR"]}, ["summon", "trilateral", "aid"]),
        ({"countries": ["RUS", "UKR", "TUR"]}, ["trilateral"]),
        ({"countries": ["GBR"]}, []),
        ({"countries": ["DEU", "FRA"]}, ["before"]),
        ({"event_type": "CONSULT"}, ["before", "since", "trilateral", "ankara"]),
        ({"event_type": "consult", "countries": ["TUR"]}, ["trilateral"]),
        # a missing bound is open: "since February 24" meets any later range, "by January 31" any earlier one
        ({"since": date(2022, 5, 1)}, ["since", "aid", "ankara"]),
        ({"until": date(2022, 3, 5)}, ["before", "since", "summon"]),
        ({"until": date(2022, 1, 15)}, ["before"]),
        ({"since": date(2022, 3, 1), "until": date(2022, 3, 31)}, ["since", "summon", "trilateral"]),
        ({"since": date(2022, 3, 2), "until": date(2022, 3, 9)}, ["since"]),
        ({"limit": 2}, ["before", "since"]),
    ],
)
def test_store_events_filters(
    store_with_events: Store, filters: dict[str, object], expected: list[str]
) -> None:
    found = store_with_events.events(merged=False, **filters)  # type: ignore[arg-type]
    assert [e.evidence[0].text for e in found] == expected
    # one article's events of different dates or dyads are different events: merged, the same list
    found = store_with_events.events(**filters)  # type: ignore[arg-type]
    assert [e.evidence[0].text for e in found] == expected


# --- opening, locking, failures --------------------------------------------------------------

_OPEN_READ_ONLY = textwrap.dedent(
    """
    import sys
    from backchannel.store import Store, StoreLocked
    try:
        Store(sys.argv[1], read_only=True).close()
    except StoreLocked as exc:
        print("StoreLocked", exc)
    else:
        print("opened")
    """
)


def test_store_read_only_in_another_process_while_writing_is_locked(db_path: Path) -> None:
    """DuckDB allows one writing process per file: a reader in another process is refused while a
    writer holds the file, and gets StoreLocked with a message (not a hang, not a traceback)."""
    with Store(db_path) as writer:
        writer.write(ARTICLES)
        run = subprocess.run(
            [sys.executable, "-c", _OPEN_READ_ONLY, str(db_path)], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith("StoreLocked"), run.stdout
        assert "another process" in run.stdout
    after = subprocess.run(
        [sys.executable, "-c", _OPEN_READ_ONLY, str(db_path)], capture_output=True, text=True, timeout=60
    )
    assert after.stdout.strip() == "opened", after.stdout + after.stderr  # and readable once it is closed


def test_store_read_only_in_the_same_process_while_writing_is_locked(db_path: Path) -> None:
    """In one process DuckDB refuses a second connection with another mode; that is StoreLocked too,
    not a claim that the file is not a database."""
    with Store(db_path) as writer:
        writer.write(ARTICLES)
        with pytest.raises(StoreLocked, match="already open in this process"):
            Store(db_path, read_only=True)
    with Store(db_path, read_only=True) as reader:
        assert reader.counts()["articles"] == 2


def test_store_two_readers_share_the_file(db_path: Path) -> None:
    with Store(db_path) as writer:
        writer.write(ARTICLES)
    with Store(db_path, read_only=True) as one, Store(db_path, read_only=True) as two:
        assert one.counts() == two.counts()


def test_store_read_only_missing_file_is_a_store_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError, match="no such database"):
        Store(missing, read_only=True)
    assert not missing.exists()


@pytest.mark.parametrize("read_only", [False, True])
def test_store_non_duckdb_file_is_a_store_error(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("These are notes about the talks, not a database.\n")
    with pytest.raises(StoreError, match=r"notes\.duckdb"):
        Store(path, read_only=read_only)
    assert path.read_text() == "These are notes about the talks, not a database.\n"  # untouched


def test_store_duckdb_file_of_another_program_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE readings (x INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="not a backchannel database"):
        Store(path, read_only=True)


def test_store_failed_write_rolls_back_everything(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write([ARTICLES[0], REJECTS[0]])
    before = store.counts()
    original = Store._insert

    def failing_insert(self: Store, table: str, rows: list[dict[str, object]]) -> None:
        if table == "events":
            raise RuntimeError("disk full while writing events")
        original(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        store.write([make_article(), ARTICLES[1], REJECTS[1]])
    assert store.counts() == before  # no partial rows: not the articles inserted before the failure
    assert [a.id for a in store.articles()] == [ARTICLES[0].id]
    monkeypatch.setattr(Store, "_insert", original)
    assert store.write([make_article(), ARTICLES[1], REJECTS[1]]).new_articles == 2  # and usable afterwards


def test_store_default_path_is_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCHANNEL_DB", str(tmp_path / "env.duckdb"))
    with Store() as store:
        assert store.path == tmp_path / "env.duckdb"
    assert (tmp_path / "env.duckdb").exists()
