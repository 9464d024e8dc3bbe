#!/usr/bin/env python3
"""Convert the Phoenix (PETRARCH-2) actor dictionaries into ``backchannel.actors/1`` JSON Lines.

Usage::

    python tools/convert_phoenix.py --phoenix ../shared/resources/phoenix \\
        --out src/backchannel/resources/actors

Inputs (folder ``--phoenix``; openeventdata/petrarch2 at commit
676801cd9cb2924bbbad09f86d15c9323e7097bf, MIT licence, Open Event Data Alliance):

* ``Phoenix.Countries.actors.txt``      country-level entries, national institutions, named people
* ``Phoenix.International.actors.txt``  IGOs, NGOs, multinational corporations, media, a few people
* ``Phoenix.MilNonState.actors.txt``    armed non-state groups
* ``Phoenix.agents.txt``                role nouns ("minister", "general", ...)
* ``Phoenix.discards.txt``              phrases that must not be coded as actors
* ``LICENSE``                           the MIT notice (copied to ``PHOENIX_LICENSE``)

Outputs (folder ``--out``; each file starts with the header line of SCHEMA.md):

* ``people.phoenix.jsonl``        ``{"name", "aliases", "offices": [{"country", "sector", "role", "start", "end"}]}``
* ``countries.phoenix.jsonl``     ``{"code", "name", "names", "adjectives", "demonyms", "places"}``
* ``institutions.phoenix.jsonl``  ``{"name", "aliases", "country", "sector"}``
* ``roles.phoenix.jsonl``         ``{"text", "variants", "sector", "country": null}``
* ``discards.phoenix.jsonl``      ``{"text"}``
* ``PHOENIX_LICENSE``             verbatim copy of the upstream MIT licence

The script is deterministic: the same inputs give byte-identical outputs (records are sorted, no
timestamps are written). It uses the standard library only. A summary (records written, entries
skipped by reason, file sizes) goes to stderr.

Reading the dictionaries (TABARI/PETRARCH actor format)
-------------------------------------------------------
* ``#`` starts a comment (whole line, or the rest of a line, as in PETRARCH-2); blank lines are
  ignored but end a run of code-less headwords (see below).
* A line that starts with neither ``+`` nor ``[`` is a *headword* and starts a new entry; it may
  carry codes on the same line (``UNHCR_ [IGOUNOREFHCR]``).
* ``+ALIAS_`` lines add synonyms to the current entry.
* ``[CODE]`` / ``[CODE DATES]`` lines (usually tab-indented; several per line allowed) add codes
  to the current entry. Dates: ``yymmdd-yymmdd``, ``>yymmdd`` (from), ``<yymmdd`` (until), 8-digit
  ``yyyymmdd`` anywhere a 6-digit date may stand, a space after ``>``/``<`` tolerated. Six-digit
  years 00-30 are 20xx, others 19xx (the KEDS/TABARI/PETRARCH rule). A bare single date
  (``[USAGOV 19820101]``) is read as a start date. Any other shape (7 or 9+ digits, impossible
  calendar dates, start after end) makes that one code unparseable: it is skipped and counted.
  ``[---]`` is the null code and is ignored.
* TABARI synonym runs: a headword without codes that is *immediately* followed by another
  headword (no blank or comment line between) is a synonym of it, so
  ``LEONID_BREZHNEV_ / LEONID_ILYICH_BREZHNEV / ... [RUSGOV ...]`` is one person. An entry that
  ends up with no usable code is skipped ("no code").
* Phrases: ``_`` becomes a space, trailing ``_`` (TABARI's word-boundary mark) is dropped, stray
  brackets/quotes are removed, and phrases with replacement characters (``\\ufffd``) or control
  characters are dropped (counted).

CAMEO code -> (country, sector)
-------------------------------
CAMEO codes are runs of 3-letter chunks: ``RUSGOV``, ``AFGGOVAGR``, ``IGOUNOKID``, ``NGOUSAHRI``.

Country (first chunk):

* ISO 3166-1 alpha-3 codes stay as they are (``ISO3`` below).
* Legacy and non-ISO CAMEO state codes map to the current code where the successor is clear
  (``LEGACY_COUNTRY``): ROM->ROU, ZAR->COD, TMP->TLS, BUR->MMR, DDR->DEU (East Germany acceded to
  Germany), SUN/USR->RUS (USSR; Russia is its continuator state), YUG/FRY/SCG->SRB (Serbia
  continues the FR Yugoslavia / Serbia and Montenegro), ANG->AGO (typo for Angola), KSV->XKX
  (Kosovo has no ISO code; XKX is the user-assigned code used by the EU, IMF and World Bank).
  CSK (Czechoslovakia: two successors) and SRP (Republika Srpska, not a state) are not mapped, and
  KNT (Kinakuta, a fictional test country) is dropped; codes with these prefixes are skipped.
* A second chunk that is itself an ISO code of a territory or successor state refines the
  country: ``GBRVGB`` -> VGB, ``USRARM`` -> ARM, ``SDNSSD`` -> SSD (except ``MUS`` and ``AUT``,
  which CAMEO also uses as the role codes "Muslim" and "autonomous").
* ``IGO``: ``IGOUNO...`` -> ``UNO`` (United Nations system), ``IGOEUREEC...`` -> ``EUR`` (European
  Union / Communities bodies), any other ``IGO...`` -> ``IGO``. ``NGO...`` -> ``NGO``.
  ``MNC...`` (multinational corporations) -> the ISO code in the second chunk if any, else null.
* CAMEO regions and other non-state prefixes (``REGIONS``: AFR, ASA, EUR, MEA, WST, LAM, SAS, ...;
  ``IMG`` international militarised group, ``INT`` international, ``MED``/``ELI`` without a
  country, religion prefixes such as ``HIN``/``BUD``, KKL) -> null. Note that a bare ``EUR`` is the
  CAMEO region "Europe", not an EU body, so it becomes null; only ``IGOEUREEC`` becomes ``EUR``.
  People's offices without a country are dropped (counted); institutions keep ``country: null``.

Sector (``SECTOR_MAP``; the first role chunk after the country part is used, so ``AFGGOVAGR`` is
GOV): GOV, MIL, SPY, LEG, JUD, COP, PTY, REB, OPP, BUS, CVL, ELI, EDU, HLH, LAB, REL, NGO, IGO stay;
MED -> JRN; UAF, INS, SEP -> REB; CAMEO religion codes (``RELIGIONS``: MUS, MOS, CHR, CTH, JEW,
HIN, BUD, ...) -> REL; everything else (AGR, DEV, ENV, HRI, REF, CRM, MOD, RAD, ...) -> UNK.
Prefix families fix the sector: IGO/UNO/EUR -> IGO (JUD when the code has a JUD chunk, e.g. the
ICJ), NGO -> NGO, MNC -> BUS, bare MED -> JRN, IMG -> REB, bare ELI -> ELI. Armed non-state groups
(Phoenix.MilNonState) are REB unless their code says otherwise.

People
------
Entries of the three actor files that look like named people (``classify_entry``):

* Phoenix.Countries entries marked ``# CountryInfo.txt`` (generated from lists of leaders and
  ministers) are people when the headword, after removing leading titles, looks like a name: up
  to 16 words (Gulf and Malaysian royal names are long), letters and ``. ' -`` only, no function
  word (OF/THE/FOR/AND). Single-word names are allowed here (mononymous ministers, monarchs), but
  are dropped afterwards when they are shorter than 5 letters or are a common given name
  (the first word of two or more other people's names: "Abdullah", "Hussein").
* Other entries must also have 2-6 words, no title word, no organisation word (``ORG_WORDS``:
  Army, Council, Front, Inc, ...), no country/region word when outside Phoenix.Countries
  ("War Child Canada"), not start with a role noun of Phoenix.agents (role nouns that are common
  given names - Christian, Dean, Man - are exempt), and not be one of ``NOT_PEOPLE``. In
  Phoenix.International they must not carry an MNC code or only MED/ELI codes; in
  Phoenix.MilNonState they need a dated code (only Sheikh Ahmed Yassin qualifies).
* Everything else in Phoenix.Countries (national institutions, parties, places, generic offices
  such as "US Secretary of State") is counted as not written; the curated ``institutions.jsonl``
  covers national bodies.

Record fields:

* ``name``: the headword in natural case (``title_name``): "Vladimir Putin", "Hans van den Broek",
  "Ban Ki-moon" (Korean hyphenated given names), "Bashar al-Assad", "Mohammed VI", "John McCain",
  "Michael O'Kennedy", "Miguel d'Escoto Brockmann", "Walter J. Stoessel Jr.". Leading titles are
  removed from the headword ("SECRETARY-GENERAL_BAN_KI-MOON" -> "Ban Ki-moon"), and a trailing
  "ACTING"; a comma ends the name unless Jr./Sr./II follows ("JOHN ROLAND ROBINSON, BARON
  MARTONMERE"); parenthetical remarks are dropped. If removing titles leaves one word, the first
  clean alias of two or more words is used instead, or the entry is skipped.
* ``aliases``: the ``+`` lines (and code-less synonym headwords) in natural case, underscores to
  spaces, trailing underscores dropped. Dropped: aliases with an office or title word anywhere
  (``TITLE_WORDS``: PRESIDENT_PUTIN_, RUSSIAN_PRIME_MINISTER_VLADIMIR_PUTIN_, FOREIGN_MINISTER_...)
  or a courtesy/rank title at the start (``LEADING_TITLES``: Lady, Sir, King, Sheikh, Major, ...;
  these are also surnames, so they only count at the start), because our stage handles titles
  itself; aliases with an organisation word ("Obama Administration", "Assad Regime"); single-word
  aliases shorter than 5 letters or equal to the first name; duplicates of the name. Single-word
  aliases of 5+ letters that Phoenix lists are kept ("Putin", "Lavrov", "Erdogan").
* ``offices``: one per usable code, ``{"country", "sector", "role": null, "start", "end"}``; dated
  offices sorted by start date, undated offices (Phoenix's fallback codes such as a trailing
  ``[RUSELI]``) last with null dates; exact duplicates removed. A person without any usable
  office is skipped.
* Records with the same name are merged when they share an office country or one of them only has
  IGO/UNO/EUR/NGO offices (e.g. a national politician later at the UN); otherwise they stay apart
  as homonyms.

Countries
---------
Country-level entries of Phoenix.Countries (every code is a plain country code such as ``[AFG]``,
possibly date-ranged like ``[USRARM <900823] [ARMUNR 9008223-911221] [ARM >911221]``): ``code`` is
the code in force today (open-ended), mapped as above; entries coded only with a vanished state
(CSK, SCG, SUN, ...) are skipped. Entries with the same code are merged; the one with most aliases
gives ``name`` (GERMANY_ rather than LEIPZIG_). Records: ``{"code", "name", "names",
"adjectives", "demonyms", "places"}``; each alias goes to exactly one list (``CountryNames``,
evaluated in passes until stable, since a name found lends its words and initials to the next):

* ``adjectives``: the last word ends in -an/-ian/-ese/-ish/-i/-ic (or is one of
  ``IRREGULAR_ADJECTIVES``: French, Dutch, Swiss, ...), shares its first three letters with a word
  of the country's name, and is not a form of the name itself: not a name word ("Oman", "Japan"),
  not a misspelling of one ("Bakstaan", "Great Britian", "Azerbaycan"), not ending in -stan, and
  ending differently from the name word it extends ("Pakistani", "Afghan", "Chinese", "Russian" -
  the latter also because it is a non-final word of "Russian Federation").
* ``demonyms``: an adjective plus -s or a name/adjective stem plus -man/-woman/-men/-women
  ("Palestinians", "Dutchman").
* ``names``: spellings of the country: the alias contains a distinctive word of the name (not
  Saint/Republic/United/...: ``GENERIC_NAME_WORDS``) or a close spelling of one (same first
  letter, ``difflib`` ratio >= 0.8), is the initials of a name ("US", "DRC", "ROK"), is a part of
  a longer name ("United States"), or is similar to the headword as a whole (ratio >= 0.75). An
  official long form containing the headword lends its words to later aliases ("United Kingdom
  of Great Britain and Northern Ireland" makes "Great Britain" and "Britain" names).
* ``places``: everything else, i.e. the cities, provinces and regions Phoenix codes as the country,
  and exonyms the rules above do not recognise ("Kabul", "Moscow", "Deutschland"). They are kept
  apart so that they are not taken for names of the state.

Names are cased with ``title_place`` (small words lower case, dotted abbreviations, vowel-less
words and ``PLACE_ACRONYMS`` upper case, "Cote d'Ivoire").

Institutions
------------
Entries of Phoenix.International and Phoenix.MilNonState that are not people:
``{"name", "aliases", "country", "sector"}`` with country and sector from the first usable code
(IGOs, UN bodies, EU bodies, NGOs, armed groups, and also the multinational corporations - sector
BUS, country from ``MNCxxx`` - and media - JRN - of Phoenix.International). Records with the same
name, country and sector are merged. Organisation names are cased with ``title_org`` (small words
lower case, acronyms upper case - a single word of five letters or fewer is taken for an acronym:
"NATO", "UNHCR" -, "Inc"/"Corp" spelled conventionally), and a parenthesised acronym becomes an
alias ("Aden Abyan Islamic Army (AAIA)" -> name without it, alias "AAIA"). Person-like aliases
of groups (Hassan Nasrallah under Hezbollah) are kept as Phoenix has them.

Roles
-----
Lines of Phoenix.agents: ``PHRASE {PLURAL} [~CODE]``. Commented-out lines are skipped.
``text`` is the phrase in lower case (proper adjectives such as "Christian" and acronyms such as
"CEO" keep their case); ``variants`` are the explicit plural in ``{...}`` (an empty ``{}`` means
none; regular plurals are not invented). Substitution sets: ``!PERSON!`` gives
man/men/woman/women/person/people ("policeman" with variants "policemen", "policewoman", ...);
``!MINIST!`` gives two entries, "X minister" (+ "X ministers") and "X ministry" (+ "X ministries").
The sector comes from the code as above (``[~GOVMED]`` -> GOV, ``[NGO~]`` -> NGO); ``country`` is
null. Entries with the same text are merged (variants united, first sector kept).

Discards
--------
Each non-comment line of Phoenix.discards (story-level ``+`` markers dropped) becomes
``{"text"}`` in natural case (``natural_phrase``): acronyms upper-case (NBA, H5N1, FIFA),
phrases with an event word (Cup, Open, Games, ...) or starting with a proper word (a country
name/adjective or a given name of the converted people) in Title Case ("Asian Cup",
"David Beckham"), other proper words capitalised ("decorated Vietnam veteran"), everything else
lower case ("bird flu", "months later"). Casing is heuristic; matching should ignore case.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA = "backchannel.actors/1"
UPSTREAM = "openeventdata/petrarch2@676801cd9cb2924bbbad09f86d15c9323e7097bf"
LICENSE_NOTE = "MIT (Open Event Data Alliance); see PHOENIX_LICENSE"
NOTE = "generated by tools/convert_phoenix.py; do not edit by hand"

COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
INTERNATIONAL_FILE = "Phoenix.International.actors.txt"
MILNONSTATE_FILE = "Phoenix.MilNonState.actors.txt"
AGENTS_FILE = "Phoenix.agents.txt"
DISCARDS_FILE = "Phoenix.discards.txt"
MAX_BYTES = 4 * 1024 * 1024

# --------------------------------------------------------------------------------------------
# Code tables
# --------------------------------------------------------------------------------------------


def words_set(text: str) -> frozenset[str]:
    """A frozenset of the whitespace-separated words of ``text`` (for the word tables below)."""
    return frozenset(text.split())


#: ISO 3166-1 alpha-3 codes (all 249 officially assigned codes).
ISO3 = words_set(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR
    COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH
    ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL
    GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR
    JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR
    MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL
    NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY
    PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP
    SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA
    UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """
)

