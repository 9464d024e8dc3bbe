"""Actor dictionaries (``resources/actors/*.jsonl``, schema ``backchannel.actors/1``): loading,
validation and the lexicon the actor stage matches against.

Every line is validated at load time; an error names ``file:line`` and the field.  Curated files
come first; the files converted from Phoenix (``*.phoenix.jsonl``) only add what the curated ones
do not already define.  Phrases are matched over runs of tokens by their folded text without
white space, so matching does not depend on how the tokenizer split a phrase.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from backchannel.model import SECTORS
from backchannel.resources import ResourceError

SCHEMA = "backchannel.actors/1"
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO"})
#: How dictionary codes are coded in output.  UNO and EUR are CAMEO's sub-codes of IGO: every
#: intergovernmental body (UN, EU, NATO, ...) is coded country IGO, its ``name`` saying which one,
#: as the PLOVER gold standard codes them.  As a sector, an intergovernmental body is a government.
COUNTRY_CODED_AS = {"UNO": "IGO", "EUR": "IGO"}
SECTOR_CODED_AS = {"IGO": "GOV"}
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

EntryKind = Literal[
    "country",
    "adjective",
    "demonym",
    "metonym",
    "institution",
    "role",
    "person",
    "discard",
    "outlet",
    "place",
]

#: curated first: an earlier file's phrase wins over a later file's
FILES: tuple[tuple[str, str], ...] = (
    ("discards.jsonl", "discard"),
    ("countries.jsonl", "country"),
    ("metonyms.jsonl", "metonym"),
    ("institutions.jsonl", "institution"),
    ("roles.jsonl", "role"),
    ("people.jsonl", "person"),
    ("outlets.jsonl", "outlet"),
    ("discards.phoenix.jsonl", "discard"),
    ("countries.phoenix.jsonl", "country"),
    ("institutions.phoenix.jsonl", "institution"),
    ("roles.phoenix.jsonl", "role"),
    ("people.phoenix.jsonl", "person"),
)


@dataclass(frozen=True, slots=True)
class Office:
    country: str
    sector: str | None
    role: str | None
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    offices: tuple[Office, ...]

    def office_on(self, day: date | None) -> Office | None:
        """The office held on ``day``; without a day (or none held then) the latest one before it."""
        if not self.offices:
            return None
        if day is None:
            return max(self.offices, key=lambda o: o.start or date.min)
        holding = [o for o in self.offices if o.holds_on(day)]
        if holding:
            return max(holding, key=lambda o: o.start or date.min)
        before = [o for o in self.offices if o.start is None or o.start <= day]
        return max(before, key=lambda o: o.end or date.max) if before else None


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase in the lexicon means."""

    kind: EntryKind
    text: str
    country: str | None = None
    sector: str | None = None
    name: str | None = None
    person: Person | None = None
    acronym: bool = False  # written in capitals in the dictionary: must match capitals in text
    proper: bool = False  # a proper name: must start with a capital in text
    official: bool = False  # an outlet that speaks for its state (a government site)
    fallback: bool = False  # from a converted (Phoenix) file: only fills phrases the curated files lack


