"""Home screen queries: a handful of bounded SELECTs, one per panel, no N+1.

Each panel is one query with a LIMIT, so the dashboard costs the same on a
database with 100,000 tasks as on one with ten.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import TYPE_CHECKING

from db import rows
from db.dates import local_today
from db.lazyclass import dataclass
from db.load import Load, busiest, open_counts
from db.models import Decision, Task
from db.tasks import OPEN_TASKS, overdue_sql

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class UpcomingMeeting:
    """A meeting that is running or still to come, with its agenda totals."""

    id: int
    title: str
    at: str
    minutes: int
    status: str
    facilitator: str
    task_force: str | None
    items: int
    planned_minutes: int


@dataclass(frozen=True)
class DepartmentOverdue:
    """How many open tasks owned in a department are past their due date."""

    department_id: int | None  # None: people with no department
    department: str | None
    overdue: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the Home screen shows."""

    upcoming: list[UpcomingMeeting] = field(default_factory=list)
    my_tasks: list[Task] = field(default_factory=list)
    my_task_count: int = 0
    overdue_by_department: list[DepartmentOverdue] = field(default_factory=list)
    workload: list[Load] = field(default_factory=list)  # the busiest people (db.load)
    recent_decisions: list[Decision] = field(default_factory=list)


def upcoming_meetings(db: Database, since: datetime, *, limit: int = 10) -> list[UpcomingMeeting]:
    """Running meetings, then planned ones from ``since`` on, by date; totals in the same query."""
    return [
        UpcomingMeeting(**r)
        for r in rows.rows(
            db,
            """SELECT m.id, m.title, m.at, m.minutes, m.status, f.name AS facilitator,
                      tf.name AS task_force,
                      (SELECT COUNT(*) FROM agenda_items i WHERE i.meeting_id = m.id) AS items,
                      (SELECT COALESCE(SUM(i.minutes), 0) FROM agenda_items i
                        WHERE i.meeting_id = m.id) AS planned_minutes
               FROM meetings m
               JOIN people f ON f.id = m.facilitator_id
               LEFT JOIN task_forces tf ON tf.id = m.task_force_id
               WHERE m.status = 'running' OR (m.status = 'planned' AND m.at >= ?)
               ORDER BY m.status != 'running', m.at, m.id
               LIMIT ?""",
            [since.astimezone().isoformat(timespec="seconds"), limit],
        )
    ]


def my_open_tasks(db: Database, person_id: int, today: date, *, limit: int = 20) -> list[Task]:
    """A person's open tasks: overdue first, then by due date (none last), then id."""
    day = today.isoformat()
    return [
        rows.task(r)
        for r in rows.rows(
            db,
            rows.TASK_SELECT
            + f""" WHERE t.owner_id = ? AND t.status = 'open'
                  ORDER BY {overdue_sql()} DESC, t.due IS NULL, t.due, t.id
                  LIMIT ?""",
            [person_id, day, limit],
        )
    ]


def count_open_tasks(db: Database, person_id: int) -> int:
    row = db.execute(
        "SELECT COUNT(*) FROM tasks WHERE owner_id = ? AND status = 'open'", [person_id]
    ).fetchone()
    return int(row[0])


def overdue_by_department(
    db: Database, today: date, *, counts: dict[int, tuple[int, int]] | None = None
) -> list[DepartmentOverdue]:
    """Overdue open tasks counted by their owner's department (every department listed).

    ``counts``: ``open_counts`` already read (Home's workload panel uses it too)."""
    totals: dict[int | None, int] = {}
    if counts is None:
        # Counted per owner on the open tasks' index alone (OPEN_TASKS: no task's row is
        # read, and no owner looked up per task), then per department over the owners.
        totals = {
            r[0]: int(r[1])
            for r in db.execute(
                f"""SELECT p.department_id, SUM(c.overdue) FROM (
                       SELECT t.owner_id, COUNT(*) AS overdue FROM tasks t INDEXED BY {OPEN_TASKS}
                       WHERE {overdue_sql()} GROUP BY t.owner_id) c
                   JOIN people p ON p.id = c.owner_id
                   GROUP BY p.department_id""",
                [today.isoformat()],
            )
        }
    else:
        for person_id, department_id in db.execute("SELECT id, department_id FROM people"):
            overdue = counts.get(person_id, (0, 0))[1]
            if overdue:
                totals[department_id] = totals.get(department_id, 0) + overdue
    found = [
        DepartmentOverdue(department_id=r[0], department=r[1], overdue=totals.get(r[0], 0))
        for r in db.execute("SELECT id, name FROM departments")
    ]
    found.sort(key=lambda d: (-d.overdue, d.department or ""))
    if totals.get(None):
        found.append(DepartmentOverdue(department_id=None, department=None, overdue=totals[None]))
    return found


def recent_decisions(db: Database, *, limit: int = 10) -> list[Decision]:
    """The latest decisions, newest first."""
    return [
        rows.decision(r)
        for r in rows.rows(
            db,
            rows.DECISION_SELECT + " ORDER BY x.recorded_at DESC, x.id DESC LIMIT ?",
            [limit],
        )
    ]


def dashboard(db: Database, person_id: int, now: datetime, *, limit: int = 10) -> Dashboard:
    """Every Home panel for ``person_id`` at ``now`` (local day for due dates)."""
    local = now.astimezone()
    today = local_today(now)
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    counts = open_counts(db, today)  # one pass over the open tasks for two panels
    return Dashboard(
        upcoming=upcoming_meetings(db, start_of_day, limit=limit),
        my_tasks=my_open_tasks(db, person_id, today, limit=2 * limit),
        my_task_count=count_open_tasks(db, person_id),
        overdue_by_department=overdue_by_department(db, today, counts=counts),
        workload=busiest(db, today, limit=limit, counts=counts),
        recent_decisions=recent_decisions(db, limit=limit),
    )
