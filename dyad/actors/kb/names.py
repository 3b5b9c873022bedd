"""Name normalisation shared by the knowledge-base build and its lookup.

Both sides must fold names the same way, or a name written with accents in one source and
without in another ("Nausėda"/"Nauseda") would never meet; so there is one function, `name_key`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "ð": "d"})
# Common transliteration variants folded to one spelling, so "Mohamed" meets "Muhammad".
_TOKEN_VARIANTS = {
    **dict.fromkeys(["mohamed", "mohammed", "mohammad", "muhammed", "mohamad", "muhamad", "mohammod",
                     "mohamud", "muhammad"], "muhammad"),
    **dict.fromkeys(["ahmed", "ahmad", "ahmet"], "ahmad"),
    **dict.fromkeys(["hussein", "hussain", "husain", "hossein", "husein"], "husayn"),
    **dict.fromkeys(["abdel", "abdul", "abd"], "abdul"),
    **dict.fromkeys(["sergei", "sergey", "sergiy", "serhiy"], "sergei"),
    **dict.fromkeys(["yuri", "yury", "yuriy", "iurii"], "yuri"),
    **dict.fromkeys(["dmitri", "dmitry", "dmitriy", "dimitri", "dimitriy"], "dmitri"),
    **dict.fromkeys(["aleksandr", "alexander", "aleksander", "oleksandr"], "alexander"),
}
_NON_WORD = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """"Nausėda" -> "Nauseda", "Łukaszenka" -> "Lukaszenka"; case and punctuation kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Accents removed, case folded, punctuation to single spaces: "Khürelsükh" -> "khurelsukh"."""
    bare = text if text.isascii() else strip_accents(text)  # most names: nothing to decompose
    return _NON_WORD.sub(" ", bare.casefold().replace("'", "")).strip()


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup key of a name: folded, and transliteration variants of common tokens unified."""
    return " ".join(_TOKEN_VARIANTS.get(token, token) for token in fold(text).split())


# Countries whose names are written family name first ("Xi Jinping", "Orbán Viktor" at home, but
# "Viktor Orbán" in English news; "Khürelsükh Ukhnaa" or "Ukhnaagiin Khürelsükh"): a name of theirs
# is also indexed with its first word moved last and its last word moved first, so either order meets.
FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "HUN", "MNG", "JPN", "VNM", "KHM"})


def key_variants(key: str, country: str = "") -> set[str]:
    """Other keys under which a name key is also found: the order of a family-name-first country
    reversed, initials dropped ("george w bush" -> "george bush"), runs of initials joined
    ("k p sharma oli" -> "kp sharma oli"). Used on both sides, the base's names and a query."""
    tokens = key.split()
    out: set[str] = set()
    if len(tokens) < 2:
        return out
    if country in FAMILY_NAME_FIRST:
        out.add(" ".join([*tokens[1:], tokens[0]]))
        out.add(" ".join([tokens[-1], *tokens[:-1]]))
    long_words = [t for t in tokens if len(t) > 1]
    if 2 <= len(long_words) < len(tokens):
        out.add(" ".join(long_words))
        joined: list[str] = []
        previous_initial = False
        for token in tokens:  # consecutive initials become one word
            initial = len(token) == 1
            if initial and previous_initial:
                joined[-1] += token
            else:
                joined.append(token)
            previous_initial = initial
        out.add(" ".join(joined))
    out.discard(key)
    return out


def strip_possessive(text: str) -> str:
    """"Putin's" -> "Putin", "Nausėda’s" -> "Nausėda", "Jesus'" stays a name."""
    for ending in ("'s", "’s", "'S", "’S"):
        if text.endswith(ending):
            return text[: -len(ending)]
    return text
