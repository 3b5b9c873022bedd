"""Cross-check of the knowledge base: ParlGov prime ministers against the other sources.

Run: `python benchmarks/kb_crosscheck.py`. For every ParlGov PM term since 1990, the heads of
government that dyad's people rows, the facts file and the Factbook give for the same country on
the term's middle day: agreement when one of them has ParlGov's surname. A first measure for
issue 11's fact-quality acceptance (disagreements are listed, to be fixed at their source).
"""

from __future__ import annotations

from datetime import date

from dyad.actors.kb.lookup import knowledge_base
from dyad.actors.kb.names import fold

OTHER_SOURCES = {"dyad-people", "facts", "factbook"}


def main() -> None:
    base = knowledge_base()
    terms = [e for e in base.entries if e.source == "parlgov" and e.start >= "1990"]
    others = [e for e in base.entries if e.source in OTHER_SOURCES and e.office == "head_of_government"]
    agree, unchecked, disagreements = 0, 0, []
    for term in terms:
        start, end = date.fromisoformat(term.start), date.fromisoformat(term.end)
        middle = (start + (end - start) / 2).isoformat()
        rivals = [e for e in others if e.country == term.country and e.covers(middle)]
        if not rivals:
            unchecked += 1
            continue
        surnames = {fold(n).split()[-1] for n in (term.name, *term.variants)}
        if any(surnames & set(fold(" ".join((e.name, *e.variants))).split()) for e in rivals):
            agree += 1
        else:
            disagreements.append((term.country, term.start, term.name, sorted({e.name for e in rivals})))
    checked = agree + len(disagreements)
    print(f"ParlGov PM terms since 1990: {len(terms)}; checked {checked} (no other source: {unchecked}); "
          f"disagree {len(disagreements)} ({100 * len(disagreements) / max(checked, 1):.1f}%)")
    for row in disagreements:
        print("  ", *row)


if __name__ == "__main__":
    main()
