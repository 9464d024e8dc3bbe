"""Time expressions: find them in text (``find_phrases``) and resolve them to ISO values (``resolve``).

Finding is pure text: patterns built from the word lists of ``resources/time.json``, longest match
first, one phrase per span.  A ``TimePhrase`` says what the words mean ("the Tuesday before the
anchor", "two days after the previous date", "March of an unknown year") without a calendar;
``resolve`` turns that meaning into a value against the publication date, the discourse date (the
last date the text resolved, for chains like "two days later") and the tense of the clause.

Values follow TimeML: ``2022-11-14`` (day), ``2022-W46`` (week), ``2022-11`` (month), ``2022-Q4``
(quarter), ``2022-SU`` (season), ``2022`` (year).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal

from backchannel.model import Precision
from backchannel.resources.time import TimeWords, time_words

Kind = Literal["date", "weekday", "day", "week", "month", "month_week", "quarter", "season", "ago", "chain"]
Unit = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future"] | None
Bound = Literal["from", "until"] | None


@dataclass(frozen=True, slots=True)
class TimePhrase:
    """A time expression and what it means, before any calendar arithmetic.

    ``kind`` says which fields matter: ``date`` (``year`` or ``year_shift`` from the anchor year,
    ``month``, ``day``; ``shift`` for "last September"), ``weekday`` (``weekday``, ``shift`` -1 last,
    0 this, +1 next, None from the tense), ``day`` (``offset`` days from publication: today,
    yesterday), ``week``/``month`` (``shift`` from publication), ``quarter``/``season`` (with a year
    like ``date``), ``ago`` (``amount`` ``unit`` before publication) and ``chain`` (``amount``
    ``unit`` in ``direction`` from the discourse date; ``amount`` 0 is "the same day").
    """

    start: int
    end: int
    text: str
    kind: Kind
    year: int | None = None
    year_shift: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    shift: int | None = None
    offset: int | None = None
    quarter: int | None = None
    season: str | None = None
    amount: int = 0
    unit: Unit = "day"
    direction: int = 0
    bound: Bound = None
    since: bool = False  # "since X": X is in the past
    year_before: bool = False  # chain: "the same period last year": the discourse's period a year back
    week: int | None = None  # month_week: 1-4, or -1 for the last full week of ``month``

    @property
    def needs_period(self) -> bool:
        """A chain that counts from the last date of any precision ("the same month"), not a day."""
        return self.kind == "chain" and ((self.amount == 0 and self.unit != "day") or self.year_before)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved value with its precision and the first and last day it covers."""

    value: str | None
    precision: Precision = "unknown"
    first: date | None = None
    last: date | None = None


UNRESOLVED = Resolved(None)


# --- finding -------------------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


Handler = Callable[["re.Match[str]", TimeWords], "TimePhrase | None"]


@dataclass(frozen=True, slots=True)
class _Family:
    pattern: re.Pattern[str]
    handler: Handler
    needs: frozenset[str]  # keywords, one of which every match contains


def _phrase(m: re.Match[str], kind: Kind, **fields: object) -> TimePhrase:
    """The phrase of a match: all of it, or its ``core`` group when the pattern needs context."""
    group = "core" if m.groupdict().get("core") else 0
    return TimePhrase(m.start(group), m.end(group), m.group(group), kind, **fields)  # type: ignore[arg-type]


def _capitalised(word: str | None) -> bool:
    return word is None or word[:1].isupper()


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _number(text: str, words: TimeWords) -> int:
    folded = " ".join(text.lower().split())
    return int(folded) if folded.isdigit() else words.numbers[folded]


