"""One options object for the whole pipeline (limits, batch sizes), instead of long keyword lists.

Every limit is a setting with a sane default; exceeding one is a reject with a reason, never a
crash.  ``Settings.from_env()`` reads ``BACKCHANNEL_<FIELD>`` overrides (e.g.
``BACKCHANNEL_MAX_INPUT_BYTES=1000000``) and fails at start-up naming the variable when one is bad.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class Settings:
    #: largest input file read, in bytes (bigger files are rejected TOO_LARGE without reading them)
    max_input_bytes: int = 64 * 1024 * 1024
    #: largest cleaned article text processed, in characters (spaCy's own default limit); a longer
    #: text is rejected TOO_LARGE, not truncated (a cut article would be a different article)
    max_text_chars: int = 1_000_000
    #: deepest HTML element nesting read (estimated from the tags); deeper pages are TOO_DEEP.
    #: lxml stops building the tree at 255 levels and drops everything below, so keep it under that
    max_html_depth: int = 200
    #: a compressed input (``.gz``, ``.bz2``, ``.xz``) that expands more than this many times its
    #: compressed size (beyond the first MiB) is a COMPRESSION_BOMB; decompressed documents are
    #: also held to ``max_input_bytes``
    max_decompression_ratio: float = 100.0
    #: a cleaned text with fewer letters than this is EMPTY
    min_text_letters: int = 20
    #: articles handed to spaCy per ``nlp.pipe`` batch
    nlp_batch_size: int = 64
    #: share of common English function words (over words) from which a text counts as English
    #: without asking the language identifier
    english_min_function_share: float = 0.12
    #: events with a lower confidence are not emitted (0 emits every event, flagged ones included)
    min_event_confidence: float = 0.0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls()
        changes: dict[str, object] = {}
        for f in fields(cls):
            key = f"BACKCHANNEL_{f.name.upper()}"
            if key not in env:
                continue
            raw = env[key]
            kind = type(getattr(settings, f.name))
            try:
                value = kind(raw)
            except ValueError as exc:
                raise SettingsError(f"{key}={raw!r} is not a valid {kind.__name__}") from exc
            if value < 0:
                raise SettingsError(f"{key}={raw!r} must not be negative")
            changes[f.name] = value
        return replace(settings, **changes)  # type: ignore[arg-type]
