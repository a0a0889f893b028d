"""db/ errors name no interface: no command, option, key or backtick in what they say.

db/ raises; each interface words the error for its people (``tui.cli.words.for_shell``
adds what to type, ``tui.words.for_screen`` what to press). So every message db/ gives
must read right in both: each kind of refusal is triggered here for real and its
``str()`` checked, and the source of db/ is scanned for string literals that quote a
command or an option, so a new message can't slip one in untested.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import (
    areas,
    backup,
    connection,
    dates,
    decisions,
    files,
    meetings,
    people,
    permissions,
    seal,
    taskforces,
    tasks,
    text,
)
from db.errors import (
    ClosedMeeting,
    Conflict,
    DatabaseUnusable,
    Duplicate,
    GroupRefused,
    Invalid,
    NameTaken,
    NotFound,
    OutputExists,
    PermissionDenied,
    TandemError,
    UnsafeOutput,
    UnusableFile,
)
from db.identity import (
    ApprovalNotDelegable,
    DelegationRefused,
    LoginTaken,
    LoginUnknown,
    Unbound,
    check_login_value,
    current_login,
    require_undelegated,
    session_of,
)
from tests.conftest import Team

DB_SOURCE = Path(__file__).resolve().parents[2] / "db"

# A command of the CLI named in running text ("tandem meeting amend", "tandem init").
COMMANDS = (
    "agenda|backup|check|decide|decision|demo|dept|init|log|meeting|minutes|person|role|"
    "task|taskforce|verify|whoami"
)
CLI_WORDS = re.compile(rf"`|--[A-Za-z]|\btandem (?:{COMMANDS})\b", re.IGNORECASE)
# A key or a button of the app ("press q", "key l", "ctrl+s").
UI_WORDS = re.compile(r"\bpress\b|\bkeys?\b|\bctrl\+|\bclick\b|\btick\b", re.IGNORECASE)


def assert_neutral(exc: BaseException) -> None:
    """``exc`` is one of Tandem's errors and says nothing only one interface could do."""
    assert isinstance(exc, TandemError), repr(exc)
    message = str(exc)
    assert message.strip(), f"{type(exc).__name__} has no message"
    assert not CLI_WORDS.search(message), f"CLI words in {type(exc).__name__}: {message}"
    assert not UI_WORDS.search(message), f"UI words in {type(exc).__name__}: {message}"
    assert "\n" not in message, message


def refused(action: Callable[[], object], kind: type[TandemError] = TandemError) -> TandemError:
    """Run ``action``, which must raise ``kind``; check its message and return it."""
    with pytest.raises(kind) as caught:
        action()
    assert_neutral(caught.value)
    return caught.value


class Scene:
    """The team plus a joint meeting (Tom), a task force (lead Omar), a decision, a task."""

    def __init__(self, team: Team) -> None:
        self.team = team
        db = self.db = team.db
        self.meeting = meetings.create_meeting(db, team.tom, "Joint").id
        self.item = meetings.add_item(db, team.tom, self.meeting, "Pipeline").id
        taskforces.create_task_force(
            db,
            team.admin,
            "Rescue",
            problem="Churn",
            lead="Omar Haddad",
            members=["Tom Berg", "Nina Roy"],
        )
        self.decision = decisions.record_decision(
            db, team.tom, "Weekly sync", meeting_id=self.meeting, item_position=1
        ).id
        self.task = tasks.add_task(db, team.maya, "Prepare the pitch", "Omar Haddad").id
        self.area = areas.assign_area(db, team.maya, "Enterprise accounts", "Omar Haddad").id
        self.sales = people.get_department(db, "Sales").id


@pytest.fixture
def scene(team: Team) -> Scene:
    return Scene(team)


def test_not_found_for_every_kind_of_record(scene: Scene) -> None:
    db = scene.db
    found = [
        refused(lambda: tasks.get_task(db, 999), NotFound),
        refused(lambda: meetings.get_meeting(db, 999), NotFound),
        refused(lambda: decisions.get_decision(db, 999), NotFound),
        refused(lambda: people.get_person(db, "Maya Chan"), NotFound),
        refused(lambda: people.get_department(db, "Sails"), NotFound),
        refused(lambda: taskforces.get_task_force(db, "Rescu"), NotFound),
        refused(lambda: areas.get_area(db, 999), NotFound),
        refused(lambda: areas.area_history(db, "Nothing like it"), NotFound),
        refused(lambda: meetings.get_item(db, 999), NotFound),
        refused(lambda: meetings.item_at(db, scene.meeting, 9), NotFound),
        refused(lambda: tasks.add_task(db, scene.team.admin, "X", "Tom Berg", meeting_id=99)),
        # The admin has no department, and an area belongs to its owner's.
        refused(lambda: areas.assign_area(db, scene.team.admin, "Legal", "Ada Admin"), NotFound),
    ]
    kinds = [(e.kind, e.ref) for e in found if isinstance(e, NotFound)]
    assert kinds == [
        ("task", 999),
        ("meeting", 999),
        ("decision", 999),
        ("person", "Maya Chan"),
        ("department", "Sails"),
        ("task force", "Rescu"),
        ("area", 999),
        ("area", "Nothing like it"),
        ("agenda item", 999),
        ("agenda item", 9),
        ("meeting", 99),
        ("department", "Ada Admin"),
    ]
    assert str(found[0]) == "no task 999"
    person = found[3]
    assert isinstance(person, NotFound) and person.suggestions == ("Maya Chen",)
    assert str(person) == "no person named 'Maya Chan' (did you mean Maya Chen?)"


