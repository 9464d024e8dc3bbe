"""Actors: every mention of a state, body or person coded to country, sector, name and role.

Reads ``Article.tokens``, ``sentences`` and the NER ``mentions``; writes ``Article.mentions``: one
``Mention`` per actor phrase with its coded ``Actor`` (label ``PERSON``, ``GROUP`` for bodies and
groups, ``PLACE`` for a capital or country named as a place), then resolves later mentions to
earlier ones (``stages/coref.py``).

How a phrase is coded, from the lexicon (``resources/actors``) and the text around it:
- a person: the PERSON entity (or a dictionary name), widened over the title before it ("Russian
  Major General", "Director of the Foreign Intelligence Service", "Kremlin spokesman"), an "of
  <country>" after it and an appositive role (", deputy head of ..."); a known person is coded by
  the office held on the article's date, an unknown one by the title;
- a body or group: country words (names, adjectives, possessives, "of X"), metonyms ("the
  Kremlin"), institutions ("State Department", "Defense Ministry") and role nouns ("delegation",
  "defense attaché", "rebels") in one noun phrase; coordinated adjectives ("Russian and American
  delegations", "U.S.-Russian") give one actor per country.
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import accumulate, pairwise

from backchannel.model import Actor, Article, Mention, Token
from backchannel.resources.actors import Entry, Lexicon, Office, Person, default_lexicon, fold, phrase_key
from backchannel.stages.coref import resolve_coreference
from backchannel.stages.places import Gazetteer, default_gazetteer

log = logging.getLogger(__name__)

#: plural nouns after a nationality that are things or abstractions, not people
_ABSTRACT_SUFFIXES = (
    "tion",
    "sion",
    "ment",
    "ness",
    "ity",
    "ship",
    "ance",
    "ence",
    "ism",
    "ics",
    "ure",
    "ing",
)
_THINGS = frozenset(
    [
        "talk",
        "relation",
        "tie",
        "sanction",
        "effort",
        "plan",
        "interest",
        "measure",
        "issue",
        "affair",
        "election",
        "reform",
        "policy",
        "claim",
        "report",
        "estimate",
        "right",
        "problem",
        "demand",
        "concern",
        "threat",
        "attack",
        "strike",
        "operation",
        "exercise",
        "weapon",
        "arm",
        "good",
        "product",
        "export",
        "import",
        "price",
        "tax",
        "tariff",
        "market",
        "value",
        "asset",
        "bond",
        "company",
        "bank",
        "firm",
        "share",
        "stock",
        "border",
        "territory",
        "region",
        "city",
        "town",
        "village",
        "area",
        "land",
        "water",
        "gas",
        "oil",
        "field",
        "troop",
        "force",
        "position",
        "line",
        "base",
        "ship",
        "vessel",
        "plane",
        "aircraft",
        "missile",
        "gun",
        "tank",
        "jet",
        "drone",
        "document",
        "paper",
        "meeting",
        "summit",
        "visit",
        "call",
        "consultation",
        "contact",
        "statement",
        "comment",
        "remark",
        "word",
        "term",
        "condition",
        "guarantee",
        "view",
        "attitude",
    ]
)
_GLUE = frozenset({"of", "the", "for", "'s", "'", "-", "on"})
_MODIFIERS = frozenset(
    [
        "senior",
        "top",
        "deputy",
        "former",
        "acting",
        "chief",
        "first",
        "vice",
        "foreign",
        "defense",
        "defence",
        "military",
        "special",
        "presidential",
        "national",
        "security",
        "interior",
        "state",
        "main",
        "general",
        "executive",
        "permanent",
        "assistant",
        "principal",
        "high-ranking",
        "high",
        "ranking",
        "junior",
        "leading",
        "head",
        "new",
        "outgoing",
        "incoming",
        "then",
    ]
)
_LOCATIVE = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "within", "around"})
#: prepositions that attach a country to a head noun: "rebels in Chad", "students across Indonesia"
_COMPLEMENT_PREPOSITIONS = frozenset({"in", "from", "of", "throughout", "across"})
#: "X-led forces" are X's; "X-backed forces" are not (the sponsor is no part of the phrase)
_LED = frozenset({"led", "headed", "commanded", "dominated"})
_SPONSORED = frozenset(
    ["backed", "sponsored", "supported", "funded", "financed", "armed", "trained", "allied", "aligned",
     "installed", "brokered", "mediated", "friendly", "proxy"]
)  # fmt: skip
#: directions before a country after a preposition ("rebels in northern Mali")
_COMPASS = frozenset(
    f"{side}{suffix}"
    for side in ("north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest",
                 "north-east", "north-west", "south-east", "south-west")
    for suffix in ("", "ern")
) - {"centralern"}  # fmt: skip
#: words around a region's name in a longer place name ("West Darfur State", "Helmand province")
_PLACE_KINDS = frozenset(
    ["state", "province", "region", "district", "governorate", "county", "prefecture", "oblast", "area",
     "valley", "upper", "lower"]
)  # fmt: skip
#: spaCy entity labels of place names
_PLACE_ENTITIES = frozenset({"GPE", "LOC"})
_CLAUSE_STOP = frozenset({"who", "which", "that", "whose", "whom", "where", "when", "said", "says"})
_GROUP_KINDS = frozenset({"country", "adjective", "demonym", "metonym", "institution", "role"})
_HEAD_KINDS = frozenset({"country", "demonym", "metonym", "institution", "role"})


@dataclass(slots=True)
class Match:
    """A lexicon phrase found in the text: tokens ``[start, end)``."""

    start: int
    end: int
    entries: list[Entry]

    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def first(self, *kinds: str) -> Entry | None:
        return next((e for e in self.entries if e.kind in kinds), None)


#: sectors of a modifier that says whose side a people noun is on ("fundamentalist demonstrators"
#: REL, "opposition protesters" OPP): the plain noun (CVL) does not override them
_ALLEGIANCES = frozenset({"REL", "OPP", "REB", "PTY"})

#: a role of one of these sectors is specific ("UN peacekeepers" MIL); a GOV or UNK role
#: ("director", "spokesman") takes the sector of the body it serves ("CIA director" SPY)
_GENERIC_ROLE_SECTORS = frozenset({"GOV", "UNK"})


@dataclass(slots=True)
class Parts:
    """What a phrase is made of, gathered while scanning it."""

    countries: list[str] = field(default_factory=list)
    role_sector: str | None = None
    body_sector: str | None = None
    name: str | None = None
    role_start: int | None = None
    role_end: int | None = None

    def add(self, entry: Entry, start: int, end: int) -> None:
        if entry.country and entry.country not in self.countries:
            self.countries.append(entry.country)
        if entry.kind in ("institution", "metonym"):
            self.name = entry.name
            self.body_sector = entry.sector or self.body_sector
        elif entry.kind == "role":
            allegiance = self.role_sector in _ALLEGIANCES and entry.sector == "CVL"
            if (entry.sector not in (None, "UNK") and not allegiance) or self.role_sector is None:
                self.role_sector = entry.sector
            if self.role_start is None:
                self.role_start = start
            self.role_end = end

    @property
    def coded_sector(self) -> str | None:
        """A specific role's sector, else the body's, else a generic role's."""
        if self.role_sector and self.role_sector not in _GENERIC_ROLE_SECTORS:
            return self.role_sector
        sector = self.body_sector or self.role_sector
        return None if sector == "UNK" else sector


