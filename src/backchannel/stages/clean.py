"""Clean: the decoded input becomes the cleaned text that every offset refers to.

Reads ``Article.raw``/``raw_format`` and the metadata; writes ``Article.text``, ``title`` (and any
metadata an HTML page gives that the input did not) and ``Article.id`` (a hash of the text).

- HTML goes through trafilatura (main text, title, date, site name; navigation, comments removed),
  after a cheap check of its nesting depth: lxml silently drops whatever lies deeper than 255
  elements, so a page nested deeper than ``Settings.max_html_depth`` is rejected TOO_DEEP.
- Page furniture in text ("Leave a Reply", "Check Also", author boxes, related links) is removed by
  the patterns of ``resources/furniture.json``.
- White space is normalised: non-breaking and other Unicode spaces become spaces, runs of spaces
  one space, paragraphs are separated by one blank line, hard-wrapped lines are joined.
- An article is its headline and its body: when a title is known and the body does not start with
  it, the text is the title line, a blank line, then the body.  A plain-text input whose first
  paragraph is one short line without final punctuation has that line as its title.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass

import trafilatura

from backchannel.ingest.readers import BadMetadata, normalize_published
from backchannel.model import Article, Reject, RejectReason, content_id
from backchannel.resources import FurniturePatterns, furniture_patterns
from backchannel.settings import Settings
from backchannel.stages.timex import dateline_date

log = logging.getLogger(__name__)

_SPACES = re.compile(r"[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad\ud800-\udfff]")  # lone surrogates: unstorable
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MULTISPACE = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]]$")
_TITLE_END = re.compile(r"[.!,;:]$")


@dataclass(frozen=True, slots=True)
class HtmlContent:
    text: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None


def normalize_whitespace(text: str, *, lines_are_paragraphs: bool = False) -> list[str]:
    """Paragraphs of ``text`` with white space normalised (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _INVISIBLE.sub("", _CONTROLS.sub("", _SPACES.sub(" ", text)))
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        lines = [_MULTISPACE.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if lines_are_paragraphs:
            paragraphs.extend(lines)
            continue
        widest = max(len(line) for line in lines)
        current = lines[0]
        for previous, line in itertools.pairwise(lines):
            if _is_hard_wrap(previous, line, widest):
                current = f"{current} {line}"
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
    return paragraphs


def _is_hard_wrap(previous: str, line: str, widest: int) -> bool:
    """A line break inside a paragraph: the next line starts lower case, or the previous line is
    about as wide as the widest of its block and does not end a sentence (a headline above a body
    on the next line is shorter than the body's lines, so it stays a paragraph of its own)."""
    if line[:1].islower():
        return True
    return not _SENTENCE_END.search(previous) and len(previous) >= 0.7 * widest


def remove_furniture(paragraphs: list[str], patterns: FurniturePatterns | None = None) -> list[str]:
    """Paragraphs without page furniture: cut at the first end marker, drop furniture lines."""
    patterns = patterns or furniture_patterns()
    total = sum(len(p) for p in paragraphs) or 1
    seen = 0
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        late = seen > total / 3
        near_end = index >= len(paragraphs) - 5
        if late and (patterns.cut.match(paragraph) or (near_end and patterns.cut_near_end.match(paragraph))):
            break
        seen += len(paragraph)
        if not patterns.drop.match(paragraph):
            kept.append(paragraph)
    return kept


_TAG_START = re.compile(r"<(!--|/?[A-Za-z][^\s/>]*)")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
        "basefont",
        "bgsound",
        "frame",
        "keygen",
    ]
)
#: elements a sibling of the same name closes (an unclosed ``<p>`` or ``<li>`` does not nest)
_SELF_CLOSING_BY_SIBLING = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "optgroup",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "rb",
        "rt",
        "rp",
    ]
)
_RAW_TEXT = frozenset({"script", "style", "textarea", "xmp", "plaintext", "noscript", "template"})