def test_duplicates_and_taken_names(scene: Scene) -> None:
    db, team = scene.db, scene.team
    task = refused(lambda: tasks.add_task(db, team.maya, "prepare the PITCH", "Sara Ito"))
    assert isinstance(task, Duplicate)
    assert (task.kind, task.existing_id, task.owner) == ("task", scene.task, "Omar Haddad")
    area = refused(lambda: areas.assign_area(db, team.maya, "Enterprise account", "Sara Ito"))
    assert isinstance(area, Duplicate) and (area.kind, area.existing_id) == ("area", scene.area)
    refused(lambda: people.add_person(db, team.admin, "maya chen"), NameTaken)
    refused(lambda: people.add_department(db, team.admin, "SALES"), NameTaken)


def test_closed_meeting(scene: Scene) -> None:
    db, tom = scene.db, scene.team.tom
    meetings.close_meeting(db, tom, scene.meeting)
    errors = [
        refused(lambda: meetings.add_item(db, tom, scene.meeting, "Late"), ClosedMeeting),
        refused(lambda: meetings.move_item(db, tom, scene.item, 1), ClosedMeeting),
        refused(
            lambda: decisions.record_decision(db, tom, "Late", meeting_id=scene.meeting),
            ClosedMeeting,
        ),
        refused(
            lambda: tasks.add_task(db, tom, "Late", "Tom Berg", meeting_id=scene.meeting),
            ClosedMeeting,
        ),
    ]
    assert [(e.meeting_id, e.frozen) for e in errors if isinstance(e, ClosedMeeting)] == [
        (scene.meeting, "minutes"),
        (scene.meeting, "minutes"),
        (scene.meeting, "minutes"),
        (scene.meeting, "action items"),
    ]
    # SQLite's own trigger names no meeting; translated, it is a ClosedMeeting too.
    trigger = connection.translate(
        sqlite3.IntegrityError(
            "meeting is closed: its minutes are frozen; add an amendment instead"
        )
    )
    assert isinstance(trigger, ClosedMeeting) and trigger.meeting_id is None
    assert_neutral(trigger)


def test_every_permission_row(scene: Scene) -> None:
    """Sara (no role at all) is refused each act of the permission table."""
    db, team = scene.db, scene.team
    sara, tom, lena = team.sara, team.tom, team.lena
    meeting = meetings.get_meeting(db, scene.meeting)
    task = tasks.get_task(db, scene.task)
    attempts: dict[str, Callable[[], object]] = {
        "admin": lambda: people.add_department(db, sara, "Legal"),
        "add-person": lambda: people.add_person(db, sara, "Pat Doe", department="Sales"),
        "choose-facilitator": lambda: meetings.create_meeting(
            db, sara, "Mine", facilitator="Tom Berg"
        ),
        "run-meeting": lambda: meetings.add_item(db, sara, scene.meeting, "Mine"),
        "task-force-meeting": lambda: meetings.create_meeting(db, sara, "TF", task_force="Rescue"),
        "next-in-series": lambda: meetings.create_meeting(db, sara, "Next", after=scene.meeting),
        "give-task": lambda: tasks.add_task(db, sara, "Write copy", "Tom Berg"),
        "reassign": lambda: tasks.reassign_task(db, sara, scene.task, "Tom Berg"),
        "supersede": lambda: permissions.require_supersede(db, sara, scene.decision),
        "complete": lambda: tasks.complete_task(db, tom, scene.task),
        "assign-area": lambda: areas.assign_area(db, sara, "Pricing", "Omar Haddad"),
        "move-area": lambda: areas.assign_area(db, lena, "Enterprise accounts", "Tom Berg"),
        "create-task-force": lambda: taskforces.create_task_force(
            db, sara, "Mine", problem="P", lead="Sara Ito", members=["Tom Berg"]
        ),
        "task-force-decision": lambda: decisions.record_decision(
            db, sara, "Ours", task_force="Rescue"
        ),
    }
    for rule, attempt in attempts.items():
        exc = refused(attempt, PermissionDenied)
        assert isinstance(exc, PermissionDenied)
        assert exc.exit_code == 3
        assert exc.rule == rule, (rule, str(exc))
        assert exc.who_may and exc.action, rule
        assert exc.actor in ("Sara Ito", "Tom Berg", "Lena Park"), rule
    # The same reassignment inside one department names its head, not the admin's crossing.
    same = refused(lambda: tasks.reassign_task(db, tom, scene.task, "Sara Ito"), PermissionDenied)
    assert isinstance(same, PermissionDenied) and "the head of Sales" in same.who_may
    # The Responsibilities screen's early refusals.
    refused(lambda: permissions.require_may_assign_areas(db, sara), PermissionDenied)
    refused(
        lambda: permissions.require_may_reassign_area(db, sara, scene.sales),
        PermissionDenied,
    )
    refused(lambda: permissions.require_run_meeting(db, sara, meeting, "close"), PermissionDenied)
    assert task.owner == "Omar Haddad"


