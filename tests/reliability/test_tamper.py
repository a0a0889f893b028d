"""Hand edits made with the `sqlite3` shell or a plain connection show in `tandem check` (issue 11).

Each case starts from the same database, built through the CLI (a meeting with attendance,
a decision, an action item moved twice, closed, then amended), copies it, edits the copy
behind Tandem's back — the way someone with write access to the file would — and runs
`tandem check`, which must exit 4 and name what was changed and where. Triggers that
would refuse an edit (``amendments_immutable``, ``decisions_immutable``, the audit log's
append-only triggers) are dropped first, as a tamperer would; some cases put them back
afterwards, so only the data shows the edit.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.support import Ran, Tandem

ROOT = Path(__file__).resolve().parents[2]
SQLITE3 = shutil.which("sqlite3") or "/usr/bin/sqlite3"

AMENDMENT_TRIGGER = """CREATE TRIGGER amendments_immutable BEFORE UPDATE ON amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are records: add another amendment instead'); END;"""
AUDIT_UPDATE_TRIGGER = """CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"""
AUDIT_DELETE_TRIGGER = """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"""


def shell(path: Path, sql: str) -> None:
    """Edit with the sqlite3 command-line shell, as in the issue."""
    if not Path(SQLITE3).exists():
        pytest.skip("the sqlite3 command-line shell is not installed")
    done = subprocess.run(
        [SQLITE3, "-bail", str(path)], input=sql, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and not done.stderr, (sql, done.stderr)


def plain(path: Path, sql: str) -> None:
    """Edit with Python's sqlite3 module: no Tandem code, no TEMP capture triggers."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(sql)
    finally:
        conn.close()


TOOLS: dict[str, Callable[[Path, str], None]] = {"shell": shell, "plain": plain}


def settle(path: Path) -> None:
    """Everything in the main file (no -wal), so a byte copy is the whole database."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def build(tandem: Tandem) -> None:
    """The record every case tampers with. Ids: people 1 Ada (admin), 2 Maya (head of
    Sales), 3 Omar, 4 Tom; meeting 1 (closed); decision 1; task 1 with history rows 1-3;
    amendment 1."""
    tandem.ok("init", "--admin", "Ada Admin")
    tandem.ok("person", "add", "Maya Chen", "--dept", "Sales")
    tandem.ok("dept", "head", "Sales", "Maya Chen")
    tandem.ok("person", "add", "Omar Haddad", "--dept", "Sales")
    tandem.ok("person", "add", "Tom Berg", "--dept", "Marketing")
    tandem.ok("meeting", "new", "Weekly", as_="Maya Chen")
    tandem.ok("meeting", "attend", "1", "Maya Chen", "Omar Haddad", as_="Maya Chen")
    tandem.ok("agenda", "add", "1", "Pricing", as_="Maya Chen")
    tandem.ok("decide", "1", "Price up 5%", "--item", "1", as_="Maya Chen")
    tandem.ok("task", "add", "Send the offer", "--owner", "Omar Haddad", "--meeting", "1")
    tandem.ok("task", "reassign", "1", "--to", "Maya Chen", as_="Maya Chen")
    tandem.ok("task", "reassign", "1", "--to", "Omar Haddad", as_="Maya Chen")
    tandem.ok("meeting", "close", "1", as_="Maya Chen")
    tandem.ok("meeting", "amend", "1", "Omar joined late", as_="Maya Chen")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "template.db"
    build(Tandem(path))
    settle(path)
    return path


@pytest.fixture
def copy(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    shutil.copyfile(template, path)
    return path


def check(path: Path) -> Ran:
    return Tandem(path)("check")


def damaged(path: Path) -> str:
    """`tandem check` exits 4 with its Error line; returns the DAMAGE lines it printed."""
    ran = check(path)
    assert ran.code == 4, (ran.code, ran.out, ran.err)
    assert ran.err.startswith("Error: the database is damaged"), ran.err
    assert "Database: damaged" in ran.out
    return "\n".join(line for line in ran.out.splitlines() if line.startswith("DAMAGE: "))


def audit_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def entry_id(path: Path, action: str) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT id FROM audit_log WHERE action = ? ORDER BY id LIMIT 1", [action]
        ).fetchone()
    finally:
        conn.close()
    assert row is not None, action
    return int(row[0])


# --- a clean database checks clean ------------------------------------------------------


def test_the_template_checks_clean(template: Path, tmp_path: Path) -> None:
    path = tmp_path / "clean.db"
    shutil.copyfile(template, path)
    ran = check(path)
    assert ran.code == 0, (ran.out, ran.err)
    assert "Database: integrity ok, rules hold" in ran.out
    assert "DAMAGE" not in ran.out


def test_a_clean_demo_checks_clean_and_a_hand_edit_of_its_bulk_rows_shows(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    tandem = Tandem(path)
    tandem.ok("demo", "--tasks", "2000", "--no-tui")
    ran = tandem("check")
    assert ran.code == 0, (ran.out, ran.err)
    assert "Database: integrity ok, rules hold" in ran.out
    # The synthetic tasks are audited per batch: a digest over what the batch inserted.
    conn = sqlite3.connect(path)
    payloads = [
        json.loads(p)["bulk"]
        for (p,) in conn.execute("SELECT payload FROM audit_log WHERE action = 'demo.bulk'")
    ]
    conn.close()
    bulk_task = next(b["tasks"]["ranges"][0][0] for b in payloads if "tasks" in b)
    shell(path, f"UPDATE tasks SET due = '2031-01-01' WHERE id = {bulk_task};")
    found = damaged(path)
    assert "tasks: rows recorded in bulk by audit entry" in found, found
    assert "were changed outside Tandem" in found, found


# --- each kind of hand edit --------------------------------------------------------------


@pytest.mark.parametrize("tool", list(TOOLS))
def test_an_amendment_rewritten_shows_with_the_dropped_trigger(copy: Path, tool: str) -> None:
    TOOLS[tool](
        copy,
        "DROP TRIGGER amendments_immutable;"
        "UPDATE amendments SET text = 'Nothing happened' WHERE id = 1;",
    )
    found = damaged(copy)
    assert "schema: the trigger amendments_immutable is missing" in found, found
    assert "amendments row 1 was changed outside Tandem (text)" in found, found


def test_the_real_command_exits_4_and_names_the_edit(copy: Path) -> None:
    """The same through a separate `tandem` process, as a shell or cron job runs it."""
    shell(copy, "DROP TRIGGER amendments_immutable; UPDATE amendments SET text = 'x';")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(copy), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "250"},
        timeout=120,
    )
    assert done.returncode == 4, (done.stdout, done.stderr)
    assert "DAMAGE: amendments row 1 was changed outside Tandem (text)" in done.stdout
    assert "DAMAGE: schema: the trigger amendments_immutable is missing" in done.stdout
    assert done.stderr.startswith("Error: the database is damaged")
    assert "Traceback" not in done.stderr


