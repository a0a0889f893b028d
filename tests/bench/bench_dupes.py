"""Benchmark: the duplicate check of ``task add`` alone, with 100,000 open tasks.

The generated database is copied and every task in the copy reopened, so the
check faces 100,000 open titles (the demo itself keeps most of its history
done). Each case is the median of several calls; peak memory is the Python
heap during one call (tracemalloc; SQLite's own page cache is not in it).

    .venv/bin/python -m tests.bench.bench_dupes PATH-TO-100k.db
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.common import Report, median_time

RUNS = 15
# A check that takes this long is a visible share of the CLI's 1.5x budget
# (the click+sqlite_utils floor is ~150-250 ms here) and a lag in the TUI.
TARGET = 0.050


def reopen_all(source: str, target: Path) -> int:
    """Copy the database and make every task open; returns how many tasks are open."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
    try:
        with dst:
            dst.execute("UPDATE tasks SET status = 'open', done_at = NULL, done_by = NULL")
        return int(dst.execute("SELECT COUNT(*) FROM tasks WHERE status = 'open'").fetchone()[0])
    finally:
        dst.close()


def _peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def cases(db: Any) -> list[tuple[str, str, bool]]:
    """(label, title, is a duplicate) — titles derived from tasks in the file."""
    sample = db.execute("SELECT title FROM tasks WHERE title LIKE '% for %' LIMIT 1").fetchone()[0]
    head, _, tail = sample.partition(" for ")
    return [
        ("same words, other case and order", f"for {tail.upper()} {head}!", True),
        ("near duplicate (typo)", sample[:-1] + sample[-1] * 2 + "s", True),
        (
            "new title of common words",
            "Review the pricing proposal and the renewal quote with the sales team",
            False,
        ),
        ("new title of unknown words", "Quokka zeppelin xylophone", False),
    ]


def run(report: Report, db_path: str, runs: int = RUNS) -> None:
    from db.connection import open_db
    from db.tasks import find_duplicate

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "all-open.db"
        open_count = reopen_all(db_path, copy)
        db = open_db(copy)
        try:
            for label, title, duplicate in cases(db):
                found = find_duplicate(db, title)
                if (found is not None) != duplicate:
                    raise RuntimeError(f"find_duplicate({title!r}) returned {found!r}")
                seconds = median_time(lambda title=title: find_duplicate(db, title), runs)  # type: ignore[misc]
                report(
                    f"duplicate check: {label}",
                    seconds,
                    peak_mb=_peak_mb(lambda title=title: find_duplicate(db, title)),  # type: ignore[misc]
                    target=f"< {TARGET * 1000:.0f} ms",
                    met=seconds < TARGET,
                    note=(
                        f"db.tasks.find_duplicate, {open_count:,} open tasks, median of {runs}; "
                        + (f"finds task {found.id}" if found else "no duplicate")
                        + "; peak = Python heap (tracemalloc)"
                    ),
                )
        finally:
            db.close()


def main() -> None:
    from tests.bench.common import Collector

    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.bench.bench_dupes DB")
    run(Collector("duplicates").report, sys.argv[1])


if __name__ == "__main__":
    main()
