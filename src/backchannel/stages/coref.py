"""Within-article coreference: later mentions carry the actor of the first full mention.

- a surname alone ("Ilyin") → the last earlier person whose name ends with it;
- a definite description ("the Russian general", "the two attachés", "the Americans") → the last
  earlier mention of the same country whose title shares the description's role word or sector
  (persons for a singular description, groups for a plural one);
- "he", "she", "his", "her" → the last person mentioned before it in the same sentence, else the
  subject of the previous sentence.
Each resolved mention keeps its own text and offsets and gets ``antecedent`` and a copy of the
antecedent's coding.
"""

from __future__ import annotations

from backchannel.model import Actor, Article, Mention, Token
from backchannel.resources.actors import INTERNATIONAL, Lexicon, fold

_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those", "both"})


def _merged(own: Actor | None, antecedent: Actor, mention: Mention) -> Actor:
    """The antecedent's coding where the mention's own is missing; the antecedent's name."""
    own = own or Actor()
    return Actor(text=mention.text, name=antecedent.name or own.name, country=own.country or antecedent.country,
                 sector=own.sector or antecedent.sector, role=own.role or antecedent.role,
                 start=mention.start, end=mention.end)  # fmt: skip


def _mention_tokens(article: Article, mention: Mention) -> list[Token]:
    """The tokens inside a mention, found within its sentence."""
    if not 0 <= mention.sentence < len(article.sentences):
        return []
    sentence = article.sentences[mention.sentence]
    return [
        t for t in article.tokens[sentence.token_start : sentence.token_end]
        if mention.start <= t.start and t.end <= mention.end
    ]  # fmt: skip


def _token_at(article: Article, mention: Mention) -> int | None:
    """The index of the mention's first token."""
    tokens = _mention_tokens(article, mention)
    return tokens[0].i if tokens else None


def _last_token(article: Article, mention: Mention) -> Token | None:
    """The mention's last token (its head, in English noun phrases)."""
    tokens = _mention_tokens(article, mention)
    return tokens[-1] if tokens else None


def _link(article: Article, index: int, antecedent: int) -> None:
    mention, target = article.mentions[index], article.mentions[antecedent]
    while target.antecedent is not None:
        antecedent = target.antecedent
        target = article.mentions[antecedent]
    if target.actor is not None:
        mention.antecedent = antecedent
        mention.actor = _merged(mention.actor if mention.label != "PRON" else None, target.actor, mention)


def resolve_coreference(article: Article, lexicon: Lexicon | None = None) -> None:
    """Resolve the mentions of ``article`` in place and add resolved pronoun mentions.
    ``lexicon`` (the actor stage's) tells an official outlet's state."""
    publisher = lexicon.publisher(article.outlet, article.url) if lexicon is not None else None
    home = publisher.country if publisher is not None else None
    _add_pronouns(article)
    _borrow_country(article)
    _country_from_place(article)
    _country_of_sentence(article)
    for index, mention in enumerate(article.mentions):
        if mention.actor is None or mention.label == "PLACE":
            continue
        if mention.label == "PERSON":
            target = _surname_antecedent(article, index)
        elif mention.label == "GROUP":
            target = _description_antecedent(article, index, home)
            if target is not None and mention.actor.role is None:
                mention.actor.sector = None  # "the Americans" are who they were before, not civilians
        elif mention.label == "PRON":
            target = _pronoun_antecedent(article, index)
        else:
            continue  # a MODIFIER ("Israeli right-winger") or SPONSOR refers to no one
        if target is not None:
            _link(article, index, target)
        elif mention.label == "PRON":
            mention.actor = None  # an unresolved pronoun codes nothing


def _surname_antecedent(article: Article, index: int) -> int | None:
    """The last earlier person with the same full name, or whose surname this one-word name is."""
    mention = article.mentions[index]
    name = fold((mention.actor.name if mention.actor else None) or "").strip()
    if not name:
        return None
    for j in range(index - 1, -1, -1):
        other = article.mentions[j]
        if other.label != "PERSON" or other.actor is None or not other.actor.name:
            continue
        full = fold(other.actor.name)
        if full == name or (" " not in name and " " in full and full.split()[-1] == name):
            return j
    return None


