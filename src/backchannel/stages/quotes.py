"""The quote stage: direct quotations with their speakers, as ``Quote`` records.

Reads the text, tokens, sentences, coded mentions (with coreference) and events; writes
``Article.quotes``.

* A quotation is the text between curly (“ ”), straight (" ") or angle (« ») double quote marks,
  three words or more, that is not a title (a short run of capitalised words).
* Its speaker is found through a cue verb (``cue_verbs`` in ``resources/attribution.json``): first
  by climbing the parse from the quotation to the verb that governs it ("Lavrov said Russia “was
  willing ...”", "Putin called on Kiev “to return ...”", "“...,” Peskov said"), else the nearest cue
  verb of the sentence outside the quotation ("Peskov said: “...”"), else "according to X".
  The cue's subject is the speaker (a participle like "saying" takes its clause's subject), coded
  as the mention there; a pronoun ("“...,” he said") is whoever spoke last: the named subject of
  the last cue verb before the quotation, else of the previous sentence, else the last person.  A quotation that opens a
  sentence right after another one, with no cue of its own, continues it (“...,” Peskov said.
  “...”).  A document as subject ("the statement concludes") is the speaker, by its words.
* A message relayed through a person ("Putin sent a message to Zelensky through Embalo, saying
  that “He wishes ...”") is the relay's words when the quotation speaks of someone in the third
  person ("he", "she") as its subject: nobody calls himself "he", so the sender is not the speaker.
* A quotation inside an event's evidence, spoken by one of the event's parties, is linked to it
  (``event_id``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from backchannel.model import Actor, Article, Event, Quote, Token, content_id
from backchannel.resources.actors import Lexicon, default_lexicon
from backchannel.resources.attribution import AttributionWords, attribution_words
from backchannel.stages.syntax import CodedMentions, according_to, children, sentence_at

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_STOPS = frozenset({".", "!", "?"})
_CLIMB = frozenset({"advcl", "xcomp", "conj", "ccomp", "acl", "relcl", "pcomp"})


_THIRD_PERSON = frozenset({"he", "she"})
_RELAYS = frozenset({"through", "via"})

_MARKS = re.compile(r"[“”\"«»]")


def _quote_pairs(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quote marks.  Curly and angle marks say which they are; a straight
    mark opens after a space or bracket and closes before one.  An opening mark with no closing
    one before the next opening (a quotation running over paragraphs) ends at its paragraph."""
    marks: list[tuple[int, bool]] = []  # (offset, is_opening)
    for m in _MARKS.finditer(text):
        mark, at = m.group(0), m.start()
        if mark in "“«":
            marks.append((at, True))
        elif mark in "”»":
            marks.append((at, False))
        else:
            before = text[at - 1] if at else " "
            after = text[at + 1] if at + 1 < len(text) else " "
            if before.isspace() or before in "([{—–-:" or at == 0:
                marks.append((at, True))
            elif after.isspace() or after in ".,;:!?)]}—–-" or at + 1 == len(text):
                marks.append((at, False))
    pairs: list[tuple[int, int]] = []
    opening: int | None = None
    for at, is_opening in marks:
        if is_opening:
            if opening is not None:  # unclosed: the quotation ends with its paragraph
                paragraph_end = text.find("\n", opening)
                if 0 <= paragraph_end < at:
                    pairs.append((opening, paragraph_end))
            opening = at
        elif opening is not None:
            pairs.append((opening, at))
            opening = None
    return pairs


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the words between quote marks (marks excluded) that are quotations, in order."""
    spans = []
    for open_at, close_at in _quote_pairs(text):
        start, end = open_at + 1, close_at
        inner = text[start:end]
        words = _WORD.findall(inner)
        if len(words) < 3 or _is_title(inner, words):
            continue
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return spans


_SMALL = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _is_title(inner: str, words: list[str]) -> bool:
    """ "The Art of War", "Russian World": short, every word but small ones capitalised, no final stop."""
    content = [w for w in words if w.lower() not in _SMALL]
    return (
        len(words) <= 8
        and bool(content)
        and all(w[0].isupper() or w[0].isdigit() for w in content)
        and not inner.rstrip().endswith((".", "!", "?", ","))
    )


class QuoteStage:
    """Finds quotations and their speakers (see the module docstring)."""

    def __init__(self, words: AttributionWords | None = None, lexicon: Lexicon | None = None) -> None:
        self.words = words or attribution_words()
        self.lexicon = lexicon or default_lexicon()

    def __call__(self, article: Article) -> Article:
        if not article.tokens:
            return article
        self._mentions = CodedMentions(article)  # this article's, for every lookup below
        starts = self._starts = [t.start for t in article.tokens]
        sentence_starts = [s.start for s in article.sentences]
        quotes: list[Quote] = []
        article.quotes = quotes  # filled as found: later speakers look back at earlier quotes
        previous: tuple[Quote, int] | None = None  # the last quote and the sentence it ends in
        for start, end in quoted_spans(article.text):
            first = bisect.bisect_left(starts, start)
            last = bisect.bisect_left(starts, end)
            inside = range(first, last)
            if not inside:
                continue
            sentence = sentence_at(sentence_starts, start)
            end_sentence = sentence_at(sentence_starts, max(start, end - 1))
            after = article.text[end : end + 3].lstrip('”"» ')
            trails = article.text[end - 1] in ",—–!?" or after[:1] in (",", "—", "–")
            speaker, cue = self._speaker(article, inside, sentence, end_sentence, trails)
            if (
                speaker is None
                and previous is not None
                and self._continues(article, start, sentence, previous)
            ):
                speaker, cue = previous[0].speaker, previous[0].cue
            quote = Quote(
                id=content_id("qu", article.id, start, end),
                article_id=article.id,
                text=article.text[start:end],
                start=start,
                end=end,
                speaker=speaker,
                cue=cue,
            )
            quote.event_id = _event_of(article.events, quote)
            quotes.append(quote)
            previous = (quote, end_sentence)
        return article

    # -- speakers ---------------------------------------------------------------------------------

    def _speaker(
        self, article: Article, inside: range, sentence: int, end_sentence: int, trails: bool
    ) -> tuple[Actor | None, str | None]:
        """``trails``: the quotation ends in a comma or dash, so its sentence goes on after it."""
        tokens = article.tokens
        cue = self._governing_cue(tokens, inside)
        if cue is None:
            cue = self._nearest_cue(article, inside, range(sentence, end_sentence + 1))
        if cue is None and trails:
            cue = self._cue_right_after(article, inside)  # “...,” | he said.
        if cue is not None:
            subject = self._subject(tokens, cue)
            if (subject is None or subject in inside) and cue >= inside.stop:
                # “...,” Zelensky concluded: the parser gave the cue a subject inside the quotation
                subject = next(
                    (i for i in range(inside.stop, cue) if tokens[i].pos in ("PROPN", "NOUN", "PRON")), None
                )
            if subject is not None and subject not in inside:
                actor = self._mentions.actor_at(subject)
                if tokens[subject].pos == "PRON":  # "“...,” he said": who was speaking before
                    before = tokens[inside.start].start
                    actor = self._last_speaker(article, before, sentence) or self._last_person(
                        article, before
                    )
                if actor is not None:
                    relay = self._relay(tokens, cue, inside)
                    if relay is not None:
                        return relay, tokens[cue].lemma.lower()
                    return self._document(article, tokens[subject], actor), tokens[cue].lemma.lower()
        according = self._according_to(article, inside, range(sentence, end_sentence + 1))
        if according is not None and (actor := self._mentions.actor_at(according)) is not None:
            return actor, "according to"
        return None, None

    def _relay(self, tokens: list[Token], cue: int, inside: range) -> Actor | None:
        """The named person a message went through ("through X", "via X") on the way from the cue
        to its head verb, when the quotation's subject is "he" or "she"."""
        if not any(tokens[i].dep in _SUBJECTS and tokens[i].text.lower() in _THIRD_PERSON for i in inside):
            return None
        node = cue
        for _ in range(3):
            for prep in children(tokens, node):
                if prep.dep != "prep" or prep.text.lower() not in _RELAYS:
                    continue
                for obj in children(tokens, prep.i):
                    actor = self._mentions.actor_at(obj.i) if obj.dep == "pobj" else None
                    if actor is not None and actor.name:
                        return actor
            if tokens[node].dep not in _CLIMB or tokens[node].head == node:
                return None
            node = tokens[node].head
        return None

    def _is_cue(self, token: Token) -> bool:
        return token.pos in ("VERB", "AUX") and token.lemma.lower() in self.words.cue_verbs

    def _governing_cue(self, tokens: list[Token], inside: range) -> int | None:
        """The cue verb the quotation hangs from: climb from its outside heads to the root."""
        for i in inside:
            head = tokens[i].head
            if head in inside:
                continue
            node, seen = head, 0
            while seen < 12:
                if self._is_cue(tokens[node]) and node not in inside:
                    return node
                if tokens[node].head == node:
                    break
                node, seen = tokens[node].head, seen + 1
        return None

    def _nearest_cue(self, article: Article, inside: range, sentences: range) -> int | None:
        """A cue verb of the quotation's sentences outside it: after it first, then before it."""
        tokens = article.tokens
        after: list[int] = []
        before: list[int] = []
        for index in sentences:
            if not 0 <= index < len(article.sentences):
                continue
            bounds = article.sentences[index]
            for i in range(bounds.token_start, bounds.token_end):
                if i in inside or not self._is_cue(tokens[i]):
                    continue
                (after if i >= inside.stop else before).append(i)
        if after:
            return after[0]
        return before[-1] if before else None

    def _last_speaker(self, article: Article, before: int, sentence: int) -> Actor | None:
        """The named subject of the last cue verb, outside quotations, in the two sentences before
        ``before``: "Erdogan stressed the work of investors. “...,” he said." is Erdogan."""
        tokens = article.tokens
        quoted = [(q.start, q.end) for q in article.quotes]
        low = article.sentences[max(0, sentence - 2)].token_start
        index = bisect.bisect_left(self._starts, before)
        for i in range(index - 1, low - 1, -1):
            token = tokens[i]
            if not self._is_cue(token) or any(s <= token.start < e for s, e in quoted):
                continue
            subject = self._subject(tokens, i)
            if subject is None or tokens[subject].pos == "PRON":
                continue
            actor = self._mentions.actor_at(subject)
            if actor is not None and actor.name:
                return actor
        return self._previous_subject(article, sentence)

    def _previous_subject(self, article: Article, sentence: int) -> Actor | None:
        """The named subject of the main verb of the sentence before: who the text is about."""
        if sentence == 0:
            return None
        tokens = article.tokens
        bounds = article.sentences[sentence - 1]
        roots = [t.i for t in tokens[bounds.token_start : bounds.token_end] if t.head == t.i]
        subject = self._subject(tokens, roots[0]) if roots else None
        if subject is None or tokens[subject].pos == "PRON":
            return None
        actor = self._mentions.actor_at(subject)
        return actor if actor is not None and actor.name else None

    def _last_person(self, article: Article, before: int) -> Actor | None:
        """ "“...,” he said": the last named person or speaker before the quotation, outside quotes."""
        quoted = [(q.start, q.end) for q in article.quotes]
        for mention in reversed(article.mentions):
            if mention.end > before or mention.actor is None or mention.label not in ("PERSON", "PRON"):
                continue
            if any(s <= mention.start < e for s, e in quoted) or not mention.actor.name:
                continue
            return replace(mention.actor, text=mention.text, start=mention.start, end=mention.end)
        return None

    def _document(self, article: Article, head: Token, actor: Actor) -> Actor:
        """A document that speaks ("the message reads") on an official outlet is that office's."""
        if actor.country or head.lemma.lower() not in self.words.documents:
            return actor
        entry = self.lexicon.publisher(article.outlet, article.url)
        if entry is None:
            return actor
        return replace(actor, country=entry.country, sector=entry.sector or "GOV")

    def _cue_right_after(self, article: Article, inside: range) -> int | None:
        """A cue among the first words after the quotation when the parser began a new sentence
        there: “...” | he said."""
        tokens = article.tokens
        for i in range(inside.stop, min(len(tokens), inside.stop + 6)):
            if tokens[i].text in _STOPS and i > inside.stop + 1:
                break
            if self._is_cue(tokens[i]):
                return i
        return None

    def _subject(self, tokens: list[Token], cue: int) -> int | None:
        node = cue
        for _ in range(4):
            below = children(tokens, node)
            subject = next((t.i for t in below if t.dep in _SUBJECTS), None)
            agent = next((t for t in below if t.dep == "agent"), None)
            if subject is None and agent is not None:  # "..., was said by X"
                subject = next((c.i for c in children(tokens, agent.i) if c.dep == "pobj"), None)
            if subject is not None:
                return subject
            if tokens[node].dep == "relcl":
                return tokens[node].head  # "Peskov, who said ..."
            if tokens[node].dep not in _CLIMB or tokens[node].head == node:
                return None
            node = tokens[node].head  # "..., saying that ...": the clause's subject
        return None

    def _according_to(self, article: Article, inside: range, sentences: range) -> int | None:
        tokens = article.tokens
        for index in sentences:
            if not 0 <= index < len(article.sentences):
                continue
            bounds = article.sentences[index]
            for i in range(bounds.token_start, bounds.token_end):
                source = according_to(tokens, i, bounds.token_end)
                if source is not None and source not in inside:
                    return source
        return None

    def _continues(self, article: Article, start: int, sentence: int, previous: tuple[Quote, int]) -> bool:
        """The quotation opens its sentence, and only a cue ("he said.") stands between it and the
        previous quotation (a quotation interrupted by its cue, or running on in a new paragraph)."""
        between = article.text[previous[0].end : start]
        if len(_WORD.findall(between)) > 6 and sentence - previous[1] not in (0, 1):
            return False
        bounds = article.sentences[sentence]
        lead = article.text[bounds.start : start]
        return not _WORD.search(lead) or len(_WORD.findall(between)) <= 6


def _event_of(events: list[Event], quote: Quote) -> str | None:
    """The event whose evidence holds the quotation and whose parties include its speaker."""
    speaker = quote.speaker
    for event in events:
        if not any(e.start <= quote.start and quote.end <= e.end for e in event.evidence):
            continue
        parties = [*event.actor, *event.recipient]
        if speaker is None or any(
            (speaker.name and p.name == speaker.name) or (speaker.country and p.country == speaker.country)
            for p in parties
        ):
            return event.id
    return None
