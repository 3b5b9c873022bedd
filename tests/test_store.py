"""The store on every backend: exact round trips, idempotency, all-or-nothing adds, filters, failures.

The `store` fixture runs each test on DuckDB and on PostgreSQL (conftest.store_url); tests of
what only one backend has (DuckDB files, `:memory:`) say so in their name or fixture.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import QueryError, StoreError
from dyad.models import Actor, Article, CodedArticle, Event, Evidence, Failure, Location
from dyad.query import EventFilter, parse_filter
from dyad.store import AddResult, Store, open_store


def make_article(n: int = 1, *, article_id: str | None = None, content_hash: str | None = None,
                 story_date: date | None = date(2023, 9, 15)) -> Article:
    return Article(
        id=article_id or f"a_{n:04d}",
        text=f"Article {n}. Путин и Ким провели переговоры в Восточном — Kim said «yes». " * 3,
        content_hash=content_hash or f"h_{n:04d}",
        title=f"Title {n}",
        outlet="Wire",
        url=f"https://example.org/{n}",
        published=datetime(2023, 9, 15, 8, 30, tzinfo=timezone(timedelta(hours=3))),
        story_date=story_date,
        timezone="Europe/Moscow",
        datelines=("MOSCOW", "Sept 15"),
        origin="test.jsonl",
        position=n,
    )


def make_event(article: Article, index: int = 0, *, type: str = "CONSULT", source: str | None = "RUS",
               target: str | None = "PRK", date: str | None = "2023-09-13", precision: str = "day",
               modality: str = "asserted", attribution: str | None = None,
               located: bool = True) -> Event:
    """A valid event of `article`; ids derive from the article and sentence like the coder's."""
    return Event(
        event_id=f"e_{article.id}_{index}_{type}",
        article_id=article.id,
        type=type,
        mode="visit" if type == "CONSULT" else None,
        contexts=("military", "diplomatic") if index % 2 == 0 else (),
        cameo="042" if type == "CONSULT" else None,
        quad_class=1,
        intensity=1.0 + index / 3,
        source=Actor(f"{source} leader", name="Vladimir Putin", country=source, sector="GOV",
                     code=f"{source}GOV") if source else None,
        target=Actor(f"{target} side", country=target, sector=None, code=target) if target else None,
        date=date,
        date_precision=precision if date else "unknown",
        date_basis="explicit" if date else "none",
        story_date=article.story_date.isoformat() if article.story_date else None,
        modality=modality,
        attribution=Actor("Kremlin spokesman Dmitry Peskov", name="Dmitry Peskov", country=attribution,
                          sector="GOV", code=f"{attribution}GOV") if attribution else None,
        location=Location("Восточный", country="RUS", lat=51.88, lon=128.33, geonames_id=2021851)
        if located else None,
        evidence=Evidence(sentence_index=index, sentence=f"Sentence {index} «quoted».", trigger="talks",
                          char_start=10 * index, char_end=10 * index + 9),
        confidence=0.82,
        mentions=2,
    )


def coded(article: Article, *events: Event) -> CodedArticle:
    return CodedArticle(article=article, events=tuple(events))


@pytest.fixture
def store(store_url):
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def duck_store(tmp_path):
    with open_store(tmp_path / "dyad.duckdb") as opened:
        yield opened


# -- round trip ---------------------------------------------------------------------------------

def test_records_round_trip_exactly(store):
    article = make_article()
    events = [make_event(article, 0, attribution="RUS"),
              make_event(article, 1, type="THREATEN", target=None, located=False, date="2023-10",
                         precision="month", modality="conditional")]
    result = store.add(coded(article, *events))
    assert result == AddResult(article.id, "stored", 2)
    got = {record["event_id"]: record for record in store.events()}
    for event in events:
        expected = event.to_record()
        assert list(got[event.event_id]) == list(expected)  # same keys in the same order
        assert json.dumps(got[event.event_id]) == json.dumps(expected)


