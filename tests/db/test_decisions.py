"""Decisions are records: never edited in place, only superseded; searchable."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from db import Invalid, NotFound, PermissionDenied, decisions, meetings, taskforces
from db.models import Meeting
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def meeting(team: Team) -> Meeting:
    m = meetings.create_meeting(team.db, team.tom, "Joint review")
    meetings.add_item(team.db, team.tom, m.id, "Lead scoring")
    return meetings.get_meeting(team.db, m.id)


@pytest.fixture
def task_force(team: Team) -> int:
    tf = taskforces.create_task_force(
        team.db,
        team.maya,
        "Rescue",
        problem="Unhappy client",
        lead="Omar Haddad",
        members=["Tom Berg"],
    )
    return tf.id


def test_record_a_decision_with_everything(team: Team, meeting: Meeting) -> None:
    d = decisions.record_decision(
        team.db,
        team.tom,
        "MQL means 50 points",
        meeting_id=meeting.id,
        item_position=1,
        rationale="Sales accepted 80% of these",
        now=T0,
    )
    assert d.to_json() == {
        "id": d.id,
        "text": "MQL means 50 points",
        "rationale": "Sales accepted 80% of these",
        "meeting_id": meeting.id,
        "agenda_item": 1,
        "task_force": None,
        "recorded_by": "Tom Berg",
        "recorded_at": "2026-11-02T09:00:00+00:00",
        "supersedes": None,
        "superseded_by": None,
        "delegated_by": "Ada Admin",  # Tom's act, under the admin's login
        # Rule 9: a plain decision is in force when recorded and binds nobody.
        "status": "in-force",
        "two_key": False,
        "in_force_at": "2026-11-02T09:00:00+00:00",
        "binds": [],
        "approvals": [],
        "objections": [],
        "waiting_for": [],
        "history": [],
    }


def test_a_decision_comes_from_a_meeting_or_a_task_force(team: Team) -> None:
    with pytest.raises(Invalid, match="meeting or a task force"):
        decisions.record_decision(team.db, team.admin, "Orphan decision")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        team.db.execute(
            "INSERT INTO decisions (text, recorded_by, recorded_at) VALUES ('x', ?, 'x')",
            [team.admin.id],
        )


def test_unknown_item_and_decision(team: Team, meeting: Meeting) -> None:
    with pytest.raises(NotFound, match="no agenda item 7"):
        decisions.record_decision(team.db, team.tom, "x", meeting_id=meeting.id, item_position=7)
    with pytest.raises(NotFound, match="no decision 99"):
        decisions.get_decision(team.db, 99)
    with pytest.raises(NotFound, match="no decision 99"):
        decisions.record_decision(team.db, team.tom, "x", meeting_id=meeting.id, supersedes=99)


def test_decisions_cannot_be_updated_even_in_sql(team: Team, meeting: Meeting) -> None:
    d = decisions.record_decision(team.db, team.tom, "MQL means 50 points", meeting_id=meeting.id)
    before = dump(team.db)
    for sql in (
        "UPDATE decisions SET text = 'MQL means 40 points' WHERE id = ?",
        "UPDATE decisions SET rationale = 'changed' WHERE id = ?",
        "UPDATE decisions SET supersedes_id = NULL WHERE id = ?",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="supersede it"):
            team.db.execute(sql, [d.id])
    assert dump(team.db) == before


def test_superseding_keeps_both_and_links_them(team: Team, meeting: Meeting) -> None:
    db = team.db
    first = decisions.record_decision(db, team.tom, "MQL means 50 points", meeting_id=meeting.id)
    second = decisions.record_decision(
        db, team.tom, "MQL means 40 points", meeting_id=meeting.id, supersedes=first.id
    )
    third = decisions.record_decision(
        db, team.tom, "MQL means 45 points", meeting_id=meeting.id, supersedes=second.id
    )
    assert decisions.get_decision(db, first.id).text == "MQL means 50 points"
    assert decisions.get_decision(db, first.id).superseded_by == second.id
    assert second.supersedes == first.id
    assert [d.id for d in decisions.chain(db, second.id)] == [first.id, second.id, third.id]


def test_a_superseded_decision_cannot_be_superseded_again(team: Team, meeting: Meeting) -> None:
    db = team.db
    first = decisions.record_decision(db, team.tom, "A", meeting_id=meeting.id)
    second = decisions.record_decision(
        db, team.tom, "B", meeting_id=meeting.id, supersedes=first.id
    )
    before = dump(db)
    with pytest.raises(Invalid, match=f"already superseded by decision {second.id}"):
        decisions.record_decision(db, team.tom, "C", meeting_id=meeting.id, supersedes=first.id)
    assert dump(db) == before


def test_a_later_meeting_supersedes_a_closed_meetings_decision(
    team: Team, meeting: Meeting
) -> None:
    db = team.db
    old = decisions.record_decision(db, team.tom, "Webinars monthly", meeting_id=meeting.id)
    meetings.close_meeting(db, team.tom, meeting.id)
    later = meetings.create_meeting(db, team.tom, "Next review")
    new = decisions.record_decision(
        db, team.tom, "Webinars quarterly", meeting_id=later.id, supersedes=old.id
    )
    assert decisions.get_decision(db, old.id).superseded_by == new.id


def test_task_force_decisions(team: Team, task_force: int) -> None:
    db = team.db
    by_lead = decisions.record_decision(
        db, team.omar, "Weekly call with the client", task_force="Rescue"
    )
    by_admin = decisions.record_decision(db, team.admin, "Discount 5%", task_force=task_force)
    assert (by_lead.task_force, by_lead.meeting_id) == ("Rescue", None)
    assert [d.id for d in decisions.list_decisions(db, task_force_id=task_force)] == [
        by_lead.id,
        by_admin.id,
    ]
    before = dump(db)
    for stranger in (team.tom, team.maya, team.sara):  # a member, its creator, a stranger
        with pytest.raises(PermissionDenied, match=r"lead of task force Rescue \(Omar Haddad\)"):
            decisions.record_decision(db, stranger, "Not theirs", task_force="Rescue")
    assert dump(db) == before


def test_task_force_meeting_decisions_belong_to_the_task_force(team: Team, task_force: int) -> None:
    m = meetings.create_meeting(team.db, team.tom, "Rescue sync", task_force=task_force)
    d = decisions.record_decision(team.db, team.omar, "Escalate to the CEO", meeting_id=m.id)
    assert (d.meeting_id, d.task_force) == (m.id, "Rescue")


def test_an_item_needs_its_meeting(team: Team, task_force: int) -> None:
    with pytest.raises(Invalid, match="name the meeting"):
        decisions.record_decision(team.db, team.omar, "x", task_force="Rescue", item_position=1)


def test_text_is_cleaned_and_kept(team: Team, meeting: Meeting) -> None:
    d = decisions.record_decision(
        team.db,
        team.tom,
        "Use <b>bold</b> [red]claims[/]\x1b[0m\nsecond line",
        meeting_id=meeting.id,
    )
    assert d.text == "Use <b>bold</b> [red]claims[/][0m\nsecond line"
    with pytest.raises(Invalid, match="empty"):
        decisions.record_decision(team.db, team.tom, "\x00\x1b", meeting_id=meeting.id)


def test_search_is_full_text_over_text_and_rationale(team: Team, meeting: Meeting) -> None:
    db = team.db
    a = decisions.record_decision(
        db, team.tom, "Pricing page redesign", meeting_id=meeting.id, now=T0
    )
    b = decisions.record_decision(
        db,
        team.tom,
        "Webinars monthly",
        rationale="Pricing questions come up",
        meeting_id=meeting.id,
        now=T0,
    )
    decisions.record_decision(db, team.tom, "Lead scoring v2", meeting_id=meeting.id, now=T0)
    assert [d.id for d in decisions.list_decisions(db, search="pricing")] == [a.id, b.id]
    assert [d.id for d in decisions.list_decisions(db, search="web")] == [b.id]  # prefixes
    assert decisions.list_decisions(db, search='"); DROP TABLE decisions; --') == []
    assert decisions.list_decisions(db, search="***") == []
    assert len(decisions.list_decisions(db, meeting_id=meeting.id)) == 3
