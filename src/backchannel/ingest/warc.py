"""WARC (and WARC.gz) archives, streamed record by record with warcio.

A WARC is a container: the size limit (``Settings.max_input_bytes``) applies to each record, never
to the archive.  Which records are articles:

- ``response`` records of HTTP 2xx with an HTML (or plain text) payload, and ``resource`` /
  ``conversion`` records of type text/html or text/plain, go through the same path as an HTML file
  (``make_article``; bytes decoded with the HTTP header's charset, else the page's ``<meta>``).
  ``url`` is ``WARC-Target-URI``, ``source_id`` the ``WARC-Record-ID``; the publication date is the
  page's own (found by the clean stage) and only when it gives none the capture date ``WARC-Date``.
- Other payloads (images, PDF, JSON), non-2xx responses and ``revisit`` records are skipped
  (UNSUPPORTED) with the reason.  ``warcinfo``, ``request`` and ``metadata`` records describe the
  crawl, not documents: they are not inputs and yield nothing.
- A broken record is a MALFORMED reject naming the file and the record's byte offset
  (``file@offset``); reading resumes at the next record boundary found after it (a ``WARC/``
  header line, or a gzip member for ``.warc.gz``).

``read_warc(..., start, end)`` reads only the records that begin in ``[start, end)`` (byte offsets
of record starts, as given by ``record_offsets``): how the distributed runner splits one archive.
"""

from __future__ import annotations

import codecs
import logging
import zlib
from collections.abc import Generator, Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from backchannel.ingest.decode import declared_charset, decode_bytes
from backchannel.ingest.readers import InputMeta, Item, make_article, normalize_published
from backchannel.model import Article, InputFormat, Reject, RejectReason
from backchannel.settings import Settings

log = logging.getLogger(__name__)

