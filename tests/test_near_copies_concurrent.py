"""Two writers that read two near copies of one story at the same time store it once.

An ingest checks each article against the near-duplicate signatures it knows when it reads the
article, but codes it before storing it; meanwhile another process (a parallel `dyad ingest` into
the same PostgreSQL database) may store a near copy. Under the store's article write lock the
ingest looks at what was stored since it last looked (migration 0004's `seq`): of the two copies
the one with the smaller article id is kept, the other linked to it, whichever was stored first.
Here the race is played out step by step, in both orders.
"""

from __future__ import annotations

import pytest

from dyad.documents.build import build_article
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


def file_batch(store, reader, article):
    """What the engine does with a coded batch of one article, under the write lock."""
    with store.article_write_lock():
        kept = reader.drop_copies_stored_meanwhile([(CodedArticle(article, ()), reader.signatures.pop(article.id))],
                                                   None)
        outcomes = store.add_many(kept) if kept else []
        reader.supersede_stored([o.article_id for o in outcomes if o.status == "stored"])
    return kept


@pytest.mark.parametrize("suffixes", [(" Updated at noon.", " Corrected spelling."),
                                      (" Corrected spelling.", " Updated at noon.")])
def test_near_copies_stored_meanwhile_by_another_writer_leave_one_copy(store_url, suffixes):
    first = open_store(store_url)
    second = open_store(store_url) if store_url.startswith("postgresql") else first
    try:
        summary_a = IngestSummary()
        reader_a = _Interpreter(first, summary_a, lambda failure: None)
        (article_a,) = reader_a.articles([raw("a.jsonl", STORY + suffixes[0])])

        # Meanwhile the other writer reads and stores its own near copy of the story.
        reader_b = _Interpreter(second, IngestSummary(), lambda failure: None)
        (article_b,) = reader_b.articles([raw("b.jsonl", STORY + suffixes[1])])
        assert article_b.id != article_a.id
        assert file_batch(second, reader_b, article_b) != []

        # Writer A files its batch: the near copy stored meanwhile is found; the smaller id stays.
        kept_a = file_batch(first, reader_a, article_a)
        assert summary_a.near_duplicates == 1 and summary_a.duplicates == 1
        keeper = min(article_a.id, article_b.id)
        assert (kept_a != []) == (keeper == article_a.id)
        assert [a["article_id"] for a in first.articles()] == [keeper]
        links = first.links()
        assert {link["article_id"] for link in links} == {keeper}
        assert sorted(link["origin"] for link in links) == ["a.jsonl", "b.jsonl"]
        assert [a for a, _ in first.signatures()] == [keeper]
    finally:
        if second is not first:
            second.close()
        first.close()


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_one_process_keeps_the_same_copy_whatever_the_order_of_the_input(store_url, order):
    texts = [STORY + " Updated at noon.", STORY + " Corrected spelling."]
    ids = [build_article(raw(f"{i}.jsonl", text), []).id for i, text in enumerate(texts)]
    with open_store(store_url) as store:
        reader = _Interpreter(store, IngestSummary(), lambda failure: None)
        for i in order:  # one batch each: the second copy is read after the first is stored
            for article in reader.articles([raw(f"{i}.jsonl", texts[i])]):
                file_batch(store, reader, article)
        assert [a["article_id"] for a in store.articles()] == [min(ids)]
        assert [a for a, _ in store.signatures()] == [min(ids)]
        links = store.links()
        assert sorted(link["origin"] for link in links) == ["0.jsonl", "1.jsonl"]
        assert {link["article_id"] for link in links} == {min(ids)}


def test_an_unrelated_article_stored_meanwhile_changes_nothing(store_url):
    with open_store(store_url) as store:
        reader_a = _Interpreter(store, IngestSummary(), lambda failure: None)
        (article_a,) = reader_a.articles([raw("a.jsonl", STORY)])
        reader_b = _Interpreter(store, IngestSummary(), lambda failure: None)
        other = ("Parliament passed the budget on Thursday by a wide margin after a night of debate "
                 "about pensions, teachers' pay and the cost of the new railway to the north coast.")
        (article_b,) = reader_b.articles([raw("b.jsonl", other)])
        file_batch(store, reader_b, article_b)
        batch = [(CodedArticle(article_a, ()), reader_a.signatures.pop(article_a.id))]
        with store.article_write_lock():
            assert reader_a.drop_copies_stored_meanwhile(batch, None) == batch
        assert reader_a.seen_up_to >= 1


@pytest.mark.parametrize("suffixes", [(" Updated at noon.", " Corrected spelling."),
                                      (" Corrected spelling.", " Updated at noon.")])
def test_an_article_read_ahead_is_checked_against_copies_an_earlier_batch_already_learned(store_url, suffixes):
    """A pool codes several batches at once, so an article can be read before another writer
    stores its near copy and filed after an EARLIER batch's check has loaded that copy into the
    index. Its own check must still see the copy (a CI run once stored three stories twice)."""
    other = ("Parliament passed the budget on Thursday by a wide margin after a night of debate "
             "about pensions, teachers' pay and the cost of the new railway to the north coast.")
    with open_store(store_url) as store:
        reader_a = _Interpreter(store, IngestSummary(), lambda failure: None)
        unrelated, article_a = reader_a.articles([raw("a.jsonl", other), raw("a.jsonl", STORY + suffixes[0])])
        reader_b = _Interpreter(store, IngestSummary(), lambda failure: None)
        (article_b,) = reader_b.articles([raw("b.jsonl", STORY + suffixes[1])])
        file_batch(store, reader_b, article_b)      # the other writer stores its copy
        file_batch(store, reader_a, unrelated)      # A's earlier batch: its check learns B's copy
        file_batch(store, reader_a, article_a)      # A's read-ahead batch
        keeper = min(article_a.id, article_b.id)
        stored = {a["article_id"] for a in store.articles()}
        assert stored == {unrelated.id, keeper}
        assert {link["article_id"] for link in store.links() if link["origin"] == "b.jsonl"} == {keeper}
