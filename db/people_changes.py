"""Editing a person, and a person leaving: nothing they hold may be left without an owner.

Both are for the admin or the head of the person's department. Leaving either hands
everything the person holds (``db.holdings``) to one successor in one transaction — each
task and area move in its history with the reason "left" — or is refused, naming what
must go to someone. A person who left stays on the record by name, can't act (their login
is unbound) and can't be given new work (``require_active``, and the schema's triggers).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from db.audit import write
from db.dates import stamp
from db.errors import Invalid, PersonLeft, StillHolds
from db.holdings import Holding, holdings, summary
from db.lazyclass import dataclass
from db.models import Person, Task
from db.names import refuse_taken
from db.people import get_department, get_person, require_active
from db.permissions import require_add_person, require_edit_person
from db.text import optional, required

if TYPE_CHECKING:
    from sqlite_utils import Database

LEFT_REASON = "left"


def _email(value: str | None) -> str:
    clean = optional(value, "the email", limit=320)
    if clean and ("@" not in clean or any(c.isspace() for c in clean)):
        raise Invalid(f"invalid email {clean!r}: use name@example.com")
    return clean


def edit_person(
    db: Database,
    actor: Person,
    person: str | int,
    *,
    name: str | None = None,
    title: str | None = None,
    email: str | None = None,
    department: str | int | None = None,
) -> Person:
    """Change a person's name, title, email or department (None: unchanged).

    Moving someone to another department also takes the right to add people there (its
    head or the admin); a head is moved only after their headship went to someone else.
    """
    clean_name = required(name, "a person's name", name=True, limit=200) if name else None
    if clean_name is not None and clean_name.isdigit():
        raise Invalid("a person's name can't be only digits (digits name people by id)")
    if name is not None and clean_name is None:
        raise Invalid("a person's name can't be empty")
    clean_email = _email(email) if email is not None else None
    with write(db, actor, "person.edit"):
        who = get_person(db, person)
        require_edit_person(db, actor, who, "edit")
        sets: dict[str, object] = {}
        if clean_name is not None and clean_name != who.name:
            key, skeleton = refuse_taken(db, "people", clean_name, exclude_id=who.id)
            sets.update(name=clean_name, name_key=key, name_skeleton=skeleton)
        if title is not None:
            sets["title"] = optional(title, "the title", limit=200)
        if clean_email is not None:
            sets["email"] = clean_email
        if department is not None:
            dept = get_department(db, department)
            if dept.id != who.department_id:
                require_add_person(db, actor, dept.id)
                if who.is_head:
                    raise Invalid(
                        f"{who.name} heads {who.department}; another head must be appointed "
                        "before they move to another department"
                    )
                sets["department_id"] = dept.id
        if sets:
            assign = ", ".join(f"{column} = ?" for column in sets)
            db.execute(f"UPDATE people SET {assign} WHERE id = ?", [*sets.values(), who.id])
        return get_person(db, who.id)


@dataclass(frozen=True)
class Left:
    """What ``leave_person`` did: who left, who took over (None: they held nothing), what
    moved, and departments left without a head (their names)."""

    person: Person
    successor: Person | None
    moved: tuple[Holding, ...]
    headless: tuple[str, ...]


def require_may_leave(db: Database, actor: Person, who: Person) -> None:
    """Refuse, before anything is asked, marking ``who`` as having left when it can't be done.

    Raises:
        PermissionDenied: ``actor`` is neither the admin nor the head of their department.
        PersonLeft: they already left.
        Invalid: they are the admin.
    """
    require_edit_person(db, actor, who, "mark as having left")
    if who.left_at is not None:
        raise PersonLeft(who.name, who.left_at, "leave again")
    if who.is_admin:
        raise Invalid(f"{who.name} is the admin; the admin can't leave")


def headship_goes_to(actor: Person, successor: Person, department_id: int) -> bool:
    """Whether the headship of ``department_id`` passes to ``successor`` when its head leaves
    (the admin does it and ``successor`` is of that department); otherwise it is left
    without a head."""
    return actor.is_admin and successor.department_id in (None, department_id)


def successor_check(
    db: Database, actor: Person, who: Person, held: Sequence[Holding]
) -> Callable[[Person], None]:
    """A check that ``actor`` may hand everything ``who`` holds (``held``) to a successor.

    The check raises what ``leave_person`` would refuse with (the successor is ``who``, has
    left, or a move ``actor`` may not make), without writing anything: the app greys the
    people it can't offer, with the reason. What each move depends on is read once here, so
    checking many people costs little.
    """
    from db.permissions import require_assign_area, require_reassign
    from db.tasks import get_task

    # Tasks that differ only in ways the reassign rule doesn't read are checked once.
    tasks: dict[tuple[int | None, int | None, int], Task] = {}
    for item in held:
        if item.kind == "task":
            task = get_task(db, item.id)
            tasks.setdefault((task.department_id, task.meeting_id, task.assigned_by_id), task)
    area_departments = {
        row[0]
        for item in held
        if item.kind == "area"
        for row in db.execute("SELECT department_id FROM areas WHERE id = ?", [item.id])
    }
    slas = [
        (item, row[0], row[1])
        for item in held
        if item.kind == "sla"
        for row in db.execute(
            "SELECT s.from_department_id, d.name FROM slas s JOIN departments d "
            "ON d.id = s.from_department_id WHERE s.id = ?",
            [item.id],
        )
    ]

    def check(successor: Person) -> None:
        if successor.id == who.id:
            raise Invalid(f"{who.name} can't take over their own work when leaving")
        require_active(successor, "take over the work of someone who leaves")
        for task in tasks.values():
            require_reassign(db, actor, task, successor)
        if area_departments and successor.department_id is None:
            raise Invalid(
                f"{successor.name} has no department; an area belongs to the owner's department"
            )
        for department_id in area_departments:
            require_assign_area(db, actor, successor, department_id)
        for item, department_id, department in slas:
            if successor.department_id != department_id:
                raise Invalid(
                    f"{item} is owned in {department}, the department that commits to it: "
                    f"{successor.name} is not in {department}"
                )

    return check


def leave_person(
    db: Database,
    actor: Person,
    person: str | int,
    *,
    to: str | int | None = None,
    now: datetime | None = None,
) -> Left:
    """Mark ``person`` as having left, handing everything they hold to ``to``.

    Everything goes to ``to`` in this one transaction, under the usual rules for each move
    (a head hands over within their department; the admin anywhere). A headship goes to
    ``to`` when the admin does this and ``to`` is of that department; otherwise the
    department is left without a head and ``Left.headless`` names it.

    Raises:
        StillHolds: they hold something and ``to`` is None (nothing changes).
        PersonLeft: they already left, or ``to`` did.
        Invalid: the admin can't leave; ``to`` is the person themselves.
        PermissionDenied: not the admin nor the head of their department, or a move the
            actor may not make.
    """
    from db.areas import assign_area
    from db.people import appoint_head
    from db.tasks import reassign_task

    subject = f"person {get_person(db, person).id}"
    with write(db, actor, "person.leave", subject=subject):
        who = get_person(db, person)
        require_may_leave(db, actor, who)
        held = holdings(db, who)
        successor = get_person(db, to) if to is not None else None
        if successor is None and held:
            raise StillHolds(who.name, held, summary(held))
        if successor is not None:
            # Every move's rule first, so a refusal names the first one before any moved.
            successor_check(db, actor, who, held)(successor)
        at = stamp(now)
        headless: list[str] = []
        for item in held:
            assert successor is not None
            if item.kind == "task":
                reassign_task(db, actor, item.id, successor.id, reason=LEFT_REASON, now=now)
            elif item.kind == "area":
                assign_area(db, actor, item.name, successor.id, reason=LEFT_REASON, now=now)
            elif item.kind == "headship":
                dept = get_department(db, item.id)
                if headship_goes_to(actor, successor, dept.id):
                    appoint_head(db, actor, dept.id, successor.id)
                else:
                    db.execute("UPDATE departments SET head_id = NULL WHERE id = ?", [dept.id])
                    headless.append(dept.name)
            elif item.kind == "task force lead":
                db.execute(
                    "UPDATE task_forces SET lead_id = ? WHERE id = ?", [successor.id, item.id]
                )
                db.execute(
                    "INSERT OR IGNORE INTO task_force_members (task_force_id, person_id) "
                    "VALUES (?, ?)",
                    [item.id, successor.id],
                )
            elif item.kind == "meeting":
                db.execute(
                    "UPDATE meetings SET facilitator_id = ?, version = version + 1, "
                    "updated_at = ?, updated_by = ? WHERE id = ?",
                    [successor.id, at, actor.id, item.id],
                )
            elif item.kind == "co-facilitated meeting":
                # The successor already leading it alone needs no co-facilitator.
                db.execute(
                    "UPDATE meetings SET co_facilitator_id = CASE WHEN facilitator_id = ? "
                    "THEN NULL ELSE ? END, version = version + 1, updated_at = ?, "
                    "updated_by = ? WHERE id = ?",
                    [successor.id, successor.id, at, actor.id, item.id],
                )
            elif item.kind == "sla":
                _hand_over_sla(db, item, successor)
            elif item.kind == "goal":
                db.execute("UPDATE goals SET owner_id = ? WHERE id = ?", [successor.id, item.id])
            else:  # a kind added to db.holdings.KINDS without a way to hand it over
                raise Invalid(f"{item} can't be handed over yet")
        db.execute(
            "INSERT INTO people_left (person_id, left_at, left_by) VALUES (?, ?, ?)",
            [who.id, at, actor.id],
        )
        if who.login is not None:
            db.execute("UPDATE people SET login = NULL WHERE id = ?", [who.id])
        return Left(get_person(db, who.id), successor, tuple(held), tuple(headless))


def _hand_over_sla(db: Database, item: Holding, successor: Person) -> None:
    """An SLA's owner is in its committing department (rule of the register): so is the one
    who takes it over."""
    row = db.execute(
        "SELECT s.from_department_id, d.name FROM slas s JOIN departments d "
        "ON d.id = s.from_department_id WHERE s.id = ?",
        [item.id],
    ).fetchone()
    if successor.department_id != row[0]:
        raise Invalid(
            f"{item} is owned in {row[1]}, the department that commits to it: "
            f"{successor.name} is not in {row[1]}"
        )
    db.execute("UPDATE slas SET owner_id = ? WHERE id = ?", [successor.id, item.id])
