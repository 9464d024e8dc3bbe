"""One event per real-world event (``backchannel.merge``): the merge rules on events built for each
rule, then on real reports: a corpus readout and a second report of the same call written for these
tests, repeated Putin–Macron calls, the seed rewrite and a truncated rewrite of it, in the store and
on the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest

from backchannel.merge import merge_articles
from backchannel.merge.events import EventMerger, combined_status, merge_events, merged
from backchannel.model import Actor, Article, Event, EventDate, Location, Source
from backchannel.store import Store, StoreError

if TYPE_CHECKING:
    from backchannel.pipeline import Pipeline

ISTANBUL = Location(name="Istanbul", country="TUR", lat=41.0, lon=29.0)
DATA = Path(__file__).resolve().parent / "texts"


def _event(
    name: str,
    article: str,
    countries: tuple[str, ...] = ("RUS", "FRA"),
    *,
    event_type: str = "CONSULT",
    value: str | None = None,
    latest: str | None = None,
    precision: str = "day",
    published: str = "2022-05-03",
    outlet: str = "example.com",
    names: dict[str, str] | None = None,
    **fields: Any,
) -> Event:
    names = names or {}
    actors = [Actor(country=c, name=names.get(c)) for c in countries]
    date_ = EventDate(value=value, precision=precision if value else "unknown", latest=latest or value,
                      earliest=value)  # fmt: skip
    return Event(
        id=f"ev_{name}", article_id=article, event_type=event_type, actor=actors[:1], recipient=actors[1:],  # type: ignore[arg-type]
        date=date_, sources=[Source(article, outlet, None, published)], first_reported=published, **fields,
    )  # fmt: skip


def _groups(events: list[Event], story_of: Any = None) -> list[list[str]]:
    merger = EventMerger(story_of)
    merger.add_all(events)
    return [[m.id for m in g.members] for g in merger.groups()]


# -- the rules ------------------------------------------------------------------------------------


def test_merge_same_contact_from_two_outlets_is_one_event() -> None:
    a = _event("kremlin", "ar_1", value="2022-05-03", outlet="kremlin.ru")
    b = _event("wire", "ar_2", ("FRA", "RUS"), value="2022-05-03", outlet="wire.com")  # dyad order ignored
    [[first, second]] = _groups([a, b])
    assert (first, second) == ("ev_kremlin", "ev_wire")


@pytest.mark.parametrize(
    ("other", "why"),
    [
        (_event("b", "ar_2", value="2022-05-06"), "another day"),
        (_event("b", "ar_2", ("RUS", "DEU"), value="2022-05-03"), "another dyad"),
        (_event("b", "ar_2", event_type="REQUEST", value="2022-05-03"), "another type"),
        (_event("b", "ar_2", value="2022-05-03", mode="visit"), "a meeting is not a phone call"),
        (_event("b", "ar_2", value="2022-05-03", names={"FRA": "Bruno Le Maire"}), "another person"),
        (_event("b", "ar_2", value="2022-05-03", future=True), "a planned call is not the call"),
        (_event("b", "ar_2", value="2022-05-03", location=ISTANBUL), "another city"),
        (_event("b", "ar_2", value="2022", precision="year"), "a year dates nothing to match on"),
        (_event("b", "ar_2"), "undated, in another story"),
    ],
)
def test_merge_keeps_different_contacts_apart(other: Event, why: str) -> None:
    first = _event("a", "ar_1", value="2022-05-03", mode="phone", names={"FRA": "Emmanuel Macron"},
                   location=Location(name="Ankara", country="TUR", lat=39.9, lon=32.9))  # fmt: skip
    assert len(_groups([first, other])) == 2, why


def test_merge_names_agree_up_to_romanisation() -> None:
    a = _event("a", "ar_1", ("RUS", "UKR"), value="2022-03-10", names={"UKR": "Volodymyr Zelenskyy"})
    b = _event("b", "ar_2", ("RUS", "UKR"), value="2022-03-10", names={"UKR": "Volodymyr Zelensky"})
    c = _event("c", "ar_3", ("RUS", "UKR"), value="2022-03-10")  # no name: agrees with any
    assert len(_groups([a, b, c])) == 1


def test_merge_one_outlets_readouts_of_other_days_are_other_contacts() -> None:
    """Dated only by publication: within a day of it.  The Kremlin's readouts of 20 and 21 February
    are two calls; a wire report the day after a readout is the same call."""
    feb20 = _event("feb20", "ar_1", latest="2022-02-20", published="2022-02-20", outlet="kremlin.ru")
    feb21 = _event("feb21", "ar_2", latest="2022-02-21", published="2022-02-21", outlet="kremlin.ru")
    wire = _event("wire", "ar_3", latest="2022-02-21", published="2022-02-21", outlet="wire.com")
    assert _groups([feb20, feb21]) == [["ev_feb20"], ["ev_feb21"]]
    assert len(_groups([feb20, wire])) == 1
    far = _event("far", "ar_4", latest="2022-02-24", published="2022-02-24", outlet="wire.com")
    assert len(_groups([feb20, far])) == 2


def test_merge_a_copy_needs_no_date_and_no_second_country() -> None:
    """A rewrite that dropped the dating lead, or lost one party, still reports the same contact."""
    story = {"ar_1": "st_x", "ar_2": "st_x", "ar_3": "st_other"}.get
    original = _event("original", "ar_1", ("USA",), event_type="REQUEST", value="2022-03-04")
    copy = _event("copy", "ar_2", ("USA",), event_type="REQUEST")
    other = _event("other", "ar_3", ("USA",), event_type="REQUEST", value="2022-03-04")
    assert _groups([original, copy, other], story) == [["ev_original", "ev_copy"], ["ev_other"]]


def test_merge_one_article_mentioning_a_contact_twice_is_one_event() -> None:
    headline = _event("headline", "ar_1", latest="2022-05-03")
    body = _event("body", "ar_1", value="2022-05-03")
    earlier = _event("earlier", "ar_1", value="2022-03-06")  # a call the article recalls
    assert _groups([headline, body, earlier]) == [["ev_headline", "ev_body"], ["ev_earlier"]]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["reported", "reported"], "reported"),
        (["unconfirmed", "confirmed"], "confirmed"),  # a later confirmation answers a non-answer
        (["confirmed", "denied"], "disputed"),
        (["reported", "denied"], "denied"),
        (["unconfirmed", "reported"], "unconfirmed"),
        (["disputed", "confirmed"], "disputed"),
    ],
)
def test_merge_status_over_sources(statuses: list[str], expected: str) -> None:
    assert combined_status(statuses) == expected  # type: ignore[arg-type]
    events = [_event(f"e{n}", f"ar_{n}", value="2022-05-03", status=s) for n, s in enumerate(statuses)]
    [event], _ = merge_events(events)
    assert event.status == expected
    assert [s.status for s in event.sources] == statuses


def test_merge_record_keeps_every_source_and_the_first_report() -> None:
    late = _event("late", "ar_2", published="2022-05-04", outlet="weekly.com", latest="2022-05-04",
                  attribution=[], names={"RUS": "Vladimir Putin"})  # fmt: skip
    early = _event("early", "ar_1", value="2022-05-03", outlet="kremlin.ru")
    merger = EventMerger()
    merged_id = merger.add(late)
    assert merger.add(early) == merged_id  # the id stays with the first event merged
    assert merger.add(early) == merged_id  # idempotent
    group = merger.group(merged_id)
    assert [m.id for m in group.members] == ["ev_late", "ev_early"]
    event = merged(group)
    assert event.id == merged_id and event.article_id == "ar_1"  # the first report speaks for it
    assert event.first_reported == "2022-05-03"
    assert [(s.outlet, s.event_id, s.reason) for s in event.sources] == [
        ("kremlin.ru", "ev_early", "same CONSULT FRA–RUS, dates overlap 2022-05-03"),
        ("weekly.com", "ev_late", "first report"),
    ]
    assert event.date.value == "2022-05-03"  # the finest date any source gives
    assert [a.name for a in event.actor] == ["Vladimir Putin"]  # a name another source gives


# -- real reports --------------------------------------------------------------------------------


def _corpus(shared_dir: Path) -> dict[str, dict[str, Any]]:
    path = shared_dir / "corpus" / "kremlin_zelenskyy_2022.jsonl"
    return {row["id"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def _readout(pipeline: Pipeline, row: dict[str, Any]) -> Article:
    article = pipeline.process_text(row["text"], title=row["title"], published=row["published"],
                                    outlet=row["outlet"], url=row["url"], path=row["id"])  # fmt: skip
    assert isinstance(article, Article)
    return article


def _own_report(pipeline: Pipeline) -> Article:
    article = pipeline.process_text(
        (DATA / "elysee_call_2022-05-03.txt").read_text(encoding="utf-8"),
        published="2022-05-03", outlet="examplewire.com", path="elysee_call_2022-05-03.txt",
    )  # fmt: skip
    assert isinstance(article, Article)
    return article


def _calls(events: list[Event], dyad: set[str]) -> list[Event]:
    return [e for e in events if e.event_type == "CONSULT" and e.countries == dyad]


def test_merge_a_readout_and_another_outlets_report_are_one_event(
    pipeline: Pipeline, shared_dir: Path, tmp_path: Path
) -> None:
    readout = _readout(pipeline, _corpus(shared_dir)["kremlin_68348"])
    report = _own_report(pipeline)
    assert _calls(readout.events, {"FRA", "RUS"}) and _calls(report.events, {"FRA", "RUS"})
    with Store(tmp_path / "m.duckdb") as store:
        store.write([readout])
        store.write([report])  # incremental: joins the stored event
        [call] = store.events(countries=["FRA", "RUS"], event_type="CONSULT")
        assert {s.outlet for s in call.sources} == {"kremlin.ru", "examplewire.com"}
        assert call.first_reported == "2022-05-03" and call.mode == "phone"
        assert len(store.events(countries=["FRA", "RUS"], event_type="CONSULT", merged=False)) == 2
        counts = store.counts()
        store.write([report, readout])  # idempotent
        assert store.counts() == counts
        [merge] = [m for m in store.merges() if m["event_type"] == "CONSULT"]
        assert "dates overlap 2022-05-03" in merge["members"][1]["reason"]
    with Store(tmp_path / "m.duckdb") as reopened:  # merge state rebuilt from the tables
        reopened.write([_readout(pipeline, _corpus(shared_dir)["kremlin_67918"])])
        assert len(reopened.events(countries=["FRA", "RUS"], event_type="CONSULT")) == 2


def test_merge_repeated_calls_between_the_same_leaders_stay_apart(
    pipeline: Pipeline, shared_dir: Path
) -> None:
    rows = _corpus(shared_dir)
    days = ["kremlin_67759", "kremlin_67818", "kremlin_67898", "kremlin_67918", "kremlin_68348"]
    articles = [_readout(pipeline, rows[d]) for d in days]
    result = merge_articles(articles)
    calls = _calls(result.events, {"FRA", "RUS"})
    assert sorted(e.first_reported or "" for e in calls) == sorted(rows[d]["published"] for d in days)
    assert all(len(e.sources) == 1 for e in calls)
    assert len({a.story_id for a in articles}) == len(days)  # one template, five stories


_SWAPS = {"meeting": "session", "Russian": "Russia's", "said": "stated", "officials": "functionaries",
          "military": "armed forces", "general": "commander", "told": "informed", "war": "conflict"}  # fmt: skip


def _second_rewrite(text: str) -> str:
    """Another content farm's copy: other words swapped, cut after 60 percent of its paragraphs."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kept = "\n\n".join(paragraphs[: max(2, len(paragraphs) * 3 // 5)])
    return re.sub(r"\b(" + "|".join(_SWAPS) + r")\b", lambda m: _SWAPS[m.group(0)], kept)


