"""HTML extraction benchmark: article-body token F1 and snippet checks, dyad beside trafilatura.

    python benchmarks/html_extraction.py [--verbose]

Measured in one run, on the pages in ../shared/corpus/html (never copied into the repository):
  zyte      ../shared/corpus/html/zyte_aeb: the English pages of the Zyte article-extraction
            benchmark against their human-checked body text. Score: token F1 per page (bag of
            lowercased \\w+ tokens; precision and recall of the extracted text against the gold
            text), its mean and median, for dyad's `extract_html` and for trafilatura's plain
            default `trafilatura.extract(html)`, with articles per second for each.
  manifest  ../shared/corpus/html/trafilatura: every page's `must_contain` snippets must be in
            dyad's text and its `must_not_contain` snippets must not; a page without snippets
            must give some text.

English pages: those whose gold text has at least 10% of its word tokens among ten English
function words (the, and, of, to, is, that, with, for, you, it). The rule is on the gold text,
not on the page, so extraction cannot change which pages count. It keeps 159 of the 181 pages;
besides the non-English ones it leaves out two English pages that are lists rather than prose
(a meal plan and a table of school sports results).

Exit status 1 (a gate) when dyad's mean F1 or the number of passing manifest pages falls below
the floors pinned in tests/quality_floors.json (html_zyte_mean_f1, html_manifest_pages); every
failing check is printed. No check is waived: a page that fails is counted as failing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
HTML = ROOT.parent / "shared" / "corpus" / "html"
ZYTE = HTML / "zyte_aeb"
MANIFEST = HTML / "trafilatura"
MIN_MEAN_F1 = 0.90  # the target; the pinned floors in tests/quality_floors.json are higher
FLOORS = Path(__file__).resolve().parents[1] / "tests" / "quality_floors.json"

_TOKEN = re.compile(r"\w+")
_ENGLISH = frozenset({"the", "and", "of", "to", "is", "that", "with", "for", "you", "it"})

def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower())


def is_english(gold: str) -> bool:
    """The documented rule: >= 10% of the gold text's tokens are common English function words."""
    words = tokens(gold)
    return bool(words) and sum(w in _ENGLISH for w in words) / len(words) >= 0.10


def token_f1(extracted: str | None, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the extracted bag of tokens against the gold bag."""
    got, want = Counter(tokens(extracted)), Counter(tokens(gold))
    common = sum((got & want).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _dyad(html: bytes, name: str, url: str | None) -> str:
    from dyad.errors import DyadError
    from dyad.sources.html import extract_html

    try:
        return extract_html(html, origin=name, url=url).text
    except DyadError:
        return ""


def _trafilatura(html: bytes, name: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[bytes, str, str | None], str]] = {"dyad": _dyad, "trafilatura": _trafilatura}


def zyte_pages(folder: Path = ZYTE) -> list[dict]:
    """The English pages: each record of articles.jsonl with its page bytes under "html"."""
    pages = []
    with open(folder / "articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if is_english(record["text"]):
                record["html"] = (folder / record["html_file"]).read_bytes()
                pages.append(record)
    return pages


def zyte_benchmark(folder: Path = ZYTE) -> dict[str, dict]:
    """Per extractor: mean and median F1, mean precision and recall, pages, pages per second,
    and the per-page scores, over the English pages."""
    pages = zyte_pages(folder)
    results = {}
    for name, extract in EXTRACTORS.items():
        extract(pages[0]["html"], pages[0]["id"], pages[0]["url"])  # warm-up: imports, caches
        scores = []
        start = time.perf_counter()
        for page in pages:
            scores.append(token_f1(extract(page["html"], page["id"], page["url"]), page["text"]))
        seconds = time.perf_counter() - start
        f1s = [s[2] for s in scores]
        results[name] = {
            "pages": len(pages), "mean_f1": statistics.mean(f1s), "median_f1": statistics.median(f1s),
            "precision": statistics.mean(s[0] for s in scores), "recall": statistics.mean(s[1] for s in scores),
            "pages_per_second": len(pages) / seconds,
            "per_page": {page["id"]: (page["source"], score) for page, score in zip(pages, f1s, strict=True)},
        }
    return results


def manifest_checks(folder: Path = MANIFEST) -> list[dict]:
    """One result per manifest page: missing and present snippets, and `ok`."""
    results = []
    for entry in json.loads((folder / "manifest.json").read_text(encoding="utf-8")):
        text = _dyad((folder / entry["file"]).read_bytes(), entry["file"], entry.get("url"))
        missing = [s for s in entry.get("must_contain") or [] if s not in text]
        present = [s for s in entry.get("must_not_contain") or [] if s in text]
        failed = missing + present
        has_snippets = bool(entry.get("must_contain") or entry.get("must_not_contain"))
        results.append({"file": entry["file"], "missing": missing, "present": present,
                        "words": len(tokens(text)), "snippets": has_snippets,
                        "ok": not failed and (has_snippets or bool(text.strip()))})
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true", help="print dyad's F1 for every zyte page")
    args = parser.parse_args()
    if not ZYTE.exists() or not MANIFEST.exists():
        print(f"{HTML} is absent: the pages live in ../shared beside the repository", file=sys.stderr)
        return 2
    zyte = zyte_benchmark()
    print(f"zyte_aeb, English pages ({zyte['dyad']['pages']} pages), token F1 against the gold body:")
    for name, row in zyte.items():
        print(f"  {name:12s} mean F1 {row['mean_f1']:.4f}  median {row['median_f1']:.4f}  "
              f"P {row['precision']:.3f}  R {row['recall']:.3f}  {row['pages_per_second']:.1f} pages/s")
    worst = sorted(zyte["dyad"]["per_page"].items(), key=lambda item: item[1][1])
    for ident, (source, score) in worst if args.verbose else worst[:5]:
        print(f"    {score:.3f}  {source:28s} {ident}  (trafilatura {zyte['trafilatura']['per_page'][ident][1]:.3f})")

    checks = manifest_checks()
    print(f"\ntrafilatura manifest ({len(checks)} pages), dyad's text:")
    for row in checks:
        detail = "" if row["snippets"] else f"  (no snippets; {row['words']} words extracted)"
        print(f"  {'pass' if row['ok'] else 'FAIL'}  {row['file']}{detail}")
        for snippet in row["missing"]:
            print(f"        missing: {snippet!r}")
        for snippet in row["present"]:
            print(f"        present: {snippet!r}")
    passed = sum(row["ok"] for row in checks)
    print(f"  {passed}/{len(checks)} pages pass")

    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    failures = []
    if zyte["dyad"]["mean_f1"] < floors["html_zyte_mean_f1"]:
        failures.append(f"dyad's mean F1 {zyte['dyad']['mean_f1']:.4f} is below {floors['html_zyte_mean_f1']}")
    if passed < floors["html_manifest_pages"]:
        failures.append(f"{passed} manifest pages pass, fewer than {floors['html_manifest_pages']}")
    for failure in failures:
        print(f"GATE: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
