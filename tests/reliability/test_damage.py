"""Damaged, truncated, foreign or newer files are refused (exit 4) and `check` finds damage."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from db.connection import open_db
from db.tasks import add_task
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[2]


def _filled(db: Database, team: object, n: int = 400) -> None:
    maya = team.maya  # type: ignore[attr-defined]
    for i in range(n):
        add_task(
            db,
            maya,
            f"Follow up lead {i} with a personal note",
            "Omar Haddad",
            allow_duplicate=True,
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _tandem(db_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    return subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db_path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_truncated_file_is_refused_with_exit_4(db: Database, team: object, db_path: Path) -> None:
    _filled(db, team)
    size = db_path.stat().st_size
    with open(db_path, "r+b") as fh:
        fh.truncate(size // 2)
    before = db_path.read_bytes()
    result = _tandem(db_path, "check")
    assert result.returncode == 4, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr
    assert db_path.read_bytes() == before


def test_garbled_pages_are_found_by_check(db: Database, team: object, db_path: Path) -> None:
    _filled(db, team)
    data = bytearray(db_path.read_bytes())
    page = 4096
    # Scribble over the middle of the file, leaving the header (page 1) intact.
    for offset in range(3 * page, min(len(data), 12 * page), 7):
        data[offset] = (data[offset] + 91) % 256
    db_path.write_bytes(bytes(data))
    result = _tandem(db_path, "check")
    assert result.returncode == 4, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr


def test_garbled_header_is_refused(db: Database, team: object, db_path: Path) -> None:
    _filled(db, team, 10)
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"Not SQLite data!"
    db_path.write_bytes(bytes(data))
    result = CliRunner().invoke(cli, ["--db", str(db_path), "check"])
    assert result.exit_code == 4
    assert "not a SQLite database" in result.output


def test_newer_version_is_refused_untouched(db: Database, db_path: Path) -> None:
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tandem', 'm999_from_the_future', '2030-01-01')"
    )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    before = db_path.read_bytes()
    result = _tandem(db_path, "check")
    assert result.returncode == 4
    assert "newer Tandem" in result.stderr
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"hello, this is a text file\n" * 50])
def test_check_on_foreign_or_empty_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["--db", str(path), "check"])
    assert result.exit_code == 4
    assert path.read_bytes() == content


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "foreign.db"
    other = Database(path)
    other["notes"].insert({"text": "someone else's data"})
    other.close()
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["--db", str(path), "init", "--admin", "Eve"])
    assert result.exit_code == 4
    assert "not a Tandem database" in result.output
    assert path.read_bytes() == before
    with pytest.raises(Exception, match="not a Tandem database"):
        open_db(path)
