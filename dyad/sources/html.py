"""Saved web pages: the article body (trafilatura) and its metadata, as one `RawDocument`.

Why the layers around trafilatura (each measured on benchmarks/html_extraction.py):
- Precision mode, comments off: a news page's comments and teasers are not the story. When
  precision keeps almost nothing (it can drop a whole short page), the balanced mode is tried.
- Trafilatura keeps one body container; pages that split the story into repeated sibling
  containers (ad-separated chunks, newsletter sections) get the twins of that container added.
- Client-rendered pages hold the body only in structured data: a JSON rich-text tree in a
  script or JSON-LD `articleBody` replaces an HTML extraction much shorter than it.
- Short lines of page furniture (sign-up prompts, photo credits, standards notices) are dropped;
  notes saying whose story it is ("originally published by ...", "Additional reporting by ...")
  are kept, or added when precision mode pruned them.
- `published` keeps the page's own zone: a timestamp with an offset from meta tags or JSON-LD
  beats trafilatura's date-only value; a local offset beats a UTC stamp of the same instant.
- Trafilatura's `deduplicate` is off: its cache is process-wide, so a paragraph seen on an
  earlier page would vanish from a later one and the output would depend on reading order.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import logging
import re
from collections import Counter
from collections.abc import Iterator
from copy import deepcopy
from datetime import datetime, timedelta
from typing import Any, BinaryIO

import lxml.html
import trafilatura
from lxml.html import HtmlElement

from ..documents.published import parse_published
from ..errors import DyadError, EmptyInput, MalformedInput
from ..models import Failure, RawDocument
from .decode import MAX_ITEM_BYTES, Decoded, decode_record, looks_binary, maybe_gunzip
from .options import ReadOptions

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every page it discards
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_OPTIONS: dict[str, Any] = dict(include_comments=False, include_tables=True, include_images=False,
                                include_links=False, include_formatting=False, deduplicate=False)
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_MIN_WORDS = 10  # fewer is a menu, a headline or an error message, not an article
_SHORT_BODY = 150  # words: below this, precision mode may have lost the body
_FURNITURE_WORDS = 40  # only lines this short can be page furniture
_FURNITURE = re.compile("|".join((  # prompts, notices and credits that sit beside a story
    r"^(?:sign up|subscribe|submit (?:a|your) letter|send (?:us )?(?:a|your) letter|have a (?:news )?tip)\b",
    r"^(?:we want to|we'd like to|we would like to) hear\b|^(?:like|enjoy(?:ed)?|liked) this (?:story|article)\b",
    r"^share (?:this|it|your thoughts)\b|^follow (?:us|\w+) on (?:twitter|facebook|instagram|linkedin|youtube)\b",
    r"^also on \S+\.[a-z]{2,}\b|^(?:read more|related(?: coverage| stories)?):|^our standards\b",
    r"^this (?:copy|article|story) is for your personal|^advertisement\b|^story continues below\b",
    r"^\d+\s+min(?:ute)?s? read$|^https?://\S+$|^(?:©|copyright\s*(?:©|\(c\)|\d{4}))",
    r"^\(?(?:photo|image|picture|illustration|credit)s?(?: credit)?:[^.]{0,80}\)?$",
    r"\b(?:all rights reserved|trust principles)\b|^get the latest \w+ (?:right )?in your inbox\b",
)), re.I)
_NOTE = re.compile(r"\b(?:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:on|in|at|by)\b"
                   r"|^(?:additional )?reporting by\b|^(?:writing|editing) by\b", re.I)
_NO_AUTHOR = {"", "no author", "unknown", "anonymous", "admin"}
_OUTSIDE = {"nav", "footer", "aside", "header", "form", "script", "style", "noscript"}
_BLOCKS = ("p", "li", "blockquote", "h2", "h3", "h4", "pre")
_JSON_BLOCKS = {"p", "paragraph", "h2", "h3", "h4", "blockquote", "li", "ul", "ol", "heading", "block"}
_JSON_LINKS = {"a", "link", "hyperlink", "entry-hyperlink"}
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "publishdate",
              "publish-date", "publish_date", "pubdate", "parsely-pub-date", "sailthru.date",
              "dc.date.issued", "dcterms.created", "dc.date", "date", "article.published")
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
                    "gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "sjis": "cp932",
                    "euc-kr": "cp949", "big5": "big5hkscs", "x-user-defined": "cp1252"}


def read_html(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """One page, one document; anything wrong with the bytes is a Failure, never an exception."""
    options = options or ReadOptions()
    try:
        data = stream.read(options.max_bytes + 1)
    except (OSError, EOFError, ValueError) as exc:
        yield Failure(origin, f"cannot read the page ({exc.__class__.__name__}: {exc})")
        return
    if len(data) > options.max_bytes:
        yield Failure(origin, f"page is over {_size(options.max_bytes)}")
        return
    try:
        yield extract_html(data, origin=origin)
    except DyadError as exc:
        yield Failure(origin, exc.message)
    except Exception as exc:  # noqa: BLE001 - lxml and trafilatura raise many kinds on garbage
        yield Failure(origin, f"cannot extract the page ({exc.__class__.__name__}: {exc})")


def extract_html(data: bytes, *, origin: str, url: str | None = None, position: int | None = None) -> RawDocument:
    """The article of one HTML page; raises an `InputError` naming `origin` when there is none."""
    item = f"{origin}:{position}" if position is not None else origin
    data = maybe_gunzip(data, item)
    if len(data) > MAX_ITEM_BYTES:
        raise MalformedInput(f"page is over {_size(MAX_ITEM_BYTES)}", item=item)
    if not data.strip():
        raise EmptyInput("empty page", item=item)
    if looks_binary(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise MalformedInput("binary data, not an HTML page", item=item)
    decoded = _decode(data)
    tree = _parse(decoded.text)
    if tree is None:
        raise MalformedInput("not an HTML page (nothing to parse)", item=item)
    ld = _json_ld(tree)
    lines = _body(tree, url, ld)
    if _words(" ".join(lines)) < _MIN_WORDS:
        raise EmptyInput("no article text found in the page", item=item)
    published, language = _published(tree, ld), _language(tree, ld)
    try:
        meta = trafilatura.extract_metadata(tree, default_url=url)
    except Exception:  # noqa: BLE001 - a page whose metadata trips trafilatura still has its text
        meta = trafilatura.settings.Document()
    return RawDocument(origin=origin, position=position, text="\n".join(lines), layout="body",
                       title=_title(tree, meta.title), published=published or meta.date or _htmldate(tree, url),
                       outlet=meta.sitename or None, url=meta.url or url, language=language,
                       author=meta.author if (meta.author or "").lower() not in _NO_AUTHOR else None,
                       decoding=decoded.note)


def _title(tree: HtmlElement, title: str | None) -> str | None:
    """Trafilatura's title, unless it is a one-word placeholder (a CMS name in JSON-LD) and the
    page's og:title is a real headline."""
    social = " ".join(tree.xpath('string(//meta[@property="og:title"]/@content)').split())
    if (not title or len(title.split()) < 2) and len(social.split()) >= 3:
        return social
    return title or None


