"""The channel stage: standing channels between parties as ``Channel`` records (DESIGN.md section 2).

Reads the text, sentences and coded mentions; writes ``Article.channels``.  A sentence that names a
channel (``channels`` in ``resources/attribution.json``: "hotline", "back channel", "Normandy
format", ...) gives one record: its type, the parties coded in the sentence (each state once, the
first mention's coding), the purpose words before it ("a deconfliction hotline") and the state
phrases of the sentence ("tested daily", "has not been used").  "X's counterpart is Y" names a
channel between counterparts, typed by their shared sector (SPY: intelligence chiefs).
"""

from __future__ import annotations

import re

from backchannel.model import Actor, Article, Channel, Evidence, content_id
from backchannel.resources.attribution import AttributionWords, attribution_words, phrase_pattern

_COUNTERPART = re.compile(r"\bcounterparts?\s+(?:of|to)\b|\bcounterparts?\s+is\b", re.IGNORECASE)
_BY_SECTOR = {"SPY": "intelligence chiefs", "MIL": "military", "GOV": "diplomatic"}


class ChannelStage:
    """Finds standing channels (see the module docstring)."""

    def __init__(self, words: AttributionWords | None = None) -> None:
        self.words = words or attribution_words()
        self._types = [(kind, phrase_pattern(phrases)) for kind, phrases in self.words.channels.items()]

    def __call__(self, article: Article) -> Article:
        channels: list[Channel] = []
        for index, sentence in enumerate(article.sentences):
            text = article.text[sentence.start : sentence.end]
            kind = next((k for k, pattern in self._types if pattern.search(text)), None)
            if kind is None and not _COUNTERPART.search(text):
                continue
            parties = _parties(article, index)
            if kind is None and len(parties) >= 2:
                sectors = {p.sector or "" for p in parties}
                kind = _BY_SECTOR.get(sectors.pop(), "counterparts") if len(sectors) == 1 else "counterparts"
            if kind is None:
                continue
            lower = text.lower()
            purpose = next((p for p in self.words.channel_purposes if p in lower), None)
            states = [s for s in self.words.channel_states if s in lower]
            states = [
                s for s in states if not any(s != o and s in o for o in states)
            ]  # "not used" in "has not been used"
            channels.append(
                Channel(
                    id=content_id("ch", article.id, sentence.start),
                    article_id=article.id,
                    channel_type=kind,
                    parties=parties,
                    purpose=purpose,
                    state=", ".join(sorted(states, key=lower.find)) or None,
                    evidence=[Evidence(text, sentence.start, sentence.end)],
                )
            )
        article.channels = channels
        return article


def _parties(article: Article, sentence: int) -> list[Actor]:
    """Each state coded in the sentence once, by its most specific mention (one with a sector, then
    a name): "the U.S. counterpart ... is CIA director Bill Burns" is USA/SPY."""
    best: dict[str, Actor] = {}
    for _, mention, actor in article.actor_mentions():
        if mention.sentence != sentence or not actor.country:
            continue
        party = Actor(text=mention.text, name=actor.name, country=actor.country, sector=actor.sector,
                      role=actor.role, start=mention.start, end=mention.end)  # fmt: skip
        held = best.get(actor.country)
        if held is None or (bool(party.sector), bool(party.name)) > (bool(held.sector), bool(held.name)):
            best[actor.country] = party
    return sorted(best.values(), key=lambda a: a.start or 0)
