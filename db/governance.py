"""Two-key decisions (rule 9): what binds both teams needs both heads.

A two-key decision is a proposal until the head of every bound department has
approved it: ``signed`` (the head, under their own login; never on someone's
behalf) or ``in-meeting`` (the running meeting's facilitator records the consent
of a head marked present). One standing objection blocks it until its head
approves; its proposer may withdraw it while it is open.

The rules live in the schema too (``m006_governance``): heads' words are
append-only, a word is refused once the proposal is decided, and "in force" is
refused unless the current head of every bound department last said "approve".
Status comes from one place, the view ``decision_status``.

The app calls this module as the CLI does: ``propose``, ``approve``,
``object_to``, ``withdraw``, ``status_of``, ``waiting_for`` and ``may_approve`` /
``may_object`` (the refusal an action would meet, to show why not).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, write
from db.dates import stamp
from db.errors import Invalid, ProposalRefused, TandemError
from db.identity import require_undelegated
from db.models import Decision, Person, Word
from db.permissions import (
    require_bound_head,
    require_record_consent,
    require_supersede,
    require_withdraw,
)
from db.text import optional, required

if TYPE_CHECKING:
    from sqlite_utils import Database

STATUSES = ("proposed", "in-force", "blocked", "superseded", "withdrawn")
OPEN = ("proposed", "blocked")


# --- reading ---------------------------------------------------------------------------

_WORDS_SQL = """
SELECT w.id, w.decision_id, w.department_id, d.name AS department, w.head_id, h.name AS name,
       w.word, w.how, w.meeting_id, w.reason, w.at, r.name AS recorded_by, dg.name AS delegated_by,
       d.head_id AS current_head_id
