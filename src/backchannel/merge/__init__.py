"""Merging across articles: story clusters of copies and rewrites (``stories``), and one event per
real-world event with every source (``events``).

``merge_articles`` does both over the articles of one run (``backchannel extract --merge``); the
store does the same incrementally as articles are ingested (``Store.write``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from backchannel.merge.events import EventMerger, MergedGroup, combined_status, merge_events, merged
from backchannel.merge.fingerprints import ClusterSettings
from backchannel.merge.stories import StoryIndex, cluster_texts
from backchannel.model import Article, Event
from backchannel.resources.actors import Lexicon, default_lexicon


@dataclass(slots=True)
class MergeResult:
    """The stories and merged events of a set of articles."""

    index: StoryIndex
    merger: EventMerger
    events: list[Event]  # merged: one per real-world event

    def story_records(self, min_articles: int = 2) -> list[dict[str, Any]]:
        """``story`` records: each cluster of at least ``min_articles``, original first, each
        article with the article it joined and why."""
        out = []
        for story_id, members in self.index.clusters().items():
            if len(members) < min_articles:
                continue
            articles = []
            for article_id in members:
                link = self.index.link_of(article_id)
                articles.append(
                    {"article_id": article_id, "joined_to": link[0] if link else None,
                     "reason": link[1] if link else None}
                )  # fmt: skip
            out.append({"kind": "story", "story_id": story_id, "original": members[0], "articles": articles})
        return out


def merge_articles(articles: Sequence[Article], lexicon: Lexicon | None = None) -> MergeResult:
    """Cluster ``articles`` into stories (setting each one's ``story_id``) and merge their events.
    ``lexicon`` tells persons' names from bodies' (default: the bundled one)."""
    lexicon = lexicon or default_lexicon()
    index = StoryIndex()
    index.add_many((a.id, a.text, a.published) for a in articles)
    for article in articles:
        article.story_id = index.story_of(article.id)
    events, merger = merge_events(
        (e for a in articles for e in a.events), index.story_of, lexicon.names_a_person
    )
    return MergeResult(index, merger, events)


__all__ = [
    "ClusterSettings", "EventMerger", "MergeResult", "MergedGroup", "StoryIndex", "cluster_texts",
    "combined_status", "merge_articles", "merge_events", "merged",
]  # fmt: skip
