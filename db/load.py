"""Load per person: how many open tasks (and overdue ones) and areas each person holds.

The one home of per-person workload: the Responsibilities screen lists everyone's
``Load`` (``load_per_person``), the Home screen's workload panel the busiest
people's (``busiest``); both read the same counts from the same query.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from db import rows
from db.lazyclass import dataclass
from db.tasks import OPEN_TASKS, past_due_sql

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Load:
    """One person's open tasks, overdue tasks and areas of responsibility."""

    person_id: int
    name: str
    department_id: int | None
    department: str | None
    open_tasks: int
    overdue: int
    areas: int


def _loads(
    db: Database, today: date, where: str, order: str, params: list[object], limit: int = -1
) -> list[Load]:
    # The counts come from grouped subqueries over the owner indexes: the open tasks'
    # partial index alone (OPEN_TASKS), in owner order, so this stays quick with a
    # million tasks (only the open ones are read, and never their rows).
    sql = f"""
        SELECT p.id AS person_id, p.name, p.department_id, d.name AS department,
               COALESCE(t.open_tasks, 0) AS open_tasks, COALESCE(t.overdue, 0) AS overdue,
               COALESCE(a.areas, 0) AS areas
        FROM people p
        LEFT JOIN departments d ON d.id = p.department_id
        LEFT JOIN (SELECT t.owner_id, COUNT(*) AS open_tasks, SUM({past_due_sql()}) AS overdue
                   FROM tasks t INDEXED BY {OPEN_TASKS} WHERE t.status = 'open'
                   GROUP BY t.owner_id) t
               ON t.owner_id = p.id
        LEFT JOIN (SELECT owner_id, COUNT(*) AS areas FROM areas GROUP BY owner_id) a
               ON a.owner_id = p.id
        {where}
        ORDER BY {order}, p.name
        LIMIT ?"""
    return [Load(**r) for r in rows.rows(db, sql, [today.isoformat(), *params, limit])]


def load_per_person(db: Database, today: date, *, department_id: int | None = None) -> list[Load]:
    """Every person (optionally of one department), heaviest load first, then by name."""
    if department_id is None:
        return _loads(db, today, "", "open_tasks + areas DESC", [])
    return _loads(
        db, today, "WHERE p.department_id = ?", "open_tasks + areas DESC", [department_id]
    )


def busiest(db: Database, today: date, *, limit: int = 15) -> list[Load]:
    """People with open tasks, the most open tasks first (ties by name), at most ``limit``."""
    return _loads(db, today, "WHERE t.open_tasks > 0", "open_tasks DESC", [], limit)