# --- decoding and parsing -------------------------------------------------------------------

def _decode(data: bytes) -> Decoded:
    """BOM, then valid UTF-8, then the declared charset, then UTF-8 with a few bad bytes
    replaced (a UTF-8 page damaged in places: detection would read the whole page in a wrong
    encoding), then detection, then Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(data.decode("utf-16", errors="replace"))
    as_record = decode_record(data)
    if as_record.note is None:
        return as_record  # pages labelled Latin-1 that are valid UTF-8 are UTF-8
    declared = None
    if m := _CHARSET.search(data[:8192]):
        label = m.group(1).decode("ascii", "ignore").lower()
        declared = _CHARSET_ALIASES.get(label, label)
    guesses = [declared] if declared and declared.replace("-", "").replace("_", "") != "utf8" else []
    for codec in guesses:
        try:
            return Decoded(data.decode(codec))  # as the page says
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    if as_record.replaced:
        return as_record
    with contextlib.suppress(Exception):  # detection is a hint only
        guesses += trafilatura.utils.detect_encoding(data)
    for codec in guesses:
        try:
            return Decoded.guessed(data.decode(codec), codec)
        except (LookupError, UnicodeDecodeError, ValueError):
            continue
    return Decoded.guessed(data.decode("cp1252", errors="replace"), "Windows-1252")


def _parse(text: str) -> HtmlElement | None:
    """A tree of the page; a fragment without <html> is wrapped so it parses as a page."""
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.replace("\x00", ""))
    tree = trafilatura.utils.load_html(text)
    if tree is None or len(tree) == 0:
        tree = trafilatura.utils.load_html(f"<html><body>{text}</body></html>")
    return tree


# --- the body ---------------------------------------------------------------------------------

def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _extract(tree: HtmlElement, url: str | None, precision: bool = True) -> list[str]:
    doc = trafilatura.bare_extraction(tree, url=url, favor_precision=precision, **_OPTIONS)
    text = getattr(doc, "text", None) or ""
    return [line for line in (_norm(x) for x in text.split("\n")) if line]


def _body(tree: HtmlElement, url: str | None, ld: list[dict]) -> list[str]:
    """The article's paragraphs, one a line (see the module docstring for the steps)."""
    lines = _extract(tree, url)
    if _words(" ".join(lines)) < _SHORT_BODY:
        balanced = _extract(tree, url, precision=False)
        if _words(" ".join(balanced)) > 2 * _words(" ".join(lines)):
            lines = balanced
    lines = _add_twins(tree, url, lines)
    article_body = max((n["articleBody"] for n in ld if isinstance(n.get("articleBody"), str)), key=len, default="")
    have = _words(" ".join(lines))
    if have < _SHORT_BODY or have < 0.5 * _words(article_body):  # the HTML may lack the body
        structured = _structured_body(tree, ld, article_body)
        if _words(" ".join(structured)) >= 50 and have < 0.5 * _words(" ".join(structured)):
            lines = structured
    lines = _clean(lines)
    return lines + _story_notes(tree, lines) if lines else lines


