"""Who may do what (rule 4; the README's command tables say it per command), in one place.

Each ``require_*`` raises ``PermissionDenied`` with a message that says who
may, so every interface can show it as it is, and with the facts as attributes:
``rule`` (the row of the table below that refused), ``action``, ``who_may`` and
``actor``. The rules: "admin" (admin-only acts), "add-person", "choose-facilitator",
"run-meeting", "task-force-meeting", "next-in-series", "give-task", "reassign",
"supersede", "supersede-two-key", "complete", "assign-area", "move-area",
"create-task-force", "approve", "record-consent", "withdraw", "record-sla",
"record-goal", "decide-idea", "plan-idea";
``db.decisions`` adds "task-force-decision", ``db.responsibilities``
"assign-area"; ``db.identity`` has "unbound", "delegation" and "approval".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.errors import PermissionDenied
from db.models import Meeting, Person, Task, TaskForce

if TYPE_CHECKING:
    from sqlite_utils import Database


def head_of(db: Database, department_id: int | None) -> int | None:
    if department_id is None:
        return None
    row = db.execute("SELECT head_id FROM departments WHERE id = ?", [department_id]).fetchone()
    return row[0] if row else None


def is_head_of(db: Database, person: Person, department_id: int | None) -> bool:
    return department_id is not None and head_of(db, department_id) == person.id


def is_head(db: Database, person: Person) -> bool:
    return (
        db.execute("SELECT 1 FROM departments WHERE head_id = ?", [person.id]).fetchone()
        is not None
    )


def _dept_name(db: Database, department_id: int | None) -> str:
    if department_id is None:
        return "no department"
    row = db.execute("SELECT name FROM departments WHERE id = ?", [department_id]).fetchone()
    return row[0] if row else "?"


def require_admin(actor: Person, what: str) -> None:
    if not actor.is_admin:
        raise PermissionDenied(
            f"only the admin can {what}; {actor.name} is not the admin",
            rule="admin",
            action=what,
            who_may=("the admin",),
            actor=actor.name,
        )


def require_add_person(db: Database, actor: Person, department_id: int | None) -> None:
    if actor.is_admin or is_head_of(db, actor, department_id):
        return
    if department_id is None:
        raise PermissionDenied(
            "only the admin can add a person without a department",
            rule="add-person",
            action="add a person without a department",
            who_may=("the admin",),
            actor=actor.name,
        )
    dept = _dept_name(db, department_id)
    raise PermissionDenied(
        f"only the head of {dept} or the admin can add people to {dept}",
        rule="add-person",
        action=f"add people to {dept}",
        who_may=(f"the head of {dept}", "the admin"),
        actor=actor.name,
    )


def require_edit_person(db: Database, actor: Person, person: Person, what: str) -> None:
    """Editing a person or marking them as having left: the admin, the head of their department."""
    if actor.is_admin or is_head_of(db, actor, person.department_id):
        return
    if person.department_id is None:
        who: tuple[str, ...] = ("the admin",)
        message = f"only the admin can {what} {person.name}"
    else:
        dept = _dept_name(db, person.department_id)
        who = (f"the head of {dept}", "the admin")
        message = f"only the head of {dept} or the admin can {what} {person.name}"
    raise PermissionDenied(
        message, rule="edit-person", action=f"{what} {person.name}", who_may=who, actor=actor.name
    )


def require_choose_facilitator(db: Database, actor: Person, facilitator: Person) -> None:
    if facilitator.id == actor.id or actor.is_admin or is_head(db, actor):
        return
    raise PermissionDenied(
        "only the admin or a department head can name another facilitator; "
        "you may facilitate it yourself",
        rule="choose-facilitator",
        action="name another facilitator",
        who_may=("the admin", "a department head"),
        actor=actor.name,
    )


def facilitates(db: Database, person_id: int, meeting_id: int | None) -> bool:
    """Whether ``person_id`` leads meeting ``meeting_id`` ("facilitator" in the permission table).

    The one place that says who leads a meeting: its facilitator and its co-facilitator,
    of the same rank, so every rule below holds for both.
    """
    if meeting_id is None:
        return False
    row = db.execute(
        "SELECT facilitator_id, co_facilitator_id FROM meetings WHERE id = ?", [meeting_id]
    ).fetchone()
    return bool(row and person_id in (row[0], row[1]))


def _leaders(meeting: Meeting) -> str:
    """Who leads ``meeting``, as a message names them."""
    if meeting.co_facilitator:
        return f"its facilitators ({meeting.facilitator} and {meeting.co_facilitator})"
    return f"its facilitator ({meeting.facilitator})"


def _task_force_lead(db: Database, task_force_id: int | None) -> int | None:
    if task_force_id is None:
        return None
    row = db.execute("SELECT lead_id FROM task_forces WHERE id = ?", [task_force_id]).fetchone()
    return row[0] if row else None


def _in_task_force(db: Database, person_id: int, task_force_id: int) -> bool:
    if _task_force_lead(db, task_force_id) == person_id:
        return True
    return (
        db.execute(
            "SELECT 1 FROM task_force_members WHERE task_force_id = ? AND person_id = ?",
            [task_force_id, person_id],
        ).fetchone()
        is not None
    )


def can_run_meeting(db: Database, actor: Person, meeting: Meeting) -> bool:
    if actor.is_admin or facilitates(db, actor.id, meeting.id):
        return True
    return (
        meeting.task_force_id is not None
        and _task_force_lead(db, meeting.task_force_id) == actor.id
    )


def require_run_meeting(db: Database, actor: Person, meeting: Meeting, what: str) -> None:
    if can_run_meeting(db, actor, meeting):
        return
    who = _leaders(meeting)
    if meeting.task_force_id is not None:
        who += f", the lead of task force {meeting.task_force}"
    raise PermissionDenied(
        f"only {who} or the admin can {what} meeting {meeting.id}",
        rule="run-meeting",
        action=f"{what} meeting {meeting.id}",
        who_may=(who, "the admin"),
        actor=actor.name,
    )


def require_task_force_meeting(db: Database, actor: Person, task_force_id: int, name: str) -> None:
    """A task force's meetings are created by the admin, a head, or its lead or members."""
    if actor.is_admin or is_head(db, actor) or _in_task_force(db, actor.id, task_force_id):
        return
    raise PermissionDenied(
        f"only the admin, a department head, or the lead or members of task force {name} "
        f"can create its meetings",
        rule="task-force-meeting",
        action=f"create meetings of task force {name}",
        who_may=("the admin", "a department head", f"the lead or members of task force {name}"),
        actor=actor.name,
    )


