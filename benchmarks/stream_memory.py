"""Peak memory of a whole stream ingest, summed over every process (issue 14, acceptance 2).

    python benchmarks/stream_memory.py [--workers 2] [--db /tmp/stream.duckdb] [INPUT ...]

Runs `dyad ingest INPUT... --workers N` into a new DuckDB file (default inputs: all of
../shared/corpus/reuters21578.jsonl and bbc2225.jsonl) and samples the resident (RSS) and
proportional (PSS: shared pages divided among the processes that map them) memory of the ingest's
whole process tree every 0.2 s, with the same sampler as `dyad bench`. Prints the peaks of the
sums, the wall time, the articles per second and the store's counts, as text and JSON.
PSS is the honest sum: RSS counts pages shared by the workers (the model, the actor base) once per
process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from dyad.bench import _PeakMemory
from dyad.store import open_store

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path,
                        default=[CORPUS / "reuters21578.jsonl", CORPUS / "bbc2225.jsonl"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", type=Path, default=Path("/tmp/dyad-stream-memory.duckdb"))
    args = parser.parse_args()
    if args.db.exists():
        sys.exit(f"stream_memory: {args.db} exists; give a new --db file")
    command = [sys.executable, "-m", "dyad.cli", "ingest", *map(str, args.inputs), "--db", str(args.db),
               "--workers", str(args.workers), "--quiet"]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    sampler = _PeakMemory(process.pid, every=0.2)
    sampler.start()
    code = process.wait()
    sampler.stop()
    seconds = time.perf_counter() - started
    with open_store(str(args.db), read_only=True) as store:
        counts = store.counts()
    report = {"inputs": [str(p) for p in args.inputs], "workers": args.workers, "exit_code": code,
              "seconds": round(seconds, 1), "peak_rss_sum_mb": round(sampler.rss_kb / 1024),
              "peak_pss_sum_mb": round(sampler.pss_kb / 1024), "store": counts}
    articles = counts.get("articles")
    if articles:
        report["articles_per_s"] = round(articles / seconds, 1)
    print(f"ingest of {len(args.inputs)} inputs with {args.workers} workers: exit {code}, {seconds:.0f} s; "
          f"peak memory summed over processes: RSS {report['peak_rss_sum_mb']} MB, "
          f"PSS {report['peak_pss_sum_mb']} MB")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
