"""db.minutes: the minutes of a meeting as plain data, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlite_utils import Database

from db.decisions import record_decision
from db.errors import NotFound
from db.meetings import add_item, close_meeting, create_meeting, end_item, start_item
from db.minutes import get_minutes
from db.tasks import add_task
from tests.tui.test_export_helpers import EXPORTED, T0, at, berlin_time, build_weekly


@pytest.fixture
def weekly(db: Database, team: object) -> Iterator[int]:
    with berlin_time():
        yield build_weekly(db, team)


def test_header_attendance_and_agenda_in_order(db: Database, weekly: int) -> None:
    minutes = get_minutes(db, weekly, now=EXPORTED)
    m = minutes.meeting
    assert (m.title, m.facilitator, m.status) == (
        "Weekly sync: Q1 pipeline & launch",
        "Maya Chen",
        "closed",
    )
    assert m.at == "2026-11-27T10:00:00+01:00"
    assert not minutes.draft
    assert minutes.company == "Tandem"
    assert [(g.department, g.present, g.absent) for g in minutes.attendance] == [
        ("Marketing", ("Lena Park", "Tom Berg"), ("Nina Roy",)),
        ("Sales", ("Maya Chen", "Omar Haddad", "Sara Ito"), ()),
    ]
    assert [e.item.position for e in minutes.agenda] == [1, 2, 3, 4, 5, 6]
    assert minutes.agenda[0].item.is_review
    # Spent time comes from the item's own record: 6 -> 20 and 20 -> 44 minutes.
    assert [e.spent_seconds for e in minutes.agenda] == [300, 14 * 60, 24 * 60, 11 * 60, 7 * 60, 0]
    assert minutes.exported_at == "2026-11-30T14:00:00+00:00"


def test_decisions_and_action_items_grouped_by_item(db: Database, weekly: int) -> None:
    minutes = get_minutes(db, weekly, now=EXPORTED)
    by_pos = {e.item.position: e for e in minutes.agenda}
    assert [t.title for t in by_pos[2].action_items] == ["Call Acme's new CTO"]
    assert [d.text for d in by_pos[3].decisions] == [
        "Launch Product X on 15 January with a webinar"
    ]
    assert [t.title for t in by_pos[3].action_items] == [
        "Draft the launch webinar outline",
        "Book the webinar platform",
    ]
    assert [t.status for t in by_pos[3].action_items] == ["open", "done"]
    assert by_pos[4].decisions[0].supersedes is not None
    assert not by_pos[5].outcome and not by_pos[5].decisions
    # All decisions of the meeting, including the one tied to no item, in recorded order.
    assert [d.agenda_item for d in minutes.decisions] == [3, 4, None]
    assert [t.owner for t in minutes.action_items] == [
        "Omar Haddad",
        "Tom Berg",
        "Nina Roy",
        "Sara Ito",
    ]
    assert [t.department for t in minutes.action_items] == [
        "Sales",
        "Marketing",
        "Marketing",
        "Sales",
    ]


def test_superseded_decision_of_an_earlier_meeting_is_included(db: Database, weekly: int) -> None:
    minutes = get_minutes(db, weekly, now=EXPORTED)
    newer = minutes.decisions[1]
    assert newer.supersedes in minutes.superseded
    assert minutes.superseded[newer.supersedes].text == "A lead is sales-ready at 50 points"


def test_closed_without_next_meeting_lists_items_to_carry(db: Database, weekly: int) -> None:
    minutes = get_minutes(db, weekly, now=EXPORTED)
    assert [
        (ci.from_position, ci.from_status, ci.to_meeting_id) for ci in minutes.carried_over
    ] == [
        (5, "ended", None),
        (6, "pending", None),
    ]


def test_carried_over_names_the_next_meeting(db: Database, team: object, weekly: int) -> None:
    nxt = create_meeting(
        db, team.admin, "Weekly sync 2", at=T0 + timedelta(days=7), after=weekly, now=EXPORTED
    )  # type: ignore[attr-defined]
    minutes = get_minutes(db, weekly, now=EXPORTED)
    assert [(ci.title, ci.to_meeting_id, ci.to_position) for ci in minutes.carried_over] == [
        ("SLA between the teams", nxt.id, 2),
        ("Ideas from the field", nxt.id, 3),
    ]
    assert minutes.carried_over[0].to_meeting_title == "Weekly sync 2"


def test_next_meeting_that_carried_nothing_means_nothing_to_carry(
    db: Database, team: object
) -> None:
    admin = team.admin  # type: ignore[attr-defined]
    first = create_meeting(db, admin, "First", at=T0, now=T0)
    item = add_item(db, admin, first.id, "Only item", now=T0)
    start_item(db, admin, item.id, now=at(1))
    end_item(db, admin, item.id, done=True, now=at(5))
    close_meeting(db, admin, first.id, now=at(6))
    create_meeting(db, admin, "Second", at=T0 + timedelta(days=7), after=first.id, now=at(7))
    assert get_minutes(db, first.id, now=at(8)).carried_over == ()


def test_open_meeting_is_a_draft_and_counts_the_running_item(db: Database, team: object) -> None:
    admin = team.admin  # type: ignore[attr-defined]
    m = create_meeting(db, admin, "Open one", at=T0, now=T0)
    item = add_item(db, admin, m.id, "Running", now=T0)
    start_item(db, admin, item.id, now=at(0))
    minutes = get_minutes(db, m.id, now=at(7.5))
    assert minutes.draft
    assert minutes.meeting.status == "running"
    assert minutes.agenda[0].spent_seconds == 450
    # Not closed: nothing is announced as carried over, and amendments can't exist yet.
    assert minutes.carried_over == () and minutes.amendments == ()


def test_amendments_are_dated(db: Database, weekly: int) -> None:
    minutes = get_minutes(db, weekly, now=EXPORTED)
    assert [(a.author, a.at) for a in minutes.amendments] == [
        ("Maya Chen", "2026-11-28T09:00:00+00:00")
    ]


def test_unknown_meeting(db: Database) -> None:
    with pytest.raises(NotFound):
        get_minutes(db, 999)


@contextmanager
def count_statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        db.conn.set_trace_callback(None)


def _meeting_of(db: Database, admin: object, items: int) -> int:
    m = create_meeting(db, admin, f"Meeting of {items}", at=T0, now=T0)  # type: ignore[arg-type]
    for n in range(1, items + 1):
        item = add_item(db, admin, m.id, f"Item {n}", presenter="Omar Haddad", now=T0)  # type: ignore[arg-type]
        record_decision(db, admin, f"Decision {n}", meeting_id=m.id, item_position=n, now=T0)  # type: ignore[arg-type]
        add_task(
            db,
            admin,
            f"Follow up {n}",
            "Sara Ito",
            due=date(2026, 12, 1),
            meeting_id=m.id,  # type: ignore[arg-type]
            agenda_item_id=item.id,
            allow_duplicate=True,
            now=T0,
        )
    return m.id


def test_fixed_number_of_queries_however_many_items(db: Database, team: object) -> None:
    admin = team.admin  # type: ignore[attr-defined]
    small, large = _meeting_of(db, admin, 2), _meeting_of(db, admin, 40)
    with count_statements(db) as few:
        get_minutes(db, small, now=T0)
    with count_statements(db) as many:
        minutes = get_minutes(db, large, now=T0)
    assert len(minutes.agenda) == 40 and len(minutes.action_items) == 40
    assert all(len(e.decisions) == 1 and len(e.action_items) == 1 for e in minutes.agenda)
    assert len(many) == len(few), "a query per item (N+1) crept in"
    # One read snapshot: all the queries sit inside one transaction.
    assert many[0] == "BEGIN" and many[-1] == "COMMIT"
