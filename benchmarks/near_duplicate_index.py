"""The near-duplicate index against datasketch's MinHashLSH: memory, and the same answers.

    python benchmarks/near_duplicate_index.py [INPUT.jsonl ...]

Signs the text of every article of the inputs (default: ../shared/corpus/reuters21578.jsonl and
bbc2225.jsonl), then
1. memory (tracemalloc, what stays allocated and the peak) of each index holding all of them;
2. in file order, `match` of each article before it is added, with both indexes: the number of
   different answers (of them, ties: several stored articles equally similar, where MinHashLSH's
   answer follows the order of a Python set) and of different candidate sets;
3. the same in the order of an ingest: a match with a smaller id is not added, one with a larger
   id is removed and replaced.
The reference is the index as it was before (MinHashLSH plus a dict of LeanMinHash).
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

from datasketch import LeanMinHash, MinHashLSH

from dyad.documents.near_duplicates import NUM_PERM, THRESHOLD, NearDuplicateIndex, signature

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class Reference:
    """The index before: datasketch's MinHashLSH and a dict of the signatures."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, LeanMinHash] = {}

    def match(self, minhash):
        best, score = None, self.threshold
        for candidate in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity >= score:
                best, score = candidate, similarity
        return best

    def add(self, article_id, minhash):
        if article_id not in self._signatures:
            minhash = LeanMinHash(minhash)
            self._signatures[article_id] = minhash
            self._lsh.insert(article_id, minhash)

    def remove(self, article_id):
        if self._signatures.pop(article_id, None) is not None:
            self._lsh.remove(article_id)


def memory(make, signed) -> tuple[float, float, float]:
    """MB allocated by the index holding every signature, the peak while adding, seconds."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    index = make()
    for article_id, minhash in signed:
        index.add(article_id, minhash)
    seconds = time.perf_counter() - started
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del index
    return (current - before) / 2**20, (peak - before) / 2**20, seconds


def compare(signed, ingest: bool) -> dict[str, int]:
    old, new = Reference(), NearDuplicateIndex()
    counts = {"queries": 0, "matches": 0, "different": 0, "ties": 0, "candidate_sets_different": 0, "removed": 0}
    for article_id, minhash in signed:
        counts["queries"] += 1
        a, b = old.match(minhash), new.match(minhash)
        if set(old._lsh.query(minhash)) != {new._ids[row] for row in new._candidates(minhash.hashvalues)[0]}:
            counts["candidate_sets_different"] += 1
        counts["matches"] += a is not None
        if a != b:
            counts["different"] += 1
            if a is not None and b is not None and new.similarity(minhash, a) == new.similarity(minhash, b):
                counts["ties"] += 1
        if ingest and a is not None:
            if a < article_id:
                continue
            old.remove(a)
            new.remove(a)
            counts["removed"] += 1
        old.add(article_id, minhash)
        new.add(article_id, minhash)
    assert len(new) == len(old._signatures)
    return counts


def main() -> None:
    inputs = [Path(p) for p in sys.argv[1:]] or [CORPUS / "reuters21578.jsonl", CORPUS / "bbc2225.jsonl"]
    started = time.perf_counter()
    signed = []
    for path in inputs:
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                signed.append((str(record["id"]), signature(record.get("text") or "")))
    print(f"{len(signed)} articles signed in {time.perf_counter() - started:.0f} s")
    for name, make in (("MinHashLSH", Reference), ("NearDuplicateIndex", NearDuplicateIndex)):
        current, peak, seconds = memory(make, signed)
        print(f"{name}: {current:.1f} MB held, peak {peak:.1f} MB, {seconds:.1f} s to add all")
    for ingest in (False, True):
        print("ingest order" if ingest else "file order, every article added", compare(signed, ingest))


if __name__ == "__main__":
    main()
