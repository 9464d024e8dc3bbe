"""The event stage alone, and the whole pipeline against bare ``nlp.pipe``, in one run.

    .venv/bin/python bench/events.py [--n 200] [--corpus FILE.jsonl]

Reads the first N articles of the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled examples/corpus/readouts.jsonl).  Times, on the same cleaned texts:
  nlp.pipe   bare spaCy over the texts (the baseline);
  pipeline   extract end to end (clean, language, spaCy, actors, events);
  events     the event stage alone over articles already parsed and coded for actors.
Prints articles/s and events/s, and the ratio pipeline/nlp.pipe throughput (goal >= 0.8).
"""

from __future__ import annotations

import copy
import time

from corpus import corpus_arguments, read_articles

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.stages.actors import ActorStage
from backchannel.stages.clean import clean_article
from backchannel.stages.events import EventStage


def main() -> None:
    args = corpus_arguments(__doc__, 200)

    items = read_articles(args.corpus, args.n)
    texts = [a.text for a in (clean_article(copy.deepcopy(i)) for i in items) if isinstance(a, Article)]
    pipeline = Pipeline()  # builds every stage (lexicons, gazetteer) before timing
    nlp = pipeline.nlp.nlp
    list(nlp.pipe(texts[:5]))
    list(pipeline.run(copy.deepcopy(items[:5])))

    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=pipeline.settings.nlp_batch_size):
        pass
    base = time.perf_counter() - start

    start = time.perf_counter()
    done = [a for a in pipeline.run(copy.deepcopy(items)) if isinstance(a, Article)]
    full = time.perf_counter() - start
    events = sum(len(a.events) for a in done)

    parsed = [
        a
        for a in Pipeline(nlp=pipeline.nlp, stages=[ActorStage()]).run(copy.deepcopy(items))
        if isinstance(a, Article)
    ]
    stage = next(s for s in pipeline.stages if isinstance(s, EventStage))
    start = time.perf_counter()
    for article in parsed:
        stage(article)
    alone = time.perf_counter() - start

    print(f"corpus: {args.corpus}  articles: {len(texts)}  events: {events}")
    print(f"{'':10} {'seconds':>9} {'articles/s':>11}")
    print(f"{'nlp.pipe':10} {base:9.2f} {len(texts) / base:11.1f}")
    print(f"{'pipeline':10} {full:9.2f} {len(done) / full:11.1f}")
    print(f"{'events':10} {alone:9.2f} {len(parsed) / alone:11.1f}   ({events / alone:,.0f} events/s)")
    print(f"ratio pipeline/nlp.pipe throughput: {base / full:.3f}")


if __name__ == "__main__":
    main()
