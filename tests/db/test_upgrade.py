"""A populated database made by an older Tandem upgrades to what a new one holds.

The old file is built at a shipped schema (after ``m001`` or ``m002``) with rows
written in SQL as that Tandem wrote them; ``open_db`` applies the pending
migrations. The result is compared with a fresh database (every migration
applied while empty) given the same rows: the same schema, the same rows in
every table (new columns as the current Tandem fills them), the same search
results and minutes; and ``check`` finds nothing wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from db import check, people, tasks
from db.connection import APPLICATION_ID, open_db
from db.identity import file_owner_login
from db.migrations import STEPS, migrations
from db.minutes import get_minutes
from db.names import KINDS
from db.text import name_skeleton
from tests.cli.support import Tandem

AT = "2026-01-05T09:00:00+00:00"
LATER = "2026-01-12T09:00:00+00:00"
NOW = datetime(2026, 1, 12, 10, 0, tzinfo=timezone.utc)
SHIPPED = ["m001_core_schema", "m002_full_text_search"]

# The rows, in the columns every schema since m001 has, in the order an older Tandem wrote them.
ROWS: list[tuple[str, list[Any]]] = [
    ("INSERT INTO departments (id, name, name_key, created_at) VALUES (1, 'Sales', 'sales', ?)", [AT]),
    ("INSERT INTO departments (id, name, name_key, created_at) VALUES (2, 'Marketing', 'marketing', ?)", [AT]),
    ("INSERT INTO people (id, name, name_key, is_admin, created_at) VALUES (1, 'Ada Admin', 'ada admin', 1, ?)", [AT]),
    ("INSERT INTO people (id, name, name_key, department_id, title, email, created_at) VALUES (2, 'Maya Chen', 'maya chen', 1, 'Head of Sales', 'maya@example.com', ?)", [AT]),
    ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (3, 'Omar Haddad', 'omar haddad', 1, ?)", [AT]),
    ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (4, 'Lena Park', 'lena park', 2, ?)", [AT]),
    ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (5, 'José Núñez', 'josé núñez', 2, ?)", [AT]),
    ("UPDATE departments SET head_id = 2 WHERE id = 1", []),
    ("UPDATE departments SET head_id = 4 WHERE id = 2", []),
    ("INSERT INTO settings (key, value) VALUES ('default_user_id', '1')", []),
    ("INSERT INTO task_forces (id, name, name_key, problem, lead_id, created_by, created_at) VALUES (1, 'Lead quality', 'lead quality', 'Half the leads are cold', 2, 1, ?)", [AT]),
    ("INSERT INTO task_force_members (task_force_id, person_id) VALUES (1, 2), (1, 5)", []),
    # Last week's weekly, closed; this week's, running on its carried-over item.
    ("INSERT INTO meetings (id, title, at, facilitator_id, created_by, created_at) VALUES (1, 'Weekly', ?, 2, 2, ?)", [AT, AT]),
    ("INSERT INTO attendance (meeting_id, person_id, present) VALUES (1, 2, 1), (1, 3, 1), (1, 4, 0)", []),
    ("INSERT INTO agenda_items (id, meeting_id, position, title, presenter_id, department_id, status, started_at, ended_at, spent_seconds, notes) VALUES (1, 1, 1, 'Pricing', 2, 1, 'done', ?, ?, 600, 'Competitors moved first')", [AT, AT]),
    ("INSERT INTO agenda_items (id, meeting_id, position, title, presenter_id) VALUES (2, 1, 2, 'Webinar dates', 4)", []),
    ("INSERT INTO decisions (id, text, rationale, meeting_id, agenda_item_id, recorded_by, recorded_at) VALUES (1, 'Price up 5%', 'Costs rose', 1, 1, 2, ?)", [AT]),
    ("INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, due, created_at, meeting_id, agenda_item_id, decision_id) VALUES (1, 'Send the new price list', 'send the new price list', 3, 2, '2026-01-09', ?, 1, 1, 1)", [AT]),
    ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (1, ?, 2, NULL, 3, 'assigned')", [AT]),
    ("UPDATE meetings SET status = 'closed', started_at = ?, closed_at = ? WHERE id = 1", [AT, AT]),
    ("INSERT INTO amendments (meeting_id, text, author_id, at) VALUES (1, 'Omar joined late', 2, ?)", [AT]),
    ("INSERT INTO meetings (id, title, at, facilitator_id, previous_id, status, started_at, created_by, created_at) VALUES (2, 'Weekly', ?, 2, 1, 'running', ?, 2, ?)", [LATER, LATER, AT]),
    ("INSERT INTO agenda_items (id, meeting_id, position, title, presenter_id, carried_from_id, status, started_at) VALUES (3, 2, 1, 'Webinar dates', 4, 2, 'running', ?)", [LATER]),
    ("INSERT INTO decisions (id, text, meeting_id, agenda_item_id, recorded_by, recorded_at, supersedes_id) VALUES (2, 'Price up 3%', 2, 3, 2, ?, 1)", [LATER]),
    ("INSERT INTO decisions (id, text, task_force_id, recorded_by, recorded_at) VALUES (3, 'Score leads weekly', 1, 2, ?)", [AT]),
    ("INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, created_at, status, done_at, done_by) VALUES (2, 'Book the booth', 'book the booth', 4, 1, ?, 'done', ?, 4)", [AT, LATER]),
    ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (2, ?, 1, NULL, 3, 'assigned')", [AT]),
    ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (2, ?, 1, 3, 4, 'events are Marketing')", [AT]),
    ("INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, due, created_at, version, updated_at, updated_by) VALUES (3, 'Écrire la newsletter', 'écrire la newsletter', 5, 4, '2026-01-20', ?, 2, ?, 4)", [AT, LATER]),
    ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (3, ?, 4, NULL, 5, 'assigned')", [AT]),
    ("INSERT INTO areas (id, name, name_key, department_id, owner_id, assigned_by, assigned_at) VALUES (1, 'Webinars', 'webinars', 2, 5, 4, ?)", [AT]),
    ("INSERT INTO area_history (area_id, at, actor_id, from_id, to_id) VALUES (1, ?, 4, NULL, 5)", [AT]),
]  # fmt: skip


def old_database(path: Path, last: str) -> None:
    """A file as the Tandem whose last migration was ``last`` wrote it, with ``ROWS`` in it."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    names = [fn.__name__ for fn in STEPS]
    migrations().apply(db, stop_before=names[names.index(last) + 1 :])
    assert [name for (name,) in db.execute("SELECT name FROM _sqlite_migrations")] == names[
        : names.index(last) + 1
    ]
    for sql, params in ROWS:
        db.execute(sql, params)
    db.close()


