"""Dictionaries and patterns as versioned data files, with loaders that validate them at start-up.

A resource that fails validation raises ``ResourceError`` naming the file and the entry, so bad
configuration stops the program before any input is read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


class ResourceError(ValueError):
    """A resource file is missing, malformed or fails its schema; the message names file and entry."""


def resource_text(name: str) -> str:
    try:
        return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"resource {name}: file missing from the package") from exc


def load_json_resource(name: str, schema: str) -> dict[str, Any]:
    try:
        data = json.loads(resource_text(name))
    except json.JSONDecodeError as exc:
        raise ResourceError(f"resource {name}: line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict) or data.get("schema") != schema:
        raise ResourceError(f"resource {name}: expected schema {schema!r}")
    return data


@dataclass(frozen=True, slots=True)
class FurniturePatterns:
    cut: re.Pattern[str]
    cut_near_end: re.Pattern[str]
    drop: re.Pattern[str]


def _compile(name: str, key: str, patterns: object, flags: int) -> re.Pattern[str]:
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise ResourceError(f"resource {name}: {key!r} must be a list of strings")
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ResourceError(f"resource {name}: {key}[{index}] {pattern!r}: {exc}") from exc
    alternation = "|".join(f"(?:{p})" for p in patterns) or r"(?!)"
    return re.compile(rf"^(?:{alternation})$", flags)


@cache
def furniture_patterns() -> FurniturePatterns:
    name = "furniture.json"
    data = load_json_resource(name, "backchannel.furniture/1")
    return FurniturePatterns(
        cut=_compile(name, "cut", data.get("cut"), re.IGNORECASE),
        cut_near_end=_compile(name, "cut_near_end", data.get("cut_near_end"), 0),
        drop=_compile(name, "drop", data.get("drop"), re.IGNORECASE),
    )
