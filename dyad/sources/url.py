"""Reading URLs: one page, feed or data file per URL, and lists of URLs.

`fetch` is the only place dyad touches the network. It retries what may be transient
(connection errors, timeouts, 429 and 5xx, honouring a reasonable `Retry-After`), never other
4xx, caps the body while streaming so a huge or endless response cannot fill memory, bounds
each attempt by a total deadline (httpx's timeout is per operation, so a server that trickles
bytes would otherwise never time out), and turns every failure into a one-line `InputError`.
`read_url` never raises: a URL that cannot be read is one `Failure`, so a batch goes on.
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from ..errors import DyadError, EmptyInput, InputError, MalformedInput, UnsupportedInput
from ..models import Failure, RawDocument
from . import is_url, kind_for, reader_for
from .options import ReadOptions

MAX_RETRY_AFTER = 30.0  # seconds; a server asking for a longer wait is not retried
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_XML_TYPES = {"text/xml", "application/xml", "application/rss+xml", "application/atom+xml",
              "application/rdf+xml"}
_JSON_TYPES = {"application/json", "application/x-ndjson", "application/ndjson", "application/jsonl",
               "application/x-jsonlines", "application/jsonlines"}
_OTHER_TYPES = {"application/octet-stream", "application/gzip", "application/x-gzip", "application/warc",
                "binary/octet-stream"}

_PHRASES = {s.value: s.phrase for s in HTTPStatus}
_sleep = time.sleep  # tests replace it to check waits without waiting


@dataclass(frozen=True)
class Fetched:
    """A successful response, read in full. `content_type` is the bare media type, lowercased;
    `headers` has lowercased names."""

    final_url: str
    status: int
    content_type: str
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _Retry(Exception):
    """An attempt failed in a way that may pass; `wait` is the server's Retry-After, if any."""

    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.wait = wait


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def _status_text(status: int, phrase: str) -> str:
    """The standard phrase when there is one: servers send anything, or nothing (HTTP/2)."""
    return f"HTTP {status} {_PHRASES.get(status, phrase)}".rstrip()


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def _supported(media_type: str) -> bool:
    """Text of any kind, markup, feeds, JSON and a few containers we can sniff; not PDF, images,
    office files or archives, which would only give a confusing "binary data" later."""
    return (not media_type or media_type.startswith("text/") or media_type.endswith(("+xml", "+json"))
            or media_type in _HTML_TYPES | _XML_TYPES | _JSON_TYPES | _OTHER_TYPES)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _connect_error(exc: Exception, url: str) -> Exception:
    """A `_Retry`, or an `InputError` when retrying cannot help (an unknown host name)."""
    text = (str(exc) or exc.__class__.__name__).splitlines()[0]
    low = text.lower()
    if "refused" in low:
        return _Retry("connection refused")
    if any(s in low for s in ("name or service not known", "nodename nor servname", "getaddrinfo",
                              "name resolution", "no address associated")):
        reason = f"cannot resolve host {urlsplit(url).hostname or url}"
        return _Retry(reason) if "temporary" in low else InputError(reason, item=url)
    if "certificate" in low or "ssl" in low:
        return InputError(f"TLS error ({text})", item=url)
    return _Retry(f"cannot connect ({text})")


def client(options: ReadOptions | None = None) -> httpx.Client:
    """An HTTP client for many fetches (a feed's linked pages), so they share connections.
    Redirects are followed by `fetch` itself: httpx would read a redirect's whole body, uncapped."""
    options = options or ReadOptions()
    return httpx.Client(
        timeout=options.timeout,
        follow_redirects=False,
        headers={"User-Agent": options.user_agent, "Accept": _ACCEPT},
    )


def _open(client: httpx.Client, url: str, options: ReadOptions,
          headers: dict[str, str] | None = None) -> httpx.Response:
    """The final response of a chain of redirects, streaming and unread; the bodies of the
    redirects themselves are never read."""
    request = client.build_request("GET", url, headers=headers)
    for _ in range(options.max_redirects + 1):
        response = client.send(request, stream=True, follow_redirects=False)
        if response.next_request is None:
            return response
        response.close()
        request = response.next_request
    raise httpx.TooManyRedirects("too many redirects", request=request)


