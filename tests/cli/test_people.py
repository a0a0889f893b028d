"""``tandem person add|list`` and ``tandem dept add|head|list``."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.people import get_department, get_person, list_departments, list_people
from tests.cli.support import Tandem, has_keys, usage_error

PERSON_KEYS = "id, name, department, title, email, is_head, is_admin"


def test_person_add_human(tandem: Tandem, db: Database) -> None:
    ran = tandem.ok(
        "person", "add", "Omar Haddad", "--dept", "sales", "--title", "Account Executive"
    )
    assert ran.out.startswith("Added Person ")
    assert "Omar Haddad (Sales, Account Executive)" in ran.out
    omar = get_person(db, "omar haddad")
    assert (omar.department, omar.title) == ("Sales", "Account Executive")


def test_person_add_json_has_the_contract_keys(tandem: Tandem, db: Database) -> None:
    doc = tandem.json(
        "person", "add", "Zoë Núñez 🚀", "--dept", "Marketing", "--email", "zoe@example.com"
    )
    has_keys(doc, PERSON_KEYS)
    assert doc["name"] == "Zoë Núñez 🚀"
    assert doc["department"] == "Marketing"
    assert doc["email"] == "zoe@example.com"
    assert doc["is_head"] is False and doc["is_admin"] is False
    assert get_person(db, doc["id"]).name == "Zoë Núñez 🚀"


def test_json_is_utf8_not_escaped(tandem: Tandem, db: Database) -> None:
    ran = tandem.ok("person", "add", "مريم 🚀", "--dept", "Sales", "--json")
    assert "مريم 🚀" in ran.out
    assert "\\u" not in ran.out


def test_person_list(tandem: Tandem, team: object) -> None:
    people = tandem.json("person", "list")
    assert len(people) == 7
    for doc in people:
        has_keys(doc, PERSON_KEYS)
    by_name = {p["name"]: p for p in people}
    assert by_name["Maya Chen"]["is_head"] is True
    assert by_name["Ada Admin"]["is_admin"] is True
    human = tandem.ok("person", "list").out
    for name in by_name:
        assert name in human


@pytest.mark.parametrize(
    ("actor", "dept", "code"),
    [
        ("Ada Admin", "Sales", 0),  # admin
        ("Maya Chen", "Sales", 0),  # head of D
        ("Lena Park", "Marketing", 0),  # head of D
        ("Lena Park", "Sales", 3),  # head of another department
        ("Omar Haddad", "Sales", 3),  # a member of D
        ("Tom Berg", "Sales", 3),  # a stranger
        ("Maya Chen", None, 3),  # no department: admin only
        ("Ada Admin", None, 0),
    ],
)
def test_who_may_add_a_person(
    tandem: Tandem, team: object, db: Database, actor: str, dept: str | None, code: int
) -> None:
    args = ["person", "add", "New Person"] + (["--dept", dept] if dept else [])
    if code == 0:
        tandem.ok(*args, as_=actor)
        assert get_person(db, "New Person").department == dept
    else:
        message = tandem.fails(code, *args, as_=actor)
        assert "only" in message and "admin" in message
        assert "New Person" not in [p.name for p in list_people(db)]


def test_person_add_refusal_says_who_may(tandem: Tandem, team: object) -> None:
    message = tandem.fails(3, "person", "add", "X Y", "--dept", "Sales", as_="Lena Park")
    assert message == "Error: only the head of Sales or the admin can add people to Sales"


def test_person_add_wrong_requests_exit_1(tandem: Tandem, team: object) -> None:
    assert "already exists" in tandem.fails(1, "person", "add", "maya chen", "--dept", "Sales")
    assert "did you mean Sales" in tandem.fails(1, "person", "add", "Pat", "--dept", "Sals")
    assert "invalid email" in tandem.fails(1, "person", "add", "Pat", "--email", "not-an-email")
    assert "can't be empty" in tandem.fails(1, "person", "add", "   ")


def test_person_add_missing_argument_is_usage_error(tandem: Tandem, db: Database) -> None:
    usage_error(tandem("person", "add"))
    usage_error(tandem("person", "add", "X", "--nope"))


def test_dept_add(tandem: Tandem, db: Database) -> None:
    doc = tandem.json("dept", "add", "Customer Success")
    has_keys(doc, "id, name, head")
    assert doc["name"] == "Customer Success" and doc["head"] is None
    assert get_department(db, "customer success").id == doc["id"]
    assert (
        "Customer Success"
        in tandem.ok("dept", "add", "Support").out + tandem.ok("dept", "list").out
    )


@pytest.mark.parametrize(
    ("actor", "code"), [("Ada Admin", 0), ("Maya Chen", 3), ("Lena Park", 3), ("Omar Haddad", 3)]
)
def test_who_may_add_a_department(
    tandem: Tandem, team: object, db: Database, actor: str, code: int
) -> None:
    if code:
        assert "only the admin can add a department" in tandem.fails(
            code, "dept", "add", "Support", as_=actor
        )
        assert [d.name for d in list_departments(db)] == ["Marketing", "Sales"]
    else:
        tandem.ok("dept", "add", "Support", as_=actor)


def test_dept_head(tandem: Tandem, db: Database) -> None:
    tandem.ok("person", "add", "Maya Chen", "--dept", "Sales")
    ran = tandem.ok("dept", "head", "sales", "maya chen")
    assert ran.out.strip() == "Maya Chen is now head of Sales"
    assert get_department(db, "Sales").head == "Maya Chen"
    assert get_person(db, "Maya Chen").is_head


def test_dept_head_person_without_department_joins_it(tandem: Tandem, db: Database) -> None:
    tandem.ok("person", "add", "Lena Park")
    doc = tandem.json("dept", "head", "Marketing", "Lena Park")
    assert doc["head"] == "Lena Park"
    assert get_person(db, "Lena Park").department == "Marketing"


@pytest.mark.parametrize(
    ("actor", "code"), [("Ada Admin", 0), ("Maya Chen", 3), ("Lena Park", 3), ("Sara Ito", 3)]
)
def test_who_may_appoint_a_head(
    tandem: Tandem, team: object, db: Database, actor: str, code: int
) -> None:
    if code:
        message = tandem.fails(code, "dept", "head", "Sales", "Omar Haddad", as_=actor)
        assert "only the admin can appoint a department head" in message
        assert get_department(db, "Sales").head == "Maya Chen"
    else:
        tandem.ok("dept", "head", "Sales", "Omar Haddad", as_=actor)
        assert get_department(db, "Sales").head == "Omar Haddad"


def test_dept_head_wrong_requests(tandem: Tandem, team: object) -> None:
    assert "a head leads their own department" in tandem.fails(
        1, "dept", "head", "Sales", "Tom Berg"
    )
    assert "did you mean Maya Chen" in tandem.fails(1, "dept", "head", "Sales", "Maya Chn")
    assert "no department named" in tandem.fails(1, "dept", "head", "Legal", "Maya Chen")


def test_dept_list(tandem: Tandem, team: object) -> None:
    depts = tandem.json("dept", "list")
    assert [(d["name"], d["head"], d["people"]) for d in depts] == [
        ("Marketing", "Lena Park", 3),
        ("Sales", "Maya Chen", 3),
    ]
    human = tandem.ok("dept", "list").out
    assert "Lena Park" in human and "Maya Chen" in human


def test_people_are_named_by_id_too(tandem: Tandem, team: object, db: Database) -> None:
    maya = get_person(db, "Maya Chen")
    tandem.ok("person", "add", "Pat Kim", "--dept", "Sales", as_=str(maya.id))
    assert get_person(db, "Pat Kim").department == "Sales"