def fresh_database(path: Path, owner: str | None) -> Database:
    """A database migrated while empty, then given ``ROWS`` and what Tandem now adds to them."""
    db = open_db(path, create=True)
    for sql, params in ROWS:
        db.execute(sql, params)
    # What today's Tandem writes that older ones didn't: look-alike keys, the admin's login.
    for table in KINDS:
        for record_id, name in db.execute(f"SELECT id, name FROM {table}").fetchall():
            db.execute(
                f"UPDATE {table} SET name_skeleton = ? WHERE id = ?",
                [name_skeleton(name), record_id],
            )
    db.execute("UPDATE people SET login = ? WHERE is_admin = 1", [owner])
    return db


def schema(db: Database) -> list[tuple[str, str, str | None]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


# Rows that differ by design: when each migration ran, and the log of the upgrade itself.
NOT_COMPARED = {"_sqlite_migrations", "audit_log"}


def contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: sorted(db.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
        for table in db.table_names()
        if table not in NOT_COMPARED and not table.endswith(("_fts_data", "_fts_idx"))
    }


@pytest.fixture(params=SHIPPED)
def both(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, Database]]:
    """(upgraded, fresh): the old file opened by this Tandem, and the fresh one."""
    old = tmp_path / "old.db"
    old_database(old, request.param)
    upgraded = open_db(old)  # applies the pending migrations
    fresh = fresh_database(tmp_path / "fresh.db", file_owner_login(old))
    yield upgraded, fresh
    upgraded.close()
    fresh.close()