def _best_entry(match: Match, *kinds: str) -> Entry | None:
    """The entry of ``match`` of the first of ``kinds`` it has."""
    for kind in kinds:
        entry = match.first(kind)
        if entry is not None:
            return entry
    return None


def _choose_office(
    person: Person, day: date | None, country: str | None, sector: str | None
) -> Office | None:
    """The office a person is coded by: held on the date; of the country the title names (a title
    naming another country, "U.N. mediator", wins over the dictionary); without a date, the one
    the title's sector agrees with, else the latest that is not a former (ELI) one."""
    offices = [o for o in person.offices if country is None or o.country == country]
    if not offices:
        return None
    if day is not None:
        holding = [o for o in offices if o.holds_on(day)]
        if holding:
            agreeing = [o for o in holding if o.sector == sector] or holding
            return max(agreeing, key=lambda o: o.start or date.min)
        return Person(person.name, tuple(offices)).office_on(day)
    agreeing = [o for o in offices if sector and o.sector == sector]
    current = [o for o in offices if o.sector != "ELI"]
    return max(agreeing or current or offices, key=lambda o: (o.start or date.min, o.end or date.max))


def _only_adjective(match: Match) -> bool:
    """A country adjective that is no name ("Russian"; but "United States" is both)."""
    return match.kinds() <= {"adjective", "discard"}


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class ActorStage:
    """Built once with the lexicon and the gazetteer; ``__call__`` codes the actors of one article."""

    def __init__(self, lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.lexicon.index_typos()
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, article: Article) -> Article:
        day = _date(article.published)
        entities = article.mentions
        found: list[Mention] = []
        surnames: set[str] = set()  # of the persons named so far: a later "Orlov" is a person too
        by_sentence: dict[int, list[Mention]] = {}
        for m in entities:
            if m.label == "PERSON":
                by_sentence.setdefault(m.sentence, []).append(m)
        for index, sentence in enumerate(article.sentences):
            tokens = article.tokens[sentence.token_start : sentence.token_end]
            persons = by_sentence.get(index, [])
            coder = _SentenceCoder(
                self.lexicon, article, tokens, index, persons, day, surnames, self._city_in, self._place_named
            )
            mentions = coder.code()
            found.extend(mentions)
            for mention in mentions:
                if mention.label == "PERSON" and mention.actor and mention.actor.name:
                    surnames.add(fold(mention.actor.name.split()[-1]))
        found.extend(self._places(article, entities, found))
        article.mentions = sorted(found, key=lambda m: (m.start, m.end))
        resolve_coreference(article, self.lexicon)
        return article

    def _place_named(self, text: str) -> bool:
        """Whether the gazetteer knows a place of that name."""
        return self.gazetteer.lookup(text) is not None

    def _city_in(self, text: str, country: str) -> bool:
        """Whether ``country`` has a city of that name ("Tripoli" in Lebanon as well as Libya)."""
        place = self.gazetteer.lookup_near(text, country)
        return place is not None and place.kind == "city" and place.country == country

    def _places(self, article: Article, entities: list[Mention], found: list[Mention]) -> list[Mention]:
        """Place names the parser found that no actor phrase covers ("in Darfur", "from Calgary"):
        ``PLACE`` mentions coded to the country they are in, by a region the country files list
        or a city of the gazetteer, so that an actor acting there can take that country."""
        spans = sorted((m.start, m.end) for m in found)
        starts = [s for s, _ in spans]
        reach = list(accumulate((e for _, e in spans), max))  # the furthest end among the first k spans
        places: list[Mention] = []
        for entity in entities:
            if entity.label not in _PLACE_ENTITIES:
                continue
            before = bisect_left(starts, entity.end)  # the spans starting before the entity ends
            if before and reach[before - 1] > entity.start:
                continue  # one of them ends after it starts: an actor phrase covers part of it
            place = self._place(entity.text)
            if place is not None:
                name, country = place
                actor = Actor(text=entity.text, name=name, country=country, sector="CVL",
                              start=entity.start, end=entity.end)  # fmt: skip
                places.append(Mention(entity.start, entity.end, entity.text, "PLACE", entity.sentence, actor))
        return places

    def _place(self, text: str) -> tuple[str, str] | None:
        """(name, country) of a place name: a listed region or city, a gazetteer city, or a listed
        region inside the name ("West Darfur State")."""
        words = text.split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if not words or any(
            e.kind == "discard" for e in self.lexicon.phrases.get(phrase_key(" ".join(words)), ())
        ):
            return None  # "the North Pole", "the Persian Gulf": no state's place
        entry = self.lexicon.places.get(phrase_key(" ".join(words)))
        if entry is not None and entry.country:
            return entry.name or text, entry.country
        city = self.gazetteer.lookup(" ".join(words))
        if city is not None:
            return city.name, city.country
        for size in range(len(words) - 1, 0, -1):
            for first in range(len(words) - size + 1):
                rest = words[:first] + words[first + size :]
                if not all(fold(w) in _COMPASS or fold(w) in _PLACE_KINDS for w in rest):
                    continue  # "West Darfur State" is in Darfur; "North Pole" is not in Poland
                entry = self.lexicon.places.get(phrase_key(" ".join(words[first : first + size])))
                if entry is not None and entry.country:
                    return entry.name or text, entry.country
        return None


