"""Events: PLOVER events from triggers in the dependency parse, with parties, mode, place, flags.

Reads ``Article.tokens``, ``sentences`` and the coded ``mentions`` (actor stage); writes
``Article.events``.  Precision first:
- a trigger (``resources/events.json``: verbs, nominal events, "ready/willing/open to") makes an
  event only with at least one party coded to a country, and a target when its type needs one;
- parties come from the parse: subject (or the passive agent, or the subject of the governing
  verb for "agreed to meet"), direct object, the trigger's prepositions ("talks with", "call on",
  "between X and Y", "with X or with Y"), country modifiers of a nominal event ("U.S.-Russian
  talks") and the subject of a light verb ("held talks");
- "the meeting" with no parties of its own is the event mentioned last in the article, or the
  one the actors of its sentence took part in;
- the place is the "in/at" phrase of the trigger or of the clause ("held at ... in Moscow");
  CONSULT's mode follows: phone words → phone, a summit or three states → multilateral, a place in
  one party's country → visit (that party hosts), in none → third-party;
- events in background clauses ("since Russia invaded Ukraine") are not coded; a negated,
  hypothetical or future event is coded and flagged, and a future meeting is AGREE (PLOVER);
- mentions of one event in several sentences become one event with every evidence sentence, unless
  their sentences carry different dates.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from backchannel.model import (
    Actor,
    Article,
    Event,
    EventDate,
    Evidence,
    Location,
    Mention,
    Source,
    content_id,
)
from backchannel.resources.actors import Lexicon, default_lexicon
from backchannel.resources.events import EventLexicon, Trigger, event_lexicon
from backchannel.stages.places import Gazetteer, default_gazetteer

log = logging.getLogger(__name__)

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
_NEGATION = frozenset({"not", "n't", "never", "no"})
_MODAL = frozenset({"could", "would", "might", "may", "should", "can"})
_FUTURE = frozenset({"will", "shall"})
_BLOCKING = frozenset({"fail", "refuse", "decline", "stop", "deny", "avoid"})
_PLANNING = frozenset(
    {
        "plan",
        "intend",
        "expect",
        "hope",
        "prepare",
        "schedule",
        "want",
        "seek",
        "agree",
        "propose",
        "offer",
        "aim",
    }
)
_BACKGROUND = frozenset({"since", "after", "before", "until", "when", "while", "as", "once"})
_LOCATIVE = frozenset({"in", "at"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_EMBEDDING = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "acl",
        "relcl",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "conj",
        "attr",
        "nsubj",
        "nsubjpass",
        "amod",
        "compound",
    }
)
_OBLIGATION = frozenset({"must", "should"})
_COOPERATIVE = frozenset({"CONSULT", "AID", "SUPPORT", "COOPERATE", "RETREAT", "CONCEDE"})
_CONFLICT = frozenset({"SANCTION", "ASSAULT", "COERCE", "MOBILIZE"})
_DEMAND = Trigger("must", "verb", "REQUEST", None, "request")
_CHANNEL_PREPS = frozenset({"by", "over", "via", "on"})
_TARGET_PREPS = frozenset({"to", "with", "against", "on", "from", "toward", "towards", "into"})
_SAY = frozenset(
    {
        "say",
        "tell",
        "state",
        "declare",
        "announce",
        "add",
        "note",
        "stress",
        "insist",
        "confirm",
        "write",
        "claim",
    }
)
_UNDOING = frozenset(
    {"lift", "remove", "end", "drop", "scrap", "ease", "relax", "revoke", "rescind", "abolish", "waive"}
)
_DECIDING = frozenset({"announce", "decide"})
_EFFORT = frozenset({"effort", "bid", "initiative", "mission"})
_MEASURES = frozenset({"day", "week", "month", "hour", "round", "series", "set", "year", "night"})
_PARTITIVE = frozenset({"part", "parts", "some", "all", "most", "half", "portion", "much", "rest", "bulk"})
#: inflectional endings and what replaces them, to find a verb's lemma when the lemmatizer slips
_INFLECTIONS = (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ing", ""), ("ing", "e"))
_PLACE_VERBS = frozenset({"take", "hold", "happen", "occur", "begin", "start", "end", "continue", "resume"})


#: a resolved place and its kind ("city", "country"): a more precise place wins in merging
Placed = tuple[Location, str]


@dataclass(slots=True)
class Candidate:
    """An event while it is being built."""

    trigger: Trigger
    head: int  # token index of the trigger
    sentence: int
    actor: list[Mention] = field(default_factory=list)
    recipient: list[Mention] = field(default_factory=list)
    intermediary: list[Mention] = field(default_factory=list)
    location: Location | None = None
    location_kind: str | None = None  # "city" or "country" (a more precise place wins in merging)
    mode: str | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    back_reference: bool = False
    evidence: list[int] = field(default_factory=list)  # sentence indices

    def countries(self) -> frozenset[str]:
        return frozenset(
            m.actor.country for m in [*self.actor, *self.recipient] if m.actor and m.actor.country
        )


class EventStage:
    """Built once with the trigger lexicon and the gazetteer; ``__call__`` codes one article."""

    def __init__(
        self,
        lexicon: EventLexicon | None = None,
        gazetteer: Gazetteer | None = None,
        actors: Lexicon | None = None,
        min_confidence: float = 0.0,
    ) -> None:
        self.min_confidence = min_confidence
        self.lexicon = lexicon or event_lexicon()
        self.gazetteer = gazetteer or default_gazetteer()
        self.actors = actors or default_lexicon()

    def __call__(self, article: Article) -> Article:
        coder = _ArticleCoder(self.lexicon, self.gazetteer, article, self.actors)
        article.events = [e for e in coder.events() if e.confidence >= self.min_confidence]
        return article


#: the parts of speech ``_ArticleCoder._at`` looks up a trigger for (besides an "aux" obligation)
_TRIGGER_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})


class _ArticleCoder:
    def __init__(
        self, lexicon: EventLexicon, gazetteer: Gazetteer, article: Article, actor_lexicon: Lexicon
    ) -> None:
        self.actor_lexicon = actor_lexicon
        self.lex = lexicon
        self.gazetteer = gazetteer
        self.article = article
        self.tokens = article.tokens
        self.children: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                self.children[t.head].append(t.i)
        self.sentence_of = [0] * len(self.tokens)
        for index, s in enumerate(article.sentences):
            for i in range(s.token_start, s.token_end):
                self.sentence_of[i] = index
        self.actors_at: dict[int, list[Mention]] = {}
        self.places_at: dict[int, Mention] = {}
        starts = {t.start: t.i for t in self.tokens}
        for mention in article.mentions:
            first = starts.get(mention.start)
            if first is None or mention.actor is None:
                continue
            last = first
            while last + 1 < len(self.tokens) and self.tokens[last + 1].end <= mention.end:
                last += 1
            for i in range(first, last + 1):
                if mention.label == "PLACE":
                    self.places_at[i] = mention
                elif mention.actor.country:  # MODIFIER mentions too: "U.S.-Russian talks"
                    self.actors_at.setdefault(i, []).append(mention)

    # -- the whole article ----------------------------------------------------------------------
    def events(self) -> list[Event]:
        found: list[Candidate] = []
        for sentence in self.article.sentences:
            candidates = [
                c
                for i in range(sentence.token_start, sentence.token_end)
                if self.tokens[i].pos in _TRIGGER_POS or self.tokens[i].dep == "aux"  # else _at finds none
                for c in self._at(i)
            ]
            heads = {c.head for c in candidates}
            light = {k for c in candidates if (k := self._light_head(c)) is not None}
            demanded = {self.tokens[c.head].head for c in candidates if c.trigger is _DEMAND}
            for candidate in candidates:
                if candidate.head in demanded:
                    continue  # "Y must agree to": what is demanded of Y, not Y's agreement
                governing = heads | {k for k in light if k != self._light_head(candidate)}
                if not self._embedded(candidate.head, governing):
                    self._complete(candidate, found)
        merged = _merge(found, self._sentence_dates())
        publisher = self._official_publisher()
        for c in merged:
            own = publisher.actor.country if publisher is not None and publisher.actor else None
            if (
                publisher is not None
                and c.trigger.type == "CONSULT"
                and c.countries()
                and own not in c.countries()
            ):
                c.actor.insert(0, publisher)  # a readout's "the leaders" include its own state
            self._mode(c)
        return [self._event(c) for c in merged]

    def _embedded(self, i: int, heads: set[int]) -> bool:
        """Whether another trigger governs this one ("demanded that the US cancel", "offer to host"):
        the governed one is the content of the governing event, not an event of its own."""
        k = i
        for _ in range(5):
            token = self.tokens[k]
            if token.head == k or token.dep not in _EMBEDDING:
                return False
            k = token.head
            if k in heads:
                return True
        return False

    def _at(self, i: int) -> list[Candidate]:
        token = self.tokens[i]
        lemma = token.lemma.lower()
        out: list[Candidate] = []
        if token.dep == "aux" and token.text.lower() in _OBLIGATION:
            demand = self._obligation(i)
            return [demand] if demand is not None else []
        if token.pos in ("VERB", "AUX") or (
            token.pos == "NOUN" and lemma in self.lex.verbs and token.dep == "ROOT"
        ):
            for trigger in self.lex.verbs.get(lemma, ()):
                if self._verb_fits(trigger, i):
                    out.append(self._verb(trigger, i))
                    break
        elif token.pos in ("NOUN", "PROPN"):
            for trigger in self.lex.nouns.get(lemma, ()):
                if self._noun_fits(trigger, i):
                    out.append(self._noun(trigger, i))
                    break
        elif token.pos == "ADJ":
            for trigger in self.lex.adjectives.get(lemma, ()):
                if self._adjective_fits(trigger, i):
                    out.append(self._adjective(trigger, i))
                    break
        return [c for c in out if c is not None]

    def _light_head(self, c: Candidate) -> int | None:
        """The light verb of a nominal event ("staged protests"): it governs what the event governs
        ("staged protests to demand reforms": the demand is the protest's)."""
        return self._light_verb_of(c.head) if c.trigger.pos == "noun" else None

    def _light_verb_of(self, i: int) -> int | None:
        """The light verb whose object the noun at ``i`` is: "held talks", or through a measure
        ("launched ten days of war games", "held two rounds of talks")."""
        token = self.tokens[i]
        if token.dep == "pobj" and self.tokens[token.head].text.lower() == "of":
            measure = self.tokens[self.tokens[token.head].head]
            if measure.lemma.lower() in _MEASURES:
                token = measure
        if token.dep in ("dobj", "attr") and self._light(token.head):
            return token.head
        return None

    def _light(self, k: int) -> bool:
        """A light verb ("held talks", "staged protests"), by its lemma or, when the lemmatizer
        slips ("staged" → "stag"), by its inflected form."""
        token = self.tokens[k]
        if token.lemma.lower() in self.lex.light_verbs:
            return True
        if token.pos not in ("VERB", "AUX"):
            return False
        text = token.text.lower()
        stems = {text[: -len(end)] + add for end, add in _INFLECTIONS if text.endswith(end)}
        return bool(stems & self.lex.light_verbs)

    # -- conditions ------------------------------------------------------------------------------
    def _words_below(self, i: int, skip_subject: bool = True) -> set[str]:
        out: set[str] = set()
        stack = [c for c in self.children[i] if not (skip_subject and self.tokens[c].dep in _SUBJECTS)]
        while stack:
            k = stack.pop()
            out.add(self.tokens[k].lemma.lower())
            out.add(self.tokens[k].text.lower())
            stack.extend(self.children[k])
        return out

    def _child_words(self, i: int) -> set[str]:
        """Words of the trigger's children (and of "by phone"'s), less date phrases ("on Monday")."""
        out: set[str] = set()
        for c in self.children[i]:
            if any(self.tokens[k].ent_type in ("DATE", "TIME") for k in self.children[c]):
                continue
            out.add(self.tokens[c].text.lower())
            if self.tokens[c].dep == "prep":
                for k in self.children[c]:  # "spoke by phone with": "with" hangs on "phone"
                    out |= {
                        self.tokens[x].text.lower() for x in self.children[k] if self.tokens[x].dep == "prep"
                    }
        return out

    def _verb_fits(self, trigger: Trigger, i: int) -> bool:
        kids = self._child_words(i)
        if trigger.needs and not (trigger.needs & kids):
            return False
        if trigger.not_with & kids:
            return False
        if trigger.objects:
            objects = self._object_heads(i, _OBJECTS | {"nsubjpass"})
            objects += [k for c in objects for k in self.children[c] if self.tokens[k].dep == "compound"]
            heads = {self.tokens[c].lemma.lower() for c in objects} | {
                self.tokens[c].text.lower() for c in objects
            }
            if not (trigger.objects & heads):
                return False
        if trigger.objects_not:
            heads = {self.tokens[c].lemma.lower() for c in self.children[i] if self.tokens[c].dep in _OBJECTS}
            if trigger.objects_not & heads:
                return False
        if trigger.needs_xcomp and not any(
            self.tokens[c].dep == "xcomp" and self.tokens[c].lemma.lower() not in self.lex.decline_excludes
            for c in self.children[i]
        ):
            return False  # "declined to meet" is a refusal, "declined to comment" is not
        if trigger.object_actor and not any(
            self._parties(c) for c in self.children[i] if self.tokens[c].dep in _OBJECTS
        ):
            return False
        return not self._background(i)

    def _noun_fits(self, trigger: Trigger, i: int) -> bool:
        token = self.tokens[i]
        if token.dep == "compound" and self.tokens[token.head].lemma.lower() not in _EFFORT:
            return False  # "the negotiation process"; but "a mediation effort between"
        if trigger.singular and token.tag in ("NNS", "NNPS"):
            return False  # "meetings are usually scripted": generic
        if trigger.plural and token.tag not in ("NNS", "NNPS"):
            return False
        if (
            trigger.type == "SANCTION"
            and token.dep in ("dobj", "nsubjpass")
            and self.tokens[token.head].lemma.lower() in _UNDOING
        ):
            return False  # "removing the sanctions on Burma": a standing sanction undone, not imposed
        if trigger.modifier:
            mods = {
                self.tokens[c].lemma.lower()
                for c in self.children[i]
                if self.tokens[c].dep in ("compound", "amod", "nmod")
            }
            if not (trigger.modifier & mods):
                return False
        if self._in_relative_clause(i) and self._light_verb_of(i) is None:
            return False  # "damages which were caused by a missile attack": a circumstance; but "who
            # held talks with": the clause's own predicate, coded as a verb there would be
        return not self._background(i)

    def _in_relative_clause(self, i: int) -> bool:
        """Inside a relative clause ("damages which were caused by a missile attack")."""
        k = i
        for _ in range(4):
            token = self.tokens[k]
            if token.dep == "relcl":
                return True
            if token.head == k:
                return False
            k = token.head
        return False

    def _adjective_fits(self, trigger: Trigger, i: int) -> bool:
        return bool(trigger.complement & self._words_below(i)) and not self._background(i)

    def _background(self, i: int) -> bool:
        """In a temporal adverbial clause ("since Russia invaded Ukraine"): background, not news."""
        k = i
        for _ in range(6):
            token = self.tokens[k]
            if token.dep == "advcl" and any(
                self.tokens[c].dep == "mark" and self.tokens[c].text.lower() in _BACKGROUND
                for c in self.children[k]
            ):
                return True
            if token.head == k:
                return False
            k = token.head
        return False

    # -- parties ---------------------------------------------------------------------------------
    def _parties(self, head: int) -> list[Mention]:
        """Actor mentions a noun phrase headed at ``head`` (and its conjuncts) refers to."""
        out: list[Mention] = []
        for h in self._conjuncts(head):
            found = list(self.actors_at.get(h, []))
            left = [
                c
                for c in self.children[h]
                if c < h and self.tokens[c].dep in ("compound", "amod", "poss", "nmod", "nummod")
            ]
            for c in [x for c0 in left for x in self._conjuncts(c0)]:  # "Turkish and Greek sides"
                found += [m for m in self.actors_at.get(c, []) if m not in found]
            if not found:
                of = [
                    c
                    for c in self.children[h]
                    if self.tokens[c].dep == "prep" and self.tokens[c].text.lower() == "of"
                ]
                for p in of:
                    for pobj in self.children[p]:
                        found = (found or []) + self.actors_at.get(pobj, [])
            for mention in found or []:
                if mention not in out:
                    out.append(mention)
        return out

    def _conjuncts(self, head: int) -> list[int]:
        """The head and its conjuncts; an apposition only when the head itself codes no one
        ("Pakistan, a key U.S. ally," is Pakistan, not the United States)."""
        out = [head]
        stack = [head]
        while stack:
            k = stack.pop()
            for c in self.children[k]:
                dep = self.tokens[c].dep
                if c in out or dep not in ("conj", "appos"):
                    continue
                if dep == "appos" and self.actors_at.get(k):
                    continue
                out.append(c)
                stack.append(c)
        return out

    def _prep_objects(self, head: int, preps: frozenset[str]) -> list[Mention]:
        out: list[Mention] = []
        for c in self.children[head]:
            token = self.tokens[c]
            if token.dep in ("prep", "dative", "agent") and token.text.lower() in preps:
                for p in self._conjuncts(c):  # "with the United States or with Turkey"
                    for pobj in self.children[p]:
                        if self.tokens[pobj].dep in ("pobj", "pcomp"):
                            out += [m for m in self._parties(pobj) if m not in out]
            elif token.dep == "prep" and token.text.lower() in _CHANNEL_PREPS:
                # "spoke by phone with X", "talked over video link to X": the parser hangs the party on the channel
                for pobj in self.children[c]:
                    if self.tokens[pobj].lemma.lower() in self.lex.phone_words:
                        out += [m for m in self._prep_objects(pobj, preps) if m not in out]
        return out

    def _subject(self, i: int) -> tuple[list[Mention], bool]:
        """The subject's parties (climbing to a governing verb or modified noun); passive flag."""
        k = i
        for _ in range(4):
            kids = self.children[k]
            agent = [c for c in kids if self.tokens[c].dep == "agent"]
            if agent:
                return [m for a in agent for p in self.children[a] for m in self._parties(p)], True
            subjects = [c for c in kids if self.tokens[c].dep in ("nsubj", "csubj")]
            if subjects:
                found = [m for s in subjects for m in self._parties(s)]
                if not found and self._speaker_pronoun(subjects[0], k):
                    return self._subject(self.tokens[k].head)[0], False  # "Hungary said it will support"
                return found, False
            passive = [c for c in kids if self.tokens[c].dep == "nsubjpass"]
            if passive:
                return [], True
            token = self.tokens[k]
            if token.dep in ("relcl", "acl"):
                return self._parties(token.head), False
            if token.dep in ("xcomp", "conj", "ccomp", "advcl", "acomp") and token.head != k:
                k = token.head
                continue
            break
        return [], False

    def _speaker_pronoun(self, subject: int, verb: int) -> bool:
        """ "it/they/we" as the subject of a clause reported by a say-verb: the speaker itself."""
        token = self.tokens[subject]
        clause = self.tokens[verb]
        return (
            token.pos == "PRON"
            and token.text.lower() in ("it", "they", "we")
            and clause.dep == "ccomp"
            and self.tokens[clause.head].lemma.lower() in _SAY
        )

    def _object_heads(self, i: int, deps: frozenset[str]) -> list[int]:
        """The trigger's objects; a partitive stands for what it is part of ("suspended part of a
        military aid program": the program)."""
        out = []
        for c in self.children[i]:
            if self.tokens[c].dep not in deps:
                continue
            out.append(c)
            if self.tokens[c].lemma.lower() in _PARTITIVE:
                out += [
                    p
                    for of in self.children[c]
                    if self.tokens[of].dep == "prep" and self.tokens[of].text.lower() == "of"
                    for p in self.children[of]
                    if self.tokens[p].dep == "pobj"
                ]
        return out

    def _objects(self, i: int, trigger: Trigger) -> list[Mention]:
        out: list[Mention] = []
        for c in self.children[i]:
            if self.tokens[c].dep in _OBJECTS:
                out += [m for m in self._parties(c) if m not in out]
            elif self.tokens[c].dep == "prt" and self.tokens[c].text.lower() == "up":
                # "kidnapped up to 16 Russian advisers": the parser reads "up to" as particle +
                # preposition; the number's noun is the object
                out += [m for m in self._prep_objects(c, frozenset({"to"})) if m not in out]
        out += [m for m in self._prep_objects(i, trigger.preps) if m not in out]
        if trigger.objects:  # "sought asylum in Germany", "imposed sanctions on Iran": the object
            # is part of the predicate, so its prepositions are the trigger's
            for c in self._object_heads(i, _OBJECTS):
                out += [m for m in self._prep_objects(c, trigger.preps) if m not in out]
        return out

    def _obligation(self, i: int) -> Candidate | None:
        """ "X said Y must do Z": X demands of Y (PLOVER REQUEST)."""
        verb = self.tokens[i].head
        token = self.tokens[verb]
        if token.dep != "ccomp" or self.tokens[token.head].lemma.lower() not in _SAY:
            return None
        c = Candidate(_DEMAND, i, self.sentence_of[i])
        c.actor, _ = self._subject(token.head)
        c.recipient = [
            m
            for k in self.children[verb]
            if self.tokens[k].dep in ("nsubj", "nsubjpass")
            for m in self._parties(k)
        ]
        return c if c.recipient else None  # "You should doubt this": no one in particular

    def _complement_targets(self, i: int) -> list[Mention]:
        """Targets inside the complement: "demanded that the US cancel" (its subject), "offered to
        hand over to Britain", "threatened action against Russia" (their objects)."""
        out: list[Mention] = []
        for k in self.children[i]:
            dep = self.tokens[k].dep
            subject: list[Mention] = []
            if dep == "ccomp":
                subject = [
                    m
                    for s in self.children[k]
                    if self.tokens[s].dep in ("nsubj", "nsubjpass")
                    for m in self._parties(s)
                ]
                out += subject
            if dep == "xcomp" or (dep == "ccomp" and not subject):  # "demanded that Hamas renounce its
                # struggle against Israel": the one asked is Hamas, not Israel
                out += [
                    m for o in self.children[k] if self.tokens[o].dep in _OBJECTS for m in self._parties(o)
                ]
                out += self._prep_objects(k, _TARGET_PREPS)
                for o in self.children[k]:
                    if self.tokens[o].dep in _OBJECTS:
                        out += self._prep_objects(o, _TARGET_PREPS)
            if dep in _OBJECTS:
                out += self._prep_objects(k, _TARGET_PREPS | {"of", "by"})
            if dep == "advcl" and any(
                self.tokens[m].text.lower() in ("if", "unless") for m in self.children[k]
            ):
                out += [
                    m
                    for s in self.children[k]
                    if self.tokens[s].dep in ("nsubj", "nsubjpass")
                    for m in self._parties(s)
                ]
            if dep in ("xcomp", "ccomp"):
                for sub in self.children[k]:  # "threatened to stop ... if the United States goes ahead"
                    if self.tokens[sub].dep == "advcl" and any(
                        self.tokens[m].text.lower() in ("if", "unless") for m in self.children[sub]
                    ):
                        out += [
                            m
                            for s in self.children[sub]
                            if self.tokens[s].dep in ("nsubj", "nsubjpass")
                            for m in self._parties(s)
                        ]
        unique: list[Mention] = []
        for m in out:
            if not any(m is u for u in unique):
                unique.append(m)
        return unique

    # -- building ----------------------------------------------------------------------------------
    def _verb(self, trigger: Trigger, i: int) -> Candidate:
        c = Candidate(trigger, i, self.sentence_of[i], mode=trigger.mode)
        subject, passive = self._subject(i)
        objects = self._objects(i, trigger)
        if passive:
            targets = [
                m for k in self.children[i] if self.tokens[k].dep == "nsubjpass" for m in self._parties(k)
            ]
            objects = targets + [m for m in objects if m not in targets and m not in subject]
        if trigger.type == "MOBILIZE":  # "mobilized reservists for a war against Iraq": the object is
            # the force mobilized, the target is whom it is mobilized against
            forces = [m for k in self.children[i] if self.tokens[k].dep in _OBJECTS for m in self._parties(k)]
            objects = [m for m in objects if m not in forces]
            objects += [m for m in self._against(i) if m not in objects and m not in subject]
        if trigger.frame == "host":
            c.actor, c.recipient = objects, subject
        elif trigger.frame == "consult":
            c.actor = subject + [m for m in objects if m not in subject]
        else:
            c.actor, c.recipient = subject, [m for m in objects if m not in subject]
            if not c.recipient:
                c.recipient = [m for m in self._complement_targets(i) if m not in subject]
        via = [c2 for c2 in self.children[i] if self.tokens[c2].text.lower() in ("through", "via")]
        for v in via:
            for pobj in self.children[v]:
                c.intermediary += self._parties(pobj)
        return c

    def _against(self, i: int, depth: int = 3) -> list[Mention]:
        """Parties of an "against" phrase in the trigger's predicate, below its objects and
        prepositions ("reservists for a possible war against Iraq"), not in its subject."""
        out: list[Mention] = []
        frontier = [k for k in self.children[i] if self.tokens[k].dep not in _SUBJECTS]
        for _ in range(depth + 1):
            nxt: list[int] = []
            for k in frontier:
                token = self.tokens[k]
                if token.dep == "prep" and token.text.lower() == "against":
                    out += [
                        m
                        for p in self.children[k]
                        if self.tokens[p].dep == "pobj"
                        for m in self._parties(p)
                        if m not in out
                    ]
                elif token.dep in _OBJECTS | {"prep", "pobj"}:
                    nxt += self.children[k]
            frontier = nxt
        return out

    def _noun(self, trigger: Trigger, i: int) -> Candidate:
        c = Candidate(trigger, i, self.sentence_of[i], mode=trigger.mode)
        parties = self._prep_objects(i, frozenset({"between", "with", "among", "of"}))
        if self.tokens[i].dep == "compound":  # "a mediation effort between X and Y": the effort's
            # parties and light verb are the event's
            i = self.tokens[i].head
            parties += [
                m for m in self._prep_objects(i, frozenset({"between", "with", "among"})) if m not in parties
            ]
        for k in self.children[i]:
            if self.tokens[k].dep in ("amod", "compound", "poss", "nmod") and k < i:
                parties += [m for m in self.actors_at.get(k, []) if m not in parties]
        light = self._light_verb_of(i)
        if light is not None:
            subject, _ = self._subject(light)
            parties = subject + [m for m in parties if m not in subject]
        if trigger.preps:  # "riots against the government", "sanctions on Iran": the target
            targets = self._prep_objects(i, trigger.preps)
            parties = [m for m in parties if m not in targets]
            c.recipient = targets
        if trigger.type == "REQUEST":  # "its demand that Israel ease ...": the one asked
            clauses = list(self.children[i])
            if light is not None:  # "renewed its demand today that ...":
                clauses += [  # the parser hangs the clause on the light verb
                    k
                    for k in self.children[light]
                    if any(
                        self.tokens[m].dep == "mark" and self.tokens[m].text.lower() == "that"
                        for m in self.children[k]
                    )
                ]
            c.recipient += [
                m
                for k in clauses
                if self.tokens[k].dep in ("acl", "ccomp")
                for s in self.children[k]
                if self.tokens[s].dep in ("nsubj", "nsubjpass")
                for m in self._parties(s)
                if m not in parties and m not in c.recipient
            ]
        c.actor = parties
        if not parties:
            c.back_reference = any(
                self.tokens[k].dep == "det" and self.tokens[k].text.lower() in _DEFINITE
                for k in self.children[i]
            )
        return c

    def _adjective(self, trigger: Trigger, i: int) -> Candidate:
        c = Candidate(trigger, i, self.sentence_of[i], mode=trigger.mode)
        subject, _ = self._subject(i)
        c.actor = subject
        c.recipient = [m for m in self._prep_objects_deep(i) if m not in subject]
        return c

    def _prep_objects_deep(self, i: int) -> list[Mention]:
        """ "willing to engage with the United States or with Turkey": targets in the complement."""
        out: list[Mention] = []
        for k in self.children[i]:
            if self.tokens[k].dep in ("xcomp", "prep"):
                out += self._prep_objects(k, frozenset({"with", "to"}))
                for kk in self.children[k]:
                    if self.tokens[kk].dep in ("pobj",):
                        out += self._prep_objects(kk, frozenset({"with"}))
        return out

    def _complete(self, c: Candidate, found: list[Candidate]) -> None:
        """Flags, place, back-references and mode; then keep the candidate when it has parties."""
        i = c.head
        self._flags(c)
        c.location, c.location_kind = self._location(i) or (None, None)
        if not c.actor and c.trigger.pos == "noun":
            previous = next((p for p in reversed(found) if p.trigger.type == c.trigger.type), None)
            if c.back_reference and previous is not None:
                previous.evidence.append(c.sentence)
                previous.location = previous.location or c.location
                return
            if c.back_reference:
                c.actor = self._sentence_actors(c.sentence)
        if (
            c.actor
            and not c.recipient
            and ("in" in c.trigger.preps or c.trigger.type == "ASSAULT")
            and self.tokens[c.head].dep not in ("acl", "relcl", "amod")  # "forces fighting in X": a
            # description of the forces, not an attack reported
            and c.location is not None
            and c.location.country
            and c.location.country not in c.countries()
        ):  # "sought asylum in Sweden", "deployed troops in Belarus", "fired at targets in Gaza": the
            # target is the state of the place
            c.recipient = [self._government_of(c.location)]
        if not c.actor and not c.recipient:
            return
        if not c.actor and c.recipient and c.trigger.frame != "host" and not self._unknown_attacker(c):
            return
        if c.trigger.needs_target and not c.recipient:
            return
        self._speaker_as_actor(c)
        if (
            c.trigger.type == "MOBILIZE"
            and c.trigger.pos == "noun"
            and not c.recipient
            and len(c.countries()) >= 2
        ):
            c.trigger = _retyped(c.trigger, "COOPERATE")  # joint exercises of two states: cooperation
        if c.trigger.type == "PROTEST" and not c.recipient and c.location is not None and c.location.country:
            c.recipient = [
                self._government_of(c.location)
            ]  # a protest addresses the government where it happens
        if c.future and c.trigger.type in _COOPERATIVE:  # "will meet", "will provide aid": a promise
            c.trigger = _retyped(c.trigger, "AGREE")
            c.mode = None
        elif c.future and c.trigger.type in ("ASSAULT", "COERCE") and self._prepared(c.head):
            c.trigger = _retyped(c.trigger, "MOBILIZE")  # "the army prepared to resume shelling": a
            c.mode = None  # force readied, not a threat spoken
        elif c.future and c.trigger.type == "SANCTION" and self._decided(c.head):
            pass  # "announced it would deny entry", "decided to expel": a measure taken, not threatened
        elif c.future and c.trigger.type in _CONFLICT:  # "would blockade", "will impose sanctions"
            c.trigger = _retyped(c.trigger, "THREATEN")
            c.mode = None
        if c.future and c.trigger.type == "REJECT" and not c.negated:  # "would boycott all contact"
            c.trigger = _retyped(c.trigger, "THREATEN")
        if c.future and self._conditional(c.head) and c.trigger.type in ("AGREE", "RETREAT"):
            c.trigger = _retyped(c.trigger, "THREATEN")  # "... unless"
        if c.negated and c.trigger.type == "AGREE":  # "will not accept", "refused to agree"
            c.trigger = _retyped(c.trigger, "REJECT")
            c.negated = False
        c.evidence.append(c.sentence)
        found.append(c)

    def _decided(self, i: int) -> bool:
        """Whether the trigger is what its subject announced or decided ("announced it would deny
        entry", "decided to expel"), through a conjunct ("would prohibit ... and would deny")."""
        k = i
        for _ in range(3):
            token = self.tokens[k]
            if token.head == k or token.dep not in ("xcomp", "ccomp", "conj"):
                return False
            k = token.head
            if self.tokens[k].lemma.lower() in _DECIDING and self.tokens[k].pos == "VERB":
                return True
        return False

    def _prepared(self, i: int) -> bool:
        """Whether the trigger is what a subject prepares to do ("prepared to resume shelling"),
        through at most one more infinitive."""
        k = i
        for _ in range(2):
            token = self.tokens[k]
            if token.dep != "xcomp" or token.head == k:
                return False
            k = token.head
            if self.tokens[k].lemma.lower() == "prepare" and self.tokens[k].pos == "VERB":
                return True
        return False

    def _unknown_attacker(self, c: Candidate) -> bool:
        """ "Three Iraqi civilians were killed in a car bombing": an attack on its victims by an
        unnamed attacker (a passive with no agent) is still an ASSAULT, with no actor."""
        token = self.tokens[c.head]
        return (
            c.trigger.type == "ASSAULT"
            and token.tag == "VBN"
            and any(self.tokens[k].dep == "nsubjpass" for k in self.children[c.head])
            and not any(self.tokens[k].dep == "agent" for k in self.children[c.head])
        )

    def _speaker_as_actor(self, c: Candidate) -> None:
        """ "Lavrov said Russia was willing ...": a state speaking through a person is coded as the
        person, when the person speaks for that state (same country) in a say-clause."""
        if not c.actor or any(m.label == "PERSON" for m in c.actor):
            return
        k = c.head
        for _ in range(4):
            token = self.tokens[k]
            if token.dep == "ccomp" and self.tokens[token.head].lemma.lower() in _SAY:
                speakers = [m for m in self._subject(token.head)[0] if m.label in ("PERSON", "PRON")]
                states = {m.actor.country for m in c.actor if m.actor}
                if speakers and all(s.actor and s.actor.country in states for s in speakers):
                    rest = [
                        m
                        for m in c.actor
                        if m.actor and m.actor.country not in {s.actor.country for s in speakers if s.actor}
                    ]
                    c.actor = speakers + rest
                return
            if token.head == k:
                return
            k = token.head

    def _official_publisher(self) -> Mention | None:
        """The state an official outlet (kremlin.ru, president.gov.ua) speaks for."""
        entry = self.actor_lexicon.publisher(self.article.outlet, self.article.url)
        if entry is None:
            return None
        actor = Actor(text=entry.name, country=entry.country, sector=entry.sector, role=entry.name)
        return Mention(0, 0, entry.name or "", "GROUP", -1, actor)

    def _conditional(self, i: int) -> bool:
        """An "unless ..." clause on the trigger: a promise on a negative condition is a threat
        ("will withdraw ... unless"); "would meet ... if" stays an offer."""
        return any(
            self.tokens[k].dep == "advcl"
            and any(self.tokens[m].text.lower() == "unless" for m in self.children[k])
            for k in self.children[i]
        )

    def _government_of(self, location: Location) -> Mention:
        text = location.text or location.name or ""
        actor = Actor(text=text, country=location.country, sector="GOV")
        return Mention(0, 0, text, "GROUP", -1, actor)

    def _sentence_actors(self, sentence: int) -> list[Mention]:
        s = self.article.sentences[sentence]
        out: list[Mention] = []
        for i in range(s.token_start, s.token_end):
            for m in self.actors_at.get(i, []):
                if m not in out and m.label in ("GROUP", "PERSON"):
                    out.append(m)
        return out

    def _flags(self, c: Candidate) -> None:
        k = c.head
        token = self.tokens[k]
        if token.dep in ("dobj", "nsubj", "nsubjpass", "acomp", "attr") and token.head != k:
            head = self.tokens[token.head]
            if token.dep == "acomp" or self._light(token.head) or head.lemma.lower() in _PLACE_VERBS:
                k = token.head  # "will hold talks", "is not ready to": the flags sit on the verb
        for depth in range(3):
            kids = [self.tokens[x] for x in self.children[k]]
            if any(
                t.dep == "neg" or (t.text.lower() in _NEGATION and t.dep in ("neg", "advmod", "det"))
                for t in kids
            ):
                c.negated = True
            if any(t.dep in ("aux", "auxpass") and t.text.lower() in _MODAL for t in kids):
                c.hypothetical = True
            if any(t.dep == "mark" and t.text.lower() in ("if", "unless") for t in kids):
                c.hypothetical = True
            if any(t.dep == "aux" and t.text.lower() in _FUTURE for t in kids):
                c.future = True
            token = self.tokens[k]
            if (
                token.dep == "ccomp"
                and self.tokens[token.head].lemma.lower() in _SAY
                and any(t.dep == "aux" and t.text.lower() == "would" for t in kids)
            ):
                c.future, c.hypothetical = True, False  # "said it would boycott": an announced intent
            token = self.tokens[k]
            head = self.tokens[token.head]
            if token.dep in ("xcomp", "pcomp", "pobj", "ccomp") and depth < 2:
                lemma = head.lemma.lower()
                if lemma in _BLOCKING and c.trigger.type not in ("REJECT",):
                    c.negated = True
                if (lemma in _PLANNING or lemma in self.lex.adjectives) and c.trigger.pos == "verb":
                    c.future = True  # "agreed to meet", "willing to engage": a meeting to come
                k = token.head
                continue
            break

    def _location(self, i: int) -> Placed | None:
        """The "in/at" place of the trigger, of the clause it heads or of "held at ..."."""
        heads = [i]
        token = self.tokens[i]
        if token.dep in ("nsubj", "nsubjpass", "dobj") and (
            self.tokens[token.head].lemma.lower() in _PLACE_VERBS or self._light(token.head)
        ):
            heads.append(token.head)
        heads += [k for k in self.children[i] if self.tokens[k].dep == "acl"]  # "the meeting, held at ..."
        for k in self.children[i]:  # "met with the Hungarian prime minister in Budapest"
            if self.tokens[k].dep in _OBJECTS:
                heads.append(k)
            elif self.tokens[k].dep == "prep" and self.tokens[k].text.lower() in ("with", "to"):
                heads += [p for p in self.children[k] if self.tokens[p].dep == "pobj"]
        for h in heads:
            for k in self.children[h]:
                if self.tokens[k].dep == "prep" and self.tokens[k].text.lower() in _LOCATIVE:
                    place = self._place_in(k)
                    if place is not None:
                        return place
        return None

    def _place_in(self, prep: int, depth: int = 0) -> Placed | None:
        for pobj in self.children[prep]:
            if self.tokens[pobj].dep != "pobj":
                continue
            deeper = [
                k
                for k in self.children[pobj]
                if self.tokens[k].dep == "prep" and self.tokens[k].text.lower() in _LOCATIVE
            ]
            for k in deeper:  # "at Russia's Defense Ministry in Moscow": the city
                found = self._place_in(k, depth + 1) if depth < 3 else None
                if found is not None:
                    return found
            found = self._resolve(pobj)
            if found is not None:
                return found
        return None

    def _resolve(self, k: int) -> Placed | None:
        """The place a token names, with its kind ("city" or "country")."""
        mention = self.places_at.get(k)
        group = next(
            (m for m in self.actors_at.get(k, []) if m.actor and m.actor.name and m.label == "GROUP"), None
        )
        token = self.tokens[k]
        text = mention.text if mention is not None else token.text
        if mention is None and token.ent_type in ("GPE", "LOC", "FAC"):
            start = k
            while (
                start > 0
                and self.tokens[start - 1].ent_type == token.ent_type
                and self.tokens[start - 1].start >= self.tokens[start].start - 1
            ):
                start -= 1
            text = self.article.text[self.tokens[start].start : token.end]
        elif mention is None and group is None:
            return None
        if mention is None and group is not None:
            text = group.text
        place = self.gazetteer.lookup(text)
        country = place.country if place else None
        if mention is not None and mention.actor and mention.actor.country:
            country = mention.actor.country if place is None or place.kind == "country" else place.country
        if group is not None and group.actor and group.actor.country and place is None:
            country = group.actor.country
        if place is None and country is None:
            return None
        name = place.name if place else text
        location = Location(
            text=text,
            name=name,
            country=country,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
        )
        return location, place.kind if place else "country"

    def _mode(self, c: Candidate) -> None:
        if c.trigger.type != "CONSULT":
            if (
                c.trigger.type in ("REQUEST", "REJECT")
                and c.mode is None
                and self.lex.meet_words & self._words_below(c.head)
            ):
                c.mode = "meet"
            return
        words = self._words_below(c.head, skip_subject=False) | {self.tokens[c.head].lemma.lower()}
        if c.mode is None and self.lex.phone_words & words and c.trigger.lemma != "meet":
            c.mode = "phone"
        countries = c.countries()
        if c.mode in (None, "multilateral") and (len(countries) >= 3 or self.lex.summit_words & words):
            c.mode = "multilateral"
            return
        if c.mode == "phone" or c.location is None or not c.location.country:
            return
        place = c.location.country
        if c.trigger.frame in ("visit", "host"):
            return
        hosts = [m for m in c.actor if m.actor and m.actor.country == place]
        guests = [m for m in c.actor if m.actor and m.actor.country != place]
        if hosts and guests:
            c.mode = "visit"
            c.actor, c.recipient = guests, hosts + [m for m in c.recipient if m not in hosts]
        elif guests and not hosts and len(countries) >= 2:
            c.mode = "third-party"

    def _sentence_dates(self) -> list[str]:
        """The date words of each sentence (NER DATE tokens), to keep events of different dates apart."""
        out = []
        for s in self.article.sentences:
            out.append(
                " ".join(
                    t.text.lower() for t in self.tokens[s.token_start : s.token_end] if t.ent_type == "DATE"
                )
            )
        return out

    def _event(self, c: Candidate) -> Event:
        article = self.article
        trigger_token = self.tokens[c.head]
        trigger = Evidence(trigger_token.text, trigger_token.start, trigger_token.end)
        evidence = []
        for index in sorted(set(c.evidence)):
            s = article.sentences[index]
            evidence.append(Evidence(article.text[s.start : s.end], s.start, s.end))
        confidence = 0.55
        confidence += 0.15 if c.recipient or len(c.actor) > 1 else 0.0
        confidence += 0.1 if c.trigger.pos == "verb" else 0.0
        confidence += 0.1 if c.location is not None else 0.0
        confidence -= 0.2 if (c.negated or c.hypothetical) else 0.0
        return Event(
            id=content_id("ev", article.id, trigger.start, c.trigger.type),
            article_id=article.id,
            event_type=c.trigger.type,  # type: ignore[arg-type]
            mode=c.mode,
            actor=_actors(c.actor),
            recipient=_actors(c.recipient),
            location=c.location,
            date=EventDate(),
            intermediary=_actors(c.intermediary),
            negated=c.negated,
            hypothetical=c.hypothetical,
            future=c.future,
            evidence=evidence,
            sources=[Source(article.id, article.outlet, article.url, article.published)],
            first_reported=article.published,
            confidence=round(max(0.0, min(1.0, confidence)), 2),
            trigger=trigger,
        )


def _retyped(trigger: Trigger, event_type: str) -> Trigger:
    """The trigger coding another PLOVER type ("will meet" is AGREE), its own mode dropped."""
    return replace(trigger, type=event_type, mode=None)


def _actors(mentions: list[Mention]) -> list[Actor]:
    out: list[Actor] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for m in mentions:
        a = m.actor
        if a is None:
            continue
        key = (a.country, a.sector, a.name)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Actor(
                text=m.text,
                name=a.name,
                country=a.country,
                sector=a.sector,
                role=a.role,
                start=m.start,
                end=m.end,
            )
        )
    return out


