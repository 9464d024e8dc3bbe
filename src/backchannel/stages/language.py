"""Language: only English articles go on; others are rejected NOT_ENGLISH with the language found.

Reads ``Article.text``; writes ``Article.language``.  A cheap test first: English prose is about a
third function words ("the", "of", "and", ...), text in other languages has few of them.  Only texts
below ``Settings.english_min_function_share`` go to the language identifier (py3langid), which
names the language for the reject message.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from backchannel.model import Article, Reject, RejectReason
from backchannel.settings import Settings

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "that",
        "is",
        "was",
        "for",
        "on",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "he",
        "she",
        "his",
        "her",
        "its",
        "they",
        "their",
        "them",
        "this",
        "these",
        "those",
        "an",
        "not",
        "but",
        "which",
        "or",
        "had",
        "has",
        "have",
        "be",
        "been",
        "are",
        "were",
        "will",
        "would",
        "could",
        "should",
        "who",
        "whom",
        "whose",
        "what",
        "when",
        "where",
        "than",
        "also",
        "after",
        "before",
        "about",
        "into",
        "over",
        "said",
        "says",
        "there",
        "can",
        "may",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "if",
        "so",
        "no",
        "all",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "one",
        "two",
        "new",
        "up",
        "out",
    ]
)
_SAMPLE_CHARS = 5000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def function_word_share(text: str) -> float:
    words = _WORD.findall(text[:_SAMPLE_CHARS].lower())
    if not words:
        return 0.0
    return sum(w in _FUNCTION_WORDS for w in words) / len(words)


def identify_language(text: str) -> tuple[str, float]:
    """The most likely language of ``text`` (ISO 639-1) and its probability."""
    language, probability = _identifier().classify(text[:_SAMPLE_CHARS])
    return str(language), float(probability)


def check_language(article: Article, settings: Settings | None = None) -> Article | Reject:
    settings = settings or Settings()
    if function_word_share(article.text) >= settings.english_min_function_share:
        article.language = "en"
        return article
    language, probability = identify_language(article.text)
    if language == "en":
        article.language = "en"
        return article
    return Reject(
        article.path or "<input>",
        RejectReason.NOT_ENGLISH,
        f"text is not English: detected language {language!r} (p={probability:.2f})",
        article_id=article.id or None,
    )
