"""Ideas with credit (rule 10): who may decide, what each status allows, credit counted.

Every refusal leaves the database exactly as it was (``dump``), and the rules
that live in the schema (author fixed, declined reason kept, ideas never deleted)
hold against a direct write too.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from sqlite_utils import Database

from db import ClosedMeeting, Invalid, NotFound, PermissionDenied, meetings, tasks
from db.backlog import list_backlog
from db.ideas import (
    Idea,
    accept_idea,
    add_idea,
    credits,
    credits_by_department,
    decline_idea,
    done_idea,
    get_idea,
    list_ideas,
    plan_idea,
)
from db.models import Meeting
from db.tamper import tamper_problems
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def refused(db: Database, error: type[Exception], action: Callable[[], object]) -> Exception:
    """``action`` raises ``error`` and changes nothing."""
    before = dump(db)
    with pytest.raises(error) as caught:
        action()
    assert dump(db) == before
    return caught.value


@pytest.fixture
def meeting(team: Team) -> Meeting:
    """A joint meeting facilitated by Tom (Marketing, not a head)."""
    return meetings.create_meeting(team.db, team.tom, "Joint weekly", at=T0, now=T0)


@pytest.fixture
def idea(team: Team) -> Idea:
    """A new idea of Omar's (Sales)."""
    return add_idea(team.db, team.omar, "An ROI calculator for manufacturing prospects")


def accepted(team: Team, idea: Idea) -> Idea:
    return accept_idea(team.db, team.maya, idea.id)


# --- adding -------------------------------------------------------------------------------


def test_anyone_adds_an_idea_as_its_author(team: Team, idea: Idea) -> None:
    assert (idea.author, idea.author_department, idea.entered_by, idea.status) == (
        "Omar Haddad",
        "Sales",
        "Omar Haddad",
        "new",
    )
    assert idea.credit == "Omar Haddad, Sales"
    assert idea.to_json()["reason"] is None


def test_by_credits_someone_else_and_records_who_entered_it(team: Team) -> None:
    added = add_idea(team.db, team.tom, "Bundle the security FAQ with proposals", by="Sara Ito")
    assert (added.author, added.entered_by) == ("Sara Ito", "Tom Berg")


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_idea_is_refused(team: Team, text: str) -> None:
    refused(team.db, Invalid, lambda: add_idea(team.db, team.omar, text))


def test_by_an_unknown_person_is_refused(team: Team) -> None:
    refused(team.db, NotFound, lambda: add_idea(team.db, team.omar, "Idea", by="Nobody Here"))


def test_adding_is_audited(team: Team, idea: Idea) -> None:
    action, subject = team.db.execute(
        "SELECT action, subject FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert (action, subject) == ("idea.add", f"idea {idea.id}")
    assert tamper_problems(team.db) == []


# --- the author never changes; ideas are records ------------------------------------------


def test_the_author_never_changes_even_written_directly(team: Team, idea: Idea) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="author never changes"):
        team.db.execute("UPDATE ideas SET author_id = ? WHERE id = ?", [team.tom.id, idea.id])
    with pytest.raises(sqlite3.IntegrityError, match="author never changes"):
        team.db.execute("UPDATE ideas SET entered_by = ? WHERE id = ?", [team.tom.id, idea.id])
    assert get_idea(team.db, idea.id).author == "Omar Haddad"


def test_ideas_are_never_deleted(team: Team, idea: Idea) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="ideas are records"):
        team.db.execute("DELETE FROM ideas WHERE id = ?", [idea.id])


# --- accepting and declining --------------------------------------------------------------


@pytest.mark.parametrize("who", ["maya", "lena", "admin"])
def test_a_head_of_either_department_or_the_admin_accepts(team: Team, idea: Idea, who: str) -> None:
    decided = accept_idea(team.db, getattr(team, who), idea.id)
    assert decided.status == "accepted"
    assert decided.decided_by == getattr(team, who).name
    # It waits in the backlog, presented by its author.
    [entry] = list_backlog(team.db)
    assert (entry.idea_id, entry.presenter, entry.department, entry.parked_from) == (
        idea.id,
        "Omar Haddad",
        "Sales",
        None,
    )


@pytest.mark.parametrize("who", ["omar", "tom"])
def test_others_may_not_accept_or_decline(team: Team, idea: Idea, who: str) -> None:
    actor = getattr(team, who)
    denied = refused(team.db, PermissionDenied, lambda: accept_idea(team.db, actor, idea.id))
    assert isinstance(denied, PermissionDenied) and denied.rule == "decide-idea"
    assert "a department head or the admin" in str(denied)
    refused(team.db, PermissionDenied, lambda: decline_idea(team.db, actor, idea.id, "No"))


