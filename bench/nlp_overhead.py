"""What the pipeline costs on top of spaCy: `extract` next to bare `nlp.pipe`, same texts, same run.

    .venv/bin/python bench/nlp_overhead.py [--n 300] [--corpus FILE.jsonl] [--repeat 2]

Reads the first N articles of the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled examples/corpus/readouts.jsonl) through the real ingest reader, then times
  baseline: nlp.pipe over the cleaned texts (the same strings the pipeline parses), and
  extract:  the whole pipeline (clean, language, spaCy, conversion to the model, later stages)
alternately, ``--repeat`` times each, keeping the best time of each.  Prints articles/s, words/s
and the ratio extract/baseline (1.0 = no overhead).
"""

from __future__ import annotations

import copy
import sys
import time

from corpus import corpus_arguments, read_articles

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.stages.clean import clean_article


def main() -> None:
    args = corpus_arguments(__doc__, 300)

    items = read_articles(args.corpus, args.n)
    texts = []
    for item in items:
        cleaned = clean_article(copy.deepcopy(item))
        if isinstance(cleaned, Article):
            texts.append(cleaned.text)
    words = sum(len(t.split()) for t in texts)

    pipeline = Pipeline()
    nlp = pipeline.nlp.nlp
    list(nlp.pipe(texts[:5]))  # warm up both paths
    list(pipeline.run(copy.deepcopy(items[:5])))

    best_base = best_extract = float("inf")
    produced = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=pipeline.settings.nlp_batch_size):
            pass
        best_base = min(best_base, time.perf_counter() - start)
        batch = copy.deepcopy(items)
        start = time.perf_counter()
        produced = sum(isinstance(r, Article) for r in pipeline.run(batch))
        best_extract = min(best_extract, time.perf_counter() - start)

    print(f"corpus: {args.corpus}  articles: {len(texts)} (pipeline produced {produced})  words: {words}")
    print(f"{'':10} {'seconds':>9} {'articles/s':>11} {'words/s':>10}")
    for name, seconds in (("nlp.pipe", best_base), ("extract", best_extract)):
        print(f"{name:10} {seconds:9.2f} {len(texts) / seconds:11.1f} {words / seconds:10.0f}")
    print(f"ratio extract/nlp.pipe throughput: {best_base / best_extract:.3f}")


if __name__ == "__main__":
    sys.exit(main())
