"""Who may do what (db/permissions.py): every row, allowed and refused, one table each.

The cast (tests/conftest.py): Ada Admin; Maya Chen, head of Sales; Lena Park, head of
Marketing; Omar Haddad and Sara Ito in Sales; Tom Berg and Nina Roy in Marketing. Here Tom
facilitates the joint meeting, Omar leads a task force (with Tom and Nina) whose meeting
Nina facilitates, and Sara is the stranger who holds no role at all.

A refused call must raise PermissionDenied with a message that says who may, and leave
every table exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlite_utils import Database

from db import PermissionDenied, areas, decisions, meetings, people, taskforces, tasks
from db.models import Person
from tests.conftest import Team


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (FTS shadow tables included), for before/after comparisons."""
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    # Sorted in Python: some FTS shadow tables are WITHOUT ROWID.
    return {
        n: sorted(db.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in sorted(names)
    }


def check(db: Database, allowed: bool, action: Callable[[], object]) -> None:
    """Run ``action``: it succeeds when allowed; otherwise it is refused and leaves no trace."""
    if allowed:
        action()
        return
    before = dump(db)
    with pytest.raises(PermissionDenied) as caught:
        action()
    assert caught.value.exit_code == 3
    assert "only" in str(caught.value), "a refusal says who may"
    assert dump(db) == before


@dataclass
class World:
    """The team plus a joint meeting (Tom) and a task-force meeting (Nina; lead Omar)."""

    team: Team
    meeting: int
    item: int
    tf_meeting: int
    tf_item: int

    def __getattr__(self, name: str) -> Person:
        return getattr(self.team, name)  # type: ignore[no-any-return]


@pytest.fixture
def world(team: Team) -> World:
    db = team.db
    joint = meetings.create_meeting(db, team.tom, "Joint pipeline review")
    item = meetings.add_item(db, team.tom, joint.id, "Lead handover")
    # A facilitator gives action items only to people marked present (Lena: absent).
    meetings.mark_attendance(db, team.tom, joint.id, ["Omar Haddad", "Sara Ito", "Nina Roy"])
    meetings.mark_attendance(db, team.tom, joint.id, ["Lena Park"], present=False)
    taskforces.create_task_force(
        db,
        team.maya,
        "Key client rescue",
        problem="Our largest client is unhappy",
        lead="Omar Haddad",
        members=["Tom Berg", "Nina Roy"],
    )
    tf_meeting = meetings.create_meeting(
        db, team.nina, "Rescue sync", task_force="Key client rescue"
    )
    tf_item = meetings.add_item(db, team.nina, tf_meeting.id, "Client call recap")
    meetings.mark_attendance(db, team.nina, tf_meeting.id, ["Omar Haddad", "Tom Berg"])
    return World(team, joint.id, item.id, tf_meeting.id, tf_item.id)


def who(world: World, name: str) -> Person:
    return getattr(world.team, name)  # type: ignore[no-any-return]


# --- add a person to department D: admin, head of D ---------------------------------------


@pytest.mark.parametrize(
    ("actor", "dept", "allowed"),
    [
        ("admin", "Sales", True),
        ("admin", "Marketing", True),
        ("admin", None, True),
        ("maya", "Sales", True),  # head of D
        ("maya", "Marketing", False),  # head of another department
        ("maya", None, False),
        ("lena", "Marketing", True),
        ("lena", "Sales", False),
        ("tom", "Marketing", False),  # a facilitator is no head
        ("omar", "Sales", False),  # a member of D
        ("sara", "Marketing", False),  # a stranger
    ],
)
def test_add_person(world: World, actor: str, dept: str | None, allowed: bool) -> None:
    db = world.team.db
    check(
        db, allowed, lambda: people.add_person(db, who(world, actor), "New Hire", department=dept)
    )
    if allowed:
        assert people.get_person(db, "new hire").department == dept


# --- appoint a head, add a department: admin ----------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("admin", True), ("maya", False), ("lena", False), ("tom", False), ("sara", False)],
)
def test_add_department(world: World, actor: str, allowed: bool) -> None:
    db = world.team.db
    check(db, allowed, lambda: people.add_department(db, who(world, actor), "Customer Success"))


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("admin", True), ("maya", False), ("lena", False), ("tom", False), ("omar", False)],
)
def test_appoint_head(world: World, actor: str, allowed: bool) -> None:
    db = world.team.db
    check(db, allowed, lambda: people.appoint_head(db, who(world, actor), "Sales", "Omar Haddad"))
    head = people.get_department(db, "Sales").head
    assert head == ("Omar Haddad" if allowed else "Maya Chen")


