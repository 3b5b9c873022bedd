"""Plain-text articles: one article per file, in the wire layout or body only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..models import Failure, RawDocument
from .options import ReadOptions
from .decode import MAX_ITEM_BYTES, decode_text


def read_text(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    data = stream.read(MAX_ITEM_BYTES + 1)
    text = decode_text(data, origin)
    yield RawDocument(origin=origin, text=text, layout="wire")
