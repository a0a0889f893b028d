"""``tandem role assign|list``: areas of responsibility."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlite_utils import Database

from db.areas import list_areas
from tests.cli.support import Tandem, has_keys, usage_error

ROLE_KEYS = "id, area, owner, department, assigned_by, assigned_at"


def test_role_assign(tandem: Tandem, team: object, db: Database) -> None:
    out = tandem.ok(
        "role", "assign", "Enterprise leads", "--owner", "omar haddad", as_="Maya Chen"
    ).out
    assert out.strip() == "Area 1 'Enterprise leads' → Omar Haddad (Sales)"
    doc = tandem.json("role", "assign", "Webinars", "--owner", "Tom Berg", as_="Lena Park")
    has_keys(doc, ROLE_KEYS)
    assert (doc["area"], doc["owner"], doc["department"], doc["assigned_by"]) == (
        "Webinars",
        "Tom Berg",
        "Marketing",
        "Lena Park",
    )
    assert datetime.fromisoformat(doc["assigned_at"]).tzinfo is not None
    assert [(a.area, a.owner) for a in list_areas(db)] == [
        ("Webinars", "Tom Berg"),
        ("Enterprise leads", "Omar Haddad"),
    ]


def test_role_assign_moves_within_department(tandem: Tandem, team: object, db: Database) -> None:
    tandem.ok("role", "assign", "Enterprise leads", "--owner", "Omar Haddad", as_="Maya Chen")
    doc = tandem.json("role", "assign", "enterprise leads", "--owner", "Sara Ito", as_="Maya Chen")
    assert (doc["id"], doc["owner"]) == (1, "Sara Ito")
    assert len(list_areas(db)) == 1


def test_role_assign_refuses_a_near_duplicate(tandem: Tandem, team: object, db: Database) -> None:
    tandem.ok("role", "assign", "Enterprise leads", "--owner", "Omar Haddad", as_="Maya Chen")
    message = tandem.fails(
        1, "role", "assign", "Leads, enterprise", "--owner", "Sara Ito", as_="Maya Chen"
    )
    assert "area 1 'Enterprise leads' (owner Omar Haddad, Sales)" in message
    assert "--allow-duplicate" in message
    assert len(list_areas(db)) == 1
    tandem.ok(
        "role",
        "assign",
        "Leads, enterprise",
        "--owner",
        "Sara Ito",
        "--allow-duplicate",
        as_="Maya Chen",
    )
    assert len(list_areas(db)) == 2


def test_role_assign_wrong_requests(tandem: Tandem, team: object) -> None:
    usage_error(tandem("role", "assign", "Webinars"))
    assert "did you mean Tom Berg" in tandem.fails(
        1, "role", "assign", "Webinars", "--owner", "Tom Burg"
    )
    assert "has no department" in tandem.fails(
        1, "role", "assign", "Webinars", "--owner", "Ada Admin"
    )


@pytest.mark.parametrize(
    ("actor", "owner", "code"),
    [
        ("Ada Admin", "Omar Haddad", 0),  # admin
        ("Maya Chen", "Omar Haddad", 0),  # head of P's department, new area
        ("Lena Park", "Omar Haddad", 3),  # head of another department
        ("Sara Ito", "Omar Haddad", 3),  # a colleague
        ("Omar Haddad", "Omar Haddad", 3),  # P themselves
    ],
)
def test_who_may_assign_a_new_area(
    tandem: Tandem, team: object, db: Database, actor: str, owner: str, code: int
) -> None:
    if code:
        message = tandem.fails(
            code, "role", "assign", "Enterprise leads", "--owner", owner, as_=actor
        )
        assert message == "Error: only the head of Sales or the admin can assign Sales areas"
        assert list_areas(db) == []
    else:
        tandem.ok("role", "assign", "Enterprise leads", "--owner", owner, as_=actor)


@pytest.mark.parametrize(
    ("actor", "code"),
    [("Ada Admin", 0), ("Maya Chen", 3), ("Lena Park", 3), ("Omar Haddad", 3)],
)
def test_who_may_move_an_area_between_departments(
    tandem: Tandem, team: object, db: Database, actor: str, code: int
) -> None:
    tandem.ok("role", "assign", "Webinars", "--owner", "Tom Berg", as_="Lena Park")
    if code:
        message = tandem.fails(
            code, "role", "assign", "Webinars", "--owner", "Omar Haddad", as_=actor
        )
        assert "only the" in message and "admin" in message
        assert [a.owner for a in list_areas(db)] == ["Tom Berg"]
    else:
        assert (
            tandem.json("role", "assign", "Webinars", "--owner", "Omar Haddad", as_=actor)[
                "department"
            ]
            == "Sales"
        )


def test_area_move_refusal_names_the_admin(tandem: Tandem, team: object) -> None:
    tandem.ok("role", "assign", "Webinars", "--owner", "Tom Berg", as_="Lena Park")
    message = tandem.fails(
        3, "role", "assign", "Webinars", "--owner", "Omar Haddad", as_="Maya Chen"
    )
    assert message == "Error: only the admin can move an area from Marketing to Sales"


def test_role_list(tandem: Tandem, team: object) -> None:
    assert tandem.json("role", "list") == []
    tandem.ok("role", "assign", "Enterprise leads", "--owner", "Omar Haddad")
    tandem.ok("role", "assign", "Webinars", "--owner", "Tom Berg")
    listed = tandem.json("role", "list")
    for doc in listed:
        has_keys(doc, ROLE_KEYS)
    assert [(r["department"], r["area"]) for r in listed] == [
        ("Marketing", "Webinars"),
        ("Sales", "Enterprise leads"),
    ]
    assert [r["area"] for r in tandem.json("role", "list", "--dept", "sales")] == [
        "Enterprise leads"
    ]
    human = tandem.ok("role", "list").out
    assert "Webinars" in human and "Omar Haddad" in human
    assert "no department named" in tandem.fails(1, "role", "list", "--dept", "Legal")