def test_every_migration_is_applied_and_the_schema_is_a_fresh_ones(
    both: tuple[Database, Database],
) -> None:
    upgraded, fresh = both
    assert migrations().pending(upgraded) == []
    assert schema(upgraded) == schema(fresh)
    for pragma in ("application_id", "user_version", "foreign_keys"):
        assert (
            upgraded.execute(f"PRAGMA {pragma}").fetchone()
            == fresh.execute(f"PRAGMA {pragma}").fetchone()
        ), pragma
    assert upgraded.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_every_row_is_kept_and_new_columns_hold_what_tandem_now_writes(
    both: tuple[Database, Database],
) -> None:
    upgraded, fresh = both
    got, want = contents(upgraded), contents(fresh)
    assert list(got) == list(want)
    for table in want:
        assert got[table] == want[table], table
    assert len(got["tasks"]) == 3 and len(got["task_history"]) == 4  # the rows are there


def test_search_and_minutes_read_the_same(both: tuple[Database, Database]) -> None:
    upgraded, fresh = both

    def found(db: Database, table: str, word: str) -> list[int]:
        return [
            rowid
            for (rowid,) in db.execute(
                f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ? ORDER BY rowid", [word]
            )
        ]

    for table, word in (("decisions", "price"), ("decisions", "costs"), ("tasks", "newsletter")):
        assert found(upgraded, table, word) == found(fresh, table, word) != [], (table, word)
    for meeting in (1, 2):
        assert get_minutes(upgraded, meeting, now=NOW) == get_minutes(fresh, meeting, now=NOW)
    assert tasks.list_tasks(upgraded, status="all") == tasks.list_tasks(fresh, status="all")
    assert people.list_people(upgraded) == people.list_people(fresh)


def test_check_is_clean_and_tandem_writes_at_once(
    both: tuple[Database, Database], tmp_path: Path
) -> None:
    upgraded, _ = both
    assert check.damage(upgraded) == []
    ran = Tandem(tmp_path / "old.db")("check")
    assert ran.code == 0, (ran.out, ran.err)
    admin = people.acting_person(upgraded, None)
    assert admin.name == "Ada Admin"
    tasks.reassign_task(upgraded, admin, 3, "Lena Park", reason="José is away")
    tasks.add_task(upgraded, admin, "Plan the spring webinar", "José Núñez")
    assert check.damage(upgraded) == []


def test_a_file_of_the_last_release_gains_home_s_indexes_and_reads_the_same(
    tmp_path: Path,
) -> None:
    """m010 (issue 16) on a populated file: its indexes are built over the rows already
    there, and Home's panels read what a fresh database with the same rows reads."""
    from db.dashboard import dashboard
    from db.fielddays import field_days_cover
    from db.goals import goals_in_force
    from db.load import load_per_person

    old = tmp_path / "old.db"
    old_database(old, "m009_shared_goals")
    upgraded = open_db(old)
    fresh = fresh_database(tmp_path / "fresh.db", file_owner_login(old))
    try:
        assert migrations().pending(upgraded) == []
        indexes = {r[0] for r in upgraded.execute("SELECT name FROM sqlite_master")}
        assert {"tasks_open_owner_due", "meetings_status_at", "goals_due"} <= indexes
        assert upgraded.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for person in (1, 3, 5):
            assert dashboard(upgraded, person, NOW) == dashboard(fresh, person, NOW)
        today = NOW.date()
        assert load_per_person(upgraded, today) == load_per_person(fresh, today)
        assert [x.overdue for x in load_per_person(upgraded, today) if x.name == "Omar Haddad"] == [
            1
        ]
        assert goals_in_force(upgraded, limit=4) == goals_in_force(fresh, limit=4)
        cover = field_days_cover(upgraded, since=today, named=3)
        assert cover == field_days_cover(fresh, since=today, named=3) and cover.people == 4
    finally:
        upgraded.close()
        fresh.close()
