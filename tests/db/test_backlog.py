"""The agenda backlog: parking an item keeps it in the record as parked; entries are taken back.

A parked item has its outcome (it is not carried over, nor overlooked), a closed
meeting parks nothing (also in the schema), and taking an accepted idea from the
backlog plans it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from db import ClosedMeeting, Invalid, NotFound, PermissionDenied, meetings
from db.backlog import add_from_backlog, get_entry, list_backlog, park_item, parked_in
from db.check import overlooked
from db.ideas import accept_idea, add_idea, get_idea
from db.minutes import get_minutes, minutes_document
from db.models import Meeting
from db.tamper import tamper_problems
from tests.conftest import Team
from tests.db.test_ideas import refused

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def meeting(team: Team) -> Meeting:
    """Tom's meeting: 1 Lead handover (Omar), 2 Campaign calendar (Nina), 3 Pricing page."""
    m = meetings.create_meeting(team.db, team.tom, "Joint weekly", at=T0, minutes=45, now=T0)
    meetings.add_item(team.db, team.tom, m.id, "Lead handover", presenter="Omar Haddad")
    meetings.add_item(
        team.db, team.tom, m.id, "Campaign calendar", presenter="Nina Roy", minutes=15
    )
    meetings.add_item(team.db, team.tom, m.id, "Pricing page", minutes=5)
    return meetings.get_meeting(team.db, m.id)


def statuses(team: Team, meeting_id: int) -> list[str]:
    return [i.status for i in meetings.agenda(team.db, meeting_id)]


def test_parking_keeps_the_item_in_the_record_and_fills_the_backlog(
    team: Team, meeting: Meeting
) -> None:
    entry = park_item(team.db, team.tom, meeting.id, 2)
    assert statuses(team, meeting.id) == ["pending", "parked", "pending"]
    assert entry.to_json() | {"created_at": None} == {
        "id": entry.id,
        "title": "Campaign calendar",
        "presenter": "Nina Roy",
        "minutes": 15,
        "parked_from": meeting.id,
        "idea_id": None,
        "department": "Marketing",
        "parked_item": 2,
        "created_at": None,
        "taken_to": None,
        "taken_item": None,
    }
    assert list_backlog(team.db) == [entry]
    assert tamper_problems(team.db) == []


def test_parking_the_running_item_ends_it_and_keeps_its_time(team: Team, meeting: Meeting) -> None:
    first = meeting.agenda[0]
    meetings.start_item(team.db, team.tom, first.id, now=at(0))
    park_item(team.db, team.tom, meeting.id, 1, now=at(4))
    parked = meetings.get_item(team.db, first.id)
    assert (parked.status, parked.spent()) == ("parked", 240)
    # The meeting moves on to the next item, never back to the parked one.
    nxt = meetings.step(team.db, team.tom, meeting.id, 1, now=at(5))
    assert nxt is not None and nxt.position == 2


def test_parking_in_a_closed_meeting_is_refused(team: Team, meeting: Meeting) -> None:
    meetings.close_meeting(team.db, team.tom, meeting.id)
    err = refused(team.db, ClosedMeeting, lambda: park_item(team.db, team.tom, meeting.id, 1))
    assert f"meeting {meeting.id} is closed" in str(err)
    # The schema refuses it too.
    with pytest.raises(sqlite3.IntegrityError, match="meeting is closed"):
        team.db.execute(
            "INSERT INTO backlog (title, parked_item_id, created_by, created_at) "
            "VALUES ('x', ?, ?, 'now')",
            [meeting.agenda[0].id, team.tom.id],
        )


def test_parking_twice_or_a_done_item_is_refused(team: Team, meeting: Meeting) -> None:
    park_item(team.db, team.tom, meeting.id, 1)
    refused(team.db, Invalid, lambda: park_item(team.db, team.tom, meeting.id, 1))
    meetings.end_item(team.db, team.tom, meeting.agenda[1].id, done=True)
    err = refused(team.db, Invalid, lambda: park_item(team.db, team.tom, meeting.id, 2))
    assert "has its outcome" in str(err)
    refused(team.db, NotFound, lambda: park_item(team.db, team.tom, meeting.id, 9))
    refused(team.db, NotFound, lambda: park_item(team.db, team.tom, 999, 1))