def html_depth(html: str, limit: int) -> int:
    """The deepest element nesting of ``html``, estimated from its tags in one linear pass (HTML's
    implied end tags included, scripts and comments skipped); counting stops past ``limit``."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest, pos = 0, 0
    while (m := _TAG_START.search(html, pos)) is not None:
        name = m.group(1).lower()
        if name == "!--":
            end = html.find("-->", m.end())
            if end < 0:
                break
            pos = end + 3
            continue
        close = html.find(">", m.end())
        if close < 0:
            break
        pos = close + 1
        if name.startswith("/"):
            name = name[1:]
            if open_count.get(name):
                while (top := stack.pop()) != name:
                    open_count[top] -= 1
                open_count[name] -= 1
            continue
        if name in _VOID or html[close - 1] == "/":
            continue
        if name in _RAW_TEXT:
            end_tag = re.compile(rf"</{re.escape(name)}\s*>", re.IGNORECASE).search(html, pos)
            if end_tag is None:
                break
            pos = end_tag.end()
            continue
        if name in _SELF_CLOSING_BY_SIBLING and open_count.get(name):
            while (top := stack.pop()) != name:
                open_count[top] -= 1
            open_count[name] -= 1
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > deepest:
            deepest = len(stack)
            if deepest > limit:
                break
    return deepest


def extract_html(html: str, url: str | None = None) -> HtmlContent:
    """Main text and metadata of a page (trafilatura); empty text when it finds none."""
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return HtmlContent("", None, None, None, url)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    try:
        published = normalize_published(data.get("date"))
    except BadMetadata:
        published = None
    return HtmlContent(
        text=data.get("text") or "",
        title=data.get("title") or None,
        published=published,
        outlet=data.get("sitename") or data.get("hostname") or None,
        url=data.get("url") or url,
    )


def _split_title(paragraphs: list[str]) -> str | None:
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    if len(first) <= 200 and len(first.split()) <= 30 and not _TITLE_END.search(first):
        return first
    return None


def _same_start(body: str, title: str) -> bool:
    return body[: len(title)].casefold() == title.casefold()


def clean_article(article: Article, settings: Settings | None = None) -> Article | Reject:
    """Set ``text``, ``title`` and ``id`` of an ingested article, or reject it (EMPTY, TOO_LARGE,
    TOO_DEEP)."""
    settings = settings or Settings()
    path = article.path or "<input>"
    raw = article.raw or ""
    if article.raw_format == "html":
        depth = html_depth(raw, settings.max_html_depth)
        if depth > settings.max_html_depth:
            return Reject(path, RejectReason.TOO_DEEP,
                          f"HTML nested over {settings.max_html_depth} elements deep (max_html_depth); "
                          "the parser would drop the deeper text")  # fmt: skip
        content = extract_html(raw, article.url)
        paragraphs = normalize_whitespace(content.text, lines_are_paragraphs=True)
        article.title = article.title or content.title
        article.published = article.published or content.published
        article.outlet = article.outlet or content.outlet
        article.url = article.url or content.url
    else:
        paragraphs = normalize_whitespace(raw)
    paragraphs = remove_furniture(paragraphs)
    title = normalize_whitespace(article.title, lines_are_paragraphs=True) if article.title else []
    article.title = " ".join(title) or _split_title(paragraphs)
    body = "\n\n".join(paragraphs)
    if article.title and not _same_start(body, article.title):
        body = f"{article.title}\n\n{body}" if body else article.title
    letters = sum(map(str.isalpha, body[:10_000]))
    if letters < settings.min_text_letters:
        what = "no main text found in the HTML page" if article.raw_format == "html" else "no text"
        return Reject(path, RejectReason.EMPTY, f"{what} after cleaning ({letters} letters)")
    if len(body) > settings.max_text_chars:
        return Reject(
            path,
            RejectReason.TOO_LARGE,
            f"{len(body)} characters of text is over the limit of {settings.max_text_chars}",
        )
    article.text = body
    article.published = article.published or dateline_date(body) or article.fallback_published
    article.id = content_id("ar", body)
    article.raw = None  # the cleaned text is the article from here on
    return article
