"""Telling English from other languages, cheaply and without a model download.

dyad codes English only; other languages are skipped with the reason "language xx not
supported" and counted, not failed. Counting frequent function words is enough for news-length
texts and costs microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = {"CYRILLIC": "ru", "ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja",
            "HANGUL": "ko", "GREEK": "el", "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th"}


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    text = resources.files("dyad.documents").joinpath("data/function_words.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {lang: frozenset(words.split(";")) for lang, words in rows[1:]}


def _script_language(sample: str) -> str | None:
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for c in letters:
        if ord(c) < 0x250:
            continue
        name = unicodedata.name(c, "")
        for script, lang in _SCRIPTS.items():
            if name.startswith(script):
                counts[lang] = counts.get(lang, 0) + 1
                break
    if counts:
        lang, n = max(counts.items(), key=lambda kv: kv[1])
        if n > 0.5 * len(letters):
            return lang
    return None


def detect_language(text: str, sample_chars: int = 4000) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:sample_chars]
    script = _script_language(sample)
    if script:
        return script
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < 8:
        return None
    scores = {lang: sum(1 for w in words if w in vocab) for lang, vocab in _function_words().items()}
    best = max(scores, key=scores.get)
    if scores["en"] >= 0.8 * scores[best] or scores[best] < 3:
        return "en" if scores["en"] else None
    return best
