"""Game reports: "Wales beat Hungary 2-0" is a result, not an act of violence.

A sentence with a word only games use, or a score, is read as sport; so is a whole article with
many words of games of several kinds, or several scores. The words are in data/cues.tsv
(`sport`, `sport_hint`, `tally`); the coder then drops `sport_act` triggers in such text.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from ..models import Actor
from .lexicon import Cues

_SCORE = re.compile(r"(?<![\d/.:-])\d{1,2}-\d{1,2}(?![\d/:-])")  # "2-0", "6-4": a game's score
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_PUBLIC = {"GOV", "MIL", "COP", "JUD", "LEG", "IGO", "SPY"}


def kept_in_sports_report(source: Actor | None, target: Actor | None) -> bool:
    """In a game report only acts of authorities are news ("Iran barred women from the stadium");
    players and teams praising or blaming each other ("the captain lauded the coach") are not."""
    return any(a is not None and a.sector in _PUBLIC for a in (source, target))


def sports_report(doc: Doc, cues: Cues) -> bool:
    """Many words of games, of several kinds ("match", "coach", "season", "cup"), at least one in
    every 200 words (a long trade-war feature with "team", "goal" and "final" is no game report),
    or scores."""
    words = [t.lemma_.lower() for t in doc if cues.is_("sport_hint", t.lemma_) or cues.is_("sport", t.lemma_)]
    return (len(words) >= 4 and len(set(words)) >= 3 and len(words) * 200 >= len(doc)) or scores(doc.text) >= 2


def sports_sentence(sent: Span, cues: Cues) -> bool:
    if any(cues.is_("sport", t.lemma_) for t in sent):
        return True
    return scores(sent.text) > 0 and not any(cues.is_("tally", t.lemma_) for t in sent)


def scores(text: str) -> int:
    """How many game scores a text holds: "2-0", but not a span of days ("on 27-8 February",
    "May 3-5", "from 10-12 March")."""
    count = 0
    for match in _SCORE.finditer(text):
        before = text[:match.start()].split()[-1:] or [""]
        after = text[match.end():].split()[:1] or [""]
        words = (before[0].lower().rstrip(".,"), after[0].lower())
        if words[0] in {"on", "from", "between"} or any(w.startswith(_MONTHS) for w in words):
            continue
        count += 1
    return count
