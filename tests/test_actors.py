"""The actor stage on sentences written for these tests (none is in a gold file).

Mechanics run on a small hand-made lexicon (so a test says which dictionary facts it relies on);
``test_actors_real_lexicon_*`` run on the shipped dictionaries.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backchannel.model import Actor, Article
from backchannel.pipeline import Pipeline
from backchannel.resources import ResourceError
from backchannel.resources.actors import (
    Entry,
    Office,
    Person,
    build_lexicon,
    default_lexicon,
    load_entries,
    regular_plural,
)
from backchannel.stages.actors import ActorStage
from backchannel.stages.nlp import NlpStage

NARYSHKIN = Person(
    "Sergei Naryshkin",
    (
        Office("RUS", "LEG", "Chairman of the State Duma", date(2011, 12, 21), date(2016, 10, 4)),
        Office("RUS", "SPY", "Director of the Foreign Intelligence Service", date(2016, 10, 5), None),
    ),
)
PESKOV = Person(
    "Dmitry Peskov", (Office("RUS", "GOV", "Press Secretary of the President", date(2012, 5, 22), None),)
)


def _entries() -> list[Entry]:
    def country(code: str, name: str, adjective: str, demonym: str) -> list[Entry]:
        return [
            Entry("country", name, code, name=name, proper=True),
            Entry("adjective", adjective, code, name=name, proper=True),
            Entry("demonym", demonym, code, name=name, proper=True),
        ]

    return [
        Entry("discard", "Russian roulette"),
        Entry("discard", "American football"),
        *country("RUS", "Russia", "Russian", "Russians"),
        *country("USA", "United States", "American", "Americans"),
        *country("FRA", "France", "French", "French"),
        *country("UKR", "Ukraine", "Ukrainian", "Ukrainians"),
        Entry("adjective", "U.S.", "USA", name="United States", proper=True),
        Entry("adjective", "US", "USA", name="United States", proper=True, acronym=True),
        Entry("metonym", "Kremlin", "RUS", "GOV", "Kremlin", proper=True),
        Entry("metonym", "Pentagon", "USA", "MIL", "Pentagon", proper=True),
        Entry("metonym", "Moscow", "RUS", "GOV", "Moscow", proper=True),
        Entry("metonym", "Paris", "FRA", "GOV", "Paris", proper=True),
        Entry("institution", "Defense Ministry", None, "MIL", "Defense Ministry", proper=True),
        Entry(
            "institution",
            "Foreign Intelligence Service",
            "RUS",
            "SPY",
            "Foreign Intelligence Service",
            proper=True,
        ),
        Entry("institution", "CIA", "USA", "SPY", "CIA", acronym=True, proper=True),
        *[
            Entry("role", text, None, sector)
            for text, sector in [
                ("delegation", "UNK"),
                ("delegations", "UNK"),
                ("defense attaché", "MIL"),
                ("defense attachés", "MIL"),
                ("attachés", "MIL"),
                ("major general", "MIL"),
                ("head", "UNK"),
                ("general", "MIL"),
                ("spokesman", "GOV"),
                ("director", "GOV"),
                ("intelligence chiefs", "SPY"),
                ("diplomats", "GOV"),
                ("president", "GOV"),
                ("foreign minister", "GOV"),
                ("rebels", "REB"),
                ("forces", "MIL"),
                ("villagers", "CVL"),
            ]
        ],
        Entry("place", "Darfur", "SDN", name="Darfur", proper=True),
        *[
            Entry("person", text, name=p.name, person=p, proper=True)
            for p in (NARYSHKIN, PESKOV)
            for text in (p.name, p.name.split()[-1])
        ],
    ]


@pytest.fixture(scope="module")
def coder(nlp_model: Any) -> Pipeline:
    lexicon = build_lexicon(_entries())
    return Pipeline(nlp=NlpStage(nlp_model), stages=[ActorStage(lexicon)])


def actors_of(pipeline: Pipeline, text: str, published: str = "2022-06-01") -> list[tuple[str, Actor]]:
    article = Article(id="ar_test", text=text, published=published, language="en")
    pipeline.nlp.process_one(article)
    result = pipeline._apply_stages(article)
    assert isinstance(result, Article)
    return [(m.text, a) for _, m, a in result.actor_mentions()]


def coded(pipeline: Pipeline, text: str, fragment: str, published: str = "2022-06-01") -> Actor:
    found = [a for t, a in actors_of(pipeline, text, published) if fragment in t or t in fragment]
    assert found, f"no actor for {fragment!r} in {actors_of(pipeline, text, published)}"
    return found[0]


def code(actor: Actor) -> tuple[str | None, str | None]:
    return actor.country, actor.sector


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        # adjective + rank + unknown name
        ("Russian Major General Pavel Orlov met the visitors on Friday.", "Pavel Orlov", ("RUS", "MIL")),
        # metonym + role + known name
        ("Kremlin spokesman Dmitry Peskov declined to say more.", "Dmitry Peskov", ("RUS", "GOV")),
        # role of an institution + name
        (
            "Director of the Foreign Intelligence Service Sergei Naryshkin arrived late.",
            "Sergei Naryshkin",
            ("RUS", "SPY"),
        ),
        # institution-specific title: the body's sector wins over the generic role
        ("CIA director Tom Hale spoke to reporters.", "Tom Hale", ("USA", "SPY")),
        # role, name, then "of <country>"
        ("President Jean Moulin of France called for calm.", "Jean Moulin", ("FRA", "GOV")),
        # group nouns
        ("A US defense attaché asked a question.", "US defense attaché", ("USA", "MIL")),
        ("The American delegation left early.", "American delegation", ("USA", None)),
        # metonyms
        ("The Kremlin rejected the proposal.", "Kremlin", ("RUS", "GOV")),
        ("The Pentagon declined to comment.", "Pentagon", ("USA", "MIL")),
        ("Moscow is ready to talk.", "Moscow", ("RUS", "GOV")),
        # possessive country on a generic institution
        ("France's Defense Ministry issued a statement.", "Defense Ministry", ("FRA", "MIL")),
        # a people: demonym alone, nationality + plural noun
        ("Americans were not told about it.", "Americans", ("USA", "CVL")),
        ("Ukrainian farmers blocked the road.", "Ukrainian farmers", ("UKR", "CVL")),
        # country alone
        ("Ukraine asked for more help.", "Ukraine", ("UKR", None)),
        # rebels of a country
        ("Ukrainian rebels seized the hill.", "Ukrainian rebels", ("UKR", "REB")),
    ],
)
def test_actors_kinds_of_mention(
    coder: Pipeline, sentence: str, fragment: str, expected: tuple[str, str | None]
) -> None:
    assert code(coded(coder, sentence, fragment)) == expected


def test_actors_person_name_role_and_appositive(coder: Pipeline) -> None:
    actor = coded(
        coder,
        "He met Russian Major General Pavel Orlov, deputy head of the press office, on Friday.",
        "Orlov",
    )
    assert (actor.name, actor.role) == ("Pavel Orlov", "deputy head of the press office")
    lavrov = coded(coder, "Russian Foreign Minister Oleg Lavin spoke first.", "Oleg Lavin")
    assert (lavrov.name, lavrov.role, lavrov.country) == ("Oleg Lavin", "Foreign Minister", "RUS")


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2015-03-01", ("RUS", "LEG")), ("2022-03-01", ("RUS", "SPY")), (None, ("RUS", "SPY"))],
)
def test_actors_person_coded_by_office_on_date(
    coder: Pipeline, published: str | None, expected: tuple[str, str]
) -> None:
    text = "Sergei Naryshkin gave a speech."
    actor = coded(coder, text, "Naryshkin", published)  # type: ignore[arg-type]
    assert code(actor) == expected
    assert actor.name == "Sergei Naryshkin"


def test_actors_compound_mentions_give_one_actor_per_country(coder: Pipeline) -> None:
    found = actors_of(coder, "The Russian and American delegations met again.")
    assert sorted(a.country for t, a in found if "delegations" in t) == ["RUS", "USA"]
    hyphen = actors_of(coder, "U.S.-Russian intelligence chiefs met in secret.")
    assert sorted(code(a) for t, a in hyphen if "chiefs" in t) == [("RUS", "SPY"), ("USA", "SPY")]


def test_actors_place_is_not_an_actor(coder: Pipeline) -> None:
    found = actors_of(coder, "The talks were held in Moscow last week.")
    assert [t for t, _ in found] == []


@pytest.mark.parametrize(
    "sentence", ["They played Russian roulette with the budget.", "American football is popular."]
)
def test_actors_discards_are_not_actors(coder: Pipeline, sentence: str) -> None:
    assert actors_of(coder, sentence) == []


def test_actors_coreference_chain(coder: Pipeline) -> None:
    text = (
        "Russian Major General Pavel Orlov met two US defense attachés in Moscow. "
        "Orlov spoke without notes. Later the Russian general left the room. "
        "The two attachés said they were surprised. "
        "Kremlin spokesman Dmitry Peskov said he had no comment."
    )
    found = actors_of(coder, text)
    by_text = {}
    for t, a in found:
        by_text.setdefault(t, a)
    assert by_text["Orlov"].name == "Pavel Orlov" and code(by_text["Orlov"]) == ("RUS", "MIL")
    assert by_text["Russian general"].name == "Pavel Orlov"
    assert code(by_text["attachés"]) == ("USA", "MIL")
    assert by_text["he"].name == "Dmitry Peskov" and code(by_text["he"]) == ("RUS", "GOV")


def test_actors_generic_role_does_not_borrow_a_country(pipeline: Pipeline) -> None:
    """An "official" says nothing of a side: no country from "Russian military officials" nearby."""
    text = "Russian military officials met in Rostov. A senior defense official said nothing about it."
    found = actors_of(pipeline, text)
    assert ("Russian military officials", "RUS") in [(t, a.country) for t, a in found]
    assert not [t for t, _ in found if "defense official" in t]  # coded to no state


def test_actors_coreference_description_of_a_mistagged_plural(coder: Pipeline) -> None:
    """ "the U.S. attachés" (which the tagger may read as singular) is the group named before."""
    text = (
        "Two US defense attachés met a Russian general in Moscow. "
        "The readout does not name the U.S. attachés at the meeting."
    )
    found = actors_of(coder, text)
    assert [code(a) for t, a in found if t == "U.S. attachés"] == [("USA", "MIL")]


def test_actors_role_without_country_borrows_it_from_the_same_role_nearby(coder: Pipeline) -> None:
    text = "The two defense attachés who attended were tense. A US defense attaché asked about it."
    found = actors_of(coder, text)
    assert [code(a) for t, a in found if t == "defense attachés"] == [("USA", "MIL")]


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        # a region the country files list, then an actor acting there
        ("The rebels in Darfur shelled a market.", "rebels", ("SDN", "REB")),
        # a city of the gazetteer
        ("Diplomats in Calgary were surprised by the vote.", "Diplomats", ("CAN", "GOV")),
        # a listed region inside a longer place name
        ("The rebels fled to West Darfur State.", "rebels", ("SDN", "REB")),
    ],
)
def test_actors_actor_takes_the_country_of_a_place_it_acts_in(
    coder: Pipeline, sentence: str, fragment: str, expected: tuple[str, str]
) -> None:
    assert code(coded(coder, sentence, fragment)) == expected


def test_actors_place_names_are_places_not_actors(coder: Pipeline) -> None:
    article = Article(id="ar_test", text="The rebels in Darfur shelled a market.", language="en")
    coder.nlp.process_one(article)
    result = coder._apply_stages(article)
    assert isinstance(result, Article)
    assert [(m.label, m.text, m.actor.country if m.actor else None) for m in result.mentions] == [
        ("GROUP", "rebels", "SDN"),
        ("PLACE", "Darfur", "SDN"),
    ]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [("A curfew was imposed in Moscow.", "Moscow"), ("Tanks fired at targets in Calgary.", "Calgary")],
)
def test_actors_place_as_a_party_is_its_people(coder: Pipeline, sentence: str, place: str) -> None:
    article = Article(id="ar_test", text=sentence, language="en")
    coder.nlp.process_one(article)
    result = coder._apply_stages(article)
    assert isinstance(result, Article)
    assert [(m.label, m.text, m.actor.sector if m.actor else None) for m in result.mentions] == [
        ("PLACE", place, "CVL")
    ]


def test_actors_head_takes_a_country_after_throughout_or_across(coder: Pipeline) -> None:
    found = actors_of(coder, "Rebels across Ukraine laid down their arms.")
    assert [(t, code(a)) for t, a in found] == [("Rebels across Ukraine", ("UKR", "REB"))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the only state the sentence names: a domestic actor
        ("President Jean Moulin said Ukraine would not yield.", "UKR"),
        ("The rebels rejected an appeal from Ukrainian diplomats.", "UKR"),
        # two states: no guess
        ("President Jean Moulin thanked Ukrainian and Russian diplomats.", None),
    ],
)
def test_actors_uncoded_actor_takes_the_only_country_of_its_sentence(
    coder: Pipeline, sentence: str, expected: str | None
) -> None:
    fragment = "Jean Moulin" if "Moulin" in sentence else "rebels"
    assert coded(coder, sentence, fragment).country == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a leader's forces are its own
        ("Russian-led forces crossed the river.", [("GROUP", "Russian-led forces", ("RUS", "MIL"))]),
        # a sponsor's are not: the sponsor is no actor and lends its country to nobody
        (
            "Russian-backed forces crossed the river.",
            [("SPONSOR", "Russian", ("RUS", None)), ("GROUP", "forces", (None, "MIL"))],
        ),
        (
            "American-trained rebels crossed the river.",
            [("SPONSOR", "American", ("USA", None)), ("GROUP", "rebels", (None, "REB"))],
        ),
    ],
)
def test_actors_led_forces_are_the_leaders_backed_forces_are_not_the_sponsors(
    coder: Pipeline, sentence: str, expected: list[tuple[str, str, tuple[str | None, str | None]]]
) -> None:
    article = Article(id="ar_test", text=sentence, language="en")
    coder.nlp.process_one(article)
    result = coder._apply_stages(article)
    assert isinstance(result, Article)
    assert [(m.label, m.text, code(m.actor)) for m in result.mentions if m.actor] == expected


def test_actors_country_after_a_compass_word(coder: Pipeline) -> None:
    found = actors_of(coder, "The villagers in eastern Ukraine fled.")
    assert [(t, code(a)) for t, a in found] == [("villagers in eastern Ukraine", ("UKR", "CVL"))]


def test_actors_unresolved_pronoun_codes_nothing(coder: Pipeline) -> None:
    assert actors_of(coder, "He said nothing about the plan.") == []


def test_actors_code_actor_uses_the_pipeline_path(coder: Pipeline) -> None:
    actor = coder.code_actor("Sergei Naryshkin", day="2015-06-01")
    assert code(actor) == ("RUS", "LEG")
    in_context = coder.code_actor("the Russian general", context="Later the Russian general left the room.")
    assert code(in_context) == ("RUS", "MIL")


# --- resources --------------------------------------------------------------------------------

HEADER = {"schema": "backchannel.actors/1", "kind": "x", "source": "test", "license": "CC0-1.0"}


@pytest.mark.parametrize(
    ("name", "kind", "line", "message"),
    [
        (
            "people.jsonl",
            "person",
            {"name": "A B", "offices": [{"country": "RUSSIA", "sector": "GOV"}]},
            "country 'RUSSIA'",
        ),
        (
            "people.jsonl",
            "person",
            {"name": "A B", "offices": [{"country": "RUS", "sector": "BOSS"}]},
            "sector 'BOSS'",
        ),
        (
            "people.jsonl",
            "person",
            {"name": "A B", "offices": [{"country": "RUS", "start": "2020-13-01"}]},
            "start '2020-13-01'",
        ),
        (
            "people.jsonl",
            "person",
            {"name": "A B", "offices": [{"country": "RUS", "start": "2021", "end": "2020"}]},
            "is after end",
        ),
        ("countries.jsonl", "country", {"code": "RU", "name": "Russia"}, "country 'RU'"),
        ("roles.jsonl", "role", {"text": "", "sector": "MIL"}, "'text' must be a non-empty string"),
        (
            "institutions.jsonl",
            "institution",
            {"name": "X", "aliases": "Y", "sector": "GOV"},
            "'aliases' must be a list",
        ),
    ],
)
def test_actor_resources_fail_validation_naming_file_and_line(
    tmp_path: Path, name: str, kind: str, line: dict[str, Any], message: str
) -> None:
    (tmp_path / name).write_text(json.dumps(HEADER) + "\n\n" + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(ResourceError) as error:
        list(load_entries([(name, kind)], tmp_path))
    assert f"actors/{name}:3" in str(error.value) and message in str(error.value)


def test_actor_resources_require_the_header_and_json(tmp_path: Path) -> None:
    (tmp_path / "roles.jsonl").write_text('{"text": "general", "sector": "MIL"}\n', encoding="utf-8")
    with pytest.raises(ResourceError, match=r"roles.jsonl:1: first line must be a header"):
        list(load_entries([("roles.jsonl", "role")], tmp_path))
    (tmp_path / "roles.jsonl").write_text(json.dumps(HEADER) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"roles.jsonl:2: not JSON"):
        list(load_entries([("roles.jsonl", "role")], tmp_path))


def test_actor_resources_shipped_files_all_validate() -> None:
    kinds = {e.kind for e in load_entries()}
    assert {"country", "adjective", "metonym", "institution", "role", "person", "discard"} <= kinds


# --- the shipped dictionaries -----------------------------------------------------------------


@pytest.fixture(scope="module")
def real_coder(nlp_model: Any) -> Pipeline:
    return Pipeline(nlp=NlpStage(nlp_model), stages=[ActorStage()])


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        # vanished states are coded as their continuators
        ("Soviet troops crossed the border at dawn.", "Soviet troops", ("RUS", "MIL")),
        ("The Soviet Union protested the decision.", "Soviet Union", ("RUS", None)),
        ("A Yugoslav army officer was wounded.", "Yugoslav army officer", ("SRB", "MIL")),
        ("East German border guards opened fire.", "East German border guards", ("DEU", "COP")),
        # a modifier that says whose side a people noun is on keeps its sector
        ("Islamic fundamentalists marched through Cairo.", "Islamic fundamentalists", ("EGY", "REL")),
        ("Muslim fundamentalist demonstrators blocked a road in Egypt.", "demonstrators", ("EGY", "REL")),
        ("University students marched through Jakarta.", "students", ("IDN", "CVL")),
        # peoples and regions inside one state, and armed groups the dictionaries lacked
        ("Chechen rebels ambushed a convoy.", "Chechen rebels", ("RUS", "REB")),
        ("Basque separatists claimed the attack.", "Basque separatists", ("ESP", "REB")),
        ("Tibetan monks marched in silence.", "Tibetan monks", ("CHN", "REL")),
        ("Afghan mujahideen shot down a helicopter.", "Afghan mujahideen", ("AFG", "REB")),
        ("Renamo refused to disarm.", "Renamo", ("MOZ", "REB")),
        # singular demonyms
        ("A Briton was kidnapped in Yemen.", "Briton", ("GBR", "CVL")),
        ("Two Frenchmen were arrested at the border.", "Frenchmen", ("FRA", "CVL")),
        # common role nouns the dictionaries lacked
        ("Tribal elders met the governor of Kandahar.", "Tribal elders", ("AFG", "CVL")),
        ("Maoist rebels attacked a police post in Nepal.", "Maoist rebels", ("NPL", "REB")),
        ("Iraqi truckers blocked the border crossing.", "Iraqi truckers", ("IRQ", "LAB")),
        # peoples of a region, not of a state
        ("Europeans living in Kenya were asked to register.", "Europeans", ("KEN", "CVL")),
    ],
)
def test_actors_real_lexicon_codes(
    real_coder: Pipeline, sentence: str, fragment: str, expected: tuple[str | None, str | None]
) -> None:
    assert code(coded(real_coder, sentence, fragment)) == expected


def test_actors_modifier_takes_nothing_from_a_nearby_actor(real_coder: Pipeline) -> None:
    article = Article(
        id="ar_test", text="A Syrian newspaper attacked Israeli policies on Monday.", language="en"
    )
    real_coder.nlp.process_one(article)
    result = real_coder._apply_stages(article)
    assert isinstance(result, Article)
    israeli = next(m for m in result.mentions if m.text.startswith("Israeli"))
    assert israeli.antecedent is None and israeli.actor is not None
    assert (israeli.actor.country, israeli.actor.sector, israeli.actor.role) == ("ISR", None, None)


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        # a capital another state of the sentence has a city of the same name of is that city
        ("Gunmen in Tripoli shot at a Lebanese army patrol.", "Gunmen in Tripoli", "LBN"),
        ("Shells fell in Tripoli, the Lebanese port.", "Tripoli", "LBN"),
        # else the capital
        ("Gunmen in Tripoli shot at a French patrol.", "Gunmen in Tripoli", "LBY"),
    ],
)
def test_actors_real_lexicon_ambiguous_capital_is_the_city_of_a_state_the_sentence_names(
    real_coder: Pipeline, sentence: str, fragment: str, expected: str
) -> None:
    article = Article(id="ar_test", text=sentence, language="en")
    real_coder.nlp.process_one(article)
    result = real_coder._apply_stages(article)
    assert isinstance(result, Article)
    found = [m.actor.country for m in result.mentions if m.actor and m.text == fragment]
    assert found == [expected]


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        # an appositive after an unknown name says who the person is
        ("Pavel Orlova, a Russian general, said the talks had failed.", "Pavel Orlova", ("RUS", "MIL")),
        ("Maria Lopez, a French diplomat, left Kyiv.", "Maria Lopez", ("FRA", "GOV")),
        # a name set off after a titled mention is that person
        ("The Ukrainian foreign minister, Peter Hansen, arrived late.", "Peter Hansen", ("UKR", "GOV")),
        # a plural title names no one person
        ("Ukrainian diplomats, Peter Hansen among them, arrived late.", "Peter Hansen", (None, None)),
    ],
)
def test_actors_real_lexicon_unknown_person_coded_by_an_apposition(
    real_coder: Pipeline, sentence: str, fragment: str, expected: tuple[str | None, str | None]
) -> None:
    article = Article(id="ar_test", text=sentence, language="en")
    real_coder.nlp.process_one(article)
    result = real_coder._apply_stages(article)
    assert isinstance(result, Article)
    found = [m.actor for m in result.mentions if m.label == "PERSON" and m.actor and m.actor.name == fragment]
    assert found and code(found[0]) == expected


@pytest.mark.parametrize(
    ("singular", "plural"),
    [
        ("fighter", "fighters"),
        ("tribesman", "tribesmen"),
        ("deputy", "deputies"),
        ("envoy", "envoys"),
        ("coach", "coaches"),
        ("armed police", "armed polices"),
        ("rebels", None),
        ("CEO", None),
    ],
)
def test_actor_resources_regular_plural_of_a_phoenix_role(singular: str, plural: str | None) -> None:
    assert regular_plural(singular) == plural


def test_actors_real_lexicon_phoenix_role_matches_in_the_plural(real_coder: Pipeline) -> None:
    assert code(coded(real_coder, "Iraqi fighters crossed the river.", "Iraqi fighters")) == ("IRQ", "REB")


@pytest.mark.parametrize(
    ("word", "sector"),
    [("peacekepers", "MIL"), ("spokespreson", "GOV"), ("inspections", None), ("journalistic", None)],
)
def test_actor_lexicon_long_role_word_with_one_typo(word: str, sector: str | None) -> None:
    found = default_lexicon().misspelt_role(word)
    assert ({e.sector for e in found} or {None}) == {sector}


def test_actors_real_lexicon_misspelt_role_in_context(real_coder: Pipeline) -> None:
    assert code(coded(real_coder, "Two peacekepers were wounded in Mali.", "peacekepers")) == ("MLI", "MIL")


def test_actors_real_lexicon_discarded_place_name_is_no_place(real_coder: Pipeline) -> None:
    article = Article(id="ar_test", text="The expedition reached the North Pole in April.", language="en")
    real_coder.nlp.process_one(article)
    result = real_coder._apply_stages(article)
    assert isinstance(result, Article)
    assert [m.text for m in result.mentions if m.actor and m.actor.country] == []


@pytest.mark.parametrize(
    ("sentence", "fragment", "expected"),
    [
        ("Sudanesse troops crossed the border.", "Sudanesse troops", ("SDN", "MIL")),
        ("Venezuelian officials denied the report.", "Venezuelian officials", ("VEN", "GOV")),
    ],
)
def test_actors_real_lexicon_state_name_with_one_typo(
    real_coder: Pipeline, sentence: str, fragment: str, expected: tuple[str, str]
) -> None:
    assert code(coded(real_coder, sentence, fragment)) == expected


def test_actor_lexicon_misspelt_country_needs_one_state() -> None:
    lexicon = default_lexicon()
    assert {e.country for e in lexicon.misspelt_country("Yugoslovia")} == {"SRB"}
    assert lexicon.misspelt_country("Austria") == []  # a name itself
    assert lexicon.misspelt_country("Lybia") == []  # too short to correct


def test_actor_lexicon_typo_answers_are_remembered_until_the_lexicon_grows() -> None:
    lexicon = build_lexicon([Entry("role", "peacekeepers", sector="MIL")])
    first = lexicon.misspelt_role("peacekepers")
    assert [e.text for e in first] == ["peacekeepers"]
    first.clear()  # an answer is the caller's own list
    assert [e.text for e in lexicon.misspelt_role("peacekepers")] == ["peacekeepers"]
    lexicon.add(Entry("role", "peacekepers", sector="CVL"))  # now a word of its own: no typo
    assert lexicon.misspelt_role("peacekepers") == []


def test_actor_lexicon_surname_keys_follow_new_surnames() -> None:
    lexicon = build_lexicon([])
    assert lexicon.surname_keys("l") == []
    lexicon.surnames["lavrov"] = [Person("Sergey Lavrov", ())]
    lexicon.surnames["putin"] = [Person("Vladimir Putin", ())]
    lexicon.surnames["lukashenko"] = [Person("Alexander Lukashenko", ())]
    assert lexicon.surname_keys("l") == ["lavrov", "lukashenko"]
    assert lexicon.surname_keys("p") == ["putin"]