@pytest.mark.parametrize("who", ["omar", "maya"])
def test_only_who_edits_the_agenda_parks(team: Team, meeting: Meeting, who: str) -> None:
    err = refused(
        team.db, PermissionDenied, lambda: park_item(team.db, getattr(team, who), meeting.id, 1)
    )
    assert isinstance(err, PermissionDenied) and err.rule == "run-meeting"


def test_a_parked_item_is_not_carried_over_nor_overlooked(team: Team, meeting: Meeting) -> None:
    park_item(team.db, team.tom, meeting.id, 2)
    meetings.close_meeting(team.db, team.tom, meeting.id)
    without_outcome = [i.title for i in overlooked(team.db).items_without_outcome]
    assert without_outcome == ["Lead handover", "Pricing page"]
    after = meetings.create_meeting(team.db, team.tom, "Next weekly", after=meeting.id)
    carried = [i.title for i in after.agenda if not i.is_review]
    assert carried == ["Lead handover", "Pricing page"]


def test_take_a_parked_item_onto_a_later_agenda(team: Team, meeting: Meeting) -> None:
    entry = park_item(team.db, team.tom, meeting.id, 2)
    meetings.close_meeting(team.db, team.tom, meeting.id)
    later = meetings.create_meeting(team.db, team.nina, "Campaign sync")
    item = add_from_backlog(team.db, team.nina, later.id, entry.id)
    assert (item.title, item.presenter, item.department, item.minutes, item.position) == (
        "Campaign calendar",
        "Nina Roy",
        "Marketing",
        15,
        1,
    )
    assert list_backlog(team.db) == []
    taken = get_entry(team.db, entry.id)
    assert (taken.taken_to, taken.taken_item) == (later.id, 1)
    # The closed meeting's record still says parked, and where it went.
    assert statuses(team, meeting.id)[1] == "parked"
    assert [(p.parked_item, p.taken_to) for p in parked_in(team.db, meeting.id)] == [(2, later.id)]
    # Taken once only.
    err = refused(
        team.db, Invalid, lambda: add_from_backlog(team.db, team.nina, later.id, entry.id)
    )
    assert f"already taken onto meeting {later.id}" in str(err)


def test_an_accepted_idea_taken_from_the_backlog_is_planned(team: Team, meeting: Meeting) -> None:
    idea = add_idea(team.db, team.sara, "A security FAQ for proposals")
    accept_idea(team.db, team.lena, idea.id)
    [entry] = list_backlog(team.db)
    assert (entry.idea_id, entry.parked_from) == (idea.id, None)
    item = add_from_backlog(team.db, team.tom, meeting.id, entry.id)
    assert (item.presenter, item.position) == ("Sara Ito", 4)
    planned = get_idea(team.db, idea.id)
    assert (planned.status, planned.meeting_id, planned.agenda_item) == ("planned", meeting.id, 4)


def test_taking_from_the_backlog_refusals(team: Team, meeting: Meeting) -> None:
    entry = park_item(team.db, team.tom, meeting.id, 1)
    refused(team.db, NotFound, lambda: add_from_backlog(team.db, team.tom, meeting.id, 99))
    refused(
        team.db,
        PermissionDenied,
        lambda: add_from_backlog(team.db, team.omar, meeting.id, entry.id),
    )
    closed = meetings.create_meeting(team.db, team.tom, "Closed one")
    meetings.close_meeting(team.db, team.tom, closed.id)
    refused(
        team.db, ClosedMeeting, lambda: add_from_backlog(team.db, team.tom, closed.id, entry.id)
    )


def test_backlog_entries_are_never_deleted(team: Team, meeting: Meeting) -> None:
    entry = park_item(team.db, team.tom, meeting.id, 1)
    with pytest.raises(sqlite3.IntegrityError, match="backlog is a record"):
        team.db.execute("DELETE FROM backlog WHERE id = ?", [entry.id])
    with pytest.raises(sqlite3.IntegrityError, match="keeps where it came from"):
        team.db.execute("UPDATE backlog SET parked_item_id = NULL, idea_id = 1")


