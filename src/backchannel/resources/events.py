"""The event trigger lexicon (``resources/events.json``, schema ``backchannel.events/1``).

Validated at load time: an error names the file, the list and the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

from backchannel.model import EVENT_TYPES
from backchannel.resources import ResourceError, load_json_resource

Frame = Literal["directed", "consult", "visit", "host", "request"]
FRAMES: tuple[str, ...] = ("directed", "consult", "visit", "host", "request")
MODES = frozenset(
    {"visit", "third-party", "multilateral", "phone", "meet", "assist", "change", "yield", "disapprove",
     "investigate", "allege"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Trigger:
    """One way a word can signal an event."""

    lemma: str
    pos: Literal["verb", "noun", "adjective"]
    type: str
    mode: str | None = None
    frame: Frame = "directed"
    preps: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    not_with: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()
    objects_not: frozenset[str] = frozenset()
    needs_xcomp: bool = False
    complement: frozenset[str] = frozenset()
    modifier: frozenset[str] = frozenset()
    object_actor: bool = False
    needs_target: bool = False
    singular: bool = False
    plural: bool = False


@dataclass(frozen=True, slots=True)
class EventLexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    adjectives: dict[str, tuple[Trigger, ...]]
    light_verbs: frozenset[str]
    meet_words: frozenset[str]
    phone_words: frozenset[str]
    summit_words: frozenset[str] = field(default_factory=frozenset)
    decline_excludes: frozenset[str] = field(default_factory=frozenset)


def _words(name: str, where: str, value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ResourceError(f"resource {name}: {where} must be a list of words")
    return frozenset(v.lower() for v in value)


def _trigger(name: str, where: str, pos: str, data: Any) -> Trigger:
    if not isinstance(data, dict) or not isinstance(data.get("lemma"), str):
        raise ResourceError(f"resource {name}: {where} must be an object with a 'lemma'")
    if data.get("type") not in EVENT_TYPES:
        raise ResourceError(f"resource {name}: {where}: type {data.get('type')!r} is not a PLOVER type")
    if data.get("mode") is not None and data["mode"] not in MODES:
        raise ResourceError(f"resource {name}: {where}: mode {data['mode']!r} is not one of {sorted(MODES)}")
    frame = data.get("frame", "directed")
    if frame not in FRAMES:
        raise ResourceError(f"resource {name}: {where}: frame {frame!r} is not one of {FRAMES}")
    return Trigger(
        lemma=data["lemma"].lower(),
        pos=pos,  # type: ignore[arg-type]
        type=data["type"],
        mode=data.get("mode"),
        frame=frame,
        preps=_words(name, f"{where}.preps", data.get("preps")),
        needs=_words(name, f"{where}.needs", data.get("needs")),
        not_with=_words(name, f"{where}.not_with", data.get("not_with")),
        objects=_words(name, f"{where}.object", data.get("object")),
        objects_not=_words(name, f"{where}.object_not", data.get("object_not")),
        needs_xcomp=bool(data.get("needs_xcomp", False)),
        complement=_words(name, f"{where}.complement", data.get("complement")),
        modifier=_words(name, f"{where}.modifier", data.get("modifier")),
        object_actor=bool(data.get("object_actor", False)),
        needs_target=bool(data.get("needs_target", False)),
        singular=bool(data.get("singular", False)),
        plural=bool(data.get("plural", False)),
    )


def _index(name: str, key: str, pos: str, data: dict[str, Any]) -> dict[str, tuple[Trigger, ...]]:
    entries = data.get(key, [])
    if not isinstance(entries, list):
        raise ResourceError(f"resource {name}: {key!r} must be a list")
    out: dict[str, list[Trigger]] = {}
    for index, entry in enumerate(entries):
        trigger = _trigger(name, f"{key}[{index}]", pos, entry)
        out.setdefault(trigger.lemma, []).append(trigger)
    return {lemma: tuple(items) for lemma, items in out.items()}


@cache
def event_lexicon() -> EventLexicon:
    """The trigger lexicon, loaded and validated once per process."""
    name = "events.json"
    data = load_json_resource(name, "backchannel.events/1")
    return EventLexicon(
        verbs=_index(name, "verbs", "verb", data),
        nouns=_index(name, "nouns", "noun", data),
        adjectives=_index(name, "adjectives", "adjective", data),
        light_verbs=_words(name, "light_verbs", data.get("light_verbs")),
        meet_words=_words(name, "meet_words", data.get("meet_words")),
        phone_words=_words(name, "phone_words", data.get("phone_words")),
        summit_words=_words(name, "summit_words", data.get("summit_words")),
        decline_excludes=_words(name, "decline_excludes", data.get("decline_excludes")),
    )