#: Legacy / non-ISO CAMEO state codes -> current code (see module docstring).
LEGACY_COUNTRY = {
    "ROM": "ROU",  # Romania, pre-2002 ISO code
    "ZAR": "COD",  # Zaire
    "TMP": "TLS",  # East Timor
    "BUR": "MMR",  # Burma
    "DDR": "DEU",  # German Democratic Republic
    "SUN": "RUS",  # Soviet Union
    "USR": "RUS",  # Soviet Union (CAMEO)
    "YUG": "SRB",  # Yugoslavia
    "FRY": "SRB",  # Federal Republic of Yugoslavia
    "SCG": "SRB",  # Serbia and Montenegro
    "ANG": "AGO",  # Angola (typo in MilNonState)
    "KSV": "XKX",  # Kosovo (no ISO code; user-assigned XKX)
}
#: Country prefixes that are dropped, with the reason counted in the summary.
DROPPED_COUNTRY = {
    "CSK": "historical state without a single successor (CSK)",
    "SRP": "sub-state entity without ISO code (SRP)",
    "KNT": "fictional test country (KNT)",
}
#: Vanished states: country-level entries coded only with these are not written to countries.
HISTORICAL_STATES = frozenset({"CSK", "DDR", "SUN", "USR", "YUG", "FRY", "SCG", "SRP"})
#: CAMEO regions and other non-state prefixes -> no country.
REGIONS = words_set(
    """
    AFR ASA BLK CRB CAU CFR CAS CEU EIN EAF EEU EUR LAM MEA MDT NAF NMR PGS SCN SAM SAS SEA SAF
    WAF WST WEU INT UIS KKL
    """
)
#: CAMEO religion codes (as a role chunk they mean REL; as a prefix, no country).
RELIGIONS = words_set(
    """
    MUS MOS SHI SUN SFI ALE DRZ CHR CTH PRO DOX CPT JEW HIN BUD SIK TAO JAN CON ZRO BAH ADR ITR
    LDS JEH
    """
)
#: Second chunks that look like ISO codes but are CAMEO role codes.
NOT_TERRITORY = frozenset({"MUS", "AUT"})

#: CAMEO role code -> PLOVER sector (anything else -> UNK).
SECTOR_MAP = {
    **{c: c for c in words_set("GOV MIL SPY LEG JUD COP PTY REB OPP BUS CVL ELI EDU HLH LAB REL NGO IGO")},
    "MED": "JRN",
    "UAF": "REB",
    "INS": "REB",
    "SEP": "REB",
    **{c: "REL" for c in RELIGIONS},
}
NONSTATE_COUNTRIES = frozenset({"IGO", "UNO", "EUR", "NGO"})