def test_merge_seed_rewrite_and_a_second_truncated_rewrite(pipeline: Pipeline, seeds_dir: Path) -> None:
    text = (seeds_dir / "moscow_attaches_2022-03.txt").read_text(encoding="utf-8")
    first = pipeline.process_text(text, path="moscow_attaches_2022-03.txt", outlet="contentfarm.example")
    second = pipeline.process_text(_second_rewrite(text), path="second.txt", outlet="another.example")
    assert isinstance(first, Article) and isinstance(second, Article)
    result = merge_articles([first, second])
    assert first.story_id == second.story_id
    assert second.events
    for event in second.events:  # every event of the copy joins the original's
        [group] = [e for e in result.events if event.id in {s.event_id for s in e.sources}]
        assert first.id in {s.article_id for s in group.sources}, event.evidence[0].text


# -- the store's schema ----------------------------------------------------------------------


def _downgrade_to_version_1(path: Path) -> None:
    con = duckdb.connect(str(path))
    for table in ("stories", "merged_events", "event_merges", "merged_event_actors", "event_pairs"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE events DROP COLUMN first_reported")
    con.execute("ALTER TABLE events DROP COLUMN countries")
    con.execute("DELETE FROM schema_version; INSERT INTO schema_version VALUES (1, now())")
    con.close()


def test_merge_store_upgrades_a_version_1_database(
    pipeline: Pipeline, shared_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.write([_readout(pipeline, _corpus(shared_dir)["kremlin_68348"]), _own_report(pipeline)])
        before = store.counts()
    _downgrade_to_version_1(path)
    with pytest.raises(StoreError, match=r"schema version 1 is older.*backchannel upgrade"):
        Store(path, read_only=True)
    from test_cli import run

    upgrade = run("upgrade", "--db", path)
    assert upgrade.returncode == 0 and "schema up to date" in upgrade.stderr, upgrade.stderr
    with Store(path, read_only=True) as upgraded:
        assert upgraded.counts() == before
        assert len(upgraded.events(countries=["FRA", "RUS"], event_type="CONSULT")) == 1


# -- the command line ------------------------------------------------------------------------


def test_merge_cli_extract_merge_and_the_merges_report(repo_dir: Path, tmp_path: Path) -> None:
    from test_cli import _records, run

    seed = repo_dir / "examples" / "seeds" / "moscow_attaches_2022-03.txt"
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "farm_one.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "farm_two.txt").write_text(_second_rewrite(seed.read_text(encoding="utf-8")), encoding="utf-8")
    result = run("extract", inputs, "--merge", "--published", "2022-03-04")
    assert result.returncode == 0, result.stderr
    records = _records(result.stdout)
    kinds = {r["kind"] for r in records}
    assert {"article", "event", "source_event", "story"} <= kinds
    [story] = [r for r in records if r["kind"] == "story"]
    assert len(story["articles"]) == 2 and story["articles"][1]["reason"]
    assert len({r["story_id"] for r in records if r["kind"] == "article"}) == 1
    events = [r for r in records if r["kind"] == "event"]
    assert any(len(e["sources"]) == 2 for e in events)
    assert len(events) < len([r for r in records if r["kind"] == "source_event"])

    db = tmp_path / "m.duckdb"
    assert run("ingest", inputs, "--db", db, "--published", "2022-03-04").returncode == 0
    report = run("merges", "--db", db, "--format", "jsonl")
    assert report.returncode == 0, report.stderr
    lines = _records(report.stdout)
    assert [r["kind"] for r in lines].count("story") == 1
    assert all(m["reason"] for r in lines if r["kind"] == "merge" for m in r["members"])
    table = run("merges", "--db", db)
    assert "same story" in table.stdout and "original" in table.stdout
    unmerged = run("events", "--db", db, "--unmerged", "--format", "jsonl")
    merged_ = run("events", "--db", db, "--format", "jsonl")
    assert len(_records(merged_.stdout)) < len(_records(unmerged.stdout))


# -- review: rules and records -----------------------------------------------------------------


def test_merge_sectors_tell_channels_apart() -> None:
    """Defence ministers' call and foreign ministers' call on one day between the same states are
    two contacts; a report naming no sector agrees with either."""
    military = _event("mil", "ar_1", ("USA", "CHN"), value="2022-11-22")
    for a in military.actor + military.recipient:
        a.sector = "MIL"
    diplomats = _event("gov", "ar_2", ("USA", "CHN"), value="2022-11-22")
    for a in diplomats.actor + diplomats.recipient:
        a.sector = "GOV"
    unnamed = _event("any", "ar_3", ("USA", "CHN"), value="2022-11-22")
    assert len(_groups([military, diplomats])) == 2
    assert len(_groups([military, unnamed])) == 1


def test_merge_a_country_named_as_the_place_agrees_with_its_cities() -> None:
    turkey = _event("turkey", "ar_1", ("RUS", "USA"), value="2022-11-14",
                    location=Location(text="Turkey", name="Turkey", country="TUR", lat=39.92, lon=32.85))  # fmt: skip
    ankara = _event("ankara", "ar_2", ("RUS", "USA"), value="2022-11-14",
                    location=Location(text="Ankara", name="Ankara", country="TUR", lat=39.92, lon=32.85))  # fmt: skip
    merger = EventMerger(country_name={"TUR": "Turkey"}.get)
    merger.add_all([turkey, ankara])
    assert len(merger.groups()) == 1
    assert len(_groups([ankara, _event("istanbul", "ar_3", ("RUS", "USA"), value="2022-11-14",
                                       location=ISTANBUL)])) == 2  # fmt: skip


def test_merge_choice_between_groups_does_not_depend_on_their_order() -> None:
    """Two calls of one dyad on one day with different people; a third report naming nobody fits
    both: it joins the same one whichever group was made (or restored) first."""
    a = _event("blinken", "ar_1", ("USA", "RUS"), value="2022-05-13", names={"USA": "Antony Blinken"})
    b = _event("austin", "ar_2", ("USA", "RUS"), value="2022-05-13", names={"USA": "Lloyd Austin"})
    c = _event("unnamed", "ar_3", ("USA", "RUS"), value="2022-05-13")
    one, two = EventMerger(), EventMerger()
    one.add_all([a, b])
    two.add_all([b, a])
    assert one.add(c) == two.add(c)


def test_merge_record_keeps_no_offsets_from_other_articles() -> None:
    erdogan = Actor(text="Erdogan", name="Recep Tayyip Erdogan", country="TUR", start=73, end=80)
    first = _event("first", "ar_1", value="2022-05-03", published="2022-05-03")
    later = _event("later", "ar_2", value="2022-05-03", published="2022-05-04", intermediary=[erdogan])
    [event], _ = merge_events([first, later])
    assert event.article_id == "ar_1"
    [carried] = event.intermediary
    assert (carried.name, carried.start, carried.end, carried.text) == (
        "Recep Tayyip Erdogan",
        None,
        None,
        None,
    )


def test_merge_fills_a_name_given_in_two_spellings() -> None:
    first = _event("first", "ar_1", ("RUS", "UKR"), value="2022-03-10", published="2022-03-10")
    b = _event(
        "b", "ar_2", ("RUS", "UKR"), value="2022-03-10", published="2022-03-11", names={"UKR": "Zelensky"}
    )
    c = _event("c", "ar_3", ("RUS", "UKR"), value="2022-03-10", published="2022-03-11",
               names={"UKR": "Volodymyr Zelenskyy"})  # fmt: skip
    [event], _ = merge_events([first, b, c])
    assert [a.name for a in event.recipient] == ["Volodymyr Zelenskyy"]


def test_merge_timelines_count_only_contacts_that_took_place(tmp_path: Path) -> None:
    from backchannel import queries

    article = Article(id="ar_flags", text="Four contacts, one real.", published="2022-05-03", language="en")
    article.events = [
        _event("real", "ar_flags", value="2022-05-03"),
        _event("planned", "ar_flags", value="2022-05-10", future=True),
        _event("maybe", "ar_flags", value="2022-05-11", hypothetical=True),
        _event("denied", "ar_flags", value="2022-05-12", negated=True),
    ]
    with Store(tmp_path / "f.duckdb") as store:
        store.write([article])
        months = queries.timeline(store, "RUS", "FRA").to_pylist()
        assert [r["events"] for r in months] == [1]
        assert queries.count_events(store) == 4  # still listed as events


def test_merge_timeline_leaves_out_a_contact_bounded_only_before_its_report(tmp_path: Path) -> None:
    """ "met before April", reported in June: no day to put it on; a report-dated one is on its day."""
    from backchannel import queries

    article = Article(id="ar_before", text="Two contacts.", published="2022-06-15", language="en")
    article.events = [
        _event("before", "ar_before", latest="2022-03-31", published="2022-06-15"),
        _event(
            "reported",
            "ar_before",
            ("RUS", "FRA"),
            event_type="REQUEST",
            latest="2022-06-15",
            published="2022-06-15",
        ),
    ]
    with Store(tmp_path / "b.duckdb") as store:
        store.write([article])
        months = queries.timeline(store, "RUS", "FRA").to_pylist()
    assert [(r["period"].isoformat(), r["event_type"]) for r in months] == [("2022-06-01", "REQUEST")]


def test_merge_optimize_runs_when_rows_were_appended_since(
    pipeline: Pipeline, shared_dir: Path, tmp_path: Path
) -> None:
    rows = _corpus(shared_dir)
    with Store(tmp_path / "o.duckdb") as store:
        store.write([_readout(pipeline, rows["kremlin_67898"])])
        assert store.optimize() is True
        assert store.optimize() is False  # nothing appended since
        store.write([_readout(pipeline, rows["kremlin_67918"])])
        assert store.optimize(min_growth=0.99) is False  # appended, but less than the share asked
        assert store.optimize() is True
        count = store.con.execute("SELECT count(*) FROM event_pairs").fetchall()[0][0]
        ordered = store.con.execute(
            "SELECT count(*) FROM (SELECT a, b, day, lag(a || b || coalesce(CAST(day AS VARCHAR), '')) "
            "OVER (ORDER BY rowid) AS previous, a || b || coalesce(CAST(day AS VARCHAR), '') AS key "
            "FROM event_pairs) WHERE previous > key"
        ).fetchall()[0][0]
        assert count > 0 and ordered == 0
