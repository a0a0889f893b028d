"""The Tasks screen's view of 100,000 tasks: the ordered ids once, then rows a page at a time.

``task_ids`` (from ``db.tasks``, beside the filters and order it shares with
``list_tasks``) reads the ids; ``tasks_by_ids`` reads a page of them.

Reading every id of a filter in display order is one index-backed query
(~0.1 s at 100,000 tasks, under 1 MB as an ``array``); a page is then read by
id, so jumping to row 90,000 costs the same as row 0, where ``OFFSET`` would
sort and skip 90,000 rows on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from db import rows
from db.models import Task
from db.tasks import task_ids

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["task_ids", "tasks_by_ids"]


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
