"""Gold loading and scoring for ``backchannel eval`` (DESIGN.md section 4).

Pure: no spaCy, no pipeline.  The caller turns each gold document into an ``Article`` (``None``
when the pipeline rejects it: all its gold is missed); gold strings are located in ``Article.text``.

Interpretations of DESIGN.md section 4:

* Locating.  Every run of Unicode white space (``str.isspace``: NBSP, newlines) folds to one
  space, gold strings are stripped, folded offsets map back to ``Article.text``.  Search is
  case-sensitive, else case-insensitive; all non-overlapping occurrences are kept; a match does
  not start or end inside a word ("November 1" is not in "November 14").  Event evidence not
  found whole (PLOVER "agreed cooperate") is searched as whole words in order, each after the
  previous one ("..." and other tokens without a word character skipped), and its word spans are
  used only when every word is found.  Evidence or a quote still not located matches a prediction
  whose text holds at least half of the gold's case-folded words (a few stop words aside); the
  overlap size is then the length of the shared words.  A timex not located is found by a
  predicted timex with the same folded text, ignoring case.  Gold timex ``start``/``end`` refer
  to the gold text and are not used.
* Events.  Dyad: the countries over actor and recipient (no intermediaries; entries without one
  ignored).  Overlap: characters shared by the merged predicted evidence spans and the located gold
  spans, which must be > 0; a gold event without evidence accepts any prediction of its type and
  dyad (overlap 0).  Greedy one-to-one by overlap (ties: gold order, then prediction order):
  required gold first, then leftover predictions against ``optional`` gold; those pairs and
  unmatched optional gold count nowhere.  Type-only: the same without the dyad.
* Attributes, over full matches of required gold, where the gold has the key and does not list
  the name in ``unscored`` (direction, sector, person (alias name, named_person), mode, location,
  date, status, announced).  direction: scored when the gold gives a country; actor and recipient
  country sets both equal.  sector and person: one judgement per gold actor/recipient entry with a
  ``sector``/``name``; sector: a predicted party of that country on the same side (else, when that
  side has none, on the other) has it; person: a predicted actor or recipient has the same name
  folded (white space, case, diacritics), or the same last token and, when both names have two or
  more tokens, the same first token.  mode, status, announced: equality (null mode needs None).
  location: gold null needs None; else the predicted name (or text) and country equal those the
  gold gives.  date: gold null reads as ``{"value": null}``; a gold value is compared at the gold
  precision (inferred from the value when unknown): the predicted value's range of days converts to
  that precision when it falls in one unit (``2022-11-14`` → ``2022-W46``).  Gold value null: the
  prediction's value must be null, and when the gold gives ``earliest``/``latest`` the predicted
  bounds must both be present and lie within them.
* Quotes.  A predicted quote overlaps the located gold text; "with speaker" also needs the gold
  name (person rule above), or when it has none each of country and sector it gives; a gold quote
  without speaker accepts any.  Greedy one-to-one as for events.
* Timexes.  Found: a predicted timex overlaps an occurrence; its value is that of the prediction
  with the largest overlap (first on ties), compared as a string.
* Overall numbers are sums of per-document counts with ratios recomputed; a zero denominator gives
  0.0 (an empty prediction has precision 0.0).  F1 = 2tp / (2tp + fp + fn).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from backchannel.evaluate.actors import score_actors
from backchannel.evaluate.gold import GoldDocument, GoldFormatError, GoldRecord, load_gold
from backchannel.evaluate.judge import (
    _score_events,
    _score_quotes,
    _score_timexes,
    date_ok,
    fold_name,
)
from backchannel.evaluate.report import (
    ATTRIBUTES,
    FINDING_KINDS,
    PRF,
    Accuracy,
    EvalReport,
    Finding,
    Scores,
    format_report,
)
from backchannel.evaluate.spans import Span, _Folded, fold_space, locate
from backchannel.model import Article
from backchannel.resources.actors import same_person

__all__ = [
    "ATTRIBUTES",
    "FINDING_KINDS",
    "PRF",
    "Accuracy",
    "EvalReport",
    "Finding",
    "GoldDocument",
    "GoldFormatError",
    "GoldRecord",
    "Scores",
    "Span",
    "date_ok",
    "evaluate_files",
    "fold_name",
    "fold_space",
    "format_report",
    "load_gold",
    "locate",
    "same_person",
    "score_documents",
]


def score_documents(pairs: Iterable[tuple[GoldDocument, Article | None]]) -> EvalReport:
    """Score predictions (``None``: the document was rejected) against their gold documents."""
    return _report(pairs, [])


def evaluate_files(paths: list[Path], predict: Callable[[GoldDocument], Article | None]) -> EvalReport:
    """Load every gold file first (a format error stops before any prediction), predict, score."""
    loaded = [(Path(path), load_gold(Path(path))) for path in paths]
    pairs = ((doc, predict(doc)) for _, docs in loaded for doc in docs)
    return _report(pairs, [path for path, _ in loaded])


def _report(pairs: Iterable[tuple[GoldDocument, Article | None]], paths: Sequence[Path]) -> EvalReport:
    files = {str(path): Scores() for path in paths}
    total = Scores()
    for gold, article in pairs:
        scores = Scores(documents=1, rejected=int(article is None))
        note = "document rejected" if article is None else ""
        article = article if article is not None else Article(text="")
        folded = _Folded.of(article.text)
        _score_events(gold, article, folded, scores, note)
        _score_quotes(gold, article, folded, scores, note)
        _score_timexes(gold, article, folded, scores, note)
        score_actors(gold, article, folded, scores, note)
        files.setdefault(str(gold.path), Scores()).add(scores)
        total.add(scores)
    return EvalReport(files, total)
