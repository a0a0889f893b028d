"""Shared goals: two-key, progress only while in force, on track, every rule and refusal."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlite_utils import Database

from db import meetings
from db.dates import local_today
from db.errors import Invalid, NotFound, PermissionDenied, ProposalRefused
from db.goals import (
    elapsed_share,
    get_goal,
    goals_in_force,
    list_goals,
    on_track,
    progress_since,
    propose_goal,
    record_progress,
    retire_goal,
)
from tests.conftest import Team
from tests.db.test_governance import _logins_exist, as_lena, as_maya, heads, refused_cleanly

__all__ = ["_logins_exist", "heads"]


def _agree(team: Team, decision_id: int) -> None:
    as_maya(team, decision_id)
    as_lena(team, decision_id)


def _goal(team: Team, *, target: float = 100, due: str = "+30d", agree: bool = True) -> int:
    made = propose_goal(
        team.db, team.tom, "Pipeline from joint events", target=target, due=due, owner="Omar Haddad"
    )
    if agree:
        _agree(team, made.decision_id)
    return made.id


def test_a_goal_is_a_two_key_proposal_in_force_when_both_heads_approve(heads: Team) -> None:
    db = heads.db
    made = propose_goal(
        db,
        heads.tom,
        "Revenue from new logos",
        target=500,
        unit="kEUR",
        due="+60d",
        owner="Maya Chen",
    )
    assert made.status == "proposed" and made.on_track is None
    proposal = db.execute("SELECT two_key FROM decisions WHERE id = ?", [made.decision_id])
    assert proposal.fetchone()[0] == 1
    as_maya(heads, made.decision_id)
    assert get_goal(db, made.id).status == "proposed"
    as_lena(heads, made.decision_id)
    goal = get_goal(db, made.id)
    assert goal.status == "in-force" and goal.in_force_since is not None
    assert goal.to_json()["unit"] == "kEUR" and goal.owner == "Maya Chen"


def test_value_progress_and_by_department(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    record_progress(db, heads.omar, goal_id, 30, department="Sales", note="Globex")
    record_progress(db, heads.lena, goal_id, 25, department="Marketing")
    record_progress(db, heads.admin, goal_id, 10)
    done = record_progress(db, heads.maya, goal_id, -5, department="Sales", note="refund")
    assert done.value == 60
    assert done.progress == pytest.approx(0.6)
    assert done.by_department == {"Marketing": 25, "Sales": 25}
    assert done.uncredited == 10
    js = done.to_json()
    assert js["value"] == 60 and js["progress"] == 0.6
    assert js["by_department"] == {"Marketing": 25, "Sales": 25}
    assert {"id", "text", "target", "unit", "due", "owner", "status", "decision_id"} <= set(js)


def test_progress_is_between_zero_and_one(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads, target=10)
    assert record_progress(db, heads.omar, goal_id, 25).progress == 1.0
    assert record_progress(db, heads.omar, goal_id, -40).progress == 0.0


def test_no_progress_against_a_goal_not_in_force(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads, agree=False)
    err = refused_cleanly(db, Invalid, lambda: record_progress(db, heads.omar, goal_id, 5))
    assert "not in force" in str(err)


def test_the_schema_refuses_progress_against_a_goal_not_in_force(heads: Team) -> None:
    """Rule at the bottom: a trigger, whatever writes."""
    db = heads.db
    goal_id = _goal(heads, agree=False)
    with pytest.raises(sqlite3.IntegrityError, match="in force"):
        db.conn.execute(
            "INSERT INTO goal_records (goal_id, amount, recorded_by, at) VALUES (?, 5, ?, 'x')",
            [goal_id, heads.omar.id],
        )


def test_records_are_never_changed_and_goal_terms_fixed(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    record_progress(db, heads.omar, goal_id, 5)
    for sql in (
        "UPDATE goal_records SET amount = 50",
        "DELETE FROM goal_records",
        "UPDATE goals SET target = 1",
        "DELETE FROM goals",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(sql)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"target": 0}, "above zero"),
        ({"target": -5}, "above zero"),
        ({"target": float("nan")}, "number"),
        ({"due": "2020-01-01"}, "past"),
        ({"due": "someday"}, "invalid date"),
        ({"owner": "Nobody Here"}, "Nobody Here"),
        ({"text": "  "}, "text"),
    ],
)
def test_bad_goal_input_is_refused_and_changes_nothing(
    heads: Team, kwargs: dict[str, object], words: str
) -> None:
    db = heads.db
    args: dict[str, object] = {"text": "Leads", "target": 10, "due": "+3d", "owner": "Tom Berg"}
    args.update(kwargs)
    text = args.pop("text")
    err = refused_cleanly(
        db,
        (Invalid, NotFound),  # type: ignore[arg-type]
        lambda: propose_goal(db, heads.tom, text, **args),  # type: ignore[arg-type]
    )
    assert words in str(err)


def test_a_goal_due_today_is_accepted(heads: Team) -> None:
    made = propose_goal(heads.db, heads.tom, "Today", target=1, due="today", owner="Tom Berg")
    assert made.due == local_today().isoformat()


def test_bad_records_are_refused_and_change_nothing(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    refused_cleanly(db, Invalid, lambda: record_progress(db, heads.omar, goal_id, 0))
    refused_cleanly(db, Invalid, lambda: record_progress(db, heads.omar, goal_id, float("inf")))
    refused_cleanly(
        db, NotFound, lambda: record_progress(db, heads.omar, goal_id, 3, department="Legal")
    )
    refused_cleanly(db, NotFound, lambda: record_progress(db, heads.omar, 999, 3))


def test_who_records_progress(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)  # owner: Omar (Sales)
    for stranger in (heads.sara, heads.tom):
        err = refused_cleanly(
            db, PermissionDenied, lambda p=stranger: record_progress(db, p, goal_id, 1)
        )
        assert err.rule == "record-goal"  # type: ignore[attr-defined]
    for allowed in (heads.omar, heads.maya, heads.lena, heads.admin):
        record_progress(db, allowed, goal_id, 1)
    assert get_goal(db, goal_id).value == 4


def test_retire_is_two_key(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    record_progress(db, heads.omar, goal_id, 10)
    proposal = retire_goal(db, heads.nina, goal_id)
    assert proposal.two_key and get_goal(db, goal_id).status == "in-force"
    refused_cleanly(db, ProposalRefused, lambda: retire_goal(db, heads.nina, goal_id))
    _agree(heads, proposal.id)
    goal = get_goal(db, goal_id)
    assert goal.status == "retired" and goal.value == 10 and goal.on_track is None
    assert list_goals(db, in_force_only=True) == []
    refused_cleanly(db, Invalid, lambda: record_progress(db, heads.omar, goal_id, 3))
    refused_cleanly(db, Invalid, lambda: retire_goal(db, heads.nina, goal_id))


def test_every_change_is_audited(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    record_progress(db, heads.omar, goal_id, 10)
    retire_goal(db, heads.omar, goal_id)
    actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert {"goal.propose", "goal.record", "goal.retire"} <= set(actions)
    from db import check

    assert check.damage(db) == []


# --- on track ----------------------------------------------------------------------------


def _in_force_days_ago(db: Database, goal_id: int, days: int) -> None:
    """Move when the goal came into force (a test-only rewrite of the outcome's time)."""
    moment = datetime.now(timezone.utc) - timedelta(days=days)
    decision_id = get_goal(db, goal_id).decision_id
    db.conn.execute("DROP TRIGGER proposal_outcomes_immutable")
    db.conn.execute(
        "UPDATE proposal_outcomes SET at = ? WHERE decision_id = ?",
        [moment.isoformat(timespec="seconds"), decision_id],
    )


def test_on_track_compares_progress_with_time_elapsed(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads, target=100, due="+10d")
    assert get_goal(db, goal_id).on_track is True  # nothing elapsed, nothing needed yet
    _in_force_days_ago(db, goal_id, 10)  # half of the 20 days gone
    today = local_today()
    goal = get_goal(db, goal_id, today=today)
    assert goal.elapsed == pytest.approx(0.5)
    assert goal.on_track is False
    record_progress(db, heads.omar, goal_id, 50)
    assert get_goal(db, goal_id, today=today).on_track is True
    # After the due date with less than the target: behind.
    assert get_goal(db, goal_id, today=today + timedelta(days=11)).on_track is False


def test_elapsed_share_edges() -> None:
    start, due = date(2026, 1, 1), date(2026, 1, 11)
    assert elapsed_share(start, due, date(2025, 12, 1)) == 0.0
    assert elapsed_share(start, due, start) == 0.0
    assert elapsed_share(start, due, date(2026, 1, 6)) == 0.5
    assert elapsed_share(start, due, due) == 1.0
    assert elapsed_share(start, due, date(2027, 1, 1)) == 1.0
    assert elapsed_share(due, due, due) == 1.0  # due the day it came into force
    assert elapsed_share(due, due, due - timedelta(days=1)) == 0.0


days = st.integers(min_value=-400, max_value=400)
shares = st.floats(min_value=0, max_value=1)


@given(span=st.integers(min_value=0, max_value=400), a=days, b=days, p=shares, q=shares)
def test_on_track_property(span: int, a: int, b: int, p: float, q: float) -> None:
    """More progress never puts a goal behind; time passing never puts it back on track;
    a reached target is always on track; nothing is needed before any time elapsed."""
    start = date(2026, 1, 1)
    due = start + timedelta(days=span)
    early, late = sorted((start + timedelta(days=a), start + timedelta(days=b)))
    low, high = sorted((p, q))
    e_early, e_late = elapsed_share(start, due, early), elapsed_share(start, due, late)
    assert 0.0 <= e_early <= e_late <= 1.0
    if on_track(low, e_late):
        assert on_track(high, e_late) and on_track(low, e_early)
    assert on_track(1.0, e_late)
    if early <= start and span > 0:
        assert on_track(0.0, e_early)


# --- the joint meeting -------------------------------------------------------------------


def test_next_meeting_reviews_goals_with_progress_since_the_last(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    record_progress(db, heads.omar, goal_id, 20, department="Sales")
    first = meetings.create_meeting(db, heads.maya, "Joint", co_facilitator="Lena Park")
    meetings.add_item(db, heads.maya, first.id, "Unfinished")
    meetings.start_meeting(db, heads.maya, first.id)
    meetings.close_meeting(db, heads.maya, first.id)
    later = datetime.now(timezone.utc) + timedelta(minutes=1)  # after the close's second
    record_progress(db, heads.omar, goal_id, 7, department="Marketing", now=later)
    nxt = meetings.create_meeting(db, heads.maya, "Joint 2", after=first.id)
    titles = [i.title for i in nxt.agenda]
    assert titles[1:] == ["Shared goals", "Unfinished"]
    notes = nxt.agenda[1].notes
    assert f"Goal {goal_id}:" in notes and "27/100" in notes
    assert "+7 since the last meeting (Marketing +7)" in notes
    assert nxt.agenda[1].is_review


def test_shared_goals_come_after_sla_review_and_before_carried_items(heads: Team) -> None:
    from db.governance import propose
    from db.sla import propose_sla, record_result

    db = heads.db
    _goal(heads)
    sla = propose_sla(
        db,
        heads.tom,
        "Leads",
        from_department="Marketing",
        to_department="Sales",
        owner="Tom Berg",
        metric="leads",
        target=40,
        per="month",
    )
    _agree(heads, sla.decision_id)
    record_result(db, heads.tom, sla.id, "2026-11", 30)
    propose(db, heads.tom, "Shared webinar budget")
    first = meetings.create_meeting(db, heads.maya, "Joint")
    meetings.add_item(db, heads.maya, first.id, "Unfinished")
    nxt = meetings.create_meeting(db, heads.maya, "Joint 2", after=first.id)
    assert [i.title for i in nxt.agenda][1:] == [
        "Pending approvals",
        "SLA review",
        "Shared goals",
        "Unfinished",
    ]


def test_no_goal_in_force_no_item(heads: Team) -> None:
    db = heads.db
    _goal(heads, agree=False)
    first = meetings.create_meeting(db, heads.maya, "Joint")
    nxt = meetings.create_meeting(db, heads.maya, "Joint 2", after=first.id)
    assert "Shared goals" not in [i.title for i in nxt.agenda]


def test_progress_since_counts_only_the_window(heads: Team) -> None:
    db = heads.db
    goal_id = _goal(heads)
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    record_progress(db, heads.omar, goal_id, 5, now=t0)
    record_progress(db, heads.omar, goal_id, 6, department="Sales", now=t0 + timedelta(days=2))
    record_progress(db, heads.omar, goal_id, 8, now=t0 + timedelta(days=5))
    mid = (t0 + timedelta(days=1)).isoformat(timespec="seconds")
    end = (t0 + timedelta(days=3)).isoformat(timespec="seconds")
    [p] = progress_since(db, mid, until=end)
    assert p.gained == 6 and p.gained_by_department == {"Sales": 6} and p.goal.value == 11
    [everything] = progress_since(db, None)
    assert everything.gained == 19 and everything.goal.value == 19


def test_goals_in_force_are_the_first_of_the_list_and_counted_all(heads: Team) -> None:
    db = heads.db
    made = [_goal(heads, target=10 * n, due=f"+{40 - n}d") for n in range(1, 6)]
    for n, goal_id in enumerate(made, start=1):
        record_progress(db, heads.omar, goal_id, n, department="Sales")
    _goal(heads, due="+1d", agree=False)  # proposed only: neither shown nor counted
    ending = retire_goal(db, heads.nina, made[-1])  # retired: neither shown nor counted
    _agree(heads, ending.id)
    every = list_goals(db, in_force_only=True)
    assert len(every) == 4
    first, count = goals_in_force(db, limit=3)
    # The same goals, values and order as the whole list's first ones: only fewer read.
    assert first == every[:3] and count == 4
    assert [g.value for g in first] == [4, 3, 2]
    assert goals_in_force(db, limit=10) == (every, 4)
