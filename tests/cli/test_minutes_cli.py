"""`tandem minutes MEETING_ID [--format ...] [-o PATH] [--force]`."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlite_utils import Database

import tui.export
from db.meetings import add_item, create_meeting, start_item
from tests.tui.test_export_helpers import FILES, GOLDEN, T0, at, berlin_time, build_weekly
from tui.cli import cli


@pytest.fixture
def weekly(db: Database, team: object) -> Iterator[int]:
    with berlin_time():
        yield build_weekly(db, team)


def run(db_path: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), "minutes", *args], catch_exceptions=False)


def test_markdown_on_stdout_by_default(db_path: Path, weekly: int) -> None:
    result = run(db_path, str(weekly))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Minutes: Weekly sync: Q1 pipeline & launch\n")
    assert "## Amendments" in result.stdout


def _without_export_time(text: str) -> list[str]:
    # The seal hashes the close's wall-clock time: tests/db/test_seal.py checks it.
    marks = ("Exported by Tandem", "Status as of", '"exported_at"', "Seal (audit", '"seal"')
    return [
        line
        for line in text.splitlines()
        if not any(m in line for m in marks) and not re.fullmatch(r"[0-9a-f]{64}", line)
    ]


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "text"])
def test_each_format_on_stdout_is_the_golden_file(db_path: Path, weekly: int, fmt: str) -> None:
    result = run(db_path, str(weekly), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    golden = (GOLDEN / FILES[fmt]).read_text(encoding="utf-8")
    # Only the export time differs (the command uses the real clock).
    assert _without_export_time(result.stdout) == _without_export_time(golden)


def test_writes_a_new_file_owner_only(db_path: Path, weekly: int, tmp_path: Path) -> None:
    target = tmp_path / "out" / "minutes.html"
    target.parent.mkdir()
    result = run(db_path, str(weekly), "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Wrote the minutes of meeting")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(target.parent) == ["minutes.html"]  # no temporary file left behind


def test_refuses_an_existing_file_untouched(db_path: Path, weekly: int, tmp_path: Path) -> None:
    target = tmp_path / "minutes.md"
    target.write_text("precious", encoding="utf-8")
    result = run(db_path, str(weekly), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: file exists")
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["minutes.md", db_path.name, *_db_side_files(tmp_path)]
    )


def _db_side_files(directory: Path) -> list[str]:
    return [n for n in os.listdir(directory) if n.endswith(("-wal", "-shm"))]


def test_force_overwrites_and_keeps_the_mode(db_path: Path, weekly: int, tmp_path: Path) -> None:
    target = tmp_path / "minutes.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    result = run(db_path, str(weekly), "--format", "text", "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith("Minutes: Weekly sync")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_failed_write_leaves_no_half_file(
    db_path: Path, weekly: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "minutes.md"
    target.write_text("old", encoding="utf-8")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tui.export.os, "replace", disk_full)
    result = run(db_path, str(weekly), "-o", str(target), "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "nothing was written" in result.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert not [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]


def test_file_appearing_meanwhile_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final step itself refuses an existing file (os.link), not only the early check."""
    target = tmp_path / "minutes.md"
    real_check = tui.export.check_target

    def racing_check(path: object, force: bool, *, database: str) -> Path:
        checked = real_check(path, force, database=database)  # type: ignore[arg-type]
        target.write_text("someone else's", encoding="utf-8")
        return checked

    monkeypatch.setattr(tui.export, "check_target", racing_check)
    with pytest.raises(tui.export.Invalid, match="file exists"):
        tui.export.write_atomic(target, "ours", force=False, database=str(tmp_path / "t.db"))
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert os.listdir(tmp_path) == ["minutes.md"]


def test_missing_directory_and_directory_target(db_path: Path, weekly: int, tmp_path: Path) -> None:
    result = run(db_path, str(weekly), "-o", str(tmp_path / "nope" / "m.md"))
    assert result.exit_code == 1 and result.stderr.startswith("Error: no directory")
    result = run(db_path, str(weekly), "-o", str(tmp_path))
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_open_meeting_exports_as_draft(
    db: Database, db_path: Path, team: object, tmp_path: Path
) -> None:
    admin = team.admin  # type: ignore[attr-defined]
    m = create_meeting(db, admin, "Still going", at=T0, now=T0)
    start_item(db, admin, add_item(db, admin, m.id, "Now", now=T0).id, now=at(1))
    result = run(db_path, str(m.id), "--format", "text")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("DRAFT minutes: Still going")
    target = tmp_path / "draft.md"
    result = run(db_path, str(m.id), "-o", str(target))
    assert result.stdout.startswith("Wrote the draft minutes")
    assert "**DRAFT" in target.read_text(encoding="utf-8")


def test_unknown_meeting_and_bad_format(db_path: Path, db: Database) -> None:
    result = run(db_path, "99")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no meeting 99")
    result = run(db_path, "1", "--format", "pdf")
    assert result.exit_code == 2


def test_missing_database_is_exit_4(tmp_path: Path) -> None:
    result = run(tmp_path / "none.db", "1")
    assert result.exit_code == 4
    assert not (tmp_path / "none.db").exists()


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["minutes", "--help"])
    assert result.exit_code == 0 and "Example:" in result.stdout and "--force" in result.stdout


def test_minutes_command_does_not_import_textual(db_path: Path, weekly: int) -> None:
    code = (
        "import sys\n"
        "from tui.cli import cli\n"
        f"try:\n    cli.main(['--db', {str(db_path)!r}, 'minutes', '{weekly}', '--format', 'html'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, done.stderr
    assert "<!DOCTYPE html>" in done.stdout