# --- create a meeting: anyone; naming another facilitator: admin or a head ----------------


@pytest.mark.parametrize("actor", ["admin", "maya", "lena", "tom", "omar", "sara"])
def test_anyone_creates_a_meeting_and_facilitates_it(world: World, actor: str) -> None:
    person = who(world, actor)
    meeting = meetings.create_meeting(world.team.db, person, "Stand-up")
    assert meeting.facilitator == person.name


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin", True),
        ("maya", True),
        ("lena", True),  # any head, whatever the facilitator's department
        ("tom", False),
        ("sara", False),
    ],
)
def test_naming_another_facilitator(world: World, actor: str, allowed: bool) -> None:
    db = world.team.db
    check(
        db,
        allowed,
        lambda: meetings.create_meeting(
            db, who(world, actor), "Planning", facilitator="Omar Haddad"
        ),
    )


def test_naming_oneself_as_facilitator_needs_no_rank(world: World) -> None:
    meeting = meetings.create_meeting(world.team.db, world.sara, "Mine", facilitator="Sara Ito")
    assert meeting.facilitator == "Sara Ito"


# --- run a meeting: its facilitator, admin; a task-force meeting also the lead ------------


# Each returns the action to check, after any set-up it needs (done by the admin, so the
# set-up is not part of what a refusal must leave untouched).
Action = Callable[[], object]