def _merge(found: list[Candidate], dates: list[str]) -> list[Candidate]:
    """Mentions of one event become one: same type, same sentence, or the same parties (one
    side's countries within the other's) in sentences that do not carry different dates."""
    out: list[Candidate] = []
    for c in found:
        target = None
        for kept in out:
            if kept.trigger.type != c.trigger.type:
                continue
            if kept.sentence == c.sentence and (kept.countries() & c.countries() or not c.countries()):
                target = kept
                break
            a, b = kept.countries(), c.countries()
            if a and b and (a <= b or b <= a) and _same_actor_side(kept, c):
                da, db = set(dates[kept.sentence].split()), set(dates[c.sentence].split())
                if not da or not db or da <= db or db <= da:  # "today" and "today, November 14"
                    target = kept
                    break
        if target is None:
            out.append(c)
            continue
        if len(dates[c.sentence]) > len(dates[target.sentence]) and target.sentence != c.sentence:
            out[out.index(target)] = c  # the dated mention leads: "On September 30, Putin called ..."
            c, target = target, c
        _absorb(target, c)
    return out


def _same_actor_side(a: Candidate, b: Candidate) -> bool:
    actors_a = {m.actor.country for m in a.actor if m.actor}
    actors_b = {m.actor.country for m in b.actor if m.actor}
    return bool(actors_a & actors_b) or not actors_a or not actors_b


def _richness(m: Mention) -> int:
    a = m.actor
    return 0 if a is None else 2 * bool(a.name and m.label == "PERSON") + bool(a.sector) + bool(a.name)


def _absorb(target: Candidate, other: Candidate) -> None:
    """Add ``other``'s evidence and parties to ``target``; a party of a country already there
    replaces it when it says more (a named person or a sector over a bare nationality)."""
    target.evidence += other.evidence
    for side, mine in ((other.actor, target.actor), (other.recipient, target.recipient)):
        for m in side:
            if m.actor is None:
                continue
            same = [
                x for x in target.actor + target.recipient if x.actor and x.actor.country == m.actor.country
            ]
            if not same:
                mine.append(m)
                continue
            weakest = min(same, key=_richness)
            if _richness(m) > _richness(weakest):
                holder = target.actor if weakest in target.actor else target.recipient
                holder[holder.index(weakest)] = m
    if target.location is None or (target.location_kind == "country" and other.location_kind == "city"):
        target.location, target.location_kind = (
            other.location,
            other.location_kind,
        )  # "in Ankara" over "in Turkey"
    target.mode = target.mode or other.mode
    target.intermediary += [m for m in other.intermediary if m not in target.intermediary]
