"""Pairwise precision and recall of story clusters on generated copies of the corpus, per seed.

    .venv/bin/python tools/stories_check.py [SEED...]

The corpus, the copies and the scoring are those of ``tests/test_stories.py``; misses are listed
by kind of copy, false joins with the reason the index gave.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import json  # noqa: E402

from backchannel.merge.stories import cluster_texts  # noqa: E402
from test_stories import CORPUS, copies_corpus, pair_scores  # noqa: E402


def main() -> None:
    seeds = [int(s) for s in sys.argv[1:]] or [7, 21, 1, 2, 3]
    path = ROOT.parent / "shared" / CORPUS
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for seed in seeds:
        items, gold = copies_corpus(rows, seed)
        start = time.perf_counter()
        index = cluster_texts(items)
        elapsed = time.perf_counter() - start
        precision, recall = pair_scores(index, gold)
        print(
            f"seed {seed}: items {len(items)}  P {precision:.3f}  R {recall:.3f}  "
            f"{len(items) / elapsed:,.0f} articles/s"
        )
        missed: dict[str, int] = {}
        for a, b in itertools.combinations(sorted(gold), 2):
            if gold[a] == gold[b] and index.story_of(a) != index.story_of(b):
                kind = (b if "_" in b else a).split("_", 1)[-1]
                missed[kind] = missed.get(kind, 0) + 1
        print("  missed pairs by kind:", missed)
        for article, joined, reason in index.links():
            if gold[article] != gold[joined]:
                print(f"  false join {article} -> {joined}: {reason}")


if __name__ == "__main__":
    main()