def test_an_amendment_rewritten_shows_even_with_the_trigger_put_back(copy: Path) -> None:
    shell(
        copy,
        "DROP TRIGGER amendments_immutable;"
        "UPDATE amendments SET text = 'Nothing happened' WHERE id = 1;" + AMENDMENT_TRIGGER,
    )
    found = damaged(copy)
    assert "schema:" not in found, found
    assert "amendments row 1 was changed outside Tandem (text)" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_row_deleted_from_the_middle_of_a_tasks_history_shows(copy: Path, tool: str) -> None:
    # Row 2 is the move to Maya; the history still ends with the owner, so only the
    # audit log can tell.
    TOOLS[tool](copy, "DELETE FROM task_history WHERE id = 2;")
    found = damaged(copy)
    assert "task_history row 2 was deleted outside Tandem" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_decisions_text_changed_shows(copy: Path, tool: str) -> None:
    TOOLS[tool](
        copy,
        "DROP TRIGGER decisions_immutable; DROP TRIGGER decisions_frozen_update;"
        "UPDATE decisions SET text = 'Price down 5%' WHERE id = 1;",
    )
    found = damaged(copy)
    assert "decisions row 1 was changed outside Tandem (text)" in found, found
    assert "schema: the trigger decisions_immutable is missing" in found, found
    assert "schema: the trigger decisions_frozen_update is missing" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_task_added_by_hand_shows(copy: Path, tool: str) -> None:
    # A well-formed forgery: a task with its history, the search index kept in step by
    # the schema's own triggers.
    TOOLS[tool](
        copy,
        "INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, created_at)"
        " VALUES (2, 'Do my bidding', 'do my bidding', 1, 2, '2026-11-01T09:00:00+00:00');"
        "INSERT INTO task_history (id, task_id, at, actor_id, to_id, reason)"
        " VALUES (4, 2, '2026-11-01T09:00:00+00:00', 2, 1, 'assigned');",
    )
    found = damaged(copy)
    assert "tasks row 2 was added outside Tandem" in found, found
    assert "task_history row 4 was added outside Tandem" in found, found