class ParseError(ValueError):
    """An unparseable date, code or phrase; ``reason`` is the summary bucket."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# Dates and codes
# --------------------------------------------------------------------------------------------


def parse_date(text: str) -> str:
    """``yymmdd`` or ``yyyymmdd`` -> ISO ``YYYY-MM-DD`` (yy 00-30 -> 20yy, else 19yy)."""
    if not text.isdigit() or len(text) not in (6, 8):
        raise ParseError("bad date", text)
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        raise ParseError("bad date", text) from None


def parse_dates(spec: str) -> tuple[str | None, str | None]:
    """A Phoenix date spec -> ``(start, end)``: ``a-b``, ``>a``, ``<b``, bare ``a`` (start), ``""``."""
    spec = spec.replace(" ", "")
    if not spec:
        return None, None
    if spec[0] == ">":
        return parse_date(spec[1:]), None
    if spec[0] == "<":
        return None, parse_date(spec[1:])
    if "-" in spec:
        a, _, b = spec.partition("-")
        start, end = parse_date(a), parse_date(b)
        if start > end:
            raise ParseError("bad date", f"{spec} (start after end)")
        return start, end
    return parse_date(spec), None


def _chunks(code: str) -> list[str]:
    if not re.fullmatch(r"(?:[A-Z]{3})+", code):
        raise ParseError("bad code", code)
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def _sector(chunks: Iterable[str], default: str = "UNK") -> str:
    for c in chunks:
        return SECTOR_MAP.get(c, "UNK")
    return default


def code_country_sector(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> ``(country, sector)``; sector is None for a plain country code.

    >>> code_country_sector("RUSGOV")
    ('RUS', 'GOV')
    >>> code_country_sector("IGOUNOKID")
    ('UNO', 'IGO')
    """
    code = code.strip().lstrip("~").rstrip("~")
    ch = _chunks(code)
    first, rest = ch[0], ch[1:]
    if first == "IGO":
        if rest[:1] == ["UNO"]:
            country = "UNO"
        elif rest[:2] == ["EUR", "EEC"]:
            country = "EUR"
        else:
            country = "IGO"
        return country, ("JUD" if "JUD" in rest else "IGO")
    if first == "NGO":
        return "NGO", "NGO"
    if first == "MNC":
        c = rest[0] if rest and rest[0] in ISO3 else None
        return c, "BUS"
    if first == "IMG":
        return None, "REB"
    if first in ("MED", "ELI") and first not in ISO3:
        return None, SECTOR_MAP[first]
    if first in DROPPED_COUNTRY:
        raise ParseError(DROPPED_COUNTRY[first], code)
    if first in REGIONS or (first in RELIGIONS and first not in LEGACY_COUNTRY):
        default = "REL" if first in RELIGIONS else "UNK"
        return None, _sector(rest, default) if rest else default
    if first in ISO3 or first in LEGACY_COUNTRY:
        country = LEGACY_COUNTRY.get(first, first)
        if rest and rest[0] in ISO3 and rest[0] not in NOT_TERRITORY:
            country, rest = rest[0], rest[1:]
        return country, (_sector(rest) if rest else None)
    raise ParseError("unknown country code", code)


def is_country_code(code: str) -> bool:
    """True for a plain (country-level) code such as ``AFG``, ``USRARM``, ``IRQOCC``, ``ARMUNR``."""
    try:
        ch = _chunks(code)
    except ParseError:
        return False
    if ch[0] not in ISO3 and ch[0] not in LEGACY_COUNTRY and ch[0] not in DROPPED_COUNTRY:
        return False
    return all(c in ISO3 or c in LEGACY_COUNTRY or c in ("UNR", "OCC", "AUT", "UNO") for c in ch[1:])


# --------------------------------------------------------------------------------------------
# Dictionary reader
# --------------------------------------------------------------------------------------------


@dataclass
class RawCode:
    code: str
    dates: str
    line: int


@dataclass
class Entry:
    """One actor entry: headword, synonyms and codes, with its position in the file."""

    file: str
    line: int
    head: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[RawCode] = field(default_factory=list)
    comment: str = ""


_CODE_RE = re.compile(r"\[([^\]\[]*)\]")


def _split_codes(text: str, lineno: int) -> list[RawCode]:
    out = []
    for m in _CODE_RE.finditer(text):
        parts = m.group(1).split(None, 1)
        if not parts:
            continue
        out.append(RawCode(parts[0], parts[1].strip() if len(parts) > 1 else "", lineno))
    return out


def read_actor_file(lines: Iterable[str], filename: str, stats: Counter[str] | None = None) -> list[Entry]:
    """Parse a TABARI/PETRARCH actor dictionary into entries (see the module docstring)."""
    stats = stats if stats is not None else Counter()
    entries: list[Entry] = []
    cur: Entry | None = None
    contiguous = False  # no blank/comment line since the current headword
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if line.lstrip().startswith("#") or not line.strip():
            contiguous = False
            continue
        text, _, comment = line.partition("#")
        text = text.strip()
        if not text:
            continue
        if re.match(r"[A-Za-z][\w. ]*: ", text) and "[" not in text:
            stats["stray text line ignored"] += 1  # e.g. "Source: MNC.MLH.actors"
            contiguous = False
            continue
        if text.startswith("["):
            if cur is None:
                stats["orphan code line"] += 1
                continue
            cur.codes.extend(_split_codes(text, lineno))
        elif text.startswith("+"):
            if cur is None:
                stats["orphan alias line"] += 1
                continue
            # "+TAIOAN_+TAWIAN": several synonyms on one line
            cur.synonyms.extend(p for p in text[1:].split("+") if p.strip())
        else:
            head, bracket, rest = text.partition("[")
            codes = _split_codes(bracket + rest, lineno) if bracket else []
            if cur is not None and not cur.codes and contiguous:
                # TABARI synonym run: code-less headword followed directly by another headword
                stats["headwords merged as synonyms"] += 1
                cur.synonyms.append(head.strip())
                cur.codes.extend(codes)
                if comment.strip() and not cur.comment:
                    cur.comment = comment.strip()
            else:
                cur = Entry(filename, lineno, head.strip(), comment=comment.strip())
                cur.codes.extend(codes)
                entries.append(cur)
            contiguous = True
    return entries


# --------------------------------------------------------------------------------------------
# Phrases and casing
# --------------------------------------------------------------------------------------------


def clean_phrase(raw: str) -> str:
    """Phoenix phrase -> plain words: ``_`` to space, trailing ``_`` dropped, junk removed.

    The SUB control character (``\x1a``, an unknown letter in CountryInfo) is removed; phrases
    with a replacement character (``\ufffd``) or other control characters are unparseable.
    """
    s = raw.strip().lstrip("+").replace("\x1a", "")
    if "\ufffd" in s or any(ord(ch) < 32 and ch != "\t" for ch in s):
        raise ParseError("unreadable characters", raw)
    s = s.replace("_", " ").replace("`", "'").replace("\u2019", "'")
    s = re.sub(r'[\[\]"{}<>*?;]', " ", s)
    s = re.sub(r"\s+", " ", s).strip(" ,")
    # unbalanced parentheses are debris ("HAMMARSKJOLD)", "ELBEGDORJ (1ST TIME")
    if s.count("(") != s.count(")"):
        s = re.sub(r"\s*\(.*$", "", s) if "(" in s else s
        s = re.sub(r"\s+", " ", s.replace(")", " ")).strip()
    if not re.search(r"[^\W\d_]", s):
        raise ParseError("empty phrase", raw)
    return s


def person_phrase(phrase: str) -> str:
    """Person-specific clean-up: "STOESSEL, JR." -> "STOESSEL JR.", "ROBINSON, BARON X" ->
    "ROBINSON", "'ISA" -> "ISA", parenthetical remarks dropped."""
    s = re.sub(r"\s*\([^()]*\)", "", phrase)
    if "," in s:
        head, _, tail = s.partition(",")
        if tail.strip().upper().rstrip(".") in ("JR", "SR", "II", "III", "IV"):
            s = f"{head} {tail.strip()}"
        else:
            s = head
    s = re.sub(r"\s+\.(?=\w)", ". ", s)  # "DMITRI A .MEDVEDEV"
    words = [w.strip("'") for w in s.split()]
    return " ".join(w for w in words if w)


def _lower(s: str) -> str:
    return s.replace("İ", "i").replace("I\u0307", "i").lower()


def _cap(s: str) -> str:
    """Capitalise one word part: first letter upper, rest lower (keeps ' inside: Jama'at)."""
    low = _lower(s)
    for i, ch in enumerate(low):
        if ch.isalpha():
            return low[:i] + ch.upper() + low[i + 1 :]
    return low


#: Lower-case name particles (when not the first word).
NAME_PARTICLES = words_set(
    "al el bin bint ibn de da do dos das del della der den van von du des y e ud ul ad ar as az ash"
)
ROMAN = words_set("II III IV V VI VII VIII IX X XI XII XIII")


def _name_word(word: str, first: bool, last: bool, korean: bool, n: int) -> str:
    up = word.upper()
    if re.fullmatch(r"(?:[A-Z]\.)+", up):  # initials
        return up
    if up in ROMAN and last and not first and n >= 2:
        return up
    if up in ("JR", "JR."):
        return "Jr."
    if up in ("SR", "SR."):
        return "Sr."
    if "-" in word:
        parts = word.split("-")
        if _lower(parts[0]) in ("al", "el", "ad", "ar", "as", "az", "ash", "ud", "ul") and len(parts) > 1:
            head = _cap(parts[0]) if first else _lower(parts[0])
            return head + "-" + "-".join(_name_word(p, False, False, False, 1) for p in parts[1:])
        if korean and len(parts) == 2:
            return _cap(parts[0]) + "-" + _lower(parts[1])
        return "-".join(_name_word(p, first and i == 0, False, False, 1) for i, p in enumerate(parts))
    low = _lower(word)
    if not first and low in NAME_PARTICLES:
        return low
    if re.fullmatch(r"mc[^\W\d_]{2,}", low):
        return "Mc" + _cap(low[2:])
    m = re.fullmatch(r"([od])'([^\W\d_].*)", low)
    if m:
        pre = m.group(1)
        pre = pre.upper() if pre == "o" or first else pre
        return pre + "'" + _cap(m.group(2))
    return _cap(word)


def title_name(phrase: str, korean: bool = False) -> str:
    """Person name in natural case: "VLADIMIR PUTIN" -> "Vladimir Putin", "HANS VAN DEN BROEK" ->
    "Hans van den Broek", "ABU BAKR AL-BAGHDADI" -> "Abu Bakr al-Baghdadi"."""
    words = phrase.split()
    n = len(words)
    return " ".join(_name_word(w, i == 0, i == n - 1, korean, n) for i, w in enumerate(words))


