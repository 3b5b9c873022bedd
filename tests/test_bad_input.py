"""Bad input (issue 10, findings 4-7 and 9): one bad item, line or byte never costs the rest."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from dyad.cli import app
from tests.conftest import requires_shared

runner = CliRunner()
GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "articles-dev.jsonl"


def _event(article: str, source: str, target: str, type_: str) -> dict:
    return {"article_id": article, "source": {"country": source}, "target": {"country": target}, "type": type_,
            "date": "2024-05-15", "modality": "asserted", "confidence": 0.8,
            "evidence": {"sentence": f"{source} and {target}."}}


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- finding 7: `dyad evaluate` on gold with `no_events` lines ---------------------------------------

def test_evaluate_reads_no_events_lines_and_counts_events_there_as_spurious(tmp_path):
    gold = _write_jsonl(tmp_path / "gold.jsonl", [
        {"article": "quiet", "batch": "dev-1", "no_events": True},  # first line: not taken for type gold
        {"article": "talks", "id": "g1", "source": "RUS", "target": "CHN", "type": "CONSULT", "symmetric": True},
    ])
    events = _write_jsonl(tmp_path / "events.jsonl", [_event("talks", "CHN", "RUS", "CONSULT"),
                                                      _event("quiet", "USA", "IRN", "THREATEN")])
    result = runner.invoke(app, ["evaluate", str(gold), "--events", str(events), "--format", "json"])
    assert result.exit_code == 0, result.output
    triple = json.loads(result.output)["triple"]
    assert (triple["tp"], triple["fp"], triple["fn"]) == (1, 1, 0)
    assert triple["spurious"] == [["quiet", "USA", "IRN", "THREATEN", "2024-05-15"]]


def test_evaluate_runs_on_the_projects_own_article_gold(tmp_path):
    events = _write_jsonl(tmp_path / "events.jsonl", [_event("reuters21578-1574", "USA", "SUN", "AGREE")])
    result = runner.invoke(app, ["evaluate", str(GOLD), "--events", str(events)])
    assert result.exit_code == 0, result.output
    assert "triple" in result.output


# -- finding 6: `dyad actors resolve --file` answers every line ---------------------------------------

def test_actors_resolve_file_answers_every_line_and_exits_1_when_some_failed(tmp_path):
    """1,000 queries, 50 of them malformed: 1,000 answers in order, 50 with an "error" field."""
    good = [{"text": "Vladimir Putin", "date": "2009-01-01"}, {"text": "Russia"}, {"text": "Kim Jong Un"},
            {"text": "France", "date": "2001"}]
    bad = ['{"text": "Angela Merkel", "date": "1995-13-45"}',  # a date that is no date
           '{"text": "Germany"',  # truncated JSON
           '["Germany"]',  # not an object
           '{"name": "Germany"}',  # no "text"
           '{"text": 42}']  # "text" not a string
    lines, malformed = [], set()
    for number in range(1000):
        if number % 20 == 7:
            malformed.add(number)
            lines.append(bad[len(malformed) % len(bad)])
        else:
            lines.append(json.dumps(good[number % len(good)]))
    queries = tmp_path / "queries.jsonl"
    queries.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "resolve", "--file", str(queries), "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 1000
    errors = {n for n, answer in enumerate(answers) if "error" in answer}
    assert errors == malformed
    assert answers[0]["country"] == "RUS" and answers[1]["country"] == "RUS"
    assert "is not a date" in next(a["error"] for a in answers if a["text"] == "Angela Merkel")
    assert "50 of 1000 queries failed" in result.stderr


def test_actors_resolve_file_exits_0_when_every_line_is_answered(tmp_path):
    queries = _write_jsonl(tmp_path / "queries.jsonl", [{"text": "Russia"}, {"text": "China", "date": "2020-01"}])
    result = runner.invoke(app, ["actors", "resolve", "--file", str(queries), "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["country"] for line in result.stdout.splitlines()] == ["RUS", "CHN"]


def test_every_error_code_and_exit_code_is_documented():
    import inspect

    from dyad import errors

    docs = (Path(__file__).resolve().parents[1] / "docs" / "EXIT_CODES.md").read_text(encoding="utf-8")
    codes = {cls.code for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, errors.DyadError)}
    for code in codes | {"E900"}:
        assert f"    {code}  " in errors.__doc__, code
        assert f"| {code} |" in docs, code
    for name, value in vars(errors).items():
        if name.startswith("EXIT_"):
            assert f"| {value} |" in docs and f"\n    {value} " in errors.__doc__, name


# -- finding 5: one invalid UTF-8 byte is replaced where it is, and said ------------------------------

def _accented_jsonl_with_a_bad_byte(path: Path) -> Path:
    lines = [json.dumps({"id": "v1", "text": "Opposition leader Juan Guaidó met envoys of Colombia in Caracas.",
                         "date": "2019-02-01"}, ensure_ascii=False).encode("utf-8"),
             b'{"id": "v2", "text": "Colombia accused Venezuela of shelling \xff the border town.", "date": "2019-02-02"}',
             json.dumps({"id": "v3", "text": "Nicolás Maduro rejected the demand of the European Union.",
                         "date": "2019-02-03"}, ensure_ascii=False).encode("utf-8")]
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_a_bad_byte_in_one_jsonl_line_leaves_every_other_character_intact(tmp_path):
    from dyad.sources import iter_documents

    docs = list(iter_documents([str(_accented_jsonl_with_a_bad_byte(tmp_path / "v.jsonl"))]))
    assert [d.id for d in docs] == ["v1", "v2", "v3"]
    assert "Juan Guaidó met" in docs[0].text and "Nicolás Maduro" in docs[2].text
    assert docs[1].text == "Colombia accused Venezuela of shelling \ufffd the border town."
    assert docs[0].decoding is None and "1 invalid UTF-8 byte replaced" in docs[1].decoding


def test_a_bad_byte_in_a_text_file_is_replaced_alone(tmp_path):
    from dyad.sources import iter_documents

    path = tmp_path / "story.txt"
    path.write_bytes("Caracas Daily\n\nJuan Guaidó met envoys. A damaged byte: ".encode() + b"\xff.\n")
    (doc,) = iter_documents([str(path)])
    assert "Juan Guaidó met envoys" in doc.text and "\ufffd" in doc.text and doc.decoding


def test_a_windows_1252_record_is_still_read_as_windows_1252():
    from dyad.sources.decode import decode_record

    decoded = decode_record("Guaidó’s envoy – in Bogotá".encode("cp1252"))
    assert decoded.text == "Guaidó’s envoy – in Bogotá" and "Windows-1252" in decoded.note and not decoded.replaced


def test_a_damaged_utf8_web_page_keeps_its_accents():
    from dyad.sources.html import _decode

    page = ('<html><head><meta charset="utf-8"></head><body><p>Juan Guaidó met envoys in Bogotá.'
            '</p></body></html>').encode() .replace(b"envoys", b"envoys \xff")
    decoded = _decode(page)
    assert "Juan Guaidó met envoys \ufffd in Bogotá" in decoded.text and decoded.replaced == 1


def test_ingest_says_how_many_records_had_bad_bytes_and_which(tmp_path):
    path = _accented_jsonl_with_a_bad_byte(tmp_path / "v.jsonl")
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "warning " + str(path) + ":2: 1 invalid UTF-8 byte replaced" in result.stderr
    assert "records with invalid UTF-8 (bad bytes replaced)" in result.stderr
    stored = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout
    texts = {json.loads(line)["article_id"]: json.loads(line)["text"] for line in stored.splitlines()}
    assert "Juan Guaidó met" in texts["v1"] and "Nicolás Maduro" in texts["v3"]


# -- finding 4: a very long article never stops the batch ---------------------------------------------

_PARAGRAPHS = ("Russia and China held talks in Beijing on Monday.", "Iran threatened to close the Strait of Hormuz.",
               "Officials in Paris said the weather was mild.", "Japan sent aid to the Philippines after the storm.")


def _long_text(chars: int) -> str:
    paragraphs, size = [], 0
    while size < chars:
        paragraph = " ".join(_PARAGRAPHS[(len(paragraphs) + k) % len(_PARAGRAPHS)] for k in range(3))
        paragraphs.append(paragraph)
        size += len(paragraph) + 1
    return "\n".join(paragraphs)


def test_an_article_over_a_million_characters_is_a_failure_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text("Russia and China held talks in Beijing on Monday.\n", encoding="utf-8")
    (folder / "b_long.jsonl").write_text(json.dumps({"id": "long", "text": _long_text(1_200_000),
                                                     "date": "2024-05-15"}) + "\n", encoding="utf-8")
    (folder / "c_good.txt").write_text("Iran threatened to close the Strait of Hormuz on Tuesday.\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--batch-size", "8"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout
    assert sorted(Path(json.loads(line)["origin"]).name for line in listed.splitlines()) == ["a_good.txt",
                                                                                             "c_good.txt"]
    from dyad.store import open_store

    with open_store(str(db), read_only=True) as store:
        (failure,) = store.failures()
    assert failure["origin"].endswith("b_long.jsonl") and failure["position"] == 1
    assert "1,200,0" in failure["reason"] and "over the 1,000,000-character limit" in failure["reason"]


def test_a_long_article_is_coded_in_pieces_with_offsets_in_the_whole_article(coder, monkeypatch):
    from dyad import flow

    text = _long_text(3_000) + "\nGermany accused Poland of spying on its embassy."
    article = flow.article_from_text(text, story_date="2024-05-15")
    whole = coder.code_article(article).events
    monkeypatch.setattr(flow, "PIECE_CHARS", 400)
    assert len(flow.split_for_parsing(text, 400)) > 5 and "".join(flow.split_for_parsing(text, 400)) == text
    pieces = coder.code_article(article).events
    for event in pieces:
        evidence = event.evidence
        assert article.text[evidence.char_start:evidence.char_end] == evidence.sentence
    last = [e for e in pieces if e.type == "ACCUSE"]  # the last piece was coded too
    assert last and last[0].evidence.char_start == text.index("Germany accused")

    def shape(events):
        return sorted((e.type, e.source and e.source.code, e.target and e.target.code, e.evidence.char_start,
                       e.evidence.sentence_index) for e in events)

    assert shape(pieces) == shape(whole)


def test_split_for_parsing_cuts_at_paragraph_ends_then_sentences_then_spaces():
    from dyad.flow import split_for_parsing

    assert split_for_parsing("aaa bbb.\nccc ddd.\neee", 11) == ["aaa bbb.\n", "ccc ddd.\n", "eee"]
    assert split_for_parsing("One two. Three four five", 15) == ["One two. ", "Three four five"]
    assert split_for_parsing("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


# -- item 9: the smaller ones ---------------------------------------------------------------------------

def test_read_commands_on_a_missing_database_say_so_and_create_nothing(tmp_path):
    db = tmp_path / "missing.duckdb"
    for command in (["events"], ["export", "--format", "jsonl"], ["articles"], ["failures"]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2, (command, result.output)
        assert "no such database" in result.stderr and str(db) in result.stderr
        assert not db.exists(), command


def test_an_empty_directory_exits_1_saying_no_articles_were_found(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 1
    assert "no articles found in" in result.stderr


def test_project_files_and_images_in_an_input_folder_are_skipped_and_counted(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "not-news"\nversion = "1.0"\n', encoding="utf-8")
    (folder / "setup.cfg").write_text("[metadata]\nname = not-news\n", encoding="utf-8")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"JFIF" * 50)
    (folder / "story.txt").write_text("Russia and China held talks in Beijing on Monday.\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert re.search(r"files skipped \(not articles\)\s*│\s*3", result.stderr), result.stderr
    listed = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout
    assert [Path(json.loads(line)["origin"]).name for line in listed.splitlines()] == ["story.txt"]
    assert "0 failures" in runner.invoke(app, ["failures", "--db", str(db)]).output


def test_a_jsonl_record_with_an_unreadable_date_is_stored_undated_with_a_warning(tmp_path):
    path = _write_jsonl(tmp_path / "d.jsonl", [
        {"id": "d1", "text": "Russia and China held talks in Beijing.", "date": "sometime last spring"},
        {"id": "d2", "text": "Iran threatened to close the Strait of Hormuz.", "date": "2024-05-15"}])
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert f"warning {path}:1: unreadable publication date 'sometime last spring'" in result.stderr
    rows = [json.loads(line) for line in
            runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()]
    assert {r["article_id"]: r["story_date"] for r in rows} == {"d1": None, "d2": "2024-05-15"}


def test_an_empty_text_field_is_reported_as_empty_not_missing():
    from dyad.sources.jsonl import record_to_document

    assert record_to_document({"id": "x", "text": ""}, "f.jsonl", 3).reason == "empty 'text' field"
    assert record_to_document({"id": "x", "text": None}, "f.jsonl", 3).reason == "empty 'text' field"
    assert record_to_document({"id": "x", "body": 12}, "f.jsonl", 3).reason == "not text (int) in 'body' field"
    assert record_to_document({"id": "x"}, "f.jsonl", 3).reason == "record has no 'text' field"


_FEED = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
         '<item><title>Talks</title><description>Russia and China held talks in Beijing on Monday.</description>'
         '<guid>1</guid></item>'
         '<item><title>Strait</title><description>Iran threatened to close the Strait of Hormuz.</description>'
         '<guid>2</guid></item>')


def test_a_truncated_feed_keeps_its_readable_items_and_says_it_was_cut():
    import io

    from dyad.models import WARNING, Failure, RawDocument
    from dyad.sources.feeds import read_feed

    whole = list(read_feed(io.BytesIO((_FEED + "</channel></rss>").encode()), "wire.rss"))
    assert all(isinstance(item, RawDocument) for item in whole) and len(whole) == 2
    cut = list(read_feed(io.BytesIO(_FEED.encode()[:-20]), "wire.rss"))
    warnings = [item for item in cut if isinstance(item, Failure) and item.stage == WARNING]
    assert len(warnings) == 1 and "cut short" in warnings[0].reason
    assert [item.text for item in cut if isinstance(item, RawDocument)][0].startswith("Russia and China")


def test_ctrl_c_says_what_was_stored_and_a_rerun_resumes(tmp_path, monkeypatch):
    from dyad import flow

    folder = tmp_path / "in"
    folder.mkdir()
    for number, sentence in enumerate(_PARAGRAPHS):
        (folder / f"{number}.txt").write_text(sentence + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    real = flow.Coder.code_articles
    calls = []

    def interrupted_on_the_third_batch(self, articles):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(self, articles)

    monkeypatch.setattr(flow.Coder, "code_articles", interrupted_on_the_third_batch)
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--batch-size", "1"])
    assert result.exit_code == 130, result.output
    assert "interrupted: 2 articles" in result.stderr and "run the same command again" in result.stderr
    monkeypatch.setattr(flow.Coder, "code_articles", real)
    again = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert again.exit_code == 0
    assert re.search(r"skipped as duplicates\s*│\s*2", again.stderr) and re.search(r"stored\s*│\s*2", again.stderr)


def test_actors_import_of_every_phoenix_file_skips_the_verb_and_discards_files(tmp_path):
    folder = requires_shared("reference", "petrarch-dictionaries")
    db = tmp_path / "p.duckdb"
    result = runner.invoke(app, ["actors", "import", *map(str, sorted(folder.glob("*.txt"))), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert re.search(r"skipped \[E104\] \S*CAMEO.2.0.txt: a CAMEO verb-pattern dictionary", result.stderr)
    assert re.search(r"skipped \[E104\] \S*Phoenix.discards.txt: a discards list", result.stderr)
    listed = runner.invoke(app, ["actors", "list", "--db", str(db)]).stdout
    assert "Phoenix.agents.txt" in listed and "CAMEO" not in listed and "discards" not in listed


def test_dictionary_kinds_are_told_apart():
    from dyad.actors.dictionaries import dictionary_kind

    assert dictionary_kind(["---  ABANDON   [070]  ---", "ABANDON", "- * PLAN [071]"]) == "verb"
    assert dictionary_kind(["# Story-level discards are marked with a '+'", "+SOCCER", "WEEKS AGO"]) == "discards"
    assert dictionary_kind(["VLADIMIR_PUTIN_", "\t[RUSGOV >080508]"]) == "actor"
    assert dictionary_kind(["FOREIGN_MINISTER [~GOVFRM]"]) == "agent"
