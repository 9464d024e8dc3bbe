"""Clean: white space, hard wraps, titles, page furniture, HTML main text; EMPTY and TOO_LARGE."""

from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.ingest import read_inputs
from backchannel.model import Article, Reject, RejectReason, content_id
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article, normalize_whitespace, remove_furniture

BODY = "The delegations of Russia and the United States met in Ankara on Monday, officials said."


def _clean(raw: str, *, fmt: str = "text", settings: Settings | None = None, **meta: str) -> Article | Reject:
    return clean_article(Article(path="<test>", raw=raw, raw_format=fmt, **meta), settings)  # type: ignore[arg-type]


def _cleaned(raw: str, **kwargs: object) -> Article:
    result = _clean(raw, **kwargs)  # type: ignore[arg-type]
    assert isinstance(result, Article), result
    return result


# --- white space -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sergei\u00a0Lavrov said", ["Sergei Lavrov said"]),
        ("said\u00a0 that  Russia   was\t\tready", ["said that Russia was ready"]),
        ("thin\u2009space and\u202fnarrow and\u3000ideographic", ["thin space and narrow and ideographic"]),
        ("zero\u200bwidth soft\u00adhyphen", ["zerowidth softhyphen"]),
        ("  leading and trailing  ", ["leading and trailing"]),
        ("First paragraph.\r\n\r\nSecond paragraph.", ["First paragraph.", "Second paragraph."]),
        ("First paragraph.\n \n\t\n\n\nSecond paragraph.", ["First paragraph.", "Second paragraph."]),
        ("one\u2029two", ["one", "two"]),
    ],
    ids=["nbsp", "space-runs", "unicode-spaces", "invisible", "strip", "crlf", "blank-runs", "paragraph-sep"],
)
def test_normalize_whitespace_folds_spaces(raw: str, expected: list[str]) -> None:
    assert normalize_whitespace(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the next line starts lower case: a hard wrap
        (
            "The minister said that the talks\nwould resume in Geneva.",
            ["The minister said that the talks would resume in Geneva."],
        ),
        # lines of one width, no sentence end: a hard wrap even before a capital
        (
            "The talks were brokered in Istanbul last week by the United\nNations and Turkey, they said.",
            ["The talks were brokered in Istanbul last week by the United Nations and Turkey, they said."],
        ),
        # a sentence ends the line: a new paragraph
        (
            "The talks ended on Monday.\nThe delegations left Ankara.",
            ["The talks ended on Monday.", "The delegations left Ankara."],
        ),
        # a short headline above a long body line stays a paragraph of its own
        (
            "Talks in Ankara\nThe delegations of Russia and the United States met in Ankara on Monday.",
            ["Talks in Ankara", "The delegations of Russia and the United States met in Ankara on Monday."],
        ),
    ],
    ids=["lower-case-next", "same-width", "sentence-end", "headline"],
)
def test_normalize_whitespace_joins_hard_wrapped_lines(raw: str, expected: list[str]) -> None:
    assert normalize_whitespace(raw) == expected


def test_normalize_whitespace_lines_are_paragraphs_keeps_every_line() -> None:
    assert normalize_whitespace("one line\nand another", lines_are_paragraphs=True) == [
        "one line",
        "and another",
    ]


def test_clean_article_news_file_is_normalised(data_dir: Path) -> None:
    [item] = read_inputs([data_dir / "news_call.txt"])
    article = clean_article(item)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    assert "\u00a0" not in article.text and "  " not in article.text
    assert "Antony Blinken spoke by telephone" in article.text
    # the hard-wrapped paragraph is one paragraph
    assert (
        "Blinken told reporters after the call that he had pressed Moscow to accept a substantial proposal "
        "for the release of two Americans held in Russia, and that he had urged his counterpart to let "
        "Ukrainian grain leave the ports of the Black Sea under the deal brokered in Istanbul last week by "
        "the United Nations and Turkey."
    ) in article.text.split("\n\n")
    assert article.text.startswith(
        "Lavrov and Blinken Hold First Call Since the Invasion\n\nWASHINGTON, July 29"
    )


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Talks in Ankara\n\n" + BODY, "Talks in Ankara"),
        (
            "U.S.-Russian Intelligence Chiefs Discuss Ukraine\n\n\n" + BODY,
            "U.S.-Russian Intelligence Chiefs Discuss Ukraine",
        ),
        ("Exclusive: Behind the scenes in Moscow\n\n" + BODY, "Exclusive: Behind the scenes in Moscow"),
        ("The talks began.\n\n" + BODY, None),  # final punctuation: a sentence, not a title
        ("Moscow,\n\n" + BODY, None),
        (BODY, None),  # a single paragraph has no title line
        (" ".join(["word"] * 31) + "\n\n" + BODY, None),  # too many words for a headline
    ],
)
def test_clean_article_detects_title_line(raw: str, title: str | None) -> None:
    article = _cleaned(raw)
    assert article.title == title
    assert article.text == "\n\n".join(normalize_whitespace(raw))  # nothing added, nothing repeated


