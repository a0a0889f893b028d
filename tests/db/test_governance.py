"""Two-key decisions (rule 9): every rule and every refusal, in db/ and in the schema."""

from __future__ import annotations

import pwd
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlite_utils import Database

from db import check, decisions, governance, meetings, people
from db.errors import Invalid, PermissionDenied
from db.governance import ProposalRefused
from db.identity import ApprovalNotDelegable, session_of
from db.models import Decision, Person
from tests.conftest import Team
from tests.db.test_permissions import dump

# Logins other than the one running the tests: system accounts present on any Linux.
MAYAS, LENAS = "daemon", "bin"


@pytest.fixture(autouse=True)
def _logins_exist() -> None:
    for name in (MAYAS, LENAS):
        try:
            pwd.getpwnam(name)
        except KeyError:
            pytest.skip(f"the system account {name!r} is missing on this machine")


@contextmanager
def login(db: Database, name: str) -> Iterator[None]:
    """Run as OS login ``name`` for a while (another person's terminal)."""
    session = session_of(db)
    before = session.login
    session.login = name
    try:
        yield
    finally:
        session.login = before


@pytest.fixture
def heads(team: Team) -> Team:
    """Both heads bound to their own logins (Maya: Sales, Lena: Marketing)."""
    people.bind_login(team.db, team.admin, "Maya Chen", MAYAS)
    people.bind_login(team.db, team.admin, "Lena Park", LENAS)
    team.refresh()
    return team


def as_maya(team: Team, decision_id: int) -> Decision:
    with login(team.db, MAYAS):
        return governance.approve(team.db, team.maya, decision_id)


def as_lena(team: Team, decision_id: int) -> Decision:
    with login(team.db, LENAS):
        return governance.approve(team.db, team.lena, decision_id)


def refused_cleanly(db: Database, exc: type[Exception], action: object) -> Exception:
    before = dump(db)
    with pytest.raises(exc) as caught:
        action()  # type: ignore[operator]
    assert dump(db) == before
    return caught.value


