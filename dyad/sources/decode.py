"""Bytes to text, with the checks every reader needs: empty, binary, compressed, encoding."""

from __future__ import annotations

import gzip

from ..errors import BinaryInput, EmptyInput, MalformedInput

MAX_ITEM_BYTES = 50 * 1024 * 1024


def maybe_gunzip(data: bytes, item: str) -> bytes:
    """Transparent gzip: readers never need to care whether a file was compressed."""
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise MalformedInput(f"corrupt gzip data ({exc})", item=item) from exc
    return data


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first KB: not a text file."""
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > max(8, len(head) // 50)


def decode_text(data: bytes, item: str) -> str:
    """Decode UTF-8 (with or without BOM), falling back to Windows-1252, the usual culprit.

    Raises a one-line `InputError` naming the item for empty or binary input.
    """
    if len(data) > MAX_ITEM_BYTES:
        raise MalformedInput(f"item is {len(data) // 1_000_000} MB, over the {MAX_ITEM_BYTES // 1_000_000} MB "
                             "limit for one article; split it", item=item)
    if not data.strip():
        raise EmptyInput("empty input", item=item)
    if looks_binary(data):
        raise BinaryInput("binary data, not text (is this the right file?)", item=item)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