@dataclass(slots=True)
class Lexicon:
    """Phrase → entries.  A phrase is keyed by its folded text without white space, so a run of
    tokens matches whatever the tokenizer did inside it ("Russia's", "U.S.", "Guinea-Bissau")."""

    phrases: dict[str, list[Entry]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)  # code → name
    surnames: dict[str, list[Person]] = field(default_factory=dict)  # folded last name → people
    outlets: dict[str, Entry] = field(default_factory=dict)  # domain → publisher
    #: phrase key → a region or city a country file lists ("Darfur" SDN): places, never actors,
    #: looked up only for place names the parser found, so they are not in ``phrases``
    places: dict[str, Entry] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)  # keys cut where a token may end
    size: int = 0
    max_tokens: int = 12
    #: one-letter deletions of long role words and of states' one-word names -> the words (built
    #: when first needed, for ``misspelt_role`` and ``misspelt_country``)
    role_typos: dict[str, set[str]] | None = None
    state_typos: dict[str, set[str]] | None = None
    #: answers of ``misspelt_role`` / ``misspelt_country`` by word (every token of a text that
    #: starts no phrase is asked; the same words come back in every article), valid for the
    #: lexicon's ``size`` they were found at; and ``surname_keys`` by initial, for as many surnames
    _typo_answers: dict[tuple[bool, str], list[Entry]] = field(default_factory=dict, repr=False)
    _typo_answers_size: int = field(default=-1, repr=False)
    _surname_keys: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _surname_keys_size: int = field(default=-1, repr=False)
    _close_surnames: dict[str, str | None] = field(default_factory=dict, repr=False)
    _close_surnames_size: int = field(default=-1, repr=False)

    def outlet(self, name: str | None) -> Entry | None:
        """The publisher entry of an outlet ("kremlin.ru", "www.kremlin.ru", "https://en.kremlin.ru/...")."""
        if not name:
            return None
        host = name.lower().split("//")[-1].split("/")[0].removeprefix("www.")
        while host:
            if host in self.outlets:
                return self.outlets[host]
            host = host.partition(".")[2]
        return None

    def publisher(self, outlet: str | None, url: str | None = None) -> Entry | None:
        """The official outlet (kremlin.ru, president.gov.ua) an article comes from, by its outlet
        name or its url; None for any other outlet."""
        entry = self.outlet(outlet) or self.outlet(url)
        return entry if entry is not None and entry.official else None

    def names_a_person(self, name: str) -> bool:
        """Whether an actor's name is a person's: not a state, body or office the lexicon knows
        ("Kremlin", "Department of State"); a name it does not know is taken for a person's."""
        entries = self.phrases.get(phrase_key(name), [])
        return not entries or any(e.kind == "person" for e in entries)

    def index_typos(self) -> None:
        """Build the indexes ``misspelt_role`` and ``misspelt_country`` use (else built on first use)."""
        if self.role_typos is None:
            self.role_typos = self._typo_index(_MISSPELT_MIN - 1, frozenset({"role"}))
        if self.state_typos is None:
            self.state_typos = self._typo_index(_MISSPELT_COUNTRY_MIN - 1, _STATE_WORDS)

    def misspelt_role(self, word: str) -> list[Entry]:
        """The role entries of the one long role word ``word`` is a single typo away from
        ("peackeepers" -> "peacekeepers"): a letter left out, added, changed or two swapped.
        Only words of ten letters or more, where one typo cannot make another word."""
        return self._typo_answer(True, word)

    def misspelt_country(self, word: str) -> list[Entry]:
        """The country, adjective or demonym entries of the one state whose one-word name
        ``word`` (seven letters or more, in no entry) is a single typo away from ("Palestinan",
        "Sudanesse", "Yugoslovia"); none when the typo could be of two states' names."""
        return self._typo_answer(False, word)

    def _typo_answer(self, role: bool, word: str) -> list[Entry]:
        if self._typo_answers_size != self.size or len(self._typo_answers) > _TYPO_ANSWERS:
            self._typo_answers.clear()
            self._typo_answers_size = self.size
        found = self._typo_answers.get((role, word))
        if found is None:
            if role:
                if self.role_typos is None:
                    self.role_typos = self._typo_index(_MISSPELT_MIN - 1, frozenset({"role"}))
                found = self._misspelt(word, _MISSPELT_MIN, self.role_typos, frozenset({"role"}))
                found = found if len({e.sector for e in found}) == 1 else []
            else:
                if self.state_typos is None:
                    self.state_typos = self._typo_index(_MISSPELT_COUNTRY_MIN - 1, _STATE_WORDS)
                found = self._misspelt(word, _MISSPELT_COUNTRY_MIN, self.state_typos, _STATE_WORDS)
                found = found if len({e.country for e in found}) == 1 else []
            self._typo_answers[role, word] = found
        return list(found)

    def _misspelt(
        self, word: str, shortest: int, index: dict[str, set[str]], kinds: frozenset[str]
    ) -> list[Entry]:
        key = fold(word)
        if len(key) < shortest or not key.isalpha() or key in self.phrases:
            return []
        near = {k for variant in (key, *_deletions(key)) for k in index.get(variant, ())}
        return [e for k in sorted(near) if _one_typo(key, k) for e in self.phrases[k] if e.kind in kinds]

    def _typo_index(self, shortest: int, kinds: frozenset[str]) -> dict[str, set[str]]:
        """Each one-word key of ``kinds`` (of ``shortest`` letters or more) and each of its
        one-letter deletions -> the keys: two words one typo apart share an entry."""
        index: dict[str, set[str]] = {}
        for key, entries in self.phrases.items():
            if len(key) >= shortest and key.isalpha() and any(e.kind in kinds for e in entries):
                for variant in (key, *_deletions(key)):
                    index.setdefault(variant, set()).add(key)
        return index

    def surname_keys(self, initial: str) -> list[str]:
        """The folded surnames starting with ``initial`` (for near-miss spellings)."""
        if self._surname_keys_size != len(self.surnames):  # surnames are only ever added
            self._surname_keys.clear()
            for key in self.surnames:
                self._surname_keys.setdefault(key[:1], []).append(key)
            self._surname_keys_size = len(self.surnames)
        return list(self._surname_keys.get(initial, ()))

    def close_surname(self, key: str) -> str | None:
        """The folded surname closest to ``key`` (``difflib`` ratio 0.85 or more), among those with
        its initial; remembered by key (as long as the surnames are the same)."""
        if self._close_surnames_size != len(self.surnames):
            self._close_surnames.clear()
            self._close_surnames_size = len(self.surnames)
        if key not in self._close_surnames:
            close = difflib.get_close_matches(key, self.surname_keys(key[:1]), n=1, cutoff=0.85)
            self._close_surnames[key] = close[0] if close else None
        return self._close_surnames[key]

    def may_start(self, folded: str) -> bool:
        """Whether a phrase can start with a token folded to ``folded`` (when not, ``longest``
        from it finds nothing: its first step is this test)."""
        return folded.replace(" ", "") in self.prefixes

    def add(self, entry: Entry) -> None:
        key = phrase_key(entry.text)
        if not key:
            return
        self.prefixes.update(_boundary_prefixes(fold(entry.text)))
        bucket = self.phrases.setdefault(key, [])
        if entry.fallback and any(not e.fallback for e in bucket):
            return  # "Colombia" is the country, not a Phoenix alias of a rebel group
        if any(e.kind == entry.kind or e.kind == "discard" for e in bucket):
            return  # an earlier (curated) file already defines this phrase for this kind
        bucket.append(entry)
        self.size += 1

    def longest(
        self, texts: Sequence[str], start: int, folded: Sequence[str] | None = None
    ) -> tuple[int, list[Entry]]:
        """The longest phrase of tokens starting at ``start`` whose case rules hold: (end, entries),
        or (start, []).  ``folded`` are the tokens already passed through ``fold``."""
        best: tuple[int, list[Entry]] = (start, [])
        key = ""
        for i in range(start, min(len(texts), start + self.max_tokens)):
            key += folded[i] if folded is not None else fold(texts[i])
            key = key.replace(" ", "")
            if key not in self.prefixes:
                break  # no phrase goes on from here
            found = self.phrases.get(key)
            if found:
                entries = [e for e in found if _case_ok(e, texts[start : i + 1])]
                if entries:
                    best = (i + 1, entries)
        return best


