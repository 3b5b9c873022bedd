"""RSS 0.9x/1.0/2.0 and Atom feeds: one `RawDocument` per item, parsed by feedparser.

feedparser tolerates the broken XML found in the wild (its `bozo` flag), so a feed with
recoverable errors still yields its items; only a document with no items and a parse error is a
failure. Decisions where feedparser's output needs care:

- Text: full content (RSS `content:encoded`, Atom `<content>`) when present, else the summary.
  feedparser also files a second description-like element (`media:description` photo captions,
  `itunes:summary`) under `content` as text/plain, so in RSS only HTML content counts as full
  content; a plain "content" is used only when the summary is empty.
- HTML becomes plain text with one paragraph per line; "Continue reading..." links and list
  items that are only links (related-story lists) are dropped as boilerplate.
- Dates: feedparser's `*_parsed` values are UTC and lose the zone that anchors the story date,
  so the raw string is parsed here and written as ISO 8601 with its own offset.
- Language: the primary subtag ("en-gb", "en_US" -> "en"), the form the documents stage expects.
- URL: FeedBurner's `feedburner:origLink` is preferred over the tracking redirect in `<link>`.
- An item with no text (headline only) is a Failure at its position, as for JSONL records.
"""

from __future__ import annotations

import contextlib
import io
import re
import xml.sax
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from html import unescape
from typing import Any, BinaryIO

from ..errors import DyadError
from ..models import SKIP, WARNING, Failure, RawDocument
from .decode import MAX_ITEM_BYTES
from .options import ReadOptions

_HTML_TYPES = {"text/html", "application/xhtml+xml", "html", "xhtml"}
_BLOCK = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
          "blockquote", "pre", "table", "tr", "section", "article", "header", "footer",
          "aside", "hr", "address", "main", "nav"}
_SKIP = ["script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
         "figure", "figcaption", "button", "form"]
_MORE_LINK = re.compile(r"(continue reading|read more|read the full (story|article)|full story)\b"
                        r"[\s.…»›>]*$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")
_RFC822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?"
                     r"\s+(?:[A-Za-z]{1,5}|[+-]\d{4})")
