"""A writer killed at any point (SIGKILL) loses nothing acknowledged, leaves nothing half-written."""

from __future__ import annotations

import multiprocessing
import random
import signal
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from sqlite_utils import Database

from db.check import damage
from db.connection import open_db
from tests.reliability import worker

KILLS = 25

# Each writer is forked from a server that has already imported Tandem (the
# multiprocessing fork server): a process started with ``python -m`` spent ~0.3 s CPU
# importing before its first write, for each of the 25 kills. The writer is still a
# process of its own, killed with SIGKILL wherever it is.
FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload(["tests.reliability.worker"])


def _spawn(db_path: Path, prefix: str) -> tuple[BaseProcess, Connection]:
    acks, out = FORKS.Pipe(duplex=False)
    proc = FORKS.Process(
        target=worker.write,
        args=(str(db_path), "Maya Chen", "Omar Haddad", prefix, 100_000, out),
        daemon=True,
    )
    proc.start()
    out.close()  # the writer holds the only sending end
    return proc, acks


def _drain(acks: Connection) -> list[bytes]:
    """Every acknowledgement the (dead) writer sent."""
    lines = []
    try:
        while acks.poll():
            lines.append(acks.recv_bytes())
    except EOFError:
        pass
    return lines


def test_sigkill_at_random_points_loses_no_acknowledged_write(
    db: Database, team: object, db_path: Path
) -> None:
    rng = random.Random(20261123)
    acknowledged: set[int] = set()
    for round_no in range(KILLS):
        proc, acks = _spawn(db_path, f"r{round_no}")
        # Once it writes (however long a busy machine takes to start it), kill it at a
        # random moment of its stream of writes: mid-transaction, mid-fsync, between writes.
        assert acks.poll(timeout=120), "the writer never wrote"
        time.sleep(rng.uniform(0, 0.3))
        proc.kill()  # SIGKILL
        proc.join()
        assert proc.exitcode == -signal.SIGKILL
        acknowledged.update(int(line.split()[1]) for line in _drain(acks))
        acks.close()
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
