"""The gold file: JSON Lines, one article with its expected events, quotes, timexes and channels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GoldRecord = dict[str, Any]
"""One gold event, quote, timex or channel: the JSON object of the gold file, as is."""

_LISTS = ("events", "quotes", "timexes", "channels")
_REQUIRED = {"events": "event_type", "quotes": "text", "timexes": "text"}


class GoldFormatError(ValueError):
    """A gold file line that cannot be used; the message names the file and the line number."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line = path, line


@dataclass(slots=True)
class GoldDocument:
    """One gold article: its text and the expected events, quotes, timexes and channels."""

    doc_id: str
    text: str
    published: str | None = None
    events: list[GoldRecord] = field(default_factory=list)
    quotes: list[GoldRecord] = field(default_factory=list)
    timexes: list[GoldRecord] = field(default_factory=list)
    channels: list[GoldRecord] = field(default_factory=list)
    path: Path = field(default_factory=Path)
    line: int = 0
    meta: GoldRecord = field(default_factory=dict)  # the line's other keys: title, note, ...


def load_gold(path: Path) -> list[GoldDocument]:
    """Read a JSON Lines gold file, skipping blank lines.

    Raises ``GoldFormatError`` for a malformed line, a missing or empty text, an unreadable
    ``text_file`` (relative to the gold file's directory) or a repeated doc_id; ``OSError`` when
    ``path`` itself cannot be read.
    """
    path = Path(path)
    docs: list[GoldDocument] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                doc = _parse_gold_line(path, number, line)
                if doc.doc_id in seen:
                    raise GoldFormatError(path, number, f"duplicate doc_id {doc.doc_id!r}")
                seen.add(doc.doc_id)
                docs.append(doc)
    return docs


def _parse_gold_line(path: Path, number: int, line: str) -> GoldDocument:
    def fail(message: str) -> GoldFormatError:
        return GoldFormatError(path, number, message)

    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("doc_id"), str) or not data["doc_id"]:
        raise fail("not a JSON object with a doc_id")
    doc_id, text = data["doc_id"], data.get("text")
    if text is None:
        if not isinstance(data.get("text_file"), str) or not data["text_file"]:
            raise fail(f"{doc_id}: neither text nor text_file")
        source = path.parent / data["text_file"]
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise fail(f"{doc_id}: cannot read text_file {source}: {exc}") from None
    if not isinstance(text, str) or not text.strip():
        raise fail(f"{doc_id}: text is empty or not a string")
    lists: dict[str, list[GoldRecord]] = {}
    for key in _LISTS:
        items = data.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise fail(f"{doc_id}: {key} must be a list of objects")
        if key in _REQUIRED and any(not str(item.get(_REQUIRED[key]) or "").strip() for item in items):
            raise fail(f"{doc_id}: every item of {key} needs a non-empty {_REQUIRED[key]!r}")
        lists[key] = items
    published = data.get("published")
    return GoldDocument(
        doc_id=doc_id,
        text=text,
        published=published if isinstance(published, str) else None,
        **lists,
        path=path,
        line=number,
        meta={k: v for k, v in data.items() if k not in {"doc_id", "text", "published", *_LISTS}},
    )
