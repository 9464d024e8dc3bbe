"""Recall of the CONSULT event with the right counterpart on the corpus readouts (issue 4 check).

    .venv/bin/python bench/corpus_consult.py [--n 400] [--corpus FILE.jsonl] [--misses 15]

The readouts' headlines name the counterpart ("Telephone conversation with President of France
Emmanuel Macron", "Volodymyr Zelenskyy had a phone conversation with the President of Poland").
For every readout whose headline names a phone call, talks or a meeting, the counterpart countries
are the countries the actor stage codes in the headline other than the publisher's own; the check
passes when one CONSULT event of the article has the publisher's state and one of those countries.
The events come from the whole pipeline on title + body, as for any article.
"""

from __future__ import annotations

import re

from corpus import corpus_arguments, read_articles

from backchannel.model import Article
from backchannel.pipeline import Pipeline
from backchannel.resources.actors import default_lexicon

CONTACT = re.compile(
    r"(?i)\b(telephone|phone) (conversation|call|talk)s?\b|\btalks with\b|\bmeeting with\b|\bmet with\b"
)


def main() -> None:
    args = corpus_arguments(__doc__, 400)

    items = read_articles(args.corpus, args.n)
    pipeline = Pipeline()
    lexicon = default_lexicon()
    checked = hits = 0
    misses: list[str] = []
    for article in pipeline.run(i for i in items if CONTACT.search(i.title or "")):
        if not isinstance(article, Article) or not article.title:
            continue
        publisher = lexicon.outlet(article.outlet)
        own = publisher.country if publisher else None
        title_end = len(article.title)
        counterparts = {
            a.country
            for _, m, a in article.actor_mentions()
            if m.end <= title_end and a.country and a.country != own
        }
        if not counterparts:
            continue
        checked += 1
        consults = [e for e in article.events if e.event_type == "CONSULT"]
        if any(own in e.countries and e.countries & counterparts for e in consults):
            hits += 1
        else:
            found = [sorted(e.countries) for e in consults]
            misses.append(f"{article.title[:90]!r}: want {own}+{sorted(counterparts)}, CONSULT {found}")
    print(f"corpus: {args.corpus}")
    print(f"readouts whose headline names a contact and a counterpart: {checked}")
    print(
        f"CONSULT with the publisher's state and the counterpart: {hits}  recall {hits / max(checked, 1):.3f}"
    )
    for line in misses[: args.misses]:
        print("  miss:", line)


if __name__ == "__main__":
    main()
