"""WARC/ARC reader: which records become articles, lazy reading, damaged archives, the corpus WARC.

Unit tests replace `dyad.sources.html` with a stand-in (it is another module's job and needs
trafilatura), so they test only what the WARC reader decides; the corpus test uses the real one.
"""

from __future__ import annotations

import gzip
import io
import random
import sys
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.errors import DocumentError
from dyad.models import Failure, RawDocument
from dyad.sources import iter_documents
from dyad.sources.warc import read_warc

from .conftest import requires_shared

ARTICLE = (b"<!DOCTYPE html><html><head><title>Talks</title></head><body><article>"
           b"<p>Russia and North Korea held talks in Vostochny on Wednesday.</p></article></body></html>")
DATED = ARTICLE.replace(b"<title>", b'<meta name="date" content="2023-09-13T10:00:00+10:00"><title>')
NO_ARTICLE = b"<html><body><nav>Home | World | Sport</nav></body></html>"
CAPTURED = "2023-09-14T01:02:03Z"


def _fake_extract(data: bytes, *, origin: str, url: str | None = None, position: int | None = None) -> RawDocument:
    """Stand-in for dyad.sources.html.extract_html: text of <article>, date of a date meta tag."""
    if b"<article>" not in data:
        raise DocumentError("no article text found in the page", item=url)
    text = data.split(b"<article>")[1].split(b"</article>")[0].replace(b"<p>", b"").replace(b"</p>", b"\n")
    published = "2023-09-13T10:00:00+10:00" if b'name="date"' in data else None
    return RawDocument(origin=origin, text=text.decode().strip(), position=position, url=url,
                       title="Talks", published=published)


@pytest.fixture
def fake_html(monkeypatch):
    module = types.ModuleType("dyad.sources.html")
    module.extract_html = _fake_extract  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dyad.sources.html", module)


def _response(writer: WARCWriter, uri: str, body: bytes, content_type: str | None = "text/html; charset=utf-8",
              status: str = "200 OK"):
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers + [("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": CAPTURED})


def make_warc(compress: bool) -> bytes:
    """A small archive: warcinfo, request, HTML pages, an image, a redirect, a sniffed page, metadata."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "dyad tests"}))  # 1
    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example/a", "request", http_headers=request,
                                                  warc_headers_dict={"WARC-Date": CAPTURED}))  # 2
    writer.write_record(_response(writer, "https://news.example/a", ARTICLE))  # 3
    writer.write_record(_response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300),
                                  "image/png"))  # 4
    writer.write_record(_response(writer, "https://news.example/b", DATED))  # 5
    writer.write_record(_response(writer, "https://news.example/old", b"<html>Moved</html>", "text/html",
                                  "301 Moved Permanently"))  # 6
    writer.write_record(_response(writer, "https://news.example/menu", NO_ARTICLE))  # 7
    writer.write_record(_response(writer, "https://news.example/c", b"\n  " + ARTICLE, None))  # 8: sniffed
    writer.write_record(_response(writer, "https://news.example/c.txt", b"Plain words.", "text/plain"))  # 9
    writer.write_record(writer.create_warc_record("https://news.example/a", "metadata",
                                                  payload=io.BytesIO(b"outlinks: https://news.example/b\n"),
                                                  warc_content_type="application/warc-fields"))  # 10
    return out.getvalue()


def _read(data: bytes) -> list[RawDocument | Failure]:
    return list(read_warc(io.BytesIO(data), "test.warc"))


@pytest.mark.parametrize("compress", [True, False])
def test_html_responses_become_articles_and_other_records_are_skipped(fake_html, compress):
    items = _read(make_warc(compress))
    assert [(type(i).__name__, i.position) for i in items] == [
        ("RawDocument", 3), ("RawDocument", 5), ("Failure", 7), ("RawDocument", 8)]
    first, dated, no_article, sniffed = items
    assert first.text == "Russia and North Korea held talks in Vostochny on Wednesday."
    assert first.url == "https://news.example/a" and first.origin == "test.warc"
    assert first.published == CAPTURED  # the page has no date: the capture date bounds it
    assert dated.published == "2023-09-13T10:00:00+10:00"  # the page's own date wins
    assert no_article.reason == "no article text found in the page" and str(no_article).startswith("test.warc:7:")
    assert sniffed.url == "https://news.example/c"


def test_arc_files_are_read_as_warc(fake_html):
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(ARTICLE) + ARTICLE
    version = b"1 0 dyad\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (b"filedesc://test.arc 0.0.0.0 20230914010203 text/plain %d\n" % len(version) + version + b"\n"
           + b"https://news.example/arc 10.0.0.1 20230914010203 text/html %d\n" % len(http) + http + b"\n")
    items = _read(arc)
    assert len(items) == 1 and isinstance(items[0], RawDocument)
    assert items[0].url == "https://news.example/arc" and items[0].position == 2
    assert items[0].published == "2023-09-14T01:02:03Z"  # the ARC date, converted by warcio


def test_a_corrupt_archive_yields_the_good_records_then_one_failure(fake_html):
    data = make_warc(True)
    cut = data.index(b"\x1f\x8b", len(data) // 2)  # the start of a record past the middle
    items = _read(data[:cut] + b"\x1f\x8b\x08\x00 this is no longer gzip data" * 3)
    *good, last = items
    assert good and all(isinstance(i, RawDocument | Failure) for i in good)
    assert isinstance(last, Failure) and last.reason.startswith("corrupt WARC after record ")
    assert last.position is None and "\n" not in last.reason
    count = int(last.reason.split("record ")[1].split(":")[0])
    assert all(i.position <= count for i in good)


def test_uncompressed_archive_with_trailing_garbage(fake_html):
    items = _read(make_warc(False) + b"this line is not a WARC header\r\n\r\n")
    assert isinstance(items[-1], Failure) and items[-1].reason.startswith("corrupt WARC after record 10: ")
    assert len([i for i in items if isinstance(i, RawDocument)]) == 3


def test_a_whole_file_gzip_is_reread_when_the_stream_can_seek(fake_html):
    data = gzip.compress(make_warc(False))
    items = _read(data)
    assert [i.position for i in items] == [3, 5, 7, 8]

    class Unseekable(io.BytesIO):
        def seekable(self) -> bool:
            return False

    items = list(read_warc(Unseekable(data), "pipe"))
    assert isinstance(items[-1], Failure) and "warcio recompress" in items[-1].reason


@pytest.mark.parametrize("data", [b"", b"Just some text, not an archive.\n", bytes(range(256)) * 4])
def test_not_an_archive(fake_html, data):
    items = _read(data)
    assert all(isinstance(i, Failure) for i in items)
    if data:
        assert len(items) == 1 and items[0].reason.startswith("not a readable WARC or ARC archive")


def test_reading_is_lazy(fake_html):
    """The first article comes out before most of a large archive has been read."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    filler = random.Random(7).randbytes(50_000).hex().encode()  # about 50 KB per record once gzipped
    for n in range(20):
        writer.write_record(_response(writer, f"https://news.example/{n}", ARTICLE + b"<!--" + filler + b"-->"))

    class Counting(io.BytesIO):
        consumed = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.consumed += len(chunk)
            return chunk

    stream = Counting(out.getvalue())
    first = next(read_warc(stream, "big.warc.gz"))
    assert isinstance(first, RawDocument)
    assert Counting.consumed < len(out.getvalue()) / 4


