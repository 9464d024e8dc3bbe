"""One reader per input format.  Each turns bytes (or a stream of lines) into ``Article`` objects
carrying the decoded input in ``raw``, or ``Reject`` records saying why not."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, BinaryIO

from backchannel.ingest.decode import declared_charset, decode_bytes
from backchannel.ingest.sniff import InputKind
from backchannel.model import Article, InputFormat, Reject, RejectReason
from backchannel.settings import Settings

Item = Article | Reject

#: fields a JSON/CSV row or a manifest entry may carry besides ``text``/``html``/``path``
META_FIELDS = ("id", "title", "url", "outlet", "published")


@dataclass(frozen=True, slots=True)
class InputMeta:
    """Metadata known about an input before it is read (from a manifest, a row, the command line)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    source_id: str | None = None

    def merged(self, other: InputMeta) -> InputMeta:
        """``other``'s known values over this one's."""
        return InputMeta(
            title=other.title or self.title,
            outlet=other.outlet or self.outlet,
            url=other.url or self.url,
            published=other.published or self.published,
            source_id=other.source_id or self.source_id,
        )


class BadMetadata(ValueError):
    """A metadata value that cannot be used (the message says which and why)."""


#: lone surrogates (JSON may escape them) and control characters: no use in metadata, and the
#: store cannot encode the former
_UNSTORABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f]")
#: inputs up to this size are checked for Unicode white space only (no-break spaces, ideographic ...)
_SMALL = 4096
_SURROGATES = re.compile("[\ud800-\udfff]")
_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def normalize_published(value: object) -> str | None:
    """A publication date as ``YYYY-MM-DD`` from an ISO date or date-time; None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        raise BadMetadata(f"published {value!r} is not a date string")
    match = _DATE_PREFIX.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError as exc:
            raise BadMetadata(f"published {value!r} is not a valid date: {exc}") from exc
    raise BadMetadata(f"published {value!r} is not an ISO date (YYYY-MM-DD)")


def meta_from_mapping(row: dict[str, Any]) -> InputMeta:
    def text(key: str) -> str | None:
        value = row.get(key)
        if value is None:
            return None
        return _UNSTORABLE.sub("", str(value)).strip() or None

    return InputMeta(
        title=text("title"),
        outlet=text("outlet"),
        url=text("url"),
        published=normalize_published(row.get("published")),
        source_id=text("id"),
    )


def make_article(path: str, raw: str, fmt: InputFormat, meta: InputMeta) -> Article:
    return Article(
        path=path,
        title=meta.title,
        outlet=meta.outlet,
        url=meta.url,
        published=meta.published,
        source_id=meta.source_id,
        raw=raw,
        raw_format=fmt,
    )


def is_blank(data: bytes) -> bool:
    """No text at all: only white space, Unicode spaces (no-break, ideographic, ...) included."""
    return not data.strip() or (len(data) <= _SMALL and not data.decode("utf-8", "replace").strip())


def read_document(
    data: bytes, path: str, kind: InputKind, meta: InputMeta, settings: Settings
) -> Iterator[Item]:
    """Read a whole input held in memory."""
    if is_blank(data):
        yield Reject(path, RejectReason.EMPTY, f"empty input ({len(data)} bytes, no text)")
        return
    if kind in ("jsonl", "json", "csv", "tsv"):
        yield from read_records(io.BytesIO(data), path, kind, meta, settings)
        return
    if kind == "binary":
        decoded = decode_bytes(data, path)  # names what the bytes are
        yield decoded if isinstance(decoded, Reject) else Reject(path, RejectReason.BINARY, "not a text file")
        return
    if kind == "warc":
        from backchannel.ingest.warc import read_warc  # warc builds on this module

        yield from read_warc(io.BytesIO(data), path, meta, settings)
        return
    if kind == "feed":
        yield Reject(path, RejectReason.UNSUPPORTED, "RSS/Atom feeds are not supported yet by ingest/extract")
        return
    fmt: InputFormat = "html" if kind == "html" else "text"
    decoded = decode_bytes(data, path, declared=declared_charset(data) if fmt == "html" else None)
    if isinstance(decoded, Reject):
        yield decoded
        return
    if not decoded.replace("\ufeff", "").strip():  # a byte order mark and nothing else
        yield Reject(path, RejectReason.EMPTY, f"empty input ({len(data)} bytes, no text)")
        return
    yield make_article(path, decoded, fmt, meta)


def read_records(
    stream: BinaryIO, path: str, kind: InputKind, meta: InputMeta, settings: Settings
) -> Iterator[Item]:
    """Rows of a JSON Lines, JSON or CSV input, one article each; a bad row is a reject, not the end."""
    if kind == "jsonl":
        yield from jsonl_rows(stream, path, meta, settings)
        return
    data = stream.read()
    decoded = decode_bytes(data, path)
    if isinstance(decoded, Reject):
        yield decoded
        return
    if kind == "json":
        yield from _json_rows(decoded, path, meta, settings)
    else:
        yield from _csv_rows(decoded, path, meta, settings, delimiter="\t" if kind == "tsv" else ",")


def bounded_lines(
    stream: BinaryIO, limit: int, end: int | None = None
) -> Iterator[tuple[int, bytes | None, int]]:
    """``(number, line, length)`` for each line of ``stream`` from where it stands; a line over
    ``limit`` bytes comes as ``(number, None, length)`` and is skipped a MiB at a time, never held
    in memory whole.  With ``end``, lines that start at or after that byte offset are not read."""
    number = 0
    position = stream.tell() if end is not None else 0
    while (end is None or position < end) and (line := stream.readline(limit + 1)):
        number += 1
        length = len(line)
        if length <= limit:
            position += length
            yield number, line, length
            continue
        while not line.endswith(b"\n") and (line := stream.readline(1 << 20)):
            length += len(line)
        position += length
        yield number, None, length


def jsonl_rows(
    stream: BinaryIO,
    path: str,
    meta: InputMeta,
    settings: Settings,
    *,
    first_line: int = 1,
    end: int | None = None,
) -> Iterator[Item]:
    """Rows of JSON Lines from where ``stream`` stands (up to the line starting at ``end``), one
    article each, named ``path:<line number>`` counting from ``first_line`` (a part of a file read
    on its own keeps the file's numbering); a file with no row at all (``first_line`` 1) is EMPTY."""
    seen_any = False
    for count, line, length in bounded_lines(stream, settings.max_input_bytes, end):
        number = count + first_line - 1
        if line is not None and is_blank(line):
            continue
        seen_any = True
        where = f"{path}:{number}"
        if line is None:
            yield Reject(where, RejectReason.TOO_LARGE,
                         f"line of {length} bytes is over the limit of {settings.max_input_bytes} (max_input_bytes)")  # fmt: skip
            continue
        decoded = decode_bytes(line, where)
        if isinstance(decoded, Reject):
            yield decoded
            continue
        try:
            row = json.loads(decoded)
        except json.JSONDecodeError as exc:
            yield Reject(
                where, RejectReason.MALFORMED, f"not valid JSON: {exc.msg.rstrip()} (column {exc.colno})"
            )
            continue
        except RecursionError:
            yield Reject(where, RejectReason.TOO_DEEP, "JSON nested too deeply to parse")
            continue
        yield from _row_article(row, where, meta)
    if not seen_any and first_line == 1:
        yield Reject(path, RejectReason.EMPTY, "no JSON lines in the file")


def _json_rows(text: str, path: str, meta: InputMeta, settings: Settings) -> Iterator[Item]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        # Many ".json" files are JSON Lines in fact.
        yield from jsonl_rows(io.BytesIO(text.encode("utf-8")), path, meta, settings)
        return
    except RecursionError:
        yield Reject(path, RejectReason.TOO_DEEP, "JSON nested too deeply to parse")
        return
    rows = doc if isinstance(doc, list) else [doc]
    if not rows:
        yield Reject(path, RejectReason.EMPTY, "empty JSON array")
    for index, row in enumerate(rows):
        yield from _row_article(row, f"{path}[{index}]" if isinstance(doc, list) else path, meta)


def _csv_rows(text: str, path: str, meta: InputMeta, settings: Settings, delimiter: str) -> Iterator[Item]:
    csv.field_size_limit(max(settings.max_input_bytes, 131072))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        columns = reader.fieldnames or []
    except csv.Error as exc:
        yield Reject(f"{path}:1", RejectReason.MALFORMED, f"broken CSV header: {exc}")
        return
    if "text" not in columns and "html" not in columns:
        yield Reject(
            path, RejectReason.MALFORMED, f"no 'text' or 'html' column (columns: {', '.join(columns)})"
        )
        return
    # A quoted field may span lines: a row's path names the physical line it starts on.
    line = reader.line_num + 1
    rows = 0
    try:
        for row in reader:
            rows += 1
            yield from _row_article(row, f"{path}:{line}", meta)
            line = reader.line_num + 1
    except csv.Error as exc:
        yield Reject(f"{path}:{line}", RejectReason.MALFORMED, f"broken CSV from here on: {exc}")
        return
    if not rows:
        yield Reject(path, RejectReason.EMPTY, "a header and no rows")


def _row_article(row: object, where: str, meta: InputMeta) -> Iterator[Item]:
    if not isinstance(row, dict):
        yield Reject(where, RejectReason.MALFORMED, f"a row must be a JSON object, not {type(row).__name__}")
        return
    try:
        row_meta = meta.merged(meta_from_mapping(row))
    except BadMetadata as exc:
        yield Reject(where, RejectReason.MALFORMED, str(exc))
        return
    html, text = row.get("html"), row.get("text")
    if isinstance(html, str):  # JSON can escape lone surrogates, which no encoder takes
        html = _SURROGATES.sub("", html)
    if isinstance(text, str):
        text = _SURROGATES.sub("", text)
    if isinstance(html, str) and html.strip():
        yield make_article(where, html, "html", row_meta)
    elif isinstance(text, str) and text.strip():
        yield make_article(where, text, "text", row_meta)
    elif isinstance(html, str) or isinstance(text, str):
        yield Reject(where, RejectReason.EMPTY, "the row's text is empty")
    else:
        yield Reject(where, RejectReason.MALFORMED, "the row has no 'text' or 'html' string")


def with_published(item: Item, published: str | None) -> Item:
    """``--published``: overrides or supplies the publication date of every article."""
    if published is None or isinstance(item, Reject):
        return item
    return replace(item, published=published)
