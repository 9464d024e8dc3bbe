"""The time stage alone: expressions per second, and its share of the whole pipeline, in one run.

    .venv/bin/python bench/time.py [--n 200] [--corpus FILE.jsonl] [--repeat 2]

Reads the first N articles of the corpus (../shared/corpus/kremlin_zelenskyy_2022.jsonl, else the
bundled examples/corpus/readouts.jsonl) and parses them once (spaCy, actors, events).  Times, on
those articles:
  nlp.pipe   bare spaCy over the cleaned texts (the baseline);
  tagger     finding and resolving expressions in the text alone (no parse);
  dates      the date stage: tagger, tense from the parse, event dates.
Prints expressions/s for both and the date stage's time as a share of nlp.pipe's.
"""

from __future__ import annotations

import copy
import time
from datetime import date

from corpus import corpus_arguments, read_articles

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.stages.actors import ActorStage
from backchannel.stages.dates import DateStage
from backchannel.stages.events import EventStage
from backchannel.stages.timex import find_phrases, resolve


def _best(repeat: int, run: object) -> float:
    times = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    args = corpus_arguments(__doc__, 200)
    items = read_articles(args.corpus, args.n)
    pipeline = Pipeline()
    parse = Pipeline(nlp=pipeline.nlp, stages=[ActorStage(), EventStage()])
    parsed = [a for a in parse.run(copy.deepcopy(items)) if isinstance(a, Article)]
    texts = [a.text for a in parsed]
    stage = DateStage()
    stage(parsed[0])  # compiles the patterns before timing

    nlp = pipeline.nlp.nlp
    base = _best(1, lambda: list(nlp.pipe(texts, batch_size=pipeline.settings.nlp_batch_size)))

    def tag() -> int:
        count = 0
        for article in parsed:
            published = date.fromisoformat(article.published) if article.published else None
            for phrase in find_phrases(article.text):
                resolve(phrase, published)
                count += 1
        return count

    expressions = tag()
    tagger = _best(args.repeat, tag)
    staged = _best(args.repeat, lambda: [stage(a) for a in parsed])
    resolved = sum(1 for a in parsed for t in a.timexes if t.value)

    print(f"corpus: {args.corpus}  articles: {len(parsed)}  expressions: {expressions} ({resolved} resolved)")
    print(f"{'':10} {'seconds':>9} {'articles/s':>11} {'expressions/s':>14}")
    print(f"{'nlp.pipe':10} {base:9.3f} {len(parsed) / base:11.1f}")
    print(f"{'tagger':10} {tagger:9.3f} {len(parsed) / tagger:11.1f} {expressions / tagger:14,.0f}")
    print(f"{'dates':10} {staged:9.3f} {len(parsed) / staged:11.1f} {expressions / staged:14,.0f}")
    print(f"date stage time / nlp.pipe time: {staged / base:.3f}")


if __name__ == "__main__":
    main()
