"""From a `RawDocument` to an `Article`: body, metadata, story date, stable id."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata

from ..datafiles import word_set
from ..errors import DocumentError, EmptyInput, UnsupportedLanguage
from ..models import Article, RawDocument
from .language import detect_language
from .layout import find_dateline, split_wire_layout
from .published import Published, parse_published

_WS = re.compile(r"\s+")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD, one character for one (offsets hold).

    A JSON escape such as "\\ud800", or a file name with bytes that are not UTF-8, gives a
    Python string that no UTF-8 encoder accepts: the store, the hash and every output would
    fail on it, and the whole batch with it. Valid pairs never reach here (json joins them).
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def normalize_for_hash(text: str) -> str:
    """Collapse what does not change the story (case, spacing, Unicode form, quote style)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WS.sub(" ", text).strip().lower()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


def clean_body(text: str) -> str:
    """Normalise line ends and spaces inside lines, keeping one paragraph per line.

    Paragraphs separated by blank lines (JSONL corpora) and by single newlines (saved wire
    text) both end up as one paragraph per line, which the parser treats as sentence breaks.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    paragraphs = [_WS.sub(" ", p).strip() for p in re.split(r"\n\s*\n|\n", text)]
    return "\n".join(p for p in paragraphs if p)


def build_article(raw: RawDocument, notes: list[str] | None = None) -> Article:
    """Interpret one raw item; raises `DocumentError` subclasses for unusable items.

    With `notes` (a batch), what is wrong but does not make the item unusable is appended to it
    instead: an unreadable publication date keeps the article, undated, rather than losing it.
    Without (one article coded on request, `dyad code --date`), that date is an error."""
    raw = dataclasses.replace(raw, **{f.name: valid_unicode(value) for f in dataclasses.fields(raw)
                                      if isinstance(value := getattr(raw, f.name), str)})
    title, outlet, published_text = raw.title, raw.outlet, raw.published
    text = raw.text
    if raw.layout == "wire":
        parts = split_wire_layout(text)
        title = title or parts.title
        outlet = outlet or parts.outlet
        published_text = published_text or (parts.date_lines[0] if parts.date_lines else None)
        text = parts.body
    body = clean_body(text)
    if not body:
        raise EmptyInput("no body text", item=raw.where)
    language = raw.language or detect_language(body)
    if language and language != "en":
        raise UnsupportedLanguage(f"language {language} not supported", item=raw.where)
    published = parse_published(published_text) if published_text else Published(None, None, None)
    if published_text and published.when is None:
        if notes is None:
            raise DocumentError(f"unreadable publication date {published_text!r}; give an ISO date such as "
                                "2023-09-15 or leave it out", item=raw.where)
        notes.append(f"unreadable publication date {published_text!r}: stored undated (relative dates in "
                     "the text stay unresolved); give an ISO date such as 2023-09-15")
    datelines, _ = find_dateline(body)
    if raw.dateline and not datelines:
        datelines = tuple(p.strip().title() for p in re.split(r"[/,]", raw.dateline)[:1] if p.strip())
    digest = content_hash(body)
    return Article(
        id=raw.id or f"a_{digest[:16]}",
        text=body,
        content_hash=digest,
        title=title,
        outlet=outlet,
        url=raw.url,
        published=published.when,
        story_date=published.story_date,
        timezone=published.zone,
        datelines=datelines,
        language="en",
        origin=raw.origin,
        position=raw.position,
        author=raw.author,
    )


def text_for_parsing(article: Article) -> str:
    """The body with its dateline blanked out, same length so that offsets stay valid.

    "SEOUL/MOSCOW:" is not part of the first sentence; left in, the parser makes it the subject.
    """
    _, end = find_dateline(article.text)
    text = " " * end + article.text[end:] if end else article.text
    text = _ABBREVIATION_CAPITAL.sub(_lower_after_abbreviation, text)
    return _ABBREVIATION_NOUN.sub(lambda match: _lower_common_word(match, text), text)


# "the U.S. And Kuwait": a capitalised word after an abbreviation ("U.S.", "U.K.") that cannot open
# a sentence is read in lower case, so the sentence is not split at the abbreviation
_ABBREVIATION_CAPITAL = re.compile(r"\b((?:[A-Z]\.){2,} )([A-Z][a-z]+)\b")


def _lower_after_abbreviation(match: re.Match) -> str:
    word = match.group(2)
    if word.lower() in word_set("dyad.documents", "data/abbreviation_capitals.tsv", "word"):
        return match.group(1) + word.lower()
    return match.group(0)


# Wire copy also capitalises nouns after "U.S." ("U.S. Officials said", "a U.S. Attack on Iran", "U.S.
# Warships shelled"): read as a name, "U.S. Officials" resolves to no country. A capitalised word
# after such an abbreviation is read in lower case when it is a noun of the trigger lexicon ("a U.S.
# Complaint that", "U.S. Sanctions against") or the article itself writes that word in lower case
# elsewhere (so it is a common word here), and the next word is not capitalised (so it does not
# open a name): "U.S. Treasury Secretary James Baker" and initials ("J.P. Morgan and Co": the article
# never writes "morgan") are left alone. Same length: offsets stay valid.
_ABBREVIATION_NOUN = re.compile(r"\b((?:[A-Z]\.){2,} )([A-Z][a-z]+)(?=[ ,;:]+[^A-Z\s])")


def _lower_common_word(match: re.Match, text: str) -> str:
    word = match.group(2).lower()
    if _event_noun(word) or re.search(r"(?<![\w.])" + word + r"\b", text):
        return match.group(1) + word
    return match.group(0)


def _event_noun(word: str) -> bool:
    """A noun of the trigger lexicon ("a U.S. Complaint that", "U.S. Sanctions against"), singular or plural."""
    from ..events.lexicon import lexicon  # the coder's own lexicon, loaded once (imported here: no cycle)

    nouns = lexicon().nouns()
    return word in nouns or word.endswith("s") and (word[:-1] in nouns or word.endswith("es") and word[:-2] in nouns)

