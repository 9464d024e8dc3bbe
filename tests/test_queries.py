"""The queries (``queries.py``) and their CLI commands, on a real store of the bundled examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from backchannel import queries
from backchannel.model import Event
from backchannel.store import EventFilter, Store

if TYPE_CHECKING:
    pass


@pytest.fixture(scope="module")
def store_path(examples_db: Path) -> Path:
    return examples_db


@pytest.fixture
def store(store_path: Path) -> Store:
    return Store(store_path, read_only=True)


def test_queries_timeline_counts_the_pairs_events(store: Store) -> None:
    """A month counts the pair's contacts that took place whose range of days is known to about a
    month or better (dated only by their report: its day)."""
    pair = EventFilter(countries=("RUS", "USA"))
    events = store.events(pair)
    months = queries.timeline(store, "USA", "RUS").to_pylist()  # order of the two does not matter

    def counted(e: Event) -> bool:
        first, last = e.date.bounds()
        known = last is not None and (first is None or (last - first).days <= queries.MAX_SPAN["month"])
        return not (e.negated or e.hypothetical or e.future) and known

    dated = [e for e in events if counted(e)]
    assert sum(r["events"] for r in months) == len(dated) > 0
    by_type = {
        t: sum(r["events"] for r in months if r["event_type"] == t) for t in {r["event_type"] for r in months}
    }
    assert by_type == {t: sum(1 for e in dated if e.event_type == t) for t in by_type}
    assert all(r["period"].day == 1 for r in months)
    weeks = queries.timeline(store, "RUS", "USA", unit="week").to_pylist()
    assert all(r["period"].weekday() == 0 for r in weeks)  # ISO weeks start on Monday
    consult = queries.timeline(store, "RUS", "USA", filters=EventFilter(event_type="CONSULT")).to_pylist()
    assert {r["event_type"] for r in consult} == {"CONSULT"}
    with pytest.raises(ValueError, match="unit"):
        queries.timeline(store, "RUS", "USA", unit="year")  # type: ignore[arg-type]


def test_queries_filters_and_counts_agree(store: Store) -> None:
    for filters in (EventFilter(), EventFilter(event_type="CONSULT"), EventFilter(mode="phone"),
                    EventFilter(status="unconfirmed"), EventFilter(text="ankara"), EventFilter(actor="putin"),
                    EventFilter(countries=("UKR",), merged=False)):  # fmt: skip
        rows = queries.events(store, filters, limit=1000).to_pylist()
        assert len(rows) == queries.count_events(store, filters), filters
    assert all(r["mode"] == "phone" for r in queries.events(store, EventFilter(mode="phone")).to_pylist())
    assert queries.count_events(store, EventFilter(actor="putin")) > 0


def test_queries_network_edges_sum_the_pairs(store: Store) -> None:
    edges = queries.network(store).to_pylist()
    pairs = {(p["a"], p["b"]): p["events"] for p in queries.pairs(store, limit=1000).to_pylist()}
    totals: dict[tuple[str, str], int] = {}
    for e in edges:
        totals[(e["source"], e["target"])] = totals.get((e["source"], e["target"]), 0) + e["events"]
    assert totals == pairs
    assert queries.network(store, min_events=2).num_rows < len(edges)
    actors = queries.network(store, level="actor").to_pylist()
    assert any(" " in e["source"] or " " in e["target"] for e in actors)  # named people are nodes


def test_queries_article_and_event_records(store: Store) -> None:
    [row] = queries.events(store, EventFilter(text="Ankara", event_type="CONSULT")).to_pylist()
    event = queries.event(store, row["id"])
    assert event is not None and event["reports"][0]["outlet"] == "moonofalabama.org"
    article = queries.article(store, event["reports"][0]["article_id"])
    assert article is not None and article["events"] and article["quotes"] and article["timexes"]
    assert queries.article(store, "ar_missing") is None and queries.event(store, "me_missing") is None


def test_queries_cli_commands(store_path: Path) -> None:
    from test_cli import _records, run

    timeline = run(
        "timeline", "--between", "RUS", "--between", "USA", "--db", store_path, "--format", "jsonl"
    )
    assert timeline.returncode == 0, timeline.stderr
    assert all({"period", "event_type", "status", "events"} == set(r) for r in _records(timeline.stdout))
    assert run("timeline", "--between", "Russia", "--db", store_path).returncode == 2
    network = run("network", "--db", store_path, "--format", "csv")
    assert network.returncode == 0 and network.stdout.startswith("source,target,event_type,events")
    events = run("events", "--db", store_path, "--text", "Ankara", "--format", "jsonl")
    [event] = _records(events.stdout)
    shown = run("event", event["id"], "--db", store_path)
    assert shown.returncode == 0 and json.loads(shown.stdout)["reports"]
    article = run("article", json.loads(shown.stdout)["reports"][0]["article_id"], "--db", store_path)
    assert article.returncode == 0 and json.loads(article.stdout)["text"]
    missing = run("event", "me_missing", "--db", store_path)
    assert missing.returncode == 1 and "no event" in missing.stderr
