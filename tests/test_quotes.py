"""The quote stage, on sentences written for these tests: quote layouts, cues, speakers through
coreference, documents, continuation, and what is not a quotation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from backchannel.model import Article
from backchannel.resources import ResourceError, load_json_resource
from backchannel.resources.attribution import parse_attribution_words
from backchannel.stages.quotes import quoted_spans

if TYPE_CHECKING:
    from backchannel.pipeline import Pipeline


def _quotes(pipeline: Pipeline, text: str, **kwargs: str) -> list[tuple[str, str | None, str | None]]:
    article = pipeline.process_text(text, published="2022-06-01", **kwargs)
    assert isinstance(article, Article)
    return [(q.text, q.speaker.name if q.speaker else None, q.speaker.country if q.speaker else None)
            for q in article.quotes]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # cue after the quotation, subject after or before the verb
        ("“We will not give up our land,” Ukrainian President Volodymyr Zelensky said.",
         "We will not give up our land,", "Volodymyr Zelensky"),
        ("“We will not give up our land,” said Ukrainian President Volodymyr Zelensky.",
         "We will not give up our land,", "Volodymyr Zelensky"),
        # cue before, with a colon
        ("Russian Foreign Minister Sergei Lavrov told reporters: \"The talks were useful and frank.\"",
         "The talks were useful and frank.", "Sergei Lavrov"),
        # a fragment inside reported speech
        ("Turkish President Recep Tayyip Erdogan urged both sides “to stop the fighting at once.”",
         "to stop the fighting at once.", "Recep Tayyip Erdogan"),
        ("German Chancellor Olaf Scholz said the sanctions were “a necessary answer to aggression.”",
         "a necessary answer to aggression.", "Olaf Scholz"),
        # according to
        ("According to NATO Secretary General Jens Stoltenberg, “the alliance is united as never before.”",
         "the alliance is united as never before.", "Jens Stoltenberg"),
    ],
)  # fmt: skip
def test_quotes_layouts_and_cues(pipeline: Pipeline, text: str, quote: str, speaker: str) -> None:
    assert (quote, speaker) in [(q, s) for q, s, _ in _quotes(pipeline, text)]


def test_quotes_pronoun_speaker_is_the_last_person(pipeline: Pipeline) -> None:
    text = ("Chinese Foreign Minister Wang Yi met his Russian counterpart in Beijing. "
            "“Our cooperation has no limits,” he said.")  # fmt: skip
    assert _quotes(pipeline, text) == [("Our cooperation has no limits,", "Wang Yi", "CHN")]


def test_quotes_interrupted_and_continued(pipeline: Pipeline) -> None:
    text = ("“The meeting was constructive,” Kremlin spokesman Dmitry Peskov said. "
            "“We expect further contacts at the expert level.”")  # fmt: skip
    assert [s for _, s, _ in _quotes(pipeline, text)] == ["Dmitry Peskov", "Dmitry Peskov"]


def test_quotes_document_on_an_official_outlet_is_the_office(pipeline: Pipeline) -> None:
    text = 'Greetings to the festival\n\nThe message reads, in part: "I wish you every success in your work."'
    [(_, name, country)] = _quotes(pipeline, text, outlet="kremlin.ru")
    assert (name, country) == (None, "RUS")


def test_quotes_straight_marks_pair_by_position() -> None:
    text = 'He said "we are ready to talk now" and left. "Both sides agreed on it," he added.'
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "we are ready to talk now",
        "Both sides agreed on it,",
    ]


def test_quotes_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = '"The first part of a long statement goes on\n\n"The second part of it," he said.'
    assert [text[s:e] for s, e in quoted_spans(text)] == [
        "The first part of a long statement goes on",
        "The second part of it,",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He read “The Art of War” again.",  # a title
        "They called it “special operation” in public.",  # two words: a scare quote
        "The “Normandy Format” talks resumed.",
    ],
)
def test_quotes_not_quotations(text: str) -> None:
    assert quoted_spans(text) == []


def test_quotes_words_validation_names_the_key() -> None:
    data = load_json_resource("attribution.json", "backchannel.attribution/1")
    with pytest.raises(ResourceError, match=r"stances\.maybe"):
        parse_attribution_words(data | {"stances": {"maybe": ["perhaps"]}})
    with pytest.raises(ResourceError, match="cue_verbs"):
        parse_attribution_words(data | {"cue_verbs": ["Say"]})


def test_quotes_role_description_is_the_office_holder(pipeline: Pipeline) -> None:
    """ "the Head of State" and "the President" refer back to the named president (coreference)."""
    text = ("French President Emmanuel Macron received the Polish delegation in Paris. "
            "“We stand together,” the Head of State said. “Europe will not be divided,” the President added.")  # fmt: skip
    assert [s for _, s, _ in _quotes(pipeline, text)] == ["Emmanuel Macron", "Emmanuel Macron"]


def test_quotes_pronoun_after_quotation_is_the_last_speaker(pipeline: Pipeline) -> None:
    """The pronoun of "he said" is who spoke last, not the last person named (an object here)."""
    text = ("Polish President Andrzej Duda praised the decision of German Chancellor Olaf Scholz. "
            "“This is a step in the right direction,” he said.")  # fmt: skip
    assert [s for _, s, _ in _quotes(pipeline, text)] == ["Andrzej Duda"]


@pytest.mark.parametrize(
    "text",
    [
        "“Peace that the people strive for will come,” Finnish President Sauli Niinisto concluded.",
        "“We will rebuild every bridge and every school,” Finnish President Sauli Niinisto is convinced.",
    ],
)
def test_quotes_cue_after_with_speaker_between(pipeline: Pipeline, text: str) -> None:
    assert [s for _, s, _ in _quotes(pipeline, text)] == ["Sauli Niinisto"]


def test_quotes_bare_title_on_an_official_outlet_is_its_own_head(pipeline: Pipeline) -> None:
    """On the presidency's own site, "the President" is its president, even in a sentence that
    names another state's president."""
    text = ("President of Ukraine Volodymyr Zelensky spoke at a forum in Kyiv. "
            "He said Russian President Vladimir Putin does not want peace. "
            "“We will not stop until our land is free,” the President said.")  # fmt: skip
    quotes = _quotes(pipeline, text, outlet="president.gov.ua")
    assert [(s, c) for _, s, c in quotes] == [("Volodymyr Zelensky", "UKR")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the quotation speaks of the sender as "he": the relay speaks
        ("Biden sent a message to Xi Jinping through Secretary of State Antony Blinken, saying that "
         "“He hopes that the two countries can avoid conflict.”", "Antony Blinken"),
        ("Erdogan passed a letter to Assad via Iraqi Prime Minister Mustafa al-Kadhimi, saying "
         "“She is ready to meet without conditions.”", "Mustafa al-Kadhimi"),
        # the sender speaks in the first person: still the sender
        ("Biden sent a message to Xi Jinping through Secretary of State Antony Blinken, saying that "
         "“I hope that our two countries can avoid conflict.”", "Joe Biden"),
        # "he" with no relay named: the cue's subject
        ("Russian Foreign Minister Sergei Lavrov said that “he is not in a position to comment.”",
         "Sergei Lavrov"),
    ],
)  # fmt: skip
def test_quotes_relayed_message_is_the_relays_words(pipeline: Pipeline, text: str, speaker: str) -> None:
    assert [s for _, s, _ in _quotes(pipeline, text)] == [speaker]
