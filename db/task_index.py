"""The Tasks screen's view of 100,000 tasks: the ordered ids once, then rows a page at a time.

Reading every id of a filter in display order is one index-backed query
(~0.1 s at 100,000 tasks, under 1 MB as an ``array``); a page is then read by
id, so jumping to row 90,000 costs the same as row 0, where ``OFFSET`` would
sort and skip 90,000 rows on every page.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from datetime import date

from sqlite_utils import Database

from db import rows
from db.models import Task
from db.tasks import _filters


def task_ids(
    db: Database,
    *,
    owner_id: int | None = None,
    department_id: int | None = None,
    status: str = "open",
    overdue: bool = False,
    text: str | None = None,
    today: date | None = None,
) -> array[int]:
    """The ids of the matching tasks in ``list_tasks`` order (due date, none last, then id).

    Raises:
        Invalid: an unknown status.
    """
    where, params = _filters(owner_id, department_id, status, overdue, text, None, today)
    # The owner join is only needed to filter by department (the owner's department).
    join = " JOIN people o ON o.id = t.owner_id" if department_id is not None else ""
    sql = f"SELECT t.id FROM tasks t{join}{where} ORDER BY t.due IS NULL, t.due, t.id"
    return array("q", (r[0] for r in db.execute(sql, params)))


def tasks_by_ids(db: Database, ids: Sequence[int]) -> list[Task]:
    """The tasks with these ids, in the order given (ids no longer there are skipped)."""
    if not ids:
        return []
    wanted = list(ids)
    found = {
        r["id"]: rows.task(r)
        for r in rows.rows(
            db, rows.TASK_SELECT + f" WHERE t.id IN ({rows.placeholders(wanted)})", wanted
        )
    }
    return [found[i] for i in wanted if i in found]
