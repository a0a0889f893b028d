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
    db: Database,
    today: date,
    where: str,
    order: str,
    params: list[object],
    limit: int = -1,
    *,
    owners: list[int] | None = None,
) -> list[Load]:
    # The counts come from grouped subqueries over the owner indexes: the open tasks'
    # partial index alone (OPEN_TASKS), in owner order, so this stays quick with a
    # million tasks (only the open ones are read, and never their rows). ``owners``:
    # only theirs are counted (and only they are listed).
    among = f"AND t.owner_id IN ({', '.join('?' * len(owners))})" if owners is not None else ""
    sql = f"""
        SELECT p.id AS person_id, p.name, p.department_id, d.name AS department,
               COALESCE(t.open_tasks, 0) AS open_tasks, COALESCE(t.overdue, 0) AS overdue,
               COALESCE(a.areas, 0) AS areas
        FROM people p
        LEFT JOIN departments d ON d.id = p.department_id
        LEFT JOIN (SELECT t.owner_id, COUNT(*) AS open_tasks, SUM({past_due_sql()}) AS overdue
                   FROM tasks t INDEXED BY {OPEN_TASKS} WHERE t.status = 'open' {among}
                   GROUP BY t.owner_id) t
               ON t.owner_id = p.id
        LEFT JOIN (SELECT owner_id, COUNT(*) AS areas FROM areas GROUP BY owner_id) a
               ON a.owner_id = p.id
        {where}
        ORDER BY {order}, p.name
        LIMIT ?"""
    bound = [today.isoformat(), *(owners or []), *params, limit]
    return [Load(**r) for r in rows.rows(db, sql, bound)]


def load_per_person(db: Database, today: date, *, department_id: int | None = None) -> list[Load]:
    """Every person (optionally of one department), heaviest load first, then by name."""
    if department_id is None:
        return _loads(db, today, "", "open_tasks + areas DESC", [])
    return _loads(
        db, today, "WHERE p.department_id = ?", "open_tasks + areas DESC", [department_id]
    )


def open_counts(db: Database, today: date) -> dict[int, tuple[int, int]]:
    """Each owner's open tasks and overdue ones, in one pass over the open tasks' index
    (Home's workload and overdue panels share it: with a million tasks the pass is most of
    their cost)."""
    return {
        r[0]: (int(r[1]), int(r[2]))
        for r in db.execute(
            f"""SELECT t.owner_id, COUNT(*), SUM({past_due_sql()})
                FROM tasks t INDEXED BY {OPEN_TASKS} WHERE t.status = 'open'
                GROUP BY t.owner_id""",
            [today.isoformat()],
        )
    }


# Past this many people tied for the last place, the busiest are read in one query instead.
MOST_CANDIDATES = 500


def busiest(
    db: Database,
    today: date,
    *,
    limit: int = 15,
    counts: dict[int, tuple[int, int]] | None = None,
) -> list[Load]:
    """People with open tasks, the most open tasks first (ties by name), at most ``limit``.

    ``counts``: ``open_counts`` already read; only the people who can be among the
    busiest (as many open tasks as the ``limit``-th) are then read, with their areas.
    """
    where, order = "WHERE t.open_tasks > 0", "open_tasks DESC"
    if counts is None:
        return _loads(db, today, where, order, [], limit)
    if not counts or limit <= 0:
        return []
    ranked = sorted((open_ for open_, _ in counts.values()), reverse=True)
    floor = ranked[min(limit, len(ranked)) - 1]
    candidates = sorted(owner for owner, (open_, _) in counts.items() if open_ >= floor)
    if len(candidates) > MOST_CANDIDATES:
        return _loads(db, today, where, order, [], limit)
    return _loads(db, today, where, order, [], limit, owners=candidates)
