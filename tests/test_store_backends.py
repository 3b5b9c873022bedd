"""What makes the two backends interchangeable: one column spec, the same migrations, copying a
store across, deleting an article with its hooks, and addresses that fail cleanly."""

from __future__ import annotations

import json

import pytest

from dyad.errors import StoreError
from dyad.models import Failure
from dyad.store import DuckDBStore, SchemaInfo, Store, columns, hooks, open_store
from dyad.store import duckdb_store as duck_module
from dyad.store.copy import copy_store
from dyad.store.migrations import Migration, latest, migrations
from tests.test_store import coded, make_article, make_event

DUCK_TYPES = {kind: pair[0] for kind, pair in columns.TYPES.items()}
PG_TYPES = {kind: pair[1] for kind, pair in columns.TYPES.items()}


def table_columns(store: Store, table: str) -> list[tuple[str, str, bool]]:
    """(name, type, nullable) of a live table, read from the backend's catalogue."""
    sql = ("SELECT column_name, data_type, is_nullable FROM information_schema.columns "
           "WHERE table_name = {m} AND table_schema = current_schema() ORDER BY ordinal_position")
    if isinstance(store, DuckDBStore):
        rows = store._fetchall(sql.format(m="?"), [table])
    else:
        rows = store._fetchall(sql.format(m="%s"), [table])
    return [(name, kind.upper() if isinstance(store, DuckDBStore) else kind, nullable == "YES")
            for name, kind, nullable in rows]


def fill(store: Store) -> None:
    for n in (1, 2, 3):
        article = make_article(n)
        store.add(coded(article, make_event(article, 0), make_event(article, 1, type="THREATEN")),
                  signature=bytes([n]) * 16)
    store.add_link("a_0001", "mirror.jsonl", 4, "https://mirror.example/1", 0.91)
    store.add_failure(Failure("broken.jsonl", "malformed JSON", position=3))


def test_every_backend_has_the_tables_of_the_column_spec(store_url):
    with open_store(store_url) as store:
        types = DUCK_TYPES if isinstance(store, DuckDBStore) else PG_TYPES
        for table, spec in columns.TABLES.items():
            assert table_columns(store, table) == [(c.name, types[c.kind], c.nullable) for c in spec], table


def test_both_backends_have_the_same_migrations():
    duck, pg = migrations("duckdb"), migrations("postgres")
    assert [(m.version, m.name) for m in duck] == [(m.version, m.name) for m in pg]
    assert duck[-1].version == duck_module.SCHEMA_VERSION


