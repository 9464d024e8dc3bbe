"""Ingest: every reader, sniffing, standard input, and every reject path (the run goes on after each)."""

from __future__ import annotations

import gzip
import io
import json
import lzma
import os
import shutil
from pathlib import Path

import pytest

from backchannel.ingest import read_inputs
from backchannel.ingest.decode import decode_bytes
from backchannel.ingest.sniff import sniff
from backchannel.model import Article, Reject, RejectReason
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article

BEFORE = "The foreign ministers of Chile and Peru met in Lima on Monday and agreed to reopen the border.\n"
AFTER = (
    "The prime ministers of Norway and Sweden spoke by phone on Friday about energy prices in the north.\n"
)


def _read(*paths: str | Path, **kwargs: object) -> list[Article | Reject]:
    return list(read_inputs([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def _articles(items: list[Article | Reject]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _rejects(items: list[Article | Reject]) -> list[Reject]:
    return [i for i in items if isinstance(i, Reject)]


# --- readers ---------------------------------------------------------------------------------


def test_read_inputs_text_file_is_one_text_article(data_dir: Path) -> None:
    path = data_dir / "news_call.txt"
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.path == str(path)
    assert article.raw_format == "text"
    assert article.raw == path.read_text(encoding="utf-8")  # decoded input, untouched until clean
    assert (article.title, article.outlet, article.url, article.published) == (None, None, None, None)


def test_read_inputs_html_file_gives_metadata_of_its_meta_tags(data_dir: Path) -> None:
    [item] = _read(data_dir / "page.html")
    assert isinstance(item, Article) and item.raw_format == "html"
    article = clean_article(item)
    assert isinstance(article, Article)
    assert article.title == "Erdogan hosts Russian and Ukrainian negotiators in Istanbul"
    assert article.outlet == "The Bosphorus Herald"  # og:site_name
    assert article.published == "2022-03-29"  # article:published_time
    assert article.url == "https://bosphorus-herald.example/world/2022/03/29/istanbul-talks"


def test_read_inputs_jsonl_rows_are_articles_or_rejects_by_line(data_dir: Path) -> None:
    path = data_dir / "rows.jsonl"
    items = _read(path)
    assert [(i.path, type(i).__name__) for i in items] == [
        (f"{path}:1", "Article"),
        (f"{path}:2", "Article"),
        (f"{path}:3", "Reject"),
        (f"{path}:4", "Reject"),
    ]
    text_row, html_row, broken, no_text = items
    assert isinstance(text_row, Article) and isinstance(html_row, Article)
    assert text_row.raw_format == "text"
    assert (text_row.source_id, text_row.title, text_row.outlet, text_row.url, text_row.published) == (
        "wire-0142",
        "Macron and Putin speak for nearly two hours",
        "Example Wire",
        "https://wire.example/2022/02/20/macron-putin-call",
        "2022-02-20",  # a date-time in the row becomes a date
    )
    assert html_row.raw_format == "html"
    assert html_row.raw is not None and html_row.raw.startswith("<html>")
    assert (html_row.source_id, html_row.outlet, html_row.published) == (
        "wire-0143",
        "Example Wire",
        "2022-02-21",
    )
    assert isinstance(broken, Reject) and broken.reason is RejectReason.MALFORMED
    assert "not valid JSON" in broken.message
    assert isinstance(no_text, Reject) and no_text.reason is RejectReason.MALFORMED
    assert "no 'text' or 'html'" in no_text.message


def test_read_inputs_json_array_rows_are_indexed(data_dir: Path) -> None:
    path = data_dir / "rows.json"
    items = _read(path)
    assert [i.path for i in items] == [f"{path}[0]", f"{path}[1]"]
    first, second = _articles(items)
    assert (first.source_id, first.title, first.outlet, first.url, first.published) == (
        "mfa-1",
        "Wang Yi receives the Pakistani foreign minister",
        "Example Daily",
        "https://daily.example/a/1",
        "2022-03-21",
    )
    assert (second.source_id, second.title, second.url, second.published) == (
        "mfa-2",
        None,
        None,
        "2022-03-22",
    )


def test_read_inputs_csv_rows_keep_multiline_text_and_name_their_first_line(data_dir: Path) -> None:
    path = data_dir / "rows.csv"
    items = _read(path)
    # The first row's quoted text spans three lines (2-4), so the second row starts on line 5.
    assert [i.path for i in items] == [f"{path}:2", f"{path}:5"]
    first, second = _articles(items)
    assert first.raw is not None and "ceasefire.\n\nLater the same day" in first.raw
    assert (first.source_id, first.title, first.outlet, first.url, first.published) == (
        "csv-1",
        "Erdogan speaks with Putin and Zelensky",
        "Example Gazette",
        "https://gazette.example/1",
        "2022-03-06",
    )
    assert (second.title, second.url) == (None, None)  # empty cells are absent values


def test_read_inputs_manifest_directory_reads_listed_files_with_their_metadata(data_dir: Path) -> None:
    directory = data_dir / "manifest"
    items = _read(directory)
    tokyo, hotline, missing = items
    assert isinstance(tokyo, Article) and isinstance(hotline, Article)
    assert (tokyo.path, tokyo.published, tokyo.outlet, tokyo.url) == (
        str(directory / "tokyo_talks.txt"),
        "2022-05-23",
        "Example Times",
        "https://times.example/tokyo-talks",
    )
    assert (hotline.path, hotline.published, hotline.outlet, hotline.url) == (
        str(directory / "hotline.txt"),
        "2022-06-02",
        "Example Post",
        None,
    )
    assert isinstance(missing, Reject) and missing.reason is RejectReason.NOT_FOUND
    assert missing.path == str(directory / "missing.txt")
    assert "manifest.jsonl:3" in missing.message
    assert not any("README" in (i.path or "") for i in items)  # not listed, so not read at all


def test_read_inputs_manifest_file_given_directly_is_read_like_its_directory(data_dir: Path) -> None:
    by_dir = _read(data_dir / "manifest")
    by_file = _read(data_dir / "manifest" / "manifest.jsonl")
    assert [(type(i).__name__, i.path) for i in by_file] == [(type(i).__name__, i.path) for i in by_dir]


def test_read_inputs_directory_walk_skips_non_article_files(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(data_dir / "news_call.txt", tmp_path / "sub" / "news_call.txt")
    shutil.copy(data_dir / "pixel.png", tmp_path / "pixel.png")
    (tmp_path / "README.md").write_text("# Notes\n\nThese notes are not an article about the talks.\n")
    (tmp_path / ".hidden.txt").write_text(BEFORE)
    (tmp_path / "wire_copy").write_text(AFTER)  # no extension: sniffed, read as text
    items = _read(tmp_path)
    assert [(i.path, type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        (str(tmp_path / "README.md"), "Reject", RejectReason.UNSUPPORTED),
        (str(tmp_path / "pixel.png"), "Reject", RejectReason.UNSUPPORTED),
        (str(tmp_path / "sub" / "news_call.txt"), "Article", None),
        (str(tmp_path / "wire_copy"), "Article", None),
    ]
    assert all(r.is_skip for r in _rejects(items))


@pytest.mark.parametrize(
    ("name", "encoding", "expected"),
    [
        ("utf16.txt", "UTF-16 with BOM", "South Korean President Yoon Suk Yeol and Japanese Prime Minister"),
        ("cp1252.txt", "Windows-1252", "at a café near the Palais Coburg"),
        ("cp1252.txt", "Windows-1252", "The European Union’s coordinator"),
        ("cp1252.txt", "Windows-1252", "had been “useful and constructive”"),
    ],
)
def test_read_inputs_decodes_non_utf8_text(data_dir: Path, name: str, encoding: str, expected: str) -> None:
    [article] = _read(data_dir / name)
    assert isinstance(article, Article), f"{name} ({encoding}) was rejected: {article}"
    assert article.raw is not None and expected in article.raw
    assert "\ufeff" not in article.raw and "\ufffd" not in article.raw


# --- sniffing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("story.txt", b"<!DOCTYPE html>\n<html><head><title>T</title></head>", "html"),
        ("story.txt", b"  <div class='post'><p>Body</p></div>", "html"),
        ("story.txt", b"Plain words about <b>bold</b> claims.", "text"),
        ("story.html", b"Just text in a file named .html", "html"),
        ("", b'{"text": "a row"}\n', "jsonl"),
        ("", b'[{"text": "a row"}]', "json"),
        ("", b"The talks began on Monday.", "text"),
        ("rows.json", b'{"text": "one"}\n{"text": "two"}\n', "json"),
        ("rows.csv", b"id,text\n1,hello\n", "csv"),
        ("feed.xml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        ("feed", b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("crawl.warc.gz", b"\x1f\x8b\x08\x00", "warc"),
        ("crawl", b"WARC/1.0\r\nWARC-Type: response\r\n", "warc"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("notes.txt", b"text\x00with\x00nul\x00bytes", "binary"),
    ],
)
def test_sniff_kind_from_name_and_content(name: str, head: bytes, expected: str) -> None:
    assert sniff(name, head) == expected


def test_read_inputs_html_saved_as_txt_is_read_as_html(data_dir: Path) -> None:
    [item] = _read(data_dir / "saved_page.txt")
    assert isinstance(item, Article) and item.raw_format == "html"
    article = clean_article(item)
    assert isinstance(article, Article)
    assert (article.title, article.outlet, article.published) == (
        "Blinken meets Kuleba at the Polish border",
        "Border Dispatch",
        "2022-03-05",
    )
    assert "<p>" not in article.text and "Home | Europe" not in article.text


@pytest.mark.parametrize(
    ("data", "raw_format"),
    [
        (BEFORE.encode("utf-8"), "text"),
        (b"<html><body><article><p>" + BEFORE.encode() + b"</p></article></body></html>", "html"),
    ],
)
def test_read_inputs_stdin_is_sniffed(data: bytes, raw_format: str) -> None:
    [item] = _read("-", stdin=io.BytesIO(data))
    assert isinstance(item, Article)
    assert (item.path, item.raw_format) == ("<stdin>", raw_format)


@pytest.mark.parametrize(
    ("data", "settings", "reason"),
    [
        (b"", Settings(), RejectReason.EMPTY),
        (b" \n\t\n", Settings(), RejectReason.EMPTY),
        (BEFORE.encode() * 10, Settings(max_input_bytes=100), RejectReason.TOO_LARGE),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), Settings(), RejectReason.BINARY),
    ],
)
def test_read_inputs_stdin_rejects(data: bytes, settings: Settings, reason: RejectReason) -> None:
    [item] = _read("-", stdin=io.BytesIO(data), settings=settings)
    assert isinstance(item, Reject)
    assert (item.path, item.reason) == ("<stdin>", reason)


def test_read_inputs_feeds_are_unsupported_skips(data_dir: Path) -> None:
    [item] = _read(data_dir / "feed.rss")
    assert isinstance(item, Reject)
    assert item.reason is RejectReason.UNSUPPORTED and item.is_skip
    assert "not supported" in item.message


# --- reject paths ----------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


_ROW = {"title": "A row", "text": BEFORE}
# (case id, file: data file name or (tmp name, content), settings, expected reason, where, message part)
# ``where`` is appended to the path for row rejects.
REJECT_CASES = [
    ("empty-file", "empty.txt", Settings(), RejectReason.EMPTY, "", "empty input"),
    ("png", "pixel.png", Settings(), RejectReason.BINARY, "", "PNG"),
    ("junk-bytes", "undecodable.txt", Settings(), RejectReason.UNDECODABLE, "", "no text encoding"),
    (
        "nul-bytes",
        ("nul.txt", b"A line\x00of\x00text\x00with NULs\n" * 4),
        Settings(),
        RejectReason.BINARY,
        "",
        "NUL",
    ),
    (
        "control-chars",
        ("ctl.txt", bytes(range(1, 9)) * 40 + b" words"),
        Settings(),
        RejectReason.BINARY,
        "",
        "control characters",
    ),
    ("bad-json-line", "rows.jsonl", Settings(), RejectReason.MALFORMED, ":3", "not valid JSON"),
    ("row-without-text", "rows.jsonl", Settings(), RejectReason.MALFORMED, ":4", "no 'text' or 'html'"),
    (
        "row-with-empty-text",
        ("blank.jsonl", json.dumps({"title": "x", "text": "  "}) + "\n"),
        Settings(),
        RejectReason.EMPTY,
        ":1",
        "empty",
    ),
    (
        "row-not-an-object",
        ("list.jsonl", json.dumps(_ROW) + "\n" + json.dumps([1, 2]) + "\n"),
        Settings(),
        RejectReason.MALFORMED,
        ":2",
        "JSON object",
    ),
    (
        "bad-published-month",
        ("date1.jsonl", json.dumps({**_ROW, "published": "2022-13-45"}) + "\n"),
        Settings(),
        RejectReason.MALFORMED,
        ":1",
        "2022-13-45",
    ),
    (
        "bad-published-words",
        ("date2.jsonl", json.dumps({**_ROW, "published": "last Tuesday"}) + "\n"),
        Settings(),
        RejectReason.MALFORMED,
        ":1",
        "last Tuesday",
    ),
    (
        "bad-published-number",
        ("date3.json", json.dumps([{**_ROW, "published": 20220101}])),
        Settings(),
        RejectReason.MALFORMED,
        "[0]",
        "20220101",
    ),
    (
        "bad-published-csv",
        ("date4.csv", 'text,published\n"' + BEFORE.strip() + '",14/11/2022\n'),
        Settings(),
        RejectReason.MALFORMED,
        ":2",
        "14/11/2022",
    ),
    (
        "csv-without-text-column",
        ("cols.csv", "id,body\n1,hello\n"),
        Settings(),
        RejectReason.MALFORMED,
        "",
        "column",
    ),
    (
        "file-over-limit",
        "news_call.txt",
        Settings(max_input_bytes=600),
        RejectReason.TOO_LARGE,
        "",
        "over the limit",
    ),
    (
        "gzip-bomb",
        ("bomb.txt.gz", gzip.compress(b"the " * (2 << 20))),
        Settings(),
        RejectReason.COMPRESSION_BOMB,
        "",
        "max_decompression_ratio",
    ),
    (
        "gzip-truncated",
        ("cut.txt.gz", gzip.compress(BEFORE.encode() * 20)[:-12]),
        Settings(),
        RejectReason.MALFORMED,
        "",
        "truncated gzip",
    ),
    (
        "gzip-corrupt",
        ("bad.html.gz", gzip.compress(BEFORE.encode())[:12] + b"\xff" * 40),
        Settings(),
        RejectReason.MALFORMED,
        "",
        "corrupt gzip",
    ),
    (
        "decompressed-over-limit",
        ("big.txt.gz", gzip.compress(BEFORE.encode() * 30)),
        Settings(max_input_bytes=1000),
        RejectReason.TOO_LARGE,
        "",
        "decompressed gzip data is over the limit",
    ),
    (
        "json-nested-too-deep",
        ("deep.json", "[" * 5000 + "]" * 5000),
        Settings(),
        RejectReason.TOO_DEEP,
        "",
        "nested too deeply",
    ),
    (
        "jsonl-nested-too-deep",
        ("deep.jsonl", '{"text": ' + "[" * 5000 + "\n"),
        Settings(),
        RejectReason.TOO_DEEP,
        ":1",
        "nested too deeply",
    ),
    ("csv-header-only", ("header.csv", "text,title\n"), Settings(), RejectReason.EMPTY, "", "no rows"),
    (
        "csv-unterminated-quote",
        ("quote.csv", 'text\n"an open quote, never closed\n'),
        Settings(),
        RejectReason.MALFORMED,
        ":2",
        "broken CSV",
    ),
    (
        "unicode-blank",
        ("blank.txt", "\u00a0\u3000\n\u2003"),
        Settings(),
        RejectReason.EMPTY,
        "",
        "empty input",
    ),
    ("byte-order-mark-only", ("bom.txt", b"\xef\xbb\xbf"), Settings(), RejectReason.EMPTY, "", "empty input"),
    (
        "jsonl-line-over-limit",
        ("long.jsonl", json.dumps({"text": BEFORE * 8}) + "\n"),
        Settings(max_input_bytes=600),
        RejectReason.TOO_LARGE,
        ":1",
        "over the limit",
    ),
]


@pytest.mark.parametrize(
    ("source", "settings", "reason", "where", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in REJECT_CASES],
)
def test_read_inputs_reject_is_accounted_for_and_the_run_goes_on(
    data_dir: Path,
    tmp_path: Path,
    source: str | tuple[str, str | bytes],
    settings: Settings,
    reason: RejectReason,
    where: str,
    message: str,
) -> None:
    path = data_dir / source if isinstance(source, str) else _write(tmp_path, *source)
    before = _write(tmp_path, "before.txt", BEFORE)
    after = _write(tmp_path, "after.txt", AFTER)
    items = _read(before, path, after, settings=settings)
    assert isinstance(items[0], Article) and items[0].path == str(before)
    assert isinstance(items[-1], Article) and items[-1].path == str(after)
    matching = [r for r in _rejects(items) if r.path == f"{path}{where}"]
    assert len(matching) == 1, items
    [reject] = matching
    assert reject.reason is reason
    assert message in reject.message
    assert not reject.is_skip


@pytest.mark.parametrize(
    ("manifest_lines", "reason", "message"),
    [
        ([{"path": "gone.txt", "published": "2022-01-01"}], RejectReason.NOT_FOUND, "listed in"),
        (["{not json"], RejectReason.MALFORMED, "bad manifest entry"),
        ([{"url": "https://x.example"}], RejectReason.MALFORMED, "'path'"),
        ([{"path": "before.txt", "published": "01.02.2022"}], RejectReason.MALFORMED, "01.02.2022"),
    ],
)
def test_read_inputs_bad_manifest_entry_is_rejected_and_the_rest_read(
    tmp_path: Path, manifest_lines: list[object], reason: RejectReason, message: str
) -> None:
    _write(tmp_path, "before.txt", BEFORE)
    _write(tmp_path, "after.txt", AFTER)
    lines = [json.dumps({"path": "before.txt"})]
    lines += [line if isinstance(line, str) else json.dumps(line) for line in manifest_lines]
    lines += [json.dumps({"path": "after.txt", "outlet": "Example Post"})]
    _write(tmp_path, "manifest.jsonl", "\n".join(lines) + "\n")
    before, reject, after = _read(tmp_path)
    assert isinstance(before, Article) and before.path == str(tmp_path / "before.txt")
    assert isinstance(after, Article) and after.outlet == "Example Post"
    assert isinstance(reject, Reject) and reject.reason is reason
    assert message in reject.message


def test_read_inputs_missing_path_is_not_found_and_the_run_goes_on(data_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "story.txt"
    items = _read(data_dir / "news_call.txt", missing, data_dir / "utf16.txt")
    assert [type(i).__name__ for i in items] == ["Article", "Reject", "Article"]
    assert isinstance(items[1], Reject)
    assert (items[1].path, items[1].reason) == (str(missing), RejectReason.NOT_FOUND)


def test_read_inputs_published_overrides_and_supplies_dates(data_dir: Path) -> None:
    items = _read(data_dir / "manifest", data_dir / "news_call.txt", published="2021-01-02")
    assert [a.published for a in _articles(items)] == ["2021-01-02"] * 3
    assert len(_rejects(items)) == 1  # rejects are passed through unchanged


def test_decode_bytes_undecodable_junk_is_not_text(data_dir: Path) -> None:
    junk = (data_dir / "undecodable.txt").read_bytes()
    result = decode_bytes(junk, "junk")
    assert isinstance(result, Reject) and result.reason in (RejectReason.UNDECODABLE, RejectReason.BINARY)


# --- hostile inputs: compression, nesting, long lines, links, encodings --------------------------


def test_read_inputs_compressed_files_are_read_as_what_they_hold(data_dir: Path, tmp_path: Path) -> None:
    page = (data_dir / "page.html").read_bytes()
    rows = (data_dir / "rows.jsonl").read_bytes()
    _write(tmp_path, "a_story.txt.gz", gzip.compress(BEFORE.encode()))
    _write(tmp_path, "b_page.html.gz", gzip.compress(page))
    _write(tmp_path, "c_gzip_body_saved_as.html", gzip.compress(page))  # the bytes say gzip
    _write(tmp_path, "d_rows.jsonl.xz", lzma.compress(rows))
    items = _read(tmp_path)
    by_name = {Path(i.path or "").name.split(":")[0]: i for i in items}
    assert isinstance(by_name["a_story.txt.gz"], Article) and by_name["a_story.txt.gz"].raw == BEFORE
    assert isinstance(by_name["b_page.html.gz"], Article) and by_name["b_page.html.gz"].raw_format == "html"
    assert isinstance(by_name["c_gzip_body_saved_as.html"], Article)
    plain = _read(data_dir / "rows.jsonl")
    packed = [i for i in items if "d_rows" in (i.path or "")]
    assert [(type(i), (i.path or "").rsplit(":", 1)[-1]) for i in packed] == [
        (type(i), (i.path or "").rsplit(":", 1)[-1]) for i in plain
    ]


def test_read_inputs_compressed_stdin_is_decompressed() -> None:
    rows = (json.dumps({"text": BEFORE}) + "\n" + json.dumps({"text": AFTER}) + "\n").encode()
    items = _read("-", stdin=io.BytesIO(gzip.compress(rows)))
    assert [(a.path, a.raw) for a in _articles(items)] == [("<stdin>:1", BEFORE), ("<stdin>:2", AFTER)]
    [bomb] = _read("-", stdin=io.BytesIO(gzip.compress(b"the " * (2 << 20))))
    assert isinstance(bomb, Reject) and bomb.reason is RejectReason.COMPRESSION_BOMB


def test_read_inputs_damaged_compressed_jsonl_keeps_the_rows_before_the_damage(tmp_path: Path) -> None:
    rows = "".join(json.dumps({"text": f"{BEFORE.strip()} Row {n}."}) + "\n" for n in range(2000))
    packed = gzip.compress(rows.encode())
    path = _write(tmp_path, "rows.jsonl.gz", packed[: len(packed) // 2])
    items = _read(path)
    articles, [reject] = _articles(items), _rejects(items)
    assert 0 < len(articles) < 2000
    assert [a.path for a in articles] == [f"{path}:{n}" for n in range(1, len(articles) + 1)]
    assert reject.path == str(path) and reject.reason is RejectReason.MALFORMED
    assert f"({len(articles)} row(s) before it were read)" in reject.message


def test_read_inputs_long_jsonl_line_is_skipped_and_the_rows_around_it_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as handle:
        handle.write((json.dumps({"text": BEFORE}) + "\n").encode())
        handle.write(b'{"text": "' + b"x" * 50_000 + b'"}\n')
        handle.write((json.dumps({"text": AFTER}) + "\n").encode())
    first, reject, last = _read(path, settings=Settings(max_input_bytes=10_000))
    assert isinstance(first, Article) and isinstance(last, Article) and last.path == f"{path}:3"
    assert isinstance(reject, Reject) and reject.path == f"{path}:2"
    assert reject.reason is RejectReason.TOO_LARGE and "50013 bytes" in reject.message


def test_read_inputs_directory_walk_accounts_for_links_loops_and_pipes(tmp_path: Path) -> None:
    _write(tmp_path, "story.txt", BEFORE)
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a cycle
    os.mkfifo(tmp_path / "pipe.txt")
    reasons = {Path(i.path or "").name: i.reason for i in _rejects(_read(tmp_path))}
    assert reasons == {
        "gone.txt": RejectReason.NOT_FOUND,
        "loop_a.txt": RejectReason.UNREADABLE,
        "loop_b.txt": RejectReason.UNREADABLE,
        "pipe.txt": RejectReason.UNSUPPORTED,
        "up": RejectReason.DUPLICATE,
    }
    assert [a.raw for a in _articles(_read(tmp_path))] == [BEFORE]


def test_read_inputs_non_utf8_file_name_is_printable(tmp_path: Path) -> None:
    name = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"))
    Path(name).write_text(BEFORE, encoding="utf-8")
    [article] = _read(tmp_path)
    assert article.path == f"{tmp_path}/caf\ufffd.txt"
    (article.path or "").encode("utf-8")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param("Die Außenminister trafen sich.".encode("utf-16-le"), "Die Außenminister trafen sich.", id="utf16le"),
        pytest.param("Министры встретились в Москве.".encode("utf-16-be"), "Министры встретились в Москве.", id="utf16be"),
        pytest.param("“Café” – naïve, ".encode() + "déjà vu".encode("cp1252"), "“Café” – naïve, déjà vu", id="mixed"),
    ],
)  # fmt: skip
def test_decode_bytes_utf16_without_bom_and_mixed_encodings(data: bytes, expected: str) -> None:
    assert decode_bytes(data, "in") == expected


def _nested(depth: int) -> str:
    return "<html><body>" + "<div>" * depth + "<p>" + BEFORE + "</p>" + "</div>" * depth + "</body></html>"


def test_clean_article_deep_html_is_too_deep_before_the_parser_drops_its_text(data_dir: Path) -> None:
    result = clean_article(Article(path="deep.html", raw=_nested(300), raw_format="html"))
    assert isinstance(result, Reject) and result.reason is RejectReason.TOO_DEEP
    assert "max_html_depth" in result.message
    # why the limit: past 255 levels lxml drops the text silently (with the limit lifted, it is gone)
    lifted = clean_article(
        Article(path="x.html", raw=_nested(300), raw_format="html"), Settings(max_html_depth=10**6)
    )
    assert isinstance(lifted, Reject) and lifted.reason is RejectReason.EMPTY
    kept = clean_article(Article(path="ok.html", raw=_nested(150), raw_format="html"))
    assert isinstance(kept, Article) and BEFORE.strip() in kept.text
    page = (data_dir / "page.html").read_text(encoding="utf-8")
    assert isinstance(clean_article(Article(path="page.html", raw=page, raw_format="html")), Article)
