"""War reports name one side and leave the other implied: "Iran launched a new offensive",
"1,200 Iraqis were killed". Once the article has shown who fights whom, an attack with one
side missing is against (or by) that side's only opponent in the article.

Runs over one article's mentions after the coder, before fusion. Only ASSAULT is filled in,
and only when the known side has exactly one opponent among the article's two-sided attacks:
with several opponents the sentence does not say which, and nothing is guessed.
"""

from __future__ import annotations

from dataclasses import replace

from ..models import make_actor
from .mention import Mention

_FILLED = {"ASSAULT"}


def fill_opponents(mentions: list[Mention], factor: float) -> list[Mention]:
    """The mentions, with a missing side of an attack filled in from the article's one
    opponent of the known side; such events carry `factor` on their confidence."""
    opponents: dict[str, set[str]] = {}
    for m in mentions:
        if m.type in _FILLED and m.source and m.target and m.source.country and m.target.country \
                and m.source.country != m.target.country and m.modality in {"asserted", "alleged"}:
            opponents.setdefault(m.source.country, set()).add(m.target.country)
            opponents.setdefault(m.target.country, set()).add(m.source.country)
    if not opponents:
        return mentions
    out = []
    for m in mentions:
        if m.type in _FILLED and not m.reciprocal:
            source, target = m.source, m.target
            if source and source.country and not (target and target.country):
                other = _only(opponents.get(source.country))
                if other:
                    m = replace(m, target=make_actor(target.text if target else "", None, other,
                                                     target.sector if target else None),
                                confidence=round(m.confidence * factor, 2))
            elif target and target.country and not (source and source.country) and not (
                    m.location and target.text == m.location.name):  # "15 wounded in Kabul": a place, not a side
                other = _only(opponents.get(target.country))
                if other:
                    m = replace(m, source=make_actor(source.text if source else "", None, other,
                                                     source.sector if source else None),
                                confidence=round(m.confidence * factor, 2))
        out.append(m)
    return out


def _only(countries: set[str] | None) -> str | None:
    return next(iter(countries)) if countries and len(countries) == 1 else None
