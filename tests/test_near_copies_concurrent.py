"""Two writers that read two near copies of one story at the same time store it once.

An ingest checks each article against the near-duplicate signatures it knows when it reads the
article, but codes it before storing it; meanwhile another process (a parallel `dyad ingest` into
the same PostgreSQL database) may store a near copy. Under the store's article write lock the
ingest looks at what was stored since it last looked (migration 0004's `seq`) and links such an
article to the stored copy instead of storing it. Here the race is played out step by step.
"""

from __future__ import annotations

from dyad.engine.local import IngestSummary, _Interpreter
from dyad.models import CodedArticle, RawDocument
from dyad.store import open_store

STORY = ("The two governments signed a fisheries agreement in the harbour town on Tuesday after "
         "three days of talks, officials said. The accord sets catch limits for the next five years "
         "and creates a joint patrol of the shared waters, according to a statement read by the "
         "ministers. Fishing groups on both sides welcomed the deal but asked for compensation for "
         "the boats that must stay in port during the spawning season.")


def raw(origin: str, text: str) -> RawDocument:
    return RawDocument(origin=origin, text=text, position=1, title="Fisheries deal", published="2024-05-07",
                       outlet="Wire")


def test_a_near_copy_stored_by_another_writer_meanwhile_is_linked_not_stored(store_url):
    first = open_store(store_url)
    second = open_store(store_url) if store_url.startswith("postgresql") else first
    try:
        summary_a = IngestSummary()
        reader_a = _Interpreter(first, summary_a, lambda failure: None)
        (article_a,) = reader_a.articles([raw("a.jsonl", STORY + " Updated at noon.")])

        # Meanwhile the other writer reads and stores its own near copy of the story.
        reader_b = _Interpreter(second, IngestSummary(), lambda failure: None)
        (article_b,) = reader_b.articles([raw("b.jsonl", STORY + " Corrected spelling.")])
        assert article_b.id != article_a.id
        with second.article_write_lock():
            kept_b = reader_b.drop_copies_stored_meanwhile(
                [(CodedArticle(article_b, ()), reader_b.signatures.pop(article_b.id))], None)
            assert [r.status for r in second.add_many(kept_b)] == ["stored"]

        # Writer A files its batch: the near copy stored meanwhile is found, A's article linked to it.
        with first.article_write_lock():
            kept_a = reader_a.drop_copies_stored_meanwhile(
                [(CodedArticle(article_a, ()), reader_a.signatures.pop(article_a.id))], None)
        assert kept_a == []
        assert summary_a.near_duplicates == 1 and summary_a.duplicates == 1
        assert [a["article_id"] for a in first.articles()] == [article_b.id]
        origins = sorted(link["origin"] for link in first.links(article_b.id))
        assert origins == ["a.jsonl", "b.jsonl"]
    finally:
        if second is not first:
            second.close()
        first.close()


def test_an_unrelated_article_stored_meanwhile_changes_nothing(store_url):
    with open_store(store_url) as store:
        reader_a = _Interpreter(store, IngestSummary(), lambda failure: None)
        (article_a,) = reader_a.articles([raw("a.jsonl", STORY)])
        reader_b = _Interpreter(store, IngestSummary(), lambda failure: None)
        other = ("Parliament passed the budget on Thursday by a wide margin after a night of debate "
                 "about pensions, teachers' pay and the cost of the new railway to the north coast.")
        (article_b,) = reader_b.articles([raw("b.jsonl", other)])
        with store.article_write_lock():
            store.add_many(reader_b.drop_copies_stored_meanwhile(
                [(CodedArticle(article_b, ()), reader_b.signatures.pop(article_b.id))], None))
        batch = [(CodedArticle(article_a, ()), reader_a.signatures.pop(article_a.id))]
        with store.article_write_lock():
            assert reader_a.drop_copies_stored_meanwhile(batch, None) == batch
        assert reader_a.seen_up_to >= 1