@pytest.mark.parametrize(
    "trigger",
    [
        "meetings_frozen",
        "decisions_frozen_update",
        "agenda_items_frozen_delete",
        "attendance_frozen_insert",
        "tasks_frozen_insert",
        "amendments_no_delete",
    ],
)
def test_a_freeze_trigger_dropped_shows(copy: Path, trigger: str) -> None:
    shell(copy, f"DROP TRIGGER {trigger};")
    found = damaged(copy)
    assert f"schema: the trigger {trigger} is missing" in found, found


def test_a_freeze_trigger_weakened_shows(copy: Path) -> None:
    shell(
        copy,
        "DROP TRIGGER meetings_frozen;"
        "CREATE TRIGGER meetings_frozen BEFORE UPDATE ON meetings WHEN 0 BEGIN SELECT 1; END;",
    )
    found = damaged(copy)
    assert "schema: the trigger meetings_frozen was altered" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
@pytest.mark.parametrize("index", ["tasks_status_due", "people_login", "decisions_meeting"])
def test_an_index_dropped_shows(copy: Path, tool: str, index: str) -> None:
    TOOLS[tool](copy, f"DROP INDEX {index};")
    found = damaged(copy)
    assert f"schema: the index {index} is missing" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_the_task_search_table_dropped_shows_and_task_add_says_so(copy: Path, tool: str) -> None:
    TOOLS[tool](copy, "DROP TABLE tasks_fts;")
    found = damaged(copy)
    assert "schema: the table tasks_fts is missing" in found, found

    tandem = Tandem(copy)
    before = audit_count(copy)
    error = tandem.fails(4, "task", "add", "Book the booth", "--owner", "Tom Berg")
    assert "tasks_fts" in error and "tandem check" in error, error
    # Even without the duplicate check that reads the search table, nothing is written.
    error = tandem.fails(
        4, "task", "add", "Book the booth", "--owner", "Tom Berg", "--allow-duplicate"
    )
    assert "tasks_fts" in error, error
    assert audit_count(copy) == before
    assert [t["id"] for t in tandem.json("task", "list", "--status", "all")] == [1]


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        # A task's title taken out of the index: it can no longer be found.
        ("INSERT INTO tasks_fts(tasks_fts, rowid, title) VALUES('delete', 1, 'Send the offer');",
         "tasks_fts"),
        # A title in the index that no task has.
        ("INSERT INTO tasks_fts(rowid, title) VALUES (99, 'ghost task');", "tasks_fts"),
        # The index's words rewritten in place.
        ("UPDATE tasks_fts SET title = 'Secret plan' WHERE rowid = 1;", "tasks_fts"),
        ("INSERT INTO decisions_fts(decisions_fts, rowid, text, rationale)"
         " VALUES('delete', 1, 'Price up 5%', '');", "decisions_fts"),
        # The search triggers dropped, then a task renamed: its index entry is stale.
        ("DROP TRIGGER tasks_au; UPDATE tasks SET title = 'Renamed' WHERE id = 1;", "tasks_fts"),
    ],
    ids=["task-taken-out", "ghost-entry", "words-rewritten", "decision-taken-out", "stale"],
)  # fmt: skip
def test_the_search_index_edited_out_of_step_shows(copy: Path, sql: str, table: str) -> None:
    shell(copy, sql)
    found = damaged(copy)
    source = table.removesuffix("_fts")
    assert f"search: {table} is out of step with {source}" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_an_audit_entry_edited_shows(copy: Path, tool: str) -> None:
    target = entry_id(copy, "task.add")
    TOOLS[tool](
        copy,
        "DROP TRIGGER audit_log_append_only;"
        f"UPDATE audit_log SET actor = 'Maya Chen', actor_id = 2 WHERE id = {target};",
    )
    found = damaged(copy)
    assert "schema: the trigger audit_log_append_only is missing" in found, found
    assert f"audit log: entry {target} was changed after it was written" in found, found


def test_an_audit_entry_edited_shows_with_the_trigger_put_back(copy: Path) -> None:
    target = entry_id(copy, "task.add")
    shell(
        copy,
        "DROP TRIGGER audit_log_append_only;"
        f"UPDATE audit_log SET login = 'someone' WHERE id = {target};" + AUDIT_UPDATE_TRIGGER,
    )
    found = damaged(copy)
    assert "schema:" not in found, found
    assert f"audit log: entry {target} was changed after it was written" in found, found


