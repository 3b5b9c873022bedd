"""The same wire story in two feeds or two crawls: near-duplicates by MinHash over shingles.

Exact copies share a content hash and never reach this module. Near copies (a different
headline, a dateline added, a correction at the bottom) share most of their word 5-shingles;
MinHash (datasketch) estimates that overlap, and an LSH index finds candidates without
comparing every pair, so a corpus of millions stays fast. The story is stored once and linked
to every place it appeared.

The index is datasketch's LSH (its own band/row choice for the threshold, exact Jaccard on the
full signatures after it), but not its `MinHashLSH`: that keeps, per article and per band, a
bytes key and a Python set in a dict, and per article a list of the band keys. Holding the
23,750 Reuters and BBC articles it took 84 MB (tracemalloc).
Here the signatures are rows of one uint32 array (datasketch's own dtype for them) and each
band a dict from a 60-bit digest of its values to a row, or to a list of rows: 29 MB for the
same articles, 17 of them the array's rows (doubled as it grows). Same candidates, same
matches; of several equally similar ones, the smallest id, where MinHashLSH's choice follows
the order of a Python set (`benchmarks/near_duplicate_index.py`). The whole-stream peak
(`benchmarks/stream_memory.py --workers 2`, PSS summed) went from 1,023 to 966 MB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash
from datasketch.lsh import _optimal_param

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2 hashing scheme; stored signatures must be read back with the same
THRESHOLD = 0.8
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)
_DTYPE = np.uint32  # what datasketch holds affine32 hash values in
_MIX = np.random.default_rng(14).integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
_DIGEST_BITS = np.uint64(2**60 - 1)  # a Python int of up to 60 bits is 32 bytes, not 48


def signature(text: str) -> MinHash:
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles if s])
    return minhash


def to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> LeanMinHash:
    """A stored signature, as a LeanMinHash: the hash values only, without the 2 x 128
    permutation parameters a MinHash draws on creation (a third of the memory, and loading the
    signatures of 20,000 stored articles takes 1 s instead of 12)."""
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """Signatures of the stored articles; `match` names the stored article a new one copies.

    Row i of `_values` is the signature of `_ids[i]` (None once removed: the row is left unused);
    `_bands[b]` maps the digest of band b of a signature to its row, or to a list of rows."""

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self.bands, self.rows = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)  # as MinHashLSH chooses
        self._values = np.empty((1024, NUM_PERM), dtype=_DTYPE)
        self._ids: list[str | None] = []
        self._row_of: dict[str, int] = {}
        self._bands: list[dict[int, int | list[int]]] = [{} for _ in range(self.bands)]

    def _digests(self, values: np.ndarray) -> np.ndarray:
        """(n, bands) digests of the bands of n signatures: a mixed sum of each band's values."""
        width = self.bands * self.rows
        mixed = (values[:, :width].astype(np.uint64) * _MIX[:width]).reshape(len(values), self.bands, self.rows)
        digests = mixed.sum(axis=2, dtype=np.uint64)
        return (digests ^ (digests >> np.uint64(29))) & _DIGEST_BITS

    def _append(self, ids: list[str], values: np.ndarray) -> None:
        first, count = len(self._ids), len(ids)
        if first + count > len(self._values):
            grown = np.empty((max(2 * len(self._values), first + count), NUM_PERM), dtype=_DTYPE)
            grown[:first] = self._values[:first]
            self._values = grown
        self._values[first:first + count] = values
        for article_id, digests in zip(ids, self._digests(values).tolist(), strict=True):
            row = len(self._ids)
            self._ids.append(article_id)
            self._row_of[article_id] = row
            for table, digest in zip(self._bands, digests, strict=True):
                held = table.get(digest)
                if held is None:
                    table[digest] = row
                elif isinstance(held, int):
                    table[digest] = [held, row]
                else:
                    held.append(row)

    def _candidates(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows that share at least one whole band with `values` (what MinHashLSH.query finds),
        and their similarity to it (what MinHash.jaccard estimates)."""
        found: set[int] = set()
        for table, digest in zip(self._bands, self._digests(values[None, :]).tolist()[0], strict=True):
            held = table.get(digest)
            if held is not None:
                found.update(held if isinstance(held, list) else (held,))
        rows = np.fromiter(found, dtype=np.int64, count=len(found))
        equal = self._values[rows] == values
        width = self.bands * self.rows  # a digest shared by different bands makes no candidate:
        shared = equal[:, :width].reshape(len(rows), self.bands, self.rows).all(axis=2).any(axis=1)
        return rows[shared], np.count_nonzero(equal[shared], axis=1) / NUM_PERM

    def load(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Stored signatures (`to_bytes`), a few thousand at a time."""
        batch: dict[str, bytes] = {}
        for article_id, data in rows:
            if article_id not in self._row_of:
                batch.setdefault(article_id, data)
                if len(batch) == 4096:
                    self._load(batch)
                    batch = {}
        if batch:
            self._load(batch)

    def _load(self, batch: dict[str, bytes]) -> None:
        values = np.frombuffer(b"".join(batch.values()), dtype=np.uint64).reshape(len(batch), NUM_PERM)
        if values.max() > np.iinfo(_DTYPE).max:
            raise ValueError(f"stored signatures out of range for scheme {SCHEME!r}")
        self._append(list(batch), values.astype(_DTYPE))

    def match(self, minhash: MinHash) -> str | None:
        """The stored article this one nearly copies (the most similar; of equals, the smallest id), or None."""
        rows, similarity = self._candidates(self._hash_values(minhash))
        near = similarity >= self.threshold
        if not near.any():
            return None
        rows, similarity = rows[near], similarity[near]
        return min(self._ids[row] for row in rows[similarity == similarity.max()].tolist())

    def similarity(self, minhash: MinHash, article_id: str) -> float:
        """The estimated Jaccard similarity of `minhash` and the stored article's signature."""
        return np.count_nonzero(self._values[self._row_of[article_id]] == self._hash_values(minhash)) / NUM_PERM

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self._row_of:
            self._append([article_id], self._hash_values(minhash)[None, :])

    def remove(self, article_id: str) -> None:
        row = self._row_of.pop(article_id, None)
        if row is None:
            return
        self._ids[row] = None
        for table, digest in zip(self._bands, self._digests(self._values[row][None, :]).tolist()[0], strict=True):
            held = table[digest]
            if isinstance(held, int):
                del table[digest]
            else:
                held.remove(row)
                if len(held) == 1:
                    table[digest] = held[0]

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._row_of

    def __len__(self) -> int:
        return len(self._row_of)

    @staticmethod
    def _hash_values(minhash: MinHash) -> np.ndarray:
        if minhash.scheme != SCHEME or len(minhash) != NUM_PERM:
            raise ValueError(f"expected a {SCHEME} MinHash of {NUM_PERM} permutations")
        return minhash.hashvalues
