"""The HTML reader: article body without page furniture, metadata with the page's own time zone,
and a Failure (never an exception) for pages that hold no article or are not pages at all."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.documents.published import parse_published
from dyad.errors import EmptyInput
from dyad.models import Failure, RawDocument
from dyad.sources import read_path, reader_for
from dyad.sources.html import extract_html, read_html
from dyad.sources.options import ReadOptions
from tests.conftest import load_benchmark, requires_shared

PARAGRAPHS = [
    "KUALA LUMPUR - Malaysia and Indonesia agreed on Wednesday to hold joint naval patrols in the "
    "Strait of Malacca, the two governments said in a statement after talks in the capital.",
    "The agreement follows months of negotiations over fishing rights and the movement of vessels "
    "through one of the busiest shipping lanes in the world, officials from both sides said.",
    "Foreign ministers of the two countries met for three hours and signed a memorandum that sets "
    "out the areas to be patrolled, the number of ships involved and how incidents will be reported.",
    "Analysts said the accord could ease tensions that flared last year when a Malaysian coast guard "
    "vessel detained an Indonesian fishing boat, prompting a formal protest from Jakarta.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Malaysia, Indonesia agree joint patrols | The Straits Courier</title>
  <meta property="og:title" content="Malaysia and Indonesia agree joint naval patrols">
  <meta property="og:site_name" content="The Straits Courier">
  <meta name="author" content="Aisha Rahman">
  <meta property="article:published_time" content="2024-05-15T01:30:00+08:00">
  <link rel="canonical" href="https://courier.example.com/asia/2024/05/15/joint-patrols">
</head>
<body>
  <header><nav><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
    <li><a href="/sport">Sport pages</a></li><li><a href="/subscribe">Subscribe today</a></li>
  </ul></nav></header>
  <main>
    <article>
      <h1>Malaysia and Indonesia agree joint naval patrols</h1>
      <p class="byline">By Aisha Rahman</p>
      <div class="article-body">
        {"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
        <p>Sign up for our morning newsletter to get the top stories in your inbox.</p>
      </div>
    </article>
    <aside class="related">
      <h3>Related stories</h3>
      <ul>
        <li><a href="/a">Thailand floods displace thousands in the north</a></li>
        <li><a href="/b">Singapore unveils budget with new housing grants</a></li>
      </ul>
    </aside>
    <section id="comments" class="comments">
      <h3>Comments</h3>
      <div class="comment"><p>Reader42: This deal will never work, mark my words, the patrols are a show.</p></div>
      <div class="comment"><p>SeaWatcher: Finally some cooperation between neighbours in the strait.</p></div>
    </section>
  </main>
  <footer><p>Copyright 2024 The Straits Courier. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>"""


def _page(**replace: str) -> bytes:
    page = NEWS_PAGE
    for old, new in replace.items():
        page = page.replace(old, new)
    return page.encode("utf-8")


def test_body_is_the_story_one_paragraph_per_line():
    doc = extract_html(_page(), origin="page.html")
    assert doc.text.split("\n") == PARAGRAPHS
    for furniture in ("World news", "Subscribe today", "Related stories", "Thailand floods", "Reader42",
                      "SeaWatcher", "Comments", "Privacy policy", "All rights reserved", "Sign up"):
        assert furniture not in doc.text


def test_metadata_with_the_zone_of_the_story():
    doc = extract_html(_page(), origin="page.html", url="https://courier.example.com/x?utm=1", position=3)
    assert doc.layout == "body" and doc.origin == "page.html" and doc.position == 3
    assert doc.title == "Malaysia and Indonesia agree joint naval patrols"
    assert doc.author == "Aisha Rahman"
    assert doc.outlet == "The Straits Courier"
    assert doc.language == "en"
    assert doc.url == "https://courier.example.com/asia/2024/05/15/joint-patrols"
    assert doc.published == "2024-05-15T01:30:00+08:00"
    published = parse_published(doc.published)  # 14 May in UTC, but a 15 May story
    assert published.story_date.isoformat() == "2024-05-15"
    assert published.when.utcoffset() == timedelta(hours=8)


def test_local_offset_preferred_over_a_utc_stamp_of_the_same_instant():
    json_ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
               '"datePublished": "2024-05-14T21:30:00-04:00"}</script></head>')
    page = _page(**{"2024-05-15T01:30:00+08:00": "2024-05-15T01:30:00Z", "</head>": json_ld})
    assert extract_html(page, origin="p").published == "2024-05-14T21:30:00-04:00"


def test_date_only_and_missing_language():
    page = _page(**{'<html lang="en-GB">': "<html>", "2024-05-15T01:30:00+08:00": "2024-05-15"})
    doc = extract_html(page, origin="p")
    assert doc.published == "2024-05-15"
    assert doc.language is None


