"""Field days: a day already spent beside someone of another department."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from db import Invalid, NotFound
from db.fielddays import (
    add_field_day,
    field_days_cover,
    field_days_per_person,
    list_field_days,
)
from db.people import add_person
from db.tamper import tamper_problems
from tests.conftest import Team
from tests.db.test_ideas import refused

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
TODAY = NOW.astimezone().date()


def test_a_marketer_beside_a_salesperson(team: Team) -> None:
    day = add_field_day(
        team.db, team.tom, "Tom Berg", "Omar Haddad", TODAY, note="Booth at Data Summit", now=NOW
    )
    assert day.to_json() | {"created_at": None, "id": None} == {
        "id": None,
        "person": "Tom Berg",
        "with": "Omar Haddad",
        "department": "Marketing",
        "with_department": "Sales",
        "date": TODAY.isoformat(),
        "note": "Booth at Data Summit",
        "entered_by": "Tom Berg",
        "created_at": None,
    }
    assert list_field_days(team.db) == [day]
    assert tamper_problems(team.db) == []


def test_two_people_of_the_same_department_are_refused(team: Team) -> None:
    err = refused(
        team.db, Invalid, lambda: add_field_day(team.db, team.tom, "Tom Berg", "Nina Roy", TODAY)
    )
    assert "both in Marketing" in str(err)
    # The schema refuses it too.
    with pytest.raises(sqlite3.IntegrityError, match="another department"):
        team.db.execute(
            "INSERT INTO field_days (person_id, with_id, date, entered_by, created_at) "
            "VALUES (?, ?, '2026-11-01', ?, 'now')",
            [team.omar.id, team.sara.id, team.omar.id],
        )


def test_a_day_in_the_future_is_refused(team: Team) -> None:
    err = refused(
        team.db,
        Invalid,
        lambda: add_field_day(
            team.db, team.tom, "Tom Berg", "Omar Haddad", TODAY + timedelta(days=1), now=NOW
        ),
    )
    assert "in the future" in str(err)


def test_the_same_person_twice_or_someone_without_a_department_is_refused(team: Team) -> None:
    refused(
        team.db, Invalid, lambda: add_field_day(team.db, team.tom, "Tom Berg", "Tom Berg", TODAY)
    )
    add_person(team.db, team.admin, "Rui Costa")
    err = refused(
        team.db, Invalid, lambda: add_field_day(team.db, team.tom, "Rui Costa", "Tom Berg", TODAY)
    )
    assert "no department" in str(err)
    refused(
        team.db, NotFound, lambda: add_field_day(team.db, team.tom, "Tom Berg", "Nobody", TODAY)
    )


def test_the_same_day_twice_is_refused(team: Team) -> None:
    add_field_day(team.db, team.tom, "Tom Berg", "Omar Haddad", TODAY, now=NOW)
    err = refused(
        team.db,
        Invalid,
        lambda: add_field_day(team.db, team.tom, "Tom Berg", "Omar Haddad", TODAY, now=NOW),
    )
    assert "already recorded" in str(err)


def test_list_since_and_per_person(team: Team) -> None:
    early = TODAY - timedelta(days=40)
    add_field_day(team.db, team.tom, "Tom Berg", "Omar Haddad", early, now=NOW)
    recent = add_field_day(team.db, team.nina, "Nina Roy", "Sara Ito", TODAY, now=NOW)
    assert [d.date for d in list_field_days(team.db)] == [early.isoformat(), TODAY.isoformat()]
    assert list_field_days(team.db, since=TODAY - timedelta(days=7)) == [recent]
    assert [d.id for d in list_field_days(team.db, person="Omar Haddad")] == [1]
    marketing = field_days_per_person(team.db, since=date(TODAY.year, 1, 1), department="Marketing")
    counts = dict((name, n) for name, _dept, n in marketing)
    assert counts == {"Lena Park": 0, "Nina Roy": 1, "Tom Berg": int(early.year == TODAY.year)}
    # Fewest first: who has none shows at the top.
    assert marketing[0] == ("Lena Park", "Marketing", 0)


@pytest.mark.parametrize("named", [0, 1, 2, 50])
def test_the_cover_says_what_the_per_person_list_says(team: Team, named: int) -> None:
    """Home's figures (no row per person) agree with the list of every person."""
    early = TODAY - timedelta(days=40)
    add_field_day(team.db, team.tom, "Tom Berg", "Omar Haddad", early, now=NOW)
    add_field_day(team.db, team.nina, "Nina Roy", "Sara Ito", TODAY, now=NOW)
    for since in (early, TODAY - timedelta(days=7), TODAY + timedelta(days=1)):
        every = field_days_per_person(team.db, since=since)
        cover = field_days_cover(team.db, since=since, named=named)
        assert cover.people == len(every)
        assert cover.with_one == sum(1 for _name, _dept, n in every if n)
        assert cover.without == [name for name, _dept, n in every if not n][:named]
        assert cover.without_count == sum(1 for _name, _dept, n in every if not n)
