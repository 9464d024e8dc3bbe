"""Compressed inputs (gzip, bzip2, xz): read through a decompressor that enforces the limits.

A compressed file is recognised by its first bytes, whatever its name (crawlers often save gzip
bodies as ``.html``); what it holds is named by the rest of its name (``story.html.gz`` holds HTML).
WARC files (``.warc.gz``) are left to the WARC reader.  Limits, both from ``Settings``:

- a decompressed stream that grows past ``max_decompression_ratio`` times its compressed size
  (beyond a first MiB, which any text may reach) is a COMPRESSION_BOMB, detected while reading;
- a decompressed document is held to ``max_input_bytes`` like an uncompressed one (TOO_LARGE, by
  the reader); JSON Lines are streamed, so only their lines are.

A corrupt or truncated stream is MALFORMED; what was read before the damage is kept.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from typing import BinaryIO, Literal

from backchannel.model import RejectReason
from backchannel.settings import Settings

Compression = Literal["gzip", "bzip2", "xz"]

_MAGIC: tuple[tuple[bytes, Compression], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
)
#: name suffixes of compressed files, stripped to find what they hold
SUFFIXES: dict[str, Compression] = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz"}
#: any text may expand this much before the ratio limit applies
RATIO_FLOOR_BYTES = 1024 * 1024
_STEP = 1024 * 1024
_BZ2_HEAD = (b"BZh1", b"BZh2", b"BZh3", b"BZh4", b"BZh5", b"BZh6", b"BZh7", b"BZh8", b"BZh9")


class CompressedInputError(Exception):
    """A compressed input that cannot be read (further): the reason and a message for its reject."""

    def __init__(self, reason: RejectReason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def compression_of(head: bytes) -> Compression | None:
    """The compression of a file from its first bytes, or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            if name == "bzip2" and not head.startswith(_BZ2_HEAD):
                continue  # "BZh" then a block size digit: plain text may start with "BZh"
            return name
    return None


def inner_name(name: str) -> str:
    """``story.html.gz`` -> ``story.html``: the name of what a compressed file holds."""
    lower = name.lower()
    for suffix in SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


class _LimitedStream(io.RawIOBase):
    """The decompressed bytes of ``raw``, raising CompressedInputError past a limit or on damage."""

    def __init__(
        self, raw: BinaryIO, compression: Compression, compressed_size: int, settings: Settings
    ) -> None:
        super().__init__()
        self._inner: io.BufferedIOBase
        if compression == "gzip":
            self._inner = gzip.GzipFile(fileobj=raw, mode="rb")
        elif compression == "bzip2":
            self._inner = bz2.BZ2File(raw, mode="rb")
        else:
            self._inner = lzma.LZMAFile(raw, mode="rb")  # noqa: SIM115 (closed by close())
        self._compression = compression
        self._total = 0
        self._bomb_at = max(
            RATIO_FLOOR_BYTES, int(settings.max_decompression_ratio * max(compressed_size, 1))
        )
        self._ratio = settings.max_decompression_ratio
        self._compressed = compressed_size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            chunk = self._inner.read(min(len(buffer), _STEP))  # limits checked every MiB at most
        except EOFError as exc:
            raise CompressedInputError(
                RejectReason.MALFORMED,
                f"truncated {self._compression} data{self._where()} ({exc})",
            ) from exc
        except (OSError, zlib.error, lzma.LZMAError) as exc:  # BadGzipFile is an OSError
            raise CompressedInputError(
                RejectReason.MALFORMED, f"corrupt {self._compression} data{self._where()} ({exc})"
            ) from exc
        self._total += len(chunk)
        if self._total > self._bomb_at:
            raise CompressedInputError(
                RejectReason.COMPRESSION_BOMB,
                f"{self._compressed} compressed bytes expand past {self._bomb_at} bytes "
                f"(over {self._ratio:g} times; limit max_decompression_ratio)",
            )
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _where(self) -> str:
        return f" after {self._total} decompressed bytes" if self._total else ""

    def close(self) -> None:
        self._inner.close()
        super().close()


def open_decompressed(
    raw: BinaryIO, compression: Compression, compressed_size: int, settings: Settings, *, buffer_size: int
) -> io.BufferedReader:
    """A buffered stream of the decompressed bytes of ``raw`` (``peek`` shows up to ``buffer_size``);
    reading it raises CompressedInputError past the ratio limit or on damage."""
    return io.BufferedReader(_LimitedStream(raw, compression, compressed_size, settings), buffer_size)