def _clean(lines: list[str]) -> list[str]:
    """Drop short furniture lines and repeated lines (pull quotes, doubled captions)."""
    kept: list[str] = []
    seen: set[str] = set()
    for line in lines:
        if line.lower() not in seen and not (_words(line) <= _FURNITURE_WORDS and _FURNITURE.search(line.lstrip("-• "))):
            kept.append(line)
            seen.add(line.lower())
    return kept


def _located(tree: HtmlElement, lines: list[str]) -> list[HtmlElement]:
    """The page's block elements whose text is an extracted line (long lines, found once only:
    a pull quote or a teaser repeating a paragraph says nothing of where the body is)."""
    wanted = {line.lstrip("-• ") for line in lines if _words(line) >= 8}
    found = [(el, text) for el in tree.iter(*_BLOCKS) if (text := _norm(el.text_content())) in wanted]
    counts = Counter(text for _, text in found)
    return [el for el, text in found if counts[text] == 1]


def _common_ancestor(elements: list[HtmlElement]) -> HtmlElement | None:
    shared = set.intersection(*(set(el.iterancestors()) for el in elements))
    return next((a for a in elements[0].iterancestors() if a in shared), None)


def _outside_article(el: HtmlElement) -> bool:
    return any(a.tag in _OUTSIDE for a in el.iterancestors())


def _link_density(el: HtmlElement) -> float:
    total = len(_norm(el.text_content())) or 1
    return sum(len(_norm(a.text_content())) for a in el.iter("a")) / total


