"""Reading TABARI/PETRARCH actor and agent dictionaries, and matching their phrases in text.

Users bring decades of curated dictionaries in this format (the Phoenix files hold 27,000
actors, many with date-bounded codes). `dyad actors import` parses them into the user's database;
the resolver then consults them after dyad's own data (or before, with `--priority high`).

Actor records::

    VLADIMIR_PUTIN_  # comment
    +PUTIN_
    +PRESIDENT_VLADIMIR_PUTIN_
        [RUSGOV 991231-080507]    (each restriction line starts with a tab)
        [RUSGOV >080508]
        [RUSELI]

Agent records (role nouns, adding a sector to an actor)::

    FOREIGN_MINISTER [~GOVFRM]
    !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
    CONGRESS!PERSON! [~LEG]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import InputError, UnsupportedInput

_CODE = re.compile(r"\[([^\]\s]+)(?:\s+([^\]]+))?\]")
_SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(frozen=True)
class DictionaryEntry:
    """One phrase with one code, valid between two dates (None: open)."""

    phrase: str
    code: str
    valid_from: date | None
    valid_to: date | None
    source: str
    kind: str = "actor"  # actor | agent

    @property
    def country(self) -> str | None:
        return self.code[:3] if self.kind == "actor" and len(self.code) >= 3 else None

    @property
    def sector(self) -> str | None:
        body = self.code[3:] if self.kind == "actor" else self.code.strip("~")
        return body[:3] or None

    def valid_at(self, when: date | None) -> bool:
        if when is None:
            return True
        return (self.valid_from is None or self.valid_from <= when) and (self.valid_to is None or when <= self.valid_to)


def _day(text: str, where: str) -> date:
    text = text.strip()
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            yy = int(text[:2])
            return date((2000 if yy < 40 else 1900) + yy, int(text[2:4]), int(text[4:]))
    except ValueError:
        pass
    raise InputError(f"bad date {text!r} in a restriction; dates are YYYYMMDD or YYMMDD", item=where)


def _restriction(text: str | None, where: str) -> tuple[date | None, date | None]:
    if not text:
        return None, None
    text = text.strip()
    if text.startswith("<"):
        return None, _day(text[1:], where)
    if text.startswith(">"):
        return _day(text[1:], where), None
    if "-" in text:
        start, _, end = text.partition("-")
        return _day(start, where), _day(end, where)
    raise InputError(f"bad date restriction {text!r}; use <date, >date or date-date", item=where)


def _phrase(text: str) -> str:
    return " ".join(part for part in text.replace("_", " ").split() if part)


def _strip_comment(line: str) -> str:
    for mark in ("#", ";"):
        cut = line.find(mark)
        if cut >= 0 and (cut == 0 or line[cut - 1].isspace() or mark == "#"):
            line = line[:cut]
    return line.rstrip()


def parse_actors(lines: Iterable[str], source: str, problems: list[str] | None = None) -> Iterator[DictionaryEntry]:
    """Entries of an actor dictionary: every phrase of a record with each of its codes.

    A malformed date restriction (real files have typos such as "9008223") is skipped and
    reported in `problems`, never allowed to stop an import of 27,000 actors."""
    phrases: list[str] = []
    default: str | None = None
    restrictions: list[tuple[str, date | None, date | None]] = []

    def flush() -> Iterator[DictionaryEntry]:
        codes = restrictions or ([(default, None, None)] if default else [])
        if restrictions and default:
            codes = [*restrictions, (default, None, None)]
        for phrase in phrases:
            for code, start, end in codes:
                yield DictionaryEntry(phrase, code, start, end, source)

    for number, raw in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if raw.startswith(("\t", " ")) and raw.strip().startswith("["):
            match = _CODE.search(raw)
            if match:
                try:
                    start, end = _restriction(match.group(2), where)
                except InputError as exc:
                    if problems is not None:
                        problems.append(str(exc))
                    continue
                restrictions.append((match.group(1), start, end))
            continue
        line = _strip_comment(raw).strip()
        if not line or line.startswith("<!--"):
            continue
        if line.startswith("+"):
            text = _CODE.sub("", line[1:])
            if text.strip():
                phrases.append(_phrase(text))
            continue
        if phrases:  # a new primary phrase starts a new record
            yield from flush()
            phrases, default, restrictions = [], None, []
        match = _CODE.search(line)
        default = match.group(1) if match else None
        text = _CODE.sub("", line)
        if text.strip():
            phrases.append(_phrase(text))
    if phrases:
        yield from flush()


def parse_agents(lines: Iterable[str], source: str) -> Iterator[DictionaryEntry]:
    """Entries of an agent dictionary, with substitution sets and irregular plurals expanded."""
    substitutions: dict[str, list[str]] = {}
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line:
            continue
        sub = _SUBSTITUTION.match(line)
        if sub:
            substitutions[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        match = re.search(r"\[([^\]\s]+)[\]}]", line)
        if not match:
            continue
        code = match.group(1)
        head = line[:match.start()]
        plurals = re.search(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        forms = [head]
        for marker, words in substitutions.items():
            if marker in head:
                forms = [f.replace(marker, w) for f in forms for w in words]
        if plurals and plurals.group(1).strip():
            forms += plurals.group(1).split()
        for form in forms:
            yield DictionaryEntry(_phrase(form), code, None, None, source, kind="agent")


_VERB_CODE = re.compile(r"\[(?:-{3}|\d{3,4}[A-Z]?)\]")  # "[---]", "[070]": CAMEO event codes of a verb file


def dictionary_kind(lines: Sequence[str]) -> str:
    """"actor", "agent", "verb" (CAMEO verb patterns) or "discards" (phrases marking text to skip),
    told by the codes of the first 3,000 lines: PETRARCH ships all four side by side
    (Phoenix.*.txt), and only the first two are actors."""
    head = lines[:3000]
    verb = sum(1 for line in head if _VERB_CODE.search(line))
    agent = sum(1 for line in head if "[~" in line or "~]" in line)
    actor = sum(1 for line in head if re.search(r"\[[A-Z]{3}", line))
    if verb > max(agent, actor):
        return "verb"
    if not (verb or agent or actor) and any("discard" in line.lower() for line in head if line.startswith("#")):
        return "discards"
    return "agent" if agent > actor else "actor"


def read_dictionary(path: str | Path, problems: list[str] | None = None) -> list[DictionaryEntry]:
    """Parse an actor or agent dictionary file, telling the kind by its codes.

    Raises `UnsupportedInput` for the other PETRARCH files (verb patterns, discards), which
    hold no actors: the caller skips them with the reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", item=str(path)) from exc
    lines = text.splitlines()
    kind = dictionary_kind(lines)
    if kind == "verb":
        raise UnsupportedInput("a CAMEO verb-pattern dictionary, not actors or agents (dyad codes event "
                               "types with its own lexicon)", item=str(path))
    if kind == "discards":
        raise UnsupportedInput("a discards list (phrases that mark text to skip), not actors or agents",
                               item=str(path))
    entries = list(parse_agents(lines, path.name) if kind == "agent" else parse_actors(lines, path.name, problems))
    if not entries:
        raise InputError("no dictionary entries found; is this a TABARI/PETRARCH actor or agent file?",
                         item=str(path))
    return entries


