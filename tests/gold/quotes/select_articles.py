#!/usr/bin/env python3
"""Reproduce the article selection for corpus_quotes.gold.jsonl (see README.md, "Selection").

Prints the 36 chosen ids, by outlet and date. Usage: python3 select_articles.py [CORPUS_JSONL]
This is a selection filter only: it finds articles likely to contain cue-introduced quotations.
The quotes themselves were annotated by hand (build_gold.py).
"""

import json
import re
import sys
from collections import defaultdict

CORPUS = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus/kremlin_zelenskyy_2022.jsonl"
SPAN = re.compile(r'[\u201c"]([^\u201c\u201d"]{3,}?)[\u201d"]')
CUE = re.compile(
    r"\b(said|says|noted|notes|stressed|stresses|emphasized|emphasised|added|according to|"
    r"stated|states|reads|wrote|declared|underlined|pointed out|remarked)\b"
)
SPEAKER_LABEL = re.compile(r"(Vladimir Putin|President of Russia Vladimir Putin|Patriarch Kirill):")
SPEECH_TITLE = re.compile(
    r"\b(address|speech|remarks|interview|transcript|news conference|press conference|"
    r"answers to)\b",
    re.I,
)
GREETING_TITLE = re.compile(r"greeting|congratul|condolen", re.I)


def main():
    with open(CORPUS, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    pool = defaultdict(list)
    for r in rows:
        t = r["text"]
        if len(t) >= 6000 or SPEECH_TITLE.search(r["title"]) or SPEAKER_LABEL.search(t):
            continue
        spans = [m for m in SPAN.finditer(t) if len(m.group(1).split()) >= 3]
        if not any(CUE.search(t[max(0, m.start() - 60) : m.end() + 60]) for m in spans):
            continue
        r["n_spans"] = len(spans)
        pool[r["outlet"]].append(r)
    chosen = []
    for outlet, items in sorted(pool.items()):
        items.sort(key=lambda r: (r["published"], r["id"]))
        if outlet == "kremlin.ru":
            greet = [r for r in items if GREETING_TITLE.search(r["title"])]
            other = [r for r in items if not GREETING_TITLE.search(r["title"])]
            k = len(greet) // 12
            pick = [greet[i] for i in range(k // 2, len(greet), k)][:12] + other
            print(
                f"# {outlet}: pool {len(items)} (greetings {len(greet)}, every {k}th from index {k // 2}; "
                f"other {len(other)}, all taken)"
            )
        else:
            rich = [r for r in items if r["n_spans"] >= 3]
            k = len(rich) // 20
            pick = [rich[i] for i in range(k // 2, len(rich), k)][:20]
            print(
                f"# {outlet}: pool {len(items)}, with >= 3 spans {len(rich)}, every {k}th from index {k // 2}"
            )
        pick.sort(key=lambda r: (r["published"], r["id"]))
        for r in pick:
            print(r["id"], r["published"], r["title"][:80])
        chosen += [r["id"] for r in pick]
    return chosen


if __name__ == "__main__":
    main()
