"""Writes tests/smoke/data/archive.warc.gz: one fictional news page as a WARC response record.

Run again after editing the page text: `python tests/smoke/make_warc.py` (needs warcio, a dyad
dependency). The archive is committed so the smoke test needs nothing but the installed wheel.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Canada expels Venezuelan diplomat</title>
<meta property="article:published_time" content="2024-06-03T15:45:00-04:00">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a></nav>
<article><h1>Canada expels Venezuelan diplomat</h1>
<p>OTTAWA: Canada expelled a Venezuelan diplomat on Monday, the foreign ministry in Ottawa said, a week after Caracas
detained a Canadian aid worker near the Colombian border.</p>
<p>Venezuela condemned the expulsion and said it would respond in kind, according to a statement read on state
television.</p>
<p>Canadian officials said they had asked Venezuela repeatedly for consular access to the aid worker without
success.</p>
</article></body></html>
"""
URL = "https://smoke.example.org/politics/canada-venezuela"


def write(path: Path) -> None:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(URL, "response", payload=BytesIO(PAGE.encode("utf-8")),
                                           http_headers=headers, warc_headers_dict={"WARC-Date": "2024-06-03T20:00:00Z"})
        writer.write_record(record)


if __name__ == "__main__":
    write(Path(__file__).with_name("data") / "archive.warc.gz")
