"""Reading the plain-text layout of a wire story, and the dateline that opens its body.

A wire story saved as text looks like::

    Putin 'gratefully' accepts Kim invite to visit North Korea - Kremlin     <- headline
    Reuters                                                                   <- outlet
    September 15, 2023 17:30 MYT                                              <- date line(s)
    SEOUL/MOSCOW: Russian President Vladimir Putin accepted ...               <- body, with dateline

The header is recognised by shape, not by position alone, so a file that is only body text is
read as body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .published import looks_like_date_line

# "SEOUL/MOSCOW:", "WASHINGTON, Oct 19 -", "LONDON (Reuters) -", "KYIV, Ukraine, March 3 (AP) --"
_DATELINE = re.compile(
    r"""^\s*
    (?P<places>[A-Z][A-Z.'’\- ]{1,40}(?:\s*/\s*[A-Z][A-Z.'’\- ]{1,40})*)      # PLACE or PLACE/PLACE
    (?P<rest>(?:,\s*[A-Z][A-Za-z.]+(?:\s+[A-Za-z.]+)?)?                        # , Ukraine  /  , Oct
    (?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?                                     # , Oct 19
    (?:\s*\((?:[A-Za-z .]{2,30})\))?)                                          # (Reuters)
    \s*(?::|-{1,2}|–|—)\s+""",
    re.VERBOSE,
)
_MAX_HEADER_LINES = 6


@dataclass(frozen=True)
class WireParts:
    title: str | None
    outlet: str | None
    date_lines: tuple[str, ...]
    body: str


def split_wire_layout(text: str) -> WireParts:
    """Split headline, outlet and date lines from the body, when the text has that header.

    The header must contain at least one date line within its first lines; otherwise the whole
    text is the body (a file of paragraphs has no header to strip).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    head = nonblank[:_MAX_HEADER_LINES]
    date_idx = [i for i in head if looks_like_date_line(lines[i])]
    if not date_idx or date_idx[0] == head[0]:
        return WireParts(None, None, (), text.strip("\n"))
    title = lines[head[0]].strip()
    outlet_candidates = [i for i in head if head[0] < i < date_idx[0]]
    outlet = lines[outlet_candidates[-1]].strip() if outlet_candidates else None
    last_date = date_idx[0]
    for i in head:
        if i > last_date and looks_like_date_line(lines[i]):
            last_date = i
        elif i > last_date:
            break
    date_lines = tuple(lines[i].strip() for i in head if date_idx[0] <= i <= last_date and lines[i].strip())
    body = "\n".join(lines[last_date + 1:]).strip("\n")
    return WireParts(title, outlet, date_lines, body)


def find_dateline(body: str) -> tuple[tuple[str, ...], int]:
    """The dateline places at the start of the body and the length of the dateline prefix.

    Returns ((), 0) when the body does not open with a dateline. Places are title-cased
    ("SEOUL/MOSCOW:" gives ("Seoul", "Moscow")).
    """
    match = _DATELINE.match(body[:120])
    if not match:
        return (), 0
    places = tuple(p.strip().title() for p in match.group("places").split("/") if p.strip())
    if not places or any(len(p) < 2 for p in places):
        return (), 0
    return places, match.end()