def require_next_in_series(db: Database, actor: Person, previous: Meeting) -> None:
    """The next meeting of a series: a facilitator of the earlier one, the admin, a head,
    and for a task force's series also its lead or members."""
    if actor.is_admin or is_head(db, actor) or facilitates(db, actor.id, previous.id):
        return
    if previous.task_force_id is not None and _in_task_force(db, actor.id, previous.task_force_id):
        return
    raise PermissionDenied(
        f"only a facilitator of meeting {previous.id} ({previous.facilitator}), a department "
        f"head or the admin can create the next meeting of its series",
        rule="next-in-series",
        action=f"create the next meeting after meeting {previous.id}",
        who_may=(
            f"a facilitator of meeting {previous.id} ({previous.facilitator})",
            "a department head",
            "the admin",
        ),
        actor=actor.name,
    )


def _present(db: Database, meeting_id: int, person_id: int) -> bool:
    row = db.execute(
        "SELECT present FROM attendance WHERE meeting_id = ? AND person_id = ?",
        [meeting_id, person_id],
    ).fetchone()
    return bool(row and row[0])


def _meeting_open(db: Database, meeting_id: int) -> bool:
    row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    return bool(row and row[0] != "closed")


def _facilitator_may_give(db: Database, actor: Person, meeting_id: int | None, to: Person) -> bool:
    """A facilitator hands out their meeting's action items while it is not closed, and
    only to people marked present at it."""
    return (
        meeting_id is not None
        and facilitates(db, actor.id, meeting_id)
        and _meeting_open(db, meeting_id)
        and _present(db, meeting_id, to.id)
    )


def require_give_task(db: Database, actor: Person, owner: Person, meeting_id: int | None) -> None:
    if actor.is_admin or actor.id == owner.id or is_head_of(db, actor, owner.department_id):
        return
    if _facilitator_may_give(db, actor, meeting_id, owner):
        return
    dept = _dept_name(db, owner.department_id)
    facilitator = (
        f"the facilitator of the task's meeting while it is open and {owner.name} is marked present"
    )
    raise PermissionDenied(
        f"only the head of {dept}, the admin, {owner.name} themselves, or {facilitator}, can "
        f"give {owner.name} a task",
        rule="give-task",
        action=f"give {owner.name} a task",
        who_may=(f"the head of {dept}", "the admin", f"{owner.name} themselves", facilitator),
        actor=actor.name,
    )