class _SentenceCoder:
    def __init__(
        self,
        lexicon: Lexicon,
        article: Article,
        tokens: list[Token],
        index: int,
        persons: list[Mention],
        day: date | None,
        surnames: set[str] | frozenset[str] = frozenset(),
        city_in: Callable[[str, str], bool] | None = None,
        place_named: Callable[[str], bool] | None = None,
    ) -> None:
        self.surnames = surnames
        self.city_in = city_in
        self.place_named = place_named
        self.lexicon = lexicon
        self.article = article
        self.tokens = tokens
        self.index = index
        self.day = day
        self.offset = tokens[0].i if tokens else 0
        self.texts = [t.text for t in tokens]
        self.folded = [fold(t) for t in self.texts]
        self.matches = self._find_matches()
        self.match_at = {i: m for m in self.matches for i in range(m.start, m.end)}
        self.person_spans = self._person_spans(persons)
        self.used = [False] * len(tokens)

    # -- finding --------------------------------------------------------------------------------
    def _find_matches(self) -> list[Match]:
        out: list[Match] = []
        lexicon, texts = self.lexicon, self.texts
        i = 0
        while i < len(texts):
            # most tokens start no phrase: ``may_start`` is ``longest``'s first test, without the call
            end, entries = (
                lexicon.longest(texts, i, self.folded) if lexicon.may_start(self.folded[i]) else (i, [])
            )
            if entries:
                if not any(e.kind == "discard" for e in entries):
                    out.append(Match(i, end, entries))
                i = end
                continue
            text = texts[i]
            compound = self._hyphen_compound(i) if "-" in text else None
            if compound:
                out.append(compound)
            elif text.islower() and (misspelt := lexicon.misspelt_role(text)):
                out.append(Match(i, i + 1, misspelt))  # "UN peackeepers": news copy has typos
            elif text[:1].isupper() and self._misspelt_state(i):  # (its own second test, first)
                out.append(Match(i, i + 1, lexicon.misspelt_country(text)))
            i += 1
        return out

    def _misspelt_state(self, i: int) -> bool:
        """A capitalised word the parser takes for no person, one typo from one
        state's name ("Palestinan", "Sudanesse"), and no place of the gazetteer ("Indiana")."""
        token = self.tokens[i]
        return (
            token.ent_type in ("GPE", "NORP", "")
            and token.text[:1].isupper()
            and bool(self.lexicon.misspelt_country(token.text))
            and (self.place_named is None or not self.place_named(token.text))
        )

    def _hyphen_compound(self, i: int) -> Match | None:
        """ "U.S.-Russian": one token naming several countries."""
        text = self.texts[i]
        if "-" not in text.strip("-"):
            return None
        entries: list[Entry] = []
        for part in text.split("-"):
            _, found = self.lexicon.longest([part], 0) if part else (0, [])
            entry = next((e for e in found if e.kind in ("adjective", "country")), None)
            if entry is None:
                return None
            entries.append(Entry("adjective", part, entry.country, None, entry.name))
        return Match(i, i + 1, entries) if len(entries) > 1 else None

    def _person_spans(self, persons: list[Mention]) -> list[tuple[int, int, Person | None]]:
        """Person names: dictionary names and PERSON entities, widened over cut-off name parts."""
        candidates: list[tuple[int, int]] = []
        for m in self.matches:
            if m.first("person") is not None and not (m.kinds() & {"country", "institution", "metonym"}):
                candidates.append((m.start, m.end))
        for mention in persons:
            start = next((i for i, t in enumerate(self.tokens) if t.start >= mention.start), None)
            end = next((i for i, t in enumerate(self.tokens) if t.end >= mention.end), None)
            if start is None or end is None:
                continue
            match = self.match_at.get(start)
            if match and not match.first("person") and match.kinds() & (_GROUP_KINDS - {"role"}):
                continue  # NER took a place, body or nationality for a person ("Bosnian Serbs")
            if match and match.end >= end + 1 and "role" in match.kinds() and not match.first("person"):
                continue  # a title alone
            candidates.append((start, end + 1))
        for i, token in enumerate(self.tokens):  # a surname of a person named earlier
            if fold(token.text) in self.surnames and self._name_token(i):
                candidates.append((i, i + 1))
        for m in self.matches:  # "Major General Pavel Orlov": a title, then capitalised name words
            if "role" in m.kinds() and m.end < len(self.tokens) and self._name_token(m.end):
                end = m.end
                while end < len(self.tokens) and self._name_token(end):
                    end += 1
                candidates.append((m.end, end))
        merged: list[list[int]] = []
        for start, end in sorted(self._widen_name(s, e) for s, e in candidates):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return [(s, e, self._known_person(s, e)) for s, e in merged]

    def _widen_name(self, start: int, end: int) -> tuple[int, int]:
        """NER often cuts names ("Umaro Mokhtar" of "Umaro Mokhtar Sissoco Embalo")."""
        while end < len(self.tokens) and self._name_token(end):
            end += 1
        while start > 0 and self._name_token(start - 1):
            start -= 1
        return start, end

    def _name_token(self, i: int) -> bool:
        token = self.tokens[i]
        return (
            token.pos == "PROPN"
            and token.text[:1].isupper()
            and token.text.isalpha()
            and i not in self.match_at
            and token.ent_type in ("", "PERSON")
        )

    def _known_person(self, start: int, end: int) -> Person | None:
        """The dictionary person named by the whole span, or by its first and last words."""
        names = self.texts[start:end]
        for candidate in (names, [names[0], names[-1]] if len(names) > 2 else None):
            if not candidate:
                continue
            length, entries = self.lexicon.longest(candidate, 0)
            entry = next((e for e in entries if e.kind == "person"), None)
            if entry is not None and length == len(candidate):
                return entry.person
        return None

    # -- coding ---------------------------------------------------------------------------------
    def code(self) -> list[Mention]:
        mentions = [self._person_mention(s, e, p) for s, e, p in self.person_spans]
        for s, e, _ in self.person_spans:
            self._use(s, e)
        mentions.extend(self._group_mentions())
        mentions.sort(key=lambda m: m.start)
        self._name_after_title(mentions)
        return mentions

    def _name_after_title(self, mentions: list[Mention]) -> None:
        """ "The Colombian envoy, Juan Perez, ...": a name set off after a titled group mention is
        that person; an uncoded name takes the title's country, sector and role."""
        for before, after in pairwise(mentions):
            title, person = before.actor, after.actor
            if before.label != "GROUP" or after.label != "PERSON" or title is None or person is None:
                continue
            if not title.role or person.country or person.sector:
                continue
            between = self.article.text[before.end : after.start]
            head = next((t for t in reversed(self.tokens) if t.end <= before.end), None)
            if between.strip() != "," or head is None or head.tag != "NN":
                continue  # one person by office ("envoy"), not a group ("envoys")
            person.country, person.sector = title.country, title.sector
            person.role = person.role or title.role

    def _use(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.used[i] = True

    def _span_text(self, start: int, end: int) -> tuple[str, int, int]:
        first, last = self.tokens[start], self.tokens[end - 1]
        return self.article.text[first.start : last.end], first.start, last.end

    def _person_mention(self, start: int, end: int, person: Person | None) -> Mention:
        parts = Parts()
        title_start = self._title_start(start)
        for m in self._matches_in(title_start, start):
            entry = m.first("role", "institution", "metonym", "country", "adjective")
            if entry:
                parts.add(entry, m.start, m.end)
        of_end = self._of_country(end, parts)
        appositive, appositive_end = self._appositive(of_end)
        self._use(title_start, max(of_end, appositive_end))
        name_text, _, _ = self._span_text(start, end)
        described = Parts()  # ", a Russian general,": what the appositive says of an untitled name
        for m in self._matches_in(of_end + 1, appositive_end) if appositive else ():
            entry = m.first("role", "institution", "metonym", "country", "adjective")
            if entry:
                described.add(entry, m.start, m.end)
        countries = parts.countries or described.countries
        title_country = countries[0] if countries else None
        title_sector = parts.coded_sector or described.coded_sector
        if person is None and (parts.role_sector or described.role_sector or title_country):
            first = self.texts[start] if end - start > 1 else None
            person = self._by_surname(self.texts[end - 1], first, title_country, title_sector)
        office = _choose_office(person, self.day, title_country, title_sector) if person else None
        country: str | None
        if office is not None:
            country, sector = office.country, office.sector
            if self.day is None and title_sector not in (None, *_GENERIC_ROLE_SECTORS):
                sector = title_sector  # undated "General Michel Aoun": the title says what he was then
        else:
            country, sector = title_country, title_sector
        role = appositive or self._role_text(title_start, start, parts) or (office.role if office else None)
        text, s, e = self._span_text(title_start, of_end)
        actor = Actor(text=text, name=person.name if person else name_text, country=country, sector=sector,
                      role=role, start=s, end=e)  # fmt: skip
        return Mention(s, e, text, "PERSON", self.index, actor)

    def _by_surname(
        self, surname: str, first: str | None, country: str | None, sector: str | None
    ) -> Person | None:
        """ "President Mugabe", "President Omar El Bashir": the dictionary person with that surname
        (spelled within one letter for long names), that first name, in the title's country,
        holding an office on the article's date.  Several people of one country ("President
        Bush"), or a clear majority of them, still give the country."""
        key = fold(surname)
        people = self.lexicon.surnames.get(key)
        if people is None and len(key) >= 6:
            close = self.lexicon.close_surname(key)
            people = self.lexicon.surnames.get(close) if close else None
        candidates = [
            p for p in people or ()
            if (country is None or any(o.country == country for o in p.offices))
            and (self.day is None or any(o.holds_on(self.day) for o in p.offices))
        ]  # fmt: skip
        if first and len(candidates) > 1:
            named = [p for p in candidates if fold(p.name.split()[0]) == fold(first)]
            candidates = named or candidates
        if len(candidates) == 1:
            return candidates[0]
        votes: dict[str, int] = {}
        for p in candidates:
            for c in {
                o.country for o in p.offices if o.sector != "ELI" and (sector is None or o.sector == sector)
            }:
                votes[c] = votes.get(c, 0) + 1
        if votes:
            top = max(votes, key=lambda c: votes[c])
            if votes[top] * 2 > sum(votes.values()):  # a clear majority of the namesakes
                return Person(surname, tuple(o for p in candidates for o in p.offices if o.country == top))
        return None

    def _title_start(self, start: int) -> int:
        """Leftmost token of the title before a name ("Russian Major General", "Director of the ... Service")."""
        j = start
        while j > 0:
            i = j - 1
            match = self.match_at.get(i)
            token = self.tokens[i]
            if match is not None and not self.used[match.start] and (match.kinds() & _GROUP_KINDS):
                j = match.start
            elif (
                fold(token.text) in _GLUE
                or fold(token.text) in _MODIFIERS
                or (
                    token.pos == "PROPN"
                    and token.text[:1].isupper()
                    and token.ent_type not in ("PERSON", "DATE", "GPE")
                )
            ):
                j = i
            else:
                break
        while j < start and fold(self.tokens[j].text) in _GLUE:
            j += 1
        return j

    def _matches_in(self, start: int, end: int) -> list[Match]:
        return [m for m in self.matches if start <= m.start and m.end <= end]

    def _of_country(self, end: int, parts: Parts) -> int:
        """ "President X of Guinea-Bissau": the country after the name."""
        if end < len(self.tokens) and self.texts[end].lower() == "of":
            k = end + 1
            if k < len(self.tokens) and self.texts[k].lower() == "the":
                k += 1
            match = self.match_at.get(k)
            if match and match.start == k:
                entry = match.first("country", "metonym", "institution")
                if entry and entry.country:
                    parts.add(entry, match.start, match.end)
                    return match.end
        return end

    def _appositive(self, end: int) -> tuple[str | None, int]:
        """ ", deputy head of the main directorate for international cooperation, ..." after a name."""
        if end >= len(self.tokens) or self.texts[end] != ",":
            return None, end
        k = end + 1
        stop = k
        has_role = False
        while stop < len(self.tokens) and stop - k < 15:
            token = self.tokens[stop]
            if token.text in {",", ".", ";", ":", "(", ")", "“", "”", '"'} or token.pos in ("VERB", "AUX"):
                break
            if fold(token.text) in _CLAUSE_STOP or token.ent_type == "PERSON":
                break
            match = self.match_at.get(stop)
            if match is not None and "role" in match.kinds():
                has_role = True
            stop += 1
        if not has_role or stop == k:
            return None, end
        while k < stop and self.texts[k].lower() in ("the", "a", "an"):
            k += 1
        return self._span_text(k, stop)[0], stop

    def _role_text(self, title_start: int, name_start: int, parts: Parts) -> str | None:
        """The title before a name without leading country words and ranks alone."""
        k = title_start
        while k < name_start:
            match = self.match_at.get(k)
            if (
                match is not None
                and match.kinds() & {"adjective", "country"}
                and not match.kinds() & {"role"}
            ):
                k = match.end
            elif fold(self.texts[k]) in _GLUE:
                k += 1
            else:
                break
        if k >= name_start:
            return None
        return self._span_text(k, name_start)[0]

    def _group_mentions(self) -> list[Mention]:
        out: list[Mention] = []
        i = 0
        while i < len(self.tokens):
            match = self.match_at.get(i)
            if match is None or self.used[i] or match.start != i or not (match.kinds() & _GROUP_KINDS):
                i += 1
                continue
            complements: list[Match] = []
            end, items, conj = self._phrase(i, complements)
            mentions = self._code_group(i, end, items, conj, complements)
            if self._sponsor_at(end) and not any(
                self._is_head(m) and not _only_adjective(m) for m in items[1:]
            ):
                mentions = [
                    Mention(m.start, m.end, m.text, "SPONSOR", m.sentence, replace(m.actor, sector=None))
                    for m in mentions if m.actor is not None
                ]  # fmt: skip
            out.extend(mentions)
            self._use(i, end)
            i = max(end, i + 1)
        return out

    def _sponsor_at(self, k: int) -> bool:
        """Whether tokens ``k``, ``k + 1`` are "-backed", "-sponsored", ...: the phrase before them
        names a sponsor of what follows ("US-backed forces"), which is not the sponsor's own."""
        return k + 1 < len(self.tokens) and self.texts[k] == "-" and fold(self.texts[k + 1]) in _SPONSORED

    def _item(self, k: int) -> Match | None:
        match = self.match_at.get(k)
        if match is None or match.start != k or self.used[k] or not (match.kinds() & _GROUP_KINDS):
            return None
        last = self.tokens[match.end - 1]
        if match.kinds() == {"role"} and last.pos == "ADJ" and last.dep == "amod":
            following = self.match_at.get(match.end)
            if following is None or following.start != match.end or "role" not in following.kinds():
                return None  # "an official meeting", "a military plane": the word describes, names no one
        return match  # "fundamentalist demonstrators": a role word on a role noun

    def _phrase(self, start: int, complements: list[Match]) -> tuple[int, list[Match], bool]:
        """A noun phrase from its first lexicon item: further adjacent items ("Russia's Defense
        Ministry", "Mozambique government"), possessives, modifiers, coordinated adjectives
        ("Russian and American delegations") and, after a head, "in/from/of (the) <country>"
        ("rebels in the Ivory Coast", "president of Armenia")."""
        items: list[Match] = []
        k = start
        conj = False
        last_end = start
        while k < len(self.tokens):
            match = self._item(k)
            word = fold(self.texts[k])
            if match is not None:
                items.append(match)
                k = last_end = match.end
            elif items and word in ("'s", "'"):
                k += 1
            elif items and word == "-" and k + 1 < len(self.tokens) and fold(self.texts[k + 1]) in _LED:
                k += 2  # "Vietnamese-led forces", "Saudi-led coalition": the leader's
            elif items and word in ("and", ",", "/") and self._coordinated_adjectives(items, k):
                conj = True
                k += 1
            elif items and (word in _MODIFIERS or self._modifier_before_head(k)):
                k += 1
            elif (
                items
                and word in _COMPLEMENT_PREPOSITIONS
                and self._is_head(items[-1])
                and not self._has_country(items)
            ):
                last_end = max(last_end, self._complements(k + 1, complements))
                break
            else:
                break
        return last_end, items, conj

    def _people_noun(self, k: int) -> int | None:
        """The plural common noun right after country adjectives, when it names people rather than
        things (weapons and bodies are in the role lexicon; a plural noun left over is people)."""
        if k >= len(self.tokens):
            return None
        token = self.tokens[k]
        lemma = token.lemma.lower()
        if token.tag not in ("NNS", "NNPS") or k in self.match_at or not token.text.isalpha():
            return None
        if lemma.endswith(_ABSTRACT_SUFFIXES) or lemma in _THINGS:
            return None  # "U.S.-Russian negotiations", "Russian interests": not people
        return k

    def _modifier_before_head(self, k: int) -> bool:
        """An adjective or proper name between a country and its head noun ("Nicaragua's
        Sandinista government", "Iran's new cabinet")."""
        if self.tokens[k].pos not in ("ADJ", "PROPN") or k in self.match_at:
            return False
        nxt = self._item(k + 1)
        return nxt is not None and bool(nxt.kinds() & {"role", "institution"})

    def _has_country(self, items: list[Match]) -> bool:
        """Whether the phrase names its country ("US defense attachés" in Moscow stay American)."""
        return any(e.country for m in items for e in m.entries if e.kind != "role")

    def _complements(self, k: int, found: list[Match]) -> int:
        """ "of Chile and Peru", "in the Ivory Coast": countries after a head noun; the end (the
        preposition's position ``k - 1`` when no country follows, so "rebels in" is not a span)."""
        end = k - 1
        while True:
            place = self._country_after(k)
            if place is None:
                return end
            found.append(place)
            end = k = place.end
            if (
                k + 1 < len(self.tokens)
                and self.texts[k].lower() in ("and", ",")
                and self._country_after(k + 1)
            ):
                k += 1
                continue
            return end

    def _country_after(self, k: int) -> Match | None:
        if k < len(self.tokens) and self.texts[k].lower() == "the":
            k += 1
        if k < len(self.tokens) and fold(self.texts[k]) in _COMPASS:
            k += 1  # "in southern Lebanon", "in Western Cambodia"
        match = self._item(k)
        return match if match is not None and match.kinds() & {"country", "metonym"} else None

    def _is_head(self, match: Match) -> bool:
        return bool(match.kinds() & _HEAD_KINDS)

    def _coordinated_adjectives(self, items: list[Match], k: int) -> bool:
        """ "Russian and American delegations": adjectives joined before a shared head."""
        if "adjective" not in items[-1].kinds():
            return False
        nxt = self._item(k + 1)
        if nxt is None or "adjective" not in nxt.kinds():
            return False
        after = self._item(nxt.end)  # the shared head must follow: "Russian and American delegations"
        return after is not None and "role" in after.kinds()

    def _code_group(
        self, start: int, end: int, items: list[Match], conj: bool, complements: list[Match]
    ) -> list[Mention]:
        """One mention per country when adjectives or "of" countries are coordinated, else one."""
        head_index = max(
            (n for n, m in enumerate(items) if self._is_head(m) and not _only_adjective(m)), default=None
        )
        text, s, e = self._span_text(start, end)
        if head_index is None:
            people = self._people_noun(end)
            if people is not None:  # "Algerian landowners", "Iraqi youths": a population, civilians
                text, s, e = self._span_text(start, people + 1)
                self._use(end, people + 1)
                found = [a.country for m in items for a in m.entries if a.kind == "adjective" and a.country]
                nations = list(dict.fromkeys(found)) if conj else found[:1]
                return [
                    Mention(
                        s,
                        e,
                        text,
                        "GROUP",
                        self.index,
                        Actor(text=text, country=c, sector="CVL", start=s, end=e),
                    )
                    for c in nations
                ]
            # "Russian strategy", "U.S.-Russian talks": country adjectives on a noun that is no actor;
            # kept as MODIFIER mentions (not actor records) for the stages that read arguments
            return [
                Mention(s, e, text, "MODIFIER", self.index, Actor(text=text, country=a.country, start=s, end=e))
                for m in items for a in m.entries if a.kind == "adjective" and a.country
            ]  # fmt: skip
        parts = Parts()
        adjectives: list[str] = []
        for n, m in enumerate(items):
            if n == head_index:
                entry = _best_entry(m, "role", "institution", "metonym", "country", "demonym")
            else:
                entry = _best_entry(m, "adjective", "country", "metonym", "institution", "role", "demonym")
            if entry is None:
                continue
            parts.add(entry, m.start, m.end)
            if entry.kind == "adjective" and entry.country:
                adjectives.extend(a.country for a in m.entries if a.kind == "adjective" and a.country)
        countries: list[str | None] = (
            list(dict.fromkeys(adjectives)) if conj or len(set(adjectives)) > 1 else []
        )
        of_countries = [c for m in complements if (c := self._place_country(m))]
        if of_countries:
            countries = list(dict.fromkeys(of_countries))
        countries = countries or list(parts.countries[:1]) or [None]
        head = items[head_index]
        label = "PLACE" if self._is_place(start, head) else "GROUP"
        name = parts.name if head.kinds() & {"institution", "metonym"} else None
        role = (
            self._span_text(parts.role_start, parts.role_end)[0]
            if parts.role_start is not None and parts.role_end
            else None
        )
        sector = parts.coded_sector
        if sector is None and head.kinds() & {"demonym"} and not head.kinds() & {"role", "institution"}:
            sector = "CVL"  # "Palestinians", "Algerians": a people
        if label == "PLACE":
            sector = "CVL"  # "a curfew in Algiers": as a party, a place is the people in it
            countries = [self._place_country(head) or countries[0]] if len(countries) == 1 else countries
        return [
            Mention(s, e, text, label, self.index,
                    Actor(text=text, name=name, country=c, sector=sector, role=role, start=s, end=e))
            for c in countries
        ]  # fmt: skip

    def _place_country(self, match: Match) -> str | None:
        """The country of a country or capital named as a place; a capital another state of the
        sentence has a city of the same name of is that city ("militias in Tripoli" beside "the
        Lebanese port" are in Lebanon, not in Libya)."""
        entry = _best_entry(match, "country", "metonym")
        if entry is None or entry.kind != "metonym" or entry.country is None or self.city_in is None:
            return entry.country if entry is not None else None
        text = self._span_text(match.start, match.end)[0]
        others = dict.fromkeys(
            e.country for m in self.matches for e in m.entries
            if e.kind in ("country", "adjective", "demonym", "institution") and e.country and e.country != entry.country
        )  # fmt: skip
        near = [c for c in others if c and self.city_in(text, c)]
        return near[0] if len(near) == 1 else entry.country

    def _is_place(self, start: int, head: Match) -> bool:
        if not head.kinds() & {"country", "metonym"} or head.kinds() & {"role", "institution"}:
            return False
        k = start - 1
        while k >= 0 and self.texts[k].lower() == "the":
            k -= 1
        return k >= 0 and self.texts[k].lower() in _LOCATIVE
