"""The date stage: time expressions of an article as ``Timex`` records, and a date for every event.

Reads ``Article.text``, ``published``, the tokens and sentences of the NLP stage and the events;
writes ``Article.timexes`` and each ``Event.date``.

* Each expression is resolved (``stages/timex.py``) against the publication date, the tense of its
  clause ("on Tuesday" in a past-tense clause is the Tuesday before publication, in a future one
  the Tuesday after) and the discourse date: the last day-precise date the text resolved, which
  chains like "two days later" count from.
* An event takes the expression attached to its clause: the one whose chain of syntactic heads
  reaches the event's trigger, or a word above it, without passing through another clause's verb.
  Failing that, an expression of the sentence that is not inside a subordinate clause; failing
  that, when the sentence continues the previous one ("He said ..."), that sentence's date.
  Otherwise the date stays unknown, bounded: ``latest`` is the publication date (``earliest`` for
  a future event), and "since ..." / "until ..." in the sentence bound it further.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date

from backchannel.model import Article, Event, EventDate, Sentence, Timex, Token, content_id
from backchannel.resources.attribution import AttributionWords, attribution_words
from backchannel.stages.syntax import sentence_at
from backchannel.stages.timex import Resolved, Tense, TimePhrase, find_phrases, resolve

_VERBAL = frozenset({"VERB", "AUX"})
_PLANNING = frozenset(
    {"plan", "schedule", "expect", "due", "set", "intend", "hope", "aim", "prepare", "agree"}
)
_CONTINUING = frozenset({"he", "she", "they", "it", "then", "there", "later", "afterwards", "during"})
_BOUND_MARKS = {"since": "from", "after": "from", "until": "until", "till": "until", "before": "until"}
#: event types that are themselves statements: the date of "said" is theirs
_STATEMENTS = frozenset({"AGREE", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN"})
_SUBORDINATE = frozenset({"relcl", "advcl", "acl", "csubj", "pcomp"})


@dataclass(slots=True)
class _Found:
    """One expression of the article: its phrase, tokens, value and how it attaches."""

    phrase: TimePhrase
    resolved: Resolved
    sentence: int
    head: int | None  # the token whose head lies outside the expression
    timex: Timex


class DateStage:
    """Finds and resolves time expressions; dates events (see the module docstring)."""

    def __init__(self, words: AttributionWords | None = None) -> None:
        self.reporting = (words or attribution_words()).cue_verbs  # verbs whose date is a saying's

    def __call__(self, article: Article) -> Article:
        published = _parse_day(article.published)
        starts = [t.start for t in article.tokens]
        sentence_starts = [s.start for s in article.sentences]
        found: list[_Found] = []
        day: Resolved | None = None  # the last day-precise date: "two days later" counts from it
        period: Resolved | None = None  # the last date of any precision: "the same month last year"
        for phrase in find_phrases(article.text):
            head = _head_token(article, starts, phrase.start, phrase.end)
            tense = clause_tense(article.tokens, head) if head is not None else None
            if phrase.bound == "until" and tense is None:
                tense = "future"  # "closed until Friday": a state that lasts into the future
            resolved = resolve(phrase, published, period if phrase.needs_period else day, tense)
            if resolved.value:
                period = resolved
                day = resolved if resolved.precision == "day" else day
            timex = Timex(
                id=content_id("tx", article.id, phrase.start, phrase.end),
                article_id=article.id,
                text=phrase.text,
                start=phrase.start,
                end=phrase.end,
                value=resolved.value,
                precision=resolved.precision if resolved.value else "unknown",
            )
            sentence = sentence_at(sentence_starts, phrase.start)
            found.append(_Found(phrase, resolved, sentence, head, timex))
        article.timexes = [f.timex for f in found]
        _date_events(article, found, starts, sentence_starts, published, self.reporting)
        return article


def _parse_day(value: str | None) -> date | None:
    """The publication date as an anchor; one outside 1800-2199 (``0001-01-01`` from a feed's
    empty date field) anchors nothing."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is not None and 1800 <= day.year < 2200 else None