_DOCUMENT_RECORDS = frozenset({"response", "resource", "conversion"})
_NOT_INPUTS = frozenset({"warcinfo", "request", "metadata"})
_FORMATS: dict[str, InputFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
_BROKEN = (ArchiveLoadFailed, zlib.error, EOFError, ValueError, UnicodeDecodeError)
# what warcio's parser raises on damaged headers besides its own errors (a record cut before its
# WARC-Target-URI fails on ``None.startswith``): caught around the parser only, not our own code
_UNPARSABLE = (*_BROKEN, AttributeError, TypeError, KeyError, IndexError)
_SCAN = 1 << 20


def read_warc(
    stream: BinaryIO,
    path: str,
    meta: InputMeta,
    settings: Settings,
    *,
    start: int = 0,
    end: int | None = None,
) -> Iterator[Item]:
    """Every article and skip in the archive (or in the records starting in ``[start, end)``).
    A whole archive that gives nothing at all (no record, or only records that describe the crawl)
    is one reject, so that every input is accounted for."""
    position = start
    yielded = [0]  # items given, counted by ``_read_from``
    while end is None or position < end:
        stream.seek(position)
        resume = yield from _read_from(stream, path, meta, settings, end, yielded)
        if resume is None:
            break
        found = _next_boundary(stream, resume + 1, end)
        if found is None:
            break
        log.info("%s: resuming at byte %d after a broken record", path, found)
        position = found
    if not yielded[0] and start == 0 and end is None:
        if _has_records(stream):
            yield Reject(path, RejectReason.UNSUPPORTED,
                         "a WARC archive with no document record (only records that describe the crawl)")  # fmt: skip
        else:
            yield Reject(path, RejectReason.MALFORMED, "not a WARC archive: no WARC record found")


def _has_records(stream: BinaryIO) -> bool:
    stream.seek(0)
    try:
        return next(iter(ArchiveIterator(stream, ensure_http_headers=False)), None) is not None
    except _UNPARSABLE:
        return False


def _read_from(
    stream: BinaryIO, path: str, meta: InputMeta, settings: Settings, end: int | None, yielded: list[int]
) -> Generator[Item, None, int | None]:
    """Records from the stream's position on; returns where a broken record starts (to resume
    after it), or None at the end.  ``yielded[0]`` counts the items given."""
    records = ArchiveIterator(stream, ensure_http_headers=False)
    parsed = iter(records)
    offset = stream.tell()
    while True:
        try:
            record = next(parsed)
        except StopIteration:
            return None
        except _UNPARSABLE as exc:
            offset = max(offset, int(records.offset))
            yielded[0] += 1
            yield Reject(
                f"{path}@{offset}", RejectReason.MALFORMED, f"broken WARC record: {_first_line(exc)}"
            )
            return offset
        offset = records.offset  # absolute: where this record starts
        if end is not None and offset >= end:
            return None
        try:
            item = _record_item(record, f"{path}@{offset}", meta, settings)
        except _BROKEN as exc:
            item = Reject(
                f"{path}@{offset}", RejectReason.MALFORMED, f"broken WARC record: {_first_line(exc)}"
            )
        if item is not None:
            yielded[0] += 1
            yield item


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _record_item(record: ArcWarcRecord, where: str, meta: InputMeta, settings: Settings) -> Item | None:
    kind = record.rec_type
    if kind in _NOT_INPUTS:
        return None
    if kind not in _DOCUMENT_RECORDS:
        return Reject(where, RejectReason.UNSUPPORTED, f"WARC {kind} record (no document of its own)")
    length = int(record.rec_headers.get_header("Content-Length") or 0)
    if length > settings.max_input_bytes:
        return Reject(
            where,
            RejectReason.TOO_LARGE,
            f"record of {length} bytes is over the limit of {settings.max_input_bytes}",
        )
    headers = record.http_headers if kind == "response" else None
    if kind == "response":
        if headers is None:
            return Reject(where, RejectReason.UNSUPPORTED, "response record without HTTP headers (not HTTP)")
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return Reject(where, RejectReason.UNSUPPORTED, f"HTTP {status or '?'} response (not a document)")
        content_type = headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    media, _, params = content_type.partition(";")
    fmt = _FORMATS.get(media.strip().lower())
    if fmt is None:
        return Reject(
            where, RejectReason.UNSUPPORTED, f"not HTML or plain text ({media.strip() or 'no type'})"
        )
    data = record.content_stream().read(settings.max_input_bytes + 1)
    if len(data) > settings.max_input_bytes:
        return Reject(
            where, RejectReason.TOO_LARGE, f"payload over the limit of {settings.max_input_bytes} bytes"
        )
    if not data.strip():
        return Reject(where, RejectReason.EMPTY, "empty payload")
    declared = _charset(params) or (declared_charset(data) if fmt == "html" else None)
    decoded = decode_bytes(data, where, declared=declared)
    if isinstance(decoded, Reject):
        return decoded
    record_meta = meta.merged(
        InputMeta(url=record.rec_headers.get_header("WARC-Target-URI"),
                  source_id=record.rec_headers.get_header("WARC-Record-ID"))
    )  # fmt: skip
    article: Article = make_article(where, decoded, fmt, record_meta)
    article.fallback_published = _capture_date(record.rec_headers.get_header("WARC-Date"))
    return article


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return codecs.lookup(value.strip().strip("\"'")).name
            except LookupError:
                return None
    return None


def _capture_date(value: str | None) -> str | None:
    try:
        return normalize_published(value)
    except ValueError:
        return None


def _next_boundary(stream: BinaryIO, position: int, end: int | None) -> int | None:
    """The offset of the next record start at or after ``position``: a gzip member header or a
    ``WARC/1.x`` version line at the start of a line."""
    stream.seek(position)
    carry = b""
    base = position
    while end is None or base < end:
        chunk = stream.read(_SCAN)
        if not chunk:
            return None
        data = carry + chunk
        offset = base - len(carry)
        hits = [i for i in (data.find(b"\x1f\x8b\x08"), data.find(b"\nWARC/1.")) if i >= 0]
        if hits:
            hit = min(hits)
            found = offset + hit + (1 if data[hit : hit + 1] == b"\n" else 0)
            return found if end is None or found < end else None
        carry = data[-8:]
        base += len(chunk)
    return None


def record_offsets(stream: BinaryIO) -> Iterator[int]:
    """The byte offset of every record in an archive, read once (a quick pass for splitting it)."""
    records = ArchiveIterator(stream, no_record_parse=True, ensure_http_headers=False)
    try:
        for _ in records:
            yield records.get_record_offset()
    except _UNPARSABLE as exc:
        log.warning("stopped listing records at a broken one: %s", exc)
