"""NLP: spaCy's analysis converted into plain tokens, sentences and mentions with offsets into the text."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from spacy.language import Language

from backchannel.model import Article, Mention, Sentence, Token
from backchannel.stages.nlp import NlpStage, doc_to_layers, load_english_pipeline

TEXT = (
    "Talks in Ankara\n\n"
    "Russian President Vladimir Putin spoke by phone with French President Emmanuel Macron on Tuesday. "
    "The two leaders discussed the situation in Ukraine, the Kremlin said.\n\n"
    "CIA Director William Burns met Sergei Naryshkin in Ankara, Turkey, on November 14."
)


@pytest.fixture(scope="module")
def parsed(nlp_model: Language) -> Article:
    article = Article(id="ar_nlp", text=TEXT)
    NlpStage(nlp_model).process_one(article)
    return article


def test_load_english_pipeline_is_loaded_once(nlp_model: Language) -> None:
    assert load_english_pipeline() is nlp_model
    assert {"parser", "ner"} <= set(nlp_model.pipe_names)


@pytest.mark.parametrize(
    ("layer", "cls"), [("tokens", Token), ("sentences", Sentence), ("mentions", Mention)]
)
def test_nlp_layers_are_plain_dataclasses(parsed: Article, layer: str, cls: type) -> None:
    items = getattr(parsed, layer)
    assert items and all(type(item) is cls for item in items)
    for item in items:
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            assert value is None or type(value) in (int, str, bool), (layer, f.name, type(value))


def test_nlp_tokens_are_spans_of_the_text(parsed: Article) -> None:
    tokens = parsed.tokens
    assert [t.i for t in tokens] == list(range(len(tokens)))
    for token in tokens:
        assert 0 <= token.start < token.end <= len(TEXT)
        assert TEXT[token.start : token.end] == token.text
        assert 0 <= token.head < len(tokens)
    assert all(a.end <= b.start for a, b in itertools.pairwise(tokens))  # in order, no overlap


def test_nlp_sentences_cover_the_tokens_in_order(parsed: Article) -> None:
    sentences = parsed.sentences
    assert len(sentences) >= 3
    assert sentences[0].token_start == 0 and sentences[-1].token_end == len(parsed.tokens)
    for previous, sentence in itertools.pairwise(sentences):
        assert previous.token_end == sentence.token_start and previous.end <= sentence.start
    for sentence in sentences:
        tokens = parsed.sentence_tokens(sentence)
        assert tokens
        assert sentence.start == tokens[0].start and sentence.end == tokens[-1].end


def test_nlp_heads_stay_inside_their_sentence(parsed: Article) -> None:
    for sentence in parsed.sentences:
        for token in parsed.sentence_tokens(sentence):
            assert sentence.token_start <= token.head < sentence.token_end


def test_nlp_mentions_are_entities_with_offsets(parsed: Article) -> None:
    for mention in parsed.mentions:
        assert TEXT[mention.start : mention.end] == mention.text
        sentence = parsed.sentences[mention.sentence]
        assert sentence.start <= mention.start and mention.end <= sentence.end
        assert mention.actor is None  # coded by a later stage
    labels = {(m.text, m.label) for m in parsed.mentions}
    assert {label for _, label in labels} >= {"GPE", "PERSON"}
    assert ("Vladimir Putin", "PERSON") in labels
    assert any(text in ("Ankara", "Turkey", "Ukraine") and label == "GPE" for text, label in labels)


def test_nlp_process_in_batch_equals_one_by_one(nlp_model: Language, parsed: Article) -> None:
    stage = NlpStage(nlp_model, batch_size=2)
    articles = [
        Article(id=f"ar_{i}", text=text)
        for i, text in enumerate(["Putin met Xi in Beijing.", TEXT, "Hello."])
    ]
    stage.process(articles)
    assert articles[1].tokens == parsed.tokens
    assert articles[1].sentences == parsed.sentences
    assert articles[1].mentions == parsed.mentions
    assert [t.text for t in articles[0].tokens] == ["Putin", "met", "Xi", "in", "Beijing", "."]


@pytest.mark.parametrize(
    "text",
    [
        TEXT,
        "",  # no tokens
        "  Trailing   spaces,\ttabs\nand a head-final clause: “Yes,” he said.  ",
        "Çavuşoğlu met Lavrov in İstanbul; the ﬁrst talks since 2021 (Kılıçdaroğlu absent).",
    ],
)
def test_doc_to_layers_tokens_equal_spacy_token_properties(nlp_model: Language, text: str) -> None:
    """The tokens read in one array are the values of spaCy's own Token properties (negative head
    offsets and string ids above 2**63 included)."""
    doc = nlp_model(text)
    tokens, _, _ = doc_to_layers(doc)
    expected = [
        Token(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
              t.ent_type_, bool(t.whitespace_))
        for t in doc
    ]  # fmt: skip
    assert tokens == expected
    assert any(t.head < t.i for t in tokens) or len(tokens) < 2
