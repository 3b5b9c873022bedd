"""Turn an annotator's line (verbatim quotes of the text) into a corpus record (offsets and hashes).

Annotators copy words; the repository keeps only where those words are. This module finds each
quoted span in the article text (exactly, else after folding white space and typographic quotes,
which copying by hand changes), checks every code against the allowed values, and writes the
record of `dyad/corpus/schema.json`. It uses the standard library only, so annotators can run
`python3 anchor.py check FILE --texts BATCH.jsonl` with no install.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("asserted", "negated", "future", "conditional", "hypothetical", "alleged")
PRECISIONS = ("day", "month", "year", "unknown")
SCOPES = ("international", "domestic", "one-sided")
SECTORS = ("GOV", "MIL", "LEG", "JUD", "COP", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM",
           "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "IGO", "NGO", "OPP", "HLH", "ENV", "SET", "DEV")
_COUNTRY = re.compile(r"^(?:[A-Z]{3})$")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_FOLD = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "}
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])|\n\s*\n")


class AnchorError(ValueError):
    """A line that cannot be anchored or has a code outside the allowed values."""


def span_hash(text: str) -> str:
    """16 hex digits of sha256: enough to tell a changed span, too short to carry the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class FoldedText:
    """The text with white space runs and typographic quotes folded, mapped back to offsets."""

    def __init__(self, text: str):
        chars, index = [], []
        previous_space = False
        for i, ch in enumerate(text):
            ch = _FOLD.get(ch, ch)
            if ch.isspace():
                if previous_space:
                    continue
                ch, previous_space = " ", True
            else:
                previous_space = False
            chars.append(ch)
            index.append(i)
        self.text, self.folded, self.index = text, "".join(chars), index

    @staticmethod
    def fold(words: str) -> str:
        return re.sub(r"\s+", " ", "".join(_FOLD.get(c, c) for c in words)).strip()

    def find_all(self, words: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """Original-text spans of every occurrence of `words` within [start, end): the occurrences
        that are whole words when there are any ("he" is not the end of "the", "Iran" not the
        start of "Iranian"), else every occurrence."""
        needle = self.fold(words)
        if not needle:
            return []
        found, at = [], self.folded.find(needle)
        while at >= 0:
            s, e = self.index[at], self.index[at + len(needle) - 1] + 1
            if s >= start and (end is None or e <= end):
                found.append((s, e))
            at = self.folded.find(needle, at + 1)
        whole = [(s, e) for s, e in found if self._whole(s, e)]
        return whole or found

    def _whole(self, s: int, e: int) -> bool:
        text = self.text
        return not (text[s].isalnum() and s > 0 and text[s - 1].isalnum()) and \
            not (text[e - 1].isalnum() and e < len(text) and text[e].isalnum())


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or sentences) around [start, end): from the last sentence break before it to
    the first after it."""
    left = 0
    for match in _SENTENCE_END.finditer(text, 0, start + 1):
        if match.end() <= start:
            left = match.end()
    right = len(text)
    for match in _SENTENCE_END.finditer(text, end):
        right = match.start()
        break
    while right > left and text[right - 1].isspace():
        right -= 1
    return left, right


def _span(folded: FoldedText, words: str | None, quote: tuple[int, int], field: str,
          nth: int = 1) -> dict | None:
    if words is None or words == "":
        return None
    inside = folded.find_all(words, *quote)
    if len(inside) >= nth:
        s, e = inside[nth - 1]
    else:
        before = [s_e for s_e in folded.find_all(words, 0, quote[0])]
        anywhere = folded.find_all(words)
        if before:
            s, e = before[-1]
        elif anywhere:
            s, e = anywhere[0]
        else:
            raise AnchorError(f"{field} {words!r} is not in the article text")
    return {"start": s, "end": e, "sha": span_hash(folded.text[s:e])}


def _check_codes(line: dict) -> None:
    problems = []
    if line.get("type") not in TYPES:
        problems.append(f"type {line.get('type')!r} is not a PLOVER type")
    for alt in line.get("alt_types") or []:
        if alt not in TYPES:
            problems.append(f"alt_type {alt!r} is not a PLOVER type")
    if line.get("modality") not in MODALITIES:
        problems.append(f"modality {line.get('modality')!r} not in {MODALITIES}")
    if line.get("scope") not in SCOPES:
        problems.append(f"scope {line.get('scope')!r} not in {SCOPES}")
    for side in ("source", "target", "attribution"):
        value = line.get(side)
        if value is not None and not (_COUNTRY.match(str(value))):
            problems.append(f"{side} {value!r} is not a three-letter code (ISO alpha-3, IGO) or null")
    for side in ("source_sector", "target_sector"):
        value = line.get(side)
        if value is not None and value not in SECTORS:
            problems.append(f"{side} {value!r} is not a PLOVER sector")
    date = line.get("date")
    if date is not None and not _DATE.match(str(date)):
        problems.append(f"date {date!r} is not YYYY-MM-DD, YYYY-MM, YYYY or null")
    if line.get("date_precision") not in PRECISIONS:
        problems.append(f"date_precision {line.get('date_precision')!r} not in {PRECISIONS}")
    if line.get("source") is None and line.get("source_sector") is None and line.get("target") is None:
        problems.append("an event needs a source or a target")
    if line.get("scope") == "international" and (not line.get("source") or not line.get("target")
                                                  or line.get("source") == line.get("target")):
        problems.append("scope international needs two different known countries")
    if problems:
        raise AnchorError("; ".join(problems))


def anchor(line: dict, text: str, folded: FoldedText | None = None) -> dict:
    """The corpus record of one annotator line over its article's text (raises AnchorError)."""
    folded = folded or FoldedText(text)
    base = {"article": line["article"], "annotator": line.get("annotator"), "batch": line.get("batch")}
    if line.get("no_events"):
        return {**base, "no_events": True}
    _check_codes(line)
    quotes = folded.find_all(line.get("quote") or "")
    if not quotes:
        raise AnchorError(f"quote {line.get('quote')!r} is not in the article text (copy it exactly, one sentence)")
    quote = quotes[0]
    trigger = _span(folded, line.get("trigger"), quote, "trigger", int(line.get("trigger_nth") or 1))
    if trigger is None or not (quote[0] <= trigger["start"] and trigger["end"] <= quote[1]):
        raise AnchorError(f"trigger {line.get('trigger')!r} is not inside the quote")
    s_start, s_end = sentence_bounds(text, *quote)
    record = {
        **base,
        "sentence": {"start": s_start, "end": s_end, "sha": span_hash(text[s_start:s_end])},
        "trigger": trigger,
        "source": _actor(folded, line, "source", quote),
        "target": _actor(folded, line, "target", quote),
        "type": line["type"],
        "alt_types": [t for t in line.get("alt_types") or [] if t != line["type"]],
        "mode": line.get("mode") or None,
        "context": list(line.get("context") or []),
        "modality": line["modality"],
        "attribution": line.get("attribution"),
        "date": line.get("date"),
        "date_precision": line["date_precision"],
        "date_span": _span(folded, line.get("date_text"), quote, "date_text"),
        "scope": line["scope"],
        "symmetric": bool(line.get("symmetric")),
        "optional": bool(line.get("optional")),
    }
    return record