def test_a_proposal_binds_every_department_with_a_head_and_is_proposed(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Hand over leads within 24 hours")
    assert (p.two_key, p.status, p.binds) == (True, "proposed", ("Marketing", "Sales"))
    assert p.meeting_id is None and p.approvals == () and p.in_force_at is None
    assert set(p.waiting_for) == {"Maya Chen", "Lena Park"}
    # Proposing is not approving, even for a head.
    own = governance.propose(heads.db, heads.maya, "Weekly joint pipeline review")
    assert own.status == "proposed" and "Maya Chen" in own.waiting_for


def test_in_force_exactly_when_every_bound_head_approved(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Shared lead scoring")
    after_one = as_maya(heads, p.id)
    assert after_one.status == "proposed"
    assert [(a.name, a.how) for a in after_one.approvals] == [("Maya Chen", "signed")]
    assert after_one.waiting_for == ("Lena Park",)
    both = as_lena(heads, p.id)
    assert both.status == "in-force" and both.in_force_at is not None
    assert {a.name for a in both.approvals} == {"Maya Chen", "Lena Park"}
    assert [d.id for d in decisions.list_decisions(heads.db, statuses=["in-force"])] == [p.id]
    assert check.damage(heads.db) == []


def test_an_objection_blocks_until_the_objector_approves(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Drop the trade show")
    as_maya(heads, p.id)
    with login(heads.db, LENAS):
        blocked = governance.object_to(heads.db, heads.lena, p.id, "We need the booth leads")
    assert blocked.status == "blocked"
    assert [(o.name, o.reason) for o in blocked.objections] == [
        ("Lena Park", "We need the booth leads")
    ]
    assert governance.open_proposals(heads.db)[0].id == p.id
    lifted = as_lena(heads, p.id)
    assert lifted.status == "in-force" and lifted.objections == ()
    # The history keeps every word.
    assert [w.word for w in lifted.history] == ["approve", "object", "approve"]


def test_approving_twice_objecting_twice_and_after_the_fact_are_refused(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "One CRM")
    as_maya(heads, p.id)
    twice = refused_cleanly(heads.db, ProposalRefused, lambda: as_maya(heads, p.id))
    assert twice.reason == "already-approved" and twice.exit_code == 1  # type: ignore[attr-defined]
    with login(heads.db, LENAS):
        governance.object_to(heads.db, heads.lena, p.id, "Not yet")
        again = refused_cleanly(
            heads.db,
            ProposalRefused,
            lambda: governance.object_to(heads.db, heads.lena, p.id, "Still not"),
        )
    assert again.reason == "already-objected"  # type: ignore[attr-defined]
    as_lena(heads, p.id)
    with login(heads.db, LENAS):
        late = refused_cleanly(
            heads.db, ProposalRefused, lambda: governance.object_to(heads.db, heads.lena, p.id, "x")
        )
    assert (late.reason, late.status) == ("not-open", "in-force")  # type: ignore[attr-defined]


def test_a_plain_decision_takes_no_approval(heads: Team) -> None:
    m = meetings.create_meeting(heads.db, heads.maya, "Sync")
    d = decisions.record_decision(heads.db, heads.maya, "Plain", meeting_id=m.id)
    assert (d.two_key, d.status, d.binds) == (False, "in-force", ())
    with login(heads.db, MAYAS):
        refused = refused_cleanly(
            heads.db, ProposalRefused, lambda: governance.approve(heads.db, heads.maya, d.id)
        )
    assert refused.reason == "not-two-key"  # type: ignore[attr-defined]


def test_approval_is_never_given_through_delegation(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Joint budget")
    # The tests run under the admin's login: the admin acting as Maya.
    refused = refused_cleanly(
        heads.db, ApprovalNotDelegable, lambda: governance.approve(heads.db, heads.maya, p.id)
    )
    assert isinstance(refused, PermissionDenied) and refused.exit_code == 3
    refused_cleanly(
        heads.db,
        ApprovalNotDelegable,
        lambda: governance.object_to(heads.db, heads.maya, p.id, "no"),
    )


def test_only_a_bound_head_approves(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Anything")
    for who in (heads.tom, heads.admin, heads.omar):
        err = refused_cleanly(
            heads.db, PermissionDenied, lambda who=who: governance.approve(heads.db, who, p.id)
        )
        assert err.rule == "approve"  # type: ignore[attr-defined]


def test_binds_need_two_departments_each_with_a_head(heads: Team) -> None:
    one = refused_cleanly(
        heads.db,
        ProposalRefused,
        lambda: governance.propose(heads.db, heads.tom, "x", binds=["Sales"]),
    )
    assert one.reason == "binds"  # type: ignore[attr-defined]
    people.add_department(heads.db, heads.admin, "Support")
    headless = refused_cleanly(
        heads.db,
        ProposalRefused,
        lambda: governance.propose(heads.db, heads.tom, "x", binds=["Sales", "Support"]),
    )
    assert headless.reason == "no-head"  # type: ignore[attr-defined]
    narrowed = governance.propose(heads.db, heads.tom, "x", binds=["sales", "Marketing", "Sales"])
    assert narrowed.binds == ("Marketing", "Sales")


def test_fewer_than_two_heads_means_no_default_binds(team: Team) -> None:
    db = team.db
    d = db.execute("SELECT id FROM departments WHERE name = 'Marketing'").fetchone()[0]
    with pytest.raises(ProposalRefused):
        # A database whose Marketing has no head yet: made fresh, then checked.
        from db.audit import write

        with write(db, team.admin, "test.unhead"):
            db.execute("UPDATE departments SET head_id = NULL WHERE id = ?", [d])
        governance.propose(db, team.tom, "x")


def test_in_meeting_consent_of_a_present_head(heads: Team) -> None:
    db = heads.db
    m = meetings.create_meeting(db, heads.tom, "Joint", co_facilitator="Nina Roy")
    p = governance.propose(db, heads.omar, "Leads scored A go to Sales the same day")
    meetings.mark_attendance(db, heads.tom, m.id, ["Maya Chen"])
    meetings.mark_attendance(db, heads.tom, m.id, ["Lena Park"], present=False)
    planned = refused_cleanly(
        db,
        ProposalRefused,
        lambda: governance.approve(db, heads.tom, p.id, for_head="Maya Chen", meeting_id=m.id),
    )
    assert planned.reason == "not-running"  # type: ignore[attr-defined]
    meetings.start_meeting(db, heads.tom, m.id)
    # The co-facilitator records it, with the same rights.
    ok = governance.approve(db, heads.nina, p.id, for_head="Maya Chen", meeting_id=m.id)
    [given] = ok.approvals
    assert (given.name, given.how, given.recorded_by, given.meeting_id) == (
        "Maya Chen",
        "in-meeting",
        "Nina Roy",
        m.id,
    )
    absent = refused_cleanly(
        db,
        ProposalRefused,
        lambda: governance.approve(db, heads.tom, p.id, for_head="Lena Park", meeting_id=m.id),
    )
    assert absent.reason == "absent" and absent.exit_code == 1  # type: ignore[attr-defined]
    not_head = refused_cleanly(
        db,
        ProposalRefused,
        lambda: governance.approve(db, heads.tom, p.id, for_head="Sara Ito", meeting_id=m.id),
    )
    assert not_head.reason == "not-bound"  # type: ignore[attr-defined]
    # Someone who doesn't lead the meeting can't record consent: exit 3.
    err = refused_cleanly(
        db,
        PermissionDenied,
        lambda: governance.approve(db, heads.omar, p.id, for_head="Maya Chen", meeting_id=m.id),
    )
    assert err.rule == "record-consent"  # type: ignore[attr-defined]
    assert governance.may_record_consent(db, heads.tom, ok, heads.lena, m.id) is not None
    meetings.mark_attendance(db, heads.tom, m.id, ["Lena Park"])
    done = governance.approve(db, heads.tom, p.id, for_head="Lena Park", meeting_id=m.id)
    assert done.status == "in-force"


def test_consent_in_a_meeting_names_head_and_meeting(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "x")
    with pytest.raises(Invalid):
        governance.approve(heads.db, heads.tom, p.id, for_head="Maya Chen")


def test_withdraw_by_its_proposer_while_open(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "Rename the newsletter")
    err = refused_cleanly(
        heads.db, PermissionDenied, lambda: governance.withdraw(heads.db, heads.nina, p.id)
    )
    assert err.rule == "withdraw"  # type: ignore[attr-defined]
    gone = governance.withdraw(heads.db, heads.tom, p.id)
    assert gone.status == "withdrawn"
    with login(heads.db, MAYAS):
        late = refused_cleanly(
            heads.db, ProposalRefused, lambda: governance.approve(heads.db, heads.maya, p.id)
        )
    assert late.reason == "not-open"  # type: ignore[attr-defined]
    again = refused_cleanly(
        heads.db, ProposalRefused, lambda: governance.withdraw(heads.db, heads.tom, p.id)
    )
    assert again.reason == "not-open"  # type: ignore[attr-defined]


def _in_force(heads: Team, text: str, **kw: object) -> Decision:
    p = governance.propose(heads.db, heads.tom, text, **kw)  # type: ignore[arg-type]
    as_maya(heads, p.id)
    return as_lena(heads, p.id)


def test_superseding_a_two_key_decision_takes_a_two_key_decision(heads: Team) -> None:
    db = heads.db
    first = _in_force(heads, "MQL means 50 points")
    m = meetings.create_meeting(db, heads.admin, "Sync")
    err = refused_cleanly(
        db,
        PermissionDenied,
        lambda: decisions.record_decision(
            db, heads.admin, "MQL means 60", meeting_id=m.id, supersedes=first.id
        ),
    )
    assert err.rule == "supersede-two-key"  # type: ignore[attr-defined]
    second = governance.propose(db, heads.tom, "MQL means 60 points", supersedes=first.id)
    # Until the new one comes into force, the old one stays in force.
    assert decisions.get_decision(db, first.id).status == "in-force"
    dup = refused_cleanly(
        db,
        ProposalRefused,
        lambda: governance.propose(db, heads.tom, "MQL means 70", supersedes=first.id),
    )
    assert dup.reason == "supersede"  # type: ignore[attr-defined]
    as_maya(heads, second.id)
    as_lena(heads, second.id)
    old = decisions.get_decision(db, first.id)
    assert (old.status, old.superseded_by) == ("superseded", second.id)
    # Only a decision in force is superseded.
    pending = governance.propose(db, heads.tom, "Pending")
    refused_cleanly(
        db,
        ProposalRefused,
        lambda: governance.propose(db, heads.tom, "x", supersedes=pending.id),
    )


def test_a_two_key_decision_recorded_in_a_meeting(heads: Team) -> None:
    db = heads.db
    m = meetings.create_meeting(db, heads.maya, "Joint", co_facilitator="Lena Park")
    meetings.add_item(db, heads.maya, m.id, "Lead definition")
    d = decisions.record_decision(
        db, heads.lena, "Use BANT", meeting_id=m.id, item_position=1, two_key=True
    )
    assert (d.status, d.meeting_id, d.agenda_item) == ("proposed", m.id, 1)
    meetings.close_meeting(db, heads.maya, m.id)
    # Approvals come after the meeting closed: they are records of their own.
    as_maya(heads, d.id)
    assert as_lena(heads, d.id).status == "in-force"
    assert check.damage(db) == []


def test_a_decision_stays_in_force_whoever_becomes_head(heads: Team) -> None:
    d = _in_force(heads, "Joint quarterly plan")
    people.appoint_head(heads.db, heads.admin, "Sales", "Omar Haddad")
    assert decisions.get_decision(heads.db, d.id).status == "in-force"


def test_a_new_head_gives_their_own_word_on_an_open_proposal(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "x")
    as_maya(heads, p.id)
    people.appoint_head(heads.db, heads.admin, "Sales", "Omar Haddad")
    now = decisions.get_decision(heads.db, p.id)
    assert "Omar Haddad" in now.waiting_for and now.status == "proposed"


def test_waiting_for_and_may_approve(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "x")
    assert [d.id for d in governance.waiting_for(heads.db, heads.maya)] == [p.id]
    assert governance.waiting_for(heads.db, heads.tom) == []
    with login(heads.db, MAYAS):
        assert governance.may_approve(heads.db, heads.maya, p) is None
        as_maya(heads, p.id)
        again = governance.may_approve(heads.db, heads.maya, decisions.get_decision(heads.db, p.id))
        assert isinstance(again, ProposalRefused)
    assert governance.waiting_for(heads.db, heads.maya) == []
    assert isinstance(governance.may_approve(heads.db, heads.tom, p), PermissionDenied)


# --- the schema holds the rules whatever the interface --------------------------------


def test_the_schema_refuses_in_force_without_every_approval(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "x")
    as_maya(heads, p.id)
    with pytest.raises(sqlite3.IntegrityError, match="approved"):
        heads.db.execute(
            "INSERT INTO proposal_outcomes (decision_id, outcome, at, by_id) "
            "VALUES (?, 'in-force', 'now', ?)",
            [p.id, heads.admin.id],
        )


def test_words_are_immutable_and_closed_proposals_take_none(heads: Team) -> None:
    d = _in_force(heads, "x")
    with pytest.raises(sqlite3.IntegrityError, match="records"):
        heads.db.execute("UPDATE decision_words SET word = 'object'")
    with pytest.raises(sqlite3.IntegrityError, match="records"):
        heads.db.execute("DELETE FROM decision_words")
    with pytest.raises(sqlite3.IntegrityError, match="open proposal"):
        heads.db.execute(
            "INSERT INTO decision_words (decision_id, department_id, head_id, word, how, reason, "
            "at, recorded_by) SELECT ?, id, head_id, 'object', 'signed', 'late', 'now', head_id "
            "FROM departments WHERE name = 'Sales'",
            [d.id],
        )


def test_approvals_are_audited(heads: Team) -> None:
    p = governance.propose(heads.db, heads.tom, "x")
    as_maya(heads, p.id)
    entry = heads.db.execute(
        "SELECT actor, login, action FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert entry == ("Maya Chen", MAYAS, "decision.approve")


def _person(db: Database, name: str) -> Person:
    return people.get_person(db, name)


def test_a_co_facilitator_has_the_same_rights(heads: Team) -> None:
    db = heads.db
    m = meetings.create_meeting(db, heads.maya, "Joint", co_facilitator="Lena Park")
    assert (m.facilitator, m.co_facilitator, m.co_led_by) == (
        "Maya Chen",
        "Lena Park",
        "the heads of Sales and Marketing",
    )
    meetings.add_item(db, heads.lena, m.id, "Pipeline")
    meetings.mark_attendance(db, heads.lena, m.id, ["Tom Berg"])
    meetings.start_meeting(db, heads.lena, m.id)
    decisions.record_decision(db, heads.lena, "Go", meeting_id=m.id)
    meetings.close_meeting(db, heads.lena, m.id)
    meetings.amend(db, heads.lena, m.id, "Typo")
    with pytest.raises(PermissionDenied, match="Maya Chen and Lena Park"):
        meetings.amend(db, heads.tom, m.id, "x")
    with pytest.raises(Invalid):
        meetings.create_meeting(db, heads.maya, "x", co_facilitator="Maya Chen")
    solo = meetings.create_meeting(db, heads.tom, "Solo", co_facilitator="Nina Roy")
    assert solo.co_led_by is None  # neither heads a department
