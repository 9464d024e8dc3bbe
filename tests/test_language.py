"""Language: English goes on (language "en"); other languages are NOT_ENGLISH naming the language."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.ingest import read_inputs
from backchannel.model import Article, Reject, RejectReason
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article
from backchannel.stages.language import check_language, function_word_share

ENGLISH = "The president of France spoke with the chancellor of Germany on Tuesday about the war in Ukraine."


def _article(text: str) -> Article:
    return Article(id="ar_test", path="<test>", text=text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (ENGLISH, 0.3, 0.6),
        (
            "Die Bundesregierung hat am Freitag beschlossen, die Sanktionen gegen Russland zu verschärfen.",
            0.0,
            0.05,
        ),
        ("", 0.0, 0.0),
        ("12 345 678", 0.0, 0.0),
    ],
)
def test_function_word_share_separates_english(text: str, low: float, high: float) -> None:
    assert low <= function_word_share(text) <= high


@pytest.mark.parametrize(
    "text",
    [
        ENGLISH,
        # headline style, few function words: the language identifier decides
        "Putin, Xi agree: new gas pipeline, grain deals, Arctic shipping routes; Beijing summit ends",
    ],
)
def test_check_language_english_is_kept(text: str) -> None:
    article = check_language(_article(text))
    assert isinstance(article, Article)
    assert article.language == "en"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Die Bundesregierung hat am Freitag beschlossen, die Sanktionen gegen Russland zu verschärfen.",
            "de",
        ),
        (
            "Le président français Emmanuel Macron s'est entretenu mardi par téléphone avec le président.",
            "fr",
        ),
        (
            "El presidente del Gobierno, Pedro Sánchez, se reunió el lunes en Madrid con el primer ministro.",
            "es",
        ),
        ("Президент России Владимир Путин провел телефонный разговор с президентом Франции.", "ru"),
    ],
)
def test_check_language_other_language_is_not_english(text: str, language: str) -> None:
    result = check_language(_article(text))
    assert isinstance(result, Reject)
    assert (result.path, result.reason, result.article_id) == ("<test>", RejectReason.NOT_ENGLISH, "ar_test")
    assert f"'{language}'" in result.message


def test_check_language_german_file_is_rejected_naming_de(data_dir: Path) -> None:
    [item] = read_inputs([data_dir / "german.txt"])
    cleaned = clean_article(item)  # type: ignore[arg-type]
    assert isinstance(cleaned, Article)
    result = check_language(cleaned)
    assert isinstance(result, Reject)
    assert result.reason is RejectReason.NOT_ENGLISH
    assert result.path == str(data_dir / "german.txt")
    assert "'de'" in result.message
    assert result.article_id == cleaned.id


def test_check_language_share_threshold_is_a_setting() -> None:
    # With an impossible threshold every text goes to the identifier, which still finds English.
    article = check_language(_article(ENGLISH), Settings(english_min_function_share=1.0))
    assert isinstance(article, Article) and article.language == "en"
