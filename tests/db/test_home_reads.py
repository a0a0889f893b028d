"""Home's per-person counts read the open tasks' index alone (m010), and count as before.

With a million tasks, Home's workload and overdue-by-department panels stay as quick as
with 100,000 only if they never read each open task's row (issue 16): these tests pin the
query plans to the partial index of open tasks and the counts to the plain rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta

from sqlite_utils import Database

from db import dashboard, load, tasks
from db.people import list_people
from tests.conftest import Team

DUE = date(2026, 11, 27)


def _reads_of_tasks(db: Database, read: Callable[[], object]) -> tuple[set[str], int]:
    """What the statements ``read`` runs open on the tasks table (its indexes by name) and
    how many values they take from the tasks' rows themselves (their bytecode, EXPLAIN)."""
    statements: list[str] = []
    conn = db.conn
    conn.set_trace_callback(statements.append)
    try:
        read()
    finally:
        conn.set_trace_callback(None)
    on_tasks = {
        int(r[1]): str(r[0])
        for r in conn.execute("SELECT name, rootpage FROM sqlite_master WHERE tbl_name = 'tasks'")
    }
    opened: set[str] = set()
    row_reads = 0
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        cursors: dict[int, str] = {}
        for _addr, op, p1, p2, *_rest in conn.execute("EXPLAIN " + sql):
            if op == "OpenRead" and p2 in on_tasks:
                cursors[p1] = on_tasks[p2]
                if on_tasks[p2] != "tasks":
                    opened.add(on_tasks[p2])
            elif op == "Column" and cursors.get(p1) == "tasks":
                row_reads += 1
    return opened, row_reads


def _some_tasks(team: Team) -> None:
    for title, owner, due in [
        ("Call the Globex buyer", "Sara Ito", DUE),
        ("Send pricing sheet", "Sara Ito", DUE - timedelta(3)),
        ("Book the demo room", "Sara Ito", None),
        ("Draft the newsletter", "Omar Haddad", DUE + timedelta(5)),
        ("Review webinar slides", "Omar Haddad", DUE - timedelta(1)),
        ("Renew trade show stand", "Tom Berg", DUE - timedelta(9)),
    ]:
        tasks.add_task(team.db, team.admin, title, owner, due=due)
    done = tasks.add_task(team.db, team.admin, "Closed already", "Tom Berg", due=DUE)
    tasks.complete_task(team.db, team.admin, done.id)


def test_home_counts_read_only_the_open_tasks_index(team: Team) -> None:
    _some_tasks(team)
    today = DUE + timedelta(1)
    for read in (
        lambda: load.busiest(team.db, today),
        lambda: dashboard.overdue_by_department(team.db, today),
    ):
        # Only the partial index of open tasks, and never a value from a task's row.
        assert _reads_of_tasks(team.db, read) == ({tasks.OPEN_TASKS}, 0)


def test_home_counts_are_the_rule_counted_by_hand(team: Team) -> None:
    _some_tasks(team)
    today = DUE + timedelta(1)
    every = tasks.list_tasks(team.db, status="all")
    open_by = Counter(t.owner_id for t in every if t.status == "open")
    overdue_by = Counter(t.owner_id for t in every if tasks.is_overdue(t, today))
    people = {p.id: p for p in list_people(team.db)}
    busiest = load.busiest(team.db, today)
    assert {x.person_id: (x.open_tasks, x.overdue) for x in busiest} == {
        pid: (n, overdue_by[pid]) for pid, n in open_by.items()
    }
    per_department: Counter[int | None] = Counter()
    for pid, n in overdue_by.items():
        per_department[people[pid].department_id] += n
    by_department = dashboard.overdue_by_department(team.db, today)
    assert {d.department_id: d.overdue for d in by_department if d.overdue} == dict(per_department)


def test_one_pass_of_counts_gives_both_panels_as_their_own_queries_do(team: Team) -> None:
    """Home reads the per-owner counts once (``open_counts``) for the workload and the
    overdue panels: the same rows, in the same order (ties by name), at every limit."""
    _some_tasks(team)
    # A tie for the last place: Omar and Tom both hold two open tasks.
    tasks.add_task(team.db, team.admin, "Plan the offsite", "Tom Berg", due=DUE)
    today = DUE + timedelta(1)
    counts = load.open_counts(team.db, today)
    for limit in (1, 2, 3, 10):
        assert load.busiest(team.db, today, limit=limit, counts=counts) == load.busiest(
            team.db, today, limit=limit
        )
    assert dashboard.overdue_by_department(
        team.db, today, counts=counts
    ) == dashboard.overdue_by_department(team.db, today)
    assert _reads_of_tasks(team.db, lambda: load.open_counts(team.db, today)) == (
        {tasks.OPEN_TASKS},
        0,
    )
