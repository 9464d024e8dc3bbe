"""Unit tests of tools/convert_phoenix.py on small hand-written snippets in Phoenix format."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "convert_phoenix.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convert_phoenix", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


cp = _load()


# --- dates -------------------------------------------------------------------------------------


def test_six_and_eight_digit_dates() -> None:
    assert cp.parse_date("991231") == "1999-12-31"
    assert cp.parse_date("080507") == "2008-05-07"  # yy 00-30 -> 20yy
    assert cp.parse_date("300101") == "2030-01-01"
    assert cp.parse_date("310101") == "1931-01-01"
    assert cp.parse_date("19270101") == "1927-01-01"


@pytest.mark.parametrize("bad", ["9008223", "201005011", "20100931", "abc123", ""])
def test_bad_dates_raise(bad: str) -> None:
    with pytest.raises(cp.ParseError):
        cp.parse_date(bad)


def test_date_specs() -> None:
    assert cp.parse_dates("991231-080507") == ("1999-12-31", "2008-05-07")
    assert cp.parse_dates(">080508") == ("2008-05-08", None)
    assert cp.parse_dates("<050120") == (None, "2005-01-20")
    assert cp.parse_dates("> 140608") == ("2014-06-08", None)  # stray space
    assert cp.parse_dates(">20130918") == ("2013-09-18", None)
    assert cp.parse_dates("19940922-20040712") == ("1994-09-22", "2004-07-12")
    assert cp.parse_dates("070516-20120515") == ("2007-05-16", "2012-05-15")  # mixed widths
    assert cp.parse_dates("") == (None, None)
    with pytest.raises(cp.ParseError):
        cp.parse_dates("080507-991231")  # start after end


# --- codes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("AFGGOVAGR", ("AFG", "GOV")),  # first role chunk wins
        ("USAMED", ("USA", "JRN")),
        ("PSEREBHMS", ("PSE", "REB")),
        ("COLUAF", ("COL", "REB")),
        ("TURELIMUS", ("TUR", "ELI")),
        ("IRQCRM", ("IRQ", "UNK")),
        ("IGOUNOKID", ("UNO", "IGO")),
        ("IGOUNOJUDICJ", ("UNO", "JUD")),
        ("IGOEUREEC", ("EUR", "IGO")),
        ("IGOWSTNAT", ("IGO", "IGO")),
        ("NGOUSAHRI", ("NGO", "NGO")),
        ("MNCUSA", ("USA", "BUS")),
        ("IMGMUSALQ", (None, "REB")),
        ("EURREB", (None, "REB")),  # bare EUR is the region Europe, not the EU
        ("ROMGOV", ("ROU", "GOV")),  # legacy code
        ("DDRGOV", ("DEU", "GOV")),
        ("KSVGOV", ("XKX", "GOV")),
        ("USRARM", ("ARM", None)),  # plain country code (Armenian SSR -> ARM)
        ("GBRVGBGOV", ("VGB", "GOV")),
        ("AFG", ("AFG", None)),
    ],
)
def test_code_to_country_and_sector(code: str, expected: tuple[str | None, str | None]) -> None:
    assert cp.code_country_sector(code) == expected


def test_country_level_codes() -> None:
    for code in ("AFG", "USRARM", "ARMUNR", "IRQOCC", "YUGKSV", "KSVUNO"):
        assert cp.is_country_code(code), code
    for code in ("RUSGOV", "IGOUNO", "MNCUSA"):
        assert not cp.is_country_code(code), code


@pytest.mark.parametrize("code", ["KNTGOV", "XYZGOV", "RUSGO", "CSKGOV"])
def test_unusable_codes_raise(code: str) -> None:
    with pytest.raises(cp.ParseError):
        cp.code_country_sector(code)


# --- reading entries -------------------------------------------------------------------------

SNIPPET = """\
# comment line
RUSSIAN_FEDERATION_  [RUS]
+RUSSIA_
+RUSSIAN
+MOSCOW_

