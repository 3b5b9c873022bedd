"""Property: arbitrary Unicode goes in and comes out of every output format exactly as stored.

Brackets, colons, emoji codes, control characters, RTL marks, NUL, lone surrogates and invalid
bytes. 2,000 hypothesis examples each run the cheap layers (reader -> article, record ->
every writer -> parser); every fifth example's text is then ingested in ONE batch through `dyad
ingest` and read back through every listing and export format, so the whole path is covered
without paying a store and a parse per example.

Normalisation at input (documented rules, asserted exactly):
- a lone surrogate (a JSON escape "\\ud800" or an undecodable file name) becomes U+FFFD
  (`dyad.documents.build.valid_unicode`);
- the body is `clean_body(text)`: line ends to \\n, NBSP and runs of whitespace inside a line to
  one space, blank lines dropped. A title is kept as given (NUL included); a title of only
  whitespace is no title (null).
- invalid bytes in a file are decoded by the reader (how is issue 10 item 5); whatever text is
  stored is then printed exactly.
"""

from __future__ import annotations

import csv
import io
import json
import time

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from dyad.cli import app
from dyad.cli_output import Column, print_table, write_jsonl, write_tsv
from dyad.documents.build import build_article, clean_body, valid_unicode
from dyad.export import FLAT_COLUMNS, unescape_tsv, write_events
from dyad.sources.jsonl import record_to_document

runner = CliRunner()

SPECIAL = ["[", "]", "[/", "[bold]", "[/button]", ":", ":smile:", ":+1:", "\\", '"', ",", "\t", "\n", "\r", "\x00",
           "\x07", "\x1b[31m", "\x85", "\u2028", "\u00a0", "\u200f", "\u202e", "\ufeff", "\ud800", "\udcff",
           "😀", "é", "ß", "ﬁ", " "]
TEXT = st.one_of(st.text(max_size=40),
                 st.lists(st.sampled_from(SPECIAL) | st.text(max_size=3), max_size=12).map("".join),
                 st.text(st.characters(codec=None, exclude_categories=()), max_size=20))
EXAMPLES = 2000
END_TO_END_EVERY = 5
"""Every 5th example also goes through the one real ingest (400 articles: ~8 s instead of ~30)."""
BODY = "Japan imposed sanctions on North Korea on Monday, {} officials said."


def _template_event(code) -> dict:
    (record,) = [r for r in code("Japan imposed sanctions on North Korea on Monday.", date="2024-05-15")
                 if r["type"] == "SANCTION"][:1]
    return record


def _title(text: str) -> str | None:
    """The title stored for a given title (see the module docstring)."""
    return valid_unicode(text) if text.strip() else None


def _cheap_round_trip(text: str, template: dict) -> None:
    """Reader -> Article, and a record holding `text` through every writer and back."""
    stored = valid_unicode(text)
    raw = record_to_document({"id": "x", "language": "en", "title": text, "text": BODY.format(text)}, "p.jsonl", 1)
    article = build_article(raw)
    assert article.title == _title(text)
    assert article.text == clean_body(BODY.format(stored))

    record = {**template, "evidence": {**template["evidence"], "sentence": stored},
              "source": {**template["source"], "text": stored}}
    jsonl, csv_out, tsv_out = io.BytesIO(), io.BytesIO(), io.BytesIO()
    write_events([record], "jsonl", jsonl)
    write_events([record], "csv", csv_out)
    write_events([record], "tsv", tsv_out)
    assert json.loads(jsonl.getvalue().decode("utf-8")) == record
    (row,) = csv.DictReader(io.StringIO(csv_out.getvalue().decode("utf-8"), newline=""))
    assert row["evidence_sentence"] == stored and row["source_text"] == stored
    header, line = tsv_out.getvalue().decode("utf-8").split("\n")[:2]
    fields = dict(zip(header.split("\t"), map(unescape_tsv, line.split("\t")), strict=True))
    assert fields["evidence_sentence"] == stored and fields["source_text"] == stored

    listing = io.BytesIO()
    write_jsonl([{"title": stored}], listing)
    write_tsv(["title"], [[stored]], listing)
    first, _, rest = listing.getvalue().partition(b"\n")
    assert json.loads(first)["title"] == stored
    assert unescape_tsv(rest.decode("utf-8").split("\n")[1]) == stored
    for terminal in (True, False):
        screen = io.StringIO()
        print_table(stored, [Column("title", free=True)], [[stored]],
                    console=Console(file=screen, force_terminal=terminal, width=60, markup=False, emoji=False))


