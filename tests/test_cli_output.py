"""What dyad prints is exactly what it stored (issue 10, findings 3 and 8).

Nothing from an article, a file name or a query is read as rich markup or an emoji code:
machine formats are bytes, tables and messages show their text literally. Tables stay
readable piped (one line per row) and on a wide or narrow terminal (short columns keep their
width however long an actor's text is).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from dyad.cli import app
from dyad.export import unescape_tsv

runner = CliRunner()

MARKUP_SENTENCE = 'Police said the man was shot [again]," and Japan condemned the [/button] attack :smile: on Tuesday.'
STORY = f"Headline [bold] one\nWire :smile:\nMay 15, 2024 10:00 GMT\nLONDON: {MARKUP_SENTENCE}\n"
BOX = re.compile("[│┃┏┓┗┛┌┐└┘━─╇┡┩]")


@pytest.fixture(scope="module")
def markup_db(tmp_path_factory):
    """A store holding one story whose file name, title, outlet and evidence look like markup,
    and one failure whose file name does."""
    folder = tmp_path_factory.mktemp("markup")
    (folder / "notes [red].txt").write_text(STORY, encoding="utf-8")
    (folder / "empty [red].txt").write_bytes(b"")
    db = tmp_path_factory.mktemp("markup_db") / "m.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return folder, db, result


def test_a_skipped_file_is_named_as_it_is(markup_db):
    _, _, result = markup_db
    assert "empty [red].txt: empty input" in result.output


def test_articles_jsonl_is_the_stored_record_verbatim(markup_db):
    folder, db, _ = markup_db
    result = runner.invoke(app, ["articles", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert article["title"] == "Headline [bold] one" and article["outlet"] == "Wire :smile:"
    assert MARKUP_SENTENCE in article["text"]
    assert article["origin"] == str(folder / "notes [red].txt")
    assert article["appeared_in"][0]["origin"] == str(folder / "notes [red].txt")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv"])
def test_events_machine_formats_keep_brackets_and_emoji_codes(markup_db, fmt):
    _, db, _ = markup_db
    result = runner.invoke(app, ["events", "--db", str(db), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        sentences = [json.loads(line)["evidence"]["sentence"] for line in result.stdout.splitlines()]
    elif fmt == "csv":
        sentences = [row["evidence_sentence"] for row in csv.DictReader(io.StringIO(result.stdout))]
    else:
        header, *lines = result.stdout.splitlines()
        column = header.split("\t").index("evidence_sentence")
        sentences = [unescape_tsv(line.split("\t")[column]) for line in lines]
    assert sentences and all(s == MARKUP_SENTENCE for s in sentences), sentences


def test_export_to_stdout_is_the_stored_text(markup_db):
    _, db, _ = markup_db
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code == 0
    assert {json.loads(line)["evidence"]["sentence"] for line in result.stdout.splitlines()} == {MARKUP_SENTENCE}


def test_tables_show_cells_literally(markup_db):
    folder, db, _ = markup_db
    events = runner.invoke(app, ["events", "--db", str(db)])
    assert events.exit_code == 0, events.output
    assert "shot [again]," in events.stdout and "[/button]" in events.stdout and ":smile:" in events.stdout
    articles = runner.invoke(app, ["articles", "--db", str(db)])
    assert "Headline [bold] one" in articles.stdout and "notes [red].txt" in articles.stdout
    failures = runner.invoke(app, ["failures", "--db", str(db)])
    assert "empty [red].txt" in failures.stdout


def test_code_jsonl_offsets_match_the_text_given():
    """`:smile:` used to become an emoji in the output, so the evidence no longer matched its offsets."""
    text = 'Police said the man was shot [again]," in Paris :smile: on Tuesday.'
    result = runner.invoke(app, ["code", text, "--date", "2024-05-15", "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        evidence = record["evidence"]
        assert evidence["sentence"] == text[evidence["char_start"]:evidence["char_end"]] == text


def test_actor_query_is_echoed_as_given():
    result = runner.invoke(app, ["actors", "resolve", "[bold]Vladimir Putin[/bold]", "--date", "2009-01-01"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == "[bold]Vladimir Putin[/bold]"


def test_error_messages_quote_input_literally(tmp_path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "x.duckdb"), "--since", "[/x]:smile:"])
    assert result.exit_code == 2
    assert "'[/x]:smile:' is not a date" in result.output and len(result.output.strip().splitlines()) == 1


def test_the_bug_handler_does_not_parse_the_message_as_markup(monkeypatch, capsys, tmp_path):
    """The handler of last resort used to crash (MarkupError, traceback) on a message with a stray tag."""
    import dyad.cli as cli

    def broken(*args, **kwargs):
        raise ValueError("closing tag '[/button]' at :smile:")

    monkeypatch.setattr(cli, "open_store", broken)
    monkeypatch.delenv("DYAD_DEBUG", raising=False)
    (tmp_path / "x.duckdb").touch()  # read commands refuse a missing database before opening it
    monkeypatch.setattr("sys.argv", ["dyad", "events", "--db", str(tmp_path / "x.duckdb")])
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 3
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "(ValueError: closing tag '[/button]' at :smile:)" in lines[0]


# -- finding 8: tables readable when piped, narrow or wide ----------------------------------------

LONG_ACTOR = ("the long-serving deputy assistant undersecretary for regional cooperation and strategic "
              "infrastructure development of the northern provinces of a small republic") * 2


@pytest.fixture()
def coded_records(monkeypatch):
    """`dyad code` answers three synthetic events, one with a 300-character actor text."""
    base = {"type": "ACCUSE", "mode": "allege", "date": "2024-05-13", "modality": "hypothetical",
            "source": {"text": LONG_ACTOR, "code": None}, "target": {"text": "Russia", "code": "RUS"},
            "attribution": None, "evidence": {"sentence": "An official accused Russia of lying on Monday. " * 4}}
    records = [base, {**base, "source": {"text": "Japan", "code": "JPN"}, "modality": "asserted"},
               {**base, "type": "SANCTION", "mode": None, "date": None}]
    monkeypatch.setattr("dyad.api.code_text", lambda *args, **kwargs: records)
    return records


def test_piped_table_is_one_line_per_row_without_boxes(coded_records):
    result = runner.invoke(app, ["code", "anything"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1 + len(coded_records), result.stdout
    assert not BOX.search(result.stdout)
    assert lines[0].split() == ["date", "type", "source", "target", "modality", "said", "by", "evidence"]
    assert lines[1].startswith("2024-05-13  ACCUSE/allege") and "…" in lines[1]


@pytest.mark.parametrize("columns", ["80", "300"])
def test_terminal_table_keeps_short_columns_whole(coded_records, columns):
    """A long actor text used to squeeze date, type and modality to nothing, even 300 columns wide;
    at 80 columns `make demo` showed headers as `s…` and `mod…`."""
    result = runner.invoke(app, ["code", "anything"], env={"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": columns,
                                                           "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.output
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    lines = plain.splitlines()
    assert all(len(line) <= int(columns) for line in lines)
    header = next(line for line in lines if line.lstrip().startswith("date"))
    for name in ("date", "type", "source", "target", "modality", "said by", "evidence"):
        assert name in header, header
    assert any("2024-05-13" in line and "hypothetical" in line and "ACCUSE" in line for line in lines), plain
    assert any(line.startswith("?") and "SANCTION" in line for line in lines), plain


def test_tsv_listings_are_one_line_per_row(markup_db):
    _, db, _ = markup_db
    for command, header in (("articles", "article_id\tstory_date\toutlet\ttitle\tappeared in"),
                            ("failures", "at\torigin\tposition\tstage\treason")):
        result = runner.invoke(app, [command, "--db", str(db), "--format", "tsv"])
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == header and len(lines) == 2
        assert all(len(line.split("\t")) == len(header.split("\t")) for line in lines)
    articles = runner.invoke(app, ["articles", "--db", str(db), "--format", "tsv"]).stdout.splitlines()
    assert articles[1].split("\t")[3] == "Headline [bold] one"


def test_lone_surrogates_and_undecodable_file_names_are_stored_as_replacement_characters(tmp_path):
    """A JSON escape "\\ud800" and a file name with a byte that is not UTF-8 used to abort the whole
    ingest (UnicodeEncodeError, E400): neither can be UTF-8, so each becomes U+FFFD, one for one."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lines.jsonl").write_text(json.dumps({"id": "s1", "title": "T\ud800", "date": "2024-05-15",
                                                    "text": "Japan imposed sanctions on North Korea \udcff on Monday."})
                                        + "\n", encoding="utf-8")
    odd_name = folder.as_posix().encode() + b"/story\xff.txt"
    with open(odd_name, "wb") as handle:
        handle.write(b"Headline\nWire\nMay 15, 2024\nChile praised Argentina for its climate efforts.\n")
    db = tmp_path / "s.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    articles = {a["article_id"]: a for a in map(json.loads, runner.invoke(
        app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout.splitlines())}
    assert len(articles) == 2
    assert articles["s1"]["title"] == "T\ufffd"
    assert "North Korea \ufffd on Monday." in articles["s1"]["text"]
    assert any(a["origin"].endswith("story\ufffd.txt") for a in articles.values())
