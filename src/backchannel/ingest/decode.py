"""Bytes to text: binary detection and encoding detection (BOM, declared charset, detector)."""

from __future__ import annotations

import codecs
import re
from collections import Counter

from charset_normalizer import from_bytes

from backchannel.model import Reject, RejectReason

# Magic numbers of common non-text files, for a precise message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"(\xb5/\xfd", "zstd-compressed data"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"OggS", "Ogg media file"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Control characters that do not occur in text (tab, newline, carriage return, form feed do).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def describe_binary(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it may be text."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and len(data) < 64:
                continue
            return what
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = data[:8192]
    if b"\x00" in sample and utf16_without_bom(sample) is None:
        return "contains NUL bytes"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``data`` looks like UTF-16 text without a byte order mark,
    else None.  Text in one alphabetic script (Latin, Cyrillic, Greek, Arabic, ...) keeps the high
    byte of its characters within a few values, NUL among them (spaces, digits, punctuation);
    binary data does not.  (CJK text spreads over too many values to tell apart this way.)"""
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 8 or b"\x00" not in sample:
        return None
    for encoding, high, low in (("utf-16-le", 1, 0), ("utf-16-be", 0, 1)):
        highs = Counter(sample[high : pairs * 2 : 2])
        lows = sample[low : pairs * 2 : 2]
        top = highs.most_common(3)
        if (
            highs[0] >= 0.1 * pairs
            and sum(n for _, n in top) >= 0.95 * pairs
            and lows.count(0) <= 0.05 * pairs
        ):
            return encoding
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, when it is one Python knows."""
    match = _CHARSET_RE.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, path: str, *, declared: str | None = None) -> str | Reject:
    """Decode ``data`` to text, or say why it cannot be: BINARY or UNDECODABLE."""
    binary = describe_binary(data)
    if binary:
        return Reject(path, RejectReason.BINARY, f"not a text file: {binary}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path, encoding)
            except UnicodeDecodeError as exc:
                return Reject(path, RejectReason.UNDECODABLE, f"byte order mark says {encoding}: {exc}")
    if wide := utf16_without_bom(data):
        try:
            return _checked(data.decode(wide), path, wide)
        except UnicodeDecodeError:
            pass
    try:
        return _checked(data.decode("utf-8"), path, "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):  # UTF-8 with stray single bytes (a CP1252 paragraph pasted in)
        return _checked(data.decode("utf-8", errors=_STRAY_BYTES), path, "utf-8 with stray cp1252 bytes")
    if declared:
        try:
            return _checked(data.decode(declared), path, declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        return Reject(path, RejectReason.UNDECODABLE, "not valid UTF-8 and no text encoding fits the bytes")
    try:
        return _checked(data.decode(best.encoding), path, best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        return Reject(path, RejectReason.UNDECODABLE, f"detected {best.encoding} but decoding failed: {exc}")


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_STRAY_BYTES = "backchannel.cp1252"


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: each byte UTF-8 cannot read is read as CP1252 (Latin-1 where CP1252
    leaves it undefined)."""
    assert isinstance(error, UnicodeDecodeError)
    raw = error.object[error.start : error.end]
    return raw.decode("cp1252", errors="ignore") or raw.decode("latin-1"), error.end


codecs.register_error(_STRAY_BYTES, _stray_as_cp1252)


def _mostly_utf8(data: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences outnumber the bytes that are not UTF-8: mixed encodings
    within one file, which a single-encoding detector would turn into mojibake."""
    sample = data[:1_000_000]
    valid = len(_UTF8_MULTIBYTE.findall(sample))
    if valid < 3:
        return False
    invalid = sample.decode("utf-8", errors="replace").count("\ufffd") - sample.decode(
        "utf-8", "ignore"
    ).count("\ufffd")
    return 0 < invalid <= valid


def _checked(text: str, path: str, encoding: str) -> str | Reject:
    sample = text[:100_000]
    if sample and len(_CONTROL_RE.findall(sample)) > max(8, len(sample) // 100):
        return Reject(path, RejectReason.BINARY, f"decoded as {encoding} but full of control characters")
    return text