def test_an_unknown_idea_is_not_found(team: Team) -> None:
    err = refused(team.db, NotFound, lambda: accept_idea(team.db, team.maya, 99))
    assert str(err) == "no idea 99"


def test_accepting_twice_is_refused(team: Team, idea: Idea) -> None:
    accepted(team, idea)
    refused(team.db, Invalid, lambda: accept_idea(team.db, team.lena, idea.id))


@pytest.mark.parametrize("reason", ["", "   "])
def test_declining_needs_a_reason(team: Team, idea: Idea, reason: str) -> None:
    refused(team.db, Invalid, lambda: decline_idea(team.db, team.maya, idea.id, reason))
    assert get_idea(team.db, idea.id).status == "new"


def test_a_declined_idea_keeps_its_reason(team: Team, idea: Idea) -> None:
    declined = decline_idea(team.db, team.maya, idea.id, "Margins can't take it")
    assert (declined.status, declined.reason) == ("declined", "Margins can't take it")
    # Nothing more happens to it, through Tandem or around it.
    err = refused(team.db, Invalid, lambda: accept_idea(team.db, team.maya, idea.id))
    assert "declined (Margins can't take it)" in str(err)
    with pytest.raises(sqlite3.IntegrityError, match="keeps its reason"):
        team.db.execute("UPDATE ideas SET reason = 'x' WHERE id = ?", [idea.id])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        team.db.execute(
            "INSERT INTO ideas (text, author_id, entered_by, status, decided_at, created_at) "
            "VALUES ('x', ?, ?, 'declined', 'now', 'now')",
            [team.omar.id, team.omar.id],
        )


# --- planning -----------------------------------------------------------------------------


def test_plan_puts_it_on_the_agenda_presented_by_its_author(
    team: Team, idea: Idea, meeting: Meeting
) -> None:
    accepted(team, idea)
    planned = plan_idea(team.db, team.maya, idea.id, meeting.id)
    [item] = meetings.agenda(team.db, meeting.id)
    assert (item.title, item.presenter, item.department, item.minutes) == (
        "An ROI calculator for manufacturing prospects",
        "Omar Haddad",
        "Sales",
        10,
    )
    assert (planned.status, planned.meeting_id, planned.agenda_item) == ("planned", meeting.id, 1)
    assert list_backlog(team.db) == []  # planned: it left the backlog


def test_a_long_idea_is_titled_by_its_first_line(team: Team, meeting: Meeting) -> None:
    long = add_idea(team.db, team.omar, "Short first line\n\n" + "detail " * 100)
    accept_idea(team.db, team.maya, long.id)
    plan_idea(team.db, team.tom, long.id, meeting.id, minutes=5)
    [item] = meetings.agenda(team.db, meeting.id)
    assert (item.title, item.minutes) == ("Short first line", 5)


def test_the_facilitator_may_plan_onto_their_meeting(
    team: Team, idea: Idea, meeting: Meeting
) -> None:
    accepted(team, idea)
    assert plan_idea(team.db, team.tom, idea.id, meeting.id).status == "planned"


def test_a_member_who_does_not_facilitate_may_not_plan(
    team: Team, idea: Idea, meeting: Meeting
) -> None:
    accepted(team, idea)
    err = refused(
        team.db, PermissionDenied, lambda: plan_idea(team.db, team.nina, idea.id, meeting.id)
    )
    assert isinstance(err, PermissionDenied) and err.rule == "plan-idea"
    assert "Tom Berg" in str(err)


def test_planning_onto_a_closed_meeting_is_refused(
    team: Team, idea: Idea, meeting: Meeting
) -> None:
    accepted(team, idea)
    meetings.close_meeting(team.db, team.tom, meeting.id)
    err = refused(
        team.db, ClosedMeeting, lambda: plan_idea(team.db, team.maya, idea.id, meeting.id)
    )
    assert err.exit_code == 1  # type: ignore[attr-defined]
    assert f"meeting {meeting.id} is closed" in str(err)


def test_only_an_accepted_idea_is_planned(team: Team, idea: Idea, meeting: Meeting) -> None:
    err = refused(team.db, Invalid, lambda: plan_idea(team.db, team.maya, idea.id, meeting.id))
    assert "accepts it before" in str(err)
    accepted(team, idea)
    plan_idea(team.db, team.maya, idea.id, meeting.id)
    err = refused(team.db, Invalid, lambda: plan_idea(team.db, team.maya, idea.id, meeting.id))
    assert f"meeting {meeting.id}, item 1" in str(err)


