"""Task forces: cross-department, one lead, formed around one problem."""

from __future__ import annotations

import pytest

from db import Invalid, NotFound, people, taskforces
from tests.conftest import Team
from tests.db.test_permissions import dump


def test_create_a_task_force(team: Team) -> None:
    tf = taskforces.create_task_force(
        team.db,
        team.maya,
        "Key client rescue",
        problem="Our largest client is unhappy",
        lead="Omar Haddad",
        members=["Tom Berg", "Nina Roy"],
    )
    assert tf.to_json()["lead"] == "Omar Haddad"
    assert tf.to_json()["problem"] == "Our largest client is unhappy"
    # The lead is a member; members are listed by department, then name.
    assert [m.to_json() for m in tf.members] == [
        {"name": "Nina Roy", "department": "Marketing"},
        {"name": "Tom Berg", "department": "Marketing"},
        {"name": "Omar Haddad", "department": "Sales"},
    ]
    assert taskforces.get_task_force(team.db, "key CLIENT rescue") == tf
    assert taskforces.get_task_force(team.db, tf.id) == tf
    assert taskforces.list_task_forces(team.db) == [tf]


@pytest.mark.parametrize(
    ("lead", "members"),
    [
        ("Omar Haddad", ["Sara Ito"]),  # all Sales
        ("Tom Berg", ["Nina Roy", "Lena Park"]),  # all Marketing
        ("Omar Haddad", []),  # the lead alone
        ("Omar Haddad", ["Omar Haddad"]),  # the lead twice is still one person
    ],
)
def test_a_task_force_spans_two_departments(team: Team, lead: str, members: list[str]) -> None:
    before = dump(team.db)
    with pytest.raises(Invalid, match="at least two departments"):
        taskforces.create_task_force(
            team.db, team.admin, "Narrow", problem="Something", lead=lead, members=list(members)
        )
    assert dump(team.db) == before


def test_people_without_a_department_do_not_count(team: Team) -> None:
    people.add_person(team.db, team.admin, "Free Lancer")
    with pytest.raises(Invalid, match="at least two departments"):
        taskforces.create_task_force(
            team.db, team.admin, "Narrow", problem="x", lead="Omar Haddad", members=["Free Lancer"]
        )


def test_the_lead_alone_can_supply_the_second_department(team: Team) -> None:
    tf = taskforces.create_task_force(
        team.db,
        team.admin,
        "Launch",
        problem="New product launch",
        lead="Tom Berg",
        members=["Sara Ito"],
    )
    assert {m.department for m in tf.members} == {"Sales", "Marketing"}


def test_names_are_unique_and_required(team: Team) -> None:
    taskforces.create_task_force(
        team.db, team.admin, "Launch", problem="New product", lead="Tom Berg", members=["Sara Ito"]
    )
    with pytest.raises(Invalid, match="already exists"):
        taskforces.create_task_force(
            team.db, team.admin, "LAUNCH", problem="Again", lead="Tom Berg", members=["Sara Ito"]
        )
    with pytest.raises(Invalid, match="empty"):
        taskforces.create_task_force(
            team.db, team.admin, "x", problem=" ", lead="Tom Berg", members=["Sara Ito"]
        )


def test_unknown_member_or_task_force(team: Team) -> None:
    before = dump(team.db)
    with pytest.raises(NotFound, match="Nobody Here"):
        taskforces.create_task_force(
            team.db, team.admin, "Launch", problem="x", lead="Tom Berg", members=["Nobody Here"]
        )
    assert dump(team.db) == before
    with pytest.raises(NotFound, match="no task force named"):
        taskforces.get_task_force(team.db, "Launch")