_NUMBERS = frozenset({"two", "three", "four", "five", "both", "2", "3", "4", "5"})


def _is_description(article: Article, mention: Mention) -> tuple[bool, bool, str | None]:
    """Whether a group mention is a definite description; its number and number word."""
    actor = mention.actor
    head = _last_token(article, mention)
    if actor is None or head is None or actor.name:  # a named body ("the Kremlin") is no description
        return False, False, None
    # a plural the tagger missed ("the U.S. attachés" tagged NN) still ends in -s
    plural = head.tag in ("NNS", "NNPS") or (
        head.tag == "NN" and head.text.endswith("s") and not head.text.endswith("ss")
    )
    demonym = head.tag == "NNPS" or (plural and head.text[:1].isupper())
    if not actor.role and not demonym:
        return False, plural, None  # "the United States" is a name, not a description
    k = _token_at(article, mention)
    if k is None:
        return False, plural, None
    number = None
    k -= 1
    while k >= 0 and fold(article.tokens[k].text) in _NUMBERS:
        number = fold(article.tokens[k].text)
        k -= 1
    if k < 0 or fold(article.tokens[k].text) not in _DEFINITE:
        return False, plural, None
    return True, plural, number


#: descriptions that name an office by its function: "the Head of State" is the president or king
_ROLE_EQUIVALENTS = {
    "head of state": ("president", "king", "queen", "emir", "sultan", "monarch", "head of state"),
    "head of government": ("prime minister", "premier", "chancellor", "head of government"),
}


def _description_antecedent(article: Article, index: int, home: str | None) -> int | None:
    """``home``: the state of the official outlet the article comes from, if it does."""
    mention = article.mentions[index]
    actor = mention.actor
    described, plural, number = _is_description(article, mention)
    if not described or actor is None:
        return None
    role_word = fold(actor.role.split()[-1]).rstrip("s") if actor.role else None
    country = actor.country
    if home and actor.role and fold(mention.text) == fold(actor.role):
        # a bare "the President" on the presidency's own site is its president, whatever state
        # the sentence names
        country = actor.country = home
    candidates: list[int] = []
    for j in range(index - 1, -1, -1):
        other = article.mentions[j]
        if other.actor is None or other.label not in ("PERSON", "GROUP"):
            continue  # a mention already resolved stands for its antecedent (``_link`` follows it)
        if (other.label == "GROUP") != plural:
            continue
        if country and other.actor.country != country:
            continue
        if role_word:  # "the President" is the person whose words or office say president
            said = f"{fold(other.text)} {fold(other.actor.role or '')}"
            if not any(word in said for word in _ROLE_EQUIVALENTS.get(fold(actor.role or ""), (role_word,))):
                continue
        elif other.label == "GROUP" and not other.actor.role:
            continue  # "the Americans" refers back to a described group, not to "the United States"
        candidates.append(j)
    if number:
        numbered = [j for j in candidates if number in fold(_context(article, article.mentions[j]))]
        candidates = numbered or candidates
    return candidates[0] if candidates else None


def _context(article: Article, mention: Mention) -> str:
    """The mention with the few words before it ("the two defense attachés")."""
    return article.text[max(0, mention.start - 12) : mention.end]


def _country_from_place(article: Article) -> None:
    """An actor with no country ("rebels in Darfur", "Shona rebels attacked ... in Mozambique")
    takes the country of the nearest country or capital named in its sentence: the coder codes
    unnamed groups by where they act, as PLOVER coders do."""
    for mention in article.mentions:
        actor = mention.actor
        if actor is None or actor.country or mention.label not in ("GROUP", "PERSON"):
            continue
        if mention.label == "GROUP" and not (actor.sector or actor.role):
            continue
        places = [
            other for other in article.mentions
            if other.sentence == mention.sentence and other is not mention and other.actor is not None
            and other.actor.country and other.label in ("PLACE", "GROUP", "MODIFIER")
            and (other.label == "PLACE" or not (other.actor.role or other.actor.sector not in (None, "GOV")))
        ]  # fmt: skip
        if places:
            nearest = min(places, key=lambda o: abs(o.start - mention.start))
            actor.country = nearest.actor.country if nearest.actor else None


