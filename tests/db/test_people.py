"""People, departments and heads; initialising; the acting person."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import DatabaseUnusable, Invalid, NotFound, open_db, people
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def test_init_creates_both_departments_and_the_admin(db: Database) -> None:
    admin = people.default_user(db)
    assert (admin.name, admin.is_admin, admin.department) == ("Ada Admin", True, None)
    assert [(d.name, d.head) for d in people.list_departments(db)] == [
        ("Marketing", None),
        ("Sales", None),
    ]
    assert people.setting(db, "company") == "Tandem"


def test_init_twice_changes_nothing(db: Database) -> None:
    before = dump(db)
    admin, created = people.init(db, "Somebody Else", "Other Co")
    assert (admin.name, created) == ("Ada Admin", False)
    assert dump(db) == before


def test_init_with_company_and_cleaned_name(tmp_path: Path) -> None:
    fresh = open_db(tmp_path / "t.db", create=True)
    admin, created = people.init(fresh, "  Ada\x1b[1m  Admin\n", "ACME\x07 Inc")
    assert created
    assert admin.name == "Ada[1m Admin"
    assert people.setting(fresh, "company") == "ACME Inc"
    fresh.close()


def test_an_uninitialised_database_has_no_default_user(tmp_path: Path) -> None:
    fresh = open_db(tmp_path / "t.db", create=True)
    assert not people.is_initialised(fresh)
    with pytest.raises(DatabaseUnusable, match="not initialised"):
        people.default_user(fresh)
    fresh.close()


def test_add_person_with_everything(team: Team) -> None:
    p = people.add_person(
        team.db,
        team.maya,
        "Ravi Shah",
        department="sales",
        title="AE",
        email="ravi@example.com",
        now=T0,
    )
    assert p.to_json() == {
        "id": p.id,
        "name": "Ravi Shah",
        "department": "Sales",
        "title": "AE",
        "email": "ravi@example.com",
        "is_head": False,
        "is_admin": False,
        "login": None,
        "left_at": None,
    }


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("Omar Haddad", "already exists"),
        ("OMAR   haddad", "already exists"),  # case-insensitive and whitespace-insensitive
        ("12345", "only digits"),
        ("", "empty"),
        ("\x1b\x07", "empty"),
    ],
)
def test_bad_names_are_refused(team: Team, name: str, error: str) -> None:
    before = dump(team.db)
    with pytest.raises(Invalid, match=error):
        people.add_person(team.db, team.admin, name, department="Sales")
    assert dump(team.db) == before


@pytest.mark.parametrize("email", ["not-an-email", "a b@example.com"])
def test_bad_email_is_refused(team: Team, email: str) -> None:
    with pytest.raises(Invalid, match="email"):
        people.add_person(team.db, team.admin, "Ravi Shah", email=email)


def test_unknown_department_is_not_found(team: Team) -> None:
    with pytest.raises(NotFound, match="did you mean Sales"):
        people.add_person(team.db, team.admin, "Ravi Shah", department="Sails")


@pytest.mark.parametrize("ref", ["Omar Haddad", "omar haddad", "  OMAR  HADDAD ", "4"])
def test_get_person_by_name_or_id(team: Team, ref: str) -> None:
    expected = team.omar
    found = people.get_person(team.db, ref if ref != "4" else str(expected.id))
    assert found == expected


def test_unknown_person_suggests_close_names(team: Team) -> None:
    with pytest.raises(NotFound, match="did you mean Nina Roy"):
        people.get_person(team.db, "Nina Roi")
    with pytest.raises(NotFound):
        people.get_person(team.db, 999)


def test_acting_person_defaults_to_the_admin(team: Team) -> None:
    assert people.acting_person(team.db, None) == team.admin
    assert people.acting_person(team.db, " ") == team.admin
    assert people.acting_person(team.db, "maya chen") == team.maya


def test_heads_are_flagged(team: Team) -> None:
    assert (team.maya.is_head, team.lena.is_head, team.omar.is_head) == (True, True, False)
    assert [(d.name, d.head, d.people) for d in people.list_departments(team.db)] == [
        ("Marketing", "Lena Park", 3),
        ("Sales", "Maya Chen", 3),
    ]


def test_a_head_leads_their_own_department_only(team: Team) -> None:
    before = dump(team.db)
    with pytest.raises(Invalid, match="in Sales, not Marketing"):
        people.appoint_head(team.db, team.admin, "Marketing", "Omar Haddad")
    assert dump(team.db) == before


def test_a_head_without_a_department_joins_it(team: Team) -> None:
    people.add_person(team.db, team.admin, "Free Lancer")
    dept = people.appoint_head(team.db, team.admin, "Marketing", "Free Lancer")
    assert dept.head == "Free Lancer"
    assert people.get_person(team.db, "Free Lancer").department == "Marketing"


def test_a_new_head_replaces_the_old_one(team: Team) -> None:
    people.appoint_head(team.db, team.admin, "Sales", "Omar Haddad")
    assert people.get_department(team.db, "Sales").head == "Omar Haddad"
    assert not people.get_person(team.db, "Maya Chen").is_head


def test_add_department(team: Team) -> None:
    dept = people.add_department(team.db, team.admin, "Customer Success")
    assert (dept.name, dept.head, dept.people) == ("Customer Success", None, 0)
    with pytest.raises(Invalid, match="already exists"):
        people.add_department(team.db, team.admin, "customer success")


def test_list_people_by_department_then_name(team: Team) -> None:
    names = [p.name for p in people.list_people(team.db)]
    assert names == [
        "Lena Park",
        "Nina Roy",
        "Tom Berg",
        "Maya Chen",
        "Omar Haddad",
        "Sara Ito",
        "Ada Admin",
    ]
