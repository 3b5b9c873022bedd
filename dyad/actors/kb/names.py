"""Name normalisation shared by the knowledge-base build and its lookup.

Both sides must fold names the same way, or a name written with accents in one source and
without in another ("Nausėda"/"Nauseda") would never meet; so there is one function, `name_key`.
"""

from __future__ import annotations

import re
import unicodedata

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


def fold(text: str) -> str:
    """Accents removed, case folded, punctuation to single spaces: "Khürelsükh" -> "khurelsukh"."""
    if text.isascii():  # most names: nothing to decompose
        bare = text
    else:
        decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", bare.casefold().replace("'", "")).strip()


def name_key(text: str) -> str:
    """The lookup key of a name: folded, and transliteration variants of common tokens unified."""
    return " ".join(_TOKEN_VARIANTS.get(token, token) for token in fold(text).split())
