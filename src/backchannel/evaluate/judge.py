"""The per-document judges: events and their attributes, quotes, timexes; dates and names.

The rules are those of the ``backchannel.evaluate`` package docstring.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from backchannel.evaluate.gold import GoldDocument, GoldRecord
from backchannel.evaluate.report import Finding, Scores
from backchannel.evaluate.spans import _Folded, _intersection, _locate, _match, _Target, fold_space
from backchannel.model import Actor, Article, Event, EventDate, Location, date_range
from backchannel.resources.actors import same_person

_UNSCORED_ALIASES = {"name": "person", "named_person": "person"}


def _detail(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _parties(record: Any, key: str) -> list[GoldRecord]:
    items = record.get(key) if isinstance(record, dict) else None
    return [a for a in items or [] if isinstance(a, dict)]


def _countries(parties: Iterable[GoldRecord | Actor]) -> frozenset[str]:
    found = (p.get("country") if isinstance(p, dict) else p.country for p in parties)
    return frozenset(c for c in found if c)


def _dyad(actors: Iterable[GoldRecord | Actor], recipients: Iterable[GoldRecord | Actor]) -> str:
    return "{} -> {}".format(*("+".join(sorted(_countries(side))) or "-" for side in (actors, recipients)))


def _score_events(gold: GoldDocument, article: Article, folded: _Folded, scores: Scores, note: str) -> None:
    golds, preds = gold.events, article.events
    evidence = [str(g.get("evidence") or "") for g in golds]
    targets = [_Target(fold_space(e), _locate(folded, e, by_words=True)) for e in evidence]
    dyads = [_countries(_parties(g, "actor") + _parties(g, "recipient")) for g in golds]
    spans = [[(e.start, e.end) for e in p.evidence] for p in preds]
    texts = [" ".join(e.text or article.text[e.start : e.end] for e in p.evidence) for p in preds]
    optional = [bool(g.get("optional")) for g in golds]

    def typed(g: int, p: int) -> int | None:
        same_type = golds[g].get("event_type") == preds[p].event_type
        return targets[g].overlap(spans[p], texts[p]) if same_type else None

    def full(g: int, p: int) -> int | None:
        return typed(g, p) if dyads[g] == preds[p].countries else None

    matched, absorbed = _match(optional, len(preds), typed)
    scores.events_type_only.count(len(matched), optional.count(False), len(preds) - len(absorbed))
    matched, absorbed = _match(optional, len(preds), full)
    scores.events.count(len(matched), optional.count(False), len(preds) - len(absorbed))
    for g, record in enumerate(golds):
        if not optional[g] and g not in matched:
            located = "" if targets[g].spans or not targets[g].text else "evidence not located in the text"
            detail = _detail(_dyad(_parties(record, "actor"), _parties(record, "recipient")), located, note)
            finding = Finding(gold.doc_id, targets[g].text, str(record.get("event_type")), detail)
            scores.findings["event_misses"].append(finding)
    for p, pred in enumerate(preds):
        if p not in matched.values() and p not in absorbed:
            finding = Finding(gold.doc_id, texts[p], pred.event_type, _dyad(pred.actor, pred.recipient))
            scores.findings["event_false_positives"].append(finding)
    for g, p in matched.items():
        for name, correct, detail in _judge_event(golds[g], preds[p]):
            scores.judge(name, correct)
            if not correct:
                scores.findings["attribute_errors"].append(
                    Finding(gold.doc_id, targets[g].text, name, detail)
                )


def _judge_event(gold: GoldRecord, pred: Event) -> list[tuple[str, bool, str]]:
    """(attribute, correct, "gold X, predicted Y") for every attribute the gold event scores."""
    unscored = {_UNSCORED_ALIASES.get(u, u) for u in gold.get("unscored") or []}
    out: list[tuple[str, bool, str]] = []

    def judge(name: str, correct: bool, expected: object, got: object) -> None:
        if name not in unscored:
            out.append((name, correct, f"gold {expected}, predicted {got}"))

    actors, recipients = _parties(gold, "actor"), _parties(gold, "recipient")
    if _countries(actors + recipients):
        gold_sides = (_countries(actors), _countries(recipients))
        correct = gold_sides == (_countries(pred.actor), _countries(pred.recipient))
        judge("direction", correct, _dyad(actors, recipients), _dyad(pred.actor, pred.recipient))
    parties = pred.actor + pred.recipient
    for entries, same_side, other_side in (
        (actors, pred.actor, pred.recipient),
        (recipients, pred.recipient, pred.actor),
    ):
        for entry in entries:
            if entry.get("sector"):
                got = [f"{a.country}/{a.sector}" for a in parties]
                correct = _sector_ok(entry, same_side, other_side)
                judge("sector", correct, f"{entry.get('country')}/{entry['sector']}", got)
            if entry.get("name"):
                names = [a.name for a in parties if a.name]
                judge("person", any(same_person(entry["name"], n) for n in names), entry["name"], names)
    if "mode" in gold:
        judge("mode", pred.mode == gold["mode"], gold["mode"], pred.mode)
    if "location" in gold:
        judge("location", _location_ok(gold["location"], pred.location), gold["location"], pred.location)
    if "date" in gold:
        judge("date", date_ok(gold["date"], pred.date), gold["date"], pred.date)
    for key in ("status", "announced"):
        if key in gold:
            judge(key, getattr(pred, key) == gold[key], gold[key], getattr(pred, key))
    return out


def _sector_ok(entry: GoldRecord, same_side: list[Actor], other_side: list[Actor]) -> bool:
    for side in (same_side, other_side):
        if candidates := [a for a in side if a.country == entry.get("country")]:
            return any(a.sector == entry["sector"] for a in candidates)
    return False


def fold_name(name: str) -> str:
    """A name folded for comparison: white space, case and diacritics."""
    decomposed = unicodedata.normalize("NFKD", name)
    return fold_space("".join(c for c in decomposed if not unicodedata.combining(c))).casefold()


def _location_ok(gold: Any, pred: Location | None) -> bool:
    if not isinstance(gold, dict) or pred is None:
        return not isinstance(gold, dict) and pred is None
    if gold.get("name") and fold_name(gold["name"]) != fold_name(pred.name or pred.text or ""):
        return False
    return not gold.get("country") or gold["country"] == pred.country


def _at_precision(value: str | None, precision: str) -> str | None:
    """``value`` at a precision, when its whole range of days falls in one unit of it."""
    if (days := date_range(value)) is None:
        return None
    formats: dict[str, Callable[[date], str]] = {
        "day": date.isoformat,
        "week": lambda d: "{}-W{:02d}".format(*d.isocalendar()[:2]),
        "month": lambda d: f"{d.year}-{d.month:02d}",
        "year": lambda d: str(d.year),
    }
    first, last = (formats[precision](d) for d in days)
    return first if first == last else None


def date_ok(gold: Any, pred: EventDate) -> bool:
    """Whether a predicted date agrees with a gold ``date`` object (see the package docstring)."""
    gold = gold if isinstance(gold, dict) else {}
    if value := str(gold.get("value") or ""):
        precision = gold.get("precision")
        if precision not in ("day", "week", "month", "year"):
            precision = "week" if "W" in value else ("year", "month", "day")[min(value.count("-"), 2)]
        expected = _at_precision(value, precision)
        return pred.value == value if expected is None else _at_precision(pred.value, precision) == expected
    if pred.value:
        return False
    earliest, latest = date_range(gold.get("earliest")), date_range(gold.get("latest"))
    if earliest is None and latest is None:
        return True
    low, high = date_range(pred.earliest), date_range(pred.latest)
    if low is None or high is None:
        return False
    return (earliest is None or low[0] >= earliest[0]) and (latest is None or high[1] <= latest[1])


def _speaker_ok(gold: Any, pred: Actor | None) -> bool:
    if not isinstance(gold, dict) or not any(gold.get(k) for k in ("name", "country", "sector")):
        return True
    if pred is None:
        return False
    if gold.get("name"):
        return same_person(gold["name"], pred.name)
    return all(not gold.get(k) or gold[k] == getattr(pred, k) for k in ("country", "sector"))


def _speaker(speaker: Any) -> str:
    data = speaker.to_dict() if isinstance(speaker, Actor) else speaker
    if not isinstance(data, dict):
        return "no speaker"
    return str(data.get("name") or f"{data.get('country')}/{data.get('sector')}")


def _score_quotes(gold: GoldDocument, article: Article, folded: _Folded, scores: Scores, note: str) -> None:
    golds, preds = gold.quotes, article.quotes
    targets = [_Target(fold_space(q["text"]), _locate(folded, q["text"], by_words=False)) for q in golds]
    optional = [bool(q.get("optional")) for q in golds]

    def by_text(g: int, p: int) -> int | None:
        return targets[g].overlap([(preds[p].start, preds[p].end)], preds[p].text)

    def by_speaker(g: int, p: int) -> int | None:
        return by_text(g, p) if _speaker_ok(golds[g].get("speaker"), preds[p].speaker) else None

    text_pairs, text_absorbed = _match(optional, len(preds), by_text)
    scores.quotes.count(len(text_pairs), optional.count(False), len(preds) - len(text_absorbed))
    speaker_pairs, speaker_absorbed = _match(optional, len(preds), by_speaker)
    scores.quotes_with_speaker.count(
        len(speaker_pairs), optional.count(False), len(preds) - len(speaker_absorbed)
    )
    found = scores.findings
    for g, record in enumerate(golds):
        label = _speaker(record.get("speaker"))
        if not optional[g] and g not in text_pairs:
            found["quote_misses"].append(Finding(gold.doc_id, targets[g].text, label, note))
        elif g in text_pairs and g not in speaker_pairs:
            got = f"predicted {_speaker(preds[text_pairs[g]].speaker)}"
            found["quote_speaker_errors"].append(Finding(gold.doc_id, targets[g].text, label, got))
    for p, pred in enumerate(preds):
        if p not in text_pairs.values() and p not in text_absorbed:
            found["quote_false_positives"].append(Finding(gold.doc_id, pred.text, _speaker(pred.speaker)))


def _score_timexes(gold: GoldDocument, article: Article, folded: _Folded, scores: Scores, note: str) -> None:
    for record in gold.timexes:
        text, value = fold_space(record["text"]), record.get("value")
        spans = _locate(folded, text, by_words=False)
        if spans:
            sized = [(_intersection(spans, [(t.start, t.end)]), t) for t in article.timexes]
            # the prediction with the gold's own words first ("2007" is not the "2007" of a dateline's
            # "March 13, 2007" when the text says "2007" alone too), then the widest overlap
            same = text.casefold()
            ranked = sorted(sized, key=lambda s: (fold_space(s[1].text).casefold() != same, -s[0]))
            hits = [t for size, t in ranked if size > 0]
        else:
            hits = [t for t in article.timexes if fold_space(t.text).casefold() == text.casefold()]
        scores.timexes_found.total += 1
        if not hits:
            detail = _detail("not predicted" if spans else "not located in the text", note)
            scores.findings["timex_misses"].append(Finding(gold.doc_id, text, str(value), detail))
            continue
        scores.timexes_found.correct += 1
        scores.timex_values.total += 1
        scores.timex_values.correct += hits[0].value == value
        if hits[0].value != value:
            wrong = Finding(gold.doc_id, text, str(value), f"predicted {hits[0].value}")
            scores.findings["timex_wrong_values"].append(wrong)
