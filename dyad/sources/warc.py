"""WARC and ARC web archives: one article per archived HTML page, read record by record.

warcio's `ArchiveIterator` reads the stream lazily, undoes the per-record gzip of `.warc.gz`
(which is why the registry passes those streams still compressed) and, with `arc2warc=True`,
presents old ARC files as WARC. Decisions:

- The kind is sniffed from the first bytes ("WARC/" or "filedesc://"). A WARC is read with
  `arc2warc=False`, because warcio's mixed ARC/WARC mode takes any damaged line of five words for
  an ARC header and would turn corruption into phantom records instead of an error.

- `response` records (and `resource` records, which hold a page without HTTP headers) are pages;
  request, metadata, warcinfo and revisit records are skipped silently, and so are responses that
  are not HTML and responses whose status is not 2xx (redirects, error pages: not articles).
- A page is HTML by its Content-Type, by WARC-Identified-Payload-Type, or, when the type is
  missing or generic (octet-stream, text/plain), by sniffing its first bytes.
- The WARC-Date (when the page was captured) is the fallback `published`: a capture is never
  earlier than the story, so it bounds the date when the page gives none.
- A damaged archive stops reading: the good records come first, then one Failure for the rest.
  A whole-file gzip (not per record) is re-read through gzip when the stream can seek back.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

from ..errors import DyadError
from ..models import Failure, RawDocument
from .options import ReadOptions

_PAGE_RECORDS = ("response", "resource")
_GENERIC_TYPES = ("", "application/octet-stream", "text/plain", "unk", "application/unknown",
                  "application/x-unknown", "binary/octet-stream")
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                    re.I | re.S)
_SPACE = re.compile(r"\s+")
_ARC_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_ARC_IP = re.compile(r"[0-9A-Fa-f.:]+$|-$")
_HEAD_BYTES = 4096


def read_warc(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """An article (or a Failure) per archived HTML page, in archive order; `position` is the
    record's number in the archive, counting every record."""
    options = options or ReadOptions()
    start = _tell(stream)
    try:
        yield from _read(stream, origin, options, skip=0)
    except _NotPerRecordGzip as exc:
        if start is None:
            yield Failure(origin, f"corrupt WARC after record {exc.count}: {exc.reason}; run `warcio recompress`")
            return
        stream.seek(start)
        try:
            yield from _read(gzip.GzipFile(fileobj=stream, mode="rb"), origin, options, skip=exc.count)
        except _Corrupt as again:
            yield Failure(origin, again.message)
    except _Corrupt as exc:
        yield Failure(origin, exc.message)


class _Corrupt(Exception):
    def __init__(self, count: int, reason: str) -> None:
        super().__init__(count, reason)
        self.count, self.reason = count, reason

    @property
    def message(self) -> str:
        if self.count == 0:
            return f"not a readable WARC or ARC archive ({self.reason})"
        return f"corrupt WARC after record {self.count}: {self.reason}"


class _NotPerRecordGzip(_Corrupt):
    pass


class _Replay:
    """The stream with its already-read head put back in front, for warcio to read from the start."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._rest.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._rest.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        return data + self._rest.read(size - len(data)) if len(data) < size else data


def _sniff(head: bytes) -> str | None:
    """"warc" or "arc" from the first bytes (gunzipped when gzip), None when it is neither."""
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 64)
        except zlib.error:
            return None
    head = head.lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    return "arc" if head.startswith(b"filedesc://") else None


def _read(stream: Any, origin: str, options: ReadOptions, skip: int) -> Iterator[RawDocument | Failure]:
    head = stream.read(_HEAD_BYTES)
    kind = _sniff(head)
    if kind is None:
        if not head.strip():
            yield Failure(origin, "empty input")
            return
        raise _Corrupt(0, f"starts with {head[:40]!r}")
    for count, record in _records(_Replay(head, stream), arc=kind == "arc"):
        if count > skip and (item := _page(record, origin, count, options)) is not None:
            yield item


def _records(stream: Any, arc: bool) -> Iterator[tuple[int, Any]]:
    """(record number, record) pairs; any read error becomes `_Corrupt` carrying how far we got.

    A WARC is read strictly as WARC (warcio then rejects damaged bytes); an ARC needs warcio's
    mixed mode, which takes any line of five words for an ARC header, so its URIs are checked.
    """
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=arc):
            if arc and not _valid_arc_header(record.rec_headers):
                raise _Corrupt(count, f"record {count + 1} has no valid ARC header")
            count += 1
            yield count, record
    except _Corrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged bytes
        if "non-chunked gzip" in str(exc):
            raise _NotPerRecordGzip(count, "the gzip is not per record (one stream for the whole file)") from exc
        raise _Corrupt(count, _one_line(exc)) from exc


def _valid_arc_header(headers: Any) -> bool:
    """An ARC header line is "URL IP date type length"; damaged bytes rarely fit that."""
    if headers.get_header("WARC-Type") == "warcinfo":
        return True
    uri, ip = headers.get_header("WARC-Target-URI") or "", headers.get_header("WARC-IP-Address") or ""
    length = headers.get_header("Content-Length") or ""
    return bool(_ARC_URI.match(uri) and _ARC_IP.match(ip) and length.isdigit())


def _page(record: Any, origin: str, number: int, options: ReadOptions) -> RawDocument | Failure | None:
    """The article of one record, a Failure, or None for a record that is not an HTML page."""
    if record.rec_type not in _PAGE_RECORDS:
        return None
    http = record.http_headers
    if http is not None and record.rec_type == "response":
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        media_type = http.get_header("Content-Type") or ""
    else:
        media_type = record.rec_headers.get_header("Content-Type") or ""
    media_type = media_type.split(";", 1)[0].strip().lower()
    identified = (record.rec_headers.get_header("WARC-Identified-Payload-Type") or "").lower()
    declared_html = "html" in media_type or "html" in identified
    if not declared_html and media_type not in _GENERIC_TYPES:
        return None
    try:
        payload = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # noqa: BLE001 - bad chunked or compressed bodies raise many kinds
        return Failure(origin, f"cannot decode page ({_one_line(exc)})", number)
    if not declared_html and not _SNIFF.match(payload[:2048].removeprefix(b"\xef\xbb\xbf")):
        return None
    if len(payload) > options.max_bytes:
        return Failure(origin, f"page is over {options.max_bytes // 1_000_000} MB", number)
    url = record.rec_headers.get_header("WARC-Target-URI") or None
    return _extract(payload, origin, url, number, record.rec_headers.get_header("WARC-Date"))


def _extract(payload: bytes, origin: str, url: str | None, number: int, captured: str | None) -> RawDocument | Failure:
    from .html import extract_html

    try:
        page = extract_html(payload, origin=origin, url=url, position=number)
    except DyadError as exc:
        return Failure(origin, exc.message, number)
    except Exception as exc:  # noqa: BLE001 - one strange page must not stop an archive
        return Failure(origin, f"cannot extract page ({_one_line(exc)})", number)
    if not page.published and captured:
        page = replace(page, published=captured)
    return page


def _tell(stream: BinaryIO) -> int | None:
    """The stream's position if it can seek back there, else None."""
    try:
        return stream.tell() if stream.seekable() else None
    except (AttributeError, OSError, ValueError):
        return None


def _one_line(exc: BaseException | None) -> str:
    """warcio's messages run over several lines; a failure reason is one."""
    if exc is None:
        return "unknown error"
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = _SPACE.sub(" ", lines[0])[:200] if lines else ""
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__
