"""Scoring against gold (DESIGN.md section 4) on hand-made gold/prediction pairs; no spaCy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backchannel.evaluate import (
    ATTRIBUTES,
    PRF,
    EvalReport,
    GoldDocument,
    GoldFormatError,
    date_ok,
    evaluate_files,
    format_report,
    load_gold,
    locate,
    same_person,
    score_documents,
)
from backchannel.model import Actor, Article, Event, EventDate, Evidence, Location, Mention, Quote, Timex

SHARED_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"

TEXT = (
    "Russian and American officials met in Ankara on November 14, Kommersant reported. "
    "Dmitry Peskov said: “We can neither confirm nor deny this.” "
    "Lavrov rejected the American offer last week."
)
MEETING = "Russian and American officials met in Ankara"
REJECTION = "Lavrov rejected the American offer"
PESKOV_QUOTE = "We can neither confirm nor deny this."


def span_of(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    return start, start + len(fragment)


def party(value: str | Actor) -> Actor:
    return value if isinstance(value, Actor) else Actor(country=value)


def event(
    text: str,
    event_type: str,
    evidence: str,
    actor: tuple[str | Actor, ...] = ("RUS",),
    recipient: tuple[str | Actor, ...] = (),
    **fields: Any,
) -> Event:
    start, end = span_of(text, evidence)
    return Event(
        id=f"ev_{start}_{event_type}",
        article_id="ar_1",
        event_type=event_type,  # type: ignore[arg-type]
        actor=[party(a) for a in actor],
        recipient=[party(r) for r in recipient],
        evidence=[Evidence(text[start:end], start, end)],
        **fields,
    )


def quote(text: str, fragment: str, speaker: Actor | None = None) -> Quote:
    start, end = span_of(text, fragment)
    return Quote(id=f"qu_{start}", article_id="ar_1", text=fragment, start=start, end=end, speaker=speaker)


def mention(text: str, fragment: str, actor: Actor) -> Mention:
    start, end = span_of(text, fragment)
    return Mention(start, end, fragment, "PERSON", 0, actor)


def timex(text: str, fragment: str, value: str | None) -> Timex:
    start, end = span_of(text, fragment)
    return Timex(id=f"tx_{start}", article_id="ar_1", text=fragment, start=start, end=end, value=value)


def gold_event(
    event_type: str,
    evidence: str | None,
    actor: tuple[str | dict[str, Any], ...] = ("RUS",),
    recipient: tuple[str | dict[str, Any], ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    def entry(value: str | dict[str, Any]) -> dict[str, Any]:
        return value if isinstance(value, dict) else {"country": value}

    return {
        "event_type": event_type,
        "actor": [entry(a) for a in actor],
        "recipient": [entry(r) for r in recipient],
        "evidence": evidence,
        "optional": False,
        **extra,
    }


def gold_doc(text: str = TEXT, doc_id: str = "doc_1", path: str = "g.jsonl", **lists: Any) -> GoldDocument:
    return GoldDocument(doc_id=doc_id, text=text, path=Path(path), **lists)


def article(text: str = TEXT, **records: Any) -> Article:
    art = Article(id="ar_1", text=text)
    for key, items in records.items():
        setattr(art, key, list(items))
    return art


def score_one(gold: GoldDocument, predicted: Article | None) -> Any:
    return score_documents([(gold, predicted)]).total


def gold_meeting(**extra: Any) -> dict[str, Any]:
    return gold_event("CONSULT", MEETING, actor=("RUS", "USA"), **extra)


def predicted_meeting(text: str = TEXT, **fields: Any) -> Event:
    return event(text, "CONSULT", MEETING, actor=("RUS", "USA"), **fields)


# --- events ------------------------------------------------------------------------------------


def test_score_documents_perfect_prediction() -> None:
    gold = gold_doc(
        events=[
            gold_event(
                "CONSULT",
                MEETING,
                actor=({"country": "RUS", "sector": "GOV"}, {"country": "USA", "sector": "GOV"}),
                mode="third-party",
                location={"name": "Ankara", "country": "TUR"},
                date={"value": "2022-11-14", "precision": "day"},
                status="reported",
                announced=False,
            ),
            gold_event(
                "REJECT", REJECTION, actor=({"country": "RUS", "name": "Sergei Lavrov"},), recipient=("USA",)
            ),
        ],
        quotes=[
            {"text": PESKOV_QUOTE, "speaker": {"name": "Dmitry Peskov", "country": "RUS", "sector": "GOV"}}
        ],
        timexes=[{"text": "November 14", "value": "2022-11-14"}],
    )
    predicted = article(
        events=[
            event(
                TEXT,
                "CONSULT",
                MEETING,
                actor=(Actor(country="RUS", sector="GOV"), Actor(country="USA", sector="GOV")),
                mode="third-party",
                location=Location(text="Ankara", name="Ankara", country="TUR"),
                date=EventDate(value="2022-11-14", precision="day"),
                status="reported",
                announced=False,
            ),
            event(
                TEXT,
                "REJECT",
                REJECTION,
                actor=(Actor(country="RUS", name="Sergei Lavrov"),),
                recipient=("USA",),
            ),
        ],
        quotes=[quote(TEXT, PESKOV_QUOTE, Actor(name="Dmitry Peskov", country="RUS", sector="GOV"))],
        timexes=[timex(TEXT, "November 14", "2022-11-14")],
        mentions=[mention(TEXT, "Lavrov", Actor(name="Sergei Lavrov", country="RUS", sector="GOV"))],
    )
    total = score_one(gold, predicted)
    for prf in (total.events, total.events_type_only, total.quotes, total.quotes_with_speaker):
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0)
    for name in ATTRIBUTES:
        assert total.attributes[name].total > 0, name
        assert total.attributes[name].ratio == 1.0, name
    assert (total.timexes_found.ratio, total.timex_values.ratio) == (1.0, 1.0)
    assert all(not items for items in total.findings.values())


def test_score_documents_empty_prediction() -> None:
    gold = gold_doc(events=[gold_meeting(), gold_event("REJECT", REJECTION, recipient=("USA",))])
    total = score_one(gold, article())
    assert (total.events.tp, total.events.fp, total.events.fn) == (0, 0, 2)
    assert (total.events.precision, total.events.recall, total.events.f1) == (0.0, 0.0, 0.0)
    misses = total.findings["event_misses"]
    assert [(m.doc_id, m.text, m.label) for m in misses] == [
        ("doc_1", MEETING, "CONSULT"),
        ("doc_1", REJECTION, "REJECT"),
    ]


def test_score_documents_partial_prediction() -> None:
    gold = gold_doc(events=[gold_meeting(), gold_event("REJECT", REJECTION, recipient=("USA",))])
    total = score_one(gold, article(events=[predicted_meeting()]))
    assert (total.events.tp, total.events.fp, total.events.fn) == (1, 0, 1)
    assert total.events.precision == 1.0
    assert total.events.recall == 0.5
    assert total.events.f1 == pytest.approx(2 / 3)


def test_score_documents_false_positive_listed() -> None:
    extra = event(TEXT, "ACCUSE", REJECTION, recipient=("USA",))
    total = score_one(gold_doc(events=[gold_meeting()]), article(events=[predicted_meeting(), extra]))
    assert (total.events.tp, total.events.fp, total.events.fn) == (1, 1, 0)
    assert total.events.precision == 0.5
    [false_positive] = total.findings["event_false_positives"]
    assert (false_positive.doc_id, false_positive.text, false_positive.label) == (
        "doc_1",
        REJECTION,
        "ACCUSE",
    )


@pytest.mark.parametrize("predict_it", [True, False])
def test_score_documents_optional_event_is_neither_hit_nor_miss(predict_it: bool) -> None:
    optional = gold_event("REJECT", REJECTION, recipient=("USA",), optional=True)
    predictions = [predicted_meeting()] + (
        [event(TEXT, "REJECT", REJECTION, recipient=("USA",))] if predict_it else []
    )
    total = score_one(gold_doc(events=[gold_meeting(), optional]), article(events=predictions))
    for prf in (total.events, total.events_type_only):
        assert (prf.tp, prf.fp, prf.fn) == (1, 0, 0)
    assert not total.findings["event_misses"]
    assert not total.findings["event_false_positives"]


@pytest.mark.parametrize("gap", ["\u00a0", "\n", "\r\n  \t", "\u2009\u00a0\n"])
def test_score_documents_folds_whitespace(gap: str) -> None:
    spaced = {plain: plain.replace(" ", gap, 2) for plain in (MEETING, PESKOV_QUOTE, "November 14")}
    text = TEXT
    for plain, with_gaps in spaced.items():
        text = text.replace(plain, with_gaps)
    predicted = article(
        text,
        events=[event(text, "CONSULT", spaced[MEETING], actor=("RUS", "USA"))],
        quotes=[quote(text, spaced[PESKOV_QUOTE])],
        timexes=[timex(text, spaced["November 14"], "2022-11-14")],
    )
    gold = gold_doc(
        events=[gold_meeting()],
        quotes=[{"text": PESKOV_QUOTE}],
        timexes=[{"text": "November 14", "value": "2022-11-14"}],
    )
    total = score_one(gold, predicted)
    assert (total.events.tp, total.quotes.tp, total.timex_values.correct) == (1, 1, 1)


@pytest.mark.parametrize(
    ("text", "gold", "expected"),
    [
        ("a\u00a0\u00a0b c", "a b", [(0, 4)]),
        ("x\n\nthe  talks", " the talks ", [(3, 13)]),
        ("talks and talks", "talks", [(0, 5), (10, 15)]),
        ("the Kremlin. The Kremlin", "The Kremlin", [(13, 24)]),
        ("THE KREMLIN said", "the Kremlin", [(0, 11)]),
        ("no such thing", "Kremlin", []),
        ("on November 14 and November 1", "November 1", [(19, 29)]),
        ("Russia’s “offer”", "’s “offer”", [(6, 16)]),
    ],
)
def test_locate_maps_folded_offsets_back(text: str, gold: str, expected: list[tuple[int, int]]) -> None:
    assert locate(text, gold) == expected


def test_locate_by_words_needs_every_word_in_order() -> None:
    text = "Senior officials agreed on Wednesday that their countries should cooperate."
    assert locate(text, "agreed cooperate") == []
    assert locate(text, "agreed cooperate", by_words=True) == [
        span_of(text, "agreed"),
        span_of(text, "cooperate"),
    ]
    assert locate(text, "cooperate agreed", by_words=True) == []
    assert locate(text, "agreed ... cooperate", by_words=True) == [
        span_of(text, "agreed"),
        span_of(text, "cooperate"),
    ]


PLOVER_TEXT = (
    "Senior Hungarian and Romanian officials agreed on Wednesday that their countries should "
    "cooperate to encourage Romanian refugees in Hungary to return home."
)


@pytest.mark.parametrize(
    ("predicted_evidence", "matched"),
    [
        ("cooperate to encourage Romanian refugees", True),
        ("officials agreed", True),
        ("Senior Hungarian", False),
    ],
)
def test_score_documents_noncontiguous_evidence(predicted_evidence: str, matched: bool) -> None:
    gold = gold_doc(PLOVER_TEXT, events=[gold_event("AGREE", "agreed cooperate", actor=("HUN", "ROU"))])
    prediction = event(PLOVER_TEXT, "AGREE", predicted_evidence, actor=("HUN", "ROU"))
    total = score_one(gold, article(PLOVER_TEXT, events=[prediction]))
    assert (total.events.tp, total.events.fp, total.events.fn) == ((1, 0, 0) if matched else (0, 1, 1))


@pytest.mark.parametrize(
    ("predicted_evidence", "matched"), [('Putin called on Kiev "to return"', True), ("Kiev", False)]
)
def test_score_documents_unlocated_evidence_falls_back_to_word_overlap(
    predicted_evidence: str, matched: bool
) -> None:
    text = 'On September 30, Putin called on Kiev "to return" to the table.'
    gold = gold_doc(
        text, events=[gold_event("REQUEST", "Putin called on Kiev “to return”", recipient=("UKR",))]
    )
    prediction = event(text, "REQUEST", predicted_evidence, recipient=("UKR",))
    total = score_one(gold, article(text, events=[prediction]))
    assert total.events.tp == int(matched)


def test_score_documents_gold_without_evidence_matches_type_and_dyad() -> None:
    gold = gold_doc(events=[gold_event("CONSULT", None, actor=("RUS", "USA"))])
    total = score_one(gold, article(events=[predicted_meeting()]))
    assert (total.events.tp, total.events.fp, total.events.fn) == (1, 0, 0)


def test_score_documents_dyad_mismatch_counts_in_type_only() -> None:
    wrong_dyad = event(TEXT, "CONSULT", MEETING, actor=("RUS", "UKR"))
    total = score_one(gold_doc(events=[gold_meeting()]), article(events=[wrong_dyad]))
    assert (total.events_type_only.tp, total.events_type_only.fp, total.events_type_only.fn) == (1, 0, 0)
    assert (total.events.tp, total.events.fp, total.events.fn) == (0, 1, 1)
    assert total.findings["event_misses"][0].detail.startswith("RUS+USA -> -")


def test_score_documents_greedy_one_to_one_by_overlap() -> None:
    gold = gold_doc(events=[gold_event("CONSULT", "met in Ankara on November 14", actor=("RUS", "USA"))])
    small = event(TEXT, "CONSULT", "November 14, Kommersant", actor=("RUS", "USA"))
    large = event(TEXT, "CONSULT", "officials met in Ankara on November", actor=("RUS", "USA"))
    total = score_one(gold, article(events=[small, large]))
    assert (total.events.tp, total.events.fp, total.events.fn) == (1, 1, 0)
    assert [f.text for f in total.findings["event_false_positives"]] == ["November 14, Kommersant"]


# --- attributes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "gold_fields", "predicted_fields"),
    [
        ("mode", {"mode": "visit"}, {"mode": "third-party"}),
        ("mode", {"mode": None}, {"mode": "visit"}),
        (
            "location",
            {"location": {"name": "Ankara", "country": "TUR"}},
            {"location": Location(name="Ankara", country="CHE")},
        ),
        ("location", {"location": {"name": "Ankara"}}, {}),
        ("location", {"location": None}, {"location": Location(name="Ankara")}),
        ("status", {"status": "unconfirmed"}, {"status": "reported"}),
        ("announced", {"announced": False}, {"announced": None}),
        (
            "date",
            {"date": {"value": "2022-11-14", "precision": "day"}},
            {"date": EventDate(value="2022-11-15")},
        ),
    ],
)
def test_score_documents_attribute_errors(
    attribute: str, gold_fields: dict[str, Any], predicted_fields: dict[str, Any]
) -> None:
    total = score_one(
        gold_doc(events=[gold_meeting(**gold_fields)]),
        article(events=[predicted_meeting(**predicted_fields)]),
    )
    assert (total.attributes[attribute].correct, total.attributes[attribute].total) == (0, 1)
    assert [f.label for f in total.findings["attribute_errors"]] == [attribute]


def test_score_documents_unscored_attribute_is_skipped() -> None:
    gold = gold_meeting(mode="visit", date={"value": "2022-11-14"}, unscored=["date", "mode", "direction"])
    total = score_one(gold_doc(events=[gold]), article(events=[predicted_meeting(mode="third-party")]))
    assert [total.attributes[a].total for a in ("date", "mode", "direction")] == [0, 0, 0]


@pytest.mark.parametrize(
    ("predicted_actor", "predicted_recipient", "direction", "sectors"),
    [
        ((Actor(country="RUS", sector="SPY"),), (Actor(country="USA", sector="GOV"),), 1, 2),
        ((Actor(country="USA", sector="GOV"),), (Actor(country="RUS", sector="SPY"),), 0, 2),
        ((Actor(country="RUS", sector="GOV"), Actor(country="USA", sector="GOV")), (), 0, 1),
        (
            (Actor(country="RUS", sector="GOV"),),
            (Actor(country="USA", sector="GOV"), Actor(country="RUS", sector="SPY")),
            0,
            1,
        ),
    ],
)
def test_score_documents_direction_and_sector(
    predicted_actor: tuple[Actor, ...], predicted_recipient: tuple[Actor, ...], direction: int, sectors: int
) -> None:
    gold = gold_event(
        "CONSULT",
        MEETING,
        actor=({"country": "RUS", "sector": "SPY"},),
        recipient=({"country": "USA", "sector": "GOV"},),
    )
    prediction = event(TEXT, "CONSULT", MEETING, actor=predicted_actor, recipient=predicted_recipient)
    total = score_one(gold_doc(events=[gold]), article(events=[prediction]))
    assert total.events.tp == 1
    assert (total.attributes["direction"].correct, total.attributes["direction"].total) == (direction, 1)
    assert (total.attributes["sector"].correct, total.attributes["sector"].total) == (sectors, 2)


@pytest.mark.parametrize(
    ("gold", "predicted", "same"),
    [
        ("Vladimir Putin", "Vladimir Putin", True),
        ("Vladimir Putin", "vladimir  putin", True),
        ("Vladimir Putin", "Putin", True),
        ("Putin", "Vladimir Vladimirovich Putin", True),
        ("Volodymyr Zelensky", "Volodymyr Zelenský", True),
        # romanisation variants of one name
        ("Volodymyr Zelenskyy", "Volodymyr Zelensky", True),
        ("Oleksiy Reznikov", "Oleksii Reznikov", True),
        ("Oleh Ustenko", "Oleg Ustenko", True),
        ("Mykhailo Podolyak", "Mykhailo Podoliak", True),
        ("Sergei Lavrov", "Dmitry Lavrov", False),
        ("Sergei Lavrov", "Sergei Naryshkin", False),
        ("Sergei Lavrov", None, False),
    ],
)
def test_same_person_folds_and_compares_tokens(gold: str, predicted: str | None, same: bool) -> None:
    assert same_person(gold, predicted) is same


@pytest.mark.parametrize(
    ("gold_value", "precision", "predicted", "correct"),
    [
        ("2022-11-14", "day", "2022-11-14", True),
        ("2022-11-14", "day", "2022-11", False),
        ("2022-W46", "week", "2022-11-14", True),
        ("2022-W46", "week", "2022-11-20", True),
        ("2022-W46", "week", "2022-11-21", False),
        ("2022-W46", "week", "2022-W46", True),
        ("2022-W11", "week", "2022-11", False),
        ("2022-11", "month", "2022-11-30", True),
        ("2022-11", "month", "2022-W48", False),  # 28 November to 4 December
        ("2022-11", "month", "2022-W46", True),
        ("2022", "year", "2022-03", True),
        ("2022", "unknown", "2022-12-31", True),
        ("2022-11", None, None, False),
    ],
)
def test_date_ok_at_gold_precision(
    gold_value: str, precision: str | None, predicted: str | None, correct: bool
) -> None:
    assert date_ok({"value": gold_value, "precision": precision}, EventDate(value=predicted)) is correct


@pytest.mark.parametrize(
    ("predicted", "correct"),
    [
        (EventDate(earliest="2022-02-24", latest="2022-03-23"), True),
        (EventDate(earliest="2022-03-01", latest="2022-03-10"), True),
        (EventDate(earliest="2022-02-20", latest="2022-03-10"), False),
        (EventDate(earliest="2022-03-01"), False),
        (EventDate(), False),
        (EventDate(value="2022-03-01", earliest="2022-03-01", latest="2022-03-01"), False),
    ],
)
def test_date_ok_unknown_value_within_gold_bounds(predicted: EventDate, correct: bool) -> None:
    gold = {"value": None, "precision": "unknown", "earliest": "2022-02-24", "latest": "2022-03-23"}
    assert date_ok(gold, predicted) is correct


@pytest.mark.parametrize(
    ("predicted", "correct"), [(EventDate(), True), (EventDate(value="2022-03-01"), False)]
)
def test_date_ok_unknown_value_without_bounds(predicted: EventDate, correct: bool) -> None:
    assert date_ok({"value": None, "precision": "unknown"}, predicted) is correct
    assert date_ok(None, predicted) is correct


# --- quotes and timexes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_speaker", "predicted_speaker", "speaker_ok"),
    [
        ({"name": "Dmitry Peskov", "country": "RUS", "sector": "GOV"}, Actor(name="Peskov"), True),
        (
            {"name": "Dmitry Peskov", "country": "RUS", "sector": "GOV"},
            Actor(name="Sergei Lavrov", country="RUS", sector="GOV"),
            False,
        ),
        ({"name": "Dmitry Peskov"}, None, False),
        (
            {"country": "USA", "sector": "MIL", "text": "a senior defense official"},
            Actor(country="USA", sector="MIL"),
            True,
        ),
        ({"country": "USA", "sector": "MIL"}, Actor(country="USA", sector="GOV"), False),
        (None, None, True),
    ],
)
def test_score_documents_quotes_with_and_without_speaker(
    gold_speaker: dict[str, str] | None, predicted_speaker: Actor | None, speaker_ok: bool
) -> None:
    gold = gold_doc(quotes=[{"text": PESKOV_QUOTE, "speaker": gold_speaker}])
    predicted = article(quotes=[quote(TEXT, "We can neither confirm", predicted_speaker)])
    total = score_one(gold, predicted)
    assert (total.quotes.tp, total.quotes.fp, total.quotes.fn) == (1, 0, 0)
    with_speaker = total.quotes_with_speaker
    assert (with_speaker.tp, with_speaker.fp, with_speaker.fn) == ((1, 0, 0) if speaker_ok else (0, 1, 1))
    assert len(total.findings["quote_speaker_errors"]) == int(not speaker_ok)


def test_score_documents_quote_miss_and_false_positive() -> None:
    gold = gold_doc(quotes=[{"text": PESKOV_QUOTE, "speaker": {"name": "Dmitry Peskov"}}])
    total = score_one(gold, article(quotes=[quote(TEXT, REJECTION)]))
    assert (total.quotes.tp, total.quotes.fp, total.quotes.fn) == (0, 1, 1)
    assert [f.text for f in total.findings["quote_misses"]] == [PESKOV_QUOTE]
    assert [f.text for f in total.findings["quote_false_positives"]] == [REJECTION]


def test_score_documents_timex_value_accuracy() -> None:
    gold = gold_doc(
        timexes=[
            {"text": "November 14", "value": "2022-11-14"},
            {"text": "last week", "value": "2022-W45"},
            {"text": "Kommersant", "value": "2022"},
        ]
    )
    predicted = article(
        timexes=[timex(TEXT, "on November 14", "2022-11-14"), timex(TEXT, "week", "2022-W46")]
    )
    total = score_one(gold, predicted)
    assert (total.timexes_found.correct, total.timexes_found.total) == (2, 3)
    assert (total.timex_values.correct, total.timex_values.total) == (1, 2)
    [wrong] = total.findings["timex_wrong_values"]
    assert (wrong.text, wrong.label, wrong.detail) == ("last week", "2022-W45", "predicted 2022-W46")
    assert [f.text for f in total.findings["timex_misses"]] == ["Kommersant"]


def test_score_documents_timex_prefers_the_prediction_with_the_gold_words() -> None:
    """Gold "2007" occurs inside the dateline "March 13, 2007" and alone; both predictions overlap
    an occurrence, and the value judged is that of the prediction that says "2007"."""
    text = "March 13, 2007\n\nThe worst loss of 2007 came on Monday."
    gold = gold_doc(text=text, timexes=[{"text": "2007", "value": "2007"}])
    alone = text.index("of 2007") + 3
    predicted = article(
        text,
        timexes=[
            timex(text, "March 13, 2007", "2007-03-13"),
            Timex(id="tx_2", article_id="ar_1", text="2007", start=alone, end=alone + 4, value="2007"),
        ],
    )
    total = score_one(gold, predicted)
    assert (total.timex_values.correct, total.timex_values.total) == (1, 1)


def test_score_documents_rejected_document_misses_everything() -> None:
    gold = gold_doc(
        events=[gold_meeting(), gold_event("REJECT", REJECTION, optional=True)],
        quotes=[{"text": PESKOV_QUOTE}],
        timexes=[{"text": "November 14", "value": "2022-11-14"}],
    )
    total = score_one(gold, None)
    assert (total.documents, total.rejected) == (1, 1)
    assert (total.events.tp, total.events.fp, total.events.fn) == (0, 0, 1)
    assert (total.quotes.fn, total.timexes_found.correct, total.timexes_found.total) == (1, 0, 1)
    assert all(
        "document rejected" in f.detail
        for f in total.findings["event_misses"] + total.findings["timex_misses"]
    )


def test_prf_zero_denominators_give_zero() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)


# --- reports and files -------------------------------------------------------------------------


def test_eval_report_to_dict_is_json_serialisable() -> None:
    gold = gold_doc(
        events=[gold_meeting(mode="visit")],
        quotes=[{"text": PESKOV_QUOTE}],
        timexes=[{"text": "last week", "value": "2022-W45"}],
    )
    report = score_documents(
        [(gold, article(events=[predicted_meeting()])), (gold_doc(doc_id="doc_2"), None)]
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert [f["path"] for f in data["files"]] == ["g.jsonl"]
    assert data["total"]["events"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert set(data["total"]["attributes"]) == set(ATTRIBUTES)
    assert data["total"]["attributes"]["mode"] == {"correct": 0, "total": 1, "ratio": 0.0}
    assert data["total"]["quote_misses"][0]["text"] == PESKOV_QUOTE
    text = format_report(report)
    assert "== g.jsonl: 2 documents, 1 rejected" in text
    assert (
        "[doc_1] mode: 'Russian and American officials met in Ankara'  (gold visit, predicted None)" in text
    )
    assert "[doc_1] 2022-W45: 'last week'  (not predicted)" in text
    assert "== overall" in text


def write_gold(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_gold_reads_inline_text_and_text_file(tmp_path: Path) -> None:
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "b.txt").write_text(TEXT, encoding="utf-8")
    line_a = {
        "doc_id": "a",
        "text": PLOVER_TEXT,
        "published": None,
        "events": [gold_event("AGREE", "agreed")],
        "markup": "x",
    }
    line_b = {
        "doc_id": "b",
        "text_file": "texts/b.txt",
        "published": "2022-11-14",
        "quotes": [{"text": PESKOV_QUOTE}],
    }
    path = write_gold(tmp_path / "g.jsonl", [json.dumps(line_a), "", json.dumps(line_b)])
    docs = load_gold(path)
    assert [(d.doc_id, d.text, d.published, d.line, d.path) for d in docs] == [
        ("a", PLOVER_TEXT, None, 1, path),
        ("b", TEXT, "2022-11-14", 3, path),
    ]
    assert docs[0].events[0]["evidence"] == "agreed"
    assert docs[0].meta == {"markup": "x"}
    assert (docs[1].events, docs[1].quotes, docs[1].timexes, docs[1].channels) == (
        [],
        [{"text": PESKOV_QUOTE}],
        [],
        [],
    )


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ('{"doc_id": "x", "text": ', "not valid JSON"),
        ('["x"]', "doc_id"),
        ('{"doc_id": "x"}', "neither text nor text_file"),
        ('{"doc_id": "x", "text_file": "missing.txt"}', "cannot read text_file"),
        ('{"doc_id": "x", "text": "  "}', "empty"),
        ('{"doc_id": "x", "text": "t", "events": [{"actor": []}]}', "event_type"),
        ('{"doc_id": "x", "text": "t", "timexes": {"text": "today"}}', "list of objects"),
        ('{"doc_id": "ok", "text": "again"}', "duplicate doc_id"),
    ],
)
def test_load_gold_malformed_line_names_file_and_line(tmp_path: Path, bad_line: str, message: str) -> None:
    path = write_gold(tmp_path / "bad.gold.jsonl", ['{"doc_id": "ok", "text": "fine"}', bad_line])
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(f"{path}:2: ")
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_evaluate_files_keeps_per_file_and_overall_scores(tmp_path: Path) -> None:
    line = {
        "doc_id": "d",
        "text": TEXT,
        "events": [gold_meeting()],
        "timexes": [{"text": "November 14", "value": "2022-11-14"}],
    }
    first = write_gold(tmp_path / "first.jsonl", [json.dumps(line)])
    second = write_gold(tmp_path / "second.jsonl", [json.dumps(line), json.dumps({**line, "doc_id": "e"})])
    empty = write_gold(tmp_path / "empty.jsonl", [])
    seen: list[str] = []

    def predict(doc: GoldDocument) -> Article | None:
        seen.append(f"{doc.path.name}:{doc.doc_id}")
        if doc.doc_id == "e":
            return None
        return article(doc.text, events=[predicted_meeting(doc.text)] if doc.path == first else [])

    report = evaluate_files([first, second, empty], predict)
    assert isinstance(report, EvalReport)
    assert seen == ["first.jsonl:d", "second.jsonl:d", "second.jsonl:e"]
    assert list(report.files) == [str(first), str(second), str(empty)]
    assert (report.files[str(first)].events.recall, report.files[str(second)].events.recall) == (1.0, 0.0)
    assert report.files[str(empty)].documents == 0
    total = report.total
    assert (total.documents, total.rejected, total.events.tp, total.events.fn) == (3, 1, 1, 2)
    assert total.events.recall == pytest.approx(1 / 3)
    assert (total.timexes_found.correct, total.timexes_found.total) == (0, 3)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "documents"),
    [("seeds.gold.jsonl", 2), ("plover_gsr_dev.gold.jsonl", 161), ("meantime_timex.gold.jsonl", 120)],
)
def test_load_gold_reads_shared_gold_files(name: str, documents: int) -> None:
    path = SHARED_GOLD / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared gold files live next to the repository in ../shared/gold")
    docs = load_gold(path)
    assert len(docs) == documents
    assert all(doc.text.strip() for doc in docs)


def oracle(gold: GoldDocument) -> Article:
    """The gold document as a prediction: what a perfect pipeline would produce."""

    def first_span(text: str, by_words: bool = False) -> list[tuple[int, int]]:
        return locate(gold.text, text, by_words=by_words) or [(0, 0)]

    events = []
    for i, record in enumerate(gold.events):
        spans = first_span(record.get("evidence") or "", by_words=True)
        events.append(
            Event.from_dict(
                {
                    **record,
                    "id": f"ev_{i}",
                    "article_id": "ar",
                    "evidence": [
                        {"text": record.get("evidence") or "", "start": s, "end": e} for s, e in spans
                    ],
                    "date": record.get("date") or {},
                    "status": record.get("status", "reported"),
                }
            )
        )
    quotes = []
    for i, record in enumerate(gold.quotes):
        [(start, end), *_] = first_span(record["text"])
        speaker = Actor.from_dict(record["speaker"]) if record.get("speaker") else None
        quotes.append(Quote(f"qu_{i}", "ar", record["text"], start, end, speaker=speaker))
    timexes = []
    for i, record in enumerate(gold.timexes):
        [(start, end), *_] = first_span(record["text"])
        timexes.append(Timex(f"tx_{i}", "ar", record["text"], start, end, value=record.get("value")))
    return article(gold.text, events=events, quotes=quotes, timexes=timexes)


@pytest.mark.shared
@pytest.mark.parametrize(
    "name", ["seeds.gold.jsonl", "plover_gsr_dev.gold.jsonl", "meantime_timex.gold.jsonl"]
)
def test_score_documents_shared_gold_against_itself_is_perfect(name: str) -> None:
    path = SHARED_GOLD / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared gold files live next to the repository in ../shared/gold")
    total = score_documents((doc, oracle(doc)) for doc in load_gold(path)).total
    for prf in (total.events, total.events_type_only, total.quotes, total.quotes_with_speaker):
        assert (prf.fp, prf.fn) == (0, 0)
    assert all(accuracy.correct == accuracy.total for accuracy in total.attributes.values())
    assert total.timex_values.correct == total.timexes_found.correct == total.timexes_found.total


# --- actors ------------------------------------------------------------------------------------


def test_score_actors_country_and_sector_in_context() -> None:
    gold = gold_doc(
        events=[
            gold_event(
                "CONSULT",
                MEETING,
                actor=(
                    {"text": "Russian", "country": "RUS", "sector": "GOV"},
                    {"text": "American officials", "country": "USA", "sector": "GOV"},
                ),
            ),
            gold_event(
                "REJECT", REJECTION, actor=({"name": "Sergei Lavrov", "country": "RUS", "sector": "GOV"},)
            ),
        ]
    )
    shared = "Russian and American officials"
    predicted = article(
        mentions=[
            mention(TEXT, shared, Actor(country="RUS", sector="GOV")),
            mention(TEXT, shared, Actor(country="USA", sector="MIL")),
            mention(TEXT, "Lavrov", Actor(name="Sergei Lavrov", country="RUS", sector="GOV")),
        ]
    )
    total = score_one(gold, predicted)
    assert (total.actor_country.correct, total.actor_country.total) == (3, 3)
    assert (total.actor_sector.correct, total.actor_sector.total) == (2, 3)
    (error,) = total.findings["actor_errors"]
    assert (error.text, error.label, error.detail) == ("American officials", "USA/GOV", "predicted USA/MIL")


def test_score_actors_unlocatable_party_is_not_scored_and_missing_mention_is_wrong() -> None:
    gold = gold_doc(
        events=[
            gold_event(
                "CONSULT",
                MEETING,
                actor=({"text": "Chinese envoy", "country": "CHN"}, {"text": "Kommersant", "country": "RUS"}),
            )
        ]
    )
    total = score_one(gold, article())
    assert (total.actor_country.correct, total.actor_country.total) == (0, 1)
    assert total.findings["actor_errors"][0].detail == "no mention"
