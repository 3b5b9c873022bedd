"""Choose the corpus's articles and fix their split, deterministically (`python -m dyad.corpus.select`).

Selection is by collection and by a cheap lexical score (distinct country names, political
words), sampled in strata so that the corpus holds many political stories, some marginal ones and
some with no political event at all (negatives matter): nothing from dyad's coder is used, so the
choice does not favour what the rules already find.

The split is by near-duplicate cluster (MinHash over word 5-shingles, Jaccard >= 0.5): a wire story
and its rewrites stay on one side. Articles already used to tune the rules (benchmarks/gold) never
go to the test split. The result, `corpus/articles.jsonl`, is committed and never re-drawn.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from .texts import CorpusText, iter_texts, load_texts, shared_corpus_dir

SEED = 20261207
CLUSTER_THRESHOLD = 0.5
SPLIT_SHARES = (("test", 0.20), ("dev", 0.15), ("train", 0.65))
POLITICAL_WORDS = frozenset(["minister", "president", "government", "prime", "troops", "army", "military", "talks", "sanctions", "rebels", "rebel", "police", "parliament", "election", "embassy", "ambassador", "treaty", "summit", "war", "attack", "attacked", "killed", "accused", "denied", "protest", "protesters", "agreement", "visit", "visited", "met", "meeting", "urged", "warned", "threatened", "condemned", "rejected", "opposition", "guerrillas", "ceasefire", "negotiations", "diplomatic", "envoy", "official", "officials", "spokesman", "security", "forces", "aid", "arrested"])
# (collection, stratum, how many, fewest words, most words)
PLAN = (
    ("reuters21578", "political", 250, 40, 600),
    ("reuters21578", "marginal", 45, 40, 500),
    ("reuters21578", "other", 20, 40, 400),
    ("bbc", "political", 85, 80, 700),
    ("bbc", "marginal", 25, 80, 600),
    ("bbc", "other", 15, 80, 500),
    ("zyte-aeb", "political", 30, 60, 1200),
    ("zyte-aeb", "marginal", 15, 60, 1000),
    ("zyte-aeb", "other", 10, 60, 900),
    ("feed", "political", 30, 15, 400),
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'.-]*")


def country_words(gazetteer: Path) -> frozenset[str]:
    """Single-word country names and adjectives from dyad's gazetteer (lower case)."""
    words: set[str] = set()
    for line in gazetteer.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        for cell in cells[1:4]:
            words.update(w.strip().lower() for w in cell.split(";") if w.strip() and " " not in w.strip())
    return frozenset(words)


def stratum(text: str, countries: frozenset[str]) -> str:
    words = [w.lower().strip(".'") for w in _WORD.findall(text)]
    nations = {w for w in words if w in countries}
    politics = sum(w in POLITICAL_WORDS for w in words)
    if len(nations) >= 2 and politics >= 3 or len(nations) >= 1 and politics >= 6:
        return "political"
    return "marginal" if nations and politics >= 1 else "other"


def english(text: CorpusText) -> bool:
    from ..documents.language import detect_language

    return detect_language(text.text) in (None, "en")


def select(corpus: Path, excluded_from_test: set[str]) -> list[dict]:
    countries = country_words(Path(__file__).resolve().parents[1] / "actors" / "data" / "countries.tsv")
    pools: dict[tuple[str, str], list[CorpusText]] = {}
    bounds = {(c, s): (lo, hi) for c, s, _, lo, hi in PLAN}
    for text in iter_texts(corpus):
        n_words = len(text.text.split())
        kind = stratum(text.text, countries)
        lo_hi = bounds.get((text.collection, kind))
        if lo_hi and lo_hi[0] <= n_words <= lo_hi[1] and english(text):
            pools.setdefault((text.collection, kind), []).append(text)
    rng = random.Random(SEED)
    chosen: list[tuple[CorpusText, str]] = []
    for collection, kind, count, _, _ in PLAN:
        pool = pools.get((collection, kind), [])
        chosen += [(t, kind) for t in rng.sample(pool, min(count, len(pool)))]
    clusters = near_duplicate_clusters([t for t, _ in chosen])
    splits = assign_splits(sorted(set(clusters.values())), {clusters[t.id] for t, _ in chosen if t.id in excluded_from_test},
                           rng)
    return [{"article": t.id, "collection": t.collection, "stratum": kind, "cluster": clusters[t.id],
             "split": splits[clusters[t.id]], "sha256": t.sha256, "chars": len(t.text)}
            for t, kind in sorted(chosen, key=lambda pair: pair[0].id)]


