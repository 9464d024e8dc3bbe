"""backchannel: news articles in, a verifiable record of contacts between states out.

The public API::

    from backchannel import Pipeline, extract, records

    for item in extract(["articles/"], published="2022-11-14"):
        ...  # an Article (with .events, .quotes, .timexes, .channels) or a Reject

    pipeline = Pipeline()            # builds every stage once (loads spaCy)
    article = pipeline.process_text("Putin spoke by phone with Macron on Tuesday.", published="2022-03-01")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from backchannel.model import (
    Actor,
    Article,
    Channel,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Quote,
    Reject,
    RejectReason,
    Sentence,
    Timex,
    Token,
    reject_record,
)
from backchannel.pipeline import Pipeline, RunSummary
from backchannel.settings import Settings
from backchannel.store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Channel", "Event", "EventDate", "Evidence", "Location", "Mention", "Pipeline",
    "Quote", "Reject", "RejectReason", "RunSummary", "Sentence", "Settings", "Store", "Timex", "Token",
    "__version__", "extract", "records",
]  # fmt: skip


def extract(
    paths: Iterable[str | Path], *, published: str | None = None, settings: Settings | None = None
) -> Iterator[Article | Reject]:
    """Every article (with its records) and reject from ``paths``; builds a pipeline for the call."""
    return Pipeline(settings).extract(paths, published=published)


def records(items: Iterable[Article | Reject]) -> Iterator[dict[str, Any]]:
    """The JSON Lines records of DESIGN.md section 3 for a stream of articles and rejects."""
    for item in items:
        yield from item.records() if isinstance(item, Article) else [reject_record(item)]
