"""`tandem check`: SQLite integrity, the domain invariants, tampering (db.tamper), and what
is overlooked (rule 3)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from db import rows
from db.dates import local_today
from db.models import Overlooked, Person
from db.names import name_collisions
from db.tasks import overdue_sql

if TYPE_CHECKING:
    from sqlite_utils import Database


def damage(db: Database) -> list[str]:
    """Integrity and invariant problems; empty when the database is sound."""
    problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check"):
        problems.append(f"{table} row {rowid} points at a missing {parent} row")
    # History replays to the current owner: the newest entry of each task names its owner.
    for task_id, owner_id, last_to in db.execute(
        """SELECT t.id, t.owner_id,
                  (SELECT h.to_id FROM task_history h WHERE h.task_id = t.id ORDER BY h.id DESC LIMIT 1)
           FROM tasks t"""
    ):
        if last_to is None:
            problems.append(f"task {task_id} has no assignment in its history")
        elif last_to != owner_id:
            problems.append(
                f"task {task_id}: its history ends with person {last_to}, but its owner is {owner_id}"
            )
    for (tf_id,) in db.execute(
        """SELECT m.task_force_id FROM task_force_members m JOIN people p ON p.id = m.person_id
           GROUP BY m.task_force_id HAVING COUNT(DISTINCT p.department_id) < 2"""
    ):
        problems.append(f"task force {tf_id} no longer spans two departments")
    for dept, head in db.execute(
        """SELECT d.name, p.name FROM departments d JOIN people p ON p.id = d.head_id
           WHERE p.department_id IS NOT d.id"""
    ):
        problems.append(f"{head}, head of {dept}, is not in {dept}")
    problems.extend(name_collisions(db))  # rule 8: no two names that look the same
    from db.tamper import tamper_problems

    return problems + tamper_problems(db)


def overlooked(db: Database, *, today: date | None = None, limit: int | None = None) -> Overlooked:
    """Overdue tasks, items that ended without outcome, decisions without follow-up."""
    day = (today or local_today()).isoformat()
    lim = f" LIMIT {int(limit)}" if limit is not None else ""
    overdue = [
        rows.task(r)
        for r in rows.rows(
            db,
            rows.TASK_SELECT + f" WHERE {overdue_sql()} ORDER BY t.due, t.id" + lim,
            [day],
        )
    ]
    items = [
        rows.item(r)
        for r in rows.rows(
            db,
            rows.ITEM_SELECT
            + """ JOIN meetings m ON m.id = i.meeting_id
                 JOIN agenda_item_outcomes o ON o.item_id = i.id
                 WHERE m.status = 'closed' AND o.to_carry_over
                   AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.agenda_item_id = i.id)
                   AND NOT EXISTS (SELECT 1 FROM agenda_items c WHERE c.carried_from_id = i.id)
                 ORDER BY m.at, i.position"""
            + lim,
        )
    ]
    decisions = [
        rows.decision(r)
        for r in rows.rows(
            db,
            rows.DECISION_SELECT
            + """ WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.decision_id = x.id)
                   AND (x.agenda_item_id IS NULL
                        OR NOT EXISTS (SELECT 1 FROM tasks t WHERE t.agenda_item_id = x.agenda_item_id))
                   AND NOT EXISTS (SELECT 1 FROM decisions n WHERE n.supersedes_id = x.id)
                   AND st.status = 'in-force'
                 ORDER BY x.recorded_at, x.id"""
            + lim,
        )
    ]
    return Overlooked(
        overdue_tasks=overdue, items_without_outcome=items, decisions_without_follow_up=decisions
    )


def check(db: Database, *, today: date | None = None, person: Person | None = None) -> Overlooked:
    """Everything `tandem check` reports: damage in ``problems``, plus what is overlooked;
    with ``person``, the proposals waiting for their approval too."""
    from db.governance import open_proposals, waiting_for
    from db.sla import missed_without_task

    found = overlooked(db, today=today)
    return Overlooked(
        overdue_tasks=found.overdue_tasks,
        items_without_outcome=found.items_without_outcome,
        decisions_without_follow_up=found.decisions_without_follow_up,
        problems=damage(db),
        missed_sla_periods=missed_without_task(db),
        open_proposals=open_proposals(db),
        waiting_for_you=waiting_for(db, person) if person is not None else [],
    )
