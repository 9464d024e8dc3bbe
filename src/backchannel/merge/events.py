"""One event per real-world event: per-article events that report the same contact are merged.

Two events are the same real-world event when they are compatible on everything both state:

* the same PLOVER type and the same countries over actor and recipient (the dyad), with the same
  flags (negated, hypothetical, future);
* named persons compatible: for each country, when both name someone, some pair of the names is
  the same person (up to romanisation, ``resources.actors.same_person``);
* modes compatible: a phone call is not a meeting in person; otherwise an unset mode agrees with
  any;
* dates compatible: the ranges of days they can have been on overlap with every event already
  merged (``EventMerger.window``: the value at its precision narrowed by earliest/latest; an event
  bounded only by its report happened within a day before it; a range wider than a week dates
  nothing to match on);
* sectors compatible (except in a copy, whose rewritten words may code another sector): for each
  country, when both give sectors, some sector agrees (a call between defence ministers and one
  between foreign ministers are two channels);
* places compatible: the same country, and the same place when both name a place below the country.

Two events dated only by their reports, from one outlet on different days, are different contacts:
an outlet publishes one readout per contact (the Kremlin's calls with Macron on 20 and 21
February 2022 are two calls).  An event in a copy of another article (same story,
``merge.stories``) needs no date: a copy
reports the same contact even when its dating lead was dropped.  Otherwise an event that is not
closely dated, or has a single country, is never merged: too little is known to say it is the
same contact.
When several merged events fit, the event joins the one from its own story first, then the one
with the narrowest date range.

A merged event (``merged``) is the first report's event (earliest publication, then the first
added) with: every source (article, outlet, url, publication date, its own event id, story,
attribution and status); ``first_reported``, the earliest publication; the finest date any source
gives; names, place and mode filled from other sources where the first report lacks them; the
union of attributions, status statements and intermediaries; and a status over all sources
(``combined_status``: confirmed and denied together are disputed).  Its id comes from the first
event merged into it, so it stays the same as sources are added.  Adding is incremental and
idempotent: an event already merged is not added twice.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TypeVar

from backchannel.model import Actor, Event, Location, Source, Status, content_id
from backchannel.resources.actors import fold, same_person

T = TypeVar("T")
_REMOTE = frozenset({"phone"})
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "unknown": 9}


@dataclass(slots=True)
class MergedGroup:
    """Per-article events merged as one real-world event."""

    id: str
    members: list[Event] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)  # member event id -> why it joined
    first: date | None = None  # the days every member can have been on
    last: date | None = None

    @property
    def dated(self) -> bool:
        return self.first is not None or self.last is not None


def _key(event: Event) -> tuple[str, frozenset[str]]:
    return event.event_type, event.countries


def _published(event: Event) -> str:
    return event.first_reported or next((s.published for s in event.sources if s.published), None) or "9999"


class EventMerger:
    """Per-article events in, merged events out (see the module docstring).

    ``story_of`` gives an article's story id (from a ``StoryIndex``); without it every article is
    its own story."""

    def __init__(
        self,
        story_of: Callable[[str], str | None] | None = None,
        *,
        recency_days: int = 1,
        max_span_days: int = 7,
        is_person: Callable[[str], bool] | None = None,
        country_name: Callable[[str], str | None] | None = None,
    ) -> None:
        self.story_of = story_of or (lambda article_id: article_id)
        self.is_person = is_person or (lambda name: True)
        self.country_name = country_name or (lambda code: None)
        self.recency_days = recency_days
        self.max_span_days = max_span_days
        self._groups: dict[str, MergedGroup] = {}
        self._by_key: dict[tuple[str, frozenset[str]], list[str]] = {}
        self._group_of: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._groups)

    def __contains__(self, event_id: str) -> bool:
        return event_id in self._group_of

    def group_of(self, event_id: str) -> str:
        return self._group_of[event_id]

    def group(self, group_id: str) -> MergedGroup:
        return self._groups[group_id]

    def groups(self) -> list[MergedGroup]:
        return list(self._groups.values())

    def add(self, event: Event) -> str:
        """Merge one per-article event; returns the id of the merged event it belongs to."""
        if event.id in self._group_of:
            return self._group_of[event.id]
        best: tuple[tuple[int, int, str], MergedGroup, str] | None = None
        for group_id in self._by_key.get(_key(event), []):
            group = self._groups[group_id]
            reason = self.compatible(event, group)
            if reason is None:
                continue
            # own story first, then the narrowest dates, then the group id: the choice does not
            # depend on the order groups were made or restored in
            rank = (
                0 if reason.startswith("same story") else 1,
                _width(*_overlap(self.window(event), group)),
                group.id,
            )
            if best is None or rank < best[0]:
                best = (rank, group, reason)
        if best is None:
            group = MergedGroup(content_id("me", event.id))
            self._groups[group.id] = group
            self._by_key.setdefault(_key(event), []).append(group.id)
            reason = "first report"
        else:
            _, group, reason = best
        self._join(group, event, reason)
        return group.id

    def add_all(self, events: Iterable[Event]) -> list[str]:
        return [self.add(e) for e in events]

    def restore(self, group_id: str, members: Sequence[tuple[Event, str]]) -> None:
        """Rebuild a stored merged event from its members and the reasons they joined."""
        group = MergedGroup(group_id)
        self._groups[group_id] = group
        for event, reason in members:
            if not group.members:
                self._by_key.setdefault(_key(event), []).append(group_id)
            self._join(group, event, reason)

    def _join(self, group: MergedGroup, event: Event, reason: str) -> None:
        window = self.window(event)
        if window[0] is not None:
            group.first, group.last = _overlap(window, group) if group.dated else window
        group.members.append(event)
        group.reasons[event.id] = reason
        self._group_of[event.id] = group.id

    # -- compatibility ----------------------------------------------------------------------

    def compatible(self, event: Event, group: MergedGroup) -> str | None:
        """Why ``event`` reports the same real-world event as ``group``, or None when it does not."""
        head = group.members[0]
        if _key(event) != _key(head) or _flags(event) != _flags(head):
            return None
        story = self.story_of(event.article_id)
        copy = any(
            m.article_id != event.article_id and self.story_of(m.article_id) == story for m in group.members
        )
        if not copy and len(event.countries) < 2:
            return None
        if any(not _modes_agree(event.mode, m.mode) for m in group.members):
            return None
        names = _names_agree(event, group.members, self.is_person)
        if names is None or (not copy and not _sectors_agree(event, group.members)):
            return None  # a rewrite's word swaps ("general" -> "commander") may change a sector: not a copy's
        if not _places_agree(event, group.members, self.country_name):
            return None
        if not copy and _implicit(event) and any(_same_outlet_another_day(event, m) for m in group.members):
            return None  # an outlet reports a contact once: its readouts of other days are other contacts
        first, last = self.window(event)
        if first is not None and group.dated:
            first, last = _overlap((first, last), group)
            if first is None or last is None or first > last:
                return None
            when = f"dates overlap {_span(first, last)}"
            if _implicit(event) and all(_implicit(m) for m in group.members):
                when += " (dated only by their reports, published within a day)"
        elif copy:
            when = "undated in a copy of the same story"
        else:
            return None
        dyad = "–".join(sorted(event.countries)) or "no country"
        what = f"same {event.event_type} {dyad}, {when}" + (f", {names}" if names else "")
        return f"same story; {what}" if copy else what

    def window(self, event: Event) -> tuple[date | None, date | None]:
        """The days an event can be matched on, or (None, None) when it is not dated closely
        enough.  An event bounded only by its report ("latest": the publication or the reporting
        verb) is news: it happened within ``recency_days`` before.  A range wider than
        ``max_span_days`` ("in 2022", "since February") dates nothing to match on."""
        first, last = event.date.bounds()
        if first is None and last is not None:
            first = last - timedelta(days=self.recency_days)
        if first is None or last is None or (last - first).days > self.max_span_days:
            return None, None
        return first, last


def _implicit(event: Event) -> bool:
    """Dated only by its report: no date in the text, the publication (or reporting verb) its bound."""
    date_ = event.date
    return date_.value is None and date_.earliest is None and date_.latest is not None


def _same_outlet_another_day(event: Event, other: Event) -> bool:
    ours, theirs = (e.sources[0] if e.sources else None for e in (event, other))
    return (
        ours is not None
        and theirs is not None
        and bool(ours.outlet)
        and ours.outlet == theirs.outlet
        and ours.published != theirs.published
        and _implicit(other)
    )


def _flags(event: Event) -> tuple[bool, bool, bool]:
    return event.negated, event.hypothetical, event.future


def _modes_agree(a: str | None, b: str | None) -> bool:
    """A phone call and a meeting in person are different contacts; an unset mode agrees with any."""
    if a is None or b is None or a == b:
        return True
    return (a in _REMOTE) == (b in _REMOTE) and a != "meet" and b != "meet"


def _parties(event: Event) -> list[Actor]:
    return [*event.actor, *event.recipient]


def _names_agree(event: Event, members: Sequence[Event], is_person: Callable[[str], bool]) -> str | None:
    """None when a country's named persons cannot be the same; else the names both give (or "").
    Names of bodies ("Kremlin") are not persons' and agree with any."""
    shared: list[str] = []
    for country in sorted(event.countries):  # sorted: the reason reads the same in every process
        ours = {a.name for a in _parties(event) if a.country == country and a.name and is_person(a.name)}
        theirs = {
            a.name
            for m in members
            for a in _parties(m)
            if a.country == country and a.name and is_person(a.name)
        }
        if not ours or not theirs:
            continue
        matched = sorted(n for n in ours if any(same_person(n, t) for t in theirs))
        if not matched:
            return None
        shared.extend(matched)
    return f"names agree ({', '.join(shared)})" if shared else ""


