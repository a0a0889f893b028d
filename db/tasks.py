"""Tasks: one owner each, no silent duplicates, every (re)assignment in history."""

from __future__ import annotations

import json
from array import array
from collections import Counter
from datetime import date, datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, write
from db.dates import local_today, stamp
from db.errors import ClosedMeeting, Duplicate, Invalid, NotFound
from db.models import HistoryEntry, Person, Task
from db.people import get_person, require_active
from db.permissions import require_complete, require_give_task, require_reassign
from db.text import optional, required, title_key, words
from db.versioning import check_version

if TYPE_CHECKING:
    from sqlite_utils import Database

# token_sort_ratio at or above this is "the same task" (rule 2).
DUPLICATE_SCORE = 88
_CANDIDATES = 60
_STOP = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"]
)
STATES = ("open", "done")  # a task is in one of these
STATUSES = (*STATES, "all")  # what a listing may ask for


def overdue_sql(alias: str = "t") -> str:
    """The rule "overdue" as SQL: open, and due before today (bind today's ISO date to ``?``).

    The one definition in SQL; ``is_overdue`` says the same of a task in hand. A due
    date is a local day, so a task due today is not overdue until tomorrow. Always 0 or
    1 (never NULL), so it can be counted and sorted on.
    """
    return f"({alias}.status = 'open' AND {past_due_sql(alias)})"


def past_due_sql(alias: str = "t") -> str:
    """``overdue_sql`` for a query that reads open tasks only (``status = 'open'`` in its
    WHERE): the due date alone, so the open tasks' index (``OPEN_TASKS``) answers it without
    reading the tasks' rows. Bind today's ISO date to ``?``; always 0 or 1."""
    return f"({alias}.due IS NOT NULL AND {alias}.due < ?)"


# The open tasks by owner then due date (a partial index, m010): counts per person of open
# and overdue tasks read it alone. Named (INDEXED BY): without statistics the planner would
# take the (status, due) index and look up every open task's row for its owner.
OPEN_TASKS = "tasks_open_owner_due"


def is_overdue(task: Task, today: date) -> bool:
    """Whether ``task`` is overdue on ``today`` (``overdue_sql`` for a task in hand)."""
    return task.status == "open" and task.due is not None and task.due < today.isoformat()


def get_task(db: Database, task_id: int) -> Task:
    row = rows.one(db, rows.TASK_SELECT + " WHERE t.id = ?", [task_id])
    if row is None:
        raise NotFound("task", task_id)
    return rows.task(row)


def _fts_query(terms: list[str], *, prefix: bool = False) -> str:
    star = "*" if prefix else ""
    return " ".join(f'"{t}"{star}' for t in terms)


def _ratio_bound(a: str, b: str) -> float:
    """An upper bound of ``fuzz.token_sort_ratio(a, b)`` for title keys (sorted words)."""
    total = len(a) + len(b)
    if not total:
        return 100.0
    shared = sum((Counter(a) & Counter(b)).values())
    return 200.0 * shared / total


def find_duplicate(db: Database, title: str, *, exclude_id: int | None = None) -> Task | None:
    """The open task whose title closely matches ``title`` (case, punctuation, word order ignored).

    The candidates are narrowed first (same word set through an index, then
    full-text search on the title's words), so only a few dozen titles are
    fuzzy-matched however many tasks there are.
    """
    key = title_key(title)
    if not key:
        return None
    row = rows.one(
        db,
        rows.TASK_SELECT + " WHERE t.status = 'open' AND t.title_key = ? AND t.id IS NOT ? LIMIT 1",
        [key, exclude_id],
    )
    if row:
        return rows.task(row)
    terms = sorted({w for w in words(title) if w not in _STOP}) or sorted(set(words(title)))
    match = " OR ".join(f'"{t}"' for t in terms)
    candidates = db.execute(
        """SELECT t.id, t.title_key FROM tasks_fts f JOIN tasks t ON t.id = f.rowid
           WHERE tasks_fts MATCH ? AND t.status = 'open' AND t.id IS NOT ?
           ORDER BY f.rank LIMIT ?""",
        [match, exclude_id, _CANDIDATES],
    ).fetchall()
    # token_sort_ratio is 200 * LCS / (len1 + len2) on the sorted keys, and the LCS
    # is at most the characters the two keys share, so most candidates are ruled
    # out without rapidfuzz (importing it is ~20 ms of a ~250 ms `task add`).
    hopeful = [(i, k) for i, k in candidates if _ratio_bound(key, k) >= DUPLICATE_SCORE]
    if not hopeful:
        return None
    from rapidfuzz import fuzz

    best_id, best = None, 0.0
    for cand_id, cand_key in hopeful:
        score = fuzz.token_sort_ratio(key, cand_key)
        if score > best:
            best_id, best = cand_id, score
    if best_id is not None and best >= DUPLICATE_SCORE:
        return get_task(db, best_id)
    return None


