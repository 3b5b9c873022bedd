"""The texts the corpus annotates, by article id, read from the shared news corpus.

Ids are the corpus's own (`reuters21578-1290`, `bbc-politics-012`, `zyte-aeb-…`) plus
`feed-<file stem>-<item number>` for RSS/Atom items, whose text is what dyad's feed reader gives
(so a feed item's offsets are relative to that text). The base text of every article is the
record's `text` field, exactly: offsets index it as a Python string.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JSONL_COLLECTIONS = {
    "reuters21578": "reuters21578.jsonl",
    "bbc": "bbc2225.jsonl",
    "zyte-aeb": "html/zyte_aeb/articles.jsonl",
}


@dataclass(frozen=True)
class CorpusText:
    """One article as the annotators saw it: its id, collection, story date, title and body."""

    id: str
    collection: str
    text: str
    date: str | None = None
    title: str | None = None
    dateline: str | None = None

    @property
    def sha256(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    """The hash that pins an article's text (and, short, each span's): sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shared_corpus_dir(explicit: str | Path | None = None) -> Path:
    """Where the shared news corpus is: an explicit path, $DYAD_SHARED_CORPUS, or ../shared/corpus
    beside the repository."""
    if explicit:
        return Path(explicit)
    if os.environ.get("DYAD_SHARED_CORPUS"):
        return Path(os.environ["DYAD_SHARED_CORPUS"])
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def collection_of(article_id: str) -> str:
    for name in (*JSONL_COLLECTIONS, "feed"):
        if article_id.startswith(name + "-"):
            return name
    raise ValueError(f"article id {article_id!r} names no known collection")


def iter_texts(corpus: Path, collections: tuple[str, ...] = (*JSONL_COLLECTIONS, "feed")) -> Iterator[CorpusText]:
    """Every article with a non-empty body in the named collections, in file order."""
    for name in collections:
        if name == "feed":
            yield from _feed_texts(corpus)
            continue
        with open(corpus / JSONL_COLLECTIONS[name], encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if (record.get("text") or "").strip():
                    yield CorpusText(record["id"], name, record["text"], _day(record.get("date")),
                                     record.get("title"), record.get("dateline"))


def load_texts(ids: set[str], corpus: Path) -> dict[str, CorpusText]:
    """The texts of the given ids (reads only the collections they come from)."""
    wanted = tuple(sorted({collection_of(i) for i in ids}))
    return {t.id: t for t in iter_texts(corpus, wanted) if t.id in ids}


def _day(value: str | None) -> str | None:
    return value[:10] if value else None


def _feed_texts(corpus: Path) -> Iterator[CorpusText]:
    from ..sources.feeds import read_feed

    manifest = json.loads((corpus / "feeds" / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest:
        path = corpus / "feeds" / entry["file"]
        stem = path.name.split(".")[0]
        with open(path, "rb") as stream:
            for item in read_feed(stream, str(path)):
                text = getattr(item, "text", None)
                if text and getattr(item, "language", None) in (None, "en", "en-us", "en-gb"):
                    yield CorpusText(f"feed-{stem}-{item.position}", "feed", text, _day(item.published),
                                     item.title)
