"""Cutting the inputs into partitions (on the client) and reading one partition (on a worker).

A JSON Lines file larger than the partition size is cut into byte ranges at line starts (each
range keeps the file's line numbers, so rows are named as ``ingest`` names them); a WARC into
ranges of whole records (their offsets read once with warcio); any other file is one partition.
A partition's id is a hash of the file (resolved path, size, modification time), its metadata and
the range: the same input gives the same ids on every run, a changed file new ones.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from backchannel.ingest import Item, Source, iter_sources, read_file
from backchannel.ingest.readers import InputMeta, jsonl_rows
from backchannel.ingest.sniff import sniff
from backchannel.ingest.warc import read_warc, record_offsets
from backchannel.model import Reject, RejectReason
from backchannel.settings import Settings

DEFAULT_PARTITION_BYTES = 32 * 1024 * 1024
_SCAN = 1 << 20
_GLOB = frozenset("*?[")


class ScaleError(RuntimeError):
    """The run cannot start (bad inputs or output directory, no scheduler)."""


@dataclass(frozen=True, slots=True)
class Partition:
    """A piece of one input file: all of it, or the lines or WARC records starting in ``[start, end)``."""

    id: str
    path: str
    mode: Literal["file", "jsonl", "warc"]
    meta: InputMeta = InputMeta()
    start: int = 0
    end: int | None = None
    first_line: int = 1


@dataclass(slots=True)
class Plan:
    partitions: list[Partition]
    rejects: list[Reject]  # inputs that are not files to read (NOT_FOUND, UNSUPPORTED, ...)


def plan(inputs: Sequence[str | Path], partition_bytes: int = DEFAULT_PARTITION_BYTES) -> Plan:
    """The partitions of ``inputs`` (files, directories, globs), in input order."""
    if partition_bytes < 1:
        raise ScaleError("--partition-bytes must be at least 1")
    result = Plan([], [])
    for source in iter_sources(_expand(inputs)):
        if isinstance(source, Reject):
            result.rejects.append(source)
            continue
        try:
            result.partitions.extend(_partitions(source, partition_bytes))
        except OSError as exc:
            result.rejects.append(Reject(str(source.path), RejectReason.UNREADABLE, f"cannot read: {exc}"))
    return result


def _expand(inputs: Sequence[str | Path]) -> Iterator[str]:
    for item in map(str, inputs):
        if item == "-":
            raise ScaleError("standard input cannot be split across workers; give files")
        if _GLOB & set(item) and not Path(item).exists():
            yield from sorted(glob.glob(item, recursive=True)) or [item]  # no match: NOT_FOUND
        else:
            yield item


def _partitions(source: Source, step: int) -> Iterator[Partition]:
    path = source.path
    stat = path.stat()
    with path.open("rb") as handle:
        kind = sniff(path.name, handle.read(64 * 1024))
        if kind == "jsonl" and stat.st_size > step:
            ranges = list(_line_ranges(handle, stat.st_size, step))
            mode: Literal["file", "jsonl", "warc"] = "jsonl"
        elif kind == "warc" and stat.st_size > step:
            handle.seek(0)
            ranges = _record_ranges(list(record_offsets(handle)), step)
            mode = "warc"
        else:
            ranges, mode = [(0, None, 1)], "file"
    key = f"{path.resolve()}\x1f{stat.st_size}\x1f{stat.st_mtime_ns}\x1f{source.meta}"
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in path.name)[:40]
    for start, end, first_line in ranges:
        digest = hashlib.sha256(f"{key}\x1f{start}\x1f{end}".encode()).hexdigest()[:16]
        yield Partition(f"{stem}-{start}-{digest}", str(path), mode, source.meta, start, end, first_line)


def _line_ranges(handle: Any, size: int, step: int) -> Iterator[tuple[int, int | None, int]]:
    """``(start, end, first line number)`` of ranges of about ``step`` bytes, each starting at the
    first line that begins after its nominal start (one pass, counting lines on the way)."""
    handle.seek(0)
    cuts: list[tuple[int, int]] = [(0, 1)]
    position, lines, target = 0, 0, step
    while chunk := handle.read(_SCAN):
        index = 0
        while target < position + len(chunk):
            newline = chunk.find(b"\n", max(target - position, index))
            if newline < 0:
                break
            lines += chunk.count(b"\n", index, newline + 1)
            index = newline + 1
            if position + index < size:
                cuts.append((position + index, lines + 1))
            target = position + index + step
        lines += chunk.count(b"\n", index)
        position += len(chunk)
    for n, (start, first_line) in enumerate(cuts):
        yield start, cuts[n + 1][0] if n + 1 < len(cuts) else None, first_line


def _record_ranges(offsets: list[int], step: int) -> list[tuple[int, int | None, int]]:
    if not offsets:
        return [(0, None, 1)]
    starts = [offsets[0]]
    for offset in offsets[1:]:
        if offset - starts[-1] >= step:
            starts.append(offset)
    return [(s, starts[n + 1] if n + 1 < len(starts) else None, 1) for n, s in enumerate(starts)]


def read_partition(partition: Partition, settings: Settings) -> Iterator[Item]:
    """The articles and rejects of one partition, exactly as ``ingest`` reads that part."""
    path = Path(partition.path)
    if partition.mode == "file":
        yield from read_file(path, partition.meta, settings)
        return
    try:
        with path.open("rb") as handle:
            if partition.mode == "warc":
                yield from read_warc(handle, partition.path, partition.meta, settings,
                                     start=partition.start, end=partition.end)  # fmt: skip
            else:
                handle.seek(partition.start)
                yield from jsonl_rows(handle, partition.path, partition.meta, settings,
                                      first_line=partition.first_line, end=partition.end)  # fmt: skip
    except OSError as exc:
        yield Reject(partition.path, RejectReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")