def duplicate_error(existing: Task) -> Duplicate:
    return Duplicate(
        f"task {existing.id} {existing.title!r} (owner {existing.owner}) is already open",
        existing.id,
        existing.title,
        existing.owner,
        kind="task",
    )


def add_task(
    db: Database,
    actor: Person,
    title: str,
    owner: str | int,
    *,
    due: date | None = None,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
    decision_id: int | None = None,
    allow_duplicate: bool = False,
    now: datetime | None = None,
) -> Task:
    """Give a new task to exactly one owner.

    Raises:
        PermissionDenied: see ``db.permissions``; Duplicate: a near-duplicate is open.
    """
    clean_title = required(title, "a task's title", single_line=True, limit=10_000)
    if not title_key(clean_title):
        raise Invalid("a task's title needs at least one letter or digit")
    with write(db, actor, "task.add"):
        person = get_person(db, owner)
        require_active(person, "receive new work")
        if meeting_id is not None:
            status = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
            if status is None:
                raise NotFound("meeting", meeting_id)
            if status[0] == "closed":
                raise ClosedMeeting(meeting_id, frozen="action items")
        require_give_task(db, actor, person, meeting_id)
        if not allow_duplicate:
            existing = find_duplicate(db, clean_title)
            if existing is not None:
                raise duplicate_error(existing)
        at = stamp(now)
        cur = db.execute(
            """INSERT INTO tasks (title, title_key, owner_id, assigned_by, due, status, created_at,
                                  meeting_id, agenda_item_id, decision_id, updated_at, updated_by)
               VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?)""",
            [
                clean_title,
                title_key(clean_title),
                person.id,
                actor.id,
                due.isoformat() if due else None,
                at,
                meeting_id,
                agenda_item_id,
                decision_id,
                at,
                actor.id,
            ],
        )
        task_id = cur.lastrowid
        assert task_id is not None
        db.execute(
            "INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason, delegated_by) VALUES (?, ?, ?, NULL, ?, ?, ?)",
            [task_id, at, actor.id, person.id, "assigned", delegated_by(db)],
        )
        return get_task(db, task_id)