def test_planning_onto_an_unknown_meeting_is_not_found(team: Team, idea: Idea) -> None:
    accepted(team, idea)
    refused(team.db, NotFound, lambda: plan_idea(team.db, team.maya, idea.id, 999))


# --- done, and credit ---------------------------------------------------------------------


def test_done_from_the_backlog_credits_the_author(team: Team, idea: Idea) -> None:
    accepted(team, idea)
    task = tasks.add_task(team.db, team.maya, "Build the ROI calculator", "Omar Haddad")
    done = done_idea(team.db, team.lena, idea.id, task_id=task.id)
    assert (done.status, done.task_id) == ("done", task.id)
    assert done.done_at is not None
    assert list_backlog(team.db) == []  # implemented: nothing left to plan
    assert [c.to_json() for c in credits(team.db)] == [
        {"name": "Omar Haddad", "department": "Sales", "submitted": 1, "accepted": 1, "done": 1}
    ]


def test_done_after_planning(team: Team, idea: Idea, meeting: Meeting) -> None:
    accepted(team, idea)
    plan_idea(team.db, team.maya, idea.id, meeting.id)
    done = done_idea(team.db, team.maya, idea.id)
    assert (done.status, done.meeting_id, done.task_id) == ("done", meeting.id, None)


def test_done_is_refused_for_a_new_idea_an_unknown_task_and_a_member(
    team: Team, idea: Idea
) -> None:
    refused(team.db, Invalid, lambda: done_idea(team.db, team.maya, idea.id))
    accepted(team, idea)
    refused(team.db, NotFound, lambda: done_idea(team.db, team.maya, idea.id, task_id=999))
    refused(team.db, PermissionDenied, lambda: done_idea(team.db, team.omar, idea.id))
    done_idea(team.db, team.maya, idea.id)
    refused(team.db, Invalid, lambda: done_idea(team.db, team.maya, idea.id))


def test_credit_is_counted_from_the_records(team: Team, meeting: Meeting) -> None:
    """Accepted counts every idea ever accepted, including those since planned or done."""
    db, maya = team.db, team.maya
    ideas = [add_idea(db, team.omar, f"Omar's idea {n}") for n in range(4)]
    ideas += [add_idea(db, team.tom, "Tom's idea"), add_idea(db, team.omar, "x", by="Nina Roy")]
    for i in ideas[:3]:
        accept_idea(db, maya, i.id)
    plan_idea(db, maya, ideas[1].id, meeting.id)
    done_idea(db, maya, ideas[2].id)
    decline_idea(db, maya, ideas[3].id, "Not now")
    accept_idea(db, maya, ideas[4].id)
    done_idea(db, maya, ideas[4].id)
    assert [c.to_json() for c in credits(db)] == [
        {"name": "Omar Haddad", "department": "Sales", "submitted": 4, "accepted": 3, "done": 1},
        {"name": "Tom Berg", "department": "Marketing", "submitted": 1, "accepted": 1, "done": 1},
        {"name": "Nina Roy", "department": "Marketing", "submitted": 1, "accepted": 0, "done": 0},
    ]
    assert [(c.name, c.submitted, c.accepted, c.done) for c in credits_by_department(db)] == [
        ("Marketing", 2, 1, 1),
        ("Sales", 4, 3, 1),
    ]


def test_list_by_status(team: Team, idea: Idea) -> None:
    other = add_idea(team.db, team.tom, "Tom's idea")
    accepted(team, idea)
    assert [i.id for i in list_ideas(team.db)] == [idea.id, other.id]
    assert [i.id for i in list_ideas(team.db, status="accepted")] == [idea.id]
    assert [i.id for i in list_ideas(team.db, status="new")] == [other.id]
    with pytest.raises(Invalid):
        list_ideas(team.db, status="maybe")


def test_every_step_is_audited_and_the_record_checks_clean(
    team: Team, idea: Idea, meeting: Meeting
) -> None:
    accepted(team, idea)
    plan_idea(team.db, team.maya, idea.id, meeting.id, now=T0 + timedelta(minutes=1))
    done_idea(team.db, team.maya, idea.id)
    actions = [
        r[0]
        for r in team.db.execute(
            "SELECT action FROM audit_log WHERE action LIKE 'idea.%' ORDER BY id"
        )
    ]
    assert actions == ["idea.add", "idea.accept", "idea.plan", "idea.done"]
    assert tamper_problems(team.db) == []
