"""The attribution stage: who reports each event, what the parties said about it, its status and
whether it was announced (DESIGN.md section 2).

Reads the text, tokens, sentences, coded mentions, events and quotes; writes each event's
``attribution``, ``status_statements``, ``status`` and ``announced``.  The words are data in
``resources/attribution.json``.

* **Attribution**: in an event's evidence sentences, "according to X" and a source as the subject of
  a reporting verb give ``media`` (a mention coded JRN: "CNN reported"), ``document`` (a readout,
  minutes, a statement: "according to the readout", "the reading describes") or ``official``
  ("officials said", "according to US officials", with their country).  The article's own sources
  ("Kommersant reported", "reviewed by CNN", "known to Kommersant", "according to the readout",
  anywhere in the text) go to its lead events: those with evidence in the headline or the first
  sentences.  An event with none is the article's own reporting (``self``, the outlet).
* **Statements**: "neither confirm nor deny", "declined to comment", "did not respond", "confirmed
  the meeting", "denied the talks" with their subjects (each conjunct: "the Pentagon and State
  Department declined to comment"), attached to the event of their sentence, else to the last
  contact (CONSULT) before them, else the last event.
* **Status**: confirmed and denied → disputed; confirmed → confirmed; denied → denied; only
  non-answers → unconfirmed, unless a document or officials of a party report the event (a leaked
  readout is a record, not a rumour) → reported; no statement → reported.
* **Announced**: "has not been publicly announced", "unannounced", "secret talks", "never made
  public" → false; "was announced", "publicly confirmed" → true; in the event's sentences, or a
  sentence that names no event of its own, for the last contact before it.
"""

from __future__ import annotations

import bisect
import re

from backchannel.model import Actor, Article, Attribution, Event, Evidence, Stance, Status, StatusStatement
from backchannel.resources.attribution import AttributionWords, attribution_words, phrase_pattern
from backchannel.stages.syntax import CodedMentions, according_to, children, sentence_at

_NON_ANSWERS = frozenset({"neither_confirm_nor_deny", "declined_to_comment", "no_comment"})
_LEAD_SENTENCES = 4