def test_arbitrary_unicode_round_trips_through_ingest_and_every_format(code, tmp_path):
    template = _template_event(code)
    texts: list[str] = []
    started = time.perf_counter()

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(TEXT)
    def examples(text: str) -> None:
        _cheap_round_trip(text, template)
        texts.append(text)

    examples()
    cheap_seconds = time.perf_counter() - started
    assert len(texts) >= EXAMPLES

    # One batch through the real command: JSONL records (JSON escapes carry lone surrogates and NUL)
    # and a plain-text file of raw bytes, invalid UTF-8 included.
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "records.jsonl", "w", encoding="utf-8") as handle:
        for number, text in enumerate(texts):
            if number % END_TO_END_EVERY:
                continue
            handle.write(json.dumps({"id": f"p{number}", "language": "en", "title": text, "date": "2024-05-15",
                                     "text": BODY.format(text) + f" Case {number}."}) + "\n")
    (folder / "raw.txt").write_bytes(b"Head [b] \xff\xfe :smile:\nWire\nMay 15, 2024\n"
                                     b"Japan imposed sanctions on North Korea \xc3\x28 [/x] on Monday.\n")
    db = tmp_path / "p.duckdb"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output

    articles = [json.loads(line) for line in runner.invoke(
        app, ["articles", "--db", str(db), "--format", "jsonl"]).stdout_bytes.decode("utf-8").split("\n")[:-1]]
    by_id = {a["article_id"]: a for a in articles}
    stored_records = [a for a in articles if a["article_id"].startswith("p")]
    assert len(stored_records) > EXAMPLES // END_TO_END_EVERY // 2
    for article in stored_records:
        # Through JSON, a high surrogate escape followed by a low one is one character (JSON's rule).
        text = json.loads(json.dumps(texts[int(article["article_id"][1:])]))
        assert article["title"] == _title(text)
        assert article["text"] == clean_body(BODY.format(valid_unicode(text)) + f" Case {article['article_id'][1:]}.")

    tsv = runner.invoke(app, ["articles", "--db", str(db), "--format", "tsv"]).stdout_bytes.decode("utf-8")
    header, *lines = tsv.split("\n")[:-1]
    assert len(lines) == len(articles)
    for line in lines:
        row = dict(zip(header.split("\t"), map(unescape_tsv, line.split("\t")), strict=True))
        assert row["title"] == (by_id[row["article_id"]]["title"] or "")

    exported = [json.loads(line) for line in runner.invoke(
        app, ["export", "--db", str(db), "--format", "jsonl"]).stdout_bytes.decode("utf-8").split("\n")[:-1]]
    assert exported
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl", "--limit", "1000000"])
    # the export is the stored record plus where it was reported and its incident (schema version 2)
    assert sorted(json.dumps(json.loads(line), sort_keys=True) for line in listed.stdout_bytes.decode("utf-8").split(
        "\n")[:-1]) == sorted(json.dumps({k: v for k, v in e.items() if k not in ("article", "incident_id")},
                                          sort_keys=True) for e in exported)
    for event in exported:
        assert event["article"]["title"] == by_id[event["article_id"]]["title"] and event["incident_id"]
    by_event = {e["event_id"]: e for e in exported}
    for event in exported:
        body = by_id[event["article_id"]]["text"]
        evidence = event["evidence"]
        assert body[evidence["char_start"]:evidence["char_end"]] == evidence["sentence"]

    flat_strings = [c for c in FLAT_COLUMNS if c.endswith(("_text", "_sentence", "_trigger", "_name"))]
    for fmt in ("csv", "tsv"):
        out = runner.invoke(app, ["export", "--db", str(db), "--format", fmt]).stdout_bytes.decode("utf-8")
        if fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(out, newline="")))
        else:
            head, *body_lines = out.split("\n")[:-1]
            rows = [dict(zip(head.split("\t"), map(unescape_tsv, x.split("\t")), strict=True)) for x in body_lines]
        assert len(rows) == len(exported)
        for row in rows:
            event = by_event[row["event_id"]]
            for column in flat_strings:
                group, key = column.split("_", 1)
                assert row[column] == ((event.get(group) or {}).get(key) or ""), (fmt, column)

    parquet = tmp_path / "e.parquet"
    assert runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "--out", str(parquet)]).exit_code == 0
    for row in pq.read_table(parquet).to_pylist():
        event = by_event[row["event_id"]]
        for column in flat_strings:
            group, key = column.split("_", 1)
            assert row[column] == (event.get(group) or {}).get(key), ("parquet", column)
    print(f"\nproperty: {len(texts)} examples, cheap layers {cheap_seconds:.1f} s, "
          f"whole test {time.perf_counter() - started:.1f} s")
