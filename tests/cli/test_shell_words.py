"""The CLI words db/'s neutral errors for a shell: the command or option that helps.

db/ names no command (tests/db/test_error_words.py); ``tui.cli.words.for_shell``
adds them from the error's facts, so a person at a shell still reads what to type.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.connection import translate
from db.errors import DatabaseUnusable, NotFound
from tests.cli.support import Tandem
from tests.conftest import Team
from tui.cli.words import for_shell


def test_unknown_records_point_to_their_listing(tandem: Tandem, team: Team) -> None:
    assert tandem.fails(1, "task", "done", "999") == (
        "Error: no task 999; `tandem task list --status all` lists them"
    )
    assert tandem.fails(1, "decision", "show", "99") == (
        "Error: no decision 99; `tandem decision list` lists them"
    )
    assert tandem.fails(1, "meeting", "show", "42") == (
        "Error: no meeting 42; `tandem meeting list` lists them"
    )
    # A name that finds nobody suggests close names, not a listing.
    assert tandem.fails(1, "task", "list", "--owner", "omar hadad") == (
        "Error: no person named 'omar hadad' (did you mean Omar Haddad?)"
    )


def test_closed_minutes_point_to_amend(tandem: Tandem, team: Team) -> None:
    meeting = tandem.json("meeting", "new", "Weekly")["id"]
    tandem.ok("meeting", "close", str(meeting))
    assert tandem.fails(1, "agenda", "add", str(meeting), "Late") == (
        f"Error: meeting {meeting} is closed: its minutes are frozen; use `tandem meeting amend`"
    )


def test_naming_another_facilitator_points_to_leaving_the_option_out(
    tandem: Tandem, team: Team
) -> None:
    message = tandem.fails(3, "meeting", "new", "Mine", "--facilitator", "Tom Berg", as_="Sara Ito")
    assert message == (
        "Error: only the admin or a department head can name another facilitator; "
        "create the meeting without --facilitator to facilitate it yourself"
    )


def test_duplicates_point_to_the_option_that_allows_them(tandem: Tandem, team: Team) -> None:
    tandem.ok("task", "add", "Prepare the pitch", "--owner", "Omar Haddad")
    message = tandem.fails(1, "task", "add", "prepare the PITCH", "--owner", "Sara Ito")
    assert message.endswith("is already open; add --allow-duplicate to add yours anyway")


def test_an_existing_backup_points_to_force(tandem: Tandem, team: Team, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("an earlier backup")
    assert tandem.fails(1, "backup", str(target)) == (
        f"Error: {target} exists; nothing was written — choose another name or add --force "
        "to replace it"
    )


def test_a_database_not_initialised_points_to_init(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    sqlite3.connect(path).close()
    Database(path).execute("PRAGMA user_version = 0")
    assert Tandem(path).fails(4, "task", "list") == (
        f"Error: {path} is not initialised; run `tandem init --admin NAME` first"
    )


def test_for_shell_adds_hints_from_the_facts_only() -> None:
    other = translate(sqlite3.DatabaseError("disk I/O error"))
    assert for_shell(other) == (
        "the database can't be used (disk I/O error); run `tandem check` or restore a backup"
    )
    # A kind with no listing, or a name rather than an id, gets none.
    assert for_shell(NotFound("area", 4)) == "no area 4"
    assert for_shell(NotFound("task", "four")) == "no task named 'four'"
    # An error without the facts (raised by the CLI itself) is shown as it is.
    assert for_shell(DatabaseUnusable("the file is gone")) == "the file is gone"
