"""Readers: text files, JSONL, directories, stdin, gzip; bad items are failures, not crashes."""

from __future__ import annotations

import gzip
import io

from dyad.models import Failure, RawDocument
from dyad.sources import iter_documents


def _split(items):
    docs = [i for i in items if isinstance(i, RawDocument)]
    fails = [i for i in items if isinstance(i, Failure)]
    return docs, fails


def test_text_file_is_one_wire_document(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Headline\nOutlet\nMay 1, 2024\nBody text here.\n", encoding="utf-8")
    docs, fails = _split(list(iter_documents([str(path)])))
    assert not fails and len(docs) == 1 and docs[0].layout == "wire"


def test_jsonl_lines_become_documents_and_a_bad_line_is_a_failure(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "1", "title": "T", "text": "Body one.", "date": "2024-05-01"}\n'
                    '{"id": "2", "text": broken\n'
                    '\n'
                    '{"id": "3", "title": "Headline only", "text": ""}\n'
                    '[1, 2]\n'
                    '{"id": "4", "text": "Body four.", "published": "2024-05-02", "source": "Wire"}\n', encoding="utf-8")
    docs, fails = _split(list(iter_documents([str(path)])))
    assert [d.id for d in docs] == ["1", "4"]
    assert docs[1].outlet == "Wire" and docs[1].published == "2024-05-02"
    reasons = {f.position: f.reason for f in fails}
    assert set(reasons) == {2, 4, 5}
    assert "malformed JSON" in reasons[2]
    assert "headline only" in reasons[4]
    assert "expected an object" in reasons[5]
    assert str(fails[0]).startswith(f"{path}:2: ")


def test_empty_and_binary_files_fail_with_one_line_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "ok.txt").write_text("Norway held talks with Iceland.", encoding="utf-8")
    docs, fails = _split(list(iter_documents([str(tmp_path)])))
    assert len(docs) == 1
    reasons = {f.origin.rsplit("/", 1)[-1]: f.reason for f in fails}
    assert reasons["empty.txt"] == "empty input"
    assert "binary data" in reasons["image.txt"]
    assert all("\n" not in r for r in reasons.values())


def test_directories_are_read_recursively_in_order_and_gzip_is_transparent(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("First story.", encoding="utf-8")
    (tmp_path / "b" / "c.jsonl.gz").write_bytes(gzip.compress(b'{"id": "z", "text": "Zipped story."}\n'))
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    docs, fails = _split(list(iter_documents([str(tmp_path)])))
    assert not fails
    assert [d.text.strip() for d in docs] == ["First story.", "Zipped story."]


def test_stdin_and_missing_paths(tmp_path):
    docs, fails = _split(list(iter_documents(["-", str(tmp_path / "nope.txt")],
                                             stdin=io.BytesIO(b'{"id": "s", "text": "From stdin."}\n'))))
    assert docs[0].origin == "stdin" and docs[0].id == "s"
    assert fails[0].reason == "no such file or directory"


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes("Caf\u00e9 talks \u2013 officials met.".encode("cp1252"))
    docs, _ = _split(list(iter_documents([str(path)])))
    assert "Caf\u00e9" in docs[0].text and "\u2013" in docs[0].text