def _actor(folded: FoldedText, line: dict, side: str, quote: tuple[int, int]) -> dict | None:
    country, sector = line.get(side), line.get(f"{side}_sector")
    span = _span(folded, line.get(f"{side}_text"), quote, f"{side}_text")
    if country is None and sector is None and span is None:
        return None
    code = (country or "") + (sector or "") or None
    return {"country": country, "sector": sector, "code": code, "span": span}


def anchor_lines(lines: Iterable[dict], texts: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Records and one error message per line that failed (numbered from 1)."""
    records, errors, folded_cache = [], [], {}
    for number, line in enumerate(lines, start=1):
        article = line.get("article")
        if article not in texts:
            errors.append(f"line {number}: article {article!r} is not in the given texts")
            continue
        folded = folded_cache.setdefault(article, FoldedText(texts[article]))
        try:
            records.append(anchor(line, texts[article], folded))
        except (AnchorError, KeyError, TypeError, ValueError) as exc:
            errors.append(f"line {number} ({article}): {exc}")
    return records, errors


def _read_jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise SystemExit(f"{path}:{number}: not JSON ({exc})") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check annotator lines against the article texts.")
    parser.add_argument("command", choices=["check"])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--texts", type=Path, required=True, help="a JSONL of articles (id, text), or a folder of them")
    args = parser.parse_args(argv)
    sources = sorted(args.texts.glob("*.jsonl")) if args.texts.is_dir() else [args.texts]
    texts = {r["id"]: r["text"] for path in sources for r in _read_jsonl(path)}
    failed = 0
    for path in args.files:
        lines = list(_read_jsonl(path))
        records, errors = anchor_lines(lines, texts)
        articles = {line.get("article") for line in lines}
        for error in errors:
            print(f"{path}: {error}")
        print(f"{path}: {len(records)} lines anchored, {len(errors)} errors, {len(articles)} articles")
        failed += len(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