def test_articles_round_trip_with_and_without_text(store):
    article = make_article()
    store.add(coded(article, make_event(article)))
    assert store.articles() == [article.to_record(with_text=False)]
    (full,) = store.articles(article.id, with_text=True)
    assert json.dumps(full) == json.dumps(article.to_record())
    assert store.articles("a_missing") == []


def test_articles_newest_story_first_and_limited(store):
    for n, day in ((1, 10), (2, 12), (3, 11)):
        store.add(coded(make_article(n, story_date=date(2023, 9, day))))
    store.add(coded(make_article(4, story_date=None)))
    assert [a["article_id"] for a in store.articles()] == ["a_0002", "a_0003", "a_0001", "a_0004"]
    assert [a["article_id"] for a in store.articles(limit=2)] == ["a_0002", "a_0003"]
    with pytest.raises(QueryError, match="positive"):
        store.articles(limit=0)


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=40), intensity=st.floats(allow_nan=False), confidence=st.floats(0, 1))
def test_round_trip_of_arbitrary_values(text, intensity, confidence):
    article = make_article()
    base = make_event(article)
    event = Event(**{**base.__dict__, "intensity": intensity, "confidence": confidence,
                     "evidence": Evidence(0, text, text, 0, len(text)),
                     "source": Actor(text, name=text or None, country="RUS")})
    with open_store(":memory:") as memory:
        memory.add(coded(article, event))
        (record,) = memory.events()
    assert record == event.to_record()
    assert list(record) == list(event.to_record())


# -- idempotency --------------------------------------------------------------------------------

def test_adding_the_same_article_twice_stores_it_once(store):
    article = make_article()
    item = coded(article, make_event(article, 0), make_event(article, 1))
    assert store.add(item).status == "stored"
    assert store.add(item) == AddResult(article.id, "duplicate", 0)
    assert store.counts() == {"articles": 1, "events": 2, "failures": 0}


@pytest.mark.parametrize("article_id, content_hash", [("a_other", "h_0001"), ("a_0001", "h_other")])
def test_same_id_or_same_content_is_a_duplicate(store, article_id, content_hash):
    first = make_article(1)
    store.add(coded(first, make_event(first)))
    again = make_article(1, article_id=article_id, content_hash=content_hash)
    assert store.add(coded(again, make_event(again))).status == "duplicate"
    assert store.counts()["events"] == 1


def test_has_article_checks_id_and_content_hash(store):
    store.add(coded(make_article(1)))
    assert store.has_article("a_0001", "h_new")
    assert store.has_article("a_new", "h_0001")
    assert not store.has_article("a_new", "h_new")


# -- all or nothing -----------------------------------------------------------------------------

class FailingEventsConnection:
    """Delegates to the real connection; the events insert runs, then fails as a full disk would."""

    def __init__(self, real: duckdb.DuckDBPyConnection) -> None:
        self.real = real
        self.events_written = 0

    def __getattr__(self, name):
        return getattr(self.real, name)

    def execute(self, sql, params=None):
        result = self.real.execute(sql, params)
        if sql.startswith("INSERT INTO events"):
            self.events_written += 1  # the article row and its events are in, uncommitted
            raise duckdb.IOException("disk full (simulated)")
        return result


def test_a_failing_add_writes_nothing(duck_store, monkeypatch):
    store = duck_store
    article = make_article()
    item = coded(article, make_event(article, 0), make_event(article, 1))
    failing = FailingEventsConnection(store._con)
    monkeypatch.setattr(store, "_con", failing)
    with pytest.raises(StoreError, match=r"\[E400\] a_0001: could not store .*disk full"):
        store.add(item)
    monkeypatch.undo()
    assert failing.events_written == 1
    assert store.counts() == {"articles": 0, "events": 0, "failures": 0}
    assert not store.has_article(article.id, article.content_hash)
    assert store.add(item).status == "stored"  # the connection is usable again, and nothing blocks
    assert store.counts()["events"] == 2


