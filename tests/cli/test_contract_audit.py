"""The CLI's contract, line by line: the lines the per-command test files did not yet exercise.

The contract is what the README promises: its command tables (who may run what),
``--json`` output, exit codes and errors.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

import db.connection
from tests.cli.support import Tandem, has_keys
from tests.cli.test_help import command_paths
from tui.cli import cli

PERSON_KEYS = "id, name, department, title, email, is_head, is_admin"
TASK_KEYS = "id, title, owner, department, status, due, meeting_id, created_at, done_at"
DECISION_KEYS = (
    "id, text, rationale, meeting_id, agenda_item, task_force, recorded_by, recorded_at, supersedes"
)


def run(args: list[str], env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, args, env=env, prog_name="tandem")


# --- Global: --db default, and `tandem` with no command -------------------------------------


def test_default_database_is_tandem_db_in_the_user_data_directory() -> None:
    from platformdirs import user_data_dir

    expected = Path(user_data_dir("tandem", appauthor=False)) / "tandem.db"
    assert not expected.exists()
    result = run(["init", "--admin", "Ada Admin"])
    assert result.exit_code == 0, result.stderr
    assert expected.is_file()
    assert str(expected) in result.stdout
    # later commands without --db use it
    result = run(["person", "list", "--json"])
    assert result.exit_code == 0 and "Ada Admin" in result.stdout


def test_tandem_db_and_db_point_away_from_the_default(tmp_path: Path) -> None:
    from platformdirs import user_data_dir

    default = Path(user_data_dir("tandem", appauthor=False)) / "tandem.db"
    assert run(["init", "--admin", "Ada Admin"]).exit_code == 0
    made = default.read_bytes()
    elsewhere, other = tmp_path / "elsewhere.db", tmp_path / "other.db"
    # TANDEM_DB names the file init creates and the file later commands read.
    result = run(["init", "--admin", "Eve Elsewhere"], {"TANDEM_DB": str(elsewhere)})
    assert result.exit_code == 0, result.stderr
    assert elsewhere.is_file() and str(elsewhere) in result.stdout
    listed = run(["person", "list", "--json"], {"TANDEM_DB": str(elsewhere)})
    assert [p["name"] for p in json.loads(listed.stdout)] == ["Eve Elsewhere"]
    # --db wins over both: a missing file there is an error, not a fallback.
    missing = run(["--db", str(other), "person", "list"], {"TANDEM_DB": str(elsewhere)})
    assert missing.exit_code == 4 and str(other) in missing.stderr
    assert not other.exists()
    # The default file was left alone throughout.
    assert default.read_bytes() == made
    default_people = run(["person", "list", "--json"])
    assert [p["name"] for p in json.loads(default_people.stdout)] == ["Ada Admin"]


def test_db_option_wins_over_tandem_db(tmp_path: Path, db_path: Path, db: Database) -> None:
    elsewhere = tmp_path / "elsewhere.db"
    result = run(["--db", str(db_path), "person", "list", "--json"], {"TANDEM_DB": str(elsewhere)})
    assert result.exit_code == 0 and "Ada Admin" in result.stdout
    assert not elsewhere.exists()


class FakeApp:
    opened: list[tuple[str, str | None]] = []
    open_error = None  # it never fails to open

    def __init__(self, path: str, actor: str | None = None, **options: object) -> None:
        self.args = (path, actor)

    def run(self) -> None:
        FakeApp.opened.append(self.args)


def test_no_command_opens_the_tui_on_the_database_as_the_acting_person(
    tandem: Tandem, team: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app

    FakeApp.opened = []
    monkeypatch.setattr(tui.app, "make_app", FakeApp)
    # The app resolves who acts from the login; --as (checked here first) names the delegate.
    assert tandem().code == 0
    assert tandem(as_="maya chen").code == 0
    assert FakeApp.opened == [(str(tandem.path), None), (str(tandem.path), "maya chen")]


def test_no_command_opens_the_tui_read_only_for_a_login_bound_to_nobody(
    tandem: Tandem, team: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.app

    FakeApp.opened = []
    monkeypatch.setattr(tui.app, "make_app", FakeApp)
    assert tandem("person", "login", "Ada Admin", "nobody").code == 0  # root: bound to nobody
    assert tandem().code == 0
    assert tandem(as_="Maya Chen").code == 3  # delegation needs a bound admin
    assert FakeApp.opened == [(str(tandem.path), None)]


# --- Global: --json is one document with its id -----------------------------------------------

JSON_COMMANDS: list[tuple[str, ...]] = [
    ("person", "add", "Pat Kim", "--dept", "Sales"),
    ("person", "list"),
    ("dept", "add", "Support"),
    ("dept", "head", "Sales", "Maya Chen"),
    ("dept", "list"),
    ("meeting", "new", "Joint sync"),
    ("meeting", "list"),
    ("meeting", "show", "1"),
    ("meeting", "attend", "1", "Tom Berg"),
    ("agenda", "add", "1", "Pricing"),
    ("decide", "1", "Weekly review"),
    ("decision", "list"),
    ("task", "add", "Call the client", "--owner", "Omar Haddad"),
    ("task", "list"),
    ("task", "reassign", "1", "--to", "Sara Ito"),
    ("task", "history", "1"),
    ("task", "done", "1"),
    ("role", "assign", "Webinars", "--owner", "Tom Berg"),
    ("role", "list"),
    ("taskforce", "new", "Rescue", "--problem", "P", "--lead", "Maya Chen", "--member", "Tom Berg"),
    ("taskforce", "list"),
    ("meeting", "start", "1"),
    ("meeting", "close", "1"),
    ("meeting", "amend", "1", "A note"),
    ("check",),
]
CREATING_OR_SHOWING = {
    "person add",
    "dept add",
    "meeting new",
    "meeting show",
    "agenda add",
    "decide",
    "task add",
    "role assign",
    "taskforce new",
    "meeting amend",
}


def test_json_is_one_document_and_created_objects_carry_their_id(
    tandem: Tandem, team: object
) -> None:
    for args in JSON_COMMANDS:
        ran = tandem(*args, "--json")
        assert ran.code == 0, (args, ran.err)
        assert ran.err == "", args
        doc = ran.json()  # the whole of stdout parses as one document
        name = " ".join(args[:2])
        if name.endswith(" list") or name == "task history":
            assert isinstance(doc, list), args
        if name in CREATING_OR_SHOWING:
            assert isinstance(doc, dict) and isinstance(doc["id"], int), args
    assert isinstance(tandem.json("init", "--admin", "Ada Admin")["id"], int)


def test_json_is_utf8_with_iso_dates(tandem: Tandem, team: object) -> None:
    ran = tandem.ok(
        "task", "add", "Café 🚀", "--owner", "Omar Haddad", "--due", "2026-11-27", "--json"
    )
    assert "Café 🚀" in ran.out and "\\u" not in ran.out
    doc = ran.json()
    assert doc["due"] == "2026-11-27"
    assert datetime.fromisoformat(doc["created_at"]).utcoffset() is not None


# --- Global: dates ------------------------------------------------------------------------------


def test_date_words_mean_what_they_say(tandem: Tandem, team: object) -> None:
    today = datetime.now().astimezone().date()

    def due(form: str) -> date:
        doc = tandem.json("task", "add", f"Due {form}", "--owner", "Omar Haddad", "--due", form)
        return date.fromisoformat(doc["due"])

    assert due("today") == today
    assert due("tomorrow") == today + timedelta(days=1)
    assert due("+3d") == today + timedelta(days=3)
    assert due("+2w") == today + timedelta(days=14)
    fri = due("fri")  # the next Friday: within a week, after today
    assert fri.weekday() == 4 and today < fri <= today + timedelta(days=7)
    assert due("2026-11-27") == date(2026, 11, 27)


def test_agenda_item_is_a_position_or_null(tandem: Tandem, team: object) -> None:
    mid = str(tandem.json("meeting", "new", "Sync")["id"])
    tandem.ok("agenda", "add", mid, "First")
    tandem.ok("agenda", "add", mid, "Second")
    assert tandem.json("decide", mid, "Settled", "--item", "2")["agenda_item"] == 2
    assert tandem.json("decide", mid, "In general")["agenda_item"] is None


# --- Exit codes ---------------------------------------------------------------------------------


def test_still_locked_after_the_busy_timeout_is_exit_4(
    tandem: Tandem, team: object, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db.connection, "BUSY_TIMEOUT_MS", 150)
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        message = tandem.fails(4, "task", "add", "Call the client", "--owner", "Omar Haddad")
        assert "still locked" in message and "try again" in message
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert tandem.json("task", "list") == []  # nothing was half-written


def test_file_exists_is_exit_1(tandem: Tandem, team: object, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_text("keep me")
    assert "exists" in tandem.fails(1, "backup", str(target))
    assert target.read_text() == "keep me"


def test_failed_commands_change_nothing_at_all(tandem: Tandem, team: object, db: Database) -> None:
    """Every refusal (exit 1 or 3) leaves every table byte-for-byte as it was."""
    mid = str(tandem.json("meeting", "new", "Sync", as_="Maya Chen")["id"])
    tandem.ok("agenda", "add", mid, "Item", as_="Maya Chen")
    tid = str(tandem.json("task", "add", "Call", "--owner", "Omar Haddad")["id"])

    def dump() -> list[str]:
        return list(db.conn.iterdump())

    before = dump()
    refusals: list[tuple[int, tuple[str, ...], str | None]] = [
        (3, ("person", "add", "X Y", "--dept", "Sales"), "Lena Park"),
        (3, ("dept", "add", "Legal"), "Maya Chen"),
        (3, ("dept", "head", "Sales", "Omar Haddad"), "Lena Park"),
        (3, ("meeting", "new", "M", "--facilitator", "Sara Ito"), "Omar Haddad"),
        (3, ("agenda", "add", mid, "Z"), "Nina Roy"),
        (3, ("meeting", "attend", mid, "Tom Berg"), "Nina Roy"),
        (3, ("decide", mid, "D"), "Nina Roy"),
        (3, ("meeting", "start", mid), "Nina Roy"),
        (3, ("meeting", "close", mid), "Nina Roy"),
        (3, ("task", "add", "T", "--owner", "Omar Haddad"), "Lena Park"),
        (3, ("task", "reassign", tid, "--to", "Tom Berg"), "Maya Chen"),
        (3, ("task", "done", tid), "Lena Park"),
        (3, ("role", "assign", "Area", "--owner", "Omar Haddad"), "Lena Park"),
        (
            3,
            (
                "taskforce",
                "new",
                "F",
                "--problem",
                "P",
                "--lead",
                "Maya Chen",
                "--member",
                "Tom Berg",
            ),
            "Sara Ito",
        ),
        (1, ("task", "add", "Call", "--owner", "Sara Ito"), None),  # duplicate refused
        (1, ("task", "add", "T", "--owner", "Nobody"), None),
        (1, ("meeting", "amend", mid, "Not closed yet"), None),
        (1, ("meeting", "attend", mid, "Tom Berg", "Nobody Here"), None),
        (1, ("decide", mid, "D", "--item", "9"), None),
        (1, ("task", "add", "T", "--owner", "Omar Haddad", "--due", "someday"), None),
    ]
    for code, args, actor in refusals:
        tandem.fails(code, *args, as_=actor)
        assert dump() == before, args


def test_only_init_and_demo_create_a_database_file(tmp_path: Path) -> None:
    """Every other command, given a missing file, exits 4 and leaves the directory empty."""
    samples = {
        "backup": ["copy.db"],
        "decide": ["1", "D"],
        "minutes": ["1"],
        "agenda add": ["1", "T"],
        "dept add": ["D"],
        "dept head": ["Sales", "X"],
        "meeting amend": ["1", "T"],
        "meeting note": ["1", "T"],
        "meeting attend": ["1", "X"],
        "meeting new": ["T"],
        "person add": ["X"],
        "person edit": ["X", "--title", "T"],
        "person leave": ["X"],
        "person login": ["X", "root"],
        "verify": ["minutes.json"],
        "role assign": ["A", "--owner", "X"],
        "task add": ["T", "--owner", "X"],
        "task reassign": ["1", "--to", "X"],
        "taskforce new": ["F", "--problem", "P", "--lead", "X", "--member", "Y"],
        "decision object": ["1", "--reason", "R"],
        "propose": ["T"],
        "lead propose": ["T"],
        "sla propose": [
            "T", "--from", "Sales", "--to", "Marketing", "--owner", "X", "--metric", "M",
            "--target", "1", "--per", "month",
        ],
        "sla record": ["1", "--period", "2026-11", "--actual", "3"],
        "goal add": ["T", "--target", "5", "--due", "+3d", "--owner", "X"],
        "goal record": ["1", "5"],
        "agenda park": ["1", "1"],
        "idea decline": ["1", "--reason", "R"],
        "idea plan": ["1", "--meeting", "1"],
        "field add": ["X", "--with", "Y", "--date", "today"],
    }  # fmt: skip
    missing = tmp_path / "missing"
    missing.mkdir()
    tried = 0
    for path, command in command_paths():
        name = " ".join(path)
        if name in {"init", "demo"} or hasattr(command, "commands"):
            continue
        needs = [p for p in command.params if getattr(p, "required", False)]
        args = samples.get(name, ["1"] if needs else [])
        ran = Tandem(missing / "none.db")(*path, *args)
        assert ran.code == 4, (name, ran.err)
        assert "no database at" in ran.error()
        assert list(missing.iterdir()) == [], name
        tried += 1
    assert tried >= 25


# --- Commands: init on an initialised database, demo --------------------------------------------


def test_init_again_keeps_the_company_and_admin(tandem: Tandem, db_path: Path) -> None:
    tandem.ok("init", "--admin", "Ada Admin", "--company", "Acme")
    before = db_path.read_bytes()
    ran = tandem.ok("init", "--admin", "Other", "--company", "Other Co")
    assert "nothing changed" in ran.out
    from db.connection import open_db
    from db.people import setting

    database = open_db(db_path)
    assert setting(database, "company") == "Acme"
    database.close()
    assert len(db_path.read_bytes()) == len(before)


def test_demo_builds_at_db_without_the_tui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app

    FakeApp.opened = []
    monkeypatch.setattr(tui.app, "make_app", FakeApp)
    path = tmp_path / "demo.db"
    result = run(["--db", str(path), "demo", "--tasks", "30", "--no-tui"])
    assert result.exit_code == 0, result.stderr
    assert f"Built the demo database at {path}" in result.stdout
    assert FakeApp.opened == []
    people = run(["--db", str(path), "person", "list", "--json"])
    assert people.exit_code == 0 and len(people.stdout) > 100
    heads = [p for p in __import__("json").loads(people.stdout) if p["is_head"]]
    assert {p["department"] for p in heads} >= {"Sales", "Marketing"}
    for listing in ("meeting", "decision", "taskforce"):
        assert run(["--db", str(path), listing, "list", "--json"]).stdout.strip() != "[]"
    tasks = run(["--db", str(path), "task", "list", "--status", "all", "--json"])
    assert len(__import__("json").loads(tasks.stdout)) >= 30  # the story's tasks plus N


def test_demo_opens_the_tui_and_defaults_to_a_demo_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.app
    from tui.cli.demo import demo_db_path
    from tui.cli.env import default_db_path

    FakeApp.opened = []
    monkeypatch.setattr(tui.app, "make_app", FakeApp)
    result = run(["demo"])
    assert result.exit_code == 0, result.stderr
    assert FakeApp.opened == [(os.fspath(demo_db_path()), None)]
    assert demo_db_path().is_file()
    assert demo_db_path() != default_db_path() and not default_db_path().exists()
    # a second run keeps the demo (tests/cli/test_demo_kept.py); a real one is never replaced
    assert "Kept the demo" in run(["demo", "--no-tui"]).stdout


def test_demo_refuses_a_real_database(db_path: Path, db: Database) -> None:
    before = db_path.stat().st_size
    result = run(["--db", str(db_path), "demo", "--no-tui"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "not a demo" in result.stderr
    assert db_path.stat().st_size == before


def test_demo_shows_progress_for_large_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.cli.demo

    monkeypatch.setattr(tui.cli.demo, "PROGRESS_FROM", 50)
    result = run(["--db", str(tmp_path / "big.db"), "demo", "--tasks", "60", "--no-tui"])
    assert result.exit_code == 0, result.stderr
    assert "Building the demo" in result.stderr and "60/60 tasks" in result.stderr
    small = run(["--db", str(tmp_path / "small.db"), "demo", "--tasks", "10", "--no-tui"])
    assert small.stderr == ""


# --- Who may do what: the row not yet covered ---------------------------------------------------


@pytest.mark.parametrize(("actor", "code"), [("Tom Berg", 0), ("Nina Roy", 3), ("Omar Haddad", 3)])
def test_the_task_force_lead_may_amend_its_meeting(
    tandem: Tandem, team: object, actor: str, code: int
) -> None:
    tandem.ok(
        "taskforce",
        "new",
        "Rescue",
        "--problem",
        "P",
        "--lead",
        "Tom Berg",
        "--member",
        "Omar Haddad",
    )
    mid = str(
        tandem.json("meeting", "new", "Rescue sync", "--task-force", "Rescue", as_="Maya Chen")[
            "id"
        ]
    )
    tandem.ok("meeting", "close", mid, as_="Tom Berg")
    if code:
        assert "the lead of task force Rescue" in tandem.fails(
            code, "meeting", "amend", mid, "Note", as_=actor
        )
    else:
        assert tandem.json("meeting", "amend", mid, "Note", as_=actor)["author"] == "Tom Berg"


# --- JSON objects: minutes --format json --------------------------------------------------------


def test_minutes_json_has_the_contract_keys(tandem: Tandem, team: object) -> None:
    mid = str(tandem.json("meeting", "new", "Joint sync", as_="Maya Chen")["id"])
    tandem.ok("agenda", "add", mid, "Lead scoring", "--presenter", "Tom Berg", as_="Maya Chen")
    tandem.ok("meeting", "attend", mid, "Maya Chen", "Tom Berg", as_="Maya Chen")
    tandem.ok("decide", mid, "Marketing scores leads", "--item", "1", as_="Maya Chen")
    tandem.ok(
        "task",
        "add",
        "Write the criteria",
        "--owner",
        "Tom Berg",
        "--meeting",
        mid,
        as_="Maya Chen",
    )
    tandem.ok("meeting", "close", mid, as_="Maya Chen")
    tandem.ok("meeting", "amend", mid, "Tom presented.", as_="Maya Chen")
    doc = tandem.ok("minutes", mid, "--format", "json").json()
    has_keys(doc, "meeting, attendance, agenda, decisions, action_items, amendments")
    assert doc["decisions"] and doc["action_items"] and doc["amendments"]
    for decision in doc["decisions"]:
        has_keys(decision, DECISION_KEYS)
    for task in doc["action_items"]:
        has_keys(task, TASK_KEYS)
    assert doc["action_items"][0]["owner"] == "Tom Berg"
    assert doc["decisions"][0]["recorded_by"] == "Maya Chen"


def test_people_appear_by_name_everywhere(tandem: Tandem, team: object) -> None:
    """owner, lead, facilitator, recorded_by, assigned_by, actor, from, to, name: strings."""
    tf = tandem.json(
        "taskforce",
        "new",
        "Rescue",
        "--problem",
        "P",
        "--lead",
        "Maya Chen",
        "--member",
        "Tom Berg",
    )
    mid = str(tandem.json("meeting", "new", "Sync", "--facilitator", "Lena Park")["id"])
    tandem.ok("meeting", "attend", mid, "Tom Berg")
    decision = tandem.json("decide", mid, "D")
    task = tandem.json("task", "add", "T", "--owner", "Omar Haddad")
    tandem.ok("task", "reassign", str(task["id"]), "--to", "Sara Ito")
    history = tandem.json("task", "history", str(task["id"]))
    role = tandem.json("role", "assign", "A", "--owner", "Tom Berg")
    shown = tandem.json("meeting", "show", mid)
    named = [
        tf["lead"],
        *[m["name"] for m in tf["members"]],
        shown["facilitator"],
        *[a["name"] for a in shown["attendees"]],
        decision["recorded_by"],
        task["owner"],
        task["assigned_by"],
        history[1]["actor"],
        history[1]["from"],
        history[1]["to"],
        role["owner"],
        role["assigned_by"],
    ]
    assert all(isinstance(n, str) and not n.isdigit() for n in named), named
    assert (role["department"], task["department"], shown["attendees"][0]["department"]) == (
        "Marketing",
        "Sales",
        "Marketing",
    )
    has_keys(tandem.json("person", "list")[0], PERSON_KEYS)