class DictionaryIndex:
    """Imported phrases, matched case-insensitively on token sequences, longest first."""

    def __init__(self, entries: Iterable[DictionaryEntry], *, high_priority: bool = False):
        self.high_priority = high_priority
        self._by_first: dict[str, dict[tuple[str, ...], list[DictionaryEntry]]] = defaultdict(dict)
        self.size = 0
        for entry in entries:
            words = tuple(entry.phrase.upper().split())
            if words:
                self._by_first[words[0]].setdefault(words, []).append(entry)
                self.size += 1

    @classmethod
    def from_rows(cls, rows: Iterable[tuple]) -> DictionaryIndex | None:
        """From the store's rows (phrase, code, valid_from, valid_to, kind, source, priority)."""
        rows = list(rows)
        if not rows:
            return None
        high = any(row[6] == "high" for row in rows)
        return cls((DictionaryEntry(p, c, f, t, s, k) for p, c, f, t, k, s, _ in rows), high_priority=high)

    def find(self, words: Sequence[str]) -> list[tuple[int, int, list[DictionaryEntry]]]:
        upper = [w.upper() for w in words]
        found = []
        i = 0
        while i < len(upper):
            best = None
            for key, entries in self._by_first.get(upper[i], {}).items():
                if (best is None or len(key) > len(best[0])) and tuple(upper[i:i + len(key)]) == key:
                    best = (key, entries)
            if best:
                found.append((i, i + len(best[0]), best[1]))
                i += len(best[0])
            else:
                i += 1
        return found

    def lookup(self, phrase: str) -> list[DictionaryEntry]:
        words = tuple(phrase.upper().replace("_", " ").split())
        return list(self._by_first.get(words[0], {}).get(words, [])) if words else []

    @staticmethod
    def best(entries: list[DictionaryEntry], when: date | None) -> DictionaryEntry | None:
        """The entry valid at `when`: a dated one before the default (undated) one."""
        valid = [e for e in entries if e.valid_at(when)]
        valid.sort(key=lambda e: (e.valid_from is None and e.valid_to is None))
        return valid[0] if valid else None