@pytest.mark.parametrize(
    ("raw", "title", "expected"),
    [
        (BODY, "Talks in Ankara", "Talks in Ankara\n\n" + BODY),
        ("Talks in Ankara\n\n" + BODY, "Talks in Ankara", "Talks in Ankara\n\n" + BODY),
        ("TALKS IN ANKARA\n\n" + BODY, "Talks in Ankara", "TALKS IN ANKARA\n\n" + BODY),
        (BODY, "Talks\u00a0 in\nAnkara ", "Talks in Ankara\n\n" + BODY),
    ],
    ids=["prepended", "not-duplicated", "not-duplicated-case", "title-normalised"],
)
def test_clean_article_known_title_starts_the_text_once(raw: str, title: str, expected: str) -> None:
    article = _cleaned(raw, title=title)
    assert article.text == expected
    assert article.title == "Talks in Ankara"
    assert article.text.casefold().count("talks in ankara") == 1


def test_clean_article_title_of_a_row_is_prepended(data_dir: Path) -> None:
    first = next(iter(read_inputs([data_dir / "rows.jsonl"])))
    article = clean_article(first)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    assert article.text.startswith(
        "Macron and Putin speak for nearly two hours\n\nFrench President Emmanuel Macron"
    )


# --- furniture -------------------------------------------------------------------------------

_FURNITURE = ["Leave a Reply", "Your email address", "Check Also", "About Michael Bill", "Required fields"]


def test_clean_article_removes_furniture_of_the_news_file(data_dir: Path) -> None:
    [item] = read_inputs([data_dir / "news_call.txt"])
    article = clean_article(item)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    for furniture in _FURNITURE:
        assert furniture not in article.text
    assert "Turkey says grain ships" not in article.text  # the "Check Also" teaser goes with it
    assert article.text.endswith("through “quiet diplomacy” rather than through public statements.")


@pytest.fixture(scope="module")
def cleaned_seeds(seeds_dir: Path) -> dict[str, Article]:
    out: dict[str, Article] = {}
    for item in read_inputs([seeds_dir]):
        assert isinstance(item, Article), item
        cleaned = clean_article(item)
        assert isinstance(cleaned, Article), cleaned
        out[Path(cleaned.path or "").name] = cleaned
    return out


def test_clean_article_seeds_lose_their_furniture(cleaned_seeds: dict[str, Article]) -> None:
    assert sorted(cleaned_seeds) == ["ankara_talks_2022-11-14.txt", "moscow_attaches_2022-03.txt"]
    for name, article in cleaned_seeds.items():
        for furniture in _FURNITURE:
            assert furniture not in article.text, f"{furniture!r} left in {name}"
        assert "\u00a0" not in article.text and "  " not in article.text


@pytest.mark.parametrize(
    ("name", "title", "last_paragraph"),
    [
        (
            "moscow_attaches_2022-03.txt",
            "Exclusive: Behind the scenes of a rare American encounter with a Russian general in Moscow",
            "CNN’s Devan Cole contributed to this report.",
        ),
        (
            "ankara_talks_2022-11-14.txt",
            "U.S.-Russian Intelligence Chiefs Discuss Ukraine",
            "The top US general has made no secret of his stance. “When there’s an opportunity to negotiate, "
            "when peace can be achieved, seize it,” Milley declared in a public speech this week.",
        ),
    ],
)
def test_clean_article_seeds_keep_title_and_last_real_paragraph(
    cleaned_seeds: dict[str, Article], name: str, title: str, last_paragraph: str
) -> None:
    article = cleaned_seeds[name]
    assert article.title == title
    assert article.text.startswith(title + "\n\n")
    assert article.text.count(title) == 1
    assert article.text.endswith("\n\n" + last_paragraph)


def _paragraphs(n: int) -> list[str]:
    return [
        f"Paragraph {i} of the report says the two delegations met again in Geneva on day {i}."
        for i in range(n)
    ]