class AttributionStage:
    """Attribution, statements, status and announcement of every event (see the module docstring)."""

    def __init__(self, words: AttributionWords | None = None) -> None:
        self.words = words or attribution_words()
        self._stance = [
            (stance, phrase_pattern((phrase,)))
            for stance, phrases in self.words.stances.items()
            for phrase in phrases
        ]
        #: every stance phrase in one pattern: where its first match starts, no stance phrase
        #: matched before (most texts have none at all); each pattern is searched from there
        self._any_stance = phrase_pattern(
            tuple(p for phrases in self.words.stances.values() for p in phrases)
        )
        self._unannounced = phrase_pattern(self.words.unannounced)
        self._announced = phrase_pattern(self.words.announced)

    def __call__(self, article: Article) -> Article:
        if not article.events or not article.sentences:
            return article
        self._mentions = CodedMentions(article)  # this article's, for every lookup below
        self._token_starts = [t.start for t in article.tokens]
        sentence_starts = [s.start for s in article.sentences]
        by_sentence: dict[int, list[Event]] = {}
        for event in article.events:
            for evidence in event.evidence:
                by_sentence.setdefault(sentence_at(sentence_starts, evidence.start), []).append(event)
        self._statements(article, sentence_starts, by_sentence)
        self._announcement(article, sentence_starts, by_sentence)
        lead_sources = self._sources(article, range(len(article.sentences)), lead=True)
        for event in article.events:
            sentences = sorted({sentence_at(sentence_starts, e.start) for e in event.evidence})
            found = self._sources(article, sentences, lead=False)
            if min(sentences, default=99) < _LEAD_SENTENCES:
                found += lead_sources
            # who would not confirm it is not its source
            commenters = {
                s.actor.name or s.actor.text for s in event.status_statements if s.stance != "confirm"
            }
            found = [a for a in found if a.kind != "official" or a.name not in commenters]
            event.attribution = _unique(found) or [Attribution("self", article.outlet)]
        for event in article.events:
            event.status = _status(event)
        return article

    # -- attribution ----------------------------------------------------------------------------

    def _sources(self, article: Article, sentences: range | list[int], *, lead: bool) -> list[Attribution]:
        tokens = article.tokens
        out: list[Attribution] = []
        for index in sentences:
            bounds = article.sentences[index]
            for i in range(bounds.token_start, bounds.token_end):
                token = tokens[i]
                source: int | None = None
                if token.text.lower() == "according":
                    source = according_to(tokens, i, bounds.token_end)
                elif (
                    token.dep in ("nsubj", "nsubjpass")
                    and tokens[token.head].lemma.lower() in self.words.media_verbs
                ):
                    if not any(c.dep == "neg" for c in children(tokens, token.head)):
                        source = i
                elif token.dep == "pobj" and tokens[token.head].text.lower() in ("by", "to"):
                    verb = tokens[tokens[token.head].head]  # "reviewed by CNN", "known to Kommersant"
                    if verb.lemma.lower() in self.words.media_verbs and verb.tag == "VBN":
                        source = i
                if source is not None and (found := self._source(article, source, lead=lead)) is not None:
                    out.append(found)
        return out

    def _source(self, article: Article, token: int, *, lead: bool) -> Attribution | None:
        head = article.tokens[token]
        lemma = head.text.lower() if head.text.lower() in self.words.documents else head.lemma.lower()
        if lemma in self.words.documents and any(
            c.text.lower() in ("the", "this", "a") for c in children(article.tokens, token)
        ):
            return Attribution("document", self.words.documents[lemma])
        actor = self._mentions.actor_at(token)
        if actor is not None and actor.sector == "JRN":
            return Attribution("media", actor.name or actor.text)
        if lead:
            return None  # officials count only where the event is told
        if head.text.lower() in self.words.officials:
            words = article.text[actor.start : actor.end] if actor and actor.start is not None else head.text
            return Attribution("official", words)
        if actor is not None and actor.name and actor.sector in ("GOV", "MIL", "SPY"):
            return Attribution("official", actor.name)
        return None

    # -- statements and status ------------------------------------------------------------------

    def _statements(
        self, article: Article, sentence_starts: list[int], by_sentence: dict[int, list[Event]]
    ) -> None:
        first = self._any_stance.search(article.text)
        if first is None:
            return
        taken: list[tuple[int, int]] = []
        for stance, pattern in self._stance:
            for m in pattern.finditer(article.text, first.start()):  # (\b still sees the text before)
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue  # "neither confirm nor deny" is not also "deny"
                if stance in ("confirm", "deny") and not self._about_event(
                    article.text[m.end() : m.end() + 60]
                ):
                    continue
                taken.append((m.start(), m.end()))
                sentence = sentence_at(sentence_starts, m.start())
                event = _event_for(article, sentence, by_sentence, m.start())
                if event is None:
                    continue
                bounds = article.sentences[sentence]
                evidence = Evidence(article.text[bounds.start : bounds.end], bounds.start, bounds.end)
                for actor in self._speakers(article, m.start()):
                    event.status_statements.append(StatusStatement(_plain(actor), _stance(stance), evidence))

    def _about_event(self, following: str) -> bool:
        words = re.findall(r"[a-z]+", following.lower())[:6]
        return any(w in self.words.event_words for w in words)

    def _speakers(self, article: Article, offset: int) -> list[Actor]:
        """The subject of the statement's verb, with its conjuncts."""
        tokens = article.tokens
        index = bisect.bisect_right(self._token_starts, offset) - 1
        node = index
        for _ in range(6):
            subjects = [c.i for c in children(tokens, node) if c.dep in ("nsubj", "nsubjpass")]
            if subjects:
                heads = [subjects[0], *[c.i for c in children(tokens, subjects[0]) if c.dep == "conj"]]
                actors: list[Actor] = []
                for head in heads:  # "the Turkish and Iranian ministries": one phrase, two actors
                    over = self._mentions.covering(tokens[head].start)
                    actors += over or [a for a in [self._mentions.actor_at(head)] if a is not None]
                return [a for a in actors if a.country or a.name]
            if tokens[node].head == node:
                break
            node = tokens[node].head
        return []

    def _announcement(
        self, article: Article, sentence_starts: list[int], by_sentence: dict[int, list[Event]]
    ) -> None:
        for value, pattern in ((False, self._unannounced), (True, self._announced)):
            for m in pattern.finditer(article.text):
                sentence = sentence_at(sentence_starts, m.start())
                bounds = article.sentences[sentence]
                said = re.findall(r"[a-z]+", article.text[bounds.start : bounds.end].lower())
                if sentence not in by_sentence and not any(w in self.words.event_words for w in said):
                    continue  # "the sanctions package was announced" says nothing of a contact
                event = _event_for(article, sentence, by_sentence, m.start())
                if event is not None and event.announced is None:
                    event.announced = value


#: a statement with no event of its own is about a contact told at most this many sentences before
_REACH = 3


def _event_for(
    article: Article, sentence: int, by_sentence: dict[int, list[Event]], offset: int
) -> Event | None:
    """The event of the sentence (a contact first), else the last contact told in the few sentences
    before it, else the last event told there."""
    own = by_sentence.get(sentence, [])
    if own:
        return next((e for e in own if e.event_type == "CONSULT"), own[0])
    for back in range(1, _REACH + 1):
        told = by_sentence.get(sentence - back, [])
        if told:
            return next((e for e in told if e.event_type == "CONSULT"), told[0])
    return None


def _status(event: Event) -> Status:
    stances = {s.stance for s in event.status_statements}
    if "confirm" in stances and "deny" in stances:
        return "disputed"
    if "confirm" in stances:
        return "confirmed"
    if "deny" in stances:
        return "denied"
    if stances and stances <= _NON_ANSWERS:
        on_record = any(a.kind in ("document", "official") for a in event.attribution)
        return "reported" if on_record else "unconfirmed"
    return "reported"


def _stance(value: str) -> Stance:
    return value  # type: ignore[return-value]  # checked against STANCES when the words load


def _plain(actor: Actor) -> Actor:
    return Actor(
        text=actor.text, name=actor.name, country=actor.country, sector=actor.sector, role=actor.role
    )


def _unique(items: list[Attribution]) -> list[Attribution]:
    seen: set[tuple[str, str | None]] = set()
    out = []
    for item in items:
        if (item.kind, item.name) not in seen:
            seen.add((item.kind, item.name))
            out.append(item)
    return out
