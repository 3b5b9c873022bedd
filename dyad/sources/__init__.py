"""Readers, one per input kind, and `iter_documents` which picks one per path.

Every reader is a generator of `RawDocument | Failure`: a broken item is reported and the
next one is read, so one bad file never stops a batch.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import DyadError, UnsupportedInput
from ..models import Failure, RawDocument
from .decode import looks_binary
from .jsonl import read_jsonl
from .text import read_text

Reader = Callable[[BinaryIO, str], Iterator[RawDocument | Failure]]

READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "text": read_text,
}
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".txt": "text", ".text": "text"}
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "manifest.json", "README.md"}


def kind_for(name: str, head: bytes) -> str:
    """Choose a reader by extension (after .gz), then by content."""
    stem = name[:-3] if name.endswith(".gz") else name
    ext = os.path.splitext(stem)[1].lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if head.lstrip()[:1] == b"{":
        return "jsonl"
    if looks_binary(head):
        return "text"  # the text reader gives the clear "binary data" error
    return "text"


def _open(path: Path) -> BinaryIO:
    """A buffered binary stream of the file, decompressed when it is gzip."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")  # noqa: SIM115 - closed by the caller's with-block


def read_path(path: Path) -> Iterator[RawDocument | Failure]:
    """All documents of one file; any error becomes a Failure naming the file."""
    origin = str(path)
    try:
        with _open(path) as stream:
            head = stream.peek(512)[:512] if hasattr(stream, "peek") else b""
            reader = READERS[kind_for(path.name, head)]
            yield from reader(stream, origin)
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


def iter_documents(specs: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[RawDocument | Failure]:
    """Documents from paths, directories (recursive) and `-` (stdin), in order."""
    for spec in specs:
        if spec == "-":
            data = (stdin or sys.stdin.buffer).read()
            head = data[:512]
            reader = READERS[kind_for("stdin", head)]
            try:
                yield from reader(io.BytesIO(data), "stdin")
            except DyadError as exc:
                yield Failure("stdin", exc.message)
            continue
        path = Path(spec)
        if path.is_dir():
            for file in walk(path):
                yield from read_path(file)
        elif path.is_file():
            yield from read_path(path)
        elif not path.exists():
            yield Failure(spec, "no such file or directory")
        else:
            yield Failure(spec, str(UnsupportedInput("not a regular file or directory").message))
