"""Plain-text articles: one article per file, in the wire layout or body only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ..errors import DyadError
from ..models import Failure, RawDocument
from .decode import MAX_ITEM_BYTES, decode_text
from .options import ReadOptions


def read_text(stream: BinaryIO, origin: str, options: ReadOptions | None = None) -> Iterator[RawDocument | Failure]:
    try:
        decoded = decode_text(stream.read(MAX_ITEM_BYTES + 1), origin)
    except DyadError as exc:
        yield Failure(origin, exc.message)
        return
    yield RawDocument(origin=origin, text=decoded.text, layout="wire", decoding=decoded.note)