def _month_day(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    if not (_capitalised(m["mon"]) and _capitalised(m["wd"])):
        return None
    month = words.months[m["mon"].lower().rstrip(".")]
    day, year = int(m["day"]), _year(m["year"])
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: February 29 stays possible
    except ValueError:
        return None
    return _phrase(m, "date", year=year, month=month, day=day)


def _month_year(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    if not _capitalised(m["mon"]):
        return None
    return _phrase(m, "date", year=int(m["year"]), month=words.months[m["mon"].lower().rstrip(".")])


def _numeric(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    year = int(m["year"])
    year = year if year > 99 else (2000 + year if year < 50 else 1900 + year)
    try:
        date(year, int(m["mon"]), int(m["day"]))
    except ValueError:
        return None
    return _phrase(m, "date", year=year, month=int(m["mon"]), day=int(m["day"]))


def _named_shift(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    name, shift = m["name"].lower(), words.shifts[m["shift"].lower()]
    if name in words.seasons:
        return _phrase(m, "season", season=words.seasons[name], shift=shift)
    if not _capitalised(m["name"]):
        return None
    if name in words.weekdays:
        return _phrase(m, "weekday", weekday=words.weekdays[name], shift=shift)
    return _phrase(m, "date", month=words.months[name], shift=shift)


def _unit_shift(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    shift_word = m.groupdict().get("shift")
    shift = words.shifts[shift_word.lower()] if shift_word else 0
    unit = m["unit"].lower()
    if unit == "year":
        return _phrase(m, "date", year_shift=shift)
    return _phrase(m, "month" if unit == "month" else "week", shift=shift)


def _day_offset(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    return _phrase(m, "day", offset=words.day_offsets[" ".join(m["off"].lower().split())])


def _weekday(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    if not _capitalised(m["wd"]):
        return None
    shift = words.shifts[m["shift"].lower()] if m["shift"] else None
    return _phrase(m, "weekday", weekday=words.weekdays[m["wd"].lower()], shift=shift)


def _ago(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    return _phrase(m, "ago", amount=_number(m["n"], words), unit=m["unit"].lower())


def _chain_amount(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    direction = -1 if m["dir"].lower().split()[0] in ("earlier", "before", "prior") else 1
    return _phrase(m, "chain", amount=_number(m["n"], words), unit=m["unit"].lower(), direction=direction)


_NEXT = {
    "next": 1,
    "following": 1,
    "previous": -1,
    "preceding": -1,
    "same": 0,
    "": 0,
    "after": 1,
    "before": -1,
}


def _chain_next(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    direction = _NEXT[m["dir"].lower()]
    unit = m["unit"].lower() if m["unit"] else "day"
    unit = unit if unit in ("week", "month", "year") else "day"  # morning, evening, night, weekend
    if m["unit"] and m["unit"].lower() == "weekend":
        unit = "week"
    return _phrase(m, "chain", amount=abs(direction), unit=unit, direction=direction)


def _same_period(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    return _phrase(m, "chain", unit="year", year_before=True)


def _month_week(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    if not _capitalised(m["mon"]):
        return None
    ordinal = m["ord"].lower()
    week = -1 if ordinal in ("last", "final") else words.ordinals[ordinal]
    return _phrase(m, "month_week", month=words.months[m["mon"].lower()], year=_year(m["year"]), week=week)


def _quarter(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    year, shift = _year(m["year"]), m["shift"]
    year_shift = None if shift is None or shift.lower() == "the" else words.shifts[shift.lower()]
    ordinal = m["ord"].lower()
    if ordinal == "last" and year is None and year_shift is None:
        return _phrase(m, "quarter", shift=-1)  # "the last quarter": the one before publication
    quarter = 4 if ordinal == "last" else words.ordinals[ordinal]
    return _phrase(m, "quarter", quarter=quarter, year=year, year_shift=year_shift)


def _quarter_code(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    return _phrase(m, "quarter", quarter=int(m["q"]), year=int(m["year"]))


def _season(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    name = m["season"].lower()
    if name == "fall" and not (m["shift"] or m["the"] or m["year"]):
        return None  # the verb
    shift = words.shifts[m["shift"].lower()] if m["shift"] else None
    return _phrase(m, "season", season=words.seasons[name], year=_year(m["year"]), shift=shift)


def _bare_year(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    following = m.string[m.end() : m.end() + 20].split()
    if following and following[0].lower().strip(".,;:") in words.not_year_after:
        return None
    return _phrase(m, "date", year=int(m["year"]))


def _short_year(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    two = int(m["yy"])
    return _phrase(m, "date", year=(2000 + two if two < 40 else 1900 + two))


def _bare_month(m: re.Match[str], words: TimeWords) -> TimePhrase | None:
    if not _capitalised(m["mon"]):
        return None
    name = m["mon"].lower()
    if name == "may" and not m["part"]:
        before = m.string[max(0, m.start() - 12) : m.start()].lower().split()
        if not before or before[-1] not in ("in", "since", "until", "of", "by", "through", "during", "from"):
            return None  # the modal verb or a name
    return _phrase(m, "date", month=words.months[name])


@cache
def _families() -> tuple[_Family, ...]:
    w = time_words()
    full_months = [k for k in w.months if len(k) > 3 or k == "may"]
    mon_any = rf"(?P<mon>(?:{_alternation(w.months)})\.?)"
    mon_full = rf"(?P<mon>{_alternation(full_months)})"
    wd = rf"(?P<wd>{_alternation(w.weekdays)})"
    year = r"(?P<year>1[89]\d\d|20\d\d)(?![\w%]|['’]s\b|[.,]\d)"
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?![:.,]\d)"
    part = rf"(?:(?P<part>{_alternation(k for k in w.period_parts if k != 'mid')}|mid-?)\s*)?"
    shift = rf"(?P<shift>{_alternation(w.shifts)})"
    parts = rf"(?:\s+(?:{_alternation(w.day_parts)}))?"
    number = rf"(?P<n>{_alternation(w.numbers)}|\d{{1,3}})"
    unit = r"(?P<unit>day|week|month|year)s?"
    ordinal = rf"(?P<ord>{_alternation(w.ordinals)}|last)"
    seasons = _alternation(w.seasons)
    flags = re.IGNORECASE
    # the keywords (see _keywords) a family's expressions contain; "#" is a digit
    M, W, S, D = frozenset(w.months), frozenset(w.weekdays), frozenset(w.seasons), frozenset("#")
    U, DAY = frozenset({"week", "weekend", "month", "year"}), frozenset({"day"})
    keys = [M, M, M, D, D, M | W | S, U, U, frozenset(k.split()[-1] for k in w.day_offsets), W, frozenset({"ago"}),
            frozenset({"later", "earlier", "afterwards", "afterward", "after", "before", "prior"}),
            U | DAY | frozenset(w.day_parts), DAY, DAY, DAY, DAY, frozenset({"quarter"}), D, frozenset({"year"}), M,
            S, D, D, M]  # fmt: skip
    specs: list[tuple[str, Handler, int]] = [
        (rf"\b(?:{wd},?\s+)?(?:the\s+)?{mon_any}\s+{day}(?:,?\s+{year})?", _month_day, flags),
        (rf"\b(?:{wd},?\s+)?(?:the\s+)?{day}\s+(?:of\s+)?{mon_any}(?![\w])(?:,?\s+{year})?", _month_day, flags),
        (rf"\b{part}{mon_any},?\s+(?:of\s+)?{year}", _month_year, flags),
        (r"\b(?P<year>1[89]\d\d|20\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-3]\d)\b", _numeric, 0),
        (r"(?<![\d/])(?P<mon>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d{2})(?![\d/])", _numeric, 0),
        (rf"\b{part}{shift}\s+(?P<name>{_alternation(full_months)}|{_alternation(w.weekdays)}|{seasons})\b",
         _named_shift, flags),
        (rf"\b(?:{part}|(?:earlier|later)\s+(?:in\s+)?)(?<!\bthe\s){shift}\s+(?P<unit>week|weekend|month|year)\b",
         _unit_shift, flags),
        (rf"\b(?P<part>{_alternation(k for k in w.period_parts if k.startswith('the '))})\s+the\s+"
         r"(?P<unit>week|month|year)\b(?!\s+(?:before|after|of)\b)", _unit_shift, flags),
        (rf"\b(?P<off>{_alternation(w.day_offsets)})\b{parts}", _day_offset, flags),
        (rf"\b(?:(?P<shift>last|next|this|past|coming)\s+)?{wd}\b{parts}", _weekday, flags),
        (rf"\b{number}\s+{unit}\s+ago\b", _ago, flags),
        (rf"\b{number}\s+{unit}\s+(?P<dir>later|earlier|afterwards?|after\s+that|before\s+that|prior)\b",
         _chain_amount, flags),
        (r"\b(?:the|that)\s+(?P<dir>next|following|previous|preceding|same)\s+"
         r"(?P<unit>day|week|month|year|morning|afternoon|evening|night|weekend)\b", _chain_next, flags),
        (r"(?:(?<=\bon\s)|(?<=\bfor\s)|(?<=\bduring\s))the\s+(?P<unit>day)\b(?P<dir>)"
         r"(?!\s+(?:before|after|of|when|that|in|on|he|she|they|it|we|I)\b)", _chain_next, flags),
        (r"\b(?:end|ends|ended|ending|finish|finished|finishing|close|closed|closing|start|started|starting|"
         r"open|opened|opening)\s+(?P<core>the\s+day)\b(?P<unit>)(?P<dir>)", _chain_next, flags),
        (r"\b(?:(?:late|early|later|earlier)\s+in|the\s+(?:start|end)\s+of)\s+the\s+(?P<unit>day)\b(?P<dir>)", _chain_next, flags),
        (r"\bthe\s+day\s+(?P<dir>before|after)(?=\s*[,.;:)]|\s+(?:that|the\s+\w+\s+was)\b)(?P<unit>)",
         _chain_next, flags),
        (rf"\b(?:the\s+)?{ordinal}(?:\s+|-)quarter\b(?:\s+of\s+(?:{year}|(?P<shift>this|last|next|the)\s+year))?",
         _quarter, flags),
        (rf"\bQ(?P<q>[1-4])\s+{year}", _quarter_code, 0),
        (r"\bthe\s+same\s+(?:period|month|quarter|week|day|time)\s+(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|"
         r"(?:the\s+)?(?:previous|prior)\s+year|the\s+year\s+before)\b", _same_period, flags),
        (rf"\bthe\s+(?P<ord>{_alternation(w.ordinals)}|last)\s+week\s+of\s+{mon_full}\b(?:,?\s+{year})?",
         _month_week, flags),
        (rf"\b{part}(?:(?P<shift>{_alternation(w.shifts)})\s+|(?P<the>the)\s+)?(?P<season>{seasons})\b"
         rf"(?:\s+(?:of\s+)?{year})?", _season, flags),
        (rf"(?<![$€£#\w.,/-]){part}{year}", _bare_year, flags),
        (r"(?<![\w'’])['’](?P<yy>\d{2})\b(?!['’]?s\b)", _short_year, 0),
        (rf"\b{part}{mon_full}\b(?!\s*\d)", _bare_month, flags),
    ]  # fmt: skip
    # an expression never runs across a line break: "Friday\n\nSeptember 18, 2008" is two
    assert len(keys) == len(specs)
    return tuple(
        _Family(re.compile(source.replace(r"\s", r"[^\S\n]"), fl), handler, needs)
        for (source, handler, fl), needs in zip(specs, keys, strict=True)
    )


@cache
def _keywords() -> tuple[str, ...]:
    """Words every expression contains one of (lower case): the patterns only run around these."""
    w = time_words()
    fixed = ["week", "weekend", "month", "year", "quarter", "ago", "later", "earlier", "day", "before", "after",
             "afterwards", "afterward", "prior", *w.day_parts]  # fmt: skip
    heads = {k.split()[-1] for k in w.day_offsets}
    return tuple(sorted({*w.months, *w.weekdays, *w.seasons, *heads, *fixed}))


#: digits the digit-only families need: a year, a slash date, an abbreviated year ('87)
_DIGITS = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d/\d|['’]\d\d")


def _windows(text: str, margin: int = 60) -> list[tuple[int, int, set[str]]]:
    """Stretches of ``text`` around keywords, with the keywords in each (lower case; "#": a digit).

    ``str.find`` per keyword is several times faster than one regular expression of them all."""
    lower = text.lower()
    hits: list[tuple[int, int, str]] = [(m.start(), m.end(), "#") for m in _DIGITS.finditer(text)]
    for word in _keywords():
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not lower[at - 1].isalpha()) and (end == len(lower) or not lower[end].isalnum()):
                hits.append((at, end, word))
            at = lower.find(word, end)
    hits.sort()
    spans: list[tuple[int, int, set[str]]] = []
    for at, end, word in hits:
        start, stop = max(0, at - margin), min(len(text), end + margin)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], stop, spans[-1][2] | {word})
        else:
            spans.append((start, stop, {word}))
    return spans


def find_phrases(text: str) -> list[TimePhrase]:
    """Every time expression in ``text``, in order: the longest where candidates overlap."""
    words = time_words()
    found: list[TimePhrase] = []
    seen: set[tuple[int, int, int]] = set()
    for start, end, keys in _windows(text):
        for index, family in enumerate(_families()):
            if family.needs.isdisjoint(keys):
                continue
            for m in family.pattern.finditer(text, start, end):
                # a window ends mid-text: a match that touches its end may continue beyond it
                if m.end() == end < len(text):
                    m = family.pattern.match(text, m.start()) or m
                if (m.start(), m.end(), index) in seen:
                    continue
                seen.add((m.start(), m.end(), index))
                if (phrase := family.handler(m, words)) is not None:
                    found.append(phrase)
    chosen: list[TimePhrase] = []
    taken: list[tuple[int, int]] = []
    for phrase in sorted(found, key=lambda p: (p.start - p.end, p.start)):
        if all(phrase.end <= s or phrase.start >= e for s, e in taken):
            chosen.append(phrase)
            taken.append((phrase.start, phrase.end))
    chosen.sort(key=lambda p: p.start)
    return [_with_bound(p, text, words) for p in _merge_appositions(chosen, text)]


def _merge_appositions(phrases: list[TimePhrase], text: str) -> list[TimePhrase]:
    """ "today, November 14" and "Tuesday (March 22)" are one expression: the date names the day."""
    out: list[TimePhrase] = []
    for phrase in phrases:
        if out and out[-1].kind in ("day", "weekday") and phrase.kind == "date" and phrase.day is not None:
            gap = text[out[-1].end : phrase.start]
            if re.fullmatch(r",\s*|\s*\(\s*", gap):
                end = phrase.end + (
                    1 if gap.strip() == "(" and text[phrase.end : phrase.end + 1] == ")" else 0
                )
                out[-1] = replace(phrase, start=out[-1].start, end=end, text=text[out[-1].start : end])
                continue
        out.append(phrase)
    return out


def _with_bound(phrase: TimePhrase, text: str, words: TimeWords) -> TimePhrase:
    before = text[max(0, phrase.start - 16) : phrase.start].split()
    word = before[-1].lower() if before else ""
    if word in words.bound_from:
        return replace(phrase, bound="from", since=word == "since")
    if word in words.bound_until:
        return replace(phrase, bound="until")
    return phrase


# --- resolving -----------------------------------------------------------------------------------

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def _month_end(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


def day_value(day: date) -> Resolved:
    return Resolved(day.isoformat(), "day", day, day)


def week_value(day: date) -> Resolved:
    year, week, weekday = day.isocalendar()
    monday = day - timedelta(days=weekday - 1)
    return Resolved(f"{year}-W{week:02d}", "week", monday, monday + timedelta(days=6))


def month_value(year: int, month: int) -> Resolved:
    return Resolved(f"{year:04d}-{month:02d}", "month", date(year, month, 1), _month_end(year, month))


def year_value(year: int) -> Resolved:
    return Resolved(f"{year:04d}", "year", date(year, 1, 1), date(year, 12, 31))


def quarter_value(year: int, quarter: int) -> Resolved:
    first = date(year, 3 * quarter - 2, 1)
    return Resolved(f"{year:04d}-Q{quarter}", "quarter", first, _month_end(year, 3 * quarter))


def season_value(year: int, season: str) -> Resolved:
    low, high = _SEASON_MONTHS[season]
    return Resolved(f"{year:04d}-{season}", "season", date(year, low, 1), _month_end(year, high))


def _pick(candidates: list[Resolved], anchor: date, tense: Tense) -> Resolved:
    """The candidate the tense allows: past starts by the anchor, future ends after it.

    With no tense, the latest candidate that has started, unless a later one is three times
    closer: news reports the past, and a date it looks ahead to is near ("the December 5 summit").
    """
    spans = [(c, _first(c), _last(c)) for c in candidates]
    past = [s for s in spans if s[1] <= anchor]
    future = [s for s in spans if s[2] >= anchor and s[1] > anchor]
    if tense == "future" and (ahead := [s for s in spans if s[2] >= anchor]):
        return min(ahead, key=lambda s: s[1])[0]
    if tense == "past" and not past:
        return UNRESOLVED  # a past event is never dated after publication
    if not past:
        return min(future, key=lambda s: s[1])[0]
    latest = max(past, key=lambda s: s[1])
    if tense is None and future:
        soonest = min(future, key=lambda s: s[1])
        if (soonest[1] - anchor).days * 3 < (anchor - latest[2]).days:
            return soonest[0]
    return latest[0]


def _first(value: Resolved) -> date:
    assert value.first is not None
    return value.first


def _last(value: Resolved) -> date:
    assert value.last is not None
    return value.last


def resolve(
    phrase: TimePhrase,
    published: date | None,
    discourse: Resolved | None = None,
    tense: Tense = None,
) -> Resolved:
    """The value of ``phrase`` against the publication date, the discourse date and the tense.

    Without a publication date, only expressions that carry their own year resolve; a chain needs a
    discourse date of at least the chain's unit.  Arithmetic that leaves the calendar (an anchor in
    year 1 or 9999, from bad metadata) leaves the expression unresolved.
    """
    try:
        return _resolve(phrase, published, discourse, tense)
    except (ValueError, OverflowError):
        return UNRESOLVED


def _resolve(
    phrase: TimePhrase, published: date | None, discourse: Resolved | None, tense: Tense
) -> Resolved:
    if phrase.kind == "chain":
        if discourse is None and phrase.amount == 0 and published is not None:
            discourse = day_value(published)  # "on the day", "the same day": of publication
        return _resolve_chain(phrase, discourse)
    if phrase.kind == "date" and phrase.year is not None:
        if phrase.month is None:
            return year_value(phrase.year)
        if phrase.day is None:
            return month_value(phrase.year, phrase.month)
        return day_value(date(phrase.year, phrase.month, phrase.day))
    if phrase.kind == "month_week" and phrase.year is not None:
        return _week_of_month(month_value(phrase.year, phrase.month or 1), phrase.week or 1)
    if phrase.kind in ("quarter", "season") and phrase.year is not None:
        return (quarter_value(phrase.year, phrase.quarter or 1) if phrase.kind == "quarter"
                else season_value(phrase.year, phrase.season or "SP"))  # fmt: skip
    if published is None:
        return UNRESOLVED
    if phrase.since and tense is None:
        tense = "past"
    return _RELATIVE[phrase.kind](phrase, published, tense)


def _resolve_date(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    years: tuple[int, ...] = (anchor.year - 1, anchor.year, anchor.year + 1)
    if phrase.year_shift is not None:
        year = anchor.year + phrase.year_shift
        return month_value(year, phrase.month) if phrase.month else year_value(year)
    if phrase.month is None:
        return UNRESOLVED
    if phrase.day is None:
        months = [month_value(y, phrase.month) for y in years]
        if phrase.shift == -1:
            return max((m for m in months if _last(m) < anchor.replace(day=1)), key=_first)
        if phrase.shift == 1:
            return min((m for m in months if _first(m) > anchor), key=_first)
        if phrase.shift == 0 or tense is None:
            return months[1]
        return _pick(months, anchor, tense)
    days = []
    if (phrase.month, phrase.day) == (2, 29):  # a leap day: the leap years around the anchor
        years = tuple(range(anchor.year - 4, anchor.year + 5))
    for y in years:
        try:
            days.append(day_value(date(y, phrase.month, phrase.day)))
        except ValueError:  # February 29 outside a leap year
            continue
    return _pick(days, anchor, tense) if days else UNRESOLVED


def _resolve_weekday(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    back = (anchor.weekday() - (phrase.weekday or 0)) % 7  # days since the last such weekday (0: today)
    if phrase.shift == -1:
        return day_value(anchor - timedelta(days=back or 7))
    if phrase.shift == 1:
        return day_value(anchor + timedelta(days=(7 - back) % 7 or 7))
    if tense == "future":  # "will land on Monday" written on a Monday is today
        return day_value(anchor + timedelta(days=(7 - back) % 7))
    return day_value(anchor - timedelta(days=back))


def _resolve_day(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    return day_value(anchor + timedelta(days=phrase.offset or 0))


def _resolve_week(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    return week_value(anchor + timedelta(days=7 * (phrase.shift or 0)))


def _resolve_month(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    day = _add_months(anchor.replace(day=1), phrase.shift or 0)
    return month_value(day.year, day.month)


def _resolve_month_week(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    month = resolve(replace(phrase, kind="date", week=None), anchor, None, tense)
    return _week_of_month(month, phrase.week or 1)


def _week_of_month(month: Resolved, week: int) -> Resolved:
    """The ``week``-th full Monday-Sunday week inside ``month`` (-1: the last one)."""
    if month.first is None or month.last is None:
        return UNRESOLVED
    first_monday = month.first + timedelta(days=(7 - month.first.weekday()) % 7)
    last_monday = month.last - timedelta(days=(month.last.weekday() + 1) % 7 + 6)
    monday = last_monday if week < 0 else first_monday + timedelta(weeks=week - 1)
    return week_value(monday) if first_monday <= monday <= last_monday else UNRESOLVED


def _resolve_quarter(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    current = (anchor.month - 1) // 3 + 1
    if phrase.quarter is None:  # "the last quarter"
        year, quarter = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        return quarter_value(year, quarter)
    if phrase.year_shift is not None:
        return quarter_value(anchor.year + phrase.year_shift, phrase.quarter)
    candidates = [quarter_value(y, phrase.quarter) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    return candidates[1] if tense is None else _pick(candidates, anchor, tense)


def _resolve_season(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    season = phrase.season or "SP"
    candidates = [
        season_value(y, season) for y in (anchor.year - 2, anchor.year - 1, anchor.year, anchor.year + 1)
    ]
    if phrase.shift == -1:
        return max((c for c in candidates if _last(c) < anchor), key=_first)
    if phrase.shift == 1:
        return min((c for c in candidates if _first(c) > anchor), key=_first)
    return _pick(candidates, anchor, tense)


def _resolve_ago(phrase: TimePhrase, anchor: date, tense: Tense) -> Resolved:
    return _step(day_value(anchor), phrase.unit, -phrase.amount) or UNRESOLVED


def _step(base: Resolved, unit: Unit, amount: int) -> Resolved | None:
    """``base`` moved by ``amount`` units, at the precision the unit allows (a week moves days)."""
    if base.first is None:
        return None
    if unit in ("day", "week"):
        if base.precision == "week" and unit == "week":
            return week_value(base.first + timedelta(weeks=amount))
        if base.precision != "day":
            return None
        return day_value(base.first + timedelta(days=amount * (7 if unit == "week" else 1)))
    if unit == "month":
        if base.precision not in ("day", "month"):
            return None
        moved = _add_months(base.first, amount)
        return month_value(moved.year, moved.month)
    return year_value(base.first.year + amount) if base.precision != "unknown" else None


def _resolve_chain(phrase: TimePhrase, discourse: Resolved | None) -> Resolved:
    if discourse is None or discourse.first is None:
        return UNRESOLVED
    if phrase.year_before:
        return _year_before(discourse)
    base, precision = discourse.first, discourse.precision
    if phrase.amount == 0:  # "the same day/week/month/year"
        if phrase.unit == "day":
            return discourse if precision == "day" else UNRESOLVED
        if phrase.unit == "week":
            return week_value(base) if precision in ("day", "week") else UNRESOLVED
        if phrase.unit == "month":
            return month_value(base.year, base.month) if precision in ("day", "month") else UNRESOLVED
        return year_value(base.year)
    if (
        phrase.unit == "week"
        and phrase.amount == 1
        and phrase.text.lower().split()[-1] in ("week", "weekend")
    ):
        if precision not in ("day", "week"):  # "the following week": a week, not a day
            return UNRESOLVED
        return _step(week_value(base), "week", phrase.direction) or UNRESOLVED
    return _step(discourse, phrase.unit, phrase.direction * phrase.amount) or UNRESOLVED


def _year_before(value: Resolved) -> Resolved:
    """The same day, week, month, quarter, season or year, a year earlier."""
    first = _first(value)
    back = first.replace(year=first.year - 1, day=min(first.day, 28) if first.month == 2 else first.day)
    if value.precision == "day":
        return day_value(back)
    if value.precision == "week":
        return week_value(first - timedelta(weeks=52))
    if value.precision == "month":
        return month_value(back.year, back.month)
    if value.precision == "quarter":
        return quarter_value(back.year, (back.month - 1) // 3 + 1)
    if value.precision == "season" and value.value:
        return season_value(back.year, value.value[-2:])
    return year_value(back.year)


_RELATIVE: dict[str, Callable[[TimePhrase, date, Tense], Resolved]] = {
    "date": _resolve_date,
    "weekday": _resolve_weekday,
    "day": _resolve_day,
    "week": _resolve_week,
    "month": _resolve_month,
    "month_week": _resolve_month_week,
    "quarter": _resolve_quarter,
    "season": _resolve_season,
    "ago": _resolve_ago,
}


_DATELINE_WORD = re.compile(
    r"published|updated|posted|first|last|modified|dated?|on|at|\d{1,2}[:.]\d{2}(?::\d{2})?|[ap]\.?m|gmt|utc|(?-i:[A-Z]{2,4})|",
    re.IGNORECASE,
)
_WIRE_DATELINE = re.compile(r"[A-Z][A-Z .'-]{1,40},\s*$")  # "MOSCOW, " before the date of a wire story
_WIRE_AFTER = re.compile(r"\s*(?:\([^)]{1,40}\))?\s*[-–—]")  # " (Reuters) -" after it


def dateline_date(text: str, *, lines: int = 4) -> str | None:
    """The publication date a text states at its top: one of the first ``lines`` lines that is a full
    date with its year and little else ("March 01, 2008", "Published: 14 November 2022 10:31 GMT"),
    or a wire dateline ("MOSCOW, March 23, 2022 (Reuters) - ..."); not a headline naming a date."""
    for line in [line for line in text[:600].splitlines() if line.strip()][:lines]:
        for phrase in find_phrases(line):
            if phrase.kind != "date" or phrase.year is None or not (phrase.month and phrase.day):
                continue
            rest = (line[: phrase.start] + " " + line[phrase.end :]).split()
            bare = all(_DATELINE_WORD.fullmatch(word.strip(":,.|·•()-–—")) for word in rest)
            wire = _WIRE_DATELINE.fullmatch(line[: phrase.start]) and _WIRE_AFTER.match(line, phrase.end)
            if bare or wire:
                return date(phrase.year, phrase.month, phrase.day).isoformat()
    return None
