"""The date stage through the whole pipeline, on sentences written for these tests: timex records,
the tense of a clause, event dates from the clause, the sentence and the discourse, bounds, and
articles without a publication date."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from backchannel.model import Article, Event

if TYPE_CHECKING:
    from pathlib import Path

    from backchannel.pipeline import Pipeline

PUBLISHED = "2022-11-16"  # a Wednesday


def _article(pipeline: Pipeline, text: str, published: str | None = PUBLISHED) -> Article:
    article = pipeline.process_text(text, published=published)
    assert isinstance(article, Article), article
    return article


def _event(article: Article, event_type: str) -> Event:
    found = [e for e in article.events if e.event_type == event_type]
    assert found, f"no {event_type} in {[(e.event_type, e.evidence[0].text) for e in article.events]}"
    return found[0]


def test_dates_timex_records(pipeline: Pipeline) -> None:
    article = _article(pipeline, "Lavrov met Blinken on Tuesday. Two days later, Lavrov spoke to Wang Yi.")
    assert [(t.text, t.value, t.precision) for t in article.timexes] == [
        ("Tuesday", "2022-11-15", "day"),
        ("Two days later", "2022-11-17", "day"),
    ]
    records = [r for r in article.records() if r["kind"] == "timex"]
    assert records[0]["article_id"] == article.id
    assert article.text[records[0]["start"] : records[0]["end"]] == "Tuesday"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Turkish President Erdogan met Russian President Putin in Sochi on Monday.", "2022-11-14"),
        ("On October 3, Turkish President Erdogan met Russian President Putin in Sochi.", "2022-10-03"),
        # the date of the saying dates what is said
        ("On October 3, Lavrov said Russia was ready to negotiate with Ukraine.", "2022-10-03"),
        ("Erdogan will visit Moscow on Friday.", "2022-11-18"),
        ("Erdogan visited Moscow on Friday.", "2022-11-11"),
        ("Erdogan will visit Moscow on March 2.", "2023-03-02"),
        ("Erdogan visited Moscow last week.", "2022-W45"),
    ],
)
def test_dates_event_takes_the_date_of_its_clause(pipeline: Pipeline, text: str, value: str) -> None:
    article = _article(pipeline, text)
    assert article.events, text
    assert article.events[0].date.value == value


def test_dates_other_clause_does_not_date_the_event(pipeline: Pipeline) -> None:
    """The date belongs to the relative clause's invasion, not to the meeting."""
    text = "Erdogan, whose army entered Syria in 2019, met Putin in Sochi."
    event = _event(_article(pipeline, text), "CONSULT")
    assert event.date.value is None
    assert event.date.latest == PUBLISHED


def test_dates_chain_across_sentences(pipeline: Pipeline) -> None:
    text = (
        "On September 30, Putin called on Ukraine to return to talks. "
        "Two days later, Lavrov said Russia was ready to negotiate with Ukraine."
    )
    article = _article(pipeline, text)
    assert _event(article, "REQUEST").date.value == "2022-09-30"
    assert _event(article, "AGREE").date.value == "2022-10-02"


def test_dates_continuing_sentence_takes_the_previous_date(pipeline: Pipeline) -> None:
    text = "On November 2, Erdogan met Putin in Sochi. He also met Lukashenko of Belarus."
    article = _article(pipeline, text)
    assert {e.date.value for e in article.events} == {"2022-11-02"}


def test_dates_since_bounds_an_undated_event(pipeline: Pipeline) -> None:
    text = "The meeting in Minsk was the first between Polish and Belarusian officials since the border closed on August 4."
    event = _event(_article(pipeline, text), "CONSULT")
    assert (event.date.value, event.date.precision) == (None, "unknown")
    assert (event.date.earliest, event.date.latest) == ("2022-08-04", PUBLISHED)


def test_dates_undated_future_event_starts_at_publication(pipeline: Pipeline) -> None:
    event = _event(_article(pipeline, "Erdogan will visit Moscow soon."), "AGREE")
    assert event.future
    assert (event.date.value, event.date.earliest, event.date.latest) == (None, PUBLISHED, None)


def test_dates_without_publication_relative_dates_stay_open(pipeline: Pipeline) -> None:
    article = _article(
        pipeline, "Erdogan met Putin in Sochi on Monday. In 2019, Erdogan visited Moscow.", None
    )
    assert article.published is None
    assert [(t.text, t.value) for t in article.timexes] == [("Monday", None), ("2019", "2019")]
    dates = [e.date for e in article.events]
    assert dates[0].value is None and dates[0].latest is None
    assert dates[1].value == "2019"


def test_dates_dateline_gives_the_publication_date(pipeline: Pipeline) -> None:
    text = "Erdogan in Sochi\n\nNovember 16, 2022\n\nErdogan met Putin in Sochi on Monday."
    article = _article(pipeline, text, None)
    assert article.published == "2022-11-16"
    assert _event(article, "CONSULT").date.value == "2022-11-14"


def test_dates_extract_cli_prints_timexes(tmp_path: Path, pipeline: Pipeline) -> None:
    from typer.testing import CliRunner

    from backchannel.cli import app

    path = tmp_path / "a.txt"
    path.write_text("Erdogan met Putin in Sochi yesterday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path), "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    timexes = [r for r in records if r["kind"] == "timex"]
    assert [(t["text"], t["value"], t["precision"]) for t in timexes] == [("yesterday", "2022-11-15", "day")]
    [event] = [r for r in records if r["kind"] == "event"]
    assert event["date"] == {
        "text": "yesterday", "value": "2022-11-15", "precision": "day",
        "earliest": "2022-11-15", "latest": "2022-11-15",
    }  # fmt: skip


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_dates_publication_outside_the_calendar_anchors_nothing(pipeline: Pipeline, published: str) -> None:
    """A feed's zero date must not crash the stage: relative expressions stay open."""
    article = _article(pipeline, "Erdogan met Putin in Sochi on Friday, the day before yesterday.", published)
    assert {t.value for t in article.timexes} == {None}


def test_dates_reporting_verb_date_only_bounds_a_meeting(pipeline: Pipeline) -> None:
    """ "..., Peskov said on Tuesday" dates the saying; the meeting was then at the latest."""
    event = _event(
        _article(pipeline, "Erdogan met Putin in Sochi, Kremlin spokesman Dmitry Peskov said on Tuesday."),
        "CONSULT",
    )
    assert (event.date.value, event.date.latest) == (None, "2022-11-15")


def test_dates_is_to_is_future(pipeline: Pipeline) -> None:
    [event] = _article(pipeline, "Erdogan is to meet Putin in Sochi on Friday.").events
    assert event.date.value == "2022-11-18"
