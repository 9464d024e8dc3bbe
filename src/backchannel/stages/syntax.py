"""Small readings of the parse shared by the stages after the actor stage: a token's children, its
subtree, and the coded actor of the phrase it heads."""

from __future__ import annotations

import bisect
from dataclasses import replace

from backchannel.model import Actor, Article, Token


def children(tokens: list[Token], index: int) -> list[Token]:
    return [t for t in tokens[max(0, index - 30) : index + 30] if t.head == index and t.i != index]


def subtree(tokens: list[Token], index: int, low: int, high: int) -> range:
    """The contiguous token range of ``index``'s subtree within [low, high)."""
    inside = {index}
    for t in tokens[low:high]:
        node, seen = t.i, 0
        while node not in inside and tokens[node].head != node and seen < 40:
            node, seen = tokens[node].head, seen + 1
        if node in inside:
            inside.add(t.i)
    return range(min(inside), max(inside) + 1)


def actor_at(article: Article, token: int) -> Actor | None:
    """The coded actor of the phrase headed by ``token``: the mention over the token, else the
    first coded mention inside the phrase ("one of the attachés"), else the words themselves."""
    tokens = article.tokens
    head = tokens[token]
    coded = [
        (m.start, m.end, m.actor) for m in article.mentions if m.actor is not None and m.label != "PLACE"
    ]
    for start, end, actor in coded:
        if start <= head.start < end:
            return actor
    if head.pos == "PROPN":  # a surname the actor stage did not take as a mention: "Ilyin added ..."
        named = [a for s, _, a in coded if s < head.start and a.name and a.name.split()[-1] == head.text]
        if named:
            return replace(named[-1], text=head.text, start=head.start, end=head.end)
    sentence = next((s for s in article.sentences if s.token_start <= token < s.token_end), None)
    low, high = (sentence.token_start, sentence.token_end) if sentence else (token, token + 1)
    span = subtree(tokens, token, low, high)
    first, last = tokens[span.start].start, tokens[span.stop - 1].end
    inside = [(s, e, a) for s, e, a in coded if first <= s and e <= last]
    if inside:
        return min(inside, key=lambda c: c[0])[2]
    if head.pos in ("PRON", "DET") and head.text.lower() not in ("one",):
        return None  # an unresolved pronoun names nobody
    return Actor(text=article.text[first:last], start=first, end=last)


def sentence_at(sentence_starts: list[int], offset: int) -> int:
    """The index of the sentence holding character ``offset`` (``sentence_starts``: their starts)."""
    return max(0, bisect.bisect_right(sentence_starts, offset) - 1)
