"""`tandem backup` takes a consistent copy while others write; files are owner-only."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from db.check import damage
from db.connection import open_db
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def test_backup_while_a_writer_is_busy_is_consistent(
    db: Database, team: object, db_path: Path, tmp_path: Path
) -> None:
    writer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.reliability.worker",
            str(db_path),
            "Maya Chen",
            "Omar Haddad",
            "bk",
            "400",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        for _ in range(20):  # let it get going
            writer.stdout.readline()
        copies = []
        for n in range(3):
            target = tmp_path / f"copy{n}.db"
            result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(target)])
            assert result.exit_code == 0, result.output
            copies.append(target)
    finally:
        writer.wait(timeout=120)
    for target in copies:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        copy = open_db(target)
        assert damage(copy) == []
        # Every task in the copy is whole: its history row came with it.
        assert (
            copy.execute(
                "SELECT COUNT(*) FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM task_history h WHERE h.task_id = t.id)"
            ).fetchone()[0]
            == 0
        )
        copy.close()


def test_backup_refuses_to_overwrite_unless_forced(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "b.db"
    target.write_bytes(b"keep me")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(target)])
    assert result.exit_code == 1
    assert target.read_bytes() == b"keep me"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "backup", str(target), "--force"])
    assert result.exit_code == 0
    assert target.read_bytes().startswith(b"SQLite format 3")


def test_new_database_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "init", "--admin", "Ada"])
    assert result.exit_code == 0
    for file in tmp_path.iterdir():
        if file.name.startswith("new.db"):
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