def _add_twins(tree: HtmlElement, url: str | None, lines: list[str]) -> list[str]:
    """Add the text of containers repeating the body container's tag and class (a story split
    into chunks, or a newsletter's sections), which trafilatura leaves out after the first."""
    found = _located(tree, lines)
    container = _common_ancestor(found) if len(found) >= 2 else None
    for _ in range(3):
        if container is None or container.get("class") or container.tag in ("body", "html"):
            break
        container = container.getparent()
    if container is None or not container.get("class") or container.tag in ("body", "html", "article", "main"):
        return lines
    inside = set(container.iterancestors()) | set(container.iter())
    twins = [el for el in tree.xpath("//*[@class=$c]", c=container.get("class"))
             if el.tag == container.tag and el not in inside and not _outside_article(el)
             and _words(el.text_content()) >= 25 and _link_density(el) < 0.3]
    order = {el: i for i, el in enumerate(tree.iter())}
    after = [el for el in twins if order[el] > order[container]]  # before it: summaries, pull quotes
    if not after:
        return lines
    page = lxml.html.fromstring("<html><body><article></article></body></html>")
    for child in (child for el in after for child in el):  # one container, or trafilatura keeps one again
        page[0][0].append(deepcopy(child))
    known = {line.lower() for line in lines}
    return lines + [line for line in _extract(page, url) if line.lower() not in known]


def _story_notes(tree: HtmlElement, lines: list[str]) -> list[str]:
    """Short notes outside the extracted body that say whose story this is ("originally
    published by ...", "Additional reporting by ...; Editing by ..."): precision mode often
    prunes them with the page furniture around them, and attribution needs them."""
    body = " ".join(lines)
    notes: list[str] = []
    for el in tree.iter("p", "div", "span", "em", "i", "small", "section"):
        text = _norm(el.text_content()) if el.text and _NOTE.search(_norm(el.text)) else ""
        if (text and _words(text) <= _FURNITURE_WORDS and text not in body and text not in notes
                and not _FURNITURE.search(text) and not _outside_article(el)):
            notes.append(text)
    return notes


def _structured_body(tree: HtmlElement, ld: list[dict], body: str) -> list[str]:
    """The body as a client-rendered page ships it: JSON-LD `articleBody`, or better the JSON
    rich-text tree in a script that matches it (paragraphs kept, links-only blocks left out).
    A page's state often holds other stories too, hence the match against the page's own
    `articleBody` (or its description when there is none)."""
    reference = body or " ".join(str(n.get("description") or "") for n in ld) or " ".join(
        el.get("content") or "" for el in tree.xpath('//meta[@name="description" or @property="og:description"]'))
    best: list[str] = []
    best_score = 0.5
    wanted = Counter(_WORD.findall(reference.lower()))
    for script in tree.iter("script"):
        text = script.text or ""
        if not wanted or script.get("type") == "application/ld+json" or len(text) < 1000 or '"children"' not in text:
            continue
        for value in _json_values(text):
            for blocks in _json_block_lists(value):
                found = Counter(_WORD.findall(" ".join(blocks).lower()))
                score = sum((found & wanted).values()) / sum(wanted.values())
                if score > best_score or (score == best_score and best and len(blocks) > len(best)):
                    best, best_score = blocks, score
    return best or [line for line in (_norm(x) for x in body.split("\n")) if line]


def _json_values(text: str) -> Iterator[Any]:
    """The JSON values assigned in a script (`window.__STATE__ = {...};` or plain JSON)."""
    decoder = json.JSONDecoder(strict=False)
    for m in re.finditer(r"(?:^|=)\s*([\[{])", text):
        try:
            yield decoder.raw_decode(text, m.start(1))[0]
        except (ValueError, RecursionError):
            continue


