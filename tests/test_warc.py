"""The WARC reader: records written with warcio's own writer, read back through ingest."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from backchannel.ingest import read_inputs
from backchannel.ingest.readers import InputMeta
from backchannel.ingest.warc import read_warc, record_offsets
from backchannel.model import Article, Reject, RejectReason
from backchannel.settings import Settings
from backchannel.stages.clean import clean_article

BODY = (
    "<p>Russian Foreign Minister Sergei Lavrov and Ukrainian Foreign Minister Dmytro Kuleba met in "
    "Antalya on Thursday.</p>"
)


def _page(title: str, body: str = BODY, head: str = "") -> bytes:
    return f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>".encode()


def _response(
    writer: WARCWriter,
    url: str,
    payload: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    date: str = "2022-03-10T12:00:00Z",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(payload), http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )  # fmt: skip
    writer.write_record(record)


def _request(writer: WARCWriter, url: str) -> None:
    http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "wire.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=http))


def _resource(writer: WARCWriter, url: str, payload: bytes, content_type: str) -> None:
    record = writer.create_warc_record(
        url, "resource", payload=io.BytesIO(payload), warc_content_type=content_type
    )
    writer.write_record(record)


def _archive(path: Path, gzip: bool) -> Path:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        _request(writer, "https://wire.example/a")
        _response(writer, "https://wire.example/a", _page("Antalya talks"))
        _response(
            writer, "https://wire.example/map.png", b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png"
        )
        _response(writer, "https://wire.example/gone", _page("Gone"), status="404 Not Found")
        _response(
            writer, "https://wire.example/b", _page("Caf\u00e9 talks").replace(b"\xc3\xa9", b"\xe9"),
            content_type="text/html; charset=iso-8859-1",
        )  # fmt: skip
        _resource(
            writer, "file:///note.txt", b"Lavrov met Kuleba in Antalya on Thursday, March 10.", "text/plain"
        )
    return path


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_warc_documents_become_articles_and_the_rest_skips(tmp_path: Path, name: str) -> None:
    path = _archive(tmp_path / name, gzip=name.endswith(".gz"))
    items = list(read_inputs([path]))
    kinds = [(type(i).__name__, i.reason.value if isinstance(i, Reject) else i.url) for i in items]
    assert kinds == [
        ("Article", "https://wire.example/a"),
        ("Reject", "UNSUPPORTED"),
        ("Reject", "UNSUPPORTED"),
        ("Article", "https://wire.example/b"),
        ("Article", "file:///note.txt"),
    ]
    png, gone = items[1], items[2]
    assert isinstance(png, Reject) and "image/png" in png.message and png.is_skip
    assert isinstance(gone, Reject) and "HTTP 404" in gone.message
    offsets = list(record_offsets(path.open("rb")))
    assert [i.path for i in items] == [f"{path}@{offsets[k]}" for k in (2, 3, 4, 5, 6)]
    latin = items[3]
    assert isinstance(latin, Article) and latin.raw is not None and "Caf\u00e9 talks" in latin.raw
    assert (
        isinstance(items[0], Article) and items[0].source_id and items[0].source_id.startswith("<urn:uuid:")
    )


def test_read_warc_capture_date_is_only_a_fallback(tmp_path: Path) -> None:
    path = tmp_path / "dated.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        _response(writer, "https://wire.example/a", _page("Antalya talks"))
        head = '<meta property="article:published_time" content="2022-03-09T08:00:00Z">'
        _response(writer, "https://wire.example/b", _page("Antalya meeting", head=head))
    cleaned = [clean_article(i) for i in read_inputs([path])]
    assert [(c.url, c.published) for c in cleaned if isinstance(c, Article)] == [
        ("https://wire.example/a", "2022-03-10"),  # no date in the page: the capture date
        ("https://wire.example/b", "2022-03-09"),  # the page's own date wins
    ]


def test_read_warc_size_limit_applies_per_record(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _response(writer, "https://wire.example/small", _page("Small"))
        _response(writer, "https://wire.example/big", _page("Big", body=BODY * 40))
    settings = Settings(max_input_bytes=1500)
    assert path.stat().st_size > settings.max_input_bytes
    items = list(read_inputs([path], settings=settings))
    assert [type(i).__name__ for i in items] == ["Article", "Reject"]
    big = items[1]
    assert isinstance(big, Reject) and big.reason is RejectReason.TOO_LARGE and "record of" in big.message


@pytest.mark.parametrize("gzip", [False, True])
def test_read_warc_broken_record_is_malformed_and_reading_goes_on(tmp_path: Path, gzip: bool) -> None:
    parts = []
    for title in ("First", "Second", "Third"):
        buffer = io.BytesIO()
        _response(WARCWriter(buffer, gzip=gzip), f"https://wire.example/{title}", _page(f"{title} talks"))
        parts.append(buffer.getvalue())
    broken = bytearray(parts[1])
    if gzip:
        broken[12:40] = bytes(28)  # the deflate stream of the second member
    else:
        broken[0:8] = b"GARBAGE!"  # no WARC/1.0 version line
    path = tmp_path / ("broken.warc.gz" if gzip else "broken.warc")
    path.write_bytes(parts[0] + bytes(broken) + parts[2])
    items = list(read_inputs([path]))
    assert [type(i).__name__ for i in items] == ["Article", "Reject", "Article"]
    reject = items[1]
    assert isinstance(reject, Reject) and reject.reason is RejectReason.MALFORMED
    assert reject.path == f"{path}@{len(parts[0])}"
    assert [i.url for i in items if isinstance(i, Article)] == [
        "https://wire.example/First",
        "https://wire.example/Third",
    ]


@pytest.mark.parametrize("gzip", [False, True])
def test_read_warc_byte_ranges_split_an_archive_without_loss(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("many.warc.gz" if gzip else "many.warc")
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for n in range(7):
            _request(writer, f"https://wire.example/{n}")
            _response(writer, f"https://wire.example/{n}", _page(f"Talks {n}"))
    offsets = list(record_offsets(path.open("rb")))
    cut = offsets[5] + 1  # inside a request record: the range ends where the next record starts
    settings = Settings()
    with path.open("rb") as handle:
        first = list(read_warc(handle, str(path), InputMeta(), settings, start=0, end=cut))
        second = list(read_warc(handle, str(path), InputMeta(), settings, start=offsets[6], end=None))
    whole = list(read_inputs([path]))
    assert [i.path for i in first + second] == [i.path for i in whole]
    assert len(whole) == 7 and len(first) == 3


def test_read_warc_archive_with_nothing_to_read_is_one_reject(tmp_path: Path) -> None:
    """Every input is accounted for: an archive of request records only (nothing that can be an
    article) is one UNSUPPORTED skip, and bytes with no WARC record in them are MALFORMED (found
    by the property test on ``read_document``)."""
    crawl_only = tmp_path / "requests.warc"
    with crawl_only.open("wb") as handle:
        writer = WARCWriter(handle, gzip=False)
        _request(writer, "https://example.org/a")
        _request(writer, "https://example.org/b")
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"\x00")
    items = list(read_inputs([crawl_only, junk]))
    assert [(i.path, i.reason) for i in items if isinstance(i, Reject)] == [
        (str(crawl_only), RejectReason.UNSUPPORTED),
        (str(junk), RejectReason.MALFORMED),
    ]
    assert len(items) == 2


@pytest.mark.parametrize("gzip", [False, True])
def test_read_warc_header_cut_short_is_malformed_not_a_crash(tmp_path: Path, gzip: bool) -> None:
    """warcio fails with an AttributeError on a record cut inside its headers (no target URI):
    that is a broken record (found by the hostile-corpus test), not a reader failure."""
    import gzip as gzip_module

    cut = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI"
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(gzip_module.compress(cut) if gzip else cut)
    items = list(read_inputs([path]))
    assert [i.reason for i in items if isinstance(i, Reject)] == [RejectReason.MALFORMED]
    assert len(items) == 1
