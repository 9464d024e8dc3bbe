"""Actor coding accuracy: every actor and recipient of the gold events, coded in context.

A gold party with a ``text`` (else a ``name``, else the name's last word) is located in the
article; a party found nowhere is not scored (its coding cannot be checked); the predicted mention
overlapping it most is its coding (of several equally overlapping mentions, such as the two
actors of "Russian and American delegations", the one with the gold country).  Country accuracy
counts every locatable gold party (a party with no overlapping mention is wrong); sector accuracy
counts those whose gold gives a sector.  Parties with neither text nor name are not scored.
"""

from __future__ import annotations

from backchannel.evaluate.gold import GoldDocument
from backchannel.evaluate.report import Finding, Scores
from backchannel.evaluate.spans import _Folded, _intersection, _locate, fold_space
from backchannel.model import Article, Mention


def _code(actor: object) -> str:
    country = getattr(actor, "country", None) if not isinstance(actor, dict) else actor.get("country")
    sector = getattr(actor, "sector", None) if not isinstance(actor, dict) else actor.get("sector")
    return "/".join(str(x) for x in (country, sector))


def _best(mentions: list[Mention], spans: list[tuple[int, int]], country: str | None) -> Mention | None:
    sized = [(_intersection(spans, [(m.start, m.end)]), m) for m in mentions if m.actor is not None]
    sized = [(size, m) for size, m in sized if size > 0]
    if not sized:
        return None
    top = max(size for size, _ in sized)
    best = [m for size, m in sized if size == top]
    return next((m for m in best if m.actor and m.actor.country == country), best[0])


def _find(folded: _Folded, party: dict[str, object]) -> tuple[str, list[tuple[int, int]]]:
    name = party.get("name")
    candidates = [
        party.get("text"),
        name,
        name.split()[-1] if isinstance(name, str) and " " in name else None,
    ]
    for text in candidates:
        if isinstance(text, str) and text.strip():
            spans = _locate(folded, fold_space(text), by_words=False)
            if spans:
                return text, spans
    return "", []


def score_actors(gold: GoldDocument, article: Article, folded: _Folded, scores: Scores, note: str) -> None:
    for event in gold.events:
        for part in ("actor", "recipient"):
            for party in event.get(part) or []:
                text, spans = _find(folded, party)
                if not spans or not party.get("country"):
                    continue
                mention = _best(article.mentions, spans, party["country"])
                predicted = mention.actor if mention is not None else None
                scores.actor_country.total += 1
                country_ok = predicted is not None and predicted.country == party["country"]
                scores.actor_country.correct += country_ok
                sector_ok = True
                if party.get("sector"):
                    scores.actor_sector.total += 1
                    sector_ok = predicted is not None and predicted.sector == party["sector"]
                    scores.actor_sector.correct += sector_ok
                if not (country_ok and sector_ok):
                    detail = f"predicted {_code(predicted)}" if predicted is not None else "no mention"
                    detail = f"{detail}; {note}" if note else detail
                    scores.findings["actor_errors"].append(Finding(gold.doc_id, text, _code(party), detail))
