"""`check`: damage and broken invariants are found; what is overlooked is surfaced (rule 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlite_utils import Database

from db import check, decisions, meetings, people, taskforces, tasks
from tests.conftest import Team

TODAY = date(2026, 11, 10)


def test_a_sound_database_has_no_problems(team: Team) -> None:
    tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    t = tasks.add_task(team.db, team.lena, "Book the booth", "Tom Berg")
    tasks.reassign_task(team.db, team.lena, t.id, "Nina Roy")
    taskforces.create_task_force(
        team.db, team.admin, "Rescue", problem="x", lead="Omar Haddad", members=["Tom Berg"]
    )
    assert check.damage(team.db) == []
    assert check.check(team.db, today=TODAY).problems == []


def _unsafe(db: Database, sql: str, params: list[object]) -> None:
    """Damage the database behind the rules' back, as a bad tool or a bug might."""
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute(sql, params)
    db.execute("PRAGMA foreign_keys = ON")


def _owner_changed_without_history(team: Team) -> None:
    t = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    team.db.execute("UPDATE tasks SET owner_id = ? WHERE id = ?", [team.sara.id, t.id])


def _task_without_history(team: Team) -> None:
    t = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    team.db.execute("DELETE FROM task_history WHERE task_id = ?", [t.id])


def _dangling_owner(team: Team) -> None:
    t = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    _unsafe(team.db, "UPDATE tasks SET owner_id = 999 WHERE id = ?", [t.id])


def _single_department_task_force(team: Team) -> None:
    tf = taskforces.create_task_force(
        team.db, team.admin, "Rescue", problem="x", lead="Omar Haddad", members=["Tom Berg"]
    )
    team.db.execute(
        "DELETE FROM task_force_members WHERE task_force_id = ? AND person_id = ?",
        [tf.id, team.tom.id],
    )


def _head_outside_department(team: Team) -> None:
    team.db.execute(
        "UPDATE people SET department_id = ? WHERE id = ?", [team.lena.department_id, team.maya.id]
    )


DAMAGE: dict[str, tuple[Callable[[Team], None], str]] = {
    "owner-changed-without-history": (_owner_changed_without_history, "history ends with"),
    "task-without-history": (_task_without_history, "no assignment in its history"),
    "dangling-owner": (_dangling_owner, "missing people row"),
    "single-department-task-force": (
        _single_department_task_force,
        "no longer spans two departments",
    ),
    "head-outside-department": (
        _head_outside_department,
        "Maya Chen, head of Sales, is not in Sales",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE), ids=list(DAMAGE))
def test_damage_is_found(team: Team, case: str) -> None:
    make, words = DAMAGE[case]
    make(team)
    problems = check.damage(team.db)
    assert any(words in p for p in problems), problems


def test_overdue_tasks_are_surfaced(team: Team) -> None:
    db = team.db
    late = tasks.add_task(
        db, team.admin, "Renew the contract", "Omar Haddad", due=date(2026, 11, 1)
    )
    tasks.add_task(
        db, team.admin, "Book the booth", "Tom Berg", due=date(2026, 11, 10)
    )  # due today
    tasks.add_task(db, team.admin, "Write the newsletter", "Nina Roy")  # no due date
    done = tasks.add_task(db, team.admin, "Clean the CRM", "Sara Ito", due=date(2026, 10, 1))
    tasks.complete_task(db, team.admin, done.id)
    assert [t.id for t in check.overlooked(db, today=TODAY).overdue_tasks] == [late.id]


def test_items_without_outcome_and_decisions_without_follow_up(team: Team) -> None:
    db = team.db
    m = meetings.create_meeting(db, team.tom, "Joint review")
    meetings.mark_attendance(db, team.tom, m.id, ["Nina Roy", "Omar Haddad"])
    decided = meetings.add_item(db, team.tom, m.id, "Lead scoring")
    acted = meetings.add_item(db, team.tom, m.id, "Booth staffing")
    marked = meetings.add_item(db, team.tom, m.id, "Welcome")
    forgotten = meetings.add_item(db, team.tom, m.id, "Pricing page")
    followed = decisions.record_decision(
        db, team.tom, "MQL = 50 points", meeting_id=m.id, item_position=1
    )
    tasks.add_task(
        db, team.tom, "Update the scoring", "Nina Roy", meeting_id=m.id, decision_id=followed.id
    )
    loose = decisions.record_decision(db, team.tom, "Webinars monthly", meeting_id=m.id)
    tasks.add_task(
        db, team.tom, "Staff the booth", "Omar Haddad", meeting_id=m.id, agenda_item_id=acted.id
    )
    meetings.end_item(db, team.tom, marked.id, done=True)
    meetings.close_meeting(db, team.tom, m.id)
    found = check.overlooked(db, today=TODAY)
    assert [i.id for i in found.items_without_outcome] == [forgotten.id]
    assert [d.id for d in found.decisions_without_follow_up] == [loose.id]
    assert decided.id not in [i.id for i in found.items_without_outcome]

    # Carried over to the next meeting, the item is no longer overlooked; superseded, the
    # decision needs no follow-up of its own.
    nxt = meetings.create_meeting(db, team.tom, "Joint review", after=m.id)
    decisions.record_decision(
        db, team.tom, "Webinars quarterly", meeting_id=nxt.id, supersedes=loose.id
    )
    again = check.overlooked(db, today=TODAY)
    assert again.items_without_outcome == []
    assert [d.text for d in again.decisions_without_follow_up] == ["Webinars quarterly"]


def test_open_meetings_items_are_not_yet_overlooked(team: Team) -> None:
    m = meetings.create_meeting(team.db, team.tom, "Joint review")
    meetings.add_item(team.db, team.tom, m.id, "Pricing page")
    assert check.overlooked(team.db, today=TODAY).items_without_outcome == []


def test_check_combines_problems_and_overlooked(team: Team) -> None:
    tasks.add_task(team.db, team.admin, "Renew the contract", "Omar Haddad", due=date(2026, 11, 1))
    people.add_department(team.db, team.admin, "Support")
    report = check.check(team.db, today=TODAY)
    assert len(report.overdue_tasks) == 1
    assert report.problems == []