def test_a_constraint_violation_mid_article_rolls_back(store):
    article = make_article()
    event = make_event(article)
    with pytest.raises(StoreError, match="nothing of it was written"):
        store.add(coded(article, event, event))  # the second insert of the same id violates the key
    assert store.counts() == {"articles": 0, "events": 0, "failures": 0}


@pytest.mark.parametrize("change, message", [
    ({"date": "2023-13-01"}, "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ({"story_date": "15 Sept"}, "story_date '15 Sept'"),
    ({"article_id": "a_else"}, "belongs to article 'a_else'"),
])
def test_a_bad_event_rejects_the_whole_article(store, change, message):
    article = make_article()
    bad = Event(**{**make_event(article, 1).__dict__, **change})
    with pytest.raises(StoreError, match=message):
        store.add(coded(article, make_event(article, 0), bad))
    assert store.counts()["articles"] == 0


def test_a_date_finer_than_its_precision_is_widened(store):
    article = make_article()
    store.add(coded(article, make_event(article, date="2023-10-20", precision="month")))
    assert len(store.events(parse_filter(since="2023-10-01", until="2023-10-02"))) == 1


# -- failures -----------------------------------------------------------------------------------

def test_failures_are_kept_once(store):
    at = datetime(2023, 9, 15, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    broken = Failure("feed.jsonl", "malformed JSON", position=7, stage="read", at=at)
    assert store.add_failure(broken) is True
    assert store.add_failure(Failure("feed.jsonl", "malformed JSON", position=7)) is False
    assert store.add_failure(Failure("feed.jsonl", "malformed JSON", position=8)) is True
    assert store.add_failure(Failure("page.html", "empty body", stage="documents")) is True
    assert store.add_failure(Failure("page.html", "empty body", stage="documents")) is False
    assert store.counts()["failures"] == 3
    first = store.failures()[0]
    assert first == {"origin": "feed.jsonl", "position": 7, "stage": "read", "reason": "malformed JSON",
                     "at": "2023-09-15T10:00:00+00:00"}


# -- files --------------------------------------------------------------------------------------

def test_reopening_keeps_everything(store_url):
    article = make_article()
    with open_store(store_url) as first:
        first.add(coded(article, make_event(article)))
        first.add_failure(Failure("x.txt", "empty"))
        before = first.events()
    with open_store(store_url) as again:
        assert again.counts() == {"articles": 1, "events": 1, "failures": 1}
        assert again.events() == before
        assert again.add(coded(article, make_event(article))).status == "duplicate"
        assert again.migrate() == []  # up to date: nothing to apply
    with open_store(store_url, read_only=True) as reader:
        assert reader.events() == before
        with pytest.raises(StoreError, match="read-only"):
            reader.add(coded(make_article(2)))
        assert reader.counts()["articles"] == 1


def test_reopening_a_file_keeps_everything(tmp_path):
    path = tmp_path / "kept.duckdb"
    article = make_article()
    with open_store(path) as first:
        first.add(coded(article, make_event(article)))
        first.add_failure(Failure("x.txt", "empty"))
        before = first.events()
    with open_store(str(path)) as again:
        assert again.counts() == {"articles": 1, "events": 1, "failures": 1}
        assert again.events() == before
        assert again.add(coded(article, make_event(article))).status == "duplicate"
    with open_store(path, read_only=True) as reader:
        assert reader.events() == before
        with pytest.raises(StoreError, match="read-only"):
            reader.add(coded(make_article(2)))


def test_default_path_is_env_then_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DYAD_DB", raising=False)
    with open_store() as default:
        assert default.path == "dyad.duckdb"
    assert (tmp_path / "dyad.duckdb").exists()
    monkeypatch.setenv("DYAD_DB", str(tmp_path / "from_env.duckdb"))
    with open_store(None):
        pass
    assert (tmp_path / "from_env.duckdb").exists()


def test_open_errors_say_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="does not exist; create it"):
        open_store(tmp_path / "missing" / "dyad.duckdb")
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("hello")
    with pytest.raises(StoreError, match=r"\[E400\] .*notes.txt: cannot open the store"):
        open_store(not_a_db)
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path / "new.duckdb", read_only=True)


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.duckdb"
    open_store(path).close()
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 99"):
        open_store(path)