#: Short words kept lower-case inside organisation names (not as the first word).
ORG_SMALL = words_set(
    """
    of the and for in on at to by a an with from de la le les des du del della di da do dos das
    et y e en au aux pour contre per fur und der die das van von al el
    """
)
#: Three-letter-or-shorter words that are not acronyms in organisation names.
ORG_SHORT_WORDS = words_set(
    """
    new red aid war oil gas car bay sea sun one two six ten art air arm law sky age all now our
    its may far way end aga god men man day net web big old fox key oak hub pan bio eco tea wal
    abu bin ibn ben los las san st st. mt
    """
)
_VOWELS = set("AEIOUY")


def _is_acronym(word: str, alone: bool) -> bool:
    w = word.strip("().,'")
    if not w:
        return False
    if any(ch.isdigit() for ch in w) or "." in w.strip(".") or "&" in w:
        return True
    letters = [ch for ch in w.upper() if ch.isalpha()]
    if not letters:
        return False
    if not _VOWELS & set(letters):
        return True
    low = _lower(w)
    if len(letters) <= 3 and low not in ORG_SMALL and low not in ORG_SHORT_WORDS:
        return True
    return alone and len(letters) <= 5


#: Company-form words with a conventional spelling.
ORG_WORD_CASE = {
    "INC": "Inc",
    "INC.": "Inc.",
    "LTD": "Ltd",
    "LTD.": "Ltd.",
    "CORP": "Corp",
    "CORP.": "Corp.",
    "CO": "Co",
    "CO.": "Co.",
    "PLC": "plc",
    "BANCORP": "Bancorp",
}


def title_org(phrase: str) -> str:
    """Organisation name in natural case: "UN SECURITY COUNCIL" -> "UN Security Council"."""
    words = phrase.split()
    out = []
    for i, w in enumerate(words):
        if i > 0 and w.upper() in ORG_WORD_CASE:
            out.append(ORG_WORD_CASE[w.upper()])
        elif (w.startswith("(") and w.endswith(")")) or _is_acronym(w, alone=len(words) == 1):
            out.append(w.upper())
        elif i > 0 and _lower(w) in ORG_SMALL:
            out.append(_lower(w))
        elif "-" in w:
            out.append("-".join(p.upper() if _is_acronym(p, False) else _cap(p) for p in w.split("-")))
        else:
            out.append(_cap(w))
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# Word lists for classification
# --------------------------------------------------------------------------------------------

#: Words that mark an organisation, a place or a generic group rather than a named person.
ORG_WORDS = words_set(
    """
    ACADEMY ADMINISTRATION AGENCY ALLIANCE ARMY ARMIES ASSEMBLY ASSOCIATION AUTHORITY BANK BATTALION
    BOARD BODIES BODY BRIGADE BRIGADES BUREAU CABINET CAMP CELL CELLS CENTER CENTRE CHAMBER CHURCH
    CITY CLUB COALITION COLLEGE COMMAND COMMISSION COMMITTEE COMMUNITY COMPANY CONFERENCE CONGRESS
    CONSULATE CONTINGENT CORP CORPORATION CORPS COUNCIL COURT DEPARTMENT DIRECTORATE DIVISION DUMA
    EMBASSY FACTION FEDERATION FORCE FORCES FOUNDATION FRONT FUND GOVERNMENT GROUP GROUPS GUARD
    GUARDS HOUSE INC INSTITUTE INTERNATIONAL ISLANDS JUNTA KINGDOM LEAGUE LIMITED LTD MILITIA
    MINISTRY MISSION MOVEMENT NATIONS NETWORK OFFICE ORGANISATION ORGANIZATION PALACE PARLIAMENT
    PARTY PEOPLE PEOPLES POLICE PRESIDENCY PROGRAM PROGRAMME PROJECT PROVINCE REGIME REGION
    REPUBLIC SECRETARIAT SENATE SERVICE SERVICES SOCIETY SQUAD STATE STATES SYNDICATE TEAM TIMES
    TRIBE TRIBES TRIBUNAL TROOPS UNION UNIT UNITED UNIVERSITY WORKERS OF THE AND FOR UN U.N. EU NGO
    OFFICIALS AUTHORITIES REBELS REBEL INSURGENTS SOLDIERS POLITBURO PRESIDIUM SECURITY NATIONAL
    FEDERAL MINISTERS DELEGATION DEPUTIES OPPOSITION AID FORUM TREATY ADVOCATES MONITOR GUIDE RIGHTS
    MEDIA REFUGEE REFUGEES STUDENTS RELIEF HUMAN TRUST PARTNERS ACTION WATCH INITIATIVE COOPERATION
    DEVELOPMENT RESEARCH SCHOOL HOSPITAL MEDICAL HEALTH PEACE FRIENDS CHILDREN CHILD WOMEN YOUTH
    NGOS CAMPAIGN COUNCILS COMMISSIONS AFFAIRS ENVIRONMENT SOLIDARITY FREEDOM LIBERATION
    REVOLUTIONARY COMMUNIST SOCIALIST DEMOCRATIC ISLAMIC JIHAD ARMED WORLD GLOBAL INSTITUTION
    INSTITUTIONS CONSORTIUM COOPERATIVE INDUSTRIES INDUSTRY HOLDINGS PROJECTS SYSTEMS TECHNOLOGIES
    TECHNOLOGY INTERNATIONALE ASSOCIATES BROTHERS ENTERPRISES COUNTRIES PRESS POST NEWS JOURNALIST
    BROADCASTER AGENCE ACCION CONTRA CONTRE FRANCOPHONIE PARLEMENTAIRE HEADQUARTERS DECLARATION TANK
    JAISH JAYSH JABHAT AHRAR GHURABA ANTILLES YARD SABHA RIFLES RIOT SPIEGEL JAZEERA ARABIYA
    """
)

#: Office and title words: an alias (or headword) containing one of them anywhere is a title form.
TITLE_WORDS = words_set(
    """
    PRESIDENT PRESIDENT-ELECT VICE-PRESIDENT PREMIER MINISTER SECRETARY SECRETARY-GENERAL
    CHANCELLOR VICE-CHANCELLOR SENATOR CONGRESSMAN CONGRESSWOMAN REPRESENTATIVE AMBASSADOR ENVOY
    SPOKESMAN SPOKESWOMAN SPOKESPERSON CHAIRMAN CHAIRWOMAN CHAIRPERSON GOVERNOR COMMANDER LEADER
    DIRECTOR DIRECTOR-GENERAL DEPUTY ACTING FORMER EX-PRESIDENT MR MR. MRS MRS. DR DR. PROF PROF.
    GEN GEN. LT LT. COL COL. CAPT CAPT. SGT SGT. ADM ADM. BRIG BRIG. AYATOLLAH MULLAH FM PM SECY
    SEC. FOREIGN DEFENSE DEFENCE INTERIOR FINANCE SPEAKER PRESIDENTIAL CANDIDATE OPPOSITION REBEL
    MONARCH COMMISSIONER UNDERSECRETARY UNDER-SECRETARY ATTORNEY ATTORNEY-GENERAL PROSECUTOR
    STRONGMAN WARLORD DICTATOR ARCHBISHOP PATRIARCH REV REV. REVEREND GRAND-AYATOLLAH MINISTRY
    GOVERNMENT ADMIRAL COLONEL GENERAL LIEUTENANT COMMANDANT CROWN-PRINCE EMIR AMBASADOR KANZLER
    BUNDESKANZLER PRESIDENTE PRESIDENTA MINISTRE
    """
)
#: Title words that are removed from the end of a headword ("CHULTEM ULAAN ACTING").
TRAILING_TITLES = frozenset({"ACTING", "FORMER", "(ACTING)"})
#: Courtesy, rank and office words that only count at the start, because they are also surnames
#: or given names (Stephenson King, Federico Mayor, Julie Bishop, George Prime, Taito Field).
LEADING_TITLES = words_set(
    """
    LORD LADY SIR DAME BARON BARONESS COUNT COUNTESS DUKE DUCHESS SHEIK SHEIKH SHAIKH SHEIKHA
    SAYYID SAYYED SEYYED SAYED HAJJI MAJOR MAJ MAJ. BISHOP JUDGE JUSTICE MAULANA MAULVI MAWLAWI
    MOULANA HIS HER THE HE U.S. US UN U.N. EU MARSHAL PASTOR FATHER BROTHER SISTER SENOR SENORA
    MADAME MONSIEUR HERR FRAU MME MME. KING QUEEN PRINCE PRINCESS MAYOR FIELD GRAND CROWN HEAD
    CHIEF CHAIR POPE CARDINAL CAPTAIN PRIME VICE IMAM MS MS. EX CHANCELOR HOJJAT HOJJATOLESLAM OL
    ESLAM TUANKU
    """
)

#: Irregular nationality adjectives (no -an/-ish/... ending).
IRREGULAR_ADJECTIVES = frozenset({"FRENCH", "DUTCH", "SWISS", "GREEK", "THAI", "CZECH", "WELSH"})
ADJECTIVE_SUFFIXES = ("AN", "IAN", "ESE", "ISH", "I", "IC")

#: Words that make a discard phrase a proper name (events, competitions) -> Title Case.
EVENT_WORDS = words_set(
    """
    CUP OPEN GAMES LEAGUE TROPHY AWARD PRIZE FESTIVAL CHAMPIONSHIPS GLOBE WAR WARS EMPIRE UNITED
    BOWL COLTS BEARS
    """
)


# --------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------


@dataclass
class Office:
    country: str
    sector: str
    start: str | None
    end: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "country": self.country,
            "sector": self.sector,
            "role": None,
            "start": self.start,
            "end": self.end,
        }