def _json_block_lists(value: Any) -> Iterator[list[str]]:
    """Lists of rich-text block nodes ({"type": "p", "children": [...]} and kindred shapes)."""
    for node in _walk(value):
        blocks = [item for item in node if isinstance(item, dict) and _json_tag(item) in _JSON_BLOCKS] \
            if isinstance(node, list) else []
        if len(blocks) >= 3:
            texts = [(_norm(text), _norm(linked)) for text, linked in map(_json_text, blocks)]
            if lines := [text for text, linked in texts if text and linked != text]:
                yield lines


def _json_tag(node: dict) -> str:
    tag = node.get("type") or node.get("tagName") or node.get("tag") or node.get("nodeType") or node.get("_type")
    if tag == "tag":
        tag = node.get("name")
    return tag.lower() if isinstance(tag, str) else ""


def _json_text(node: Any, in_link: bool = False, depth: int = 0) -> tuple[str, str]:
    """(all text, text inside links) of a rich-text node."""
    if not isinstance(node, dict) or depth > 40:
        return "", ""
    in_link = in_link or _json_tag(node) in _JSON_LINKS
    parts = [node[key] for key in ("data", "text", "value") if isinstance(node.get(key), str)]
    linked = list(parts) if in_link else []
    for child in [c for key in ("children", "content") if isinstance(node.get(key), list) for c in node[key]]:
        text, link = _json_text(child, in_link, depth + 1)
        parts.append(text)
        linked.append(link)
    return "".join(parts), "".join(linked)


def _walk(value: Any, depth: int = 0) -> Iterator[Any]:
    """Every object and array inside a JSON value, depth-limited (page state nests deep)."""
    if depth > 60 or not isinstance(value, dict | list):
        return
    yield value
    for child in value.values() if isinstance(value, dict) else value:
        yield from _walk(child, depth + 1)


def _json_ld(tree: HtmlElement) -> list[dict]:
    """Every object in the page's JSON-LD, @graph and nested ones included."""
    found: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            found += [node for node in _walk(json.loads(script.text or "", strict=False)) if isinstance(node, dict)]
        except (ValueError, RecursionError):
            continue
    return found


# --- metadata ---------------------------------------------------------------------------------

def _published(tree: HtmlElement, ld: list[dict]) -> str | None:
    """The publication timestamp as the page states it, with its zone when one is given."""
    values = []
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if key in _DATE_META and el.get("content"):
            values.append((_DATE_META.index(key), el.get("content")))
    values.sort(key=lambda pair: pair[0])
    found = [value for _, value in values]
    found += [el.get("datetime") for el in tree.xpath("//time[@itemprop='datePublished' or @pubdate]")]
    found += [str(n["datePublished"]) for n in ld if n.get("datePublished")]
    zoned, naive = [], []
    for value in found:
        value = (value or "").strip()
        when = parse_published(value).when
        if when is not None and re.search(r"\d:\d\d", value) and _plausible(when):
            (zoned if when.tzinfo is not None else naive).append(when)
    if not zoned:
        return naive[0].isoformat() if naive else None
    best = zoned[0]
    if best.utcoffset() == timedelta(0):  # a UTC stamp is often the server's; a local one is the story's
        best = next((t for t in zoned if t == best and t.utcoffset() != timedelta(0)), best)
    return best.isoformat()


def _plausible(when: datetime) -> bool:
    now = datetime.now(when.tzinfo) if when.tzinfo else datetime.now()
    return when.year >= 1990 and when <= now + timedelta(days=2)


def _htmldate(tree: HtmlElement, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # noqa: BLE001 - a missing date is not a failure of the page
        return None


def _language(tree: HtmlElement, ld: list[dict]) -> str | None:
    """A two-letter code from <html lang>, Content-Language, og:locale or JSON-LD inLanguage."""
    values = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for el in tree.iter("meta"):
        key = (el.get("http-equiv") or el.get("property") or el.get("name") or "").lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            values.append(el.get("content"))
    values += [n.get("inLanguage") for n in ld if isinstance(n.get("inLanguage"), str)]
    for value in values:
        if value and (m := re.match(r"\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$", value)):
            return m.group(1).lower()
    return None


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit} bytes"