def require_reassign(db: Database, actor: Person, task: Task, new_owner: Person) -> None:
    if actor.is_admin:
        return
    if (
        task.department_id is not None
        and task.department_id == new_owner.department_id
        and is_head_of(db, actor, task.department_id)
    ):
        return
    if _facilitator_may_give(db, actor, task.meeting_id, new_owner):
        return
    if actor.id == task.owner_id and new_owner.id == task.assigned_by_id:
        return
    old_dept = _dept_name(db, task.department_id)
    new_dept = _dept_name(db, new_owner.department_id)
    facilitator = (
        f"the facilitator of the task's meeting while it is open and {new_owner.name} is "
        f"marked present"
    )
    if task.department_id == new_owner.department_id:
        heads = f"the head of {old_dept}"
    else:
        heads = f"the admin (moving work from {old_dept} to {new_dept} crosses departments)"
    back = f"{task.owner} handing it back to {task.assigned_by}"
    who_may: tuple[str, ...] = (heads, facilitator, back)
    if task.department_id == new_owner.department_id:
        who_may = (heads, "the admin", facilitator, back)
    raise PermissionDenied(
        f"only {', '.join(who_may[:-1])}, or {back} can reassign task {task.id}",
        rule="reassign",
        action=f"reassign task {task.id}",
        who_may=who_may,
        actor=actor.name,
    )


def require_may_reassign_task(db: Database, actor: Person, task: Task) -> None:
    """Refuse, before anyone is picked, a reassignment ``actor`` could make to nobody.

    Someone may move a task when they are the admin, the head of its department, the
    facilitator of its meeting while that is open, or its owner handing it back to whoever
    gave it (``require_reassign`` then checks the new owner).

    Raises:
        PermissionDenied: none of those is ``actor``.
    """
    if actor.is_admin or (
        task.department_id is not None and is_head_of(db, actor, task.department_id)
    ):
        return
    if (
        task.meeting_id is not None
        and facilitates(db, actor.id, task.meeting_id)
        and _meeting_open(db, task.meeting_id)
    ):
        return
    if actor.id == task.owner_id and task.assigned_by_id != task.owner_id:
        return
    dept = _dept_name(db, task.department_id)
    facilitator = "the facilitator of the task's meeting while it is open"
    back = f"{task.owner} handing it back to {task.assigned_by}"
    who_may = (f"the head of {dept}", "the admin", facilitator, back)
    raise PermissionDenied(
        f"only {', '.join(who_may[:-1])}, or {back} can reassign task {task.id}; "
        f"{actor.name} is none of them",
        rule="reassign",
        action=f"reassign task {task.id}",
        who_may=who_may,
        actor=actor.name,
    )


def require_supersede(
    db: Database, actor: Person, decision_id: int, *, by_two_key: bool = False
) -> None:
    """Superseding takes the authority that recorded the decision: the admin, a facilitator
    of its meeting or of a later meeting of the same series, or its task force's lead. A
    two-key decision is superseded only by a new two-key decision (both heads again), which
    anyone may propose."""
    row = db.execute(
        "SELECT meeting_id, task_force_id, two_key FROM decisions WHERE id = ?", [decision_id]
    ).fetchone()
    meeting_id, task_force_id, two_key = (row[0], row[1], row[2]) if row else (None, None, 0)
    if two_key and not by_two_key:
        raise PermissionDenied(
            f"decision {decision_id} is a two-key decision: only a new two-key decision, "
            "approved by the head of every department it binds, can supersede it",
            rule="supersede-two-key",
            action=f"supersede two-key decision {decision_id} with a plain decision",
            who_may=("a new two-key decision approved by the bound heads",),
            actor=actor.name,
        )
    if by_two_key or actor.is_admin:
        return
    if task_force_id is not None and _task_force_lead(db, task_force_id) == actor.id:
        return
    if meeting_id is not None:
        # The meeting and every later meeting of its series (linked through previous_id).
        later = db.execute(
            """WITH RECURSIVE series(id) AS (
                   SELECT ? UNION SELECT m.id FROM meetings m JOIN series s ON m.previous_id = s.id)
               SELECT id FROM series""",
            [meeting_id],
        ).fetchall()
        if any(facilitates(db, actor.id, r[0]) for r in later):
            return
    raise PermissionDenied(
        f"only the admin, a facilitator of decision {decision_id}'s meeting or of a later "
        f"meeting of its series, or its task force's lead can supersede decision {decision_id}",
        rule="supersede",
        action=f"supersede decision {decision_id}",
        who_may=(
            "the admin",
            f"a facilitator of decision {decision_id}'s meeting or of a later meeting of its series",
            "its task force's lead",
        ),
        actor=actor.name,
    )