def _fetch_once(client: httpx.Client, url: str, options: ReadOptions,
                headers: dict[str, str] | None = None) -> Fetched:
    """One attempt. Raises `_Retry` for what may pass on a later attempt, `InputError` otherwise."""
    deadline = time.monotonic() + options.timeout
    over = f"response is over {_size(options.max_bytes)}"
    try:
        response = _open(client, url, options, headers)
        try:
            status = response.status_code
            if status == 304 and headers:  # a conditional GET (dyad watch): nothing new, no body
                return Fetched(str(response.url), status, "", b"", dict(response.headers))
            if status == 429 or (500 <= status < 600 and status not in (501, 505)):
                raise _Retry(_status_text(status, response.reason_phrase),
                             _retry_after(response.headers.get("retry-after")))
            if not 200 <= status < 300:
                raise InputError(_status_text(status, response.reason_phrase), item=url)
            media_type = _media_type(response.headers.get("content-type"))
            if not _supported(media_type):
                raise UnsupportedInput(f"unsupported content type {media_type}", item=url)
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > options.max_bytes:
                raise InputError(over, item=url)
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():  # decoded, so the cap also bounds gzip bombs
                total += len(chunk)
                if total > options.max_bytes:
                    raise InputError(over, item=url)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("response took too long", request=response.request)
            content = b"".join(chunks)
            if not content.strip():
                raise EmptyInput(f"empty response ({_status_text(status, response.reason_phrase)})", item=url)
            return Fetched(str(response.url), status, media_type, content, dict(response.headers))
        finally:
            response.close()
    except httpx.TimeoutException as exc:
        raise _Retry(f"timed out after {options.timeout:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise InputError(f"too many redirects (over {options.max_redirects})", item=url) from exc
    except httpx.ConnectError as exc:
        raise _connect_error(exc, url) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
        raise _Retry(f"connection failed ({(str(exc) or exc.__class__.__name__).splitlines()[0]})") from exc
    except httpx.UnsupportedProtocol as exc:  # e.g. a redirect to ftp://
        raise UnsupportedInput(f"unsupported URL scheme ({exc})", item=url) from exc
    except httpx.DecodingError as exc:
        raise MalformedInput(f"cannot decode response ({exc})", item=url) from exc
    except httpx.HTTPError as exc:
        raise InputError(f"request failed ({exc.__class__.__name__}: {exc})", item=url) from exc
    except httpx.InvalidURL as exc:
        raise MalformedInput(f"invalid URL ({exc})", item=url) from exc


def fetch(url: str, options: ReadOptions | None = None, http: httpx.Client | None = None,
          headers: dict[str, str] | None = None) -> Fetched:
    """GET a URL with retries, redirects, a size cap and a deadline; any failure is an `InputError`.

    `options.retries` counts retries, so there are at most `retries + 1` attempts, waiting
    `backoff * 2**n` seconds (or the server's Retry-After, if longer and at most 30 s) between them.
    `http` is a client from `client()` to reuse; without one, a client lives for this call.
    `headers` are sent with the request: with If-None-Match / If-Modified-Since (dyad watch), a
    304 Not Modified answer is returned as a `Fetched` with status 304 and no content.
    """
    options = options or ReadOptions()
    if not is_url(url):
        raise MalformedInput("not an http(s) URL", item=url)
    if not _plausible_url(url):
        raise MalformedInput("invalid URL (no host, a bad port or a space)", item=url)
    attempts = max(1, options.retries + 1)
    with contextlib.nullcontext(http) if http is not None else client(options) as session:
        for attempt in range(1, attempts + 1):
            try:
                return _fetch_once(session, url, options, headers)
            except _Retry as retry:
                tried = f" ({attempt} attempts)" if attempt > 1 else ""
                if retry.wait is not None and retry.wait > MAX_RETRY_AFTER:
                    raise InputError(f"{retry.message} (server asks to wait {retry.wait:.0f} s){tried}",
                                     item=url) from retry
                if attempt == attempts:
                    raise InputError(retry.message + tried, item=url) from retry
                _sleep(max(options.backoff * 2 ** (attempt - 1), retry.wait or 0.0))
    raise AssertionError("unreachable")  # pragma: no cover


def fetch_page(url: str, options: ReadOptions | None = None, http: httpx.Client | None = None) -> RawDocument:
    """The article of one web page (used for URLs and for feed items with follow_links)."""
    from .html import extract_html

    fetched = fetch(url, options, http)
    return extract_html(fetched.content, origin=url, url=fetched.final_url)


def _gunzip(data: bytes, url: str, limit: int) -> bytes:
    """Decompress a gzip body (a `.jsonl.gz` dump), bounded by the size cap."""
    inflater = zlib.decompressobj(wbits=47)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise MalformedInput(f"corrupt gzip data ({exc})", item=url) from exc
    if len(out) > limit:
        raise InputError(f"response is over {_size(limit)} (uncompressed)", item=url)
    return out


def _kind(fetched: Fetched) -> str:
    """The reader for a response: the content type when it says enough, else the registry's sniff."""
    head = fetched.content[:4096]
    sniffed = kind_for(urlsplit(fetched.final_url).path, head)
    media_type = fetched.content_type
    if media_type in _HTML_TYPES:
        return "feed" if sniffed == "feed" and b"<html" not in head.lower() else "html"
    if media_type in _XML_TYPES or media_type.endswith("+xml"):
        return "html" if sniffed == "html" else "feed"
    if media_type in _JSON_TYPES:
        return "jsonl"
    return sniffed


def _documents(url: str, fetched: Fetched, options: ReadOptions) -> Iterator[RawDocument | Failure]:
    content = fetched.content
    name = urlsplit(fetched.final_url).path.lower()
    if content[:2] == b"\x1f\x8b" and not name.endswith((".warc.gz", ".arc.gz")):
        content = _gunzip(content, url, options.max_bytes)
        fetched = replace(fetched, content=content)  # kind_for looks past the .gz of the name
    kind = _kind(fetched)
    if kind == "html":
        from .html import extract_html

        yield extract_html(content, origin=url, url=fetched.final_url)
    elif kind == "feed":
        from .feeds import read_feed

        yield from read_feed(io.BytesIO(content), url, options)
    else:
        for item in reader_for(kind)(io.BytesIO(content), url, options):
            # a text file is one article, so the page's address is its URL; JSONL records keep theirs
            if kind == "text" and isinstance(item, RawDocument) and item.url is None:
                item = replace(item, url=fetched.final_url)
            yield item


def read_url(url: str, options: ReadOptions | None = None,
             http: httpx.Client | None = None) -> Iterator[RawDocument | Failure]:
    """The documents at a URL: a page's article, a feed's items, or a data file's records.

    Never raises; any error is one `Failure(url, reason)`. `http` is a client to fetch with (the
    web API passes one whose transport refuses private addresses).
    """
    options = options or ReadOptions()
    try:
        fetched = fetch(url, options, http)
        yield from _documents(url, fetched, options)
    except DyadError as exc:
        yield Failure(url, exc.message)
    except Exception as exc:  # a parser bug on one page must not stop a batch
        yield Failure(url, f"cannot read ({exc.__class__.__name__}: {exc})")


def _plausible_url(spec: str) -> bool:
    """http(s), a host, a valid port and no spaces: enough to tell a URL from a stray line of text."""
    try:
        parts = urlsplit(spec)
        return is_url(spec) and not any(c.isspace() for c in spec) and bool(parts.hostname) \
            and (parts.port is None or parts.port > 0)
    except ValueError:  # an unclosed IPv6 bracket, a port over 65535
        return False


def read_url_list(path: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """Documents of each URL in a file, one a line; blank lines and `#` comments are skipped and a
    line that is not an http(s) URL is a Failure at its line number."""
    options = options or ReadOptions()
    try:
        lines = Path(path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
    except FileNotFoundError:
        yield Failure(path, "no such file or directory")
        return
    except OSError as exc:
        yield Failure(path, f"cannot read file ({exc.__class__.__name__}: {exc})")
        return
    for number, line in enumerate(lines, start=1):
        spec = line.strip()
        if not spec or spec.startswith("#"):
            continue
        if not _plausible_url(spec):
            yield Failure(path, f"not an http(s) URL: {spec[:80]!r}", number)
            continue
        yield from read_url(spec, options)
