"""The actor stage alone: mentions/s, and its share of the whole pipeline's time, in one run.

    .venv/bin/python bench/actors.py [--n 300] [--corpus FILE.jsonl]

Reads the first N articles of the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled examples/corpus/readouts.jsonl), runs clean + language + spaCy once (not timed), then
times the actor stage over the parsed articles, and separately the whole pipeline on the same
inputs, and prints mentions/s of the stage and stage time / pipeline time.  The lexicon is built
before timing (its build time is printed on its own).
"""

from __future__ import annotations

import copy
import time

from corpus import corpus_arguments, read_articles

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.resources.actors import default_lexicon
from backchannel.stages.actors import ActorStage


def main() -> None:
    args = corpus_arguments(__doc__, 300)

    start = time.perf_counter()
    stage = ActorStage(default_lexicon())
    build = time.perf_counter() - start

    items = read_articles(args.corpus, args.n)
    parsed_only = Pipeline(stages=[])
    parsed = [a for a in parsed_only.run(copy.deepcopy(items)) if isinstance(a, Article)]

    start = time.perf_counter()
    mentions = 0
    for article in parsed:
        stage(article)
        mentions += sum(1 for _ in article.actor_mentions())
    stage_seconds = time.perf_counter() - start

    full = Pipeline(nlp=parsed_only.nlp, stages=[stage])
    start = time.perf_counter()
    done = sum(isinstance(a, Article) for a in full.run(copy.deepcopy(items)))
    total_seconds = time.perf_counter() - start

    print(f"corpus: {args.corpus}  articles: {len(parsed)} (pipeline: {done})  actor mentions: {mentions}")
    print(f"lexicon build: {build:.2f} s (once per process)")
    print(f"actor stage: {stage_seconds:.2f} s  {mentions / stage_seconds:,.0f} mentions/s  "
          f"{len(parsed) / stage_seconds:,.1f} articles/s")  # fmt: skip
    print(f"whole pipeline: {total_seconds:.2f} s; actor stage share: {stage_seconds / total_seconds:.1%}")


if __name__ == "__main__":
    main()
