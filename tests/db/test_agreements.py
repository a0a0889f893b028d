"""The lead definition and the SLA register: versions, results, every rule and refusal."""

from __future__ import annotations

import sqlite3

import pytest

from db import check, decisions, tasks
from db.errors import Invalid, PermissionDenied, ProposalRefused
from db.lead import lead_history, lead_in_force, propose_lead
from db.sla import (
    check_period,
    get_sla,
    list_slas,
    missed_without_task,
    propose_sla,
    record_result,
    retire_sla,
    review,
)
from tests.conftest import Team
from tests.db.test_governance import _logins_exist, as_lena, as_maya, heads, refused_cleanly

__all__ = ["_logins_exist", "heads"]


def _agree(team: Team, decision_id: int) -> None:
    as_maya(team, decision_id)
    as_lena(team, decision_id)


def test_lead_versions_in_force_is_the_latest_approved(heads: Team) -> None:
    db = heads.db
    assert lead_in_force(db) is None
    v1 = propose_lead(db, heads.tom, "Asked for a demo", ["50+ staff", "Budget confirmed"])
    assert (v1.version, v1.status, v1.criteria) == (
        1,
        "proposed",
        ("50+ staff", "Budget confirmed"),
    )
    busy = refused_cleanly(db, ProposalRefused, lambda: propose_lead(db, heads.omar, "Other"))
    assert busy.reason == "pending-version"  # type: ignore[attr-defined]
    _agree(heads, v1.decision_id)
    assert lead_in_force(db).version == 1  # type: ignore[union-attr]
    v2 = propose_lead(db, heads.omar, "Asked for a demo and has a budget", ["Budget confirmed"])
    assert lead_in_force(db).version == 1  # type: ignore[union-attr]
    _agree(heads, v2.decision_id)
    now = lead_in_force(db)
    assert now is not None and now.version == 2 and now.in_force_since is not None
    assert [(v.version, v.status) for v in lead_history(db)] == [
        (1, "superseded"),
        (2, "in-force"),
    ]
    assert decisions.get_decision(db, v1.decision_id).superseded_by == v2.decision_id


def test_a_withdrawn_version_makes_room_for_the_next(heads: Team) -> None:
    from db.governance import withdraw

    v1 = propose_lead(heads.db, heads.tom, "First try")
    withdraw(heads.db, heads.tom, v1.decision_id)
    v2 = propose_lead(heads.db, heads.tom, "Second try")
    assert v2.version == 2 and lead_history(heads.db)[0].status == "withdrawn"


def _sla(team: Team, **kw: object) -> int:
    args: dict[str, object] = dict(
        from_department="Marketing",
        to_department="Sales",
        owner="Tom Berg",
        metric="sales-ready leads",
        target=40,
        per="month",
    )
    args.update(kw)
    made = propose_sla(team.db, team.nina, "Leads for Sales", **args)  # type: ignore[arg-type]
    _agree(team, made.decision_id)
    return made.id


def test_sla_is_two_key_and_records_met_and_missed(heads: Team) -> None:
    db = heads.db
    made = propose_sla(
        db,
        heads.nina,
        "Leads for Sales",
        from_department="Marketing",
        to_department="Sales",
        owner="Tom Berg",
        metric="sales-ready leads",
        target=40,
        per="month",
    )
    assert made.status == "proposed" and list_slas(db) == []
    refused_cleanly(db, Invalid, lambda: record_result(db, heads.tom, made.id, "2026-10", 41))
    _agree(heads, made.decision_id)
    record_result(db, heads.tom, made.id, "2026-10", 41)
    shown = record_result(db, heads.lena, made.id, "2026-11", 37, note="Webinar moved")
    assert [(r.period, r.actual, r.met) for r in shown.results] == [
        ("2026-10", 41, True),
        ("2026-11", 37, False),
    ]
    assert shown.to_json()["results"][1] == {
        "period": "2026-11",
        "actual": 37,
        "met": False,
        "note": "Webinar moved",
        "correction": False,
        "at": shown.results[1].at,
        "recorded_by": "Lena Park",
    }
    assert check.damage(db) == []


def test_at_most_means_an_upper_bound(heads: Team) -> None:
    sla_id = _sla(
        heads,
        from_department="Sales",
        to_department="Marketing",
        owner="Omar Haddad",
        metric="hours to first call",
        target=24,
        unit="hours",
        at_most=True,
    )
    record_result(heads.db, heads.omar, sla_id, "2026-10", 24)
    done = record_result(heads.db, heads.omar, sla_id, "2026-11", 30)
    assert [r.met for r in done.results] == [True, False]


def test_a_period_is_recorded_once_and_corrected_as_a_correction(heads: Team) -> None:
    db = heads.db
    sla_id = _sla(heads)
    record_result(db, heads.tom, sla_id, "2026-11", 37)
    twice = refused_cleanly(
        db, Invalid, lambda: record_result(db, heads.tom, sla_id, "2026-11", 39)
    )
    assert "recorded once" in str(twice)
    refused_cleanly(
        db, Invalid, lambda: record_result(db, heads.tom, sla_id, "2026-12", 39, correct=True)
    )
    fixed = record_result(db, heads.tom, sla_id, "2026-11", 42, correct=True)
    [latest] = fixed.results
    assert (latest.actual, latest.met, latest.correction) == (42, True, True)
    # The schema holds it too: a second plain row for the period is refused.
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO sla_results (sla_id, period, actual, recorded_by, at) "
            "VALUES (?, '2026-11', 1, ?, 'now')",
            [sla_id, heads.tom.id],
        )


