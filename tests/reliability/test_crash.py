"""A writer killed at any point (SIGKILL) loses nothing acknowledged, leaves nothing half-written."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlite_utils import Database

from db.check import damage
from db.connection import open_db

ROOT = Path(__file__).resolve().parents[2]
KILLS = 25


def _spawn(db_path: Path, prefix: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.worker",
            str(db_path),
            "Maya Chen",
            "Omar Haddad",
            prefix,
            "100000",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def _read(proc: subprocess.Popen[str], lines: list[str], writing: threading.Event) -> None:
    for line in proc.stdout or ():
        lines.append(line)
        writing.set()
    writing.set()  # ended (killed, or failed before writing): stop waiting


def test_sigkill_at_random_points_loses_no_acknowledged_write(
    db: Database, team: object, db_path: Path
) -> None:
    rng = random.Random(20261123)
    acknowledged: set[int] = set()
    for round_no in range(KILLS):
        proc = _spawn(db_path, f"r{round_no}")
        lines: list[str] = []
        writing = threading.Event()
        reader = threading.Thread(target=_read, args=(proc, lines, writing), daemon=True)
        reader.start()
        # Once it writes (however long a busy machine takes to start it), kill it at a
        # random moment of its stream of writes: mid-transaction, mid-fsync, between writes.
        assert writing.wait(timeout=120), "the writer never wrote"
        time.sleep(rng.uniform(0, 0.3))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        reader.join(timeout=10)
        acknowledged.update(int(line.split()[1]) for line in lines if line.startswith("ack "))
    assert len(acknowledged) >= KILLS, "each writer acknowledged work before being killed"
    fresh = open_db(db_path)
    try:
        stored = {r[0] for r in fresh.execute("SELECT id FROM tasks")}
        assert acknowledged <= stored, (
            f"lost acknowledged tasks: {sorted(acknowledged - stored)[:10]}"
        )
        # Nothing half-written: every task has its history entry and FTS row; integrity holds.
        assert damage(fresh) == []
        orphans = fresh.execute(
            "SELECT COUNT(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM task_history h WHERE h.task_id = t.id)"
        ).fetchone()[0]
        assert orphans == 0
        fts = fresh.execute("SELECT COUNT(*) FROM tasks_fts").fetchone()[0]
        assert fts == len(stored)
        # The figures the README's Guarantees section quotes (seen with pytest -s).
        print(f"\n{KILLS} SIGKILLs, {len(acknowledged)} acknowledged writes, all stored")
    finally:
        fresh.close()