def test_identity_refusals(scene: Scene) -> None:
    db, team = scene.db, scene.team
    session = session_of(db)
    before = session.login
    session.login = "tdm-nobody-at-all"
    try:
        unbound = refused(lambda: people.acting_person(db, None), Unbound)
        refused(lambda: tasks.add_task(db, team.omar, "Unbound", "Omar Haddad"), Unbound)
    finally:
        session.login = before
    assert isinstance(unbound, Unbound) and unbound.login == "tdm-nobody-at-all"
    assert unbound.rule == "unbound"
    # The admin's login acting for Maya can't give Maya's approval.
    approval = refused(lambda: require_undelegated(db, team.maya.id), ApprovalNotDelegable)
    assert isinstance(approval, ApprovalNotDelegable) and approval.head == "Maya Chen"
    assert_neutral(DelegationRefused("someone", "Maya Chen", "Tom Berg"))
    refused(lambda: check_login_value("tdm-no-such-login-here"), LoginUnknown)
    refused(lambda: people.add_person(db, team.admin, "Pat Doe", login=current_login()), LoginTaken)
    refused(lambda: people.bind_login(db, team.admin, "Ada Admin", None), Invalid)


def test_invalid_values_and_requests(scene: Scene, tmp_path: Path) -> None:
    db, team = scene.db, scene.team
    refused(lambda: dates.parse_date("someday"), Invalid)
    refused(lambda: dates.parse_datetime("2026-13-45 99:99"), Invalid)
    refused(lambda: text.required("  ", "a task's title"), Invalid)
    refused(lambda: text.required("x" * 300, "a name", limit=200), Invalid)
    refused(lambda: tasks.list_tasks(db, status="later"), Invalid)
    refused(lambda: tasks.add_task(db, team.maya, "!!!", "Omar Haddad"), Invalid)
    refused(lambda: people.add_person(db, team.admin, "12345"), Invalid)
    refused(lambda: people.add_person(db, team.admin, "Pat Doe", email="pat at home"), Invalid)
    refused(lambda: people.appoint_head(db, team.admin, "Marketing", "Omar Haddad"), Invalid)
    refused(lambda: meetings.create_meeting(db, team.tom, "Short", minutes=0), Invalid)
    refused(lambda: meetings.amend(db, team.tom, scene.meeting, "Typo"), Invalid)
    refused(lambda: meetings.delete_item(db, team.tom, scene.item), Invalid)
    refused(lambda: meetings.mark_attendance(db, team.tom, scene.meeting, []), Invalid)
    refused(lambda: decisions.record_decision(db, team.admin, "Floating"), Invalid)
    later = decisions.record_decision(
        db, team.tom, "Biweekly", meeting_id=scene.meeting, supersedes=scene.decision
    )
    refused(
        lambda: decisions.record_decision(
            db, team.tom, "Monthly", meeting_id=scene.meeting, supersedes=scene.decision
        ),
        Invalid,
    )
    assert later.id != scene.decision
    refused(
        lambda: taskforces.create_task_force(
            db, team.admin, "Sales only", problem="P", lead="Maya Chen", members=["Omar Haddad"]
        ),
        Invalid,
    )
    tasks.complete_task(db, team.maya, scene.task)
    refused(lambda: tasks.complete_task(db, team.maya, scene.task), Invalid)
    refused(lambda: tasks.reassign_task(db, team.maya, scene.task, "Sara Ito"), Invalid)
    refused(lambda: seal.verify_minutes(db, {}), Invalid)
    stale = meetings.get_item(db, scene.item).version
    meetings.edit_item(db, team.tom, scene.item, title="Pipeline review")
    conflict = refused(
        lambda: meetings.edit_item(
            db, team.tom, scene.item, title="Pipeline", expected_version=stale
        ),
        Conflict,
    )
    assert isinstance(conflict, Conflict) and conflict.who == "Tom Berg"