def test_bad_sla_input_is_refused_and_changes_nothing(heads: Team) -> None:
    db = heads.db
    base: dict[str, object] = dict(
        from_department="Marketing",
        to_department="Sales",
        owner="Tom Berg",
        metric="leads",
        target=40,
        per="month",
    )
    for change, words in [
        ({"target": -1}, "negative"),
        ({"owner": "Omar Haddad"}, "committing department"),
        ({"to_department": "Marketing"}, "two departments"),
        ({"per": "day"}, "week, month or quarter"),
        ({"target": float("nan")}, "number"),
    ]:
        args = {**base, **change}
        err = refused_cleanly(
            db,
            Invalid,
            lambda args=args: propose_sla(db, heads.nina, "x", **args),  # type: ignore[arg-type]
        )
        assert words in str(err)
    sla_id = _sla(heads)
    for period in ("2026-W48", "2026-Q4", "2026-13", "November", "2026-11-01"):
        refused_cleanly(db, Invalid, lambda p=period: record_result(db, heads.tom, sla_id, p, 3))
    refused_cleanly(db, Invalid, lambda: record_result(db, heads.tom, sla_id, "2026-11", -3))


def test_periods_match_their_kind() -> None:
    assert check_period("week", "2026-w48") == "2026-W48"
    assert check_period("quarter", "2026-Q4") == "2026-Q4"
    assert check_period("month", "2026-01") == "2026-01"
    for per, bad in [("week", "2026-W54"), ("week", "2026-11"), ("quarter", "2026-Q5")]:
        with pytest.raises(Invalid):
            check_period(per, bad)


def test_who_records_an_sla_period(heads: Team) -> None:
    sla_id = _sla(heads)
    err = refused_cleanly(
        heads.db,
        PermissionDenied,
        lambda: record_result(heads.db, heads.omar, sla_id, "2026-11", 3),
    )
    assert err.rule == "record-sla"  # type: ignore[attr-defined]
    record_result(heads.db, heads.admin, sla_id, "2026-11", 3)


def test_retire_is_two_key(heads: Team) -> None:
    db = heads.db
    sla_id = _sla(heads)
    proposal = retire_sla(db, heads.omar, sla_id)
    assert proposal.two_key and get_sla(db, sla_id).status == "in-force"
    refused_cleanly(db, ProposalRefused, lambda: retire_sla(db, heads.omar, sla_id))
    _agree(heads, proposal.id)
    assert get_sla(db, sla_id).status == "retired" and list_slas(db) == []
    refused_cleanly(db, Invalid, lambda: record_result(db, heads.tom, sla_id, "2026-11", 3))


def test_review_lists_missed_first_and_check_lists_misses_without_a_task(heads: Team) -> None:
    db = heads.db
    met = _sla(heads)
    missed = _sla(heads, metric="MQL feedback within a week", target=90)
    record_result(db, heads.tom, met, "2026-11", 45)
    record_result(db, heads.tom, missed, "2026-11", 60)
    assert [(s.id, r.met) for s, r in review(db)] == [(missed, False), (met, True)]
    assert [s.id for s, _ in missed_without_task(db)] == [missed]
    tasks.add_task(db, heads.lena, "Chase the MQL feedback", owner="Tom Berg")
    assert missed_without_task(db) == []


# --- back on the agenda by itself ------------------------------------------------------


def test_next_meeting_gets_pending_approvals_and_sla_review_in_order(heads: Team) -> None:
    from db import meetings
    from db.governance import propose

    db = heads.db
    first = meetings.create_meeting(db, heads.maya, "Joint", co_facilitator="Lena Park")
    meetings.add_item(db, heads.maya, first.id, "Unfinished")
    meetings.close_meeting(db, heads.maya, first.id)
    # Nothing pending, no SLA: neither item.
    plain = meetings.create_meeting(db, heads.maya, "Joint 2", after=first.id)
    assert [i.title for i in plain.agenda][1:] == ["Unfinished"]
    assert plain.co_facilitator == "Lena Park"  # a co-led series stays co-led
    sla_id = _sla(heads)
    record_result(db, heads.tom, sla_id, "2026-11", 30)
    blocked = propose(db, heads.tom, "Shared webinar budget")
    from tests.db.test_governance import LENAS, login

    with login(db, LENAS):
        from db.governance import object_to

        object_to(db, heads.lena, blocked.id, "Budget not agreed")
    nxt = meetings.create_meeting(db, heads.lena, "Joint 3", after=first.id)
    titles = [i.title for i in nxt.agenda]
    assert titles[0].startswith("Review open action items")
    assert titles[1:] == ["Pending approvals", "SLA review", "Unfinished"]
    assert f"Decision {blocked.id} (blocked)" in nxt.agenda[1].notes
    assert "missed" in nxt.agenda[2].notes
    # They are reviews: never carried over themselves.
    assert all(i.is_review for i in nxt.agenda[:3])


def test_check_lists_open_proposals_waiting_for_a_head(heads: Team) -> None:
    from db.governance import propose

    p = propose(heads.db, heads.tom, "x")
    found = check.check(heads.db, person=heads.maya)
    assert [d.id for d in found.open_proposals] == [p.id]
    assert [d.id for d in found.waiting_for_you] == [p.id]
    assert check.check(heads.db, person=heads.tom).waiting_for_you == []
    # A proposal is no decision to follow up yet.
    assert p.id not in [d.id for d in found.decisions_without_follow_up]
