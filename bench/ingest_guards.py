"""What the robustness guards cost on valid input, against the work they guard, in one run.

    .venv/bin/python bench/ingest_guards.py [--repeat 5]

On tests/data/page.html (and the same page repeated 200 times, about 0.7 MB):
  html_depth    the nesting pre-check, against extract_html (trafilatura) on the same page;
On the bundled corpus (examples/corpus/readouts.jsonl) as JSON Lines:
  read .jsonl.gz   reading it gzip-compressed through the limited decompressor, against reading
                   the plain file (both through read_inputs, bounded lines included).
Prints times and ratios; the guards should be a few percent of the guarded work.
"""

from __future__ import annotations

import argparse
import gzip
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from backchannel.ingest import read_inputs
from backchannel.stages.clean import extract_html, html_depth

REPO = Path(__file__).resolve().parent.parent


def _best(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    page = (REPO / "tests" / "data" / "page.html").read_text(encoding="utf-8")
    for name, html in (("page.html", page), ("page.html x200", page * 200)):
        depth = _best(args.repeat, lambda html=html: html_depth(html, 200))  # type: ignore[misc]
        parse = _best(args.repeat, lambda html=html: extract_html(html))  # type: ignore[misc]
        print(f"{name:16} {len(html):>8} chars  html_depth {depth * 1e3:8.2f} ms  extract_html "
              f"{parse * 1e3:8.2f} ms  ratio {depth / parse:.3f}")  # fmt: skip
    corpus = REPO / "examples" / "corpus" / "readouts.jsonl"
    with tempfile.TemporaryDirectory() as tmp:
        packed = Path(tmp) / "readouts.jsonl.gz"
        packed.write_bytes(gzip.compress(corpus.read_bytes()))
        plain_s = _best(args.repeat, lambda: list(read_inputs([corpus])))
        packed_s = _best(args.repeat, lambda: list(read_inputs([packed])))
    rows = len(list(read_inputs([corpus])))
    print(f"read {rows} rows  .jsonl {plain_s * 1e3:8.2f} ms  .jsonl.gz {packed_s * 1e3:8.2f} ms  "
          f"ratio {packed_s / plain_s:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
