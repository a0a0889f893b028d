"""``tandem task add|list|done|reassign|history``."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlite_utils import Database

from db.dates import parse_date
from db.tasks import count_tasks, get_task, task_history
from tests.cli.support import Tandem, has_keys, usage_error

TASK_KEYS = "id, title, owner, department, status, due, meeting_id, created_at, done_at"
HISTORY_KEYS = "at, actor, from, to, reason"


def add(tandem: Tandem, title: str, owner: str, *args: str, as_: str = "Ada Admin") -> int:
    return int(tandem.json("task", "add", title, "--owner", owner, *args, as_=as_)["id"])


@pytest.fixture
def meeting(tandem: Tandem, team: object) -> int:
    """A joint meeting facilitated by Tom Berg (Marketing, not a head); Omar Haddad is
    marked present, Sara Ito absent."""
    mid = int(tandem.json("meeting", "new", "Joint sync", as_="Tom Berg")["id"])
    tandem.ok("agenda", "add", str(mid), "Lead scoring", as_="Tom Berg")
    tandem.ok("meeting", "attend", str(mid), "Omar Haddad", as_="Tom Berg")
    tandem.ok("meeting", "attend", str(mid), "Sara Ito", "--absent", as_="Tom Berg")
    return mid


# --- task add ---------------------------------------------------------------------------


def test_task_add_human_confirmation(tandem: Tandem, team: object) -> None:
    out = tandem.ok(
        "task", "add", "Call the client", "--owner", "omar haddad", "--due", "2026-11-27"
    ).out
    assert out.startswith("Task 1 'Call the client' → Omar Haddad (Sales), due Fri 27 Nov")


def test_task_add_json(tandem: Tandem, team: object, db: Database) -> None:
    doc = tandem.json(
        "task",
        "add",
        "Call the client",
        "--owner",
        "Omar Haddad",
        "--due",
        "2026-11-27",
        as_="Maya Chen",
    )
    has_keys(doc, TASK_KEYS)
    assert doc["title"] == "Call the client"
    assert (doc["owner"], doc["department"], doc["status"], doc["due"]) == (
        "Omar Haddad",
        "Sales",
        "open",
        "2026-11-27",
    )
    assert doc["meeting_id"] is None and doc["done_at"] is None
    assert datetime.fromisoformat(doc["created_at"]).tzinfo is not None
    stored = get_task(db, doc["id"])
    assert (stored.owner, stored.assigned_by) == ("Omar Haddad", "Maya Chen")


@pytest.mark.parametrize("form", ["today", "tomorrow", "+3d", "+2w", "fri", "Friday", "2027-01-15"])
def test_task_due_date_forms(tandem: Tandem, team: object, form: str) -> None:
    doc = tandem.json("task", "add", f"Task due {form}", "--owner", "Omar Haddad", "--due", form)
    assert doc["due"] == parse_date(form).isoformat()


def test_task_due_invalid_names_the_forms(tandem: Tandem, team: object, db: Database) -> None:
    for bad in ("next week", "2026-13-01", "27/11/2026", "+3m"):
        message = tandem.fails(1, "task", "add", "X", "--owner", "Omar Haddad", "--due", bad)
        assert f"invalid date {bad!r}" in message
        assert "YYYY-MM-DD, today, tomorrow, +3d, +2w" in message
    assert count_tasks(db, status="all") == 0


def test_task_add_as_an_action_item(tandem: Tandem, meeting: int, db: Database) -> None:
    doc = tandem.json(
        "task",
        "add",
        "Draft criteria",
        "--owner",
        "Omar Haddad",
        "--meeting",
        str(meeting),
        "--item",
        "1",
        as_="Tom Berg",
    )
    assert doc["meeting_id"] == meeting
    stored = get_task(db, doc["id"])
    assert stored.agenda_item_id is not None
    assert "add --meeting ID" in tandem.fails(
        1, "task", "add", "Y", "--owner", "Omar Haddad", "--item", "1"
    )
    assert "has no agenda item 3" in tandem.fails(
        1, "task", "add", "Y", "--owner", "Omar Haddad", "--meeting", str(meeting), "--item", "3"
    )
    assert "no meeting 77" in tandem.fails(
        1, "task", "add", "Y", "--owner", "Omar Haddad", "--meeting", "77"
    )


def test_task_add_owner_is_required_and_known(tandem: Tandem, team: object, db: Database) -> None:
    usage_error(tandem("task", "add", "No owner"))
    message = tandem.fails(1, "task", "add", "X", "--owner", "Omar Hadad")
    assert message == "Error: no person named 'Omar Hadad' (did you mean Omar Haddad?)"
    assert count_tasks(db, status="all") == 0


def test_task_add_refuses_a_duplicate(tandem: Tandem, team: object, db: Database) -> None:
    first = add(tandem, "Call the client about renewal", "Omar Haddad")
    message = tandem.fails(
        1, "task", "add", "call the CLIENT, about renewal!", "--owner", "Tom Berg"
    )
    assert f"task {first} 'Call the client about renewal' (owner Omar Haddad)" in message
    assert "--allow-duplicate" in message
    assert count_tasks(db) == 1
    second = add(tandem, "call the CLIENT, about renewal!", "Tom Berg", "--allow-duplicate")
    assert get_task(db, second).owner == "Tom Berg"


@pytest.mark.parametrize(
    ("actor", "owner", "meeting_flag", "code"),
    [
        ("Ada Admin", "Omar Haddad", False, 0),  # admin
        ("Maya Chen", "Omar Haddad", False, 0),  # head of P's department
        ("Omar Haddad", "Omar Haddad", False, 0),  # P themselves
        ("Tom Berg", "Omar Haddad", True, 0),  # facilitator of the task's meeting, P present
        ("Tom Berg", "Sara Ito", True, 3),  # the facilitator, but P marked absent
        ("Tom Berg", "Lena Park", True, 3),  # the facilitator, but P not marked present
        ("Tom Berg", "Omar Haddad", False, 3),  # the facilitator, but not for a meeting task
        ("Lena Park", "Omar Haddad", False, 3),  # head of another department
        ("Sara Ito", "Omar Haddad", False, 3),  # a colleague
        ("Nina Roy", "Omar Haddad", True, 3),  # a stranger to the meeting
    ],
)
def test_who_may_give_a_task(
    tandem: Tandem,
    meeting: int,
    db: Database,
    actor: str,
    owner: str,
    meeting_flag: bool,
    code: int,
) -> None:
    args = ["task", "add", "Prepare the pitch", "--owner", owner] + (
        ["--meeting", str(meeting)] if meeting_flag else []
    )
    if code:
        message = tandem.fails(code, *args, as_=actor)
        dept = "Marketing" if owner == "Lena Park" else "Sales"
        assert message == (
            f"Error: only the head of {dept}, the admin, {owner} themselves, or the facilitator "
            f"of the task's meeting while it is open and {owner} is marked present, can give "
            f"{owner} a task"
        )
        assert count_tasks(db, status="all") == 0
    else:
        tandem.ok(*args, as_=actor)
        assert count_tasks(db) == 1


# --- task list --------------------------------------------------------------------------


def test_task_list_defaults_to_open_and_orders_by_due_then_id(tandem: Tandem, team: object) -> None:
    a = add(tandem, "No due date", "Omar Haddad")
    b = add(tandem, "Due later", "Tom Berg", "--due", "2030-05-01")
    c = add(tandem, "Due sooner", "Omar Haddad", "--due", "2030-01-01")
    d = add(tandem, "Also no date", "Sara Ito")
    e = add(tandem, "Same day as sooner", "Nina Roy", "--due", "2030-01-01")
    done = add(tandem, "Finished one", "Omar Haddad", "--due", "2029-01-01")
    tandem.ok("task", "done", str(done))
    assert [t["id"] for t in tandem.json("task", "list")] == [c, e, b, a, d]
    assert [t["id"] for t in tandem.json("task", "list", "--status", "open")] == [c, e, b, a, d]
    assert [t["id"] for t in tandem.json("task", "list", "--status", "done")] == [done]
    assert [t["id"] for t in tandem.json("task", "list", "--status", "all")] == [
        done,
        c,
        e,
        b,
        a,
        d,
    ]
    for doc in tandem.json("task", "list", "--status", "all"):
        has_keys(doc, TASK_KEYS)
    human = tandem.ok("task", "list").out
    assert human.index("Due sooner") < human.index("Due later") < human.index("No due date")
    assert "Finished one" not in human


def test_task_list_filters(tandem: Tandem, team: object) -> None:
    omar = add(tandem, "Omar's task", "Omar Haddad", "--due", "2020-01-01")
    sara = add(tandem, "Sara's task", "Sara Ito", "--due", "2099-01-01")
    tom = add(tandem, "Tom's task", "Tom Berg")
    assert [t["id"] for t in tandem.json("task", "list", "--owner", "omar haddad")] == [omar]
    assert [t["id"] for t in tandem.json("task", "list", "--dept", "sales")] == [omar, sara]
    assert [t["id"] for t in tandem.json("task", "list", "--dept", "Marketing")] == [tom]
    assert [t["id"] for t in tandem.json("task", "list", "--overdue")] == [omar]
    assert [t["id"] for t in tandem.json("task", "list", "--owner", "Sara Ito", "--overdue")] == []
    assert "(overdue)" in tandem.ok("task", "list", "--overdue").out
    assert [t["id"] for t in tandem.json("task", "list", "--search", "sara")] == [sara]


def test_task_list_by_owner_id(tandem: Tandem, team: object, db: Database) -> None:
    from db.people import get_person

    tid = add(tandem, "Some task", "Omar Haddad")
    assert [
        t["id"]
        for t in tandem.json("task", "list", "--owner", str(get_person(db, "Omar Haddad").id))
    ] == [tid]


def test_task_list_wrong_requests(tandem: Tandem, team: object) -> None:
    assert "did you mean Omar Haddad" in tandem.fails(1, "task", "list", "--owner", "omar hadad")
    assert "no department named 'Sails'" in tandem.fails(1, "task", "list", "--dept", "Sails")
    usage_error(tandem("task", "list", "--status", "closed"))


def test_task_list_empty(tandem: Tandem, team: object) -> None:
    assert tandem.json("task", "list") == []
    assert tandem.ok("task", "list").out.strip() == "No tasks match."


# --- task done --------------------------------------------------------------------------


def test_task_done(tandem: Tandem, team: object, db: Database) -> None:
    tid = add(tandem, "Call the client", "Omar Haddad", as_="Maya Chen")
    out = tandem.ok("task", "done", str(tid), as_="Omar Haddad").out
    assert out.strip() == f"Task {tid} 'Call the client' done"
    stored = get_task(db, tid)
    assert stored.status == "done" and stored.done_at is not None
    assert "already done" in tandem.fails(1, "task", "done", str(tid))
    assert "no task 999" in tandem.fails(1, "task", "done", "999")
    usage_error(tandem("task", "done", "twelve"))
    doc = tandem.json("task", "done", str(add(tandem, "Another", "Omar Haddad")))
    assert doc["status"] == "done" and doc["done_at"] is not None


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("Omar Haddad", 0),  # its owner
        ("Tom Berg", 0),  # whoever assigned it (as facilitator of its meeting)
        ("Maya Chen", 0),  # the owner's head
        ("Ada Admin", 0),  # admin
        ("Lena Park", 3),  # the other head
        ("Sara Ito", 3),  # a colleague
    ],
)
def test_who_may_complete_a_task(
    tandem: Tandem, meeting: int, db: Database, actor: str, code: int
) -> None:
    tid = add(tandem, "Send the deck", "Omar Haddad", "--meeting", str(meeting), as_="Tom Berg")
    if code:
        message = tandem.fails(code, "task", "done", str(tid), as_=actor)
        assert message == (
            f"Error: only Omar Haddad (the owner), Tom Berg (who assigned it), the head of Sales "
            f"or the admin can complete task {tid}"
        )
        assert get_task(db, tid).status == "open"
    else:
        tandem.ok("task", "done", str(tid), as_=actor)
        assert get_task(db, tid).status == "done"


# --- task reassign / history ------------------------------------------------------------


def test_task_reassign_and_history(tandem: Tandem, team: object, db: Database) -> None:
    tid = add(tandem, "Call the client", "Omar Haddad", as_="Maya Chen")
    out = tandem.ok(
        "task",
        "reassign",
        str(tid),
        "--to",
        "sara ito",
        "--reason",
        "Omar is on leave",
        as_="Maya Chen",
    ).out
    assert out.strip() == f"Task {tid} 'Call the client' → Sara Ito (Sales) (was Omar Haddad)"
    assert get_task(db, tid).owner == "Sara Ito"
    doc = tandem.json("task", "reassign", str(tid), "--to", "Omar Haddad", as_="Ada Admin")
    has_keys(doc, TASK_KEYS)
    assert doc["owner"] == "Omar Haddad"
    history = tandem.json("task", "history", str(tid))
    for entry in history:
        has_keys(entry, HISTORY_KEYS)
    assert [(h["actor"], h["from"], h["to"], h["reason"]) for h in history] == [
        ("Maya Chen", None, "Omar Haddad", "assigned"),
        ("Maya Chen", "Omar Haddad", "Sara Ito", "Omar is on leave"),
        ("Ada Admin", "Sara Ito", "Omar Haddad", ""),
    ]
    assert all(datetime.fromisoformat(h["at"]).tzinfo is not None for h in history)
    human = tandem.ok("task", "history", str(tid)).out
    assert "Omar is on leave" in human and "Sara Ito" in human


def test_task_reassign_wrong_requests(tandem: Tandem, team: object, db: Database) -> None:
    tid = add(tandem, "Call the client", "Omar Haddad")
    assert "already owned by Omar Haddad" in tandem.fails(
        1, "task", "reassign", str(tid), "--to", "Omar Haddad"
    )
    assert "did you mean Sara Ito" in tandem.fails(
        1, "task", "reassign", str(tid), "--to", "Sarah Ito"
    )
    assert "no task 55" in tandem.fails(1, "task", "reassign", "55", "--to", "Sara Ito")
    assert "no task 55" in tandem.fails(1, "task", "history", "55")
    usage_error(tandem("task", "reassign", str(tid)))
    assert len(task_history(db, tid)) == 1


@pytest.mark.parametrize(
    ("actor", "to", "code"),
    [
        ("Ada Admin", "Tom Berg", 0),  # admin, even across departments
        ("Maya Chen", "Sara Ito", 0),  # head of both O's and P's department
        ("Maya Chen", "Tom Berg", 3),  # a head moving work out of their department
        ("Lena Park", "Tom Berg", 3),  # head of P's department only
        ("Lena Park", "Sara Ito", 3),  # head of neither
        ("Nina Roy", "Tom Berg", 0),  # the facilitator of the task's meeting, P present
        ("Nina Roy", "Sara Ito", 3),  # the facilitator, but P not marked present
        ("Omar Haddad", "Maya Chen", 0),  # O handing it back to whoever assigned it
        ("Omar Haddad", "Sara Ito", 3),  # O handing it to someone else
        ("Sara Ito", "Sara Ito", 3),  # a colleague taking it
        ("Tom Berg", "Tom Berg", 3),  # a stranger taking it
    ],
)
def test_who_may_reassign_a_task(
    tandem: Tandem, team: object, db: Database, actor: str, to: str, code: int
) -> None:
    mid = tandem.json("meeting", "new", "Joint sync", as_="Nina Roy")["id"]
    tandem.ok("meeting", "attend", str(mid), "Tom Berg", "Maya Chen", as_="Nina Roy")
    # Omar's task, given by his head Maya as an action item of Nina's meeting.
    tid = add(tandem, "Prepare the pitch", "Omar Haddad", "--meeting", str(mid), as_="Maya Chen")
    before = len(task_history(db, tid))
    if code:
        message = tandem.fails(code, "task", "reassign", str(tid), "--to", to, as_=actor)
        assert message.startswith("Error: only ")
        assert f"Omar Haddad handing it back to Maya Chen can reassign task {tid}" in message
        assert get_task(db, tid).owner == "Omar Haddad"
        assert len(task_history(db, tid)) == before
    else:
        tandem.ok("task", "reassign", str(tid), "--to", to, as_=actor)
        assert get_task(db, tid).owner == to
        assert len(task_history(db, tid)) == before + 1


def test_reassign_refusal_says_who_may(tandem: Tandem, team: object) -> None:
    tid = add(tandem, "Prepare the pitch", "Omar Haddad", as_="Maya Chen")
    message = tandem.fails(3, "task", "reassign", str(tid), "--to", "Tom Berg", as_="Maya Chen")
    assert message == (
        "Error: only the admin (moving work from Sales to Marketing crosses departments), the facilitator "
        "of the task's meeting while it is open and Tom Berg is marked present, or Omar Haddad "
        f"handing it back to Maya Chen can reassign task {tid}"
    )
