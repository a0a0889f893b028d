"""What the Tasks screen opens on (a module of its own: Home builds these without
importing the Tasks screen until one is opened)."""

from __future__ import annotations

from db.lazyclass import dataclass

__all__ = ["TaskFilter"]


@dataclass(frozen=True)
class TaskFilter:
    """What the Tasks screen opens on: the filters set, and the task under the cursor."""

    owner_id: int | None = None
    department_id: int | None = None
    status: str = "open"  # "open", "done" or "all"
    overdue: bool = False
    task_id: int | None = None  # put the cursor on this task (shown whatever its status)