def _head_token(article: Article, starts: list[int], start: int, end: int) -> int | None:
    """The token of ``[start, end)`` whose head is outside it (the expression's syntactic head)."""
    first = bisect.bisect_left(starts, start)
    last = bisect.bisect_left(starts, end)
    inside = range(first, last)
    if not inside:
        return None
    for i in inside:
        head = article.tokens[i].head
        if head == i or head not in inside:
            return i
    return first


def clause_tense(tokens: list[Token], index: int) -> Tense:
    """``past``/``future`` of the clause a token belongs to, or ``None`` (present, modal, no verb)."""
    verb = _governing_verb(tokens, index)
    if verb is None:
        return None
    token = tokens[verb]
    auxiliaries = [
        t for t in tokens[max(0, verb - 6) : verb] if t.head == verb and t.dep in ("aux", "auxpass")
    ]
    lemmas = {a.lemma.lower() for a in auxiliaries} | {a.text.lower() for a in auxiliaries}
    if lemmas & {"will", "shall", "'ll", "wo"}:
        return "future"
    if token.lemma.lower() in _PLANNING and token.tag in ("VBN", "JJ") and lemmas & {"be", "is", "are"}:
        return "future"  # "is scheduled / expected / due to"
    if token.tag == "VB" and "to" in lemmas:
        head = tokens[token.head]
        if head.lemma.lower() in _PLANNING or head.lemma.lower() in ("go", "be"):
            return "future"  # "plans to visit", "is going to meet", "is to meet"
    if token.tag == "VBG" and any(a.tag in ("VBZ", "VBP") for a in auxiliaries):
        return "future"  # "is meeting on Friday"
    if token.tag == "VBD" or any(a.tag == "VBD" for a in auxiliaries):
        return "past"
    if token.tag == "VBN" and lemmas & {"have", "has", "had"}:
        return "past"
    return None


def _governing_verb(tokens: list[Token], index: int) -> int | None:
    seen = 0
    while tokens[index].pos not in _VERBAL or tokens[index].dep in ("aux", "auxpass"):
        head = tokens[index].head
        if head == index or seen > 40:
            return None
        index, seen = head, seen + 1
    return index


def _path(tokens: list[Token], index: int) -> dict[int, int]:
    """Token index to its height above ``index`` on the way to the root."""
    path: dict[int, int] = {}
    while index not in path:
        path[index] = len(path)
        index = tokens[index].head
    return path


@dataclass(slots=True)
class _Attachment:
    found: _Found
    height: int | None  # where it meets the event's path; None: inside another clause
    blocker: int | None  # the other clause's verb


def _attach(tokens: list[Token], found: _Found, path: dict[int, int]) -> _Attachment:
    index = found.head
    assert index is not None
    blocker = None
    for _ in range(60):
        if index in path:
            return _Attachment(found, path[index], blocker)
        token = tokens[index]
        if token.pos in _VERBAL and token.dep not in ("aux", "auxpass") and index != found.head:
            return _Attachment(found, None, index)
        if token.head == index:
            break
        index = token.head
    return _Attachment(found, None, blocker)


def _bound_of(tokens: list[Token], attachment: _Attachment) -> str | None:
    """ "from"/"until" when the expression only bounds: "since X", or a clause "since Russia invaded ... on X"."""
    if attachment.found.phrase.bound:
        return attachment.found.phrase.bound
    if attachment.blocker is not None:
        for token in tokens[max(0, attachment.blocker - 8) : attachment.blocker]:
            if (
                token.head == attachment.blocker
                and token.dep == "mark"
                and token.lemma.lower() in _BOUND_MARKS
            ):
                return _BOUND_MARKS[token.lemma.lower()]
    return None


def _anchors(
    article: Article, starts: list[int], sentence_starts: list[int], event: Event
) -> list[tuple[int, int]]:
    """(sentence, token) pairs to date ``event`` from: the trigger, then each further evidence
    sentence by its root (an event merged from several sentences is dated by any of them)."""
    out: list[tuple[int, int]] = []
    if event.trigger is not None:
        token = bisect.bisect_right(starts, event.trigger.start) - 1
        if 0 <= token < len(article.tokens):
            out.append((sentence_at(sentence_starts, event.trigger.start), token))
    for evidence in event.evidence:
        sentence = sentence_at(sentence_starts, evidence.start)
        if any(s == sentence for s, _ in out):
            continue
        bounds = article.sentences[sentence]
        roots = [i for i in range(bounds.token_start, bounds.token_end) if article.tokens[i].head == i]
        if roots:
            out.append((sentence, roots[0]))
    return out