def _sectors_agree(event: Event, members: Sequence[Event]) -> bool:
    """For each country, when both give its sectors, some sector agrees: a call between defence
    ministers (MIL) and one between foreign ministers (GOV) on one day are two channels."""
    for country in event.countries:
        ours = {a.sector for a in _parties(event) if a.country == country and a.sector}
        theirs = {a.sector for m in members for a in _parties(m) if a.country == country and a.sector}
        if ours and theirs and not ours & theirs:
            return False
    return True


def _places_agree(event: Event, members: Sequence[Event], country_name: Callable[[str], str | None]) -> bool:
    here = event.location
    if here is None:
        return True
    for m in members:
        there = m.location
        if there is None:
            continue
        if here.country and there.country and here.country != there.country:
            return False
        a, b = fold(here.name or here.text or ""), fold(there.name or there.text or "")
        if (
            a
            and b
            and a != b
            and not _is_country_level(here, country_name)
            and not _is_country_level(there, country_name)
        ):
            return False
    return True


def _is_country_level(place: Location, country_name: Callable[[str], str | None]) -> bool:
    """ "in Turkey": a place that is its country (named as the country is), not a city in it."""
    if not place.country:
        return False
    name = country_name(place.country)
    return bool(name) and fold(name or "") in (fold(place.name or ""), fold(place.text or ""))


