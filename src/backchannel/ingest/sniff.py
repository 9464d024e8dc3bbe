"""Which reader an input needs, from its extension and its first bytes."""

from __future__ import annotations

import re
from typing import Literal

from backchannel.ingest.compressed import SUFFIXES
from backchannel.ingest.decode import describe_binary

InputKind = Literal["text", "html", "jsonl", "json", "csv", "tsv", "warc", "feed", "binary"]

#: extensions read as articles when a directory is walked; other files are skipped UNSUPPORTED
ARTICLE_EXTENSIONS: dict[str, InputKind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}

_HTML_RE = re.compile(rb"<(!doctype\s+html|html|head|body|p|div|article|title|meta)[\s>/]", re.IGNORECASE)
_FEED_RE = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)


def extension_kind(name: str) -> InputKind | None:
    """The kind an extension promises (``.warc.gz`` included, ``.html.gz`` is html), or None for an
    unknown extension."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".arc.gz")):
        return "warc"
    for suffix in SUFFIXES:  # a compressed file: what it holds
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
            break
    dot = lower.rfind(".")
    if dot <= lower.rfind("/"):
        return None
    return ARTICLE_EXTENSIONS.get(lower[dot:])


def sniff(name: str, head: bytes) -> InputKind:
    """The kind of an input from its name and its first bytes (at least a few KB when available).

    Content wins where it is unambiguous (WARC, binary, an HTML page saved as .txt); otherwise the
    extension decides, and without one the first non-blank character does.
    """
    by_ext = extension_kind(name)
    if head.startswith(b"WARC/") or by_ext == "warc":
        return "warc"
    if describe_binary(head):
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if by_ext in ("jsonl", "json", "csv", "tsv"):
        return by_ext
    if stripped.startswith(b"<"):
        if _FEED_RE.search(stripped[:2048]) and not _HTML_RE.match(stripped):
            return "feed"
        if _HTML_RE.search(stripped[:4096]):
            return "html"
    if by_ext is not None and by_ext != "feed":
        return by_ext
    if by_ext == "feed":
        return "feed"
    if stripped.startswith(b"{"):
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    return "text"