_MISSPELT_MIN = 10
_TYPO_ANSWERS = 200_000  # words remembered by ``Lexicon._typo_answer`` (then forgotten at once)
_MISSPELT_COUNTRY_MIN = 7
_STATE_WORDS = frozenset({"country", "adjective", "demonym"})


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_typo(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one left-out, added or changed letter, or one swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[i + 1 :] == shorter[i:]


def phrase_key(text: str) -> str:
    return "".join(fold(text).split())


def _boundary_prefixes(folded: str) -> Iterator[str]:
    """The phrase key cut at every place a tokenizer may end a token: before a space, before or
    after a character that is neither a letter nor a digit, and at the end."""
    out = ""
    for i, ch in enumerate(folded):
        nxt = folded[i + 1] if i + 1 < len(folded) else " "
        if ch.isspace():
            continue
        out += ch
        if nxt.isspace() or not ch.isalnum() or not nxt.isalnum():
            yield out


def _case_ok(entry: Entry, texts: Sequence[str]) -> bool:
    first = texts[0]
    if entry.acronym:
        return all(t.upper() == t for t in texts)
    if entry.proper:
        return first[:1].isupper() or first[:1].isdigit()
    return True


_FOLD_MAP = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without diacritics, with one kind of apostrophe and hyphen."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_MAP))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _romanised(name: str) -> list[str]:
    """Words of a folded name with romanisation variants merged: y is i, g is h, doubled letters
    single (Zelenskyy/Zelensky/Zelenskiy, Oleksiy/Oleksii, Podolyak/Podoliak, Oleh/Oleg)."""
    return [re.sub(r"(.)\1+", r"\1", word.replace("y", "i").replace("g", "h")) for word in fold(name).split()]


def same_person(name: str, other: str | None) -> bool:
    """Equal names up to romanisation, or equal last words and (when both have two) equal first ones."""
    a, b = _romanised(name), _romanised(other or "")
    if not a or not b:
        return False
    return a == b or (a[-1] == b[-1] and (len(a) < 2 or len(b) < 2 or a[0] == b[0]))


# -- loading and validation -----------------------------------------------------------------


def _lines(name: str, directory: Path | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        if directory is not None:
            text = (directory / name).read_text(encoding="utf-8")
        else:
            text = resources.files(__package__).joinpath("actors", name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    except UnicodeDecodeError as exc:
        raise ResourceError(f"actors/{name}: not UTF-8: {exc}") from exc
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("//"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ResourceError(f"actors/{name}:{number}: not JSON: {exc.msg}") from exc
        if not isinstance(data, dict):
            raise ResourceError(f"actors/{name}:{number}: a line must be a JSON object")
        if not header_seen:
            if data.get("schema") != SCHEMA:
                raise ResourceError(
                    f"actors/{name}:{number}: first line must be a header with schema {SCHEMA!r}"
                )
            header_seen = True
            continue
        yield number, data


class _Check:
    def __init__(self, name: str, number: int, data: dict[str, Any]) -> None:
        self.where = f"actors/{name}:{number}"
        self.data = data

    def fail(self, message: str) -> ResourceError:
        return ResourceError(f"{self.where}: {message}")

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key!r} must be a non-empty string")
        return value.strip()

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(f"{key!r} must be a list of non-empty strings")
        return [v.strip() for v in value]

    def country(self, value: object, *, required: bool) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not (_CODE.match(value) or value in INTERNATIONAL):
            raise self.fail(
                f"country {value!r} is not an ISO 3166 alpha-3 code or one of {sorted(INTERNATIONAL)}"
            )
        return COUNTRY_CODED_AS.get(value, value)

    def sector(self, value: object) -> str | None:
        if value is None:
            return None
        if value not in SECTORS:
            raise self.fail(f"sector {value!r} is not one of {', '.join(SECTORS)}")
        return SECTOR_CODED_AS.get(str(value), str(value))

    def day(self, value: object, key: str, *, end: bool) -> date | None:
        if value is None:
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            raise self.fail(f"{key} {value!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
        parts = [int(p) for p in value.split("-")]
        year, month = parts[0], parts[1] if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            day_of_month = parts[2]
        elif end:
            day_of_month = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
        else:
            day_of_month = 1
        try:
            return date(year, month, day_of_month)
        except ValueError as exc:
            raise self.fail(f"{key} {value!r}: {exc}") from exc


def _person(check: _Check) -> Person:
    offices = check.data.get("offices", [])
    if not isinstance(offices, list):
        raise check.fail("'offices' must be a list")
    parsed: list[Office] = []
    for index, office in enumerate(offices):
        if not isinstance(office, dict):
            raise check.fail(f"offices[{index}] must be an object")
        start = check.day(office.get("start"), f"offices[{index}].start", end=False)
        end = check.day(office.get("end"), f"offices[{index}].end", end=True)
        if start and end and start > end:
            raise check.fail(f"offices[{index}]: start {start} is after end {end}")
        role = office.get("role")
        parsed.append(Office(
            country=check.country(office.get("country"), required=True) or "",
            sector=check.sector(office.get("sector")),
            role=role if isinstance(role, str) and role.strip() else None,
            start=start,
            end=end,
        ))  # fmt: skip
    return Person(name=check.text("name") or "", offices=tuple(parsed))


def _entries(name: str, kind: str, number: int, data: dict[str, Any]) -> Iterator[Entry]:
    check = _Check(name, number, data)
    if kind == "discard":
        yield Entry("discard", check.text("text") or "")
    elif kind == "country":
        code = check.country(data.get("code"), required=True)
        label = check.text("name", required=False)
        for text in [*([label] if label else []), *check.texts("names")]:
            yield Entry("country", text, country=code, name=label or text, proper=True)
        for text in check.texts("adjectives"):
            yield Entry("adjective", text, country=code, name=label, proper=True)
        for text in check.texts("demonyms"):
            yield Entry("demonym", text, country=code, name=label, proper=True)
        for text in check.texts("places"):
            yield Entry("place", text, country=code, name=text, proper=True)
    elif kind == "metonym":
        text = check.text("text") or ""
        yield Entry("metonym", text, check.country(data.get("country"), required=True),
                    check.sector(data.get("sector")), check.text("name", required=False) or text, proper=True)  # fmt: skip
    elif kind == "institution":
        label = check.text("name") or ""
        country = check.country(data.get("country"), required=False)
        sector = check.sector(data.get("sector"))
        for text in [label, *check.texts("aliases")]:
            yield Entry("institution", text, country, sector, label, proper=text[:1].isupper())
    elif kind == "role":
        country = check.country(data.get("country"), required=False)
        sector = check.sector(data.get("sector"))
        for text in [check.text("text") or "", *check.texts("variants")]:
            yield Entry("role", text, country, sector, None)
    elif kind == "outlet":
        official = data.get("official", False)
        if not isinstance(official, bool):
            raise check.fail("'official' must be true or false")
        yield Entry("outlet", (check.text("outlet") or "").lower(), check.country(data.get("country"), required=True),
                    check.sector(data.get("sector")), check.text("name"), official=official)  # fmt: skip
    elif kind == "person":
        person = _person(check)
        for text in dict.fromkeys([person.name, *check.texts("aliases")]):
            yield Entry("person", text, name=person.name, person=person, proper=True)
    else:  # pragma: no cover - FILES is fixed
        raise check.fail(f"unknown kind {kind}")


def load_entries(files: Iterable[tuple[str, str]] = FILES, directory: Path | None = None) -> Iterator[Entry]:
    """Every validated entry of the actor files (of the package, or of ``directory``), curated first."""
    for name, kind in files:
        fallback = name.endswith(".phoenix.jsonl")
        for number, data in _lines(name, directory):
            for entry in _entries(name, kind, number, data):
                yield replace(_with_case(entry), fallback=fallback) if fallback else _with_case(entry)
                if fallback and entry.kind == "role" and not data.get("variants"):
                    plural = regular_plural(entry.text)
                    if plural is not None:
                        yield replace(_with_case(entry), text=plural, fallback=True)


def regular_plural(phrase: str) -> str | None:
    """The regular plural of a role noun phrase's last word, as PETRARCH forms it for a Phoenix
    agent with no plural of its own ("fighter" -> "fighters", "tribesman" -> "tribesmen",
    "deputy" -> "deputies"); None for a word that looks plural or is not a plain lower-case word."""
    head, _, last = phrase.rpartition(" ")
    if not last.isalpha() or not last.islower() or len(last) < 3 or last.endswith("s"):
        return None
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif last.endswith("y") and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    elif last.endswith(("x", "z", "ch", "sh")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def _with_case(entry: Entry) -> Entry:
    letters = [ch for ch in entry.text if ch.isalpha()]
    acronym = 1 < len(letters) <= 6 and all(ch.isupper() for ch in letters) and " " not in entry.text
    if acronym == entry.acronym:
        return entry
    return replace(entry, acronym=acronym)


def build_lexicon(entries: Iterable[Entry] | None = None) -> Lexicon:
    """A lexicon of ``entries`` (default: every actor file, curated first)."""
    lexicon = Lexicon()
    for entry in load_entries() if entries is None else entries:
        if entry.kind == "outlet":
            lexicon.outlets.setdefault(entry.text, entry)
            continue
        if entry.kind == "place":
            lexicon.places.setdefault(phrase_key(entry.text), entry)
            continue
        lexicon.add(entry)
        if entry.kind == "country" and entry.country and entry.country not in lexicon.countries:
            lexicon.countries[entry.country] = entry.name or entry.text
        if entry.person is not None and entry.text == entry.person.name:
            people = lexicon.surnames.setdefault(fold(entry.person.name.split()[-1]), [])
            if not any(p.name == entry.person.name for p in people):  # curated first: the same person once
                people.append(entry.person)
    return lexicon


@cache
def default_lexicon() -> Lexicon:
    """The lexicon of every actor file, built once per process."""
    return build_lexicon()
