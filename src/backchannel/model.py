"""The document model: one ``Article`` carries everything the stages find in it.

Every span is a half-open ``[start, end)`` character offset into ``Article.text``, the cleaned text.
Records serialise (``to_dict``) to exactly the JSON of DESIGN.md section 3; fields marked
``internal`` (tokens, sentences, the raw input) are working state of the pipeline and are never
serialised.  ``from_dict`` reads a record back, so the store and prediction files round-trip.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import Enum, StrEnum
from typing import Any, Literal, TypeVar, get_args

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE",
    "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN",
    "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

#: DESIGN.md: day, week, month, year, unknown; quarter and season (TimeML ``2022-Q4``, ``2022-SU``) extend it
Precision = Literal["day", "week", "month", "quarter", "season", "year", "unknown"]
PRECISIONS: tuple[str, ...] = get_args(Precision)

Status = Literal["reported", "confirmed", "denied", "unconfirmed", "disputed"]
STATUSES: tuple[str, ...] = get_args(Status)

Stance = Literal["confirm", "deny", "neither_confirm_nor_deny", "declined_to_comment", "no_comment"]
STANCES: tuple[str, ...] = get_args(Stance)

AttributionKind = Literal["media", "document", "official", "self"]
ATTRIBUTION_KINDS: tuple[str, ...] = get_args(AttributionKind)

RecordKind = Literal[
    "article", "actor", "event", "quote", "timex", "channel", "reject", "source_event", "story"
]  # fmt: skip

#: mention labels that code an actor (``PLACE`` mentions name a place, not an actor)
ACTOR_LABELS = frozenset({"PERSON", "GROUP", "PRON"})

# PLOVER sector codes used for actors (DESIGN.md section 2).
SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "SPY", "LEG", "JUD", "COP", "PTY", "REB", "OPP", "BUS", "JRN", "REL", "CVL",
    "EDU", "HLH", "LAB", "ELI", "IGO", "NGO", "UNK",
)  # fmt: skip


class RejectReason(StrEnum):
    """Why an input did not become an article.  Skip reasons do not count as failures."""

    EMPTY = "EMPTY"  # no text, or nothing left after cleaning
    BINARY = "BINARY"  # not text at all (image, archive, executable, ...)
    UNDECODABLE = "UNDECODABLE"  # bytes that no text encoding explains
    NOT_ENGLISH = "NOT_ENGLISH"  # text in another language (the message names it)
    TOO_LARGE = "TOO_LARGE"  # over a size limit of the settings
    TOO_DEEP = "TOO_DEEP"  # HTML nested past Settings.max_html_depth, JSON past the parser's depth
    COMPRESSION_BOMB = "COMPRESSION_BOMB"  # expands more than Settings.max_decompression_ratio
    MALFORMED = "MALFORMED"  # broken JSON/CSV/manifest row, a row without text, a corrupt archive
    NOT_FOUND = "NOT_FOUND"  # a path (or a manifest entry) that does not exist
    UNREADABLE = "UNREADABLE"  # exists but cannot be read (permissions, I/O error)
    DUPLICATE = "DUPLICATE"  # same content as an article seen earlier in the same run (skip)
    UNSUPPORTED = "UNSUPPORTED"  # a file type that is not an article format (skip in directories)
    ERROR = "ERROR"  # a reader or stage failed on this input (a bug: the message says where)

    @property
    def is_skip(self) -> bool:
        """Skips are accounted for but are not failures: they do not change the exit code."""
        return self in (RejectReason.DUPLICATE, RejectReason.UNSUPPORTED)


def _internal() -> Any:
    return field(default=None, repr=False, compare=False, metadata={"internal": True})


def _internal_list() -> Any:
    return field(default_factory=list, repr=False, compare=False, metadata={"internal": True})


def content_id(prefix: str, *parts: object) -> str:
    """A stable identifier from content: ``prefix_`` and 20 hex digits of a SHA-256."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:20]}"


