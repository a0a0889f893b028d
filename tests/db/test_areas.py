"""Areas of responsibility: one owner each, no silent near-duplicates, every move in history."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from db import Conflict, Duplicate, Invalid, NotFound, areas, people
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
T1 = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)


def history(team: Team, area_id: int) -> list[tuple[str, str | None, str]]:
    return team.db.execute(
        """SELECT a.name, f.name, t.name FROM area_history h JOIN people a ON a.id = h.actor_id
           LEFT JOIN people f ON f.id = h.from_id JOIN people t ON t.id = h.to_id
           WHERE h.area_id = ? ORDER BY h.id""",
        [area_id],
    ).fetchall()


def test_assign_a_new_area(team: Team) -> None:
    area = areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg", now=T0)
    assert area.to_json() == {
        "id": area.id,
        "area": "Trade shows",
        "owner": "Tom Berg",
        "department": "Marketing",
        "assigned_by": "Lena Park",
        "assigned_at": "2026-11-02T09:00:00+00:00",
    }
    assert history(team, area.id) == [("Lena Park", None, "Tom Berg")]


def test_moving_an_area_keeps_one_owner_and_records_the_move(team: Team) -> None:
    db = team.db
    first = areas.assign_area(db, team.lena, "Trade shows", "Tom Berg", now=T0)
    moved = areas.assign_area(
        db, team.lena, "trade SHOWS", "Nina Roy", now=T1
    )  # same area, by name
    assert moved.id == first.id
    assert (moved.owner, moved.assigned_by, moved.assigned_at) == (
        "Nina Roy",
        "Lena Park",
        T1.isoformat(),
    )
    across = areas.assign_area(db, team.admin, "Trade shows", "Omar Haddad")
    assert (across.owner, across.department) == ("Omar Haddad", "Sales")
    assert [a.area for a in areas.list_areas(db)] == ["Trade shows"]
    assert history(team, first.id) == [
        ("Lena Park", None, "Tom Berg"),
        ("Lena Park", "Tom Berg", "Nina Roy"),
        ("Ada Admin", "Nina Roy", "Omar Haddad"),
    ]


def test_giving_an_area_to_its_owner_changes_nothing(team: Team) -> None:
    areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    before = dump(team.db)
    areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    assert dump(team.db) == before


def test_owner_columns_are_required_in_sql(team: Team) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL constraint failed: areas.owner_id"):
        team.db.execute(
            "INSERT INTO areas (name, name_key, department_id, assigned_by, assigned_at) VALUES ('x', 'x', ?, ?, 'x')",
            [team.tom.department_id, team.admin.id],
        )


def test_an_area_owner_needs_a_department(team: Team) -> None:
    loner = people.add_person(team.db, team.admin, "Free Lancer")
    with pytest.raises(NotFound, match="no department"):
        areas.assign_area(team.db, team.admin, "Podcasts", loner.id)


@pytest.mark.parametrize(
    "name",
    [
        "trade shows",  # case: the same area, by name
        "  TRADE   shows ",
    ],
)
def test_same_name_is_the_same_area(team: Team, name: str) -> None:
    first = areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    assert areas.assign_area(team.db, team.lena, name, "Nina Roy").id == first.id


@pytest.mark.parametrize(
    "name",
    [
        "Trade-shows",  # punctuation
        "Trade shows!",
        "Shows, trade",  # word order
        "SHOWS TRADE",
        "Trade show",  # a letter apart
    ],
)
def test_near_duplicate_area_refused_naming_existing_and_owner(team: Team, name: str) -> None:
    existing = areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    before = dump(team.db)
    with pytest.raises(Duplicate) as caught:
        areas.assign_area(team.db, team.maya, name, "Omar Haddad")
    err = caught.value
    assert (err.existing_id, err.existing_title, err.owner) == (
        existing.id,
        "Trade shows",
        "Tom Berg",
    )
    assert "Trade shows" in str(err) and "Tom Berg" in str(err)
    assert dump(team.db) == before


def test_near_duplicate_area_allowed_when_asked(team: Team) -> None:
    areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    second = areas.assign_area(
        team.db, team.maya, "Trade-shows", "Omar Haddad", allow_duplicate=True
    )
    assert [(a.area, a.owner) for a in areas.list_areas(team.db)] == [
        ("Trade shows", "Tom Berg"),
        ("Trade-shows", "Omar Haddad"),
    ]
    assert second.department == "Sales"


@pytest.mark.parametrize("name", ["Webinars", "Key accounts", "Trade press"])
def test_different_areas_are_no_duplicates(team: Team, name: str) -> None:
    areas.assign_area(team.db, team.lena, "Trade shows", "Tom Berg")
    assert areas.assign_area(team.db, team.admin, name, "Omar Haddad").area == name


def test_area_name_is_cleaned(team: Team) -> None:
    area = areas.assign_area(team.db, team.lena, "  Social\x1b[1m\nmedia ", "Tom Berg")
    assert area.area == "Social[1m media"
    with pytest.raises(Invalid):
        areas.assign_area(team.db, team.lena, "\x07", "Tom Berg")


def test_stale_area_move_is_a_conflict_naming_who(team: Team) -> None:
    db = team.db
    area = areas.assign_area(db, team.lena, "Trade shows", "Tom Berg")
    areas.assign_area(db, team.admin, "Trade shows", "Nina Roy", now=T1)
    before = dump(db)
    with pytest.raises(Conflict, match=r"changed by Ada Admin at 2026-11-03T09:00:00\+00:00"):
        areas.assign_area(db, team.lena, "Trade shows", "Tom Berg", expected_version=area.version)
    assert dump(db) == before


def test_list_areas_by_department_and_owner(team: Team) -> None:
    db = team.db
    areas.assign_area(db, team.lena, "Trade shows", "Tom Berg")
    areas.assign_area(db, team.maya, "Key accounts", "Omar Haddad")
    areas.assign_area(db, team.maya, "Inbound leads", "Sara Ito")
    sales = people.get_department(db, "sales").id
    assert [a.area for a in areas.list_areas(db, department_id=sales)] == [
        "Inbound leads",
        "Key accounts",
    ]
    assert [a.area for a in areas.list_areas(db, owner_id=team.tom.id)] == ["Trade shows"]
