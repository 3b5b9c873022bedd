"""Build the corpus files from the annotators' lines (`python -m dyad.corpus.build --raw DIR`).

Reads every annotator file `DIR/<annotator>/<batch>.jsonl` (verbatim quotes), anchors each line
to its article's text (offsets and hashes only), and writes:
- `corpus/annotations/<batch>.jsonl`: each annotator's anchored records, the primary data;
- `corpus/{train,dev,test}.jsonl`: one record set per article (double-annotated articles merged by
  `adjudicate`), what training and evaluation read;
- `corpus/agreement.json`: the per-field agreement of the double-annotated articles.
Lines that cannot be anchored are reported and left out. The same raw files give the same output.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from .adjudicate import adjudicate
from .agreement import agreement
from .anchor import anchor_lines
from .texts import load_texts, shared_corpus_dir

CORPUS = Path("corpus")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def number(records: list[dict]) -> list[dict]:
    """Ids `<article>#<n>`, n counting each article's records from 1 in file order."""
    seen: dict[str, int] = defaultdict(int)
    out = []
    for record in records:
        seen[record["article"]] += 1
        out.append({**record, "id": f"{record['article']}#{seen[record['article']]}"})
    return out


def anchor_raw(raw: Path, corpus: Path) -> tuple[dict[str, list[dict]], list[str]]:
    """Anchored records per batch copy (`test-01-a`, `train-07`), and the errors met."""
    files = sorted(raw.glob("*/*.jsonl"))
    lines_by_file = {path: read_jsonl(path) for path in files}
    ids = {line["article"] for lines in lines_by_file.values() for line in lines if "article" in line}
    texts = {i: t.text for i, t in load_texts(ids, corpus).items()}
    batches: dict[str, list[dict]] = {}
    errors: list[str] = []
    for path, lines in lines_by_file.items():
        batch = path.stem
        for line in lines:
            line.setdefault("annotator", path.parent.name)
            line["batch"] = batch
        records, problems = anchor_lines(lines, texts)
        errors += [f"{path}: {p}" for p in problems]
        if batch in batches:
            errors.append(f"{path}: batch {batch} was already read from another annotator; left out")
            continue
        batches[batch] = number(records)
    return batches, errors


def merge(batches: dict[str, list[dict]], splits: dict[str, str]) -> tuple[dict[str, list[dict]], dict]:
    """Per split, the records of each article (adjudicated where two copies exist); and agreement."""
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(dict)
    for batch, records in batches.items():
        copy = batch.rsplit("-", 1)[1] if batch.startswith("test-") else "a"
        for record in records:
            by_article[record["article"]].setdefault(copy, []).append(record)
    out: dict[str, list[dict]] = defaultdict(list)
    first_all, second_all = [], []
    for article in sorted(by_article):
        copies = by_article[article]
        split = splits.get(article, "train")
        if "a" in copies and "b" in copies:
            first_all += copies["a"]
            second_all += copies["b"]
            out[split] += adjudicate(copies["a"], copies["b"])
        else:
            out[split] += next(iter(copies.values()))
    return out, agreement(first_all, second_all)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, required=True, help="folder of annotator folders of batch files")
    parser.add_argument("--corpus", default=None, help="the shared corpus folder (default ../shared/corpus)")
    args = parser.parse_args()
    splits = {r["article"]: r["split"] for r in read_jsonl(CORPUS / "articles.jsonl")}
    batches, errors = anchor_raw(args.raw, shared_corpus_dir(args.corpus))
    for error in errors:
        print(error)
    for batch, records in batches.items():
        write_jsonl(CORPUS / "annotations" / f"{batch}.jsonl", records)
    merged, report = merge(batches, splits)
    for split in ("train", "dev", "test"):
        write_jsonl(CORPUS / f"{split}.jsonl", merged.get(split, []))
        events = [r for r in merged.get(split, []) if not r.get("no_events")]
        print(f"{split}: {len({r['article'] for r in merged.get(split, [])})} articles, {len(events)} events "
              f"({sum(not e['optional'] for e in events)} required)")
    (CORPUS / "agreement.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print("agreement:", json.dumps(report))
    print(f"{len(errors)} lines left out")


if __name__ == "__main__":
    main()