def near_duplicate_clusters(texts: list[CorpusText]) -> dict[str, str]:
    """Article id -> cluster id (the smallest member id): connected components of near copies."""
    lsh = MinHashLSH(threshold=CLUSTER_THRESHOLD, num_perm=128)
    hashes = {}
    for text in texts:
        words = text.text.lower().split()
        minhash = MinHash(num_perm=128)
        minhash.update_batch([" ".join(words[i:i + 5]).encode() for i in range(max(1, len(words) - 4))])
        hashes[text.id] = minhash
        lsh.insert(text.id, minhash)
    parent = {i: i for i in hashes}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for ident, minhash in hashes.items():
        for other in lsh.query(minhash):
            a, b = root(ident), root(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {i: root(i) for i in hashes}


def assign_splits(clusters: list[str], not_test: set[str], rng: random.Random) -> dict[str, str]:
    order = clusters[:]
    rng.shuffle(order)
    result: dict[str, str] = {}
    targets = {name: round(share * len(order)) for name, share in SPLIT_SHARES}
    counts: Counter[str] = Counter()
    for cluster in order:
        for name, _ in SPLIT_SHARES:
            if counts[name] < targets[name] and not (name == "test" and cluster in not_test):
                break
        else:
            name = "train"
        result[cluster] = name
        counts[name] += 1
    return result


EXTENSION = (("reuters21578", "political", 0.6, 40, 600), ("bbc", "political", 0.25, 80, 700),
             ("zyte-aeb", "political", 0.15, 60, 1200))


def extend(corpus: Path, existing: list[dict], count: int, round_no: int) -> list[dict]:
    """More political articles for training, drawn after the first selection: never the test
    split's (a new article that nearly copies a test article is left out), train/dev by cluster."""
    countries = country_words(Path(__file__).resolve().parents[1] / "actors" / "data" / "countries.tsv")
    have = {r["article"] for r in existing}
    rng = random.Random(SEED + round_no)
    pools: dict[str, list[CorpusText]] = {}
    bounds = {c: (lo, hi) for c, _, _, lo, hi in EXTENSION}
    for text in iter_texts(corpus, tuple(bounds)):
        lo, hi = bounds[text.collection]
        if text.id not in have and lo <= len(text.text.split()) <= hi and \
                stratum(text.text, countries) == "political" and english(text):
            pools.setdefault(text.collection, []).append(text)
    chosen = []
    for collection, _, share, _, _ in EXTENSION:
        pool = pools.get(collection, [])
        chosen += rng.sample(pool, min(round(count * share), len(pool)))
    old = load_texts(have, corpus)
    clusters = near_duplicate_clusters(list(old.values()) + chosen)
    split_of = {}
    for r in existing:
        split_of.setdefault(clusters[r["article"]], r["split"])
    rows = []
    for text in sorted(chosen, key=lambda t: t.id):
        split = split_of.get(clusters[text.id])
        if split == "test":
            continue
        if split is None:
            split = split_of[clusters[text.id]] = "dev" if rng.random() < 0.2 else "train"
        rows.append({"article": text.id, "collection": text.collection, "stratum": "political",
                     "cluster": clusters[text.id], "split": split, "sha256": text.sha256, "chars": len(text.text),
                     "round": round_no})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=None, help="the shared corpus folder (default ../shared/corpus)")
    parser.add_argument("--out", default="corpus/articles.jsonl")
    parser.add_argument("--extend", type=int, default=0, help="append this many more training articles")
    parser.add_argument("--round", type=int, default=2, help="the extension round (seeds its draw)")
    args = parser.parse_args()
    if args.extend:
        existing = [json.loads(line) for line in Path(args.out).read_text(encoding="utf-8").splitlines() if line]
        added = extend(shared_corpus_dir(args.corpus), existing, args.extend, args.round)
        with open(args.out, "a", encoding="utf-8") as out:
            for row in added:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{len(added)} articles added: " + ", ".join(f"{k} {v}" for k, v in Counter(r["split"] for r in added).items()))
        return
    gold = Path("benchmarks/gold/articles-dev.jsonl").read_text(encoding="utf-8")
    tuned = {json.loads(line)["article"] for line in gold.splitlines() if line.strip()}
    rows = select(shared_corpus_dir(args.corpus), tuned)
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles -> {args.out}: " + ", ".join(f"{k} {v}" for k, v in Counter(r["split"] for r in rows).items()))


if __name__ == "__main__":
    main()