def test_declared_charset_is_honoured():
    page = _page(**{'<meta charset="utf-8">': '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
                    "Strait of Malacca": "Strait of Malacca \u201cwithout delay\u201d, caf\u00e9"})
    doc = extract_html(page.decode("utf-8").encode("cp1252"), origin="p")
    assert "\u201cwithout delay\u201d, caf\u00e9" in doc.text


def test_story_split_into_repeated_containers_is_read_whole():
    """Chunks between ad rails: trafilatura alone keeps the first chunk only."""
    def chunk(paragraphs: list[str]) -> str:
        return ('<div class="grid"><div class="body article__body">' + "".join(f"<p>{p}</p>" for p in paragraphs)
                + '</div><div class="rail"><div class="ad"><a href="/ad">Advertisement</a></div></div></div>')

    body = f'<div class="article__chunks">{chunk(PARAGRAPHS[:2])}{chunk(PARAGRAPHS[2:])}</div>'
    page = NEWS_PAGE.split('<div class="article-body">')[0] + body + "</article></main></body></html>"
    assert extract_html(page.encode(), origin="p").text.split("\n") == PARAGRAPHS


def test_syndication_note_is_kept():
    note = '<p class="source-note">This story originally appeared on <a href="https://x.example">Harbour Times</a>.</p>'
    doc = extract_html(_page(**{"<article>": f"<article>{note}"}), origin="p")
    assert doc.text.split("\n")[-1] == "This story originally appeared on Harbour Times."


def test_page_without_article_text_is_a_failure_not_an_exception():
    page = b"<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(EmptyInput):
        extract_html(page, origin="nav.html")
    results = list(read_html(io.BytesIO(page), "nav.html"))
    assert len(results) == 1 and isinstance(results[0], Failure)
    assert results[0].reason == "no article text found in the page"
    assert str(results[0]).startswith("nav.html: ")


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02binary\xff" * 50, b"\x1f\x8b\x08broken gzip"])
def test_empty_binary_and_corrupt_input_are_failures(data):
    results = list(read_html(io.BytesIO(data), "bad.html"))
    assert len(results) == 1 and isinstance(results[0], Failure)


def test_oversize_page_is_a_failure():
    results = list(read_html(io.BytesIO(_page()), "big.html", ReadOptions(max_bytes=1000)))
    assert results == [results[0]] and isinstance(results[0], Failure)
    assert results[0].reason == "page is over 1000 bytes"
    results = list(read_html(io.BytesIO(b"<html>" + b" " * (2 * 2**20)), "big.html", ReadOptions(max_bytes=2**20)))
    assert results[0].reason == "page is over 1 MB"


def test_registry_reads_html_files(tmp_path):
    assert reader_for("html") is read_html
    path = tmp_path / "story.html"
    path.write_bytes(_page())
    (doc,) = list(read_path(path))
    assert isinstance(doc, RawDocument) and doc.origin == str(path) and doc.text.startswith("KUALA LUMPUR")


def _only_documents_or_failures(data: bytes) -> None:
    results = list(read_html(io.BytesIO(data), "fuzz.html"))
    assert len(results) == 1
    assert isinstance(results[0], RawDocument | Failure)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data):
    _only_documents_or_failures(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(_page())), st.integers(min_value=0, max_value=len(_page())),
       st.binary(max_size=40))
def test_truncated_and_damaged_pages_never_raise(cut, at, junk):
    page = _page()[:cut]
    _only_documents_or_failures(page[:at] + junk + page[at:])


def test_extraction_benchmark_gate():
    """The gate of benchmarks/html_extraction.py (about 10 s): mean token F1 on the English zyte
    pages and the number of trafilatura manifest pages passing, against the pinned floors."""
    zyte = requires_shared("corpus", "html", "zyte_aeb")
    manifest = requires_shared("corpus", "html", "trafilatura")
    bench = load_benchmark("html_extraction")
    scores = bench.zyte_benchmark(zyte)
    assert scores["dyad"]["pages"] >= 150
    assert scores["dyad"]["mean_f1"] >= bench.MIN_MEAN_F1, scores["dyad"]["mean_f1"]
    assert scores["dyad"]["mean_f1"] >= scores["trafilatura"]["mean_f1"]
    floors = json.loads(bench.FLOORS.read_text(encoding="utf-8"))
    assert scores["dyad"]["mean_f1"] >= floors["html_zyte_mean_f1"]
    checks = bench.manifest_checks(manifest)
    assert sum(row["ok"] for row in checks) >= floors["html_manifest_pages"], [r for r in checks if not r["ok"]]
