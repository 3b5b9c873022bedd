"""The README's runnable examples give what the README shows.

A fenced block right after an HTML comment starting `<!-- runnable` holds `$ dyad ...` commands,
each followed by its output. The commands are run (the installed `dyad`, in a temporary folder)
and compared with what is shown:
- JSON lines must be equal as JSON values;
- table rows are compared as text with the table's rules and spacing removed, so a change of
  layout (box, plain, wrapped) does not matter but a changed value does; a cell shown ending in
  `…` is a prefix of the real cell. The rows must appear in the order shown.
Blocks that need the network or ../shared are simply not marked runnable.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
_BLOCK = re.compile(r"^<!-- runnable[^\n]*-->\n```[^\n]*\n(.*?)^```", re.S | re.M)
_RULES = re.compile(r"[\u2500-\u257f]+")  # box-drawing characters of rich tables
_SPACE = re.compile(r"\s+")


@dataclass
class Example:
    command: str
    shown: list[str] = field(default_factory=list)


def runnable_examples(text: str) -> list[Example]:
    examples: list[Example] = []
    for block in _BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append(Example(line[2:].strip()))
            elif line.strip():
                assert examples, f"output before any command in a runnable block: {line!r}"
                examples[-1].shown.append(line)
    return examples


def flat(text: str) -> str:
    """Text without table rules and with all whitespace runs as one space."""
    return _SPACE.sub(" ", _RULES.sub(" ", text)).strip()


def mismatches(shown: list[str], output: str) -> list[str]:
    """What of the shown output the real output does not give (empty when it matches)."""
    problems: list[str] = []
    if all(line.lstrip().startswith("{") for line in shown):
        real = [json.loads(line) for line in output.splitlines() if line.strip()]
        expected = [json.loads(line) for line in shown]
        if real != expected:
            problems.append(f"JSON differs:\n  shown {expected}\n  real  {real}")
        return problems
    real_text, position = flat(output), 0
    for line in shown:
        row = flat(line).removesuffix("…").rstrip()
        found = real_text.find(row, position)
        if found < 0:
            problems.append(f"row not in the output (in this order): {row!r}")
        else:
            position = found + len(row)
    return problems


def run(example: Example, cwd: Path) -> str:
    args = shlex.split(example.command)
    assert args[0] == "dyad", f"a runnable README command must call dyad: {example.command}"
    dyad = Path(sys.executable).with_name("dyad")
    result = subprocess.run([str(dyad), *args[1:]], capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                            env={**os.environ, "COLUMNS": "200"}, timeout=300)
    assert result.returncode == 0, f"{example.command} exited {result.returncode}: {result.stderr[-1000:]}"
    return result.stdout


def test_the_readme_marks_its_runnable_examples():
    commands = [e.command for e in runnable_examples(README.read_text(encoding="utf-8"))]
    assert any(c.startswith("dyad code ") for c in commands), commands
    assert sum(c.startswith('dyad actors resolve "Kim"') for c in commands) >= 2, commands


def test_the_readme_examples_give_what_the_readme_shows(tmp_path):
    examples = runnable_examples(README.read_text(encoding="utf-8"))
    with ThreadPoolExecutor(max_workers=4) as pool:  # each command loads the model: run them side by side
        outputs = list(pool.map(lambda e: run(e, tmp_path), examples))
    problems = [f"$ {e.command}\n  " + "\n  ".join(found) for e, out in zip(examples, outputs, strict=True)
                if (found := mismatches(e.shown, out))]
    assert not problems, "README.md shows output that dyad does not give:\n" + "\n".join(problems)


@pytest.mark.parametrize(("shown", "output", "ok"), [
    (["{\"a\": 1}"], "{\"a\": 1}\n", True),
    (["{\"a\": 1}"], "{\"a\": 2}\n", False),
    ([" 2023-09-14  REJECT  IRN  -  Tehran denied …"], "│ 2023-09-14 │ REJECT │ IRN │ - │ Tehran denied it │\n", True),
    ([" 2023-09-15  REJECT  IRN  -  Tehran denied …"], "│ 2023-09-14 │ REJECT │ IRN │ - │ Tehran denied it │\n", False),
    ([" b  2", " a  1"], "a\t1\nb\t2\n", False),  # order matters
])
def test_the_comparison_catches_changed_values(shown, output, ok):
    assert (mismatches(shown, output) == []) is ok