def _country_of_sentence(article: Article) -> None:
    """An actor still without a country ("President Laurent Gbago", "the opposition newspaper La
    Prensa") takes the country of its sentence when every other mention there names one and the
    same state: news names a domestic actor's country once, on whoever comes first.  Only an actor
    with a title or sector: a bare name may be a place the parser took for a person."""
    countries: dict[int, set[str]] = {}
    for other in article.mentions:
        if (
            other.actor is not None
            and other.label != "SPONSOR"  # "US-backed forces" are not American
            and other.actor.country
            and other.actor.country not in INTERNATIONAL
        ):
            countries.setdefault(other.sentence, set()).add(other.actor.country)
    for mention in article.mentions:
        actor = mention.actor
        if actor is None or actor.country or mention.label not in ("GROUP", "PERSON"):
            continue
        if not (actor.sector or actor.role):
            continue
        named = countries.get(mention.sentence, set())
        if len(named) == 1:
            actor.country = next(iter(named))


def _role_word(actor: Actor) -> str | None:
    return fold(actor.role.split()[-1]).rstrip("s") if actor.role else None


#: role words too common to tell whose side a mention is on: "a senior defense official" near
#: "Russian military officials" may be American
_GENERIC_ROLES = frozenset({"official", "source", "person", "people", "representative", "member"})


def _borrow_country(article: Article) -> None:
    """A role without a country ("the two defense attachés") takes the country of the nearest
    mention, before or after it, with the same role word ("a US defense attaché")."""
    by_role: dict[str, list[Mention]] = {}
    for other in article.mentions:
        if other.actor is not None and other.actor.country and (word := _role_word(other.actor)):
            by_role.setdefault(word, []).append(other)
    for mention in article.mentions:
        actor = mention.actor
        if actor is None or actor.country or mention.antecedent is not None:
            continue
        word = _role_word(actor)
        same = by_role.get(word, []) if word and word not in _GENERIC_ROLES else []
        if same:
            nearest = min(same, key=lambda o: abs(o.start - mention.start))
            if nearest.actor is not None:
                actor.country = nearest.actor.country
                actor.sector = actor.sector or nearest.actor.sector


def _add_pronouns(article: Article) -> None:
    covered = {(m.start, m.end) for m in article.mentions}
    added: list[Mention] = []
    for index, sentence in enumerate(article.sentences):
        for token in article.tokens[sentence.token_start : sentence.token_end]:
            if (
                token.pos == "PRON"
                and token.text.lower() in _PRONOUNS
                and (token.start, token.end) not in covered
            ):
                actor = Actor(text=token.text, start=token.start, end=token.end)
                added.append(Mention(token.start, token.end, token.text, "PRON", index, actor))
    if added:
        article.mentions = sorted([*article.mentions, *added], key=lambda m: (m.start, m.end))


def _singular_role(article: Article, mention: Mention) -> bool:
    """A group mention that names one person by office ("the foreign minister")."""
    head = _last_token(article, mention)
    return bool(mention.actor and mention.actor.role and head is not None and head.tag == "NN")


def _pronoun_antecedent(article: Article, index: int) -> int | None:
    mention = article.mentions[index]
    for j in range(index - 1, -1, -1):
        other = article.mentions[j]
        if other.sentence != mention.sentence:
            break
        if other.actor is not None and (other.label == "PERSON" or _singular_role(article, other)):
            return j  # "The Lithuanian foreign minister said his country ..."
    previous = mention.sentence - 1
    subjects: list[int] = []
    for j in range(index - 1, -1, -1):
        other = article.mentions[j]
        if other.sentence < previous:
            break
        if other.sentence == previous and other.label == "PERSON" and other.actor is not None:
            subjects.append(j)
    for j in reversed(subjects):
        head = _last_token(article, article.mentions[j])
        if head is not None and head.dep in ("nsubj", "nsubjpass"):
            return j
    return None