def require_bound_head(
    db: Database, actor: Person, decision_id: int, binds: tuple[str, ...], heads_one: bool
) -> None:
    """Approving or objecting to a two-key decision: the head of a department it binds."""
    if heads_one:
        return
    depts = " or ".join(binds) or "a bound department"
    raise PermissionDenied(
        f"only the head of {depts} can approve or object to decision {decision_id}; "
        f"{actor.name} heads none of them",
        rule="approve",
        action=f"approve or object to decision {decision_id}",
        who_may=tuple(f"the head of {d}" for d in binds),
        actor=actor.name,
    )


def require_record_consent(db: Database, actor: Person, meeting: Meeting) -> None:
    """Recording a present head's consent in a meeting: its facilitator or co-facilitator."""
    if facilitates(db, actor.id, meeting.id):
        return
    who = _leaders(meeting)
    raise PermissionDenied(
        f"only {who} can record a head's consent in meeting {meeting.id}",
        rule="record-consent",
        action=f"record a head's consent in meeting {meeting.id}",
        who_may=(who,),
        actor=actor.name,
    )


def require_withdraw(
    db: Database, actor: Person, decision_id: int, proposer_id: int, proposer: str
) -> None:
    """Withdrawing a proposal: its proposer."""
    if actor.id == proposer_id:
        return
    raise PermissionDenied(
        f"only {proposer}, who proposed it, can withdraw decision {decision_id}",
        rule="withdraw",
        action=f"withdraw decision {decision_id}",
        who_may=(f"{proposer} (the proposer)",),
        actor=actor.name,
    )


def require_record_sla(
    db: Database, actor: Person, sla_id: int, owner_id: int, owner: str, from_department_id: int
) -> None:
    """Recording an SLA's period: its owner, the head of its committing department, admin."""
    if actor.is_admin or actor.id == owner_id or is_head_of(db, actor, from_department_id):
        return
    dept = _dept_name(db, from_department_id)
    raise PermissionDenied(
        f"only {owner} (its owner), the head of {dept} or the admin can record SLA {sla_id}",
        rule="record-sla",
        action=f"record SLA {sla_id}",
        who_may=(f"{owner} (its owner)", f"the head of {dept}", "the admin"),
        actor=actor.name,
    )


def require_complete(db: Database, actor: Person, task: Task) -> None:
    if actor.is_admin or actor.id in (task.owner_id, task.assigned_by_id):
        return
    if is_head_of(db, actor, task.department_id):
        return
    dept = _dept_name(db, task.department_id)
    raise PermissionDenied(
        f"only {task.owner} (the owner), {task.assigned_by} (who assigned it), the head of "
        f"{dept} or the admin can complete task {task.id}",
        rule="complete",
        action=f"complete task {task.id}",
        who_may=(
            f"{task.owner} (the owner)",
            f"{task.assigned_by} (who assigned it)",
            f"the head of {dept}",
            "the admin",
        ),
        actor=actor.name,
    )


def require_assign_area(
    db: Database, actor: Person, new_owner: Person, held_in_department_id: int | None
) -> None:
    """``held_in_department_id`` is the area's current department, None when new."""
    if actor.is_admin:
        return
    dept = _dept_name(db, new_owner.department_id)
    if is_head_of(db, actor, new_owner.department_id) and held_in_department_id in (
        None,
        new_owner.department_id,
    ):
        return
    if held_in_department_id not in (None, new_owner.department_id):
        action = f"move an area from {_dept_name(db, held_in_department_id)} to {dept}"
        raise PermissionDenied(
            f"only the admin can {action}",
            rule="move-area",
            action=action,
            who_may=("the admin",),
            actor=actor.name,
        )
    raise PermissionDenied(
        f"only the head of {dept} or the admin can assign {dept} areas",
        rule="assign-area",
        action=f"assign {dept} areas",
        who_may=(f"the head of {dept}", "the admin"),
        actor=actor.name,
    )


