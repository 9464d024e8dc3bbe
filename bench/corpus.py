"""What every benchmark reads: the corpus (../shared, else the bundled sample) and its options."""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from backchannel.ingest import read_inputs
from backchannel.model import Article

ROOT = Path(__file__).resolve().parents[1]
CORPORA = [
    ROOT.parent / "shared" / "corpus" / "kremlin_zelenskyy_2022.jsonl",
    ROOT / "examples" / "corpus" / "readouts.jsonl",
]


def corpus_arguments(doc: str | None, n: int) -> argparse.Namespace:
    """``--n`` articles of ``--corpus`` (default: the shared corpus when present, else the sample)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=n, help="articles to read (0: all)")
    parser.add_argument("--corpus", type=Path, default=next((p for p in CORPORA if p.exists()), CORPORA[-1]))
    parser.add_argument("--misses", type=int, default=15, help="misses to list (where a benchmark lists any)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="timed runs, best kept (where a benchmark repeats)"
    )
    return parser.parse_args()


def read_articles(corpus: Path, n: int) -> list[Article]:
    """The first ``n`` articles of the corpus as ingest reads them (not yet cleaned)."""
    items = read_inputs([corpus])
    return [i for i in (itertools.islice(items, n) if n else items) if isinstance(i, Article)]
