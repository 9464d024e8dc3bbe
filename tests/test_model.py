"""The document model: the JSON shape of every record kind (DESIGN.md section 3) and round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest

from backchannel import records
from backchannel.model import (
    Actor,
    Article,
    Channel,
    Event,
    EventDate,
    Location,
    Quote,
    Record,
    Reject,
    RejectReason,
    Timex,
    content_id,
    reject_record,
)
from builders import make_article, make_event

ACTOR_KEYS = {"text", "name", "country", "sector", "role", "start", "end"}
DATE_KEYS = {"text", "value", "precision", "earliest", "latest"}
EVENT_KEYS = {
    "id", "article_id", "event_type", "mode", "context", "actor", "recipient", "location", "date", "status",
    "announced", "status_statements", "attribution", "intermediary", "negated", "hypothetical", "future",
    "evidence", "sources", "confidence",
    "trigger",  # extension (issue 4): the word that signals the event
    "first_reported",  # extension (issue 7): the earliest publication among the sources
}  # fmt: skip
# DESIGN.md section 3 lists id..text except source_id, which is an extension (the row's own id).
ARTICLE_KEYS = {"id", "path", "title", "outlet", "url", "published", "language", "story_id", "text"}
ARTICLE_EXTENSIONS = {"source_id"}
# DESIGN.md: a quote is {id, article_id, text, start, end, speaker, cue, event_id}.
QUOTE_KEYS = {"id", "article_id", "text", "start", "end", "speaker", "cue", "event_id"}
# DESIGN.md: a timex is (text, start, end, value, precision) and carries its article_id; id and
# article_id are the extensions every record after an article has.
TIMEX_KEYS = {"text", "start", "end", "value", "precision", "article_id"}
TIMEX_EXTENSIONS = {"id"}
# DESIGN.md names a channel's fields kind, parties, purpose, state, evidence.  "kind" is taken by
# the record kind ("channel"), so the channel's own kind is ``channel_type`` (a documented rename).
CHANNEL_KEYS = {"channel_type", "parties", "purpose", "state", "evidence", "article_id"}
CHANNEL_EXTENSIONS = {"id"}
REJECT_KEYS = {"path", "reason", "message"}
REJECT_EXTENSIONS = {"article_id"}


def _records_by_kind() -> dict[str, dict[str, Any]]:
    article = make_article()
    reject = Reject("rows.jsonl:3", RejectReason.MALFORMED, "not valid JSON")
    return {r["kind"]: r for r in records([article, reject])}


@pytest.mark.parametrize(
    ("kind", "keys"),
    [
        ("article", ARTICLE_KEYS | ARTICLE_EXTENSIONS),
        ("event", EVENT_KEYS),
        ("quote", QUOTE_KEYS),
        ("timex", TIMEX_KEYS | TIMEX_EXTENSIONS),
        ("channel", CHANNEL_KEYS | CHANNEL_EXTENSIONS),
        ("reject", REJECT_KEYS | REJECT_EXTENSIONS),
    ],
)
def test_record_keys_are_those_of_the_design(kind: str, keys: set[str]) -> None:
    record = _records_by_kind()[kind]
    assert record["kind"] == kind
    assert set(record) == keys | {"kind"}
    json.loads(json.dumps(record))  # plain JSON, nothing else


def test_record_event_nested_parts_have_the_design_keys() -> None:
    event = _records_by_kind()["event"]
    for part in ("actor", "recipient", "intermediary"):
        assert event[part] and all(set(a) == ACTOR_KEYS for a in event[part]), part
    assert set(event["date"]) == DATE_KEYS
    assert set(event["location"]) == {"text", "name", "country", "lat", "lon"}
    [statement] = event["status_statements"]
    assert set(statement) == {"actor", "stance", "evidence"}
    assert set(statement["actor"]) == ACTOR_KEYS
    assert set(statement["evidence"]) >= {"start", "end"}
    assert all(set(a) == {"kind", "name"} for a in event["attribution"])
    assert all(set(e) == {"text", "start", "end"} for e in event["evidence"])
    # DESIGN.md's source keys, and (issue 7) what a merged event says of each of its reports
    source_keys = {"article_id", "outlet", "url", "published"}
    source_extensions = {"event_id", "story_id", "attribution", "status", "reason"}
    assert all(set(s) == source_keys | source_extensions for s in event["sources"])
    assert isinstance(event["context"], list) and isinstance(event["confidence"], float)


def test_record_quote_speaker_and_channel_parties_are_actors() -> None:
    by_kind = _records_by_kind()
    assert set(by_kind["quote"]["speaker"]) == ACTOR_KEYS
    assert all(set(p) == ACTOR_KEYS for p in by_kind["channel"]["parties"])


def test_records_follow_their_article_and_carry_its_id() -> None:
    article = make_article()
    out = list(article.records())
    assert [r["kind"] for r in out] == ["article", "event", "quote", "timex", "channel"]
    assert all(r["article_id"] == article.id for r in out[1:])
    assert reject_record(Reject("x", RejectReason.EMPTY, "empty"))["kind"] == "reject"


def test_record_article_leaves_out_internal_state() -> None:
    record = make_article().to_dict()
    for internal in (
        "raw",
        "raw_format",
        "tokens",
        "sentences",
        "mentions",
        "events",
        "quotes",
        "timexes",
        "channels",
    ):
        assert internal not in record


def test_record_offsets_point_into_the_article_text() -> None:
    article = make_article()
    event = article.events[0]
    for actor in [*event.actor, *event.recipient]:
        assert actor.start is not None and actor.end is not None
        assert article.span(actor.start, actor.end) == actor.text
    for evidence in event.evidence:
        assert article.span(evidence.start, evidence.end) == evidence.text
    for item in [*article.quotes, *article.timexes]:
        assert article.span(item.start, item.end) == item.text


def _samples() -> list[Record]:
    article = make_article()
    return [
        article,
        article.events[0],
        article.quotes[0],
        article.timexes[0],
        article.channels[0],
        Reject("rows.jsonl:3", RejectReason.MALFORMED, "not valid JSON", article_id=None),
        Reject("b.txt", RejectReason.DUPLICATE, "same text as a.txt", article_id="ar_x"),
        Event(id="ev_min", article_id="ar_min", event_type="AGREE"),  # every default
        Actor(),
        Location(name="Geneva"),
        EventDate(),
    ]


@pytest.mark.parametrize("record", _samples(), ids=lambda r: type(r).__name__)
def test_record_from_dict_reads_to_dict_back(record: Record) -> None:
    data = record.to_dict()
    assert type(record).from_dict(json.loads(json.dumps(data))) == record  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["article", "event", "quote", "timex", "channel", "reject"])
def test_record_from_dict_ignores_the_kind_key(kind: str) -> None:
    classes = {
        "article": Article,
        "event": Event,
        "quote": Quote,
        "timex": Timex,
        "channel": Channel,
        "reject": Reject,
    }
    record = _records_by_kind()[kind]
    assert classes[kind].from_dict(record).to_dict() == {k: v for k, v in record.items() if k != "kind"}


def test_record_event_from_partial_dict_fills_defaults() -> None:
    event = Event.from_dict({"id": "ev_1", "article_id": "ar_1", "event_type": "ACCUSE", "extra": "ignored"})
    assert event.date == EventDate() and event.actor == [] and event.status == "reported"
    assert event.countries == frozenset()


def test_event_countries_is_the_dyad() -> None:
    assert make_event().countries == frozenset({"RUS", "USA"})  # intermediaries are not parties


@pytest.mark.parametrize(
    ("reason", "skip"),
    [(reason, reason in (RejectReason.DUPLICATE, RejectReason.UNSUPPORTED)) for reason in RejectReason],
)
def test_reject_reason_skips_are_duplicate_and_unsupported(reason: RejectReason, skip: bool) -> None:
    assert reason.is_skip is skip
    assert Reject("p", reason, "m").is_skip is skip


def test_content_id_is_stable_and_prefixed() -> None:
    one = content_id("ar", "same text")
    assert one == content_id("ar", "same text")
    assert one != content_id("ar", "other text")
    assert one.startswith("ar_") and len(one) == 3 + 20
    assert content_id("ev", "a", "b") != content_id("ev", "a b")
