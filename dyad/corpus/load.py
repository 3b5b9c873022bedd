"""Read the corpus back: records of a split, their texts (hash-checked), articles as dyad builds
them, and gold lines in the scorer's shape."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from pathlib import Path

from ..documents import build_article
from ..models import Article, RawDocument
from ..sources.jsonl import record_to_document
from .anchor import span_hash
from .texts import CorpusText, load_texts, shared_corpus_dir

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SPLITS = ("train", "dev", "test")


def read_records(split: str, root: Path = CORPUS) -> list[dict]:
    path = root / f"{split}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split_of_articles(root: Path = CORPUS) -> dict[str, str]:
    lines = (root / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["article"]: r["split"] for r in map(json.loads, lines) if r}


def texts_for(records: list[dict], corpus: Path | None = None) -> dict[str, CorpusText]:
    return load_texts({r["article"] for r in records}, shared_corpus_dir(corpus))


def hash_errors(records: list[dict], texts: dict[str, CorpusText]) -> list[str]:
    """Every span whose hash no longer matches the text (a changed or missing article)."""
    errors = []
    for record in records:
        text = texts.get(record["article"])
        if text is None:
            errors.append(f"{record['id']}: article text not found")
            continue
        for name, span in _spans(record):
            if span_hash(text.text[span["start"]:span["end"]]) != span["sha"]:
                errors.append(f"{record['id']}: {name} span {span['start']}-{span['end']} does not match its hash")
    return errors


def _spans(record: dict):
    for name in ("sentence", "trigger", "date_span"):
        if record.get(name):
            yield name, record[name]
    for side in ("source", "target"):
        if record.get(side) and record[side].get("span"):
            yield side, record[side]["span"]


def international(record: dict) -> bool:
    src = (record.get("source") or {}).get("country")
    tgt = (record.get("target") or {}).get("country")
    return bool(not record.get("no_events") and src and tgt and src != tgt)


def scorer_gold(records: list[dict]) -> list[dict]:
    """International events in the reference scorer's gold shape. Dyads with an international
    organisation are optional, as the outside conventions prefer to skip them."""
    gold = []
    for r in records:
        if not international(r):
            continue
        src, tgt = r["source"]["country"], r["target"]["country"]
        line = {"id": r["id"], "article": r["article"], "source": src, "target": tgt, "type": r["type"],
                "alt_types": r.get("alt_types", []), "symmetric": r.get("symmetric", False),
                "optional": bool(r.get("optional")) or "IGO" in (src, tgt),
                "date": r.get("date"), "date_precision": r.get("date_precision"), "modality": r.get("modality")}
        if r.get("date_ok"):
            line["date_ok"] = r["date_ok"]
        gold.append(line)
    return gold


def build(text: CorpusText) -> Article:
    """The article as `dyad ingest` builds it from the corpus record."""
    record = {"id": text.id, "text": text.text, "date": text.date, "title": text.title}
    if text.dateline:
        record["dateline"] = text.dateline
    raw = record_to_document(record, text.collection, None)
    if not isinstance(raw, RawDocument):
        raise ValueError(f"{text.id}: {raw.reason}")
    return build_article(raw)


def offset_mapper(raw: str, body: str) -> Callable[[int], int]:
    """Map an offset of the corpus text to the article body dyad codes (they differ only where
    the body was cleaned: white space, control characters)."""
    if raw == body:
        return lambda i: i
    blocks = difflib.SequenceMatcher(None, raw, body, autojunk=False).get_matching_blocks()

    def mapped(i: int) -> int:
        for a, b, size in blocks:
            if a <= i < a + size:
                return b + (i - a)
            if a > i:
                return b
        return len(body)

    return mapped