def may_assign_areas_of(db: Database, actor: Person, department_id: int | None) -> bool:
    """Whether ``actor`` may assign and move the areas of ``department_id``: its head or the admin."""
    return actor.is_admin or is_head_of(db, actor, department_id)


def require_may_assign_areas(db: Database, actor: Person) -> None:
    """Refuse, before any form is filled in, someone who may assign no area at all.

    Raises:
        PermissionDenied: ``actor`` is neither a department head nor the admin.
    """
    if actor.is_admin or is_head(db, actor):
        return
    raise PermissionDenied(
        f"only the head of a department (for its own areas) or the admin can assign areas; "
        f"{actor.name} is neither",
        rule="assign-area",
        action="assign areas",
        who_may=("the head of a department (for its own areas)", "the admin"),
        actor=actor.name,
    )


def require_may_reassign_area(db: Database, actor: Person, area_department_id: int) -> None:
    """Refuse, before any form is filled in, a reassignment ``actor`` could never make.

    Only the head of the area's own department (within it) or the admin may
    reassign an area; the head of Marketing can't touch a Sales area.

    Raises:
        PermissionDenied: ``actor`` is not the admin and doesn't head the area's department.
    """
    if may_assign_areas_of(db, actor, area_department_id):
        return
    dept = _dept_name(db, area_department_id)
    raise PermissionDenied(
        f"only the head of {dept} or the admin can reassign {dept} areas; {actor.name} can't",
        rule="assign-area",
        action=f"reassign {dept} areas",
        who_may=(f"the head of {dept}", "the admin"),
        actor=actor.name,
    )


def require_record_decision(
    db: Database, actor: Person, meeting: Meeting | None, task_force: TaskForce | None
) -> None:
    """A meeting's decisions: whoever may run it (``can_run_meeting``). A task force's outside
    a meeting: its lead or the admin."""
    if meeting is not None:
        require_run_meeting(db, actor, meeting, "record decisions in")
    elif task_force is not None and not (actor.is_admin or task_force.lead_id == actor.id):
        raise PermissionDenied(
            f"only the lead of task force {task_force.name} ({task_force.lead}) or the admin "
            "can record its decisions",
            rule="task-force-decision",
            action=f"record decisions of task force {task_force.name}",
            who_may=(f"the lead of task force {task_force.name} ({task_force.lead})", "the admin"),
            actor=actor.name,
        )


def require_create_task_force(db: Database, actor: Person) -> None:
    if actor.is_admin or is_head(db, actor):
        return
    raise PermissionDenied(
        "only the admin or a department head can create a task force",
        rule="create-task-force",
        action="create a task force",
        who_may=("the admin", "a department head"),
        actor=actor.name,
    )


def require_record_goal(
    db: Database, actor: Person, goal_id: int, owner_id: int, owner: str
) -> None:
    """Recording a shared goal's progress: its owner, a head (of any department), admin."""
    if actor.is_admin or actor.id == owner_id or is_head(db, actor):
        return
    raise PermissionDenied(
        f"only {owner} (its owner), a head or the admin can record progress on goal {goal_id}",
        rule="record-goal",
        action=f"record progress on goal {goal_id}",
        who_may=(f"{owner} (its owner)", "a head", "the admin"),
        actor=actor.name,
    )


def require_decide_idea(db: Database, actor: Person, what: str) -> None:
    """Accepting, declining and marking an idea done: a department head or the admin."""
    if actor.is_admin or is_head(db, actor):
        return
    raise PermissionDenied(
        f"only a department head or the admin can {what}",
        rule="decide-idea",
        action=what,
        who_may=("a department head", "the admin"),
        actor=actor.name,
    )


def require_plan_idea(db: Database, actor: Person, meeting: Meeting, idea_id: int) -> None:
    """Putting an idea on a meeting's agenda: a head, the admin, or that meeting's facilitator."""
    if actor.is_admin or is_head(db, actor) or facilitates(db, actor.id, meeting.id):
        return
    who = f"the facilitator of meeting {meeting.id} ({meeting.facilitator})"
    raise PermissionDenied(
        f"only a department head, the admin or {who} can put idea {idea_id} on its agenda",
        rule="plan-idea",
        action=f"put idea {idea_id} on the agenda of meeting {meeting.id}",
        who_may=("a department head", "the admin", who),
        actor=actor.name,
    )
