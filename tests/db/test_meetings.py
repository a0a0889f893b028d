"""Meetings: agenda, attendance, the live run; closed meetings frozen except for amendments."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from sqlite_utils import Database

from db import ClosedMeeting, Conflict, Invalid, NotFound, decisions, meetings, taskforces, tasks
from db.models import Meeting
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def meeting(team: Team) -> Meeting:
    m = meetings.create_meeting(
        team.db, team.tom, "Joint pipeline review", at=T0, minutes=45, now=T0
    )
    meetings.add_item(team.db, team.tom, m.id, "Lead handover", presenter="Omar Haddad", minutes=10)
    meetings.add_item(
        team.db, team.tom, m.id, "Campaign calendar", presenter="Nina Roy", minutes=15
    )
    meetings.add_item(team.db, team.tom, m.id, "Pricing page", minutes=5)
    return meetings.get_meeting(team.db, m.id)


# --- creating and the agenda --------------------------------------------------------------


def test_create_meeting(team: Team, meeting: Meeting) -> None:
    assert (meeting.title, meeting.status, meeting.facilitator, meeting.minutes) == (
        "Joint pipeline review",
        "planned",
        "Tom Berg",
        45,
    )
    assert datetime.fromisoformat(meeting.at) == T0
    assert [(i.position, i.title, i.presenter, i.minutes) for i in meeting.agenda] == [
        (1, "Lead handover", "Omar Haddad", 10),
        (2, "Campaign calendar", "Nina Roy", 15),
        (3, "Pricing page", None, 5),
    ]
    # The presenter's department is the item's department unless given.
    assert [i.department for i in meeting.agenda] == ["Sales", "Marketing", None]


@pytest.mark.parametrize("minutes", [0, -5, 24 * 60 + 1])
def test_meeting_length_out_of_range(team: Team, minutes: int) -> None:
    with pytest.raises(Invalid):
        meetings.create_meeting(team.db, team.tom, "Too long or short", minutes=minutes)


def test_unknown_meeting_and_item(team: Team) -> None:
    with pytest.raises(NotFound, match="no meeting 9"):
        meetings.get_meeting(team.db, 9)
    with pytest.raises(NotFound, match="no agenda item 9"):
        meetings.get_item(team.db, 9)


def test_edit_move_delete_items(team: Team, meeting: Meeting) -> None:
    db = team.db
    first, second, third = meeting.agenda
    edited = meetings.edit_item(
        db, team.tom, second.id, title="Campaign calendar Q1", minutes=20, presenter=None
    )
    assert (edited.title, edited.minutes, edited.presenter) == ("Campaign calendar Q1", 20, None)
    meetings.move_item(db, team.tom, third.id, -2)
    assert [i.title for i in meetings.agenda(db, meeting.id)] == [
        "Pricing page",
        "Lead handover",
        "Campaign calendar Q1",
    ]
    meetings.delete_item(db, team.tom, first.id)
    assert [(i.position, i.title) for i in meetings.agenda(db, meeting.id)] == [
        (1, "Pricing page"),
        (2, "Campaign calendar Q1"),
    ]


def test_an_item_with_a_decision_is_part_of_the_record(team: Team, meeting: Meeting) -> None:
    item = meeting.agenda[0]
    decisions.record_decision(
        team.db, team.tom, "Hand over weekly", meeting_id=meeting.id, item_position=1
    )
    before = dump(team.db)
    with pytest.raises(Invalid, match="part of the record"):
        meetings.delete_item(team.db, team.tom, item.id)
    assert dump(team.db) == before


def test_attendance(team: Team, meeting: Meeting) -> None:
    meetings.mark_attendance(team.db, team.tom, meeting.id, ["Omar Haddad", "nina roy"])
    marked = meetings.mark_attendance(team.db, team.tom, meeting.id, ["Omar Haddad"], present=False)
    assert [(a.name, a.department, a.present) for a in marked] == [
        ("Nina Roy", "Marketing", True),
        ("Omar Haddad", "Sales", False),
    ]
    with pytest.raises(Invalid):
        meetings.mark_attendance(team.db, team.tom, meeting.id, [])


def test_notes_keep_newlines_and_tabs_and_lose_control_characters(
    team: Team, meeting: Meeting
) -> None:
    item = meeting.agenda[0]
    saved = meetings.set_notes(
        team.db, team.tom, item.id, "- point one\n\t- sub\x1b[2J\x07\n[b]not markup[/]"
    )
    assert saved.notes == "- point one\n\t- sub[2J\n[b]not markup[/]"


# --- the live run -------------------------------------------------------------------------


def test_live_run_counts_time_per_item(team: Team, meeting: Meeting) -> None:
    db = team.db
    first, second, _third = meeting.agenda
    meetings.start_item(db, team.tom, first.id, now=at(0))
    assert meetings.get_meeting(db, meeting.id).status == "running"
    meetings.step(db, team.tom, meeting.id, 1, now=at(12))  # first ends, second starts
    meetings.step(db, team.tom, meeting.id, -1, now=at(20))  # back to the first
    meetings.end_item(db, team.tom, first.id, done=True, now=at(23))
    items = {i.id: i for i in meetings.agenda(db, meeting.id)}
    assert (items[first.id].status, items[first.id].spent_seconds) == ("done", 15 * 60)
    assert (items[second.id].status, items[second.id].spent_seconds) == ("ended", 8 * 60)


def test_step_past_the_end_ends_the_last_item(team: Team, meeting: Meeting) -> None:
    last = meeting.agenda[-1]
    meetings.start_item(team.db, team.tom, last.id, now=at(0))
    assert meetings.step(team.db, team.tom, meeting.id, 1, now=at(3)) is None
    assert meetings.get_item(team.db, last.id).status == "ended"


def test_closing_ends_the_running_item_and_freezes(team: Team, meeting: Meeting) -> None:
    db = team.db
    meetings.start_item(db, team.tom, meeting.agenda[1].id, now=at(0))
    closed = meetings.close_meeting(db, team.tom, meeting.id, now=at(7))
    assert closed.status == "closed"
    assert closed.closed_at == at(7).isoformat()
    item = meetings.get_item(db, meeting.agenda[1].id)
    assert (item.status, item.spent_seconds) == ("ended", 7 * 60)


# --- closed meetings are frozen: through db/ ... ------------------------------------------


Edit = Callable[[Team, Meeting], object]

FROZEN_EDITS: dict[str, Edit] = {
    "add-item": lambda t, m: meetings.add_item(t.db, t.tom, m.id, "Late item"),
    "edit-item": lambda t, m: meetings.edit_item(t.db, t.tom, m.agenda[0].id, title="Changed"),
    "move-item": lambda t, m: meetings.move_item(t.db, t.tom, m.agenda[0].id, 1),
    "delete-item": lambda t, m: meetings.delete_item(t.db, t.tom, m.agenda[2].id),
    "notes": lambda t, m: meetings.set_notes(t.db, t.tom, m.agenda[0].id, "rewritten"),
    "attendance": lambda t, m: meetings.mark_attendance(t.db, t.tom, m.id, ["Sara Ito"]),
    "start": lambda t, m: meetings.start_meeting(t.db, t.tom, m.id),
    "start-item": lambda t, m: meetings.start_item(t.db, t.tom, m.agenda[0].id),
    "end-item": lambda t, m: meetings.end_item(t.db, t.tom, m.agenda[0].id, done=True),
    "close-again": lambda t, m: meetings.close_meeting(t.db, t.tom, m.id),
    "decision": lambda t, m: decisions.record_decision(
        t.db, t.tom, "Late decision", meeting_id=m.id
    ),
    "task": lambda t, m: tasks.add_task(t.db, t.tom, "Late action", "Tom Berg", meeting_id=m.id),
}


@pytest.mark.parametrize("actor", ["tom", "admin"])
@pytest.mark.parametrize("edit", list(FROZEN_EDITS), ids=list(FROZEN_EDITS))
def test_closed_meeting_refuses_every_edit(
    team: Team, meeting: Meeting, edit: str, actor: str
) -> None:
    meetings.mark_attendance(team.db, team.tom, meeting.id, ["Omar Haddad"])
    meetings.close_meeting(team.db, team.tom, meeting.id)
    if actor == "admin":
        team.tom = team.admin  # the admin can't edit closed minutes either
    before = dump(team.db)
    with pytest.raises(ClosedMeeting) as caught:
        FROZEN_EDITS[edit](team, meeting)
    assert caught.value.exit_code == 1
    assert dump(team.db) == before


# --- ... and in the schema itself ---------------------------------------------------------


def _sql_edits(db: Database, m: Meeting, team: Team) -> dict[str, tuple[str, list[object]]]:
    item = m.agenda[0].id
    return {
        "item-insert": (
            "INSERT INTO agenda_items (meeting_id, position, title) VALUES (?, 99, 'x')",
            [m.id],
        ),
        "item-update": ("UPDATE agenda_items SET notes = 'rewritten' WHERE id = ?", [item]),
        "item-delete": ("DELETE FROM agenda_items WHERE id = ?", [m.agenda[2].id]),
        "attendance-insert": (
            "INSERT INTO attendance (meeting_id, person_id, present) VALUES (?, ?, 1)",
            [m.id, team.sara.id],
        ),
        "attendance-update": ("UPDATE attendance SET present = 0 WHERE meeting_id = ?", [m.id]),
        "attendance-delete": ("DELETE FROM attendance WHERE meeting_id = ?", [m.id]),
        "decision-insert": (
            "INSERT INTO decisions (text, meeting_id, recorded_by, recorded_at) VALUES ('x', ?, ?, 'x')",
            [m.id, team.tom.id],
        ),
        "decision-delete": ("DELETE FROM decisions WHERE meeting_id = ?", [m.id]),
        "meeting-reopen": ("UPDATE meetings SET status = 'running' WHERE id = ?", [m.id]),
        "meeting-retitle": ("UPDATE meetings SET title = 'Other' WHERE id = ?", [m.id]),
        "task-insert": (
            "INSERT INTO tasks (title, title_key, owner_id, assigned_by, created_at, meeting_id) "
            "VALUES ('x', 'x', ?, ?, 'x', ?)",
            [team.tom.id, team.tom.id, m.id],
        ),
    }


SQL_EDITS = [
    "item-insert",
    "item-update",
    "item-delete",
    "attendance-insert",
    "attendance-update",
    "attendance-delete",
    "decision-insert",
    "decision-delete",
    "meeting-reopen",
    "meeting-retitle",
    "task-insert",
]


@pytest.mark.parametrize("edit", SQL_EDITS)
def test_closed_meeting_is_frozen_by_triggers(team: Team, meeting: Meeting, edit: str) -> None:
    db = team.db
    meetings.mark_attendance(db, team.tom, meeting.id, ["Omar Haddad"])
    decisions.record_decision(db, team.tom, "Hand over weekly", meeting_id=meeting.id)
    sql, params = _sql_edits(db, meeting, team)[edit]
    # The same statement goes through while the meeting is open (so the trigger is what stops it).
    db.execute("SAVEPOINT probe")
    if edit != "decision-delete":
        db.execute(sql, params)
    db.execute("ROLLBACK TO probe")
    db.execute("RELEASE probe")
    meetings.close_meeting(db, team.tom, meeting.id)
    before = dump(db)
    with pytest.raises(sqlite3.IntegrityError, match="meeting is closed"):
        db.execute(sql, params)
    assert dump(db) == before


# --- amendments ---------------------------------------------------------------------------


def test_amendments_only_after_closing(team: Team, meeting: Meeting) -> None:
    db = team.db
    with pytest.raises(Invalid, match="still open"):
        meetings.amend(db, team.tom, meeting.id, "Too early")
    with pytest.raises(sqlite3.IntegrityError, match="only a closed meeting"):
        db.execute(
            "INSERT INTO amendments (meeting_id, text, author_id, at) VALUES (?, 'x', ?, 'x')",
            [meeting.id, team.tom.id],
        )
    meetings.close_meeting(db, team.tom, meeting.id)
    first = meetings.amend(db, team.tom, meeting.id, "Nina joined at 9:10", now=T0)
    second = meetings.amend(db, team.admin, meeting.id, "Typo\x1b in item 2\nfixed")
    assert [(a.text, a.author) for a in meetings.amendments(db, meeting.id)] == [
        ("Nina joined at 9:10", "Tom Berg"),
        ("Typo in item 2\nfixed", "Ada Admin"),
    ]
    assert first.at == T0.isoformat()
    assert second.id > first.id


def test_amendment_needs_text(team: Team, meeting: Meeting) -> None:
    meetings.close_meeting(team.db, team.tom, meeting.id)
    with pytest.raises(Invalid, match="empty"):
        meetings.amend(team.db, team.tom, meeting.id, " \x07 ")


# --- a series: the next meeting carries over what was left open ---------------------------


def test_next_meeting_reviews_actions_and_carries_unfinished_items(
    team: Team, meeting: Meeting
) -> None:
    db = team.db
    first, second, third = meeting.agenda
    meetings.start_item(db, team.tom, first.id, now=at(0))
    meetings.end_item(db, team.tom, first.id, done=True, now=at(5))  # has its outcome
    meetings.start_item(db, team.tom, second.id, now=at(5))
    decisions.record_decision(
        db, team.tom, "Calendar is shared", meeting_id=meeting.id, item_position=2
    )
    meetings.close_meeting(db, team.tom, meeting.id, now=at(20))  # third never discussed
    nxt = meetings.create_meeting(
        db, team.tom, "Joint pipeline review", after=meeting.id, now=at(60)
    )
    assert nxt.previous_id == meeting.id
    assert [(i.position, i.is_review, i.carried_from_id) for i in nxt.agenda] == [
        (1, True, None),
        (2, False, third.id),
    ]
    assert f"meeting {meeting.id}" in nxt.agenda[0].title
    assert nxt.agenda[1].title == "Pricing page"


def test_task_force_meeting_series_stays_in_the_task_force(team: Team) -> None:
    db = team.db
    taskforces.create_task_force(
        db, team.admin, "Rescue", problem="Unhappy client", lead="Omar Haddad", members=["Tom Berg"]
    )
    first = meetings.create_meeting(db, team.omar, "Rescue sync", task_force="rescue")
    meetings.close_meeting(db, team.omar, first.id)
    nxt = meetings.create_meeting(db, team.omar, "Rescue sync", after=first.id)
    assert nxt.task_force == "Rescue"


# --- stale edits --------------------------------------------------------------------------


def test_stale_notes_are_a_conflict_naming_who_changed_them(team: Team, meeting: Meeting) -> None:
    db = team.db
    item = meeting.agenda[0]
    meetings.set_notes(db, team.admin, item.id, "Admin's notes", now=at(3))
    before = dump(db)
    with pytest.raises(Conflict, match=r"changed by Ada Admin at 2026-11-02T09:03:00\+00:00"):
        meetings.set_notes(db, team.tom, item.id, "Tom's notes", expected_version=item.version)
    assert dump(db) == before
    assert meetings.get_item(db, item.id).notes == "Admin's notes"


def test_stale_item_edit_is_a_conflict(team: Team, meeting: Meeting) -> None:
    db = team.db
    item = meeting.agenda[0]
    meetings.edit_item(db, team.admin, item.id, minutes=30)
    with pytest.raises(Conflict, match="changed by Ada Admin"):
        meetings.edit_item(db, team.tom, item.id, minutes=5, expected_version=item.version)
    fresh = meetings.get_item(db, item.id)
    assert (
        meetings.edit_item(db, team.tom, item.id, minutes=5, expected_version=fresh.version).minutes
        == 5
    )
