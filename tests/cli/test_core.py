"""``tandem init`` and ``tandem check``."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from db.connection import open_db
from db.people import default_user, list_departments, setting
from tests.cli.support import Tandem, has_keys


def test_init_creates_the_database(tandem: Tandem, db_path: Path) -> None:
    out = tandem.ok("init", "--admin", "Ada Admin", "--company", "Acme").out
    assert out.strip() == f"Created {db_path}: departments Sales and Marketing; admin Ada Admin"
    db = open_db(db_path)
    assert default_user(db).name == "Ada Admin"
    assert default_user(db).is_admin
    assert [d.name for d in list_departments(db)] == ["Marketing", "Sales"]
    assert setting(db, "company") == "Acme"
    db.close()
    assert (db_path.stat().st_mode & 0o777) == 0o600


def test_init_json(tandem: Tandem, db_path: Path) -> None:
    doc = tandem.json("init", "--admin", "Ada Admin")
    assert doc["created"] is True and doc["database"] == str(db_path)
    has_keys(doc["admin"], "id, name, department, title, email, is_head, is_admin")
    assert doc["admin"]["name"] == "Ada Admin" and doc["admin"]["is_admin"] is True


def test_init_again_changes_nothing(tandem: Tandem, db_path: Path) -> None:
    tandem.ok("init", "--admin", "Ada Admin")
    tandem.ok("person", "add", "Maya Chen", "--dept", "Sales")
    ran = tandem.ok("init", "--admin", "Somebody Else")
    assert "already initialised (admin Ada Admin); nothing changed" in ran.out
    assert tandem.json("init", "--admin", "Somebody Else")["created"] is False
    names = [p["name"] for p in tandem.json("person", "list")]
    assert sorted(names) == ["Ada Admin", "Maya Chen"]


def test_init_with_a_bad_admin_name_creates_nothing(tandem: Tandem, db_path: Path) -> None:
    assert "can't be empty" in tandem.fails(1, "init", "--admin", "   ")
    assert not db_path.exists()
    assert list(db_path.parent.iterdir()) == []


def test_check_clean(tandem: Tandem, team: object) -> None:
    out = tandem.ok("check").out
    assert "integrity ok, rules hold" in out
    doc = tandem.json("check")
    has_keys(doc, "ok, problems, overdue_tasks, items_without_outcome, decisions_without_follow_up")
    assert doc["ok"] is True and doc["problems"] == []


def test_check_lists_what_is_overlooked(tandem: Tandem, team: object) -> None:
    tandem.ok("task", "add", "Late report", "--owner", "Omar Haddad", "--due", "2020-01-01")
    mid = str(tandem.json("meeting", "new", "Joint sync")["id"])
    tandem.ok("agenda", "add", mid, "Forgotten item")
    tandem.ok("decide", mid, "Nobody follows this up")
    tandem.ok("meeting", "close", mid)
    ran = tandem("check")
    assert ran.code == 0
    assert "Overdue tasks: 1" in ran.out and "Late report" in ran.out
    assert "Agenda items that ended without outcome: 1" in ran.out and "Forgotten item" in ran.out
    assert "Decisions without follow-up task: 1" in ran.out and "Nobody follows this up" in ran.out
    doc = tandem.json("check")
    assert [t["title"] for t in doc["overdue_tasks"]] == ["Late report"]
    assert [i["title"] for i in doc["items_without_outcome"]] == ["Forgotten item"]
    assert [d["text"] for d in doc["decisions_without_follow_up"]] == ["Nobody follows this up"]


def test_check_exits_4_on_damage(tandem: Tandem, team: object, db: Database) -> None:
    tid = tandem.json("task", "add", "Call the client", "--owner", "Omar Haddad")["id"]
    # history says Omar owns it; the row is made to say Sara, as a damaged file might
    sara = db.execute("SELECT id FROM people WHERE name = 'Sara Ito'").fetchone()[0]
    db.execute("UPDATE tasks SET owner_id = ? WHERE id = ?", [sara, tid])
    ran = tandem("check")
    assert ran.code == 4
    assert "DAMAGE: task" in ran.out
    # The history no longer replays to the owner, and the audit log shows the hand edit.
    assert "DAMAGE: tasks row 1 was changed outside Tandem (owner_id)" in ran.out
    assert ran.error().startswith("Error: the database is damaged (2 problems)")
    ran = tandem("check", "--json")
    assert ran.code == 4 and ran.json()["ok"] is False
