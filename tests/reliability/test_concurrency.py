"""Several processes on one file: no "database is locked", no lost update, one owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from db.check import damage
from db.connection import open_db
from db.tasks import add_task, task_history

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
TASKS_EACH = 12
FIGHTS_EACH = 12


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def _tandem(db_path: Path, actor: str, commands: list[list[str]]) -> list[Ran]:
    """Run ``commands`` one after another in one separate process (tests.reliability.cli_worker):
    each is a whole ``tandem`` run that opens the file itself, so processes running at the
    same time contend for the file as separate ``tandem`` runs do."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.cli_worker",
            str(db_path),
            actor,
            json.dumps(commands),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    ran = [Ran(**json.loads(line)) for line in done.stdout.splitlines()]
    assert len(ran) == len(commands), done.stderr
    return ran


def _writer(db_path: Path, n: int) -> list[Ran]:
    return _tandem(
        db_path,
        "Maya Chen",
        [
            [
                "task",
                "add",
                f"Writer {n} call account {i} about renewal terms",
                "--owner",
                "Omar Haddad",
                "--allow-duplicate",
                "--json",
            ]
            for i in range(TASKS_EACH)
        ],
    )


def test_parallel_cli_writers_never_see_locked_and_lose_nothing(
    db: Database, team: object, db_path: Path
) -> None:
    db.close()
    with ThreadPoolExecutor(WRITERS) as pool:
        results = [
            r for batch in pool.map(lambda n: _writer(db_path, n), range(WRITERS)) for r in batch
        ]
    failures = [r.stderr for r in results if r.code != 0]
    assert failures == []
    assert not any("locked" in r.stderr for r in results)
    fresh = open_db(db_path)
    titles = {r[0] for r in fresh.execute("SELECT title FROM tasks")}
    assert len(titles) == WRITERS * TASKS_EACH
    assert damage(fresh) == []
    fresh.close()


def _fight(db_path: Path, task_id: int, target: str) -> list[str]:
    """Reassign the task to ``target`` again and again; return the acknowledged moves."""
    moves = []
    for n in range(FIGHTS_EACH):
        other = "Sara Ito" if target == "Omar Haddad" else "Omar Haddad"
        # Alternate so each process really changes the owner half the time.
        to = target if n % 2 == 0 else other
        moves.append((f"{target}-{n}", to))
    acked = []
    results = _tandem(
        db_path,
        "Maya Chen",
        [["task", "reassign", str(task_id), "--to", to, "--reason", r] for r, to in moves],
    )
    for (reason, _to), result in zip(moves, results, strict=True):
        assert "locked" not in result.stderr
        assert result.code in (0, 1), result.stderr
        if result.code == 0:
            acked.append(reason)
        else:
            assert "already owned" in result.stderr
    return acked


def test_two_processes_fighting_over_one_owner(db: Database, team: object, db_path: Path) -> None:
    task = add_task(db, team.maya, "Own the Northwind renewal", "Omar Haddad")  # type: ignore[attr-defined]
    db.close()
    with ThreadPoolExecutor(2) as pool:
        acked = [
            m
            for moves in pool.map(
                lambda t: _fight(db_path, task.id, t), ["Sara Ito", "Omar Haddad"]
            )
            for m in moves
        ]
    fresh = open_db(db_path)
    history = task_history(fresh, task.id)
    reasons = [h.reason for h in history[1:]]
    # Every acknowledged change is in the history, and nothing else is.
    assert sorted(reasons) == sorted(acked)
    owners = fresh.execute("SELECT owner_id FROM tasks WHERE id = ?", [task.id]).fetchall()
    assert len(owners) == 1
    last = fresh.execute("SELECT name FROM people WHERE id = ?", [owners[0][0]]).fetchone()[0]
    assert last == (history[-1].to)
    # History replays: each entry starts from where the previous one ended.
    for before, after in zip(history, history[1:], strict=False):
        assert after.from_ == before.to
    assert damage(fresh) == []
    fresh.close()