class Record:
    """Serialisation shared by every record dataclass: public fields, nested records as dicts."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):  # type: ignore[arg-type]
            if f.metadata.get("internal"):
                continue
            out[f.name] = _plain(getattr(self, f.name))
        return out


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


R = TypeVar("R", bound="Record")


def _known(cls: type[R], data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls) if not f.metadata.get("internal")}  # type: ignore[arg-type]
    return {k: v for k, v in data.items() if k in names}


# --- linguistic layer (filled by the nlp stage; internal, never serialised) -------------------


@dataclass(slots=True)
class Token:
    """One token; ``head`` is the index of its syntactic head in ``Article.tokens``."""

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str = ""
    space: bool = True


@dataclass(slots=True)
class Sentence:
    """A sentence: a character span and the range of its tokens in ``Article.tokens``."""

    start: int
    end: int
    token_start: int
    token_end: int


# --- actors, mentions and event parts --------------------------------------------------------


@dataclass(slots=True)
class Actor(Record):
    """A coded actor: country (ISO 3166 alpha-3 or IGO/NGO/UNO/EUR) and PLOVER sector."""

    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    start: int | None = None
    end: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(**_known(cls, data))


@dataclass(slots=True)
class Mention(Record):
    """A span that may name an actor.

    ``label`` says what found it: an NER label before the actor stage; after it ``PERSON``,
    ``GROUP`` (bodies, groups, states), ``PLACE`` (a capital or country named as a place) or
    ``PRON``.  ``antecedent`` is the index in ``Article.mentions`` of the earlier mention this one
    refers to (coreference), whose actor it carries.
    """

    start: int
    end: int
    text: str
    label: str
    sentence: int
    actor: Actor | None = None
    antecedent: int | None = None


@dataclass(slots=True)
class Evidence(Record):
    text: str
    start: int
    end: int

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evidence:
        return cls(**_known(cls, data))


@dataclass(slots=True)
class Location(Record):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(**_known(cls, data))


_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # winter runs into the next year


def _month_end(year: int, month: int) -> date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def date_range(value: str | None) -> tuple[date, date] | None:
    """First and last day of a date value: ``2022``, ``2022-Q4``, ``2022-SU``, ``2022-11``,
    ``2022-W46``, ``2022-11-14``; None when it is not one."""
    try:
        if not value:
            return None
        if week := _ISO_WEEK.fullmatch(value):
            monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return monday, monday + timedelta(days=6)
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if quarter := _QUARTER.fullmatch(value):
            year, first = int(quarter[1]), 3 * int(quarter[2]) - 2
            return date(year, first, 1), _month_end(year, first + 2)
        if season := _SEASON.fullmatch(value):
            year, (first, last) = int(season[1]), _SEASON_MONTHS[season[2]]
            return date(year, first, 1), _month_end(year, last)
        if month := re.fullmatch(r"(\d{4})-(\d{2})", value):
            return date(int(month[1]), int(month[2]), 1), _month_end(int(month[1]), int(month[2]))
        day = date.fromisoformat(value)
        return day, day
    except ValueError:
        return None


@dataclass(slots=True)
class EventDate(Record):
    """A date with its precision; ``earliest``/``latest`` bound it when the text only bounds it."""

    text: str | None = None
    value: str | None = None
    precision: Precision = "unknown"
    earliest: str | None = None
    latest: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventDate:
        return cls(**_known(cls, data))

    def bounds(self) -> tuple[date | None, date | None]:
        """The first and last day the event can have been on: the value's range, narrowed by
        ``earliest``/``latest``; (None, None) for an undated event, one None for an open bound."""
        span = date_range(self.value) if self.precision != "unknown" else None
        low = date_range(self.earliest)
        high = date_range(self.latest)
        first = max((d for d in (span and span[0], low and low[0]) if d), default=None)
        last = min((d for d in (span and span[1], high and high[1]) if d), default=None)
        return first, last


@dataclass(slots=True)
class StatusStatement(Record):
    actor: Actor
    stance: Stance
    evidence: Evidence | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StatusStatement:
        ev = data.get("evidence")
        return cls(
            actor=Actor.from_dict(data.get("actor") or {}),
            stance=data["stance"],
            evidence=Evidence.from_dict({"text": "", **ev}) if ev else None,
        )


@dataclass(slots=True)
class Attribution(Record):
    kind: AttributionKind
    name: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribution:
        return cls(**_known(cls, data))


@dataclass(slots=True)
class Source(Record):
    """An article that reports an event.  On a merged event (``backchannel.merge``) each source
    also names its own per-article event, story, attribution and status (extensions)."""

    article_id: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    event_id: str | None = None
    story_id: str | None = None
    attribution: list[Attribution] = field(default_factory=list)
    status: Status | None = None
    reason: str | None = None  # why its event was merged with the others ("first report" for the first)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        d = _known(cls, data)
        d["attribution"] = [Attribution.from_dict(a) for a in d.get("attribution") or []]
        return cls(**d)


def _actors(items: Any) -> list[Actor]:
    return [Actor.from_dict(a) for a in items or []]


@dataclass(slots=True)
class Event(Record):
    """A PLOVER event (DESIGN.md sections 2-3)."""

    id: str
    article_id: str
    event_type: EventType
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    actor: list[Actor] = field(default_factory=list)
    recipient: list[Actor] = field(default_factory=list)
    location: Location | None = None
    date: EventDate = field(default_factory=EventDate)
    status: Status = "reported"
    announced: bool | None = None
    status_statements: list[StatusStatement] = field(default_factory=list)
    attribution: list[Attribution] = field(default_factory=list)
    intermediary: list[Actor] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    confidence: float = 0.0
    trigger: Evidence | None = None  # extension: the word(s) that signal the event
    first_reported: str | None = None  # extension: the earliest publication date among the sources

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        d = _known(cls, data)
        d["actor"] = _actors(d.get("actor"))
        d["recipient"] = _actors(d.get("recipient"))
        d["intermediary"] = _actors(d.get("intermediary"))
        d["location"] = Location.from_dict(d["location"]) if d.get("location") else None
        d["date"] = EventDate.from_dict(d.get("date") or {})
        d["status_statements"] = [StatusStatement.from_dict(s) for s in d.get("status_statements") or []]
        d["attribution"] = [Attribution.from_dict(a) for a in d.get("attribution") or []]
        d["evidence"] = [Evidence.from_dict(e) for e in d.get("evidence") or []]
        d["sources"] = [Source.from_dict(s) for s in d.get("sources") or []]
        d["trigger"] = Evidence.from_dict(d["trigger"]) if d.get("trigger") else None
        d["context"] = list(d.get("context") or [])
        return cls(**d)

    @property
    def countries(self) -> frozenset[str]:
        """The dyad: every country over actor and recipient."""
        return frozenset(a.country for a in [*self.actor, *self.recipient] if a.country)


@dataclass(slots=True)
class Quote(Record):
    id: str
    article_id: str
    text: str
    start: int
    end: int
    speaker: Actor | None = None
    cue: str | None = None
    event_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        d = _known(cls, data)
        d["speaker"] = Actor.from_dict(d["speaker"]) if d.get("speaker") else None
        return cls(**d)


@dataclass(slots=True)
class Timex(Record):
    """A time expression normalised to an ISO value (``2022-11-14``, ``2022-W46``, ``2022-10``)."""

    id: str
    article_id: str
    text: str
    start: int
    end: int
    value: str | None = None
    precision: Precision = "unknown"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timex:
        return cls(**_known(cls, data))


@dataclass(slots=True)
class Channel(Record):
    """A standing channel between parties: a hotline, an attaché channel, a format of talks."""

    id: str
    article_id: str
    channel_type: str
    parties: list[Actor] = field(default_factory=list)
    purpose: str | None = None
    state: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Channel:
        d = _known(cls, data)
        d["parties"] = _actors(d.get("parties"))
        d["evidence"] = [Evidence.from_dict(e) for e in d.get("evidence") or []]
        return cls(**d)


@dataclass(slots=True)
class Reject(Record):
    """An input that did not become an article, with a reason code and a message for people."""

    path: str
    reason: RejectReason
    message: str
    article_id: str | None = None

    @property
    def is_skip(self) -> bool:
        return self.reason.is_skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reject:
        d = _known(cls, data)
        d["reason"] = RejectReason(d["reason"])
        return cls(**d)


InputFormat = Literal["text", "html"]


@dataclass(slots=True)
class Article(Record):
    """One news article and everything found in it.

    Ingest fills the metadata and ``raw`` (the decoded input); the clean stage sets ``text`` and
    ``id`` (a hash of the cleaned text, so the same content is the same article); later stages fill
    the internal linguistic layer and the records.
    """

    id: str = ""
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    story_id: str | None = None
    source_id: str | None = None
    text: str = ""
    raw: str | None = _internal()
    raw_format: InputFormat = field(default="text", repr=False, compare=False, metadata={"internal": True})
    #: a date used when neither the input nor the text gives one (a WARC record's capture date)
    fallback_published: str | None = _internal()
    tokens: list[Token] = _internal_list()
    sentences: list[Sentence] = _internal_list()
    mentions: list[Mention] = _internal_list()
    events: list[Event] = _internal_list()
    quotes: list[Quote] = _internal_list()
    timexes: list[Timex] = _internal_list()
    channels: list[Channel] = _internal_list()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(**_known(cls, data))

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.token_start : sentence.token_end]

    def actor_mentions(self) -> Iterator[tuple[int, Mention, Actor]]:
        """Mentions coded as actors (not places, not unresolved pronouns), with their index."""
        for index, mention in enumerate(self.mentions):
            actor = mention.actor
            if actor is not None and mention.label in ACTOR_LABELS and (actor.country or actor.name):
                yield index, mention, actor

    def records(self) -> Iterator[dict[str, Any]]:
        """The JSON Lines records of DESIGN.md section 3: the article, then what was found in it.

        ``actor`` records (an extension) list every coded actor mention: the actor's fields,
        ``mention`` (its index, which ``antecedent`` refers to), ``label`` and ``sentence``.
        """
        yield {"kind": "article", **self.to_dict()}
        for index, mention, actor in self.actor_mentions():
            yield {
                "kind": "actor",
                "article_id": self.id,
                "mention": index,
                **actor.to_dict(),
                "label": mention.label,
                "sentence": mention.sentence,
                "antecedent": mention.antecedent,
            }
        for kind, items in (
            ("event", self.events),
            ("quote", self.quotes),
            ("timex", self.timexes),
            ("channel", self.channels),
        ):
            for item in items:
                yield {"kind": kind, **item.to_dict()}


def reject_record(reject: Reject) -> dict[str, Any]:
    return {"kind": "reject", **reject.to_dict()}