def entry_offices(entry: Entry, stats: Counter[str]) -> list[Office]:
    """Usable offices of an entry (bad codes/dates and offices without a country are counted)."""
    offices: list[Office] = []
    for rc in entry.codes:
        if rc.code.strip("-") == "":
            continue  # [---] null code
        try:
            country, sector = code_country_sector(rc.code)
            start, end = parse_dates(rc.dates)
        except ParseError as e:
            stats[f"office skipped: {e.reason}"] += 1
            continue
        if country is None:
            stats["office skipped: no country (region/ELI/IMG code)"] += 1
            continue
        offices.append(Office(country, sector or "UNK", start, end))
    seen: set[tuple[object, ...]] = set()
    unique = []
    for o in offices:
        key = (o.country, o.sector, o.start, o.end)
        if key not in seen:
            seen.add(key)
            unique.append(o)
    return sort_offices(unique)


def sort_offices(offices: list[Office]) -> list[Office]:
    """Dated offices by (start, end) with open starts first; undated fallback offices last."""

    def key(o: Office) -> tuple[int, str, str, str, str]:
        undated = o.start is None and o.end is None
        return (1 if undated else 0, o.start or "", o.end or "9999", o.country, o.sector)

    return sorted(offices, key=key)


def _words(phrase: str) -> list[str]:
    return [w for w in re.split(r"[\s]+", phrase.upper()) if w]


def has_title(phrase: str) -> bool:
    """True when a phrase carries an office/title word anywhere or a courtesy title at the start."""
    words = _words(phrase)
    if not words:
        return False
    return _is_title_word(words[0], leading=True) or any(_is_title_word(w, leading=False) for w in words)


def _is_title_word(word: str, leading: bool) -> bool:
    w = word.upper()
    if w in TITLE_WORDS or any(p in TITLE_WORDS for p in w.split("-") if p):
        return True
    return leading and (w in LEADING_TITLES or w.rstrip(".") in LEADING_TITLES or w.endswith("'S"))


def strip_title(phrase: str) -> str:
    """Remove leading (and trailing) title words: "SECRETARY-GENERAL BAN KI-MOON" -> "BAN KI-MOON",
    "CHULTEM ULAAN ACTING" -> "CHULTEM ULAAN"."""
    words = phrase.split()
    while words and _is_title_word(words[0], leading=True):
        words = words[1:]
    while len(words) > 1 and words[-1].upper() in TRAILING_TITLES:
        words = words[:-1]
    return " ".join(words)


#: Two-word headwords of Phoenix.Countries that pass the name test but are not people.
NOT_PEOPLE = frozenset({"SHIN BET", "PUSSY RIOT", "LOK SABHA", "SCOTLAND YARD", "ASSAM RIFLES"})
#: Function words that never occur in a person's name (they mark descriptions and bodies).
NON_NAME_WORDS = frozenset({"OF", "THE", "FOR", "AND", "SEC.", "MIN."})


def looks_like_person(
    phrase: str,
    role_words: frozenset[str],
    extra_org: frozenset[str] = frozenset(),
    countryinfo: bool = False,
) -> bool:
    """Heuristic: could ``phrase`` (upper case, titles stripped) be a person's name?

    ``countryinfo`` entries (Phoenix.Countries lines marked ``# CountryInfo.txt``, which come from
    lists of leaders and ministers) only need to look like a name (up to 16 words - Gulf and
    Malaysian royal names are long -, letters, no function words such as OF/THE/FOR/AND); other
    entries must also avoid title words, organisation words, ``extra_org`` words and a role noun
    as their first word (role nouns that are common given names, such as Christian or Dean, are
    removed from ``role_words`` by the caller), and have at most 6 words.
    """
    words = _words(phrase)
    if not 1 <= len(words) <= (16 if countryinfo else 6):
        return False
    if not re.fullmatch(r"[^\W\d_][\w .'\-]*", phrase) or any(ch.isdigit() for ch in phrase):
        return False
    if set(words) & NON_NAME_WORDS:
        return False
    if countryinfo:
        return True
    if any(_is_title_word(w, leading=False) for w in words):
        return False
    parts = {p.strip(".") for w in words for p in [w, *w.split("-")]}
    if parts & (ORG_WORDS | extra_org) or " ".join(words) in NOT_PEOPLE:
        return False
    return words[0] not in role_words


@dataclass
class Person:
    name: str
    aliases: list[str]
    offices: list[Office]
    source: str

    def countries(self) -> set[str]:
        return {o.country for o in self.offices}

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "aliases": self.aliases, "offices": [o.as_dict() for o in self.offices]}


def person_aliases(
    name: str, raw_aliases: Iterable[str], stats: Counter[str], korean: bool = False
) -> list[str]:
    """Clean person aliases: natural case, titled ones dropped, short single words dropped."""
    out: list[str] = []
    seen = {name.casefold()}
    first = name.split()[0].casefold() if name.split() else ""
    for raw in raw_aliases:
        try:
            phrase = person_phrase(clean_phrase(raw))
        except ParseError as e:
            stats[f"alias dropped: {e.reason}"] += 1
            continue
        if not phrase:
            continue
        if has_title(phrase):
            stats["alias dropped: title/office prefix"] += 1
            continue
        if {w.strip(".").upper() for w in phrase.split()} & ORG_WORDS:
            stats["alias dropped: organisation word (Obama Administration, Assad Regime)"] += 1
            continue
        words = phrase.split()
        if len(words) == 1:
            letters = sum(ch.isalpha() for ch in phrase)
            if letters < 5 or phrase.casefold() == first:
                stats["alias dropped: short or first-name-only single word"] += 1
                continue
        alias = title_name(phrase, korean)
        if alias.casefold() in seen:
            continue
        seen.add(alias.casefold())
        out.append(alias)
    return out


def _is_countryinfo(entry: Entry) -> bool:
    return "countryinfo" in entry.comment.lower()


def convert_person(entry: Entry, stats: Counter[str]) -> Person | None:
    """Entry -> Person, or None (reason counted) when it is not a usable named person."""
    try:
        head = person_phrase(clean_phrase(entry.head))
    except ParseError as e:
        stats[f"person skipped: {e.reason}"] += 1
        return None
    bare = strip_title(head)
    offices = entry_offices(entry, stats)
    korean = any(o.country in ("KOR", "PRK") for o in offices) or any(
        rc.code.startswith(("KOR", "PRK")) for rc in entry.codes
    )
    aliases_raw = list(entry.synonyms)
    if bare != head:
        stats["person: title removed from headword"] += 1
    if len(bare.split()) < 2 and bare != head:
        # "FOREIGN_MINISTER_ABDULLAH_": use the first clean alias of two or more words
        candidates = []
        for a in aliases_raw:
            try:
                p = person_phrase(clean_phrase(a))
            except ParseError:
                continue
            if not has_title(p) and len(p.split()) >= 2:
                candidates.append(p)
        if not candidates:
            stats["person skipped: title headword leaves a single word"] += 1
            return None
        bare = candidates[0]
    if not offices:
        stats["person skipped: no usable office"] += 1
        return None
    name = title_name(bare, korean)
    aliases = person_aliases(name, [head, *aliases_raw] if bare != head else aliases_raw, stats, korean)
    return Person(name, aliases, offices, entry.file)


def classify_entry(
    entry: Entry, role_words: frozenset[str], place_words: frozenset[str] = frozenset()
) -> str:
    """Classify an actor entry as "country", "person", "organisation" or "nocode".

    ``place_words`` (country names/adjectives and region words) rule out people among entries
    without the CountryInfo mark ("War Child Canada", "Netherlands Antilles").
    """
    codes = [rc for rc in entry.codes if rc.code.strip("-")]
    if not codes:
        return "nocode"
    if entry.file == COUNTRIES_FILE and all(is_country_code(rc.code) for rc in codes):
        return "country"
    try:
        head = strip_title(person_phrase(clean_phrase(entry.head)))
    except ParseError:
        return "organisation"
    marked = entry.file == COUNTRIES_FILE and _is_countryinfo(entry)
    if not head or not looks_like_person(head, role_words, place_words, countryinfo=marked):
        return "organisation"
    n_words = len(head.split())
    dated = any(rc.dates for rc in codes)
    if entry.file == COUNTRIES_FILE:
        return "person" if n_words >= 2 or marked else "organisation"
    if n_words < 2:
        return "organisation"
    families = {rc.code[:3] for rc in codes}
    if "MNC" in families or families <= {"MED", "ELI"}:
        return "organisation"
    if entry.file == MILNONSTATE_FILE and not dated:
        return "organisation"
    return "person"


def merge_people(people: list[Person]) -> list[Person]:
    """Merge same-name records that share a country (or where one is only IGO/UNO/EUR/NGO)."""
    by_name: dict[str, list[Person]] = {}
    for p in people:
        bucket = by_name.setdefault(p.name.casefold(), [])
        for q in bucket:
            pc, qc = p.countries(), q.countries()
            if pc & qc or pc <= NONSTATE_COUNTRIES or qc <= NONSTATE_COUNTRIES:
                for a in p.aliases:
                    if (
                        a.casefold() not in {x.casefold() for x in q.aliases}
                        and a.casefold() != q.name.casefold()
                    ):
                        q.aliases.append(a)
                merged = {(o.country, o.sector, o.start, o.end): o for o in q.offices + p.offices}
                q.offices = sort_offices(list(merged.values()))
                break
        else:
            bucket.append(p)
    out = [p for bucket in by_name.values() for p in bucket]
    return sorted(out, key=lambda p: (p.name.casefold(), p.name, json.dumps(p.as_dict(), ensure_ascii=False)))


# ---- countries ---------------------------------------------------------------------------------


