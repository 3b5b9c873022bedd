"""Readers, one per input kind, and `iter_documents` which picks one per path or URL.

Every reader is a generator of `RawDocument | Failure` with the signature
`reader(stream, origin, options) -> Iterator[RawDocument | Failure]`: a broken item is reported
and the next one is read, so one bad file never stops a batch. Kinds are chosen by extension
(after a `.gz`), then by the first bytes.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import BinaryIO

from ..errors import DyadError
from ..models import NOT_ARTICLE, Failure, RawDocument
from .options import ReadOptions

Reader = Callable[[BinaryIO, str, ReadOptions], Iterator[RawDocument | Failure]]

# kind -> (module, function); modules are imported on first use so a plain-text run never
# loads trafilatura, feedparser or warcio.
READERS: dict[str, tuple[str, str]] = {
    "jsonl": ("dyad.sources.jsonl", "read_jsonl"),
    "text": ("dyad.sources.text", "read_text"),
    "html": ("dyad.sources.html", "read_html"),
    "feed": ("dyad.sources.feeds", "read_feed"),
    "warc": ("dyad.sources.warc", "read_warc"),
}
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "text", ".text": "text", ".html": "html",
               ".htm": "html", ".xhtml": "html", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
               ".warc": "warc", ".arc": "warc"}
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "manifest.json", "README.md"}
# Files that are never articles, skipped by extension (after .gz) and counted, not read as text:
# a project's own files, images, documents and data of other kinds found beside the articles
# (Markdown is read: an article may be written in it; README.md is skipped by name).
NOT_ARTICLE_EXTENSIONS = frozenset({
    ".toml", ".py", ".pyc", ".cfg", ".ini", ".yaml", ".yml", ".lock", ".sh", ".js", ".css", ".map", ".rst",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".tif", ".tiff",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".tar", ".tgz", ".7z", ".whl",
    ".mp3", ".mp4", ".wav", ".mov", ".parquet", ".duckdb", ".db", ".sqlite", ".pkl", ".npy", ".so", ".exe",
})


def is_not_article(name: str) -> bool:
    """By its name alone, a file that holds no article (pyproject.toml, photo.jpg, notes.md)."""
    stem = name[:-3] if name.lower().endswith(".gz") else name
    return os.path.splitext(stem)[1].lower() in NOT_ARTICLE_EXTENSIONS


def reader_for(kind: str) -> Reader:
    module, function = READERS[kind]
    return getattr(import_module(module), function)


def kind_for(name: str, head: bytes) -> str:
    """Choose a reader by extension (after .gz), then by content."""
    stem = name[:-3] if name.lower().endswith(".gz") else name
    ext = os.path.splitext(stem)[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    sniff = head.lstrip()[:2048].lower()
    if sniff.startswith((b"warc/", b"filedesc://")):
        return "warc"
    if sniff[:1] == b"{":
        return "jsonl"
    if b"<rss" in sniff or b"<feed" in sniff or b"<rdf:rdf" in sniff:
        return "feed"
    if sniff.startswith((b"<!doctype html", b"<html")) or b"<html" in sniff[:1024] or b"<body" in sniff:
        return "html"
    if ext == ".xml":
        return "feed"
    return "text"  # the text reader gives the clear "binary data" error for binary input


def _open(path: Path) -> BinaryIO:
    """A buffered binary stream of the file, decompressed when it is gzip (not WARC, whose
    records are gzipped one by one and read by warcio itself)."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b" and not path.name.lower().endswith((".warc.gz", ".arc.gz")):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")  # noqa: SIM115 - closed by the caller's with-block


def _head(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(4096)[:4096] if peek else b""


def read_path(path: Path, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """All documents of one file; any error becomes a Failure naming the file."""
    options = options or ReadOptions()
    origin = str(path)
    if is_not_article(path.name):
        yield Failure(origin, f"not an article ({path.suffix} file): skipped", stage=NOT_ARTICLE)
        return
    try:
        with _open(path) as stream:
            head = _head(stream)
            if path.name.lower().endswith((".warc.gz", ".arc.gz")):
                head = b"WARC/"
            yield from reader_for(kind_for(path.name, head))(stream, origin, options)
    except DyadError as exc:
        yield Failure(origin, exc.message)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield Failure(origin, f"cannot read file ({exc.__class__.__name__}: {exc})")


def walk(path: Path) -> Iterator[Path]:
    """Files under a directory, recursively, in a stable order; hidden files skipped."""
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name not in _SKIP_NAMES:
                yield Path(root) / name


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def iter_documents(specs: Iterable[str], stdin: BinaryIO | None = None,
                   options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    """Documents from paths, directories (recursive), URLs and `-` (stdin), in order."""
    options = options or ReadOptions()
    for spec in specs:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read()
            try:
                yield from reader_for(kind_for("stdin", data[:4096]))(io.BytesIO(data), "stdin", options)
            except DyadError as exc:
                yield Failure("stdin", exc.message)
            continue
        if is_url(spec):
            from .url import read_url

            yield from read_url(spec, options)
            continue
        if spec.startswith("urls:"):
            from .url import read_url_list

            yield from read_url_list(spec[5:], options)
            continue
        path = Path(spec)
        if path.is_dir():
            for file in walk(path):
                yield from read_path(file, options)
        elif path.is_file():
            yield from read_path(path, options)
        elif not path.exists():
            yield Failure(spec, "no such file or directory")
        else:
            yield Failure(spec, "not a regular file or directory")
