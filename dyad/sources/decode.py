"""Bytes to text, with the checks every reader needs: empty, binary, compressed, encoding."""

from __future__ import annotations

import gzip
from dataclasses import dataclass

from ..errors import BinaryInput, EmptyInput, MalformedInput

MAX_ITEM_BYTES = 50 * 1024 * 1024

# Bytes Windows-1252 leaves undefined, and þ/ÿ, which English text in that encoding never has
# but which stand out in damaged UTF-8 (0xFF and 0xFE never occur in UTF-8).
_NOT_WINDOWS_1252_TEXT = frozenset(b"\x81\x8d\x8f\x90\x9d\xfe\xff")


@dataclass(frozen=True)
class Decoded:
    """Text of one record; `replaced` counts the bytes replaced by U+FFFD, and `note` says what a
    person should be told about how the bytes were read (None when they were read as declared)."""

    text: str
    replaced: int = 0
    note: str | None = None

    @classmethod
    def guessed(cls, text: str, encoding: str) -> Decoded:
        return cls(text, note=f"not UTF-8: decoded as {encoding}")

    @classmethod
    def damaged(cls, text: str, replaced: int) -> Decoded:
        return cls(text, replaced, f"{replaced} invalid UTF-8 byte{'s' if replaced > 1 else ''} replaced by U+FFFD "
                                   "(the rest of the text is intact)")


def decode_record(data: bytes) -> Decoded:
    """Decode one record (a file, a JSONL line, a page) on its own, so a bad byte in one record
    never changes how any other is read.

    Valid UTF-8 (with or without BOM) is read as is. A record that holds valid UTF-8 characters
    and some bad bytes is damaged UTF-8: only the bad bytes are replaced, so "Guaidó" stays
    "Guaidó" beside them. A record with no UTF-8 character at all whose high bytes are all
    Windows-1252 text (curly quotes, dashes, accented letters) is Windows-1252, the usual
    legacy encoding of news files.
    """
    try:
        return Decoded(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    replaced_text = data.decode("utf-8-sig", errors="replace")
    has_utf8_characters = any(ord(c) > 127 and c != "\ufffd" for c in replaced_text)
    high = {b for b in data if b > 127}
    if not has_utf8_characters and not high & _NOT_WINDOWS_1252_TEXT:
        return Decoded.guessed(data.decode("cp1252", errors="replace"), "Windows-1252")
    replaced = replaced_text.count("\ufffd") - data.count("\ufffd".encode())
    return Decoded.damaged(replaced_text, max(replaced, 1))


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


def decode_text(data: bytes, item: str) -> Decoded:
    """Decode one text item with `decode_record`.

    Raises a one-line `InputError` naming the item for empty or binary input.
    """
    if len(data) > MAX_ITEM_BYTES:
        raise MalformedInput(f"item is {len(data) // 1_000_000} MB, over the {MAX_ITEM_BYTES // 1_000_000} MB "
                             "limit for one article; split it", item=item)
    if not data.strip():
        raise EmptyInput("empty input", item=item)
    if looks_binary(data):
        raise BinaryInput("binary data, not text (is this the right file?)", item=item)
    return decode_record(data)