def _agenda_add(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.add_item(w.team.db, a, m, "Another item")


def _agenda_edit(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.edit_item(w.team.db, a, i, title="Renamed item", minutes=5)


def _agenda_move(w: World, a: Person, m: int, i: int) -> Action:
    meetings.add_item(w.team.db, w.admin, m, "Second")
    return lambda: meetings.move_item(w.team.db, a, i, 1)


def _agenda_delete(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.delete_item(w.team.db, a, i)


def _notes(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.set_notes(w.team.db, a, i, "Agreed to hand over leads weekly")


def _attend(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.mark_attendance(w.team.db, a, m, ["Sara Ito", "Tom Berg"])


def _absent(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.mark_attendance(w.team.db, a, m, ["Sara Ito"], present=False)


def _decide(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: decisions.record_decision(w.team.db, a, "Leads go to Sales in 24h", meeting_id=m)


def _start(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.start_meeting(w.team.db, a, m)


def _start_item(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.start_item(w.team.db, a, i)


def _end_item(w: World, a: Person, m: int, i: int) -> Action:
    meetings.start_item(w.team.db, w.admin, i)
    return lambda: meetings.end_item(w.team.db, a, i, done=True)


def _step(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.step(w.team.db, a, m, 1)


def _close(w: World, a: Person, m: int, i: int) -> Action:
    return lambda: meetings.close_meeting(w.team.db, a, m)


def _amend(w: World, a: Person, m: int, i: int) -> Action:
    meetings.close_meeting(w.team.db, w.admin, m)
    return lambda: meetings.amend(w.team.db, a, m, "Omar was present after all")


MEETING_ACTIONS: dict[str, Callable[[World, Person, int, int], Action]] = {
    "agenda-add": _agenda_add,
    "agenda-edit": _agenda_edit,
    "agenda-move": _agenda_move,
    "agenda-delete": _agenda_delete,
    "notes": _notes,
    "attendance": _attend,
    "absence": _absent,
    "decision": _decide,
    "start": _start,
    "start-item": _start_item,
    "end-item": _end_item,
    "step": _step,
    "close": _close,
    "amend": _amend,
}

JOINT_MEETING = [
    ("tom", True),  # its facilitator
    ("admin", True),
    ("maya", False),  # heads hold no authority over someone else's meeting
    ("lena", False),
    ("omar", False),  # a task force's lead, but this is no task-force meeting
    ("sara", False),
]
TASK_FORCE_MEETING = [
    ("nina", True),  # its facilitator
    ("omar", True),  # the task force's lead
    ("admin", True),
    ("tom", False),  # a member, not the lead
    ("maya", False),  # created the task force, but doesn't run its meetings
    ("lena", False),
    ("sara", False),
]


@pytest.mark.parametrize("action", list(MEETING_ACTIONS), ids=list(MEETING_ACTIONS))
@pytest.mark.parametrize(
    ("kind", "actor", "allowed"),
    [("joint", a, ok) for a, ok in JOINT_MEETING] + [("tf", a, ok) for a, ok in TASK_FORCE_MEETING],
)
def test_run_a_meeting(world: World, action: str, kind: str, actor: str, allowed: bool) -> None:
    meeting, item = (
        (world.meeting, world.item) if kind == "joint" else (world.tf_meeting, world.tf_item)
    )
    act = MEETING_ACTIONS[action](world, who(world, actor), meeting, item)
    check(world.team.db, allowed, act)


# --- give a new task to P: admin; head of P's dept; P; the facilitator of its meeting ----


@pytest.mark.parametrize(
    ("actor", "owner", "meeting", "allowed"),
    [
        ("admin", "omar", None, True),
        ("admin", "tom", None, True),
        ("maya", "omar", None, True),  # head of P's department
        ("maya", "maya", None, True),
        ("maya", "tom", None, False),  # head of the other department
        ("lena", "nina", None, True),
        ("lena", "omar", None, False),
        ("omar", "omar", None, True),  # P themselves
        ("omar", "sara", None, False),  # a colleague
        ("sara", "tom", None, False),  # a stranger
        ("tom", "omar", "joint", True),  # the facilitator, across departments
        ("tom", "omar", None, False),  # ... but only for their meeting's tasks
        ("tom", "omar", "tf", False),  # ... and not for someone else's meeting
        ("nina", "omar", "tf", True),
        ("omar", "tom", "tf", False),  # a task force's lead is not the facilitator
        ("maya", "tom", "joint", False),  # a head in someone else's meeting
    ],
)
def test_give_task(
    world: World, actor: str, owner: str, meeting: str | None, allowed: bool
) -> None:
    db = world.team.db
    meeting_id = {None: None, "joint": world.meeting, "tf": world.tf_meeting}[meeting]
    target = who(world, owner)
    check(
        db,
        allowed,
        lambda: tasks.add_task(
            db, who(world, actor), "Refresh the battlecards", target.id, meeting_id=meeting_id
        ),
    )
    if allowed:
        [task] = tasks.list_tasks(db)
        assert task.owner == target.name
        assert task.assigned_by == who(world, actor).name


# --- reassign from owner O to P: admin; a head of both departments; the facilitator of ---
# --- the task's meeting; O handing it back to whoever assigned it -------------------------


@pytest.fixture
def owned(world: World) -> dict[str, int]:
    """Two tasks of Omar's: one Maya gave him, one Tom gave him in the joint meeting."""
    db = world.team.db
    plain = tasks.add_task(db, world.maya, "Call the Hansen account", "Omar Haddad")
    in_meeting = tasks.add_task(
        db, world.tom, "Send the co-marketing brief", "Omar Haddad", meeting_id=world.meeting
    )
    return {"plain": plain.id, "meeting": in_meeting.id}


@pytest.mark.parametrize(
    ("task", "actor", "to", "allowed"),
    [
        ("plain", "admin", "tom", True),  # admin, even across departments
        ("plain", "admin", "sara", True),
        ("plain", "maya", "sara", True),  # head of both O's and P's department
        ("plain", "maya", "tom", False),  # P is in Marketing: crossing departments
        ("plain", "lena", "tom", False),  # head of P's department only
        ("plain", "lena", "sara", False),  # head of neither
        ("plain", "omar", "maya", True),  # O hands it back to whoever assigned it
        ("plain", "omar", "sara", False),  # O passes it on to a colleague
        ("plain", "sara", "sara", False),  # taking someone's task
        ("plain", "tom", "sara", False),  # a facilitator, but not of this task's meeting
        ("meeting", "tom", "nina", True),  # the facilitator of the task's meeting, across
        ("meeting", "tom", "sara", True),
        ("meeting", "tom", "lena", False),  # the facilitator, but P marked absent
        ("meeting", "tom", "maya", False),  # the facilitator, but P not marked present
        ("meeting", "nina", "sara", False),
        ("meeting", "omar", "tom", True),  # handing back to the facilitator who assigned it
        ("meeting", "omar", "nina", False),
        ("meeting", "maya", "sara", True),  # head of both departments
        ("meeting", "lena", "nina", False),
    ],
)
def test_reassign(
    world: World, owned: dict[str, int], task: str, actor: str, to: str, allowed: bool
) -> None:
    db = world.team.db
    target = who(world, to)
    check(db, allowed, lambda: tasks.reassign_task(db, who(world, actor), owned[task], target.id))
    assert tasks.get_task(db, owned[task]).owner == (target.name if allowed else "Omar Haddad")


# --- complete a task: its owner, whoever assigned it, the owner's head, admin -------------


@pytest.fixture
def to_complete(world: World) -> dict[str, int]:
    db = world.team.db
    by_tom = tasks.add_task(
        db, world.tom, "Draft the case study", "Omar Haddad", meeting_id=world.meeting
    )
    by_admin = tasks.add_task(
        db, world.admin, "Update the CRM fields", "Omar Haddad", meeting_id=world.meeting
    )
    return {"by_tom": by_tom.id, "by_admin": by_admin.id}


@pytest.mark.parametrize(
    ("task", "actor", "allowed"),
    [
        ("by_tom", "omar", True),  # the owner
        ("by_tom", "tom", True),  # whoever assigned it
        ("by_tom", "maya", True),  # the owner's head
        ("by_tom", "admin", True),
        ("by_tom", "lena", False),  # the other department's head
        ("by_tom", "sara", False),  # a stranger
        ("by_tom", "nina", False),
        ("by_admin", "tom", False),  # the facilitator of its meeting didn't assign it
        ("by_admin", "omar", True),
        ("by_admin", "maya", True),
    ],
)
def test_complete(
    world: World, to_complete: dict[str, int], task: str, actor: str, allowed: bool
) -> None:
    db = world.team.db
    task_id = to_complete[task]
    check(db, allowed, lambda: tasks.complete_task(db, who(world, actor), task_id))
    assert tasks.get_task(db, task_id).status == ("done" if allowed else "open")


# --- assign or move an area to P: admin; head of P's department, when the area is new -----
# --- or already held in that department ---------------------------------------------------


@pytest.fixture
def held(world: World) -> None:
    db = world.team.db
    areas.assign_area(db, world.lena, "Trade shows", "Tom Berg")
    areas.assign_area(db, world.maya, "Key accounts", "Omar Haddad")


@pytest.mark.parametrize(
    ("actor", "area", "to", "allowed"),
    [
        ("admin", "Webinars", "tom", True),  # new
        ("admin", "Webinars", "omar", True),
        ("lena", "Webinars", "tom", True),  # head of P's department, new area
        ("lena", "Webinars", "lena", True),
        ("lena", "Webinars", "omar", False),  # P in the other department
        ("maya", "Webinars", "omar", True),
        ("maya", "Webinars", "tom", False),
        ("tom", "Webinars", "tom", False),  # a member can't take an area
        ("sara", "Webinars", "omar", False),
        ("lena", "Trade shows", "nina", True),  # held in her department, stays there
        ("admin", "Trade shows", "omar", True),  # admin moves across departments
        ("maya", "Trade shows", "omar", False),  # head of P's, but held in Marketing
        ("lena", "Trade shows", "omar", False),  # head of where it's held, P elsewhere
        ("tom", "Trade shows", "nina", False),  # its owner can't give it away
        ("maya", "Key accounts", "sara", True),
        ("lena", "Key accounts", "sara", False),
        ("omar", "Key accounts", "sara", False),
    ],
)
def test_assign_area(
    world: World, held: None, actor: str, area: str, to: str, allowed: bool
) -> None:
    db = world.team.db
    target = who(world, to)
    check(db, allowed, lambda: areas.assign_area(db, who(world, actor), area, target.id))
    if allowed:
        [found] = [a for a in areas.list_areas(db) if a.area == area]
        assert found.owner == target.name


# --- create a task force: admin, a head ---------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin", True),
        ("maya", True),
        ("lena", True),
        ("tom", False),
        ("omar", False),
        ("sara", False),
    ],
)
def test_create_task_force(world: World, actor: str, allowed: bool) -> None:
    db = world.team.db
    check(
        db,
        allowed,
        lambda: taskforces.create_task_force(
            db,
            who(world, actor),
            "Lead quality",
            problem="Sales rejects half of the marketing leads",
            lead="Sara Ito",
            members=["Nina Roy"],
        ),
    )


# --- the messages say who may -------------------------------------------------------------


def test_refusals_name_who_may(world: World, owned: dict[str, int], held: None) -> None:
    db = world.team.db
    with pytest.raises(PermissionDenied, match="head of Sales"):
        people.add_person(db, world.lena, "X Person", department="Sales")
    with pytest.raises(PermissionDenied, match=r"Tom Berg"):
        meetings.add_item(db, world.sara, world.meeting, "Sneaky item")
    with pytest.raises(PermissionDenied, match=r"lead of task force Key client rescue"):
        meetings.add_item(db, world.sara, world.tf_meeting, "Sneaky item")
    with pytest.raises(PermissionDenied, match=r"admin .*crosses departments"):
        tasks.reassign_task(db, world.maya, owned["plain"], world.tom.id)
    with pytest.raises(PermissionDenied, match=r"Omar Haddad \(the owner\)"):
        tasks.complete_task(db, world.sara, owned["plain"])
    with pytest.raises(PermissionDenied, match="only the admin can move an area"):
        areas.assign_area(db, world.lena, "Key accounts", world.tom.id)


def test_who_may_open_a_reassignment_at_all(team: Team) -> None:
    """``require_may_reassign_task``: the admin, the task's head, its meeting's facilitator
    while open, or its owner handing it back; anyone else is refused before picking."""
    from db.permissions import require_may_reassign_task

    db = team.db
    task = tasks.add_task(db, team.lena, "Launch webinar page", team.tom.id)
    for allowed in (team.admin, team.lena, team.tom):
        require_may_reassign_task(db, allowed, task)
    for refused in (team.maya, team.omar, team.nina):
        with pytest.raises(PermissionDenied) as caught:
            require_may_reassign_task(db, refused, task)
        assert "the head of Marketing" in str(caught.value)
        assert caught.value.who_may[1] == "the admin"
    meeting = meetings.create_meeting(db, team.omar, "Omar's sync")
    from_meeting = tasks.add_task(db, team.lena, "Brief", team.tom.id, meeting_id=meeting.id)
    require_may_reassign_task(db, team.omar, from_meeting)  # its facilitator, while open
    own = tasks.add_task(db, team.tom, "Mine", team.tom.id)
    with pytest.raises(PermissionDenied):
        require_may_reassign_task(db, team.tom, own)  # nobody to hand it back to