VLADIMIR_PUTIN_  # CountryInfo.txt
+VLADIMIR_VLADIMIROVICH_PUTIN_
+PUTIN_
+PRESIDENT_PUTIN_
+RUSSIAN_PRIME_MINISTER_VLADIMIR_PUTIN_
+VLAD_
\t[RUSELI 700101-990809]
\t[RUSGOV 991231-080507]
\t[RUSGOV >20080508]
\t[RUSELI]
LEONID_BREZHNEV_  # CountryInfo.txt
LEONID_ILYICH_BREZHNEV
SECRETARY_BREZHNEV
\t[RUSGOV 641014-821110]
BROKEN_DATES_PERSON_  # CountryInfo.txt
\t[RUSGOV 9008223-911221]
KREMLIN_
\t[RUSGOV]
"""


def _entries(text: str, filename: str = "Phoenix.Countries.actors.txt") -> tuple[list[Any], Counter[str]]:
    stats: Counter[str] = Counter()
    return cp.read_actor_file(text.splitlines(), filename, stats), stats


def test_reader_groups_headwords_aliases_and_codes() -> None:
    entries, stats = _entries(SNIPPET)
    heads = [e.head for e in entries]
    assert heads == [
        "RUSSIAN_FEDERATION_",
        "VLADIMIR_PUTIN_",
        "LEONID_BREZHNEV_",
        "BROKEN_DATES_PERSON_",
        "KREMLIN_",
    ]
    putin = entries[1]
    assert "PUTIN_" in putin.synonyms and len(putin.codes) == 4
    assert putin.comment == "CountryInfo.txt"
    brezhnev = entries[2]
    assert brezhnev.synonyms == ["LEONID_ILYICH_BREZHNEV", "SECRETARY_BREZHNEV"]  # TABARI synonym run
    assert stats["headwords merged as synonyms"] == 2


def test_person_conversion_offices_and_alias_cleanup() -> None:
    entries, _ = _entries(SNIPPET)
    stats: Counter[str] = Counter()
    person = cp.convert_person(entries[1], stats)
    assert person is not None
    assert person.name == "Vladimir Putin"
    # title-prefixed aliases dropped; surname kept (>= 5 letters); 4-letter "VLAD" dropped
    assert person.aliases == ["Vladimir Vladimirovich Putin", "Putin"]
    assert stats["alias dropped: title/office prefix"] == 2
    assert [o.as_dict() for o in person.offices] == [
        {"country": "RUS", "sector": "ELI", "role": None, "start": "1970-01-01", "end": "1999-08-09"},
        {"country": "RUS", "sector": "GOV", "role": None, "start": "1999-12-31", "end": "2008-05-07"},
        {"country": "RUS", "sector": "GOV", "role": None, "start": "2008-05-08", "end": None},
        {"country": "RUS", "sector": "ELI", "role": None, "start": None, "end": None},  # undated last
    ]


def test_unparseable_entry_is_counted() -> None:
    entries, _ = _entries(SNIPPET)
    stats: Counter[str] = Counter()
    assert cp.convert_person(entries[3], stats) is None
    assert stats["office skipped: bad date"] == 1
    assert stats["person skipped: no usable office"] == 1


def test_classification() -> None:
    entries, _ = _entries(SNIPPET)
    kinds = [cp.classify_entry(e, frozenset()) for e in entries]
    assert kinds == ["country", "person", "person", "person", "organisation"]
    (intl,), _ = _entries(
        "ANN_VENEMAN_\t[USAGOV 010120-050120] [IGOUNOKID >050501]# NGO_Actors\n", cp.INTERNATIONAL_FILE
    )
    assert cp.classify_entry(intl, frozenset()) == "person"
    (corp,), _ = _entries("GOLDMAN_SACHS_\t[MNCUSA]\n", cp.INTERNATIONAL_FILE)
    assert cp.classify_entry(corp, frozenset()) == "organisation"


# --- names and aliases -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+VLADIMIR_PUTIN_", "Vladimir Putin"),
        ("HANS_VAN_DEN_BROEK_", "Hans van den Broek"),
        ("ABU_BAKR_AL-BAGHDADI_", "Abu Bakr al-Baghdadi"),
        ("OSAMA_BIN_LADEN", "Osama bin Laden"),
        ("JAVIER_PEREZ_DE_CUELLAR_", "Javier Perez de Cuellar"),
        ("JOHN_MCCAIN", "John McCain"),
        ("MICHAEL_O'KENNEDY_", "Michael O'Kennedy"),
        ("MOHAMMED_VI_", "Mohammed VI"),
        ("VLADIMIR_V._PUTIN", "Vladimir V. Putin"),
        ("RECEP_TAYYIP_ERDOĞAN", "Recep Tayyip Erdoğan"),
    ],
)
def test_title_name(raw: str, expected: str) -> None:
    assert cp.title_name(cp.clean_phrase(raw)) == expected


def test_korean_given_names() -> None:
    assert cp.title_name("BAN KI-MOON", korean=True) == "Ban Ki-moon"
    assert cp.title_name("HANS-GERT POTTERING") == "Hans-Gert Pottering"


def test_alias_cleanup() -> None:
    assert cp.clean_phrase("+SERGEY_V._LAVROV_ ") == "SERGEY V. LAVROV"
    assert cp.clean_phrase("FAEROYENE]_") == "FAEROYENE"
    with pytest.raises(cp.ParseError):
        cp.clean_phrase("+COTE_D\ufffdIVOIRE_")
    assert cp.has_title("PRESIDENT PUTIN")
    assert cp.has_title("RUSSIAN PRIME MINISTER VLADIMIR PUTIN")
    assert cp.has_title("LADY ASHTON")
    assert not cp.has_title("JULIE BISHOP")  # courtesy titles only count at the start
    assert not cp.has_title("VLADIMIR VLADIMIROVICH PUTIN")
    assert cp.strip_title("SECRETARY-GENERAL BAN KI-MOON") == "BAN KI-MOON"
    assert cp.person_phrase("WALTER J. STOESSEL, JR.") == "WALTER J. STOESSEL JR."


# --- countries, roles, discards ----------------------------------------------------------------


def test_country_aliases() -> None:
    entries, _ = _entries(SNIPPET)
    stats: Counter[str] = Counter()
    (rus,) = cp.convert_countries([entries[0]], stats)
    assert rus == {
        "code": "RUS",
        "name": "Russian Federation",
        "names": ["Russia"],
        "adjectives": ["Russian"],
        "demonyms": [],
        "places": ["Moscow"],
    }
    afg = cp.CountryNames("AFGHANISTAN")
    assert afg.classify("AFGHAN") == "adjective"
    assert afg.classify("AFGANISTAN") == "name"
    assert afg.classify("ISLAMIC REPUBLIC OF AFGHANISTAN") == "name"
    assert afg.classify("KABUL") == "place"
    assert cp.CountryNames("PAKISTAN").classify("PAKISTANI") == "adjective"
    assert cp.CountryNames("OMAN").classify("OMAN") == "name"


def test_roles() -> None:
    lines = [
        "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON",
        "!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES",
        "POLICE!PERSON!  [~COP]",
        "FOREIGN_!MINIST! [~GOV]",
        "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]",
        "POLICE {} [~COP]",
        "NEWSPAPER [~MED]",
        "#BANK [~BUS]",
        "CHRISTIAN_CLERGY [~CHR]",
        "NO_CODE_HERE",
    ]
    stats: Counter[str] = Counter()
    roles = {r["text"]: r for r in cp.convert_roles(lines, frozenset({"CHRISTIAN"}), stats)}
    assert roles["policeman"]["variants"] == [
        "policemen",
        "policewoman",
        "policewomen",
        "policeperson",
        "policepeople",
    ]
    assert roles["policeman"]["sector"] == "COP" and roles["policeman"]["country"] is None
    assert roles["foreign minister"]["variants"] == ["foreign ministers"]
    assert roles["foreign ministry"]["variants"] == ["foreign ministries"]
    assert roles["attorney general"]["variants"] == ["attorneys general"]
    assert roles["police"]["variants"] == []
    assert roles["newspaper"]["sector"] == "JRN"
    assert roles["Christian clergy"]["sector"] == "REL"
    assert "bank" not in roles
    assert stats["role skipped: commented out"] == 1
    assert stats["role skipped: agent without code"] == 1


def test_discards() -> None:
    lines = ["# header", "1914", "BIRD FLU   # ELH", "+ASIAN CUP   # mj", "NBA    # sls", "H5N1"]
    out = cp.convert_discards(lines, frozenset({"ASIAN"}), Counter())
    assert [d["text"] for d in out] == ["1914", "bird flu", "Asian Cup", "NBA", "H5N1"]


def test_write_jsonl_header(tmp_path: Path) -> None:
    size = cp.write_jsonl(tmp_path / "x.jsonl", "discard", "src", "note", [{"text": "bird flu"}])
    lines = (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()
    assert size == (tmp_path / "x.jsonl").stat().st_size
    header = json.loads(lines[0])
    assert header["schema"] == "backchannel.actors/1" and header["kind"] == "discard"
    assert header["license"] == "MIT (Open Event Data Alliance); see PHOENIX_LICENSE"
    assert json.loads(lines[1]) == {"text": "bird flu"}
