"""Task forces: cross-department groups with one lead, formed to solve one problem."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import write
from db.dates import stamp
from db.errors import Invalid
from db.models import Member, Person, TaskForce
from db.names import find_row, refuse_taken
from db.people import get_person, require_active
from db.permissions import require_create_task_force
from db.text import required

if TYPE_CHECKING:
    from sqlite_utils import Database

_TF_SELECT = """
SELECT tf.id, tf.name, tf.problem, tf.lead_id, l.name AS lead, tf.created_at
FROM task_forces tf JOIN people l ON l.id = tf.lead_id
"""


def _members(db: Database, tf_id: int) -> tuple[Member, ...]:
    return tuple(
        Member(id=r["id"], name=r["name"], department=r["department"])
        for r in rows.rows(
            db,
            """SELECT p.id, p.name, d.name AS department FROM task_force_members m
               JOIN people p ON p.id = m.person_id LEFT JOIN departments d ON d.id = p.department_id
               WHERE m.task_force_id = ? ORDER BY d.name, p.name""",
            [tf_id],
        )
    )


def get_task_force(db: Database, ref: str | int) -> TaskForce:
    """A task force by id or by name; ``NotFound`` suggests close names."""
    row = find_row(db, _TF_SELECT, "tf.id", "task_forces", "task force", ref)
    return TaskForce(**row, members=_members(db, row["id"]))


def list_task_forces(db: Database) -> list[TaskForce]:
    return [
        TaskForce(**r, members=_members(db, r["id"]))
        for r in rows.rows(db, _TF_SELECT + " ORDER BY tf.name")
    ]


def create_task_force(
    db: Database,
    actor: Person,
    name: str,
    *,
    problem: str,
    lead: str | int,
    members: list[str | int],
    now: datetime | None = None,
) -> TaskForce:
    """Create a task force; its members (lead included) span at least two departments."""
    clean_name = required(name, "a task force's name", name=True, limit=200)
    clean_problem = required(problem, "the problem", limit=20_000)
    require_create_task_force(db, actor)
    with write(db, actor, "taskforce.new"):
        key, skeleton = refuse_taken(db, "task_forces", clean_name)
        leader = get_person(db, lead)
        require_active(leader, "lead a task force")
        people: dict[int, Person] = {leader.id: leader}
        for ref in members:
            person = get_person(db, ref)
            require_active(person, "join a task force")
            people[person.id] = person
        departments = {p.department_id for p in people.values() if p.department_id is not None}
        if len(departments) < 2:
            raise Invalid(
                "a task force is cross-department: its members must come from at least two departments"
            )
        cur = db.execute(
            "INSERT INTO task_forces (name, name_key, name_skeleton, problem, lead_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [clean_name, key, skeleton, clean_problem, leader.id, actor.id, stamp(now)],
        )
        tf_id = cur.lastrowid
        assert tf_id is not None
        for person_id in people:
            db.execute(
                "INSERT INTO task_force_members (task_force_id, person_id) VALUES (?, ?)",
                [tf_id, person_id],
            )
        return get_task_force(db, tf_id)
