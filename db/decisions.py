"""Decisions: records, never edited in place; a later one may supersede an earlier one."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, write
from db.dates import stamp
from db.errors import ClosedMeeting, Invalid, NotFound
from db.models import Decision, Person
from db.permissions import require_record_decision
from db.text import optional, required, words

if TYPE_CHECKING:
    from sqlite_utils import Database


def get_decision(db: Database, decision_id: int) -> Decision:
    from db.governance import attach

    row = rows.one(db, rows.DECISION_SELECT + " WHERE x.id = ?", [decision_id])
    if row is None:
        raise NotFound("decision", decision_id)
    return attach(db, [rows.decision(row)])[0]


def record_decision(
    db: Database,
    actor: Person,
    text: str,
    *,
    meeting_id: int | None = None,
    item_position: int | None = None,
    task_force: str | int | None = None,
    rationale: str | None = None,
    supersedes: int | None = None,
    two_key: bool = False,
    binds: list[str | int] | None = None,
    now: datetime | None = None,
) -> Decision:
    """Record a decision of a meeting (its facilitator, the admin, a task-force meeting's
    lead) or of a task force outside a meeting (its lead or the admin).

    ``two_key``: a proposal binding ``binds`` (default: every department with a head), in
    force when each bound head approved it (``db.governance``).
    """
    from db.governance import bound_departments, check_supersede, insert_proposal
    from db.meetings import get_meeting, item_at
    from db.taskforces import get_task_force

    body = required(text, "a decision's text", limit=20_000)
    why = optional(rationale, "the rationale", limit=20_000)
    if meeting_id is None and task_force is None:
        raise Invalid("a decision comes from a meeting or a task force; name one")
    if binds and not two_key:
        raise Invalid("only a two-key decision binds departments")
    with write(db, actor, "decision.record"):
        item_id = None
        tf_id = None
        if meeting_id is not None:
            meeting = get_meeting(db, meeting_id, full=False)
            require_record_decision(db, actor, meeting, None)
            if meeting.status == "closed":
                raise ClosedMeeting(meeting_id)
            tf_id = meeting.task_force_id
            if item_position is not None:
                item_id = item_at(db, meeting_id, item_position).id
        elif item_position is not None:
            raise Invalid("an agenda item belongs to a meeting; name the meeting too")
        if task_force is not None:
            tf = get_task_force(db, task_force)
            if meeting_id is None:
                require_record_decision(db, actor, None, tf)
            tf_id = tf.id
        if two_key:
            dept_ids = bound_departments(db, binds)
            decision_id = insert_proposal(
                db,
                actor,
                body,
                why,
                dept_ids,
                meeting_id=meeting_id,
                item_id=item_id,
                task_force_id=tf_id,
                supersedes=supersedes,
                now=now,
            )
            return get_decision(db, decision_id)
        if supersedes is not None:
            check_supersede(db, actor, supersedes, two_key=False)
        cur = db.execute(
            """INSERT INTO decisions (text, rationale, meeting_id, agenda_item_id, task_force_id,
                                      recorded_by, recorded_at, supersedes_id, delegated_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                body,
                why,
                meeting_id,
                item_id,
                tf_id,
                actor.id,
                stamp(now),
                supersedes,
                delegated_by(db),
            ],
        )
        assert cur.lastrowid is not None
        return get_decision(db, cur.lastrowid)


def list_decisions(
    db: Database,
    *,
    meeting_id: int | None = None,
    task_force_id: int | None = None,
    search: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
    statuses: tuple[str, ...] | list[str] | None = None,
    ids: list[int] | None = None,
) -> list[Decision]:
    """Decisions by time; ``search`` is full-text over text and rationale (word prefixes);
    ``statuses`` keeps those in one of these statuses (``db.governance.STATUSES``)."""
    from db.governance import attach

    where: list[str] = []
    params: list[object] = []
    if statuses:
        where.append(f"st.status IN ({rows.placeholders(statuses)})")
        params.extend(statuses)
    if ids is not None:
        where.append("x.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(ids))
    if meeting_id is not None:
        where.append("x.meeting_id = ?")
        params.append(meeting_id)
    if task_force_id is not None:
        where.append("x.task_force_id = ?")
        params.append(task_force_id)
    terms = words(search or "")
    if search is not None and search.strip() and not terms:
        return []
    if terms:
        where.append("x.id IN (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH ?)")
        params.append(" ".join(f'"{t}"*' for t in terms))
    sql = rows.DECISION_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += (
        " ORDER BY x.recorded_at DESC, x.id DESC"
        if newest_first
        else " ORDER BY x.recorded_at, x.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return attach(db, [rows.decision(r) for r in rows.rows(db, sql, params)])


def chain(db: Database, decision_id: int) -> list[Decision]:
    """The whole supersedes chain through ``decision_id``, oldest first."""
    first = get_decision(db, decision_id)
    while first.supersedes is not None:
        first = get_decision(db, first.supersedes)
    out = [first]
    while out[-1].superseded_by is not None:
        out.append(get_decision(db, out[-1].superseded_by))
    return out
