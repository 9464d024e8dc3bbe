"""A hostile corpus (tests/hostile_corpus.py: over 1,000 broken or hostile files with valid articles
mixed in) ingested by the real CLI in one run, then again: no crash, no traceback, every file
accounted for, the valid articles stored exactly once, and what was stored before still there.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from backchannel.model import Article, Reject, RejectReason
from backchannel.store import Store
from hostile_corpus import Corpus, build_corpus

if TYPE_CHECKING:
    from backchannel.pipeline import Pipeline

BACKCHANNEL = Path(sys.executable).parent / "backchannel"
R = RejectReason

#: what each class of input may become (the valid ones must be stored, see below)
EXPECTED: dict[str, set[RejectReason]] = {
    "junk": {R.BINARY, R.UNDECODABLE, R.EMPTY, R.NOT_ENGLISH},
    "empty": {R.EMPTY},
    "blank": {R.EMPTY},
    "nul": {R.BINARY},
    "encodings": {R.NOT_ENGLISH, R.BINARY},  # UTF-16 CJK without BOM is not recognised
    "truncated_utf8": {R.NOT_ENGLISH, R.UNDECODABLE, R.BINARY, R.EMPTY},
    "undecodable": {R.UNDECODABLE, R.BINARY, R.EMPTY, R.NOT_ENGLISH},
    "foreign": {R.NOT_ENGLISH},
    "huge": {R.TOO_LARGE, R.NOT_ENGLISH},  # the rows around a 70 MB line are read
    "deep": {R.TOO_DEEP, R.MALFORMED},
    "jsonl_cut": {R.MALFORMED, R.NOT_ENGLISH},
    "json_bad": {R.MALFORMED, R.EMPTY, R.TOO_DEEP},
    "csv_bad": {R.MALFORMED, R.EMPTY, R.TOO_DEEP, R.BINARY},
    "bombs": {R.COMPRESSION_BOMB},
    "archives": {R.MALFORMED},
    "warc": set(RejectReason),  # UNSUPPORTED today, MALFORMED once the WARC reader lands
    "links": {R.UNREADABLE, R.NOT_FOUND, R.DUPLICATE},
    "unreadable": {R.UNREADABLE, R.UNSUPPORTED, R.NOT_ENGLISH},  # root reads chmod 000 files
    "names": {R.NOT_ENGLISH, R.EMPTY},  # foreign text, one of them named .html
    "valid": {R.DUPLICATE},  # a valid article whose copy came first in the walk
    "copies": {R.DUPLICATE},
}


def _cli_name(path: Path) -> str:
    """A path as the CLI names it (bytes that are not UTF-8 shown as U+FFFD)."""
    return os.fsencode(path).decode("utf-8", "replace")


def _ingest(corpus: Corpus, db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCHANNEL_")}
    return subprocess.run([str(BACKCHANNEL), "ingest", "corpus", "--db", str(db)], capture_output=True,
                          text=True, errors="replace", env=env, cwd=corpus.root.parent, timeout=600)  # fmt: skip


def _summary(stderr: str) -> tuple[int, dict[str, int]]:
    processed = int(re.search(r"^processed (\d+) article", stderr, re.M)[1])  # type: ignore[index]
    counts: dict[str, int] = {}
    for line in re.findall(r"^(?:rejected|skipped) \d+: (.*)$", stderr, re.M):
        for part in line.split(", "):
            reason, n = part.rsplit(" ", 1)
            counts[reason] = int(n)
    return processed, counts


@dataclass(frozen=True)
class HostileRun:
    corpus: Corpus
    db: Path
    before: Article  # stored before the runs
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]


def test_hostile_corpus_ingested_twice_is_accounted_for_and_stores_valid_articles_once(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    """One test over one pair of runs (a module fixture shared by several tests would run once per
    xdist worker); each check is a function of its own."""
    run = _hostile_run(tmp_path, pipeline)
    check_corpus_has_every_class_and_over_a_thousand_entries(run)
    check_exit_1_and_a_summary_by_reason_and_no_traceback(run)
    check_every_file_is_accounted_for(run)
    check_each_valid_article_is_stored_exactly_once(run)
    check_second_run_stores_nothing_new(run)


def _hostile_run(root: Path, pipeline: Pipeline) -> HostileRun:
    corpus = build_corpus(root / "corpus")
    db = root / "store.duckdb"
    before = pipeline.process_text(
        "The prime ministers of Portugal and Morocco met in Rabat on Friday and signed a water agreement.",
        path="stored-before.txt",
    )
    assert isinstance(before, Article)
    with Store(db) as store:
        store.write([before])
    return HostileRun(corpus, db, before, _ingest(corpus, db), _ingest(corpus, db))


def check_corpus_has_every_class_and_over_a_thousand_entries(hostile_run: HostileRun) -> None:
    corpus = hostile_run.corpus
    assert len(corpus.entries) >= 1000
    assert set(corpus.classes) == set(EXPECTED), corpus.classes
    assert len(corpus.valid) >= 30


def check_exit_1_and_a_summary_by_reason_and_no_traceback(hostile_run: HostileRun) -> None:
    first = hostile_run.first
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    processed, counts = _summary(first.stderr)
    assert processed == len(hostile_run.corpus.valid)
    for reason in (
        "COMPRESSION_BOMB",
        "TOO_DEEP",
        "TOO_LARGE",
        "NOT_ENGLISH",
        "MALFORMED",
        "BINARY",
        "EMPTY",
    ):
        assert counts.get(reason, 0) > 0, (reason, counts)
    assert "ERROR" not in counts  # no reader or stage failed
    assert f"stored {processed} new, 0 already stored" in first.stderr


def check_every_file_is_accounted_for(hostile_run: HostileRun) -> None:
    corpus = hostile_run.corpus
    with Store(hostile_run.db, read_only=True) as store:
        articles = [a for a in store.articles() if a.id != hostile_run.before.id]
        rejects = store.rejects()
    # the summary counts one output per article or reject, and the store holds each of them
    processed, counts = _summary(hostile_run.first.stderr)
    assert (processed, sum(counts.values())) == (len(articles), len(rejects))
    classes = {_cli_name(p.relative_to(corpus.root.parent)): p.relative_to(corpus.root).parts[0]
               for p in corpus.entries}  # fmt: skip
    by_entry: dict[str, list[Article | Reject]] = {}
    unclaimed = []
    for item in [*articles, *rejects]:
        path = item.path or ""
        # a row is named file:line (or file[n]), a WARC record file@offset
        entry = path if path in classes else re.sub(r"(:\d+|\[\d+\]|@\d+)$", "", path)
        if entry in classes:
            by_entry.setdefault(entry, []).append(item)
        else:
            unclaimed.append(path)
    assert not unclaimed, unclaimed[:10]
    missing = sorted(set(classes) - set(by_entry))
    assert not missing, missing[:10]
    wrong = []
    for entry, items in by_entry.items():
        cls = classes[entry]
        for item in items:
            if isinstance(item, Reject) and item.reason not in EXPECTED[cls]:
                wrong.append((entry, item.reason.value, item.message))
            if isinstance(item, Article) and cls not in ("valid", "copies"):
                wrong.append((entry, "stored", item.text[:80]))
    assert not wrong, wrong[:10]


def check_each_valid_article_is_stored_exactly_once(hostile_run: HostileRun) -> None:
    corpus = hostile_run.corpus
    with Store(hostile_run.db, read_only=True) as store:
        stored = store.articles()
    found = Counter(marker for a in stored for marker in corpus.valid if marker in a.text)
    assert found == dict.fromkeys(corpus.valid, 1)
    assert len(stored) == len(corpus.valid) + 1  # and the article stored before the runs, still there
    assert hostile_run.before.id in {a.id for a in stored}


def check_second_run_stores_nothing_new(hostile_run: HostileRun) -> None:
    second = hostile_run.second
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert f"stored 0 new, {len(hostile_run.corpus.valid)} already stored" in second.stderr
    assert _summary(second.stderr) == _summary(hostile_run.first.stderr)
