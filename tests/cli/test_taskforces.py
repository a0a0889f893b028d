"""``tandem taskforce new|list``."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.taskforces import list_task_forces
from tests.cli.support import Tandem, has_keys, usage_error

TF_KEYS = "id, name, problem, lead, members"

NEW = (
    "taskforce",
    "new",
    "Key account rescue",
    "--problem",
    "Our largest client is unhappy",
    "--lead",
    "Maya Chen",
    "--member",
    "Omar Haddad",
    "--member",
    "Tom Berg",
)


def test_taskforce_new(tandem: Tandem, team: object, db: Database) -> None:
    doc = tandem.json(*NEW)
    has_keys(doc, TF_KEYS)
    assert (doc["name"], doc["problem"], doc["lead"]) == (
        "Key account rescue",
        "Our largest client is unhappy",
        "Maya Chen",
    )
    for m in doc["members"]:
        has_keys(m, "name, department")
    assert {(m["name"], m["department"]) for m in doc["members"]} == {
        ("Maya Chen", "Sales"),
        ("Omar Haddad", "Sales"),
        ("Tom Berg", "Marketing"),
    }
    assert [t.name for t in list_task_forces(db)] == ["Key account rescue"]


def test_taskforce_new_human(tandem: Tandem, team: object) -> None:
    out = tandem.ok(*NEW).out
    assert out.startswith("Task force 1 'Key account rescue' led by Maya Chen: 3 members")


def test_taskforce_must_span_two_departments(tandem: Tandem, team: object, db: Database) -> None:
    message = tandem.fails(
        1,
        "taskforce",
        "new",
        "Sales only",
        "--problem",
        "P",
        "--lead",
        "Maya Chen",
        "--member",
        "Omar Haddad",
    )
    assert "at least two departments" in message
    assert list_task_forces(db) == []


def test_taskforce_wrong_requests(tandem: Tandem, team: object) -> None:
    usage_error(
        tandem("taskforce", "new", "X", "--problem", "P", "--lead", "Maya Chen")
    )  # no --member
    usage_error(
        tandem("taskforce", "new", "X", "--lead", "Maya Chen", "--member", "Tom Berg")
    )  # no --problem
    tandem.ok(*NEW)
    assert "already exists" in tandem.fails(1, *NEW)
    assert "did you mean Tom Berg" in tandem.fails(
        1, "taskforce", "new", "Y", "--problem", "P", "--lead", "Maya Chen", "--member", "Tom Brg"
    )


@pytest.mark.parametrize(
    ("actor", "code"),
    [("Ada Admin", 0), ("Maya Chen", 0), ("Lena Park", 0), ("Omar Haddad", 3), ("Tom Berg", 3)],
)
def test_who_may_create_a_task_force(
    tandem: Tandem, team: object, db: Database, actor: str, code: int
) -> None:
    if code:
        assert (
            tandem.fails(code, *NEW, as_=actor)
            == "Error: only the admin or a department head can create a task force"
        )
        assert list_task_forces(db) == []
    else:
        tandem.ok(*NEW, as_=actor)


def test_taskforce_list(tandem: Tandem, team: object) -> None:
    assert tandem.json("taskforce", "list") == []
    assert "No task forces" in tandem.ok("taskforce", "list").out
    tandem.ok(*NEW)
    listed = tandem.json("taskforce", "list")
    assert [t["name"] for t in listed] == ["Key account rescue"]
    has_keys(listed[0], TF_KEYS)
    human = tandem.ok("taskforce", "list").out
    assert "Key account rescue" in human and "Our largest client is unhappy" in human