def _current_country(entry: Entry) -> str | None:
    """The code in force today for a country-level entry (open-ended code), or None."""
    best = None
    for rc in entry.codes:
        if not rc.code.strip("-"):
            continue
        try:
            _, end = parse_dates(rc.dates)
            country, _ = code_country_sector(rc.code)
        except ParseError:
            continue
        if end is None and country is not None:
            first = rc.code[:3]
            if first in HISTORICAL_STATES and not (len(rc.code) > 3 and rc.code[3:6] in ISO3):
                continue
            best = country
    return best


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


#: Words of country names that do not identify the country on their own ("Saint John Figtree" is a
#: parish of Saint Kitts and Nevis, not a name of the state).
GENERIC_NAME_WORDS = words_set(
    """
    SAINT ST ST. SAN SANTA NEW SOUTH NORTH EAST WEST REPUBLIC ISLANDS ISLAND UNITED STATES STATE
    KINGDOM DEMOCRATIC PEOPLE'S PEOPLES FEDERATION FEDERAL FEDERATED ARAB CENTRAL ISLAMIC SOCIALIST
    GRAND COMMONWEALTH EMIRATES GREAT NORTHERN SOUTHERN EASTERN WESTERN THE
    """
)


#: Acronyms in country and place names that stay upper case although they contain vowels.
PLACE_ACRONYMS = words_set(
    "US USA UK UAE DRC DR RD PRC ROK ROC RSA KSA DPRK FYROM USSR UN EU CAR BIH RDC EEUU"
)


def title_place(phrase: str) -> str:
    """Country or place name in natural case: "UNITED STATES OF AMERICA" -> "United States of
    America", "U.S." -> "U.S.", "RDTL" -> "RDTL", "AL ANBAR" -> "Al Anbar"."""
    out = []
    words = phrase.split()
    for i, w in enumerate(words):
        letters = [ch for ch in w if ch.isalpha()]
        up = w.upper()
        if (
            up.strip(".,()") in PLACE_ACRONYMS
            or "." in w.strip(".")
            or (letters and not _VOWELS & {c.upper() for c in letters} and len(letters) > 1)
        ):
            out.append(up)
        elif i > 0 and _lower(w) in ORG_SMALL:
            out.append(_lower(w))
        else:
            out.append("-".join(_elided(p, first=i == 0 and j == 0) for j, p in enumerate(w.split("-"))))
    return " ".join(out)


def _elided(word: str, first: bool) -> str:
    """Case one word of a place: "D'IVOIRE" -> "d'Ivoire" (inside a name), "L'HEXAGONE" -> "L'Hexagone"."""
    m = re.fullmatch(r"([DLdl])'([^\W\d_].*)", word)
    if m:
        pre = m.group(1).upper() if first else m.group(1).lower()
        return f"{pre}'{_cap(m.group(2))}"
    return _cap(word)


def _initials(words: Iterable[str], skip_small: bool) -> str:
    return "".join(w[0] for w in words if w and not (skip_small and _lower(w) in ORG_SMALL))


class CountryNames:
    """Classifies the aliases of one country as name, adjective, demonym or place (see docstring)."""

    def __init__(self, head: str):
        self.head = head
        words = [w for w in head.split() if len(w) >= 3 and _lower(w) not in ORG_SMALL]
        distinctive = [w for w in words if w not in GENERIC_NAME_WORDS]
        self.pool: set[str] = set(distinctive or words)
        self.names = [head]

    def _adjective_form(self, word: str) -> bool:
        if word in IRREGULAR_ADJECTIVES:
            return True
        if not word.endswith(ADJECTIVE_SUFFIXES) or word.endswith("STAN"):
            return False
        heads = self.head.split()
        if word in heads[:-1]:
            return True  # "RUSSIAN" of "RUSSIAN FEDERATION", "DOMINICAN" of "DOMINICAN REPUBLIC"
        if word in self.pool:
            return False  # "OMAN", "JAPAN": a name word itself
        if not any(word[:3] == p[:3] for p in self.pool):
            return False
        related = [p for p in self.pool if len(p) >= 4 and p[:3] == word[:3]]
        for p in related:
            if _similar(word, p) >= 0.85 and not word.startswith(p[:-1]):
                return False  # a misspelling of the name ("BAKSTAAN", "BRITIAN", "ARMENAI")
            if (
                p.endswith("AN")
                and not word.endswith("IAN")
                and not word.startswith(p)
                and _similar(word, p) >= 0.75
            ):
                return False  # "AZERBAYCAN" is Azerbaijan, not an adjective
        # an extension of a name word ("PAKISTANI") or a different ending ("AFGHAN", "CHINESE")
        return all(word[-3:] != p[-3:] or word.startswith(p) for p in related)

    def _name_word(self, word: str) -> bool:
        if word in self.pool:
            return True
        if len(word) < 4 or word in GENERIC_NAME_WORDS or self._adjective_form(word):
            return False
        return any(
            word[0] == p[0] and abs(len(word) - len(p)) <= 2 and _similar(word, p) >= 0.8
            for p in self.pool
            if len(p) >= 4
        )

    def classify(self, alias: str) -> str:
        words = alias.replace("(", " ").replace(")", " ").split()
        if words and words[0] == "THE":
            words = words[1:]
        if not words:
            return "place"
        last = words[-1]
        qualifiers = all(
            w in self.pool or w in GENERIC_NAME_WORDS or w.rstrip(".") in ("S", "N", "E", "W")
            for w in words[:-1]
        )
        if qualifiers:
            if self._adjective_form(last):
                return "adjective"
            for suffix in ("MEN", "WOMEN", "MAN", "WOMAN", "S"):
                stem = last[: -len(suffix)]
                if (
                    last.endswith(suffix)
                    and len(stem) >= 3
                    and last not in self.pool
                    and (
                        self._adjective_form(stem)
                        or (suffix != "S" and self._name_word(stem))
                        or (suffix != "S" and any(stem[:4] == p[:4] for p in self.pool))
                    )
                ):
                    return "demonym"
        if any(self._name_word(w) for w in words):
            return "name"
        letters = re.sub(r"[^A-Z]", "", " ".join(words))
        if 2 <= len(letters) <= 5:
            for n in self.names:
                nw = n.split()
                if letters in (_initials(nw, True), _initials(nw, False)):
                    return "name"
        flat = "".join(words)
        head_flat = self.head.replace(" ", "")
        if flat[:1] == head_flat[:1] and _similar(flat, head_flat) >= 0.75:
            return "name"
        if len(words) >= 2 and any(f" {' '.join(words)} " in f" {n} " for n in self.names):
            return "name"  # "UNITED STATES" inside "UNITED STATES OF AMERICA"
        return "place"

    def add_name(self, alias: str) -> None:
        """Record a name; an official long form that contains the headword ("UNITED KINGDOM OF
        GREAT BRITAIN AND NORTHERN IRELAND") also lends its words (BRITAIN, IRELAND) to the pool."""
        self.names.append(alias)
        if f" {self.head} " in f" {alias} " and alias != self.head:
            self.pool.update(
                w
                for w in re.findall(r"[A-Z][A-Z'\-]*", alias)
                if len(w) >= 5 and w not in GENERIC_NAME_WORDS and not self._adjective_form(w)
            )


def classify_country_alias(alias: str, head: str) -> str:
    """Classify one upper-case alias of a country as "name", "adjective", "demonym" or "place"."""
    return CountryNames(head).classify(alias)


def convert_countries(entries: list[Entry], stats: Counter[str]) -> list[dict[str, object]]:
    """Country-level entries -> country records (main headers first, then other entries merged).

    Aliases are classified in passes until nothing changes, because every alias found to be a name
    adds words and initials that later aliases can match ("United States" makes "US" a name).
    """
    heads: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    # the entry with most aliases names the country (GERMANY_ rather than LEIPZIG_, MOLDOVA_
    # rather than TRANSNISTRIA); the others are merged into it
    ordered = sorted(entries, key=lambda e: (-len(e.synonyms), e.line))
    for e in ordered:
        code = _current_country(e)
        if code is None:
            stats["country entry skipped: historical or unmapped code"] += 1
            continue
        try:
            head = clean_phrase(e.head).upper()
        except ParseError as err:
            stats[f"country entry skipped: {err.reason}"] += 1
            continue
        if code not in heads:
            heads[code], aliases[code] = head, []
            raw_aliases = list(e.synonyms)
        else:
            stats["country entry merged into an earlier one"] += 1
            raw_aliases = [e.head, *e.synonyms]
        for raw in raw_aliases:
            try:
                phrase = clean_phrase(raw).upper()
            except ParseError as err:
                stats[f"country alias dropped: {err.reason}"] += 1
                continue
            if phrase != heads[code] and phrase not in aliases[code]:
                aliases[code].append(phrase)
    lists = {"name": "names", "adjective": "adjectives", "demonym": "demonyms", "place": "places"}
    out = []
    for code in sorted(heads):
        namer = CountryNames(heads[code])
        kinds: dict[str, str] = {}
        changed = True
        while changed:
            changed = False
            for a in aliases[code]:
                if kinds.get(a) == "name":
                    continue
                k = namer.classify(a)
                if k == "name":
                    namer.add_name(a)
                    changed = True
                kinds[a] = k
        rec: dict[str, object] = {
            "code": code,
            "name": title_place(heads[code]),
            "names": [],
            "adjectives": [],
            "demonyms": [],
            "places": [],
        }
        seen = {str(rec["name"]).casefold()}
        for a in aliases[code]:
            text = title_place(a)
            if text.casefold() not in seen:
                seen.add(text.casefold())
                rec[lists[kinds[a]]].append(text)  # type: ignore[attr-defined]
        out.append(rec)
    return out


# ---- institutions --------------------------------------------------------------------------------


