"""The pipeline: builds every stage once, runs them over a stream of ingested items in batches.

Input: ``Article`` (fresh from ingest, ``raw`` set) or ``Reject`` items.  Output, in input order:
finished ``Article`` objects (cleaned, parsed, with their records) and ``Reject`` records.  A stage
that fails on one article turns that article into an ERROR reject; the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from backchannel.ingest import Item, read_inputs
from backchannel.model import Actor, Article, Reject, RejectReason
from backchannel.settings import Settings
from backchannel.stages.actors import ActorStage
from backchannel.stages.attribution import AttributionStage
from backchannel.stages.channels import ChannelStage
from backchannel.stages.clean import clean_article
from backchannel.stages.dates import DateStage
from backchannel.stages.events import EventStage
from backchannel.stages.language import check_language
from backchannel.stages.nlp import NlpStage
from backchannel.stages.quotes import QuoteStage

log = logging.getLogger(__name__)

#: a stage after the NLP stage: reads the article's layers, adds its records, returns it
ArticleStage = Callable[[Article], Article]


@dataclass(slots=True)
class RunSummary:
    """What happened to every input of a run."""

    processed: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    events: int = 0

    def count(self, item: Article | Reject) -> None:
        if isinstance(item, Article):
            self.processed += 1
            self.events += len(item.events)
            return
        bucket = self.skipped if item.is_skip else self.rejected
        bucket[item.reason.value] = bucket.get(item.reason.value, 0) + 1

    @property
    def total_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    @property
    def exit_code(self) -> int:
        """DESIGN.md section 6: 0 all processed (skips included), 1 some rejected, 3 nothing could be
        processed (no article at all, even when every input was only skipped)."""
        if self.processed == 0:
            return 3
        return 1 if self.total_rejected else 0


def default_stages(settings: Settings | None = None) -> list[ArticleStage]:
    """The stages after spaCy, in order, each built once."""
    settings = settings or Settings()
    return [
        ActorStage(),
        EventStage(min_confidence=settings.min_event_confidence),
        DateStage(),
        QuoteStage(),
        AttributionStage(),
        ChannelStage(),
    ]


class Pipeline:
    """Every stage, built once.  ``run`` streams items through them; ``extract`` reads paths too.

    ``stages`` replaces the default stages after the NLP stage (``default_stages()``); pass ``[]``
    for the NLP layers alone.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp: NlpStage | None = None,
        stages: Iterable[ArticleStage] | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.nlp = nlp or NlpStage(batch_size=self.settings.nlp_batch_size)
        self.stages: list[ArticleStage] = default_stages(self.settings) if stages is None else list(stages)

    def extract(
        self, paths: Iterable[str | Path], *, published: str | None = None
    ) -> Iterator[Article | Reject]:
        return self.run(read_inputs(paths, settings=self.settings, published=published))

    def process_text(
        self,
        text: str,
        *,
        path: str = "<text>",
        published: str | None = None,
        title: str | None = None,
        outlet: str | None = None,
        url: str | None = None,
    ) -> Article | Reject:
        """One plain-text article through every stage."""
        item = Article(path=path, published=published, title=title, outlet=outlet, url=url, raw=text)
        return next(iter(self.run([item], deduplicate=False)))

    def code_actor(self, text: str, *, day: str | None = None, context: str | None = None) -> Actor:
        """One actor string coded as the pipeline codes it in an article: inside ``context`` (a
        sentence that contains it) when given, on the article date ``day``."""
        source = " ".join((context if context and text in context else text).split())
        text = " ".join(text.split())
        article = Article(id="ar_actor", path="<actor>", published=day, text=source, language="en")
        self.nlp.process_one(article)
        result = self._apply_stages(article)
        if isinstance(result, Reject):
            return Actor(text=text)
        offset = result.text.find(text)
        start, end = (offset, offset + len(text)) if offset >= 0 else (0, len(result.text))
        best: tuple[int, Actor] | None = None
        for _, mention, actor in result.actor_mentions():
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, actor)
        return best[1] if best else Actor(text=text)

    def run(self, items: Iterable[Item], *, deduplicate: bool = True) -> Iterator[Article | Reject]:
        """Every item through every stage, in input order, ``nlp_batch_size`` articles at a time.

        With ``deduplicate``, an article whose cleaned text was already seen in this run becomes a
        DUPLICATE skip naming the first one.
        """
        seen: dict[str, str] = {}
        batch: list[Article | Reject] = []
        pending = 0
        for item in items:
            item = self._prepare(item)
            if isinstance(item, Article) and deduplicate:
                if item.id in seen:
                    item = Reject(item.path or "<input>", RejectReason.DUPLICATE,
                                  f"same text as {seen[item.id]} (article {item.id})", article_id=item.id)  # fmt: skip
                else:
                    seen[item.id] = item.path or "<input>"
            batch.append(item)
            pending += isinstance(item, Article)
            if pending >= self.settings.nlp_batch_size:
                yield from self._finish(batch)
                batch, pending = [], 0
        yield from self._finish(batch)

    def _prepare(self, item: Item) -> Article | Reject:
        if isinstance(item, Reject):
            return item
        try:
            cleaned = clean_article(item, self.settings)
            return cleaned if isinstance(cleaned, Reject) else check_language(cleaned, self.settings)
        except Exception as exc:  # a bug in a stage must not end the run: the input is accounted for
            log.exception("clean/language stage failed on %s", item.path)
            return Reject(item.path or "<input>", RejectReason.ERROR, f"clean stage failed: {exc!r}")

    def _finish(self, batch: list[Article | Reject]) -> Iterator[Article | Reject]:
        articles = [item for item in batch if isinstance(item, Article)]
        failed: dict[int, Reject] = {}
        try:
            self.nlp.process(articles)
        except Exception:
            log.exception("nlp batch failed; parsing its %d articles one by one", len(articles))
            for article in articles:
                try:
                    self.nlp.process_one(article)
                except Exception as exc:
                    failed[id(article)] = Reject(article.path or "<input>", RejectReason.ERROR,
                                                 f"nlp stage failed: {exc!r}", article_id=article.id)  # fmt: skip
        for item in batch:
            if isinstance(item, Reject):
                yield item
            elif id(item) in failed:
                yield failed[id(item)]
            else:
                yield self._apply_stages(item)

    def _apply_stages(self, article: Article) -> Article | Reject:
        for stage in self.stages:
            name = getattr(stage, "__name__", type(stage).__name__)
            try:
                article = stage(article)
            except Exception as exc:
                log.exception("stage %s failed on %s", name, article.path)
                return Reject(article.path or "<input>", RejectReason.ERROR, f"stage {name} failed: {exc!r}",
                              article_id=article.id)  # fmt: skip
        return article
