"""Ingest: paths (files, directories, manifests, ``-``) to a stream of ``Article`` or ``Reject``.

Every input is accounted for: each file, row or manifest entry yields either an article (its
decoded input in ``Article.raw``) or a reject with a reason.  The only module family that reads
files.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
        for item in _read_path(str(path), settings, stdin):
            yield with_published(item, published)


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
        yield from read_document(data, "<stdin>", sniff("", data[:_HEAD]), InputMeta(), settings)
        return
    for source in _sources(path):
        if isinstance(source, Reject):
            yield source
        else:
            yield from read_file(source.path, source.meta, settings)


def _sources(path: str) -> Iterator[Source | Reject]:
    p = Path(path)
    if not p.exists():
        yield Reject(path, RejectReason.NOT_FOUND, "no such file or directory")
    elif p.is_dir():
        yield from _directory(p)
    elif p.name == MANIFEST_NAME:
        yield from _manifest(p)
    else:
        yield Source(p)


def _directory(directory: Path) -> Iterator[Source | Reject]:
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
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _directory(entry)
        elif entry.is_file():
            if extension_kind(entry.name) is None and "." in entry.name:
                yield Reject(str(entry), RejectReason.UNSUPPORTED, "not an article format (skipped)")
                continue
            yield Source(entry)


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
    """One file: sniffed, then streamed (JSON Lines, WARC) or read whole within the size limit."""
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            kind = sniff(path.name, head)
            if kind == "jsonl":  # streamed: the size limit applies per line
                handle.seek(0)
                yield from read_records(handle, name, kind, meta, settings)
                return
            if kind == "warc":  # a container, streamed: the size limit applies per record
                yield from read_warc(handle, name, meta, settings)
                return
            if size > settings.max_input_bytes:
                yield Reject(
                    name,
                    RejectReason.TOO_LARGE,
                    f"{size} bytes is over the limit of {settings.max_input_bytes}",
                )
                return
            data = head + handle.read()
    except OSError as exc:
        yield Reject(name, RejectReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_document(data, name, kind, meta, settings)