FROM decision_words w
JOIN departments d ON d.id = w.department_id
JOIN people h ON h.id = w.head_id
JOIN people r ON r.id = w.recorded_by
LEFT JOIN people dg ON dg.id = w.delegated_by
WHERE w.decision_id IN ({ids})
ORDER BY w.id
"""

_BINDS_SQL = """
SELECT b.decision_id, b.department_id, d.name, d.head_id, h.name AS head
FROM decision_binds b JOIN departments d ON d.id = b.department_id
LEFT JOIN people h ON h.id = d.head_id
WHERE b.decision_id IN ({ids})
ORDER BY d.name
"""


def attach(db: Database, decisions: Sequence[Decision]) -> list[Decision]:
    """The decisions with their binds, approvals, objections and history (two-key ones)."""
    ids = [d.id for d in decisions if d.two_key]
    if not ids:
        return list(decisions)
    binds: dict[int, list[dict[str, object]]] = {}
    words: dict[int, list[dict[str, object]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = rows.placeholders(chunk)
        for r in rows.rows(db, _BINDS_SQL.format(ids=marks), chunk):
            binds.setdefault(r["decision_id"], []).append(r)
        for r in rows.rows(db, _WORDS_SQL.format(ids=marks), chunk):
            words.setdefault(r["decision_id"], []).append(r)
    out = []
    for d in decisions:
        if not d.two_key:
            out.append(d)
            continue
        history = words.get(d.id, [])
        approvals: list[Word] = []
        objections: list[Word] = []
        waiting: list[str] = []
        for b in binds.get(d.id, []):
            mine = [w for w in history if w["department_id"] == b["department_id"]]
            if d.is_open:
                # An open proposal counts the word of the department's current head.
                mine = [w for w in mine if w["head_id"] == b["head_id"]]
            latest = mine[-1] if mine else None
            if latest is not None and latest["word"] == "approve":
                approvals.append(_word(latest))
            elif latest is not None:
                objections.append(_word(latest))
            if d.is_open and (latest is None or latest["word"] != "approve"):
                waiting.append(str(b["head"] or f"the head of {b['name']} (none yet)"))
        out.append(
            dataclasses.replace(
                d,
                binds=tuple(str(b["name"]) for b in binds.get(d.id, [])),
                approvals=tuple(approvals),
                objections=tuple(objections),
                waiting_for=tuple(waiting),
                history=tuple(_word(w) for w in history),
            )
        )
    return out


def _word(r: dict[str, object]) -> Word:
    return Word(
        name=str(r["name"]),
        department=str(r["department"]),
        word=str(r["word"]),
        how=str(r["how"]),
        at=str(r["at"]),
        recorded_by=str(r["recorded_by"]),
        meeting_id=r["meeting_id"],  # type: ignore[arg-type]
        reason=str(r["reason"]),
        delegated_by=r["delegated_by"],  # type: ignore[arg-type]
    )


def get(db: Database, decision_id: int) -> Decision:
    """A decision with its two-key facts."""
    from db.decisions import get_decision

    return get_decision(db, decision_id)


def status_of(db: Database, decision_id: int) -> str:
    """in-force, proposed, blocked, superseded or withdrawn (the view ``decision_status``)."""
    return get(db, decision_id).status


def waiting_for(db: Database, person: Person) -> list[Decision]:
    """Open proposals binding a department ``person`` heads that still lack their approval,
    oldest first (Home's "Waiting for your approval", ``check``)."""
    from db.decisions import list_decisions

    ids = [
        r[0]
        for r in db.execute(
            """SELECT DISTINCT b.decision_id FROM decision_bound_words b
               JOIN decision_status s ON s.decision_id = b.decision_id
               WHERE b.head_id = ? AND s.status IN ('proposed', 'blocked')
                 AND b.word IS NOT 'approve'""",
            [person.id],
        )
    ]
    return list_decisions(db, ids=ids) if ids else []


def open_proposals(db: Database) -> list[Decision]:
    """Every proposal still proposed or blocked, oldest first."""
    from db.decisions import list_decisions

    return list_decisions(db, statuses=OPEN)


# --- proposing -----------------------------------------------------------------------


def bound_departments(db: Database, binds: Iterable[str | int] | None) -> list[int]:
    """The ids of the departments a proposal binds: those named (two or more, each with a
    head), or by default every department that has a head (at least two)."""
    from db.people import get_department

    named = list(binds or ())
    if not named:
        ids = [
            r[0]
            for r in db.execute(
                "SELECT id FROM departments WHERE head_id IS NOT NULL ORDER BY name"
            )
        ]
        if len(ids) < 2:
            raise ProposalRefused(
                "a two-key decision needs two departments with a head; "
                f"{'only one has' if ids else 'none has'} a head",
                reason="binds",
            )
        return ids
    depts = {}
    for ref in named:
        dept = get_department(db, ref)
        depts[dept.id] = dept
    if len(depts) < 2:
        raise ProposalRefused(
            "a two-key decision binds two or more departments; only one was named",
            reason="binds",
        )
    for dept in depts.values():
        if dept.head_id is None:
            raise ProposalRefused(
                f"{dept.name} has no head to approve it; a head is appointed first",
                reason="no-head",
            )
    return sorted(depts)


def check_supersede(db: Database, actor: Person, supersedes: int, *, two_key: bool) -> None:
    """Whether a new decision (two-key or not) may supersede decision ``supersedes``."""
    from db.decisions import get_decision

    earlier = get_decision(db, supersedes)
    if not two_key:
        require_supersede(db, actor, supersedes, by_two_key=False)
    if earlier.status == "superseded":
        raise ProposalRefused(
            f"decision {supersedes} is already superseded by decision {earlier.superseded_by}; "
            "supersede that one",
            reason="supersede",
            decision_id=supersedes,
            status=earlier.status,
        )
    if earlier.status != "in-force":
        raise ProposalRefused(
            f"decision {supersedes} is {earlier.status}, not in force: only a decision in force "
            "is superseded",
            reason="supersede",
            decision_id=supersedes,
            status=earlier.status,
        )
    pending = db.execute(
        """SELECT n.id FROM decisions n JOIN decision_status s ON s.decision_id = n.id
           WHERE n.supersedes_id = ? AND s.status IN ('proposed', 'blocked')""",
        [supersedes],
    ).fetchone()
    if pending is not None:
        raise ProposalRefused(
            f"decision {pending[0]} already proposes to supersede decision {supersedes}; "
            "it is approved, objected to or withdrawn first",
            reason="supersede",
            decision_id=supersedes,
            status=earlier.status,
        )


def insert_proposal(
    db: Database,
    actor: Person,
    body: str,
    why: str,
    department_ids: Sequence[int],
    *,
    meeting_id: int | None = None,
    item_id: int | None = None,
    task_force_id: int | None = None,
    supersedes: int | None = None,
    now: datetime | None = None,
) -> int:
    """Insert a two-key decision and its bound departments (inside the caller's write)."""
    if supersedes is not None:
        check_supersede(db, actor, supersedes, two_key=True)
    cur = db.execute(
        """INSERT INTO decisions (text, rationale, meeting_id, agenda_item_id, task_force_id,
                                  recorded_by, recorded_at, supersedes_id, delegated_by, two_key)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""",
        [
            body,
            why,
            meeting_id,
            item_id,
            task_force_id,
            actor.id,
            stamp(now),
            supersedes,
            delegated_by(db),
        ],
    )
    decision_id = cur.lastrowid
    assert decision_id is not None
    for dept_id in department_ids:
        db.execute(
            "INSERT INTO decision_binds (decision_id, department_id) VALUES (?, ?)",
            [decision_id, dept_id],
        )
    return decision_id


def propose(
    db: Database,
    actor: Person,
    text: str,
    *,
    rationale: str | None = None,
    binds: Iterable[str | int] | None = None,
    supersedes: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """A two-key proposal outside a meeting (anyone). Proposing is not approving."""
    body = required(text, "a proposal's text", limit=20_000)
    why = optional(rationale, "the rationale", limit=20_000)
    with write(db, actor, "decision.propose"):
        dept_ids = bound_departments(db, binds)
        decision_id = insert_proposal(
            db, actor, body, why, dept_ids, supersedes=supersedes, now=now
        )
        return get(db, decision_id)


def propose_retirement(
    db: Database, actor: Person, text: str, in_force: int, *, now: datetime | None = None
) -> Decision:
    """Inside the caller's write: a two-key proposal to retire a record (a goal, an SLA) that
    decision ``in_force`` put in force. It binds the departments that decision bound and,
    approved, supersedes it: the record is retired."""
    bound = [
        r[0]
        for r in db.execute(
            "SELECT department_id FROM decision_binds WHERE decision_id = ?", [in_force]
        )
    ]
    decision_id = insert_proposal(
        db, actor, text, "", bound_departments(db, bound), supersedes=in_force, now=now
    )
    return get(db, decision_id)


# --- the heads' words ------------------------------------------------------------------


def _open_two_key(decision: Decision, verb: str) -> None:
    if not decision.two_key:
        raise ProposalRefused(
            f"decision {decision.id} is not a two-key decision; there is nothing to {verb}",
            reason="not-two-key",
            decision_id=decision.id,
            status=decision.status,
        )
    if not decision.is_open:
        raise ProposalRefused(
            f"decision {decision.id} is {decision.status}; only a proposal still proposed or "
            f"blocked takes an approval or an objection",
            reason="not-open",
            decision_id=decision.id,
            status=decision.status,
        )


def _headed(db: Database, decision: Decision, head: Person) -> list[int]:
    """The bound departments of ``decision`` that ``head`` heads now."""
    return [
        r[0]
        for r in db.execute(
            """SELECT b.department_id FROM decision_binds b JOIN departments d
               ON d.id = b.department_id WHERE b.decision_id = ? AND d.head_id = ?
               ORDER BY b.department_id""",
            [decision.id, head.id],
        )
    ]


def _latest(db: Database, decision_id: int, department_id: int, head_id: int) -> str | None:
    row = db.execute(
        """SELECT word FROM decision_words WHERE decision_id = ? AND department_id = ?
           AND head_id = ? ORDER BY id DESC LIMIT 1""",
        [decision_id, department_id, head_id],
    ).fetchone()
    return row[0] if row else None


def _check_signed(db: Database, actor: Person, decision: Decision, word: str) -> list[int]:
    """The departments ``actor`` gives ``word`` for, as themselves; raises when they may not."""
    verb = "approve" if word == "approve" else "object to"
    _open_two_key(decision, verb)
    depts = _headed(db, decision, actor)
    require_bound_head(db, actor, decision.id, decision.binds, bool(depts))
    require_undelegated(db, actor.id)
    todo = [d for d in depts if _latest(db, decision.id, d, actor.id) != word]
    if not todo:
        done = "approved" if word == "approve" else "objected to"
        raise ProposalRefused(
            f"{actor.name} already {done} decision {decision.id}",
            reason="already-approved" if word == "approve" else "already-objected",
            decision_id=decision.id,
            status=decision.status,
        )
    return todo


def _check_consent(
    db: Database, actor: Person, decision: Decision, head: Person, meeting_id: int
) -> list[int]:
    """The departments whose head's consent the facilitator records; raises when refused."""
    from db.meetings import get_meeting

    meeting = get_meeting(db, meeting_id, full=False)
    require_record_consent(db, actor, meeting)
    if meeting.status != "running":
        raise ProposalRefused(
            f"meeting {meeting_id} is {meeting.status}, not running: consent is recorded "
            "while the meeting runs",
            reason="not-running",
            decision_id=decision.id,
            status=decision.status,
        )
    _open_two_key(decision, "approve")
    depts = _headed(db, decision, head)
    if not depts:
        raise ProposalRefused(
            f"{head.name} heads none of the departments decision {decision.id} binds "
            f"({', '.join(decision.binds)})",
            reason="not-bound",
            decision_id=decision.id,
            status=decision.status,
        )
    present = db.execute(
        "SELECT present FROM attendance WHERE meeting_id = ? AND person_id = ?",
        [meeting_id, head.id],
    ).fetchone()
    if not (present and present[0]):
        state = "marked absent" if present else "not marked present"
        raise ProposalRefused(
            f"{head.name} is {state} at meeting {meeting_id}; only a present head's consent "
            "is recorded",
            reason="absent",
            decision_id=decision.id,
            status=decision.status,
        )
    todo = [d for d in depts if _latest(db, decision.id, d, head.id) != "approve"]
    if not todo:
        raise ProposalRefused(
            f"{head.name} already approved decision {decision.id}",
            reason="already-approved",
            decision_id=decision.id,
            status=decision.status,
        )
    return todo


def _maybe_in_force(db: Database, actor: Person, decision_id: int, at: str) -> None:
    """Bring the proposal into force when every bound head's latest word is an approval."""
    missing = db.execute(
        "SELECT 1 FROM decision_bound_words WHERE decision_id = ? AND word IS NOT 'approve'",
        [decision_id],
    ).fetchone()
    if missing is None:
        db.execute(
            """INSERT INTO proposal_outcomes (decision_id, outcome, at, by_id, delegated_by)
               VALUES (?, 'in-force', ?, ?, ?)""",
            [decision_id, at, actor.id, delegated_by(db)],
        )


def approve(
    db: Database,
    actor: Person,
    decision_id: int,
    *,
    for_head: str | int | None = None,
    meeting_id: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """A bound head approves as themselves (signed); or, with ``for_head`` and
    ``meeting_id``, the running meeting's facilitator records a present head's consent."""
    from db.people import get_person

    if (for_head is None) != (meeting_id is None):
        raise Invalid("consent given in a meeting names both the head and the meeting")
    with write(db, actor, "decision.approve", subject=f"decision {decision_id}"):
        decision = get(db, decision_id)
        at = stamp(now)
        if for_head is None or meeting_id is None:
            head, how, meeting = actor, "signed", None
            depts = _check_signed(db, actor, decision, "approve")
        else:
            head, how, meeting = get_person(db, for_head), "in-meeting", meeting_id
            depts = _check_consent(db, actor, decision, head, meeting_id)
        for dept in depts:
            db.execute(
                """INSERT INTO decision_words (decision_id, department_id, head_id, word, how,
                                               meeting_id, at, recorded_by, delegated_by)
                   VALUES (?, ?, ?, 'approve', ?, ?, ?, ?, ?)""",
                [decision_id, dept, head.id, how, meeting, at, actor.id, delegated_by(db)],
            )
        _maybe_in_force(db, actor, decision_id, at)
        return get(db, decision_id)


def object_to(
    db: Database, actor: Person, decision_id: int, reason: str, *, now: datetime | None = None
) -> Decision:
    """A bound head blocks an open proposal, as themselves, with a reason; their later
    approval lifts it."""
    why = required(reason, "the reason for an objection", limit=20_000)
    with write(db, actor, "decision.object", subject=f"decision {decision_id}"):
        decision = get(db, decision_id)
        depts = _check_signed(db, actor, decision, "object")
        at = stamp(now)
        for dept in depts:
            db.execute(
                """INSERT INTO decision_words (decision_id, department_id, head_id, word, how,
                                               reason, at, recorded_by)
                   VALUES (?, ?, ?, 'object', 'signed', ?, ?, ?)""",
                [decision_id, dept, actor.id, why, at, actor.id],
            )
        return get(db, decision_id)


def withdraw(
    db: Database, actor: Person, decision_id: int, *, now: datetime | None = None
) -> Decision:
    """Its proposer withdraws a proposal that is still proposed or blocked."""
    with write(db, actor, "decision.withdraw", subject=f"decision {decision_id}"):
        decision = get(db, decision_id)
        if not decision.two_key:
            raise ProposalRefused(
                f"decision {decision_id} is not a two-key decision; a decision is superseded, "
                "not withdrawn",
                reason="not-two-key",
                decision_id=decision_id,
                status=decision.status,
            )
        proposer = db.execute(
            "SELECT recorded_by FROM decisions WHERE id = ?", [decision_id]
        ).fetchone()[0]
        require_withdraw(db, actor, decision_id, proposer, decision.recorded_by)
        if not decision.is_open:
            raise ProposalRefused(
                f"decision {decision_id} is {decision.status}; only a proposal still proposed "
                "or blocked is withdrawn",
                reason="not-open",
                decision_id=decision_id,
                status=decision.status,
            )
        db.execute(
            """INSERT INTO proposal_outcomes (decision_id, outcome, at, by_id, delegated_by)
               VALUES (?, 'withdrawn', ?, ?, ?)""",
            [decision_id, stamp(now), actor.id, delegated_by(db)],
        )
        return get(db, decision_id)


def may_approve(db: Database, person: Person, decision: Decision) -> TandemError | None:
    """Why ``person`` may not approve ``decision`` as themselves right now (None: they may)."""
    try:
        _check_signed(db, person, decision, "approve")
    except TandemError as exc:
        return exc
    return None


def may_object(db: Database, person: Person, decision: Decision) -> TandemError | None:
    """Why ``person`` may not object to ``decision`` right now (None: they may)."""
    try:
        _check_signed(db, person, decision, "object")
    except TandemError as exc:
        return exc
    return None


def may_record_consent(
    db: Database, person: Person, decision: Decision, head: Person, meeting_id: int
) -> TandemError | None:
    """Why ``person`` may not record ``head``'s consent to ``decision`` in the meeting now."""
    try:
        _check_consent(db, person, decision, head, meeting_id)
    except TandemError as exc:
        return exc
    return None