def test_remove_furniture_check_also_in_first_third_is_not_a_cut() -> None:
    body = _paragraphs(9)
    paragraphs = [body[0], "Check Also", *body[1:]]
    kept = remove_furniture(paragraphs)
    assert kept == paragraphs  # an early "Check Also" is kept, and so is everything after it


@pytest.mark.parametrize(
    "marker", ["Check Also", "Leave a Reply", "Related Articles", "Read more:", "3 Comments"]
)
def test_remove_furniture_marker_after_first_third_cuts_the_rest(marker: str) -> None:
    body = _paragraphs(9)
    kept = remove_furniture([*body[:6], marker, "A teaser of another story", *body[6:]])
    assert kept == body[:6]


def test_remove_furniture_author_box_cuts_only_near_the_end() -> None:
    body = _paragraphs(12)
    assert remove_furniture([*body, "About Michael Bill", "Check the archive"]) == body
    early = [*body[:5], "About Michael Bill", *body[5:]]
    assert remove_furniture(early) == early  # far from the end: a paragraph like any other


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "Your email address will not be published.",
        "Click here to subscribe.",
        "Skip to content",
    ],
)
def test_remove_furniture_drops_lines_anywhere(line: str) -> None:
    body = _paragraphs(6)
    assert remove_furniture([body[0], line, *body[1:3], line, *body[3:]]) == body


# --- HTML ------------------------------------------------------------------------------------


def test_clean_article_html_keeps_only_the_article(data_dir: Path) -> None:
    [item] = read_inputs([data_dir / "page.html"])
    article = clean_article(item)  # type: ignore[arg-type]
    assert isinstance(article, Article)
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == "Erdogan hosts Russian and Ukrainian negotiators in Istanbul"
    assert paragraphs[1].startswith("ISTANBUL — Turkish President Recep Tayyip Erdogan welcomed")
    assert paragraphs[-1].endswith("that would include Turkey, the United States and Britain.")
    assert len(paragraphs) == 5
    for furniture in [
        "Leave a Reply",
        "Your email address",
        "Peace is the only way forward",  # a reader's comment
        "About Ayse Demir",  # the author box
        "covers diplomacy",
        "All rights reserved",  # the footer
        "Privacy policy",
        "Subscribe to our newsletter",  # the navigation
        "<",
    ]:
        assert furniture not in article.text


def test_clean_article_html_metadata_does_not_override_known_metadata(data_dir: Path) -> None:
    raw = (data_dir / "page.html").read_text(encoding="utf-8")
    article = _cleaned(
        raw, fmt="html", outlet="From The Manifest", published="2022-03-30", title="Known title"
    )
    assert (article.outlet, article.published, article.title) == (
        "From The Manifest",
        "2022-03-30",
        "Known title",
    )
    # the page's own headline stays in its body, after the known title
    assert article.text.startswith(
        "Known title\n\nErdogan hosts Russian and Ukrainian negotiators in Istanbul\n\n"
    )
    assert article.url == "https://bosphorus-herald.example/world/2022/03/29/istanbul-talks"  # supplied


# --- ids and rejects -------------------------------------------------------------------------


def test_clean_article_id_is_a_hash_of_the_cleaned_text() -> None:
    one = _cleaned("Talks in Ankara\n\n" + BODY)
    two = _cleaned("Talks\u00a0in Ankara\r\n\r\n" + BODY.replace(" met ", "  met "))
    assert one.id == two.id == content_id("ar", one.text)
    assert one.id.startswith("ar_")
    assert one.raw is None  # the cleaned text is the article from here on


@pytest.mark.parametrize(
    ("raw", "fmt", "message"),
    [
        ("12 345 -- 67 / 89", "text", "no text"),
        ("Leave a Reply", "text", "no text"),
        (
            "<html><body><nav><a href='/'>Home</a></nav></body></html>",
            "html",
            "no main text found in the HTML page",
        ),
    ],
)
def test_clean_article_without_text_is_empty(raw: str, fmt: str, message: str) -> None:
    result = _clean(raw, fmt=fmt)
    assert isinstance(result, Reject)
    assert (result.path, result.reason) == ("<test>", RejectReason.EMPTY)
    assert message in result.message


def test_clean_article_over_the_text_limit_is_too_large() -> None:
    result = _clean(BODY * 5, settings=Settings(max_text_chars=200))
    assert isinstance(result, Reject) and result.reason is RejectReason.TOO_LARGE
    assert "200" in result.message
