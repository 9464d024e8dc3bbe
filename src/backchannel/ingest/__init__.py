"""Ingest: paths (files, directories, manifests, ``-``) to a stream of ``Article`` or ``Reject``.

Every input is accounted for: each file, row or manifest entry yields either an article (its
decoded input in ``Article.raw``) or a reject with a reason.  The only module family that reads
files.
"""

from __future__ import annotations

import errno
import io
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from backchannel.ingest.compressed import (
    CompressedInputError,
    Compression,
    compression_of,
    inner_name,
    open_decompressed,
)
from backchannel.ingest.readers import (
    BadMetadata,
    InputMeta,
    Item,
    meta_from_mapping,
    normalize_published,
    read_document,
    read_records,
    with_published,
)
from backchannel.ingest.sniff import extension_kind, sniff
from backchannel.ingest.warc import read_warc
from backchannel.model import Reject, RejectReason
from backchannel.settings import Settings

__all__ = [
    "MANIFEST_NAME",
    "BadMetadata",
    "Item",
    "Source",
    "iter_sources",
    "normalize_published",
    "read_file",
    "read_inputs",
]

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"
_HEAD = 64 * 1024
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_inputs(
    paths: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Every article and reject from ``paths``, in order.  ``published`` (YYYY-MM-DD) overrides or
    supplies the publication date of every article."""
    settings = settings or Settings()
    for path in paths:
        try:
            for item in _read_path(str(path), settings, stdin):
                yield with_published(_printable_path(item), published)
        except Exception as exc:  # a bug outside a file's reader (a walk): the rest of the paths go on
            log.exception("reading %s failed", path)
            yield _printable_path(Reject(str(path), RejectReason.ERROR, f"reading failed: {exc!r}"))


def _printable_path(item: Item) -> Item:
    """A file name that is not valid UTF-8 (kept by Python as lone surrogates, which neither the
    terminal nor the store can take) shows its undecodable bytes as U+FFFD."""
    if item.path is None or not _SURROGATE.search(item.path):
        return item
    path = item.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return replace(item, path=_SURROGATE.sub("\ufffd", path))


@dataclass(frozen=True, slots=True)
class Source:
    """One input file to read, with the metadata known before reading it (from a manifest)."""

    path: Path
    meta: InputMeta = InputMeta()


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Source | Reject]:
    """The files ``paths`` name, in reading order: directories walked (sorted, recursively; a
    manifest lists its files), or a reject (NOT_FOUND, UNSUPPORTED, ...).  ``-`` is not a file."""
    for path in paths:
        yield from _sources(str(path))


def _read_path(path: str, settings: Settings, stdin: BinaryIO | None) -> Iterator[Item]:
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(settings.max_input_bytes + 1)
        if len(data) > settings.max_input_bytes:
            yield Reject(
                "<stdin>", RejectReason.TOO_LARGE, f"standard input is over {settings.max_input_bytes} bytes"
            )
            return
        compression = None if data.startswith(b"WARC/") else compression_of(data[:_HEAD])
        if compression is not None:  # ``cat rows.jsonl.gz | backchannel ingest -``
            yield from _read_compressed(
                io.BytesIO(data), "<stdin>", "", compression, len(data), InputMeta(), settings
            )
            return
        yield from read_document(data, "<stdin>", sniff("", data[:_HEAD]), InputMeta(), settings)
        return
    for source in _sources(path):
        if isinstance(source, Reject):
            yield source
        else:
            yield from read_file(source.path, source.meta, settings)


def _sources(path: str) -> Iterator[Source | Reject]:
    p = Path(path)
    if p.name == MANIFEST_NAME and p.is_file():
        yield from _manifest(p)
    else:
        # a path named on the command line may be a pipe (``<(zcat x.gz)``); in a walk it is skipped
        yield from _entry(p, set(), explicit=True)


def _entry(entry: Path, seen: set[Path], *, explicit: bool = False) -> Iterator[Source | Reject]:
    """One path of a walk (or of the command line): a directory, a file, or a reject saying why not."""
    try:
        mode = entry.stat().st_mode  # follows symbolic links
    except OSError as exc:
        yield _stat_reject(entry, exc)
        return
    if stat.S_ISDIR(mode):
        yield from _directory(entry, seen)
    elif stat.S_ISREG(mode):
        if not explicit and extension_kind(entry.name) is None and "." in entry.name:
            yield Reject(str(entry), RejectReason.UNSUPPORTED, "not an article format (skipped)")
            return
        yield Source(entry)
    elif explicit and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        yield Source(entry)
    else:
        what = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        yield Reject(str(entry), RejectReason.UNSUPPORTED, f"not a regular file: {what} (skipped)")


def _stat_reject(entry: Path, exc: OSError) -> Reject:
    if exc.errno == errno.ELOOP:
        return Reject(
            str(entry), RejectReason.UNREADABLE, "symbolic link loop (the link leads back to itself)"
        )
    if entry.is_symlink():
        try:
            target = os.readlink(entry)
        except OSError:
            target = "?"
        return Reject(str(entry), RejectReason.NOT_FOUND, f"broken symbolic link to {target}")
    if exc.errno == errno.ENOENT:
        return Reject(str(entry), RejectReason.NOT_FOUND, "no such file or directory")
    return Reject(str(entry), RejectReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")


def _directory(directory: Path, seen: set[Path]) -> Iterator[Source | Reject]:
    real = directory.resolve()
    if real in seen:  # a link back up the tree (or to a directory already walked)
        yield Reject(str(directory), RejectReason.DUPLICATE, f"directory {real} was already read (skipped)")
        return
    seen.add(real)
    manifest = directory / MANIFEST_NAME
    if manifest.is_file():
        yield from _manifest(manifest)
        return
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        yield Reject(str(directory), RejectReason.UNREADABLE, f"cannot list directory: {exc.strerror}")
        return
    for entry in entries:
        if not entry.name.startswith("."):
            yield from _entry(entry, seen)


def _manifest(manifest: Path) -> Iterator[Source | Reject]:
    """A manifest lists article files with their metadata; files it does not list are not read."""
    try:
        lines = manifest.read_bytes().splitlines()
    except OSError as exc:
        yield Reject(str(manifest), RejectReason.UNREADABLE, f"cannot read manifest: {exc.strerror}")
        return
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{manifest}:{number}"
        try:
            entry = json.loads(raw)
            if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
                raise ValueError("a manifest line must be an object with a 'path' string")
            meta = meta_from_mapping(entry)
        except (ValueError, BadMetadata) as exc:  # JSONDecodeError is a ValueError
            yield Reject(where, RejectReason.MALFORMED, f"bad manifest entry: {exc}")
            continue
        target = (manifest.parent / entry["path"]).resolve()
        if not target.is_file():
            yield Reject(
                str(manifest.parent / entry["path"]), RejectReason.NOT_FOUND, f"listed in {where} but missing"
            )
            continue
        yield Source(manifest.parent / entry["path"], meta)


def read_file(path: Path, meta: InputMeta, settings: Settings) -> Iterator[Item]:
    """One file: sniffed, then streamed (JSON Lines, WARC) or read whole within the size limit;
    compressed files through a decompressor (``ingest/compressed.py``).  A reader that fails
    (a bug) makes the rest of the file an ERROR reject; the run goes on with the next file."""
    try:
        yield from _read_file(path, meta, settings)
    except Exception as exc:
        log.exception("reading %s failed", path)
        yield Reject(str(path), RejectReason.ERROR, f"reader failed: {exc!r}")


def _read_file(path: Path, meta: InputMeta, settings: Settings) -> Iterator[Item]:
    name = str(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            head = handle.read(_HEAD)
            compression = None if _is_warc(path.name, head) else compression_of(head)
            if compression is not None:
                raw = _rewound(handle, head, settings.max_input_bytes)
                if isinstance(raw, io.BytesIO):  # a pipe: its size is what could be read
                    size = len(raw.getbuffer())
                yield from _read_compressed(raw, name, path.name, compression, size, meta, settings)
                return
            kind = sniff(path.name, head)
            if kind == "jsonl":  # streamed: the size limit applies per line
                yield from read_records(_rewound(handle, head, None), name, kind, meta, settings)
                return
            if kind == "warc":  # a container, streamed: the size limit applies per record
                yield from read_warc(handle, name, meta, settings)
                return
            if size > settings.max_input_bytes:
                yield _too_large(name, size, settings)
                return
            data = head + handle.read(max(0, settings.max_input_bytes + 1 - len(head)))
    except OSError as exc:
        yield Reject(name, RejectReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > settings.max_input_bytes:  # a file that grew, a pipe, a /proc file
        yield _too_large(name, len(data), settings)
        return
    yield from read_document(data, name, kind, meta, settings)


def _too_large(name: str, size: int, settings: Settings) -> Reject:
    return Reject(name, RejectReason.TOO_LARGE,
                  f"{size} bytes is over the limit of {settings.max_input_bytes} (max_input_bytes)")  # fmt: skip


def _is_warc(name: str, head: bytes) -> bool:
    return head.startswith(b"WARC/") or extension_kind(name) == "warc"


def _rewound(handle: BinaryIO, head: bytes, limit: int | None) -> BinaryIO:
    """``handle`` from its first byte again: seeked back, or (a pipe) ``head`` and what follows,
    up to ``limit`` bytes in memory."""
    if handle.seekable():
        handle.seek(0)
        return handle
    rest = handle.read() if limit is None else handle.read(max(0, limit - len(head)))
    return io.BytesIO(head + rest)


def _read_compressed(
    raw: BinaryIO, name: str, filename: str, compression: Compression, size: int, meta: InputMeta,
    settings: Settings,
) -> Iterator[Item]:  # fmt: skip
    read = 0
    try:
        with open_decompressed(raw, compression, size, settings, buffer_size=_HEAD) as stream:
            kind = sniff(inner_name(filename), stream.peek(_HEAD)[:_HEAD])
            if kind == "jsonl":
                for item in read_records(stream, name, kind, meta, settings):
                    read += 1
                    yield item
                return
            data = stream.read(settings.max_input_bytes + 1)
            if len(data) > settings.max_input_bytes:
                yield Reject(name, RejectReason.TOO_LARGE,
                             f"decompressed {compression} data is over the limit of {settings.max_input_bytes} bytes "
                             "(max_input_bytes)")  # fmt: skip
                return
    except CompressedInputError as exc:
        after = f" ({read} row(s) before it were read)" if read else ""
        yield Reject(name, exc.reason, exc.message + after)
        return
    yield from read_document(data, name, kind, meta, settings)