def _org_name_and_acronyms(phrase: str) -> tuple[str, list[str]]:
    acr = re.findall(r"\(([^()]*)\)", phrase)
    name = re.sub(r"\s*\([^()]*\)", "", phrase).strip()
    keep = [a.strip() for a in acr if a.strip() and " " not in a.strip() and a.strip().upper() == a.strip()]
    if not name:
        return phrase, []
    if len(keep) != len(acr):  # a parenthesis that is not an acronym ("(COLOMBIA)") stays in the name
        return phrase, []
    return name, keep


def convert_institution(entry: Entry, stats: Counter[str]) -> dict[str, object] | None:
    try:
        head = clean_phrase(entry.head)
    except ParseError as e:
        stats[f"institution skipped: {e.reason}"] += 1
        return None
    country = sector = None
    found = False
    for rc in entry.codes:
        if not rc.code.strip("-"):
            continue
        try:
            country, sector = code_country_sector(rc.code)
            parse_dates(rc.dates)
        except ParseError as e:
            stats[f"institution code skipped: {e.reason}"] += 1
            continue
        found = True
        break
    if not found:
        stats["institution skipped: no usable code"] += 1
        return None
    if entry.file == MILNONSTATE_FILE and sector in (None, "UNK"):
        sector = "REB"
    name_phrase, acronyms = _org_name_and_acronyms(head)
    name = title_org(name_phrase)
    aliases: list[str] = []
    seen = {name.casefold()}
    for raw in [*acronyms, *entry.synonyms]:
        try:
            phrase = clean_phrase(raw)
        except ParseError as e:
            stats[f"institution alias dropped: {e.reason}"] += 1
            continue
        base, more = _org_name_and_acronyms(phrase)
        for p in [base, *more]:
            text = title_org(p)
            if text.casefold() not in seen:
                seen.add(text.casefold())
                aliases.append(text)
    return {"name": name, "aliases": aliases, "country": country, "sector": sector or "UNK"}


def merge_institutions(items: list[dict[str, object]]) -> list[dict[str, object]]:
    merged: dict[tuple[str, object, object], dict[str, object]] = {}
    for it in items:
        key = (str(it["name"]).casefold(), it["country"], it["sector"])
        if key in merged:
            tgt = merged[key]
            have = {str(a).casefold() for a in tgt["aliases"]}  # type: ignore[attr-defined]
            for a in it["aliases"]:  # type: ignore[attr-defined]
                if str(a).casefold() not in have:
                    tgt["aliases"].append(a)  # type: ignore[attr-defined]
                    have.add(str(a).casefold())
        else:
            merged[key] = it
    return sorted(
        merged.values(), key=lambda d: (str(d["name"]).casefold(), str(d["name"]), str(d["country"]))
    )


# ---- roles -----------------------------------------------------------------------------------------

PERSON_FORMS = ("MAN", "MEN", "WOMAN", "WOMEN", "PERSON", "PEOPLE")


def role_case(phrase: str, proper: frozenset[str]) -> str:
    """Lower case, except proper adjectives/names (``proper``) and acronyms."""
    out = []
    for w in phrase.split():
        up = w.upper()
        if up in proper:
            out.append(_cap(w))
        elif _is_acronym(w, alone=False) and _lower(w) not in ORG_SMALL and len(w.strip(".,")) > 1:
            out.append(up)
        else:
            out.append(_lower(w))
    return " ".join(out)


def parse_agent_line(line: str, substitutions: dict[str, list[str]]) -> list[tuple[str, list[str], str]]:
    """One agents line -> [(TEXT, [VARIANTS], CODE)] in upper case (several for !MINIST!).

    Raises ParseError for lines without a code or with an unknown substitution marker.
    """
    text = line.split("#", 1)[0].strip()
    if "[" not in text:
        raise ParseError("agent without code", line.strip())
    phrase, _, rest = text.partition("[")
    code = rest.partition("]")[0].strip()
    plural: str | None = None
    if "{" in phrase:
        if "}" not in phrase:
            raise ParseError("agent with unclosed {", line.strip())
        plural = phrase[phrase.index("{") + 1 : phrase.index("}")].strip()
        phrase = phrase[: phrase.index("{")]
    phrase = phrase.strip()
    m = re.search(r"!([A-Z]+)!", phrase)
    if m:
        marker = m.group(1)
        if marker not in substitutions:
            raise ParseError("unknown substitution marker", marker)
        pre, post = phrase[: m.start()], phrase[m.end() :]

        def fill(x: str) -> str:
            return f"{pre}{x}{post}"

        if marker == "PERSON":
            forms = [fill(x) for x in PERSON_FORMS]
            return [(forms[0], forms[1:], code)]
        if marker == "MINIST":
            return [
                (fill("MINISTER"), [fill("MINISTERS")], code),
                (fill("MINISTRY"), [fill("MINISTRIES")], code),
            ]
        forms = [fill(x) for x in substitutions[marker]]
        return [(forms[0], forms[1:], code)]
    variants = [plural] if plural else []
    return [(phrase, variants, code)]


def _agent_text(raw: str) -> str:
    s = raw.replace("_", " ").replace("  ", " ").strip()
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"\s+,", ",", s)
    return s


def agent_sector(code: str) -> str:
    c = code.strip()
    c = c[1:] if c.startswith("~") else c.rstrip("~")
    try:
        ch = _chunks(c)
    except ParseError:
        return "UNK"
    if ch[0] in ("IGO", "NGO"):
        return ch[0]
    if ch[0] == "MNC":
        return "BUS"
    return SECTOR_MAP.get(ch[0], "UNK")


def convert_roles(
    lines: Iterable[str], proper: frozenset[str], stats: Counter[str]
) -> list[dict[str, object]]:
    substitutions: dict[str, list[str]] = {}
    merged: dict[str, dict[str, object]] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("<!"):
            if line.startswith("#") and "[" in line:
                stats["role skipped: commented out"] += 1
            continue
        body = line.split("#", 1)[0]
        if "!" in body and "=" in body:
            m = re.match(r"\s*!([A-Z]+)!\s*=\s*(.*)", body)
            if m:
                substitutions[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        try:
            items = parse_agent_line(line, substitutions)
        except ParseError as e:
            stats[f"role skipped: {e.reason}"] += 1
            continue
        for text_raw, variants_raw, code in items:
            try:
                text = role_case(clean_phrase(_agent_text(text_raw)), proper)
            except ParseError as e:
                stats[f"role skipped: {e.reason}"] += 1
                continue
            variants = []
            for v in variants_raw:
                try:
                    variants.append(role_case(clean_phrase(_agent_text(v)), proper))
                except ParseError:
                    stats["role variant dropped: unreadable"] += 1
            rec = merged.get(text.casefold())
            if rec is None:
                rec = {"text": text, "variants": [], "sector": agent_sector(code), "country": None}
                merged[text.casefold()] = rec
            else:
                stats["role merged: duplicate text"] += 1
            have = {text.casefold(), *(str(x).casefold() for x in rec["variants"])}  # type: ignore[attr-defined]
            for v in variants:
                if v.casefold() not in have:
                    rec["variants"].append(v)  # type: ignore[attr-defined]
                    have.add(v.casefold())
    return sorted(merged.values(), key=lambda d: (str(d["text"]).casefold(), str(d["text"])))


# ---- discards --------------------------------------------------------------------------------------


#: Acronyms of four or more letters that the casing rules cannot recognise.
KNOWN_ACRONYMS = frozenset({"FIFA", "UEFA", "NATO", "JETRO", "ESPN", "ESPN2", "OPEC", "ASEAN"})


def natural_phrase(phrase: str, proper: frozenset[str]) -> str:
    """Discard phrase in natural case (see module docstring).

    Acronyms (digits with letters, no vowels, single letters, three letters or fewer that are not
    common short words, ``KNOWN_ACRONYMS``) are upper case; words in ``proper`` (country names and
    adjectives, given names of the converted people) are capitalised; a phrase with an event word
    (Cup, Open, Games, ...) or that starts with a proper word and has at most four words is in
    Title Case ("Asian Cup", "David Beckham"); everything else is lower case.
    """
    words = phrase.split()
    ups = [w.upper() for w in words]
    title = any(w in EVENT_WORDS for w in ups) or (ups[0] in proper and len(words) <= 4)
    out = []
    for i, w in enumerate(words):
        up = w.upper()
        letters = [c for c in w if c.isalpha()]
        low = _lower(w)
        single = len(letters) == 1
        no_vowel = bool(letters) and not _VOWELS & {c.upper() for c in letters} and "'" not in w
        short = len(letters) <= 3 and low not in ORG_SMALL | ORG_SHORT_WORDS | COMMON_SHORT
        if single and low in ("a", "i") and i < len(words) - 1:
            out.append(low)  # "scored a goal" (but "group A")
        elif (
            up in KNOWN_ACRONYMS
            or (up in ROMAN and i > 0)
            or (any(c.isdigit() for c in w) and letters)
            or single
            or no_vowel
            or short
        ):
            out.append(up)
        elif title:
            out.append(low if i > 0 and low in ORG_SMALL else _name_word(w, i == 0, False, False, 1))
        elif up in proper:
            out.append(_cap(w))
        else:
            out.append(low)
    return " ".join(out)


#: Common short English words that are not acronyms (discard phrases).
COMMON_SHORT = words_set(
    "ago run set win cup day box bay bus car pit dog man men war tie top toss bat bet hit ice key"
    " leg lot map mud nut off out par pro put raw row son sun tag tea toy try two use via who why"
    " yet you big bio fan fly mob ace art awe bar bid flu is up spa umm"
)


def convert_discards(
    lines: Iterable[str], proper: frozenset[str], stats: Counter[str]
) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        text = line.split("#", 1)[0].strip().lstrip("+").strip()
        try:
            phrase = text if text.isdigit() else clean_phrase(text)
        except ParseError as e:
            stats[f"discard skipped: {e.reason}"] += 1
            continue
        t = natural_phrase(phrase, proper)
        if t.casefold() in seen:
            stats["discard merged: duplicate"] += 1
            continue
        seen.add(t.casefold())
        out.append({"text": t})
    return out


# --------------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------------


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def _source(*files: str) -> str:
    return f"Phoenix dictionaries {', '.join(files)} from {UPSTREAM} (petrarch2/data/dictionaries/)"


def write_jsonl(
    path: Path, kind: str, source: str, note: str, records: Iterable[Mapping[str, object]]
) -> int:
    """Write header + records as JSON Lines; returns the size in bytes.

    If the file would exceed 4 MB it is written without the spaces after ``,`` and ``:`` (fields
    and records are never dropped silently; ``main`` reports a file that is still too large).
    """
    header = {"schema": SCHEMA, "kind": kind, "source": source, "license": LICENSE_NOTE, "note": note}
    rows = [header, *records]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    if len(data) > MAX_BYTES:
        data = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in rows).encode()
    path.write_bytes(data)
    return len(data)