def test_the_registry_passes_warc_gz_compressed(fake_html, tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(make_warc(True))
    (tmp_path / "crawl2.warc").write_bytes(make_warc(False))
    items = list(iter_documents([str(tmp_path)]))
    assert [i.position for i in items] == [3, 5, 7, 8, 3, 5, 7, 8]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=3000).map(lambda b: b"WARC/1.0\r\n" + b),
    st.binary(max_size=3000).map(lambda b: gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n" + b)),
    st.binary(max_size=3000).map(lambda b: b"filedesc://x.arc 0.0.0.0 20240101000000 text/plain 9\n" + b),
))
def test_random_bytes_never_raise(fake_html, data):
    for item in _read(data):
        assert isinstance(item, RawDocument | Failure)


SAMPLES = {True: make_warc(True), False: make_warc(False)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.booleans(), st.integers(min_value=0, max_value=len(SAMPLES[False])), st.binary(max_size=16))
def test_truncated_or_damaged_archives_never_raise(fake_html, compress, cut, junk):
    data = SAMPLES[compress]
    cut = min(cut, len(data))
    for item in _read(data[:cut] + junk):
        assert isinstance(item, RawDocument | Failure)
        if isinstance(item, Failure):
            assert "\n" not in item.reason


def test_corpus_warc():
    """The zyte archive: 182 records, 181 HTML responses; one article per page that has one."""
    path = requires_shared("corpus", "warc", "zyte_aeb_news.warc.gz")
    try:
        import dyad.sources.html  # noqa: F401
    except ImportError:
        pytest.skip("dyad.sources.html (the page extractor) is not in the package yet")
    with path.open("rb") as stream:
        items = list(read_warc(stream, str(path)))
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(items) == 181
    assert sorted(i.position for i in items) == list(range(2, 183))  # record 1 is the warcinfo
    for failure in fails:  # only pages without article text, never a reading error
        assert not failure.reason.startswith(("corrupt", "cannot", "not a readable", "page is over")), failure
    assert len(fails) <= 9, [str(f) for f in fails]
    for doc in docs:
        assert doc.text.strip() and doc.url and doc.url.startswith("http") and doc.published
