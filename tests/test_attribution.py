"""Attribution, status statements, status, announcement and channels, on sentences written for
these tests; and the seed headline events against their gold."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from backchannel.model import Article, Event

if TYPE_CHECKING:
    from pathlib import Path

    from backchannel.pipeline import Pipeline


def _article(pipeline: Pipeline, text: str) -> Article:
    article = pipeline.process_text(text, published="2022-06-01", outlet="example.com")
    assert isinstance(article, Article)
    return article


def _contact(article: Article) -> Event:
    return next(e for e in article.events if e.event_type == "CONSULT")


MEETING = "Turkish and Iranian intelligence chiefs met in Baku last week."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{MEETING} The talks were first reported by Reuters.", {("media", "Reuters")}),
        ("According to the minutes, Turkish and Iranian intelligence chiefs met in Baku last week.",
         {("document", "minutes")}),
        ("Turkish and Iranian intelligence chiefs met in Baku last week, according to Turkish officials.",
         {("official", "Turkish officials")}),
        (MEETING, {("self", "example.com")}),
    ],
)  # fmt: skip
def test_attribution_kinds(pipeline: Pipeline, text: str, expected: set[tuple[str, str]]) -> None:
    event = _contact(_article(pipeline, text))
    assert {(a.kind, a.name) for a in event.attribution} == expected


@pytest.mark.parametrize(
    ("follow", "stance", "status"),
    [
        ("Iran's foreign ministry would neither confirm nor deny the meeting.", "neither_confirm_nor_deny", "unconfirmed"),
        ("Iran's foreign ministry declined to comment.", "declined_to_comment", "unconfirmed"),
        ("Iran's foreign ministry did not respond to a request for comment.", "no_comment", "unconfirmed"),
        ("Iran's foreign ministry confirmed the meeting.", "confirm", "confirmed"),
        ("Iran's foreign ministry denied the meeting.", "deny", "denied"),
    ],
)  # fmt: skip
def test_attribution_statements_and_status(pipeline: Pipeline, follow: str, stance: str, status: str) -> None:
    event = _contact(_article(pipeline, f"{MEETING} {follow}"))
    assert [(s.actor.country, s.stance) for s in event.status_statements] == [("IRN", stance)]
    assert event.status == status


def test_attribution_confirmed_and_denied_is_disputed(pipeline: Pipeline) -> None:
    text = f"{MEETING} Turkey's foreign ministry confirmed the meeting. Iran's foreign ministry denied the meeting."
    assert _contact(_article(pipeline, text)).status == "disputed"


def test_attribution_every_conjunct_declines(pipeline: Pipeline) -> None:
    text = f"{MEETING} The Turkish and Iranian foreign ministries declined to comment."
    event = _contact(_article(pipeline, text))
    assert {s.actor.country for s in event.status_statements} == {"TUR", "IRN"}


def test_attribution_a_document_keeps_non_answers_reported(pipeline: Pipeline) -> None:
    text = ("According to the readout, Turkish and Iranian intelligence chiefs met in Baku last week. "
            "Iran's foreign ministry declined to comment.")  # fmt: skip
    assert _contact(_article(pipeline, text)).status == "reported"


@pytest.mark.parametrize(
    ("follow", "announced"),
    [
        ("The meeting had not been publicly announced.", False),
        ("It was a secret meeting.", False),
        ("The meeting was announced by both governments.", True),
        ("The weather was fine.", None),
    ],
)
def test_attribution_announced(pipeline: Pipeline, follow: str, announced: bool | None) -> None:
    assert _contact(_article(pipeline, f"{MEETING} {follow}")).announced is announced


@pytest.mark.parametrize(
    ("text", "kind", "countries", "purpose", "state"),
    [
        ("India and Pakistan maintain a hotline between their armies that was used during the crisis.",
         "hotline", {"IND", "PAK"}, "crisis", "was used"),
        ("Israel and Russia set up a deconfliction line, which has been used daily.",
         "hotline", {"ISR", "RUS"}, "deconfliction", "set up, has been used"),
        ("The Normandy format talks between Ukraine, Russia, France and Germany were suspended.",
         "format of talks", {"UKR", "RUS", "FRA", "DEU"}, None, "suspended"),
        ("The Iranian counterpart of the Turkish intelligence chief is Esmail Khatib.",
         "intelligence chiefs", {"IRN", "TUR"}, None, None),
    ],
)  # fmt: skip
def test_channels(pipeline: Pipeline, text: str, kind: str, countries: set[str], purpose: str | None,
                  state: str | None) -> None:  # fmt: skip
    [channel] = _article(pipeline, text).channels
    assert channel.channel_type == kind
    assert {p.country for p in channel.parties} == countries
    assert (channel.purpose, channel.state) == (purpose, state)


@pytest.mark.shared
def test_attribution_seed_headline_events_match_gold(pipeline: Pipeline, shared_dir: Path) -> None:
    """Both seed headline contacts carry the gold attribution, status, statements and announced
    flag, and each seed's standing channel is recorded."""
    gold_path = shared_dir / "gold" / "seeds.gold.jsonl"
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        text = (gold_path.parent / gold["text_file"]).read_text(encoding="utf-8")
        article = pipeline.process_text(text, published=gold["published"])
        assert isinstance(article, Article)
        expected = gold["events"][0]
        event = _contact(article)
        assert {(a["kind"], a["name"]) for a in expected["attribution"]} <= {
            (a.kind, a.name) for a in event.attribution
        }
        assert (event.status, event.announced) == (expected["status"], expected["announced"])
        assert sorted((s["actor"]["country"], s["stance"]) for s in expected["status_statements"]) == sorted(
            (s.actor.country, s.stance) for s in event.status_statements
        )
        [channel] = gold["channels"]
        assert any(
            c.channel_type == channel["channel_type"]
            and {p.country for p in c.parties} == {p["country"] for p in channel["parties"]}
            for c in article.channels
        ), [(c.channel_type, [p.country for p in c.parties]) for c in article.channels]


@pytest.mark.parametrize(
    "follow",
    [
        "\n\nSeparately, the Pentagon confirmed that it would send more tanks to Poland.",
        "\n\nIn other news, the sanctions package was announced on Monday.",
    ],
)
def test_attribution_unrelated_statement_is_not_about_the_contact(pipeline: Pipeline, follow: str) -> None:
    event = _contact(_article(pipeline, MEETING + follow))
    assert (event.status, event.status_statements, event.announced) == ("reported", [], None)
