"""Throughput benchmark: articles per second and peak memory, dyad beside its baselines.

    python benchmarks/throughput.py [--corpus FILE.jsonl] [--limit 2000] [--workers 1] [--ref GITREF]

Measured in one run, each in its own process (so each peak memory is its own):
  spacy   the spaCy pipeline alone over the same bodies (the floor: what parsing costs)
  dyad    the whole ingest: read, interpret, parse, code, store in a fresh DuckDB file
  ref     optionally, the same ingest with the code of an earlier commit (--ref), to show
          that a change did not make dyad slower
Default corpus: the first 2,000 articles with a body of ../shared/corpus/reuters21578.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"


def _subset(corpus: Path, limit: int, out: Path) -> int:
    count = 0
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            if count >= limit:
                break
            if json.loads(line).get("text", "").strip():
                dst.write(line)
                count += 1
    return count


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_spacy(path: Path) -> dict:
    from dyad.nlp import load_pipeline

    nlp = load_pipeline()
    with open(path, encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return {"articles": len(texts), "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}


def run_dyad(path: Path, workers: int) -> dict:
    from dyad.engine import run_ingest
    from dyad.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
        start = time.perf_counter()
        summary = run_ingest([str(path)], store, workers=workers)
        seconds = time.perf_counter() - start
    return {"articles": summary.read, "events": summary.events, "seconds": seconds, "peak_mb": _peak_mb()}


def _child(kind: str, path: Path, workers: int, pythonpath: str | None = None) -> dict:
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--subset", str(path), "--workers", str(workers)],
                         capture_output=True, text=True, env=env, check=True, cwd=pythonpath or ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _worktree(ref: str, where: Path) -> Path:
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(where), ref], check=True,
                   capture_output=True)
    return where


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--ref", help="also measure the code of this git commit (e.g. HEAD~3)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--subset", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_spacy(args.subset) if args.child == "spacy" else run_dyad(args.subset, args.workers)
        print(json.dumps(result))
        return
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: corpus not found; pass --corpus FILE.jsonl")
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        n = _subset(args.corpus, args.limit, subset)
        print(f"{n} articles from {args.corpus.name}, workers={args.workers}", flush=True)
        rows = [("spacy (parser only)", _child("spacy", subset, 1)),
                ("dyad ingest", _child("dyad", subset, args.workers))]
        if args.ref:
            tree = _worktree(args.ref, Path(tmp) / "ref")
            try:
                rows.append((f"dyad ingest @ {args.ref}", _child("dyad", subset, args.workers, str(tree))))
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
    print(f"{'run':28} {'articles/s':>11} {'seconds':>8} {'peak MB':>8} {'events':>7}")
    for name, r in rows:
        print(f"{name:28} {r['articles'] / r['seconds']:11.1f} {r['seconds']:8.1f} {r['peak_mb']:8.0f} "
              f"{r.get('events', ''):>7}")


if __name__ == "__main__":
    main()
