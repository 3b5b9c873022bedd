"""The near-duplicate index: the same candidates and matches as datasketch's MinHashLSH, in less memory."""

from __future__ import annotations

import numpy as np
from datasketch import LeanMinHash, MinHashLSH

from dyad.documents.near_duplicates import NUM_PERM, SCHEME, NearDuplicateIndex, signature, to_bytes

SENTENCES = [f"Sentence {i} says that the ministers of country {i % 7} met the envoys of country {i % 5} "
             f"in the capital on day {i} to talk about trade, fishing and the border." for i in range(40)]
STORY = " ".join(SENTENCES)


def variant(drop: int, offset: int = 0) -> str:
    """The story without `drop` of its sentences (from `offset`): less similar as `drop` grows."""
    return " ".join(s for i, s in enumerate(SENTENCES) if not offset <= i < offset + drop)


def random_signature(rng) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=rng.integers(0, 2**32, NUM_PERM, dtype=np.uint64), scheme=SCHEME)


def test_add_match_remove():
    index = NearDuplicateIndex()
    index.add("a", signature(STORY))
    index.add("z", signature("Kenya praised Uganda for its mediation in the talks with the rebels on Sunday."))
    assert len(index) == 2 and "a" in index and "b" not in index
    copy = signature(variant(1))
    assert index.match(copy) == "a"
    assert index.similarity(copy, "a") == copy.jaccard(signature(STORY)) >= 0.8
    assert index.match(signature(variant(20))) is None  # half the story: not a near copy
    index.remove("a")
    index.remove("a")  # twice: nothing more happens
    assert index.match(copy) is None and len(index) == 1 and "a" not in index
    index.add("a", signature(STORY))  # back, in a new row
    assert index.match(copy) == "a"


def test_articles_sharing_a_bucket_are_all_kept():
    index = NearDuplicateIndex()
    for article_id in ("c", "b", "d"):  # the same signature: every band in one bucket
        index.add(article_id, signature(STORY))
    assert all(isinstance(held, list) and len(held) == 3 for table in index._bands for held in table.values())
    assert index.match(signature(variant(1))) == "b"  # of equally similar ones, the smallest id
    index.remove("b")
    assert index.match(signature(variant(1))) == "c"
    index.remove("c")
    assert all(isinstance(held, int) for table in index._bands for held in table.values())
    assert index.match(signature(variant(1))) == "d"


def test_a_digest_shared_by_different_bands_makes_no_candidate(monkeypatch):
    index = NearDuplicateIndex()
    monkeypatch.setattr(index, "_digests", lambda values: np.zeros((len(values), index.bands), dtype=np.uint64))
    index.add("a", signature(STORY))
    index.add("z", signature("Kenya praised Uganda for its mediation in the talks with the rebels on Sunday."))
    assert index._candidates(signature(variant(1)).hashvalues)[0].tolist() == [0]
    assert index.match(signature(variant(1))) == "a"
    assert index.match(signature("Ships from both navies left the port at dawn and sailed north.")) is None


def test_the_same_candidates_and_matches_as_minhash_lsh():
    lsh, stored = MinHashLSH(threshold=0.8, num_perm=NUM_PERM), {}
    index = NearDuplicateIndex(0.8)
    assert (index.bands, index.rows) == (lsh.b, lsh.r)
    matched = rejected = 0
    for drop in range(0, 14, 3):
        for offset in range(0, 30, 7):
            article_id, minhash = f"v{drop:02d}-{offset:02d}", signature(variant(drop, offset))
            candidates = set(lsh.query(minhash))
            rows, similarity = index._candidates(minhash.hashvalues)
            assert {index._ids[row] for row in rows} == candidates
            assert sorted(similarity) == sorted(minhash.jaccard(stored[c]) for c in candidates)
            scored = [(minhash.jaccard(stored[c]), c) for c in candidates]
            near = sorted((-similarity, c) for similarity, c in scored if similarity >= 0.8)
            assert index.match(minhash) == (near[0][1] if near else None)
            matched, rejected = matched + bool(near), rejected + (len(scored) - len(near))
            stored[article_id] = LeanMinHash(minhash)
            lsh.insert(article_id, stored[article_id])
            index.add(article_id, minhash)
    assert matched > 5 and rejected > 5  # both kinds of candidates were met


def test_loaded_signatures_match_like_added_ones_and_the_rows_grow():
    rng = np.random.default_rng(5)
    signed = [(f"r{i:04d}", random_signature(rng)) for i in range(5000)]  # rows grow; loaded 4096 at a time
    loaded, added = NearDuplicateIndex(), NearDuplicateIndex()
    stored = [(article_id, to_bytes(minhash)) for article_id, minhash in signed]
    loaded.load(stored[:4500] + [("r0001", stored[0][1])] + stored[4500:])  # a known id again: ignored
    for article_id, minhash in signed:
        added.add(article_id, minhash)
    assert len(loaded) == len(added) == 5000
    for article_id, minhash in signed[::97] + signed[4090:4100]:
        assert loaded.match(minhash) == added.match(minhash) == article_id
    assert loaded.match(random_signature(rng)) is None