def complete_task(
    db: Database,
    actor: Person,
    task_id: int,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Mark a task done (owner, assigner, the owner's head, admin)."""
    with write(db, actor, "task.done"):
        task = get_task(db, task_id)
        check_version(db, "tasks", task_id, expected_version, f"task {task_id}")
        require_complete(db, actor, task)
        if task.status == "done":
            raise Invalid(f"task {task_id} is already done")
        at = stamp(now)
        db.execute(
            """UPDATE tasks SET status = 'done', done_at = ?, done_by = ?, version = version + 1,
               updated_at = ?, updated_by = ? WHERE id = ?""",
            [at, actor.id, at, actor.id, task_id],
        )
        return get_task(db, task_id)


def reassign_task(
    db: Database,
    actor: Person,
    task_id: int,
    to: str | int,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Task:
    """Move a task to a new single owner and record who, when, from, to and why."""
    clean_reason = optional(reason, "the reason", limit=10_000)
    with write(db, actor, "task.reassign"):
        task = get_task(db, task_id)
        check_version(db, "tasks", task_id, expected_version, f"task {task_id}")
        new_owner = get_person(db, to)
        require_reassign(db, actor, task, new_owner)
        require_active(new_owner, "receive new work")
        if task.status == "done":
            raise Invalid(f"task {task_id} is done; a finished task keeps its owner")
        if new_owner.id == task.owner_id:
            raise Invalid(f"task {task_id} is already owned by {new_owner.name}")
        at = stamp(now)
        db.execute(
            "UPDATE tasks SET owner_id = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [new_owner.id, at, actor.id, task_id],
        )
        db.execute(
            "INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason, delegated_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [task_id, at, actor.id, task.owner_id, new_owner.id, clean_reason, delegated_by(db)],
        )
        return get_task(db, task_id)


def task_history(db: Database, task_id: int) -> list[HistoryEntry]:
    get_task(db, task_id)
    return rows.history(db, "task_history", task_id)


# The order of every task list: by due date (none last), then id.
_ORDER = " ORDER BY t.due IS NULL, t.due, t.id"


def _filters(
    owner_id: int | None,
    department_id: int | None,
    status: str,
    overdue: bool,
    text: str | None,
    meeting_id: int | None,
    today: date | None,
) -> tuple[str, list[object]]:
    if status not in STATUSES:
        raise Invalid(f"invalid status {status!r}: use open, done or all")
    where: list[str] = []
    params: list[object] = []
    if owner_id is not None:
        where.append("t.owner_id = ?")
        params.append(owner_id)
    if department_id is not None:
        where.append("o.department_id = ?")
        params.append(department_id)
    if status != "all":
        where.append("t.status = ?")
        params.append(status)
    if overdue:
        where.append(overdue_sql())
        params.append((today or local_today()).isoformat())
    if meeting_id is not None:
        where.append("t.meeting_id = ?")
        params.append(meeting_id)
    terms = words(text or "")
    if terms:
        where.append("t.id IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH ?)")
        params.append(_fts_query(terms, prefix=True))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def list_tasks(
    db: Database,
    *,
    owner_id: int | None = None,
    department_id: int | None = None,
    status: str = "open",
    overdue: bool = False,
    text: str | None = None,
    meeting_id: int | None = None,
    today: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Task]:
    """Tasks by due date (none last) then id; ``limit``/``offset`` page through them."""
    where, params = _filters(owner_id, department_id, status, overdue, text, meeting_id, today)
    sql = rows.TASK_SELECT + where + _ORDER
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [rows.task(r) for r in rows.rows(db, sql, params)]


def count_tasks(
    db: Database,
    *,
    owner_id: int | None = None,
    department_id: int | None = None,
    status: str = "open",
    overdue: bool = False,
    text: str | None = None,
    meeting_id: int | None = None,
    today: date | None = None,
) -> int:
    where, params = _filters(owner_id, department_id, status, overdue, text, meeting_id, today)
    # The owner join only to filter by department: without it, a count of every task is
    # one walk of the smallest index (the Tasks screen counts them on each filter).
    join = " JOIN people o ON o.id = t.owner_id" if department_id is not None else ""
    sql = f"SELECT COUNT(*) FROM tasks t{join}" + where
    return int(db.execute(sql, params).fetchone()[0])


def task_ids(
    db: Database,
    *,
    owner_id: int | None = None,
    department_id: int | None = None,
    status: str = "open",
    overdue: bool = False,
    text: str | None = None,
    today: date | None = None,
    limit: int | None = None,
) -> array[int]:
    """The ids of the matching tasks in ``list_tasks`` order, in one index-backed query
    (only the first ``limit`` when given: the top of a long list, see ``_first_ids``).

    For paging through 100,000 tasks (``db.task_index``): under 1 MB as an ``array``.

    Raises:
        Invalid: an unknown status.
    """
    if limit is not None and not words(text or "") and owner_id is None:
        return _first_ids(db, department_id, status, overdue, text, today, limit)
    where, params = _filters(owner_id, department_id, status, overdue, text, None, today)
    # The owner join is only needed to filter by department (the owner's department).
    join = " JOIN people o ON o.id = t.owner_id" if department_id is not None else ""
    sql = f"SELECT t.id FROM tasks t{join}{where}{_ORDER}"
    if limit is not None:
        # Words or an owner narrow the matches first (search table, owner index): sorting
        # those is quicker than walking the due dates of every task.
        found = db.execute(sql + " LIMIT ?", [*params, limit])
        return array("q", (r[0] for r in found))
    # One JSON array built by SQLite, not a Python object per row: a million ids cost
    # ~0.2 s of the interpreter instead of ~1.5 s, so a read on another thread (the
    # app's reader) hardly slows the event loop. The subquery's order is kept (an
    # ordered subquery under an aggregate is not flattened).
    (found,) = db.execute(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
    return array("q", json.loads(found))


def _first_ids(
    db: Database,
    department_id: int | None,
    status: str,
    overdue: bool,
    text: str | None,
    today: date | None,
    limit: int,
) -> array[int]:
    """The first ``limit`` ids in ``list_tasks`` order, as quick with a million tasks as
    with a hundred.

    Without words or an owner to narrow them, the matches can be every task, and the
    order (due dates, none last, then id) is not one an index gives: a LIMIT on it
    would still sort them all. Read instead, per status, the dated tasks by
    (due, id) and the undated ones by id: each walks the (status, due) index and stops
    after ``limit`` rows; the parts are merged here.
    """
    join = " JOIN people o ON o.id = t.owner_id" if department_id is not None else ""
    dated: list[tuple[str, int]] = []
    undated: list[int] = []
    for each in STATES if status == "all" else (status,):
        where, params = _filters(None, department_id, each, overdue, text, None, today)
        select = f"SELECT t.id, t.due FROM tasks t{join}{where} AND t.due IS "
        dated += [
            (r[1], r[0])
            for r in db.execute(select + "NOT NULL ORDER BY t.due, t.id LIMIT ?", [*params, limit])
        ]
        undated += [
            r[0] for r in db.execute(select + "NULL ORDER BY t.id LIMIT ?", [*params, limit])
        ]
    ordered = [i for _due, i in sorted(dated)] + sorted(undated)
    return array("q", ordered[:limit])