def test_a_store_from_before_migrations_opens_and_gets_a_baseline(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:  # what dyad wrote before schema_version existed
        con.execute(migrations("duckdb")[0].sql)
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    with open_store(path) as store:  # baselined at 1, then migrated to today's version
        assert store.info().version == latest("duckdb")
        rows = store._fetchall("SELECT version, name FROM schema_version ORDER BY version", [])
        assert rows[0] == (1, "baseline") and [r[0] for r in rows] == list(range(1, latest("duckdb") + 1))


def test_a_new_migration_file_is_applied_once_and_readers_wait_for_it(store_url, monkeypatch):
    """Adding a table later is one file per backend: here, a 0002 given to both."""
    open_store(store_url).close()
    backend = "postgres" if store_url.startswith("postgresql") else "duckdb"
    new = latest(backend) + 1
    extra = Migration(new, "scratch", "CREATE TABLE scratch (id INTEGER);")
    patched = (*migrations(backend), extra)
    if backend == "duckdb":
        monkeypatch.setattr(duck_module, "migrations", lambda _backend: patched)
        monkeypatch.setattr(duck_module, "SCHEMA_VERSION", new)
    else:
        from dyad.store import postgres_store

        monkeypatch.setattr(postgres_store, "migrations", lambda _backend: patched)
        monkeypatch.setattr(postgres_store, "SCHEMA_VERSION", new)
    with pytest.raises(StoreError, match=f"older than this dyad's {new}; run `dyad db migrate"):
        open_store(store_url, read_only=True)
    with open_store(store_url) as store:  # a writer migrates
        assert store.info().version == new
        assert store.migrate() == []
    with open_store(store_url, read_only=True) as reader:
        assert reader.info() == SchemaInfo(reader.info().backend, reader.location, new, new, reader.info().tables)


@pytest.mark.parametrize("direction", ["duckdb->postgres", "postgres->duckdb"])
def test_copy_moves_every_row_and_checks_counts(direction, tmp_path, pg_schema_url):
    duck = str(tmp_path / "copy.duckdb")
    source, target = (duck, pg_schema_url) if direction.startswith("duckdb") else (pg_schema_url, duck)
    with open_store(source) as store:
        fill(store)
        store.save_feed_state("https://f.example/rss", etag='"e1"', seen=["guid:1", "guid:2", "link:x"])
        expected = (store.events(), store.articles(with_text=True), store.links(), store.failures(),
                    sorted(store.signatures()), store.feed_state("https://f.example/rss"))
    with open_store(source, read_only=True) as src, open_store(target) as dst:
        copied = copy_store(src, dst, page=2)  # several pages per table
        assert copied == {"articles": 3, "events": 6, "failures": 1, "actor_dictionary": 0,
                          "article_links": 4, "article_signatures": 3, "incidents": 0, "incident_mentions": 0,
                          "feeds": 1, "feed_items": 3}
        assert dst.feed_seen("https://f.example/rss", ["guid:1", "guid:3", "link:x"]) == {"guid:1", "link:x"}
        got = (dst.events(), dst.articles(with_text=True), dst.links(), dst.failures(), sorted(dst.signatures()),
               dst.feed_state("https://f.example/rss"))
    assert json.dumps(got, default=str) == json.dumps(expected, default=str)
    with open_store(source, read_only=True) as src, open_store(target) as dst, \
            pytest.raises(StoreError, match="not empty"):
        copy_store(src, dst)


def test_delete_carries_to_events_links_and_hooks(store_url):
    calls = []

    def incidents_hook(tx: hooks.Transaction, article_id: str) -> dict[str, int]:
        # runs inside the delete's transaction: the article's events are already gone there
        (left,) = tx.execute("SELECT count(*) FROM events WHERE article_id = ?", [article_id])[0]
        calls.append((tx.backend, article_id, left, tx.has_table("events"), tx.has_table("incidents_x")))
        return {"incidents": 0}

    hooks.on_article_delete(incidents_hook)
    try:
        with open_store(store_url) as store:
            fill(store)
            removed = store.delete_article("a_0001")
            assert removed == {"events": 2, "article_links": 2, "article_signatures": 1, "articles": 1,
                               "incidents": 0}
            assert calls[0][1:] == ("a_0001", 0, True, False)
            assert store.counts() == {"articles": 2, "events": 4, "failures": 1}
            assert store.articles("a_0001") == [] and store.links("a_0001") == []
            assert store.delete_article("a_0001") == {}
            assert store.delete_article("'; DROP TABLE events; --") == {}
            assert store.counts()["events"] == 4
            article = make_article(1)  # the article can be ingested again afterwards
            assert store.add(coded(article, make_event(article))).status == "stored"
    finally:
        hooks._HOOKS.remove(incidents_hook)


def test_a_failing_hook_leaves_the_article_in_place(store_url):
    def broken(tx, article_id):
        tx.execute("SELECT * FROM no_such_table")
        return {}

    hooks.on_article_delete(broken)
    try:
        with open_store(store_url) as store:
            fill(store)
            with pytest.raises(StoreError, match="could not delete the article, nothing was changed"):
                store.delete_article("a_0002")
            assert store.counts() == {"articles": 3, "events": 6, "failures": 1}
            assert len(store.links("a_0002")) == 1
    finally:
        hooks._HOOKS.remove(broken)


# -- PostgreSQL addresses ---------------------------------------------------------------------------

def test_a_wrong_password_is_one_line_without_the_password(pg_url):
    from urllib.parse import urlsplit

    parts = urlsplit(pg_url)
    wrong = pg_url.replace(f":{parts.password}@", ":Sekr3t-guess@")
    with pytest.raises(StoreError) as caught:
        open_store(wrong)
    text = str(caught.value)
    assert "password authentication failed" in text and "\n" not in text
    assert "Sekr3t-guess" not in text and parts.password not in text
    assert ":***@" in text


@pytest.mark.parametrize("url", ["postgresql://dyad:pw-in-url@127.0.0.1:notaport/db",
                                 "postgresql://dyad:pw-in-url@[::1/db",
                                 "postgresql://dyad:pw-in-url@127.0.0.1:1/db"])
def test_a_bad_address_is_one_line_without_the_password(url, pg_url):
    with pytest.raises(StoreError) as caught:
        open_store(url)
    text = str(caught.value)
    assert "\n" not in text and "pw-in-url" not in text
    assert text.startswith("[E400]")


def test_the_cli_reports_a_bad_address_without_a_traceback(pg_url):
    from typer.testing import CliRunner

    from dyad.cli import app

    result = CliRunner().invoke(app, ["events", "--db", "postgresql://dyad:hunter2@127.0.0.1:1/none"])
    assert result.exit_code == 2
    assert "hunter2" not in result.output and "Traceback" not in result.output


def test_a_read_only_open_cannot_write_even_as_the_owner(pg_schema_url):
    with open_store(pg_schema_url) as store:
        fill(store)
    with open_store(pg_schema_url, read_only=True) as reader:
        reader.read_only = False  # even if the flag is flipped, the server runs READ ONLY transactions
        with pytest.raises(StoreError, match="read-only transaction"):
            reader.add_failure(Failure("x", "y"))
        with pytest.raises(StoreError, match="read-only transaction"):
            reader.delete_article("a_0001")
        assert reader.counts() == {"articles": 3, "events": 6, "failures": 1}


def test_the_documented_read_only_role_reads_and_cannot_write(pg_url, pg_schema_url):
    """docs/POSTGRES.md's reader role: SELECT only. It can read and open the store (nothing to
    migrate), and every write is refused by the server, whatever dyad is asked."""
    import uuid

    import psycopg
    from psycopg import sql

    with open_store(pg_schema_url) as store:
        fill(store)
    schema = pg_schema_url.rsplit("%3D", 1)[1]
    role, password = f"reader_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(sql.Identifier(schema), sql.Identifier(role)))
        conn.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(
            sql.Identifier(schema), sql.Identifier(role)))
    from urllib.parse import urlsplit

    parts = urlsplit(pg_schema_url)
    reader_url = pg_schema_url.replace(f"{parts.username}:{parts.password}@", f"{role}:{password}@")
    try:
        with open_store(reader_url) as store:  # not even asked to be read-only
            assert store.counts() == {"articles": 3, "events": 6, "failures": 1}
            assert len(store.events()) == 6
            for write in (lambda: store.add(coded(make_article(9))), lambda: store.delete_article("a_0001"),
                          lambda: store.add_failure(Failure("x", "y")),
                          lambda: store.replace_dictionary("d.txt", [])):
                with pytest.raises(StoreError, match="permission denied"):
                    write()
            assert store.counts() == {"articles": 3, "events": 6, "failures": 1}
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_nul_and_lone_surrogates_are_stored_on_every_backend(store_url):
    """A failure's reason may quote broken input: PostgreSQL text holds no NUL, UTF-8 no lone
    surrogate; each becomes U+FFFD there instead of failing the ingest."""
    with open_store(store_url) as store:
        assert store.add_failure(Failure("odd\x00name.txt", "bad \ud800 byte", position=1))
        assert not store.add_failure(Failure("odd\x00name.txt", "bad \ud800 byte", position=1))
        (row,) = store.failures()
    assert row["reason"] == "bad \ufffd byte"
    assert row["origin"] in ("odd\x00name.txt", "odd\ufffdname.txt")