def _date_events(
    article: Article,
    found: list[_Found],
    starts: list[int],
    sentence_starts: list[int],
    published: date | None,
    reporting: frozenset[str],
) -> None:
    if not article.sentences or not article.tokens:
        return
    by_sentence: dict[int, list[_Found]] = {}
    for item in found:
        if item.head is not None and item.resolved.value:
            by_sentence.setdefault(item.sentence, []).append(item)
    dated: dict[int, EventDate] = {}  # sentence -> the date an event took from its own expression
    for event in sorted(article.events, key=lambda e: e.evidence[0].start if e.evidence else 0):
        earliest: list[str] = []
        latest: list[str] = []
        chosen: EventDate | None = None
        for sentence, token in _anchors(article, starts, sentence_starts, event):
            own = by_sentence.get(sentence, [])
            value, low, high = _clause_date(
                article,
                token,
                own,
                dated.get(sentence - 1),
                article.sentences[sentence],
                event.event_type,
                reporting,
            )
            earliest += low
            latest += high
            if value is not None and chosen is None:
                chosen = value
                if any(f.phrase.text == value.text for f in own):
                    dated.setdefault(sentence, value)
        if chosen is not None:
            event.date = chosen
            continue
        if published is not None:
            (earliest if event.future else latest).append(published.isoformat())
        event.date = EventDate(value=None, precision="unknown",
                               earliest=max(earliest) if earliest else None,
                               latest=min(latest) if latest else None)  # fmt: skip


def _clause_date(
    article: Article,
    token: int,
    own: list[_Found],
    previous: EventDate | None,
    sentence: Sentence,
    event_type: str,
    reporting: frozenset[str],
) -> tuple[EventDate | None, list[str], list[str]]:
    """The date of the clause of ``token``, or None with the bounds its sentence puts on it.

    The date of a reporting verb above the event ("Lavrov met Blinken, Peskov said on Tuesday")
    dates what is said, not the meeting: for an event that is not itself a statement it is only
    the latest the event can be."""
    tokens = article.tokens
    path = _path(tokens, token)
    attachments = [_attach(tokens, f, path) for f in own]
    dates = [a for a in attachments if _bound_of(tokens, a) is None]
    attached = [a for a in dates if a.height is not None]
    if attached:
        best = min(attached, key=lambda a: (a.height or 0, abs(a.found.phrase.start - tokens[token].start)))
        node = next(i for i, h in path.items() if h == best.height)
        reported = best.height and tokens[node].lemma.lower() in reporting and event_type not in _STATEMENTS
        if reported and best.found.resolved.last is not None:
            return None, [], [best.found.resolved.last.isoformat()]
        return _from(best.found), [], []
    loose = [a for a in dates if a.blocker is not None and tokens[a.blocker].dep not in _SUBORDINATE]
    if loose:
        return _from(min(loose, key=lambda a: abs(a.found.phrase.start - tokens[token].start)).found), [], []
    first_word = (
        tokens[sentence.token_start].text.lower() if sentence.token_end > sentence.token_start else ""
    )
    if previous is not None and first_word in _CONTINUING:
        return previous, [], []
    earliest: list[str] = []
    latest: list[str] = []
    for a in attachments:
        bound = _bound_of(tokens, a)
        if bound == "from" and a.found.resolved.first:
            earliest.append(a.found.resolved.first.isoformat())
        elif bound == "until" and a.found.resolved.last:
            latest.append(a.found.resolved.last.isoformat())
    return None, earliest, latest


def _from(found: _Found) -> EventDate:
    r = found.resolved
    return EventDate(
        text=found.phrase.text,
        value=r.value,
        precision=r.precision,
        earliest=r.first.isoformat() if r.first else None,
        latest=r.last.isoformat() if r.last else None,
    )