def test_output_files(scene: Scene, tmp_path: Path) -> None:
    db = scene.db
    target = tmp_path / "copy.db"
    target.write_text("an earlier backup")
    exists = refused(lambda: backup.backup(db, target), OutputExists)
    assert isinstance(exists, OutputExists) and exists.path == str(target)
    refused(lambda: backup.backup(db, tmp_path / "no" / "such" / "dir.db"), Invalid)
    database = files.database_file(db.conn)
    refused(lambda: backup.backup(db, database, force=True), UnsafeOutput)
    refused(lambda: files.resolve_group("tdm-no-such-group-here"), GroupRefused)


def _junk(path: Path) -> None:
    path.write_bytes(b"Quarterly numbers, definitely not a database\n" * 200)


def _blank_sqlite(path: Path) -> None:
    sqlite3.connect(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 0")
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()


def _tandem(path: Path) -> None:
    db = connection.open_db(path, create=True)
    people.init(db, "Ada Admin")
    db.close()


def _newer(path: Path) -> None:
    _tandem(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('tandem', 'm999_from_the_future', '2030-01-01T00:00:00+00:00')"
    )
    conn.commit()
    conn.close()


def _damaged(path: Path) -> None:
    _tandem(path)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xde\xad\xbe\xef" * ((len(data) - 100) // 4)
    path.write_bytes(bytes(data))


UNUSABLE: dict[str, Callable[[Path], None]] = {
    "missing": lambda path: None,
    "not-initialised": _blank_sqlite,
    "not-sqlite": _junk,
    "foreign": _foreign,
    "newer": _newer,
    "damaged": _damaged,
}


@pytest.mark.parametrize("reason", list(UNUSABLE))
def test_unusable_databases(tmp_path: Path, reason: str) -> None:
    path = tmp_path / "team.db"
    UNUSABLE[reason](path)

    def open_it() -> Database:
        return connection.open_db(path)

    exc = refused(open_it, DatabaseUnusable)
    assert exc.exit_code == 4
    assert isinstance(exc, DatabaseUnusable) and exc.reason == reason
    assert exc.path == str(path)


def test_unusable_paths_and_sqlite_failures(tmp_path: Path) -> None:
    directory = refused(lambda: connection.open_db(tmp_path), UnusableFile)
    assert isinstance(directory, UnusableFile) and directory.reason == "directory"
    for words, reason in [
        ("database is locked", "locked"),
        ("database or disk is full", "full"),
        ("attempt to write a readonly database", "read-only"),
        ("file is not a database", "other"),
    ]:
        exc = connection.translate(sqlite3.OperationalError(words))
        assert_neutral(exc)
        assert isinstance(exc, DatabaseUnusable) and exc.reason == reason, words
    fresh = connection.open_db(tmp_path / "fresh.db", create=True)  # migrated, no admin yet
    try:
        exc = refused(lambda: people.default_user(fresh), DatabaseUnusable)
    finally:
        fresh.close()
    assert isinstance(exc, DatabaseUnusable) and exc.reason == "not-initialised"


def _messages_in(tree: ast.AST) -> Iterator[ast.Constant]:
    """The string literals of ``tree`` that aren't documentation (a string on its own line)."""
    docs = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            yield node


def test_db_source_quotes_no_command_or_option() -> None:
    """No string in db/ (beyond docstrings and comments) quotes an option or a command."""
    sources = sorted(DB_SOURCE.rglob("*.py"))
    assert len(sources) > 20
    found = [
        f"{path.relative_to(DB_SOURCE.parent)}:{node.lineno}: {node.value[:80]!r}"
        for path in sources
        for node in _messages_in(ast.parse(path.read_text(encoding="utf-8")))
        if CLI_WORDS.search(node.value)
    ]
    assert found == []


def test_the_scan_catches_what_it_looks_for() -> None:
    """The scan above would see a hint like the ones db/ used to give."""
    tree = ast.parse(
        'def f():\n    """Docs may say `tandem init`."""\n'
        '    raise Invalid("no task 4; `tandem task list --status all` lists them")\n'
        'X = "add --allow-duplicate to add yours anyway"\n'
    )
    hits = [n.value for n in _messages_in(tree) if CLI_WORDS.search(n.value)]
    assert len(hits) == 2
    with pytest.raises(AssertionError):
        assert_neutral(Invalid("press q to quit"))
    with pytest.raises(AssertionError):
        assert_neutral(Invalid("run tandem check"))