def _overlap(window: tuple[date | None, date | None], group: MergedGroup) -> tuple[date | None, date | None]:
    first, last = window
    lows = [d for d in (first, group.first) if d is not None]
    highs = [d for d in (last, group.last) if d is not None]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def _width(first: date | None, last: date | None) -> int:
    return (last - first).days if first is not None and last is not None else 1_000_000


def _span(first: date | None, last: date | None) -> str:
    if first == last and first is not None:
        return first.isoformat()
    return f"{first.isoformat() if first else '…'}..{last.isoformat() if last else '…'}"


# -- the merged record ---------------------------------------------------------------------------


def combined_status(statuses: Iterable[Status | None]) -> Status:
    """One status over every source: confirmed and denied together (or any disputed) are disputed;
    else a denial, a confirmation, a non-answer, in that order; else reported."""
    found = {s for s in statuses if s}
    if "disputed" in found or {"confirmed", "denied"} <= found:
        return "disputed"
    order: tuple[Status, ...] = ("denied", "confirmed", "unconfirmed")
    return next((status for status in order if status in found), "reported")


def merged(
    group: MergedGroup,
    story_of: Callable[[str], str | None] | None = None,
    is_person: Callable[[str], bool] | None = None,
) -> Event:
    """The merged event of a group (see the module docstring)."""
    story_of = story_of or (lambda article_id: None)
    is_person = is_person or (lambda name: True)
    order = {m.id: n for n, m in enumerate(group.members)}
    members = sorted(group.members, key=lambda m: (_published(m), order[m.id]))
    first = members[0]
    dated = sorted(
        (m for m in members if m.date.bounds() != (None, None)),
        key=lambda m: (_PRECISION_RANK.get(m.date.precision, 9), _width(*m.date.bounds())),
    )
    sources = [
        Source(
            article_id=m.article_id,
            outlet=m.sources[0].outlet if m.sources else None,
            url=m.sources[0].url if m.sources else None,
            published=m.sources[0].published if m.sources else m.first_reported,
            event_id=m.id,
            story_id=story_of(m.article_id),
            attribution=list(m.attribution),
            status=m.status,
            reason=group.reasons.get(m.id),
        )
        for m in members
    ]
    announced = [m.announced for m in members if m.announced is not None]
    published = [s.published for s in sources if s.published]
    return replace(
        first,
        id=group.id,
        mode=first.mode or next((m.mode for m in members if m.mode), None),
        actor=_named(first.actor, members, is_person),
        recipient=_named(first.recipient, members, is_person),
        location=first.location or next((m.location for m in members if m.location), None),
        date=dated[0].date if dated else first.date,
        status=combined_status(m.status for m in members),
        announced=any(announced) if announced else None,
        status_statements=_unique(
            [
                s if m is first else replace(s, actor=_unplaced(s.actor), evidence=None)
                for m in members
                for s in m.status_statements
            ],
            lambda s: (s.actor.name, s.actor.country, s.stance),
        ),
        attribution=_unique([a for m in members for a in m.attribution], lambda a: (a.kind, a.name)),
        intermediary=_unique(
            [a if m is first else _unplaced(a) for m in members for a in m.intermediary],
            lambda a: (a.name, a.country, a.sector),
        ),
        sources=sources,
        first_reported=min(published) if published else None,
        confidence=max(m.confidence for m in members),
        context=sorted({c for m in members for c in m.context}),
    )