def agent_role_words(lines: Iterable[str]) -> frozenset[str]:
    """Single-word role nouns of the agents file (and their plurals), for person detection."""
    words: set[str] = set()
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if "[" not in line or line.startswith("!"):
            continue
        phrase = line.partition("[")[0].partition("{")[0].strip().rstrip("_")
        if phrase and "_" not in phrase and " " not in phrase and "!" not in phrase:
            words.update({phrase, phrase + "S", phrase + "ES"})
    return frozenset(words)


@dataclass
class Result:
    people: list[Person]
    countries: list[dict[str, object]]
    institutions: list[dict[str, object]]
    roles: list[dict[str, object]]
    discards: list[dict[str, str]]
    stats: Counter[str]


REGION_WORDS = words_set(
    """
    AFRICA AFRICAN ASIA ASIAN EUROPE EUROPEAN AMERICA AMERICAS AMERICAN PACIFIC ATLANTIC MIDDLE EAST
    WEST NORTH SOUTH CENTRAL LATIN ARAB ARABIAN GULF CARIBBEAN BALKAN BALKANS NORDIC OCEANIA
    SOUTHEAST NORTHEAST SOUTHERN NORTHERN EASTERN WESTERN UK U.K. USA U.S.A. INDIAN
    """
)


def convert(phoenix: Path) -> Result:
    """Read the Phoenix folder and build every output (nothing is written here)."""
    stats: Counter[str] = Counter()
    agent_lines = _read_lines(phoenix / AGENTS_FILE)
    role_words = agent_role_words(agent_lines)
    entries: dict[str, list[Entry]] = {}
    for fname in (COUNTRIES_FILE, INTERNATIONAL_FILE, MILNONSTATE_FILE):
        entries[fname] = read_actor_file(_read_lines(phoenix / fname), fname, stats)
        stats[f"entries read: {fname}"] += len(entries[fname])
    # role nouns that are also common given names (Christian, Dean, Man) do not rule out a person
    given_marked: Counter[str] = Counter()
    for e in entries[COUNTRIES_FILE]:
        if _is_countryinfo(e):
            words = e.head.replace("_", " ").split()
            if len(words) >= 2:
                given_marked[words[0].upper()] += 1
    role_words = frozenset(w for w in role_words if given_marked[w] < 2)
    country_entries = [e for e in entries[COUNTRIES_FILE] if classify_entry(e, role_words) == "country"]
    countries = convert_countries(country_entries, stats)

    proper: set[str] = set()
    single: set[str] = set()
    for c in countries:
        for k in ("name", "names", "adjectives"):
            val = c[k]
            vals: list[object] = list(val) if isinstance(val, list) else [val]
            for v in vals:
                ws = [w.upper() for w in str(v).split() if _lower(w) not in ORG_SMALL]
                proper.update(ws)
                if len(ws) == 1 or k == "adjectives":
                    single.update(ws)
    place_words = frozenset(single | REGION_WORDS)

    people: list[Person] = []
    institutions: list[dict[str, object]] = []
    for fname, file_entries in entries.items():
        for e in file_entries:
            kind = classify_entry(e, role_words, place_words)
            if kind == "nocode":
                stats["entry skipped: no code"] += 1
            elif kind == "country":
                continue
            elif kind == "person":
                p = convert_person(e, stats)
                if p is not None:
                    people.append(p)
            elif fname == COUNTRIES_FILE:
                stats["entry not written: national institution/place/group (Countries file)"] += 1
            else:
                inst = convert_institution(e, stats)
                if inst is not None:
                    institutions.append(inst)
    people = merge_people(people)
    given = Counter(p.name.split()[0].upper() for p in people if len(p.name.split()) >= 2)
    kept = []
    for p in people:
        if len(p.name.split()) == 1 and (given[p.name.upper()] >= 2 or len(p.name) < 5):
            stats["person skipped: single-word name that is short or a common given name"] += 1
            continue
        kept.append(p)
    people = kept
    institutions = merge_institutions(institutions)

    proper |= words_set(
        "CHRISTIAN MUSLIM MOSLEM ISLAMIC JEWISH BUDDHIST HINDU SIKH CATHOLIC PROTESTANT COPTIC SHIITE "
        "SHIA SHI'ITE SUNNI KURDISH ARAB TAMIL PALESTINIAN MAOIST MARXIST ZIONIST AFRICAN ASIAN "
        "EUROPEAN LATIN BALTIC ORTHODOX ANGLICAN EVANGELICAL CONFUCIAN TAOIST JAIN BAHAI WAHHABI "
        "SALAFI SUFI ALAWITE DRUZE MORMON LUTHERAN METHODIST BAPTIST PRESBYTERIAN PENTECOSTAL "
        "HEZBOLLAH HAMAS TALIBAN"
    )
    role_proper = frozenset(proper)
    given_names = {g for g in given if len(g) >= 4 and g.isalpha() and g not in role_words}
    discard_proper = frozenset(
        w
        for w in proper | given_names
        if len(w) >= 3
        and w not in GENERIC_NAME_WORDS
        and w not in ORG_WORDS
        and w not in TITLE_WORDS
        and w not in LEADING_TITLES
    )
    roles = convert_roles(agent_lines, role_proper, stats)
    discards = convert_discards(_read_lines(phoenix / DISCARDS_FILE), discard_proper, stats)
    return Result(people, countries, institutions, roles, discards, stats)


def overlaps(office: dict[str, object] | Office, lo: str = "2015-01-01", hi: str = "2026-12-31") -> bool:
    d = office.as_dict() if isinstance(office, Office) else office
    start, end = d.get("start"), d.get("end")
    return (start is None or str(start) <= hi) and (end is None or str(end) >= lo)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--phoenix", type=Path, required=True, help="folder with the Phoenix dictionaries")
    ap.add_argument("--out", type=Path, required=True, help="output folder (resources/actors)")
    args = ap.parse_args(argv)
    res = convert(args.phoenix)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    sizes["people.phoenix.jsonl"] = write_jsonl(
        out / "people.phoenix.jsonl",
        "person",
        _source(COUNTRIES_FILE, INTERNATIONAL_FILE, MILNONSTATE_FILE),
        NOTE + "; office roles are null (Phoenix has codes only); coverage ends around 2015-2019",
        (p.as_dict() for p in res.people),
    )
    sizes["countries.phoenix.jsonl"] = write_jsonl(
        out / "countries.phoenix.jsonl",
        "country",
        _source(COUNTRIES_FILE),
        NOTE + "; 'places' are cities/regions Phoenix codes as the country (not names of the state)",
        res.countries,
    )
    sizes["institutions.phoenix.jsonl"] = write_jsonl(
        out / "institutions.phoenix.jsonl",
        "institution",
        _source(INTERNATIONAL_FILE, MILNONSTATE_FILE),
        NOTE + "; includes multinational corporations (sector BUS) and media (JRN)",
        res.institutions,
    )
    sizes["roles.phoenix.jsonl"] = write_jsonl(
        out / "roles.phoenix.jsonl", "role", _source(AGENTS_FILE), NOTE, res.roles
    )
    sizes["discards.phoenix.jsonl"] = write_jsonl(
        out / "discards.phoenix.jsonl", "discard", _source(DISCARDS_FILE), NOTE, res.discards
    )
    shutil.copyfile(args.phoenix / "LICENSE", out / "PHOENIX_LICENSE")

    err = sys.stderr
    n_offices = sum(len(p.offices) for p in res.people)
    print("== convert_phoenix summary", file=err)
    print(
        f"people {len(res.people)} (offices {n_offices}), countries {len(res.countries)}, "
        f"institutions {len(res.institutions)}, roles {len(res.roles)}, discards {len(res.discards)}",
        file=err,
    )
    for k, v in sorted(res.stats.items()):
        print(f"  {k}: {v}", file=err)
    for name, size in sizes.items():
        flag = "  OVER 4 MB!" if size > MAX_BYTES else ""
        print(f"  size {name}: {size:,} bytes{flag}", file=err)
    recent_any = sum(any(overlaps(o) for o in p.offices) for p in res.people)
    recent_dated = sum(any(overlaps(o) and (o.start or o.end) for o in p.offices) for p in res.people)
    print(
        f"people with an office overlapping 2015-2026: {recent_any} (counting undated offices), "
        f"{recent_dated} (dated offices only)",
        file=err,
    )
    for target in ("Vladimir Putin", "Sergei Lavrov", "Recep Tayyip Erdogan"):
        for p in res.people:
            if target.casefold() in {p.name.casefold(), *(a.casefold() for a in p.aliases)}:
                print(json.dumps(p.as_dict(), ensure_ascii=False), file=err)
    return 1 if any(s > MAX_BYTES for s in sizes.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