_DATE_ONLY = re.compile(r"\d{4}-\d{2}-\d{2}")


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line; entities decoded, tags gone."""
    import lxml.etree
    import lxml.html

    html = _CONTROL.sub("", html or "")
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):  # rare: fall back to cutting tags out
        return plain_text(unescape(re.sub(r"<[^>]*>", " ", html)))
    lxml.etree.strip_elements(root, lxml.etree.Comment, lxml.etree.ProcessingInstruction,
                              *_SKIP, with_tail=False)
    for link in list(root.iter("a")):
        if _MORE_LINK.match(_SPACE.sub(" ", link.text_content()).strip()):
            link.drop_tree()
    for item in list(root.iter("li")):
        links = "".join(a.text_content() for a in item.iter("a"))
        if links.strip() and _SPACE.sub("", links) == _SPACE.sub("", item.text_content()):
            item.drop_tree()
    out: list[str] = []
    for event, el in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK or tag == "br":
                out.append("\n")
            if el.text:
                out.append(_SPACE.sub(" ", el.text))
        else:
            if tag in _BLOCK:
                out.append("\n")
            if el.tail and el is not root:
                out.append(_SPACE.sub(" ", el.tail))
    return plain_text("".join(out))


def plain_text(text: str) -> str:
    """Spaces collapsed inside lines, blank lines dropped: one paragraph per line."""
    lines = (_SPACE.sub(" ", line).strip() for line in _CONTROL.sub("", text).splitlines())
    return "\n".join(line for line in lines if line)


def _value_text(detail: Any, value: str | None) -> str:
    """Text of a feedparser value, read as HTML or plain text according to its declared type."""
    kind = (detail or {}).get("type") or "text/html"
    return html_to_text(value or "") if kind in _HTML_TYPES else plain_text(value or "")


def item_text(entry: Any, atom: bool) -> str:
    """The richest text of an item: full content if it has some, else the summary."""
    contents = [c for c in entry.get("content") or [] if isinstance(c, dict)]
    for c in contents:
        if (atom or c.get("type") in _HTML_TYPES) and (text := _value_text(c, c.get("value"))):
            return text
    if text := _value_text(entry.get("summary_detail"), entry.get("summary")):
        return text
    for c in contents:  # a media:description or itunes:summary, when nothing else has text
        if text := _value_text(c, c.get("value")):
            return text
    return ""


def iso_date(raw: str) -> str | None:
    """A raw feed date as ISO 8601, keeping the offset it was written with; None if unreadable."""
    s = raw.strip()
    if _DATE_ONLY.fullmatch(s):
        return s
    try:
        return datetime.fromisoformat(s).isoformat()
    except ValueError:
        pass
    if _RFC822.fullmatch(s):  # email.utils misreads "02:02:33 PM", so only strict RFC 822 here
        try:
            return parsedate_to_datetime(s).isoformat()
        except (ValueError, TypeError, IndexError, OverflowError):
            pass
    from ..documents.published import parse_published

    found = parse_published(s)
    return found.when.isoformat() if found.when else None


def item_date(entry: Any) -> str | None:
    """The item's publication date: pubDate/published, else dc:date/updated, else created."""
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)  # plain dict.get: feedparser maps a missing 'updated' to 'published'
        if isinstance(raw, str) and raw.strip() and (found := iso_date(raw)):
            return found
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)  # feedparser's own reading, in UTC: better than nothing
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def _language(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return re.split(r"[-_\s]", value.strip().lower(), maxsplit=1)[0] or None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return _SPACE.sub(" ", value).strip() or None


def _title(entry: Any) -> str | None:
    text = _value_text(entry.get("title_detail") or {"type": "text/plain"}, entry.get("title"))
    return _clean(text)


def read_feed(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """Every item of one RSS or Atom feed, in order; with `follow_links`, the linked pages."""
    import feedparser

    options = options or ReadOptions()
    data = stream.read(MAX_ITEM_BYTES + 1)
    if len(data) > MAX_ITEM_BYTES:
        yield Failure(origin, f"feed is over {MAX_ITEM_BYTES // 1_000_000} MB; split it")
        return
    if not data.strip():
        yield Failure(origin, "empty input")
        return
    try:
        # a file object, never bytes: feedparser would try to open bytes as a file name
        parsed = feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a third-party parser on arbitrary bytes
        yield Failure(origin, f"cannot parse feed ({exc.__class__.__name__}: {_one_line(exc)})")
        return
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            yield Failure(origin, f"not a readable RSS or Atom feed ({_one_line(parsed.get('bozo_exception'))})")
        elif not parsed.get("version"):
            yield Failure(origin, "not an RSS or Atom feed (no channel or feed element)")
        return  # a well-formed feed with no items: nothing to read, nothing wrong
    if parsed.get("bozo") and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        yield Failure(origin, f"feed is damaged or cut short ({_one_line(parsed.get('bozo_exception'))}): "
                      f"{len(entries)} items were read by a lenient parser; items past the damage may be missing",
                      stage=WARNING)
    feed = parsed.get("feed") or {}
    outlet = _title(feed)
    language = _language(feed.get("language"))
    atom = str(parsed.get("version", "")).startswith("atom")
    with _links_client(options) as http:  # one client, so linked pages on one site share connections
        for number, entry in enumerate(entries, start=1):
            try:
                item = _item(entry, origin, number, outlet, language, atom)
            except (ValueError, TypeError, AttributeError, LookupError) as exc:
                yield Failure(origin, f"item {number} is unreadable ({exc.__class__.__name__}: {_one_line(exc)})",
                              number)
                continue
            if options.follow_links and item.url:
                yield _follow(item, origin, number, options, http)
            elif not item.text:
                headline = " (headline only)" if item.title else ""
                yield Failure(origin, f"item {number} has no text{headline}", number, stage=SKIP)
            else:
                yield item


def _links_client(options: ReadOptions) -> contextlib.AbstractContextManager[Any]:
    """An HTTP client when links are to be followed; nothing to open otherwise."""
    if not options.follow_links:
        return contextlib.nullcontext(None)
    from .url import client

    return client(options)


def _item(entry: Any, origin: str, number: int, outlet: str | None, language: str | None,
          atom: bool) -> RawDocument:
    ident = entry.get("id")
    return RawDocument(
        origin=origin,
        position=number,
        text=item_text(entry, atom),
        layout="body",
        id=_clean(ident),
        title=_title(entry),
        published=item_date(entry),
        outlet=outlet,
        url=_link(entry),
        language=_language((entry.get("title_detail") or {}).get("language")) or language,
        author=_clean(entry.get("author")),
    )


def _link(entry: Any) -> str | None:
    """The article's web address: FeedBurner's original link, the item link, else an Atom
    alternate or self link. feedparser falls back to a guid that is not a URL ("urn:uuid:...")."""
    links = [link.get("href") for link in entry.get("links") or []
             if isinstance(link, dict) and link.get("rel", "alternate") in ("alternate", "self")]
    for candidate in (entry.get("feedburner_origlink"), entry.get("link"), *links):
        if isinstance(candidate, str) and candidate.strip().lower().startswith(("http://", "https://")):
            return candidate.strip()
    return None


def _follow(item: RawDocument, origin: str, number: int, options: ReadOptions,
            http: Any = None) -> RawDocument | Failure:

    """The linked page's text, keeping the feed's metadata where the page has none."""
    from .url import fetch_page

    try:
        page = fetch_page(item.url or "", options, http)

    except DyadError as exc:
        return Failure(origin, f"item {number}: cannot read linked page {item.url}: {exc.message}", number)
    if not page.text.strip():
        return Failure(origin, f"item {number}: linked page {item.url} has no text", number)
    return replace(item, text=page.text, title=page.title or item.title,
                   published=page.published or item.published, url=page.url or item.url,
                   outlet=item.outlet or page.outlet, language=item.language or page.language,
                   author=page.author or item.author, dateline=page.dateline)


def _one_line(exc: object) -> str:
    """The first line of an exception's message, for one-line failure reasons."""
    text = str(exc).strip() if exc is not None else ""
    return _SPACE.sub(" ", text.splitlines()[0])[:200] if text else "no details"