def _unplaced(actor: Actor) -> Actor:
    """An actor from another source's article: its offsets (and the text at them) are not this one's."""
    return replace(actor, text=None, start=None, end=None)


def _named(actors: list[Actor], members: Sequence[Event], is_person: Callable[[str], bool]) -> list[Actor]:
    """The first report's actors, an unnamed one taking the one person's name other sources give it."""
    out: list[Actor] = []
    for actor in actors:
        if actor.name or not actor.country:
            out.append(actor)
            continue
        names = {
            a.name
            for m in members
            for a in _parties(m)
            if a.name
            and is_person(a.name)
            and a.country == actor.country
            and (a.sector == actor.sector or not actor.sector)
        }
        people: list[str] = []  # one per person: "Zelensky" and "Volodymyr Zelenskyy" are one
        for name in sorted(names, key=lambda n: (-len(n), n)):
            if not any(same_person(name, p) for p in people):
                people.append(name)
        out.append(replace(actor, name=people[0]) if len(people) == 1 else actor)
    return out


def _unique(items: list[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def merge_events(
    events: Iterable[Event],
    story_of: Callable[[str], str | None] | None = None,
    is_person: Callable[[str], bool] | None = None,
    country_name: Callable[[str], str | None] | None = None,
) -> tuple[list[Event], EventMerger]:
    """Merged events over per-article events (in order), with the merger that made them."""
    merger = EventMerger(story_of, is_person=is_person, country_name=country_name)
    merger.add_all(events)
    return [merged(g, story_of, is_person) for g in merger.groups()], merger


__all__ = ["EventMerger", "MergedGroup", "combined_status", "merge_events", "merged"]
