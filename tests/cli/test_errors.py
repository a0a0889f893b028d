"""Global options, exit codes (the README's table) and the one-line ``Error:`` messages."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from db.connection import open_db
from db.errors import NotFound
from db.tasks import count_tasks, get_task
from tests.cli.support import Tandem, usage_error
from tui.cli import cli

COMMANDS_THAT_READ_OR_WRITE = [
    (),  # no command: would open the TUI
    ("task", "list"),
    ("task", "list", "--json"),
    ("person", "add", "Pat Kim"),
    ("person", "list"),
    ("dept", "list"),
    ("meeting", "new", "Sync"),
    ("meeting", "list"),
    ("decision", "list"),
    ("role", "list"),
    ("taskforce", "list"),
    ("check",),
]


@pytest.mark.parametrize("args", COMMANDS_THAT_READ_OR_WRITE)
def test_missing_database_exits_4_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    path = tmp_path / "nothing-here.db"
    ran = Tandem(path)(*args)
    assert ran.code == 4
    assert ran.error().startswith(
        f"Error: no database at {path}; create one with `tandem init --admin NAME`"
    )
    assert list(tmp_path.iterdir()) == []


def test_default_database_location_missing_exits_4_and_creates_nothing(tmp_path: Path) -> None:
    # conftest points XDG_DATA_HOME at an empty temporary directory
    result = CliRunner().invoke(cli, ["task", "list"], prog_name="tandem")
    assert result.exit_code == 4
    assert "Error: no database at " in result.stderr and "tandem.db" in result.stderr
    home = Path(os.environ["XDG_DATA_HOME"])
    assert not home.exists() or list(home.rglob("*.db")) == []


def test_tandem_db_env_names_the_database(db_path: Path, db: Database) -> None:
    result = CliRunner().invoke(
        cli, ["person", "list", "--json"], env={"TANDEM_DB": str(db_path)}, prog_name="tandem"
    )
    assert result.exit_code == 0
    assert "Ada Admin" in result.stdout


def test_acting_person_default_env_and_option(tandem: Tandem, team: object, db: Database) -> None:
    # default: the admin named at init
    assert (
        tandem.json("task", "add", "First", "--owner", "Omar Haddad")["assigned_by"] == "Ada Admin"
    )
    # TANDEM_USER
    ran = tandem(
        "task",
        "add",
        "Second",
        "--owner",
        "Omar Haddad",
        "--json",
        env={"TANDEM_USER": "maya chen"},
    )
    assert ran.code == 0 and ran.json()["assigned_by"] == "Maya Chen"
    # --as wins over TANDEM_USER
    ran = tandem(
        "--as",
        "Omar Haddad",
        "task",
        "add",
        "Third",
        "--owner",
        "Omar Haddad",
        "--json",
        env={"TANDEM_USER": "Maya Chen"},
    )
    assert ran.code == 0 and ran.json()["assigned_by"] == "Omar Haddad"


def test_unknown_acting_person_exits_1_with_close_names(
    tandem: Tandem, team: object, db: Database
) -> None:
    message = tandem.fails(1, "task", "add", "X", "--owner", "Omar Haddad", as_="Maya Chan")
    assert message == "Error: no person named 'Maya Chan' (did you mean Maya Chen?)"
    assert count_tasks(db, status="all") == 0


def test_not_a_sqlite_file_exits_4_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just some notes\n")
    message = Tandem(path).fails(4, "task", "list")
    assert "not a SQLite database" in message
    assert path.read_text() == "just some notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_foreign_sqlite_database_exits_4_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    for args in (("task", "list"), ("init", "--admin", "Ada Admin")):
        assert "not a Tandem database" in Tandem(path).fails(4, *args)
    assert path.read_bytes() == before


def test_empty_file_is_not_initialised(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    assert "not initialised" in Tandem(path).fails(4, "task", "list")
    assert path.stat().st_size == 0


def test_migrated_but_uninitialised_database_exits_4(tmp_path: Path) -> None:
    path = tmp_path / "half.db"
    open_db(path, create=True).close()
    for args in (("task", "list"), ("person", "add", "Pat Kim"), ()):
        assert "not initialised" in Tandem(path).fails(4, *args)


def test_newer_database_exits_4_untouched(tmp_path: Path, db_path: Path, db: Database) -> None:
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tandem', 'm999_from_the_future', '2030-01-01')"
    )
    db.close()
    before = db_path.read_bytes()
    assert "written by a newer Tandem" in Tandem(db_path).fails(4, "task", "list")
    assert db_path.read_bytes() == before


def test_damaged_file_exits_4(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    ran = Tandem(path)("task", "list")
    assert ran.code == 4
    ran.error()


def test_usage_errors_are_clicks_own_exit_2(tandem: Tandem, db: Database) -> None:
    usage_error(tandem("no-such-command"))
    usage_error(tandem("task", "list", "--no-such-option"))
    usage_error(tandem("task", "done"))  # missing argument
    usage_error(tandem("task", "done", "x"))  # an int argument
    usage_error(tandem("meeting", "new", "X", "--minutes", "1.5"))


def test_errors_are_one_line_without_traceback(tandem: Tandem, team: object) -> None:
    # a name with a newline in it still gives one line
    ran = tandem("task", "add", "X", "--owner", "Omar\nHaddad Smith")
    assert ran.code == 1
    assert ran.error().startswith("Error: no person named")


def test_tandem_debug_shows_the_traceback(tandem: Tandem, team: object) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tandem.path), "task", "done", "999"],
        env={"TANDEM_DEBUG": "1"},
        prog_name="tandem",
    )
    assert isinstance(result.exception, NotFound)


def test_a_failed_command_changes_nothing(tandem: Tandem, team: object, db: Database) -> None:
    tid = tandem.json("task", "add", "Call the client", "--owner", "Omar Haddad")["id"]
    before = get_task(db, tid)
    tandem.fails(3, "task", "reassign", str(tid), "--to", "Tom Berg", as_="Maya Chen")
    tandem.fails(1, "task", "reassign", str(tid), "--to", "Nobody Atall")
    tandem.fails(3, "task", "done", str(tid), as_="Lena Park")
    assert get_task(db, tid) == before


def test_help_touches_no_file(tmp_path: Path) -> None:
    path = tmp_path / "help.db"
    ran = Tandem(path)("--help")
    assert ran.code == 0 and "Usage: tandem" in ran.out
    assert not path.exists()