def test_an_audit_entry_rehashed_breaks_the_link_to_the_next(copy: Path) -> None:
    """Recomputing the edited entry's own hash moves the break to the entry after it."""
    from db.tamper import entry_hash

    target = entry_id(copy, "task.add")
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER audit_log_append_only")
    cols = "at, login, actor_id, actor, delegated_by_id, delegated_by, action, subject"
    row = conn.execute(
        f"SELECT {cols}, payload, prev_hash FROM audit_log WHERE id = ?", [target]
    ).fetchone()
    fields = dict(zip(cols.split(", "), row[:8], strict=True))
    fields["login"] = "someone"
    conn.execute(
        "UPDATE audit_log SET login = ?, hash = ? WHERE id = ?",
        ["someone", entry_hash(row[9], fields, row[8]), target],
    )
    conn.execute(AUDIT_UPDATE_TRIGGER)
    conn.commit()
    conn.close()
    found = damaged(copy)
    assert f"audit log: entry {target + 1} does not follow the entry before it" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_an_audit_entry_deleted_shows(copy: Path, tool: str) -> None:
    target = entry_id(copy, "task.reassign")
    TOOLS[tool](
        copy, f"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = {target};"
    )
    found = damaged(copy)
    assert "schema: the trigger audit_log_no_delete is missing" in found, found
    assert f"audit log: entries {target}–{target} are missing" in found, found
    assert f"audit log: entry {target + 1} does not follow the entry before it" in found, found


def test_an_audit_entry_deleted_shows_with_the_trigger_put_back(copy: Path) -> None:
    target = entry_id(copy, "task.reassign")
    shell(
        copy,
        f"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = {target};"
        + AUDIT_DELETE_TRIGGER,
    )
    found = damaged(copy)
    assert "schema:" not in found, found
    assert f"audit log: entries {target}–{target} are missing" in found, found


def test_the_newest_audit_entry_deleted_leaves_its_rows_unaccounted(copy: Path) -> None:
    """The last entry has no successor to break: the rows it wrote show instead."""
    conn = sqlite3.connect(copy)
    last, action = conn.execute(
        "SELECT id, action FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    conn.close()
    assert action == "meeting.amend"
    shell(copy, f"DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = {last};")
    found = damaged(copy)
    assert "amendments row 1 was added outside Tandem" in found, found


@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_persons_admin_flag_flipped_shows(copy: Path, tool: str) -> None:
    TOOLS[tool](copy, "UPDATE people SET is_admin = 1 WHERE name = 'Tom Berg';")
    found = damaged(copy)
    assert "people row 4 was changed outside Tandem (is_admin)" in found, found


def test_a_login_rebound_by_hand_shows(copy: Path) -> None:
    # The admin's login and flag moved to Tom, as someone taking over the file would.
    shell(
        copy,
        "UPDATE people SET login = NULL, is_admin = 0 WHERE id = 1;"
        "UPDATE people SET login = 'root', is_admin = 1 WHERE id = 4;",
    )
    found = damaged(copy)
    assert "people row 1 was changed outside Tandem (is_admin, login)" in found, found
    assert "people row 4 was changed outside Tandem (is_admin, login)" in found, found


def test_a_hand_edit_between_two_tandem_writes_still_shows(copy: Path) -> None:
    """Tandem writing the row again later does not launder an edit made before."""
    shell(copy, "UPDATE tasks SET due = '2030-01-01' WHERE id = 1;")
    Tandem(copy).ok("task", "done", "1", as_="Maya Chen")
    found = damaged(copy)
    assert "tasks row 1: changed outside Tandem before entry" in found, found


def test_check_finds_each_edit_of_several(copy: Path) -> None:
    shell(
        copy,
        "DROP TRIGGER amendments_immutable;"
        "UPDATE amendments SET text = 'x' WHERE id = 1;"
        "DELETE FROM task_history WHERE id = 2;"
        "UPDATE people SET is_admin = 1 WHERE id = 3;"
        "DROP INDEX meetings_at;",
    )
    found = damaged(copy)
    for words in (
        "schema: the trigger amendments_immutable is missing",
        "schema: the index meetings_at is missing",
        "amendments row 1 was changed outside Tandem (text)",
        "task_history row 2 was deleted outside Tandem",
        "people row 3 was changed outside Tandem (is_admin)",
    ):
        assert words in found, (words, found)
