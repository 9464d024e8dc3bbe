"""Property-based tests on arbitrary input: every reader on arbitrary bytes, the clean, time, actor and
event stages on arbitrary text.  No exception escapes, every input yields articles or rejects, and
every offset lies inside the text.

Example counts come from the ``backchannel`` hypothesis profile (tests/conftest.py): small and
reproducible in CI, ``BACKCHANNEL_FUZZ_EXAMPLES=2000`` for a longer run with fresh examples.  The
tests that run the spaCy pipeline take a fifth of that.  tools/fuzz_ingest.py is the coverage-guided
(atheris) fuzzer of the same readers.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from backchannel.ingest import read_inputs
from backchannel.ingest.decode import decode_bytes
from backchannel.ingest.readers import InputMeta, read_document
from backchannel.ingest.sniff import ARTICLE_EXTENSIONS, InputKind, sniff
from backchannel.model import Article, Reject
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article, html_depth
from backchannel.stages.language import check_language
from backchannel.stages.timex import dateline_date, find_phrases, resolve
from conftest import FUZZ_EXAMPLES

if TYPE_CHECKING:
    from backchannel.pipeline import Pipeline

MODEL_EXAMPLES = max(5, (FUZZ_EXAMPLES or 60) // 5)
SMALL = Settings(max_input_bytes=20_000, max_text_chars=5_000, max_html_depth=40)

# -- strategies: arbitrary bytes, and bytes that look like the formats --------------------------

WORDS = [
    "the", "of", "and", "said", "met", "talks", "minister", "President", "Putin", "Biden", "Russia",
    "Ukraine", "China", "United", "States", "foreign", "on", "Monday", "March", "3", "2022", "last",
    "week", "next", "year", "ago", "two", "days", "later", "in", "Moscow", "Kyiv", "Beijing", "called",
    "agreed", "to", "with", "his", "counterpart", "\"", "'", ",", ".", "\n", "\n\n", "—", "(", ")", "he",
    "they", "it", "spokesman", "Q3", "1990s", "mid-2021", "12/03/2021", "yesterday", "tomorrow", "NATO",
    "UN", "EU", "Lavrov", "Blinken", "Xi", "Jinping", "Erdogan", "hosted", "visited", "sanctions", "-",
    "ceasefire", "by", "phone", "summer", "spring", "of", "early", "late", "the", "same", "day", "since",
]  # fmt: skip
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "cp1252",
    "latin-1",
    "koi8-r",
    "shift_jis",
]

prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=80).map(" ".join)
any_text = st.one_of(prose, st.text(max_size=400), st.tuples(prose, st.text(max_size=40), prose).map("".join))


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    text, encoding = draw(any_text), draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def html_bytes(draw: st.DrawFn) -> bytes:
    tags = draw(
        st.lists(
            st.sampled_from(["div", "p", "span", "li", "b", "script", "!--", "br", "table"]), max_size=60
        )
    )
    parts = [f"<{t}>" if draw(st.booleans()) else f"</{t}>" for t in tags]
    body = draw(prose)
    page = "<html><head><title>" + draw(prose)[:80] + "</title></head><body>" + "".join(parts) + body
    return page.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30) | prose,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ["text", "html", "title", "published", "id", "url", "outlet", "x"]), children, max_size=5),
    max_leaves=12,
)  # fmt: skip


@st.composite
def jsonl_bytes(draw: st.DrawFn) -> bytes:
    rows = draw(st.lists(json_values, max_size=6))
    lines = [json.dumps(row) for row in rows]
    data = "\n".join(lines).encode()
    cut = draw(st.integers(0, len(data)))
    return data[:cut] if draw(st.booleans()) else data


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    header = draw(st.sampled_from(["text", "text,title", "html,url", "title", "text\tpublished"]))
    cells = draw(
        st.lists(st.one_of(prose, st.text(max_size=20), st.sampled_from(['"', '""', ",", "\n"])), max_size=12)
    )
    return (header + "\n" + ",".join(cells)).encode()


@st.composite
def compressed_bytes(draw: st.DrawFn) -> bytes:
    inner = draw(st.one_of(encoded_text(), jsonl_bytes(), st.binary(max_size=200)))
    data = gzip.compress(inner)
    return data[: draw(st.integers(2, len(data)))] if draw(st.booleans()) else data


any_input = st.one_of(
    st.binary(max_size=2048), encoded_text(), html_bytes(), jsonl_bytes(), csv_bytes(), compressed_bytes()
)
KINDS: tuple[InputKind, ...] = get_args(InputKind)


def _check_items(items: list[Article | Reject], path: str) -> None:
    assert items, "an input yields at least one article or reject"
    for item in items:
        assert isinstance(item, Article | Reject)
        assert (item.path or "").startswith(path)
        if isinstance(item, Article):
            assert isinstance(item.raw, str) and item.raw.strip()
        else:
            assert item.message


# -- readers --------------------------------------------------------------------------------------


@given(data=any_input, kind=st.sampled_from(KINDS))
@example(data=b"[" * 5000, kind="json")
@example(data=b'{"text": "' + b"[" * 5000 + b'"}\n{"text": ', kind="jsonl")
@example(data=b"\xef\xbb\xbf \x00\x00", kind="text")
def test_fuzz_read_document_any_bytes_yields_articles_or_rejects(data: bytes, kind: InputKind) -> None:
    _check_items(list(read_document(data, "in", kind, InputMeta(), SMALL)), "in")


@given(data=any_input, name=st.sampled_from([*ARTICLE_EXTENSIONS, ".gz", ".txt.gz", ".jsonl.gz", ".bz2", ""]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_fuzz_read_inputs_any_file_is_accounted_for(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{name}"
        path.write_bytes(data)
        _check_items(list(read_inputs([path], settings=SMALL)), str(path))


@given(name=st.text(max_size=30), head=st.binary(max_size=512))
def test_fuzz_sniff_any_name_and_head_is_a_kind(name: str, head: bytes) -> None:
    assert sniff(name, head) in KINDS


@given(data=st.one_of(st.binary(max_size=4096), encoded_text()))
def test_fuzz_decode_bytes_is_text_without_surrogates_or_a_reject(data: bytes) -> None:
    result = decode_bytes(data, "in")
    if isinstance(result, str):
        result.encode("utf-8")  # no lone surrogates: the store and the terminal can take it
    else:
        assert result.reason.value in ("BINARY", "UNDECODABLE")


@given(html=st.one_of(st.text(max_size=500), html_bytes().map(lambda b: b.decode("latin-1"))),
       limit=st.integers(0, 50))  # fmt: skip
def test_fuzz_html_depth_is_bounded_and_never_fails(html: str, limit: int) -> None:
    depth = html_depth(html, limit)
    assert 0 <= depth <= limit + 1


@given(depth=st.integers(0, 300), tag=st.sampled_from(["div", "span", "section", "font"]))
def test_fuzz_html_depth_counts_nested_elements(depth: int, tag: str) -> None:
    html = f"<html><body>{f'<{tag}>' * depth}text{f'</{tag}>' * depth}</body></html>"
    assert html_depth(html, 1000) == depth + 2


# -- stages without a model ------------------------------------------------------------------------


@given(text=any_text, fmt=st.sampled_from(["text", "html"]))
def test_fuzz_clean_and_language_any_text_is_an_article_or_a_reject(text: str, fmt: str) -> None:
    article = Article(path="in", raw=text, raw_format=fmt)  # type: ignore[arg-type]
    result = clean_article(article, SMALL)
    if isinstance(result, Article):
        assert result.text and result.id.startswith("ar_")
        result.text.encode("utf-8")
        result = check_language(result, SMALL)
    assert isinstance(result, Article | Reject)


@given(text=any_text, published=st.none() | st.dates(date(1900, 1, 1), date(2100, 12, 31)),
       tense=st.sampled_from([None, "past", "present", "future"]))  # fmt: skip
def test_fuzz_time_expressions_lie_inside_the_text_and_resolve(
    text: str, published: date | None, tense: Any
) -> None:
    phrases = find_phrases(text)
    for phrase in phrases:
        assert 0 <= phrase.start < phrase.end <= len(text)
        assert text[phrase.start : phrase.end] == phrase.text
        resolve(phrase, published, None, tense)
    day = dateline_date(text)
    assert day is None or date.fromisoformat(day)


# -- the model-backed stages (actors, events, dates, quotes, attribution, channels) ---------------


def _spans(value: object) -> Iterator[tuple[str, int, int]]:
    """Every (type, start, end) span in a record, however nested."""
    if isinstance(value, list | tuple):
        for item in value:
            yield from _spans(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        start, end = getattr(value, "start", None), getattr(value, "end", None)
        if isinstance(start, int) and isinstance(end, int):
            yield type(value).__name__, start, end
        for f in dataclasses.fields(value):
            yield from _spans(getattr(value, f.name))


@pytest.mark.parametrize("seed_text", ["", "Putin met Biden in Geneva on Monday, June 14."])
@given(text=any_text, published=st.none() | st.dates(date(1990, 1, 1), date(2030, 12, 31)))
@settings(max_examples=MODEL_EXAMPLES)
def test_fuzz_model_stages_keep_every_offset_inside_the_text(
    pipeline: Pipeline, seed_text: str, text: str, published: date | None
) -> None:
    """The stages after spaCy, called directly (no error-catching wrapper), on any text taken as
    English: no exception, every span of every record inside the text."""
    body = f"{seed_text} {text}".strip() or "."
    article = Article(id="ar_fuzz", path="<fuzz>", text=body, language="en",
                      published=published.isoformat() if published else None)  # fmt: skip
    pipeline.nlp.process_one(article)
    for stage in pipeline.stages:
        article = stage(article)
    layers = [article.tokens, article.sentences, article.mentions, article.events, article.quotes,
              article.timexes, article.channels]  # fmt: skip
    for kind, start, end in _spans(layers):
        assert 0 <= start <= end <= len(body), (kind, start, end, len(body))


@given(text=any_text)
@settings(max_examples=MODEL_EXAMPLES)
def test_fuzz_pipeline_any_text_yields_an_article_or_a_reject_never_an_error(
    pipeline: Pipeline, text: str
) -> None:
    result = pipeline.process_text(text)
    assert isinstance(result, Article | Reject)
    if isinstance(result, Reject):
        assert result.reason.value != "ERROR", result.message
    else:
        for kind, start, end in _spans([result.mentions, result.events, result.quotes, result.timexes]):
            assert 0 <= start <= end <= len(result.text), (kind, start, end)


# -- coverage-guided: the atheris harness, bounded ------------------------------------------------


def test_fuzz_atheris_harness_runs_without_a_crash(repo_dir: Path, tmp_path: Path) -> None:
    """tools/fuzz_ingest.py for a bounded number of runs (fixed seed in CI, random with
    BACKCHANNEL_FUZZ_EXAMPLES); a crash leaves its input in tmp_path."""
    runs = (FUZZ_EXAMPLES or 60) * 25
    seed = 0 if FUZZ_EXAMPLES else 1  # 0: libFuzzer picks one
    command = [sys.executable, str(repo_dir / "tools" / "fuzz_ingest.py"), f"-runs={runs}", "-max_len=4096",
               f"-seed={seed}", f"-artifact_prefix={tmp_path}/"]  # fmt: skip
    result = subprocess.run(
        command, capture_output=True, text=True, errors="replace", timeout=900, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert f"Done {runs} runs" in result.stderr
    assert not list(tmp_path.glob("crash-*"))
