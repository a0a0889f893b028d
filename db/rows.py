"""Shared SELECTs and row-to-model mapping, so every module reads alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from db.models import AgendaItem, Decision, HistoryEntry, Person, Task

if TYPE_CHECKING:
    from sqlite_utils import Database

PERSON_SELECT = """
SELECT p.id, p.name, p.department_id, d.name AS department, p.title, p.email, p.is_admin, p.login,
       (SELECT l.left_at FROM people_left l WHERE l.person_id = p.id) AS left_at,
       EXISTS (SELECT 1 FROM departments h WHERE h.head_id = p.id) AS is_head
FROM people p LEFT JOIN departments d ON d.id = p.department_id
"""

TASK_SELECT = """
SELECT t.id, t.title, t.owner_id, o.name AS owner, o.department_id, d.name AS department,
       t.status, t.due, t.meeting_id, t.agenda_item_id, t.decision_id,
       t.assigned_by AS assigned_by_id, a.name AS assigned_by, t.created_at, t.done_at, t.version
FROM tasks t
JOIN people o ON o.id = t.owner_id
JOIN people a ON a.id = t.assigned_by
LEFT JOIN departments d ON d.id = o.department_id
"""

ITEM_SELECT = """
SELECT i.id, i.meeting_id, i.position, i.title, i.presenter_id, p.name AS presenter,
       i.department_id, d.name AS department, i.minutes,
       -- A parked item (m008: it waits in the backlog) shows as such; its run stays stored.
       CASE WHEN EXISTS (SELECT 1 FROM backlog b WHERE b.parked_item_id = i.id)
            THEN 'parked' ELSE i.status END AS status,
       i.started_at, i.ended_at, i.resumed_at, i.spent_seconds,
       i.notes, i.carried_from_id, i.is_review, i.version
FROM agenda_items i
LEFT JOIN people p ON p.id = i.presenter_id
LEFT JOIN departments d ON d.id = i.department_id
"""

DECISION_SELECT = """
SELECT x.id, x.text, x.rationale, x.meeting_id, i.position AS agenda_item, x.agenda_item_id,
       x.task_force_id, tf.name AS task_force, r.name AS recorded_by, x.recorded_at,
       x.supersedes_id AS supersedes,
       (SELECT MIN(n.id) FROM decisions n LEFT JOIN proposal_outcomes no ON no.decision_id = n.id
        WHERE n.supersedes_id = x.id AND (n.two_key = 0 OR no.outcome = 'in-force'))
           AS superseded_by,
       dg.name AS delegated_by, x.two_key, st.status, st.in_force_at
FROM decisions x
JOIN decision_status st ON st.decision_id = x.id
JOIN people r ON r.id = x.recorded_by
LEFT JOIN people dg ON dg.id = x.delegated_by
LEFT JOIN agenda_items i ON i.id = x.agenda_item_id
LEFT JOIN task_forces tf ON tf.id = x.task_force_id
"""


def rows(
    db: Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


def one(
    db: Database, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> dict[str, Any] | None:
    for row in db.query(sql, params):
        return row
    return None


def person(row: dict[str, Any]) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        department_id=row["department_id"],
        department=row["department"],
        title=row["title"],
        email=row["email"],
        is_admin=bool(row["is_admin"]),
        is_head=bool(row["is_head"]),
        login=row.get("login"),
        left_at=row.get("left_at"),
    )


def task(row: dict[str, Any]) -> Task:
    return Task(**row)


def item(row: dict[str, Any]) -> AgendaItem:
    return AgendaItem(**{**row, "is_review": bool(row["is_review"])})


def decision(row: dict[str, Any]) -> Decision:
    return Decision(**{**row, "two_key": bool(row["two_key"])})


def placeholders(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


# Owner history of a task or an area: the same columns in task_history and area_history.
_HISTORY_OF = {"task_history": "task_id", "area_history": "area_id"}


def history(db: Database, table: str, record_id: int) -> list[HistoryEntry]:
    """Every owner a task or area had, oldest first (``table``: task_history or area_history)."""
    column = _HISTORY_OF[table]
    return [
        HistoryEntry(
            at=r["at"],
            actor=r["actor"],
            from_=r["from_"],
            to=r["to"],
            reason=r["reason"],
            delegated_by=r["delegated_by"],
        )
        for r in rows(
            db,
            f"""SELECT h.at, a.name AS actor, f.name AS from_, t.name AS "to", h.reason,
                       dg.name AS delegated_by
                FROM {table} h JOIN people a ON a.id = h.actor_id
                LEFT JOIN people f ON f.id = h.from_id JOIN people t ON t.id = h.to_id
                LEFT JOIN people dg ON dg.id = h.delegated_by
                WHERE h.{column} = ? ORDER BY h.id""",
            [record_id],
        )
    ]