def test_a_closed_store_says_so(tmp_path):
    store = open_store(tmp_path / "c.duckdb")
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed; open it again"):
        store.counts()


# -- filters and order --------------------------------------------------------------------------

@pytest.fixture
def filled(store) -> Store:
    """Six events of one article (sentence index = digit of the name) and two of another."""
    a, b = make_article(1), make_article(2, story_date=date(2023, 9, 20))
    store.add(coded(a,
                    make_event(a, 1, source="RUS", target="PRK"),                        # 2023-09-13
                    make_event(a, 2, type="AGREE", source="PRK", target="RUS", date="2023-10",
                               precision="month", modality="future"),
                    make_event(a, 3, type="SANCTION", source="USA", target="RUS", date="2023",
                               precision="year"),
                    make_event(a, 4, type="ASSAULT", source="UKR", target="RUS", date=None,
                               modality="alleged"),
                    make_event(a, 5, type="MOBILIZE", source="RUS", target=None, date="2023-08-30"),
                    make_event(a, 6, type="AID", source="USA", target="UKR", date="2023-09-01")))
    store.add(coded(b,
                    make_event(b, 7, source="CHN", target="RUS"),                        # 2023-09-13
                    make_event(b, 0, type="REJECT", source="CHN", target="USA")))          # 2023-09-13
    return store


def sentences(records) -> list[str]:
    return [f"{r['article_id'][-1]}.{r['evidence']['sentence_index']}" for r in records]


def test_order_is_newest_first_then_story_date_then_sentence(filled):
    # 2023-10 and 2023 sort by their first day; ties on 2023-09-13 go to the later story (article
    # 2) and then by sentence; the undated event comes last.
    assert sentences(filled.events()) == ["1.2", "2.0", "2.7", "1.1", "1.6", "1.5", "1.3", "1.4"]


@pytest.mark.parametrize("raw, expected", [
    ({"actor": "usa"}, ["2.0", "1.6", "1.3"]),
    ({"dyad": "RUS:*"}, ["1.1", "1.5"]),
    ({"dyad": "*:rus"}, ["1.2", "2.7", "1.3", "1.4"]),
    ({"dyad": "RUS:PRK"}, ["1.1"]),
    ({"dyad": "*:*"}, ["1.2", "2.0", "2.7", "1.1", "1.6", "1.5", "1.3", "1.4"]),
    ({"type": "agree"}, ["1.2"]),
    ({"modality": "Alleged"}, ["1.4"]),
    ({"since": "2023-10-15"}, ["1.2", "1.3"]),            # month and year periods overlap the window
    ({"until": "2023-09-01"}, ["1.6", "1.5", "1.3"]),
    ({"since": "2023-10", "until": "2023-10"}, ["1.2", "1.3"]),
    ({"since": "2022", "until": "2022"}, []),
    ({"actor": "RUS", "type": "CONSULT", "since": "2023-09"}, ["2.7", "1.1"]),
    ({"limit": "3"}, ["1.2", "2.0", "2.7"]),
])
def test_filters(filled, raw, expected):
    assert sentences(filled.events(parse_filter(**raw))) == expected


def test_iter_events_streams_everything_in_storage_order(filled):
    records = filled.iter_events(chunk_size=3)
    first = next(records)
    assert filled.counts()["events"] == 8  # the store stays usable while an export is running
    assert sentences([first, *records]) == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.7", "2.0"]
    assert sentences(filled.iter_events(EventFilter(actor="USA"))) == ["1.3", "1.6", "2.0"]
