"""`dyad bench`: how fast dyad codes a corpus, beside the fixed baseline, measured in one run.

Every row is its own fresh process, watched from outside: peak memory is the largest sum, over
the run, of the resident memory (RSS) and of the proportional share (PSS: shared pages counted
once) of that process and all its descendants (dyad's pool workers, spaCy's `n_process`).

  baseline   spaCy `nlp.pipe` with all components of the shipped model, batch 64,
             `n_process` = workers, over the same bodies (web pages extracted by trafilatura,
             timed); what "parse everything" costs
  dyad       the whole `dyad ingest` (read, extract, interpret, parse, code, store) into a fresh
             DuckDB file
  dyad @REF  the same ingest with the code of an earlier commit (`git archive`, no worktree)

Tokens per second counts the input's tokens (as the baseline's tokenizer splits the bodies) over
each row's time, so the rows are comparable.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl"
_CHILD = Path(__file__).with_name("child.py")


@dataclass
class BenchRow:
    name: str
    stories: int
    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    tokens: int | None = None
    events: int | None = None
    sentences_parsed: int | None = None
    sentences_skipped: int | None = None

    @property
    def stories_per_second(self) -> float:
        return self.stories / self.seconds if self.seconds else 0.0

    def tokens_per_second(self, tokens: int | None) -> float | None:
        return tokens / self.seconds if tokens and self.seconds else None


def subset(corpus: Path, limit: int, out_dir: Path) -> Path:
    """The first `limit` stories with a body (JSONL), or the first `limit` files of a directory of pages."""
    if corpus.is_dir():
        pages = out_dir / "pages"
        pages.mkdir()
        for page in sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix in {".html", ".htm"})[:limit]:
            shutil.copy(page, pages / page.name)
        return pages
    out = out_dir / "subset.jsonl"
    count = 0
    with open(corpus, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for line in src:
            if count >= limit:
                break
            if (json.loads(line).get("text") or "").strip():
                dst.write(line)
                count += 1
    return out


def _tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, ()))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; (0, 0) if it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class _PeakMemory(threading.Thread):
    """Samples the summed memory of a process tree until stopped; keeps the peaks. Every half
    second by default: reading smaps_rollup costs about 4 ms of CPU per 600 MB process, so
    sampling five processes ten times a second took a fifth of one of the bench machine's two cores
    from the runs it measured (more from the engine with more processes)."""

    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.rss_kb = self.pss_kb = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            sizes = [_memory_kb(pid) for pid in _tree(self.pid)]
            self.rss_kb = max(self.rss_kb, sum(r for r, _ in sizes))
            self.pss_kb = max(self.pss_kb, sum(p for _, p in sizes))
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def measure(kind: str, where: Path, workers: int, *, name: str, code_root: Path | None = None) -> BenchRow:
    """Run one child (`baseline` or `dyad`) in a fresh process; code from `code_root` if given."""
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as cwd:
        if code_root is not None:
            env["PYTHONPATH"] = str(code_root)
        process = subprocess.Popen([sys.executable, "-c", _CHILD.read_text(encoding="utf-8"), kind, str(where),
                                    str(workers)], cwd=str(code_root or cwd), env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        sampler = _PeakMemory(process.pid)
        sampler.start()
        out, err = process.communicate()
        sampler.stop()
    if process.returncode != 0:
        raise RuntimeError(f"bench run '{name}' failed (exit {process.returncode}): {err.strip()[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    return BenchRow(name=name, stories=result["stories"], seconds=result["seconds"],
                    peak_rss_mb=sampler.rss_kb / 1024, peak_pss_mb=sampler.pss_kb / 1024, tokens=result.get("tokens"),
                    events=result.get("events"), sentences_parsed=result.get("sentences_parsed"),
                    sentences_skipped=result.get("sentences_skipped"))


def export_ref(ref: str, where: Path) -> Path:
    """The tree of commit `ref` of the repository in the current directory, as plain files
    (`git archive`: no worktree is made, no shared ref is touched)."""
    where.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", ref], capture_output=True)
    if archive.returncode != 0:
        raise InputError(f"--ref {ref}: not a commit of this repository ({archive.stderr.decode().strip()})")
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    return where


def run_bench(corpus: Path = DEFAULT_CORPUS, *, limit: int = 2000, workers: int = 1,
              ref: str | None = None, dask: bool = False) -> list[BenchRow]:
    """Measure the baseline, dyad, optionally dyad with `--engine dask` (a LocalCluster of `workers`
    processes, its start-up included) and dyad at `ref`, on the same input in one run."""
    if not corpus.exists():
        raise InputError(f"{corpus}: corpus not found; pass --corpus FILE.jsonl or a directory of web pages")
    with tempfile.TemporaryDirectory() as tmp:
        where = subset(corpus, limit, Path(tmp))
        rows = [measure("baseline", where, workers, name=f"baseline spaCy x{workers}"),
                measure("dyad", where, workers, name=f"dyad x{workers}")]
        if dask:
            rows.append(measure("dask", where, workers, name=f"dyad dask x{workers}"))
        if ref:
            tree = export_ref(ref, Path(tmp) / "ref")
            rows.append(measure("dyad", where, workers, name=f"dyad @{ref} x{workers}", code_root=tree))
    tokens = rows[0].tokens
    for row in rows:
        row.tokens = tokens
    return rows


def format_rows(rows: list[BenchRow]) -> list[str]:
    """The table `dyad bench` prints, one line per row, speed-up against the baseline."""
    base = rows[0].stories_per_second or 1.0
    lines = [f"{'run':24} {'stories/s':>9} {'x base':>6} {'tokens/s':>9} {'seconds':>8} {'parsed':>8} "
             f"{'skipped':>8} {'RSS MB':>7} {'PSS MB':>7} {'events':>7}"]
    for r in rows:
        tps = r.tokens_per_second(r.tokens)
        lines.append(f"{r.name:24} {r.stories_per_second:9.1f} {r.stories_per_second / base:6.2f} "
                     f"{(f'{tps:,.0f}' if tps else '-'):>9} {r.seconds:8.1f} "
                     f"{r.sentences_parsed if r.sentences_parsed is not None else '-':>8} "
                     f"{r.sentences_skipped if r.sentences_skipped is not None else '-':>8} "
                     f"{r.peak_rss_mb:7.0f} {r.peak_pss_mb:7.0f} {r.events if r.events is not None else '-':>7}")
    return lines
