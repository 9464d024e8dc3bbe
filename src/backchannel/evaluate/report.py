"""Scores (match counts, accuracies, findings), their JSON form and the plain-text report."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

ATTRIBUTES = ("direction", "sector", "person", "mode", "location", "date", "status", "announced")
FINDING_KINDS = (
    "event_misses",
    "event_false_positives",
    "attribute_errors",
    "quote_misses",
    "quote_false_positives",
    "quote_speaker_errors",
    "timex_misses",
    "timex_wrong_values",
    "actor_errors",
)
_ACCURACIES = ("timexes_found", "timex_values", "actor_country", "actor_sector")


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _add_counts(mine: Any, theirs: Any) -> None:
    for f in fields(mine):
        setattr(mine, f.name, getattr(mine, f.name) + getattr(theirs, f.name))


@dataclass(slots=True)
class PRF:
    """Match counts; precision, recall and F1 are computed from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def count(self, matched: int, n_gold: int, n_pred: int) -> None:
        self.tp, self.fn, self.fp = self.tp + matched, self.fn + n_gold - matched, self.fp + n_pred - matched

    def to_dict(self) -> dict[str, Any]:
        ratios = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, **ratios}


@dataclass(slots=True)
class Accuracy:
    """``correct`` out of ``total``: attribute accuracy, timexes found, timex values right."""

    correct: int = 0
    total: int = 0

    @property
    def ratio(self) -> float:
        return _ratio(self.correct, self.total)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "ratio": self.ratio}


@dataclass(slots=True)
class Finding:
    """A listed problem: ``text`` is the evidence/quote/timex, ``label`` its type/speaker/value."""

    doc_id: str
    text: str
    label: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "text": self.text, "label": self.label, "detail": self.detail}


@dataclass(slots=True)
class Scores:
    """Counts and findings of one document, one file, or all files together."""

    documents: int = 0
    rejected: int = 0
    events: PRF = field(default_factory=PRF)
    events_type_only: PRF = field(default_factory=PRF)
    attributes: dict[str, Accuracy] = field(default_factory=lambda: {a: Accuracy() for a in ATTRIBUTES})
    quotes: PRF = field(default_factory=PRF)
    quotes_with_speaker: PRF = field(default_factory=PRF)
    timexes_found: Accuracy = field(default_factory=Accuracy)  # found / gold timexes
    timex_values: Accuracy = field(default_factory=Accuracy)  # right value / found
    actor_country: Accuracy = field(default_factory=Accuracy)  # gold event actors coded to the right country
    actor_sector: Accuracy = field(default_factory=Accuracy)  # ... right sector, where the gold gives one
    findings: dict[str, list[Finding]] = field(default_factory=lambda: {k: [] for k in FINDING_KINDS})

    def add(self, other: Scores) -> None:
        self.documents += other.documents
        self.rejected += other.rejected
        for name in ("events", "events_type_only", "quotes", "quotes_with_speaker", *_ACCURACIES):
            _add_counts(getattr(self, name), getattr(other, name))
        for name, accuracy in other.attributes.items():
            _add_counts(self.attributes[name], accuracy)
        for kind, items in other.findings.items():
            self.findings[kind].extend(items)

    def judge(self, attribute: str, correct: bool) -> None:
        self.attributes[attribute].total += 1
        self.attributes[attribute].correct += correct

    def to_dict(self) -> dict[str, Any]:
        counts = ("events", "events_type_only", "quotes", "quotes_with_speaker", *_ACCURACIES)
        return {
            "documents": self.documents,
            "rejected": self.rejected,
            **{name: getattr(self, name).to_dict() for name in counts},
            "attributes": {name: accuracy.to_dict() for name, accuracy in self.attributes.items()},
            **{kind: [f.to_dict() for f in items] for kind, items in self.findings.items()},
        }


@dataclass(slots=True)
class EvalReport:
    """Scores per gold file (keyed by the path as given, in order) and over all files."""

    files: dict[str, Scores]
    total: Scores

    def to_dict(self) -> dict[str, Any]:
        files = [{"path": path, **scores.to_dict()} for path, scores in self.files.items()]
        return {"files": files, "total": self.total.to_dict()}


# --- the report for people ---------------------------------------------------------------------


def _prf_line(name: str, prf: PRF) -> str:
    ratios = f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"
    return f"  {name:<20}{ratios}   (tp {prf.tp}, fp {prf.fp}, fn {prf.fn})"


def _accuracy_line(name: str, accuracy: Accuracy) -> str:
    ratio = f"{accuracy.ratio:.3f}" if accuracy.total else "-"
    return f"  {name:<20}{accuracy.correct}/{accuracy.total}  {ratio}"


def _format_scores(title: str, scores: Scores, *, findings: bool) -> list[str]:
    lines = [f"== {title}: {scores.documents} documents, {scores.rejected} rejected"]
    lines += [_prf_line("events", scores.events), _prf_line("events (type only)", scores.events_type_only)]
    lines += [_accuracy_line(f"  {name}", accuracy) for name, accuracy in scores.attributes.items()]
    lines += [_prf_line("quotes", scores.quotes), _prf_line("quotes + speaker", scores.quotes_with_speaker)]
    lines += [_accuracy_line("timexes found", scores.timexes_found)]
    lines += [_accuracy_line("timex values", scores.timex_values)]
    lines += [_accuracy_line("actors: country", scores.actor_country)]
    lines += [_accuracy_line("actors: sector", scores.actor_sector)]
    for kind, items in scores.findings.items() if findings else ():
        lines += [f"  {kind.replace('_', ' ')} ({len(items)}):"] if items else []
        for f in items:
            text = f.text if len(f.text) <= 120 else f.text[:119] + "…"
            lines.append(f"    [{f.doc_id}] {f.label}: {text!r}" + (f"  ({f.detail})" if f.detail else ""))
    return lines


def format_report(report: EvalReport) -> str:
    """Plain text: per file the numbers and the listed findings, then the overall numbers.

    Attribute accuracies are indented under the events lines; they are over matched events.
    """
    lines: list[str] = []
    for path, scores in report.files.items():
        lines += [*_format_scores(path, scores, findings=True), ""]
    lines += _format_scores("overall", report.total, findings=False)
    return "\n".join(lines) + "\n"
