"""The words of sourcing (``resources/attribution.json``, schema ``backchannel.attribution/1``).

Validated at load time: an error names the file and the key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from backchannel.model import STANCES
from backchannel.resources import ResourceError, load_json_resource

_NAME = "attribution.json"


@dataclass(frozen=True, slots=True)
class AttributionWords:
    cue_verbs: frozenset[str]
    documents: dict[str, str]
    media_verbs: frozenset[str]
    officials: frozenset[str]
    stances: dict[str, tuple[str, ...]]  # stance -> phrases, longest first
    event_words: frozenset[str]
    unannounced: tuple[str, ...]
    announced: tuple[str, ...]
    channels: dict[str, tuple[str, ...]]  # channel type -> phrases
    channel_purposes: tuple[str, ...]
    channel_states: tuple[str, ...]


def _words(data: dict[str, Any], key: str, where: str | None = None) -> tuple[str, ...]:
    value = data.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v and v == v.lower() for v in value)
    ):
        raise ResourceError(
            f"resource {_NAME}: {where or key!r} must be a non-empty list of lower-case words"
        )
    return tuple(sorted(value, key=len, reverse=True))


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"resource {_NAME}: {key!r} must be a non-empty object")
    return value


def parse_attribution_words(data: dict[str, Any]) -> AttributionWords:
    """``AttributionWords`` from the decoded JSON, or ``ResourceError`` naming the bad key."""
    documents = _table(data, "documents")
    for word, name in documents.items():
        if not isinstance(name, str) or not name or word != word.lower():
            raise ResourceError(f"resource {_NAME}: documents.{word}: must map a lower-case word to a name")
    stances = _table(data, "stances")
    for stance in stances:
        if stance not in STANCES:
            raise ResourceError(f"resource {_NAME}: stances.{stance}: not one of {STANCES}")
    channels = _table(data, "channels")
    return AttributionWords(
        cue_verbs=frozenset(_words(data, "cue_verbs")),
        documents=dict(documents),
        media_verbs=frozenset(_words(data, "media_verbs")),
        officials=frozenset(_words(data, "officials")),
        stances={s: _words(stances, s, f"stances.{s}") for s in stances},
        event_words=frozenset(_words(data, "event_words")),
        unannounced=_words(data, "unannounced"),
        announced=_words(data, "announced"),
        channels={c: _words(channels, c, f"channels.{c}") for c in channels},
        channel_purposes=_words(data, "channel_purposes"),
        channel_states=_words(data, "channel_states"),
    )


@cache
def attribution_words() -> AttributionWords:
    return parse_attribution_words(load_json_resource(_NAME, "backchannel.attribution/1"))


def phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for whole-word ``phrases``; a space matches any white space."""
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)