def test_the_minutes_list_ideas_presented_and_items_parked(team: Team, meeting: Meeting) -> None:
    idea = add_idea(team.db, team.omar, "An ROI calculator")
    accept_idea(team.db, team.maya, idea.id)
    from db.ideas import plan_idea

    plan_idea(team.db, team.tom, idea.id, meeting.id)
    park_item(team.db, team.tom, meeting.id, 3)
    meetings.close_meeting(team.db, team.tom, meeting.id)
    minutes = get_minutes(team.db, meeting.id)
    assert [(p.position, p.idea.credit) for p in minutes.ideas] == [(4, "Omar Haddad, Sales")]
    assert [(p.parked_item, p.title) for p in minutes.parked] == [(3, "Pricing page")]
    document = minutes_document(minutes)
    assert [i["author"] for i in document["ideas"]] == ["Omar Haddad"]
    assert [p["parked_item"] for p in document["parked"]] == [3]
    assert document["agenda"][2]["status"] == "parked"


def test_a_planned_idea_parked_and_taken_again_follows_its_item(
    team: Team, meeting: Meeting
) -> None:
    from db.ideas import plan_idea

    idea = add_idea(team.db, team.omar, "An ROI calculator")
    accept_idea(team.db, team.maya, idea.id)
    plan_idea(team.db, team.tom, idea.id, meeting.id)
    entry = park_item(team.db, team.tom, meeting.id, 4)
    later = meetings.create_meeting(team.db, team.tom, "Next weekly")
    add_from_backlog(team.db, team.tom, later.id, entry.id)
    moved = get_idea(team.db, idea.id)
    assert (moved.status, moved.meeting_id, moved.agenda_item) == ("planned", later.id, 1)
    assert [p.idea.credit for p in get_minutes(team.db, later.id).ideas] == ["Omar Haddad, Sales"]
    assert get_minutes(team.db, meeting.id).ideas == ()


def test_the_meeting_steps_over_a_parked_item_and_never_runs_it(
    team: Team, meeting: Meeting
) -> None:
    first, second, third = meeting.agenda
    meetings.start_item(team.db, team.tom, first.id, now=at(0))
    park_item(team.db, team.tom, meeting.id, 2, now=at(1))
    nxt = meetings.step(team.db, team.tom, meeting.id, 1, now=at(2))
    assert nxt is not None and nxt.id == third.id
    back = meetings.step(team.db, team.tom, meeting.id, -1, now=at(3))
    assert back is not None and back.id == first.id
    refused(team.db, Invalid, lambda: meetings.start_item(team.db, team.tom, second.id))
    refused(team.db, Invalid, lambda: meetings.end_item(team.db, team.tom, second.id, done=True))
    assert statuses(team, meeting.id)[1] == "parked"


def test_deleting_an_item_from_the_backlog_puts_it_back(team: Team, meeting: Meeting) -> None:
    from db.ideas import plan_idea

    parked = park_item(team.db, team.tom, meeting.id, 1)
    refused(team.db, Invalid, lambda: meetings.delete_item(team.db, team.tom, meeting.agenda[0].id))
    later = meetings.create_meeting(team.db, team.tom, "Next weekly")
    add_from_backlog(team.db, team.tom, later.id, parked.id)
    idea = add_idea(team.db, team.omar, "An ROI calculator")
    accept_idea(team.db, team.maya, idea.id)
    plan_idea(team.db, team.maya, idea.id, later.id)
    for item in meetings.agenda(team.db, later.id):
        meetings.delete_item(team.db, team.tom, item.id)
    assert meetings.agenda(team.db, later.id) == []
    waiting = {(e.parked_from, e.idea_id) for e in list_backlog(team.db)}
    assert waiting == {(meeting.id, None), (None, idea.id)}
    back = get_idea(team.db, idea.id)
    assert (back.status, back.meeting_id, back.agenda_item) == ("accepted", None, None)
    assert tamper_problems(team.db) == []


def test_an_idea_carried_over_is_credited_in_the_next_minutes_too(
    team: Team, meeting: Meeting
) -> None:
    from db.ideas import plan_idea

    idea = add_idea(team.db, team.omar, "An ROI calculator")
    accept_idea(team.db, team.maya, idea.id)
    plan_idea(team.db, team.tom, idea.id, meeting.id)
    meetings.close_meeting(team.db, team.tom, meeting.id)  # not reached: carried over
    after = meetings.create_meeting(team.db, team.tom, "Next weekly", after=meeting.id)
    [presented] = get_minutes(team.db, after.id).ideas
    carried = next(i for i in after.agenda if i.title == "An ROI calculator")
    assert (presented.idea.id, presented.position) == (idea.id, carried.position)
    assert presented.to_json()["item"] == carried.position
    assert [p.position for p in get_minutes(team.db, meeting.id).ideas] == [4]
