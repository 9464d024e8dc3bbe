"""Time expressions without a model: the tagger (``find_phrases``), the resolver (``resolve``), the
dateline reader and the word lists' validation.  Sentences are written for these tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backchannel.resources import ResourceError, load_json_resource
from backchannel.resources.time import parse_time_words
from backchannel.stages.timex import (
    Resolved,
    Tense,
    dateline_date,
    day_value,
    find_phrases,
    month_value,
    resolve,
)

WEDNESDAY = date(2022, 3, 23)  # a Wednesday in ISO week 12


def _one(text: str, published: date | None = WEDNESDAY, tense: Tense = None,
         discourse: Resolved | None = None) -> tuple[str, str | None]:  # fmt: skip
    phrases = find_phrases(text)
    assert len(phrases) == 1, [p.text for p in phrases]
    return phrases[0].text, resolve(phrases[0], published, discourse, tense).value


@pytest.mark.parametrize(
    ("text", "expected", "value"),
    [
        ("It happened on March 3, 2021 in Minsk.", "March 3, 2021", "2021-03-03"),
        ("It happened on 3 March 2021 in Minsk.", "3 March 2021", "2021-03-03"),
        ("It happened on the 3rd of March, 2021.", "the 3rd of March, 2021", "2021-03-03"),
        ("Signed on Sept. 12, 2019 in Sochi.", "Sept. 12, 2019", "2019-09-12"),
        ("The accord of 2014-09-05 collapsed.", "2014-09-05", "2014-09-05"),
        ("The memo dated 7/8/07 leaked.", "7/8/07", "2007-07-08"),
        ("Talks began in October 2019.", "October 2019", "2019-10"),
        ("Talks began in mid-October 2019.", "mid-October 2019", "2019-10"),
        ("The treaty was signed in 1997.", "1997", "1997"),
        ("The treaty was signed in early 1997.", "early 1997", "1997"),
        ("A crash like that of '87 is unlikely.", "'87", "1987"),
        ("Output fell in the first quarter of 2019.", "the first quarter of 2019", "2019-Q1"),
        ("Output fell in the third-quarter of 2019.", "the third-quarter of 2019", "2019-Q3"),
        ("Output fell in Q4 2018.", "Q4 2018", "2018-Q4"),
        ("The offensive stalled in the spring of 2015.", "the spring of 2015", "2015-SP"),
    ],
)
def test_timex_absolute_dates(text: str, expected: str, value: str) -> None:
    assert _one(text) == (expected, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ministers spoke today.", "2022-03-23"),
        ("The ministers spoke earlier today.", "2022-03-23"),
        ("The ministers spoke yesterday.", "2022-03-22"),
        ("The ministers spoke last night.", "2022-03-22"),
        ("The ministers will speak tomorrow.", "2022-03-24"),
        ("The envoy arrived last week.", "2022-W11"),
        ("The envoy arrives this week.", "2022-W12"),
        ("The envoy arrives next week.", "2022-W13"),
        ("The envoy arrived last month.", "2022-02"),
        ("The envoy arrived earlier this month.", "2022-03"),
        ("The envoy arrived last year.", "2021"),
        ("The envoy arrives next year.", "2023"),
        ("Sanctions were lifted at the end of last year.", "2021"),
        ("The envoy arrived three days ago.", "2022-03-20"),
        ("The envoy arrived two weeks ago.", "2022-03-09"),
        ("The envoy arrived a year ago.", "2021"),
        ("The envoy visited last September.", "2021-09"),
        ("The envoy visits this September.", "2022-09"),
        ("The envoy visited last Monday.", "2022-03-21"),
        ("The envoy visits next Monday.", "2022-03-28"),
        ("The deal was struck last summer.", "2021-SU"),
        ("Output fell in the last quarter.", "2021-Q4"),
    ],
)
def test_timex_relative_to_publication(text: str, value: str) -> None:
    assert _one(text)[1] == value


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        # weekdays: past (or no tense) is the latest such day up to publication, the day itself included
        ("They met on Tuesday.", "past", "2022-03-22"),
        ("They met on Wednesday.", "past", "2022-03-23"),
        ("They met on Thursday.", "past", "2022-03-17"),
        ("They will meet on Thursday.", "future", "2022-03-24"),
        ("They will meet on Wednesday.", "future", "2022-03-23"),
        # dates without a year: never after publication in the past tense, never before it in the future
        ("They met on March 30.", "past", "2021-03-30"),
        ("They will meet on March 30.", "future", "2022-03-30"),
        ("They will meet on March 1.", "future", "2023-03-01"),
        # no tense: the last one, unless the next is three times closer
        ("The March 1 talks.", None, "2022-03-01"),
        ("The March 30 talks.", None, "2022-03-30"),
        ("The October 2 talks.", None, "2021-10-02"),
        # months without a year
        ("They met in December.", "past", "2021-12"),
        ("They will meet in December.", "future", "2022-12"),
        ("They met in February.", "past", "2022-02"),
    ],
)
def test_timex_tense_decides(text: str, tense: Tense, value: str) -> None:
    assert _one(text, tense=tense)[1] == value


def test_timex_year_rollover() -> None:
    """A "December 28" in an article of January 3 is last year's; a "January 5" is this year's."""
    january = date(2023, 1, 3)
    assert _one("They met on December 28.", published=january, tense="past")[1] == "2022-12-28"
    assert _one("They met on December 28.", published=january)[1] == "2022-12-28"
    assert _one("They will meet on January 5.", published=january, tense="future")[1] == "2023-01-05"
    assert _one("They met on Friday.", published=january, tense="past")[1] == "2022-12-30"
    assert _one("They met last week.", published=january)[1] == "2022-W52"


def test_timex_leap_day() -> None:
    assert _one("They met on February 29.", published=date(2024, 3, 10), tense="past")[1] == "2024-02-29"
    assert find_phrases("They met on February 30.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Two days later, he left.", "2022-10-13"),
        ("The next day, he left.", "2022-10-12"),
        ("The following day, he left.", "2022-10-12"),
        ("A week later, he left.", "2022-10-18"),
        ("The day before, he arrived.", "2022-10-10"),
        ("Three days earlier, he arrived.", "2022-10-08"),
        ("On the same day, he left.", "2022-10-11"),
        ("A month later, he left.", "2022-11"),
        ("The following week, he left.", "2022-W42"),
    ],
)
def test_timex_chains_count_from_the_discourse(text: str, value: str) -> None:
    assert _one(text, discourse=day_value(date(2022, 10, 11)))[1] == value


def test_timex_chain_without_a_previous_date_stays_open() -> None:
    assert _one("Two days later, he left.")[1] is None


def test_timex_same_period_a_year_earlier() -> None:
    assert _one("Sales fell from the same month a year ago.", discourse=month_value(2009, 1))[1] == "2008-01"


def test_timex_without_publication_only_explicit_years_resolve() -> None:
    assert _one("They met on March 3, 2021.", published=None)[1] == "2021-03-03"
    assert _one("They met in 2019.", published=None)[1] == "2019"
    assert _one("They met yesterday.", published=None)[1] is None
    assert _one("They met on Tuesday.", published=None)[1] is None
    assert _one("They met on March 3.", published=None)[1] is None


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("Fighting has gone on since February 24.", "from"),
        ("The ceasefire holds until March 30.", "until"),
        ("Fighting broke out on February 24.", None),
    ],
)
def test_timex_bounds(text: str, bound: str | None) -> None:
    assert find_phrases(text)[0].bound == bound


def test_timex_since_means_the_past() -> None:
    phrase = find_phrases("Fighting has gone on since October 30.")[0]
    assert resolve(phrase, WEDNESDAY).value == "2021-10-30"


def test_timex_appositions_are_one_expression() -> None:
    phrases = find_phrases("As reported today, November 14, the talks go on; on Tuesday (March 22) too.")
    assert [p.text for p in phrases] == ["today, November 14", "Tuesday (March 22)"]
    assert resolve(phrases[0], date(2022, 11, 14)).value == "2022-11-14"


@pytest.mark.parametrize(
    "text",
    [
        "Some 2000 troops crossed the border.",
        "He paid $2019 for it.",
        "The 1990s were different.",
        "Resolution 2231 was adopted.",
        "He may visit soon.",
        "They march on Sunday",  # 'march' the verb; only 'Sunday' is a date
        "The leaves fall quickly.",
        "Over the past year, trade grew.",
        "In the last week, trade grew.",
        "Scores: 2,019 votes.",
    ],
)
def test_timex_not_dates(text: str) -> None:
    assert [p.text for p in find_phrases(text)] in ([], ["Sunday"])


def test_timex_never_crosses_a_line() -> None:
    assert [p.text for p in find_phrases("Markets stay closed until Friday\n\nSeptember 18, 2008")] == [
        "Friday",
        "September 18, 2008",
    ]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Talks in Geneva\n\nMarch 01, 2008\n\nThe delegations met.", "2008-03-01"),
        ("Published: 14 November 2022 10:31 GMT\n\nThe delegations met.", "2022-11-14"),
        ("MOSCOW, March 23, 2022 (Reuters) - The delegations met.", "2022-03-23"),
        ("Talks postponed to March 5, 2023\n\nThe delegations will meet.", None),
        ("The delegations met on March 5, 2023 in Geneva, officials said.", None),
        ("No date at all.", None),
    ],
)
def test_timex_dateline(text: str, published: str | None) -> None:
    assert dateline_date(text) == published


def _words() -> dict[str, Any]:
    return load_json_resource("time.json", "backchannel.time/1")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("months", {"January": 1}, "lower-case"),
        ("months", {"january": 13}, "month number"),
        ("weekdays", {"monday": 7}, "weekday"),
        ("seasons", {"spring": "XX"}, "one of"),
        ("day_parts", "morning", "list of lower-case words"),
        ("shifts", {}, "non-empty"),
    ],
)
def test_timex_words_validation_names_the_key(key: str, value: object, message: str) -> None:
    data = _words() | {key: value}
    with pytest.raises(
        ResourceError, match=rf"time\.json: .*{key}.*{message}|time\.json: '{key}'.*{message}"
    ):
        parse_time_words(data)


def test_timex_words_load() -> None:
    words = parse_time_words(_words())
    assert words.months["sept"] == 9 and words.weekdays["sunday"] == 6


def test_timex_leap_day_in_the_past_is_the_last_leap_year() -> None:
    assert _one("They met on February 29.", published=date(2023, 3, 1), tense="past")[1] == "2020-02-29"
