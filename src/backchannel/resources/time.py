"""The words of time expressions (``resources/time.json``, schema ``backchannel.time/1``).

Validated at load time: an error names the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from backchannel.resources import ResourceError, load_json_resource

_NAME = "time.json"
_SEASONS = frozenset({"SP", "SU", "FA", "WI"})
_PARTS = frozenset({"early", "mid", "late"})


@dataclass(frozen=True, slots=True)
class TimeWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    ordinals: dict[str, int]
    seasons: dict[str, str]
    day_offsets: dict[str, int]
    day_parts: tuple[str, ...]
    shifts: dict[str, int]
    period_parts: dict[str, str]
    bound_from: frozenset[str]
    bound_until: frozenset[str]
    not_year_after: frozenset[str]


def _mapping(data: dict[str, Any], key: str, check: Any, what: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ResourceError(f"resource {_NAME}: {key!r} must be a non-empty object")
    for word, target in value.items():
        if not isinstance(word, str) or not word or word != word.lower():
            raise ResourceError(f"resource {_NAME}: {key}: key {word!r} must be a lower-case word")
        if not check(target):
            raise ResourceError(f"resource {_NAME}: {key}.{word}: {target!r} is not {what}")
    return dict(value)


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v and v == v.lower() for v in value):
        raise ResourceError(f"resource {_NAME}: {key!r} must be a list of lower-case words")
    return tuple(value)


def _int_in(low: int, high: int) -> Any:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def parse_time_words(data: dict[str, Any]) -> TimeWords:
    """``TimeWords`` from the decoded JSON, or ``ResourceError`` naming the bad key."""
    return TimeWords(
        months=_mapping(data, "months", _int_in(1, 12), "a month number 1-12"),
        weekdays=_mapping(data, "weekdays", _int_in(0, 6), "a weekday number 0 (Monday) - 6"),
        numbers=_mapping(data, "numbers", _int_in(1, 100), "a number 1-100"),
        ordinals=_mapping(data, "ordinals", _int_in(1, 4), "a quarter number 1-4"),
        seasons=_mapping(data, "seasons", lambda v: v in _SEASONS, f"one of {sorted(_SEASONS)}"),
        day_offsets=_mapping(data, "day_offsets", _int_in(-7, 7), "a day offset -7..7"),
        day_parts=_words(data, "day_parts"),
        shifts=_mapping(data, "shifts", _int_in(-1, 1), "-1, 0 or 1"),
        period_parts=_mapping(data, "period_parts", lambda v: v in _PARTS, f"one of {sorted(_PARTS)}"),
        bound_from=frozenset(_words(data, "bound_from")),
        bound_until=frozenset(_words(data, "bound_until")),
        not_year_after=frozenset(_words(data, "not_year_after")),
    )


@cache
def time_words() -> TimeWords:
    return parse_time_words(load_json_resource(_NAME, "backchannel.time/1"))
