"""``tandem meeting ...``, ``tandem agenda add`` and ``tandem decide``."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlite_utils import Database

from db.decisions import list_decisions
from db.meetings import amendments, get_meeting, list_meetings
from tests.cli.support import Tandem, has_keys, usage_error

MEETING_KEYS = "id, title, at, status, facilitator, task_force, attendees, agenda"
ATTENDEE_KEYS = "name, department, present"
ITEM_KEYS = "position, title, presenter, minutes, status"
DECISION_KEYS = (
    "id, text, rationale, meeting_id, agenda_item, task_force, recorded_by, recorded_at, supersedes"
)


def new_meeting(
    tandem: Tandem, title: str = "Joint sync", *args: str, as_: str = "Maya Chen"
) -> int:
    return int(tandem.json("meeting", "new", title, *args, as_=as_)["id"])


@pytest.fixture
def meeting(tandem: Tandem, team: object) -> int:
    """A planned joint meeting facilitated by Maya Chen (head of Sales) with two items."""
    mid = new_meeting(tandem, "Joint sync", "--at", "2026-11-27 10:00", "--minutes", "45")
    tandem.ok(
        "agenda",
        "add",
        str(mid),
        "Lead scoring",
        "--presenter",
        "Tom Berg",
        "--minutes",
        "15",
        as_="Maya Chen",
    )
    tandem.ok("agenda", "add", str(mid), "Pricing", "--presenter", "Omar Haddad", as_="Maya Chen")
    return mid


@pytest.fixture
def tf_meeting(tandem: Tandem, team: object) -> int:
    """A task force (lead Tom Berg) and its meeting, facilitated by Maya Chen."""
    tandem.ok(
        "taskforce",
        "new",
        "Key account rescue",
        "--problem",
        "The client is unhappy",
        "--lead",
        "Tom Berg",
        "--member",
        "Omar Haddad",
    )
    return new_meeting(tandem, "Rescue sync", "--task-force", "key account rescue")


# --- meeting new ----------------------------------------------------------------------


def test_meeting_new_json(tandem: Tandem, team: object, db: Database) -> None:
    doc = tandem.json(
        "meeting",
        "new",
        "Joint sync",
        "--at",
        "2026-11-27 10:00",
        "--minutes",
        "45",
        as_="Omar Haddad",
    )
    has_keys(doc, MEETING_KEYS)
    assert doc["title"] == "Joint sync"
    assert doc["status"] == "planned"
    assert doc["facilitator"] == "Omar Haddad"  # the creator facilitates
    assert doc["task_force"] is None
    assert doc["attendees"] == [] and doc["agenda"] == []
    at = datetime.fromisoformat(doc["at"])
    assert at.tzinfo is not None  # ISO 8601 with offset
    assert at.astimezone().strftime("%Y-%m-%d %H:%M") == "2026-11-27 10:00"  # local time as typed
    assert get_meeting(db, doc["id"]).minutes == 45


def test_meeting_new_human(tandem: Tandem, team: object) -> None:
    out = tandem.ok("meeting", "new", "Joint sync", "--at", "2026-11-27 10:00", as_="Maya Chen").out
    assert out.startswith("Created Meeting 1 'Joint sync' ")
    assert "27 Nov" in out and "10:00" in out and "facilitator Maya Chen" in out


def test_meeting_new_invalid_datetime_names_the_form(
    tandem: Tandem, team: object, db: Database
) -> None:
    message = tandem.fails(1, "meeting", "new", "X", "--at", "27/11/2026")
    assert "YYYY-MM-DD HH:MM" in message
    assert list_meetings(db) == []


def test_meeting_new_values(tandem: Tandem, team: object) -> None:
    usage_error(tandem("meeting", "new", "X", "--minutes", "lots"))  # click's own type check
    assert "at least 1 minute" in tandem.fails(1, "meeting", "new", "X", "--minutes", "0")
    assert "between 0 and" in tandem.fails(1, "meeting", "new", "X", "--minutes", "-5")
    assert "can't be empty" in tandem.fails(1, "meeting", "new", "  ")
    assert "no meeting 99" in tandem.fails(1, "meeting", "new", "X", "--after", "99")
    assert "no task force named 'Nothing'" in tandem.fails(
        1, "meeting", "new", "X", "--task-force", "Nothing"
    )


@pytest.mark.parametrize(
    ("actor", "code"),
    [("Ada Admin", 0), ("Maya Chen", 0), ("Lena Park", 0), ("Omar Haddad", 3), ("Tom Berg", 3)],
)
def test_who_may_name_another_facilitator(
    tandem: Tandem, team: object, db: Database, actor: str, code: int
) -> None:
    args = ("meeting", "new", "X", "--facilitator", "Sara Ito")
    if code:
        assert "only the admin or a department head can name another facilitator" in tandem.fails(
            code, *args, as_=actor
        )
        assert list_meetings(db) == []
    else:
        assert tandem.json(*args, as_=actor)["facilitator"] == "Sara Ito"


def test_anyone_may_create_a_meeting_and_facilitate_it(tandem: Tandem, team: object) -> None:
    for name in ("Ada Admin", "Maya Chen", "Sara Ito", "Nina Roy"):
        assert tandem.json("meeting", "new", "Mine", as_=name)["facilitator"] == name
    # naming yourself is not naming another
    assert (
        tandem.json("meeting", "new", "Mine", "--facilitator", "nina roy", as_="Nina Roy")[
            "facilitator"
        ]
        == "Nina Roy"
    )


def test_meeting_new_for_a_task_force(tandem: Tandem, tf_meeting: int, db: Database) -> None:
    doc = tandem.json("meeting", "show", str(tf_meeting))
    assert doc["task_force"] == "Key account rescue"


def test_meeting_new_after_carries_over(tandem: Tandem, meeting: int, db: Database) -> None:
    mid = str(meeting)
    tandem.ok("meeting", "start", mid, as_="Maya Chen")
    tandem.ok("meeting", "attend", mid, "Tom Berg", as_="Maya Chen")
    tandem.ok("decide", mid, "Marketing qualifies leads", "--item", "1", as_="Maya Chen")
    tandem.ok(
        "task",
        "add",
        "Draft lead criteria",
        "--owner",
        "Tom Berg",
        "--meeting",
        mid,
        "--item",
        "1",
        as_="Maya Chen",
    )
    tandem.ok("agenda", "add", mid, "Events budget", "--minutes", "5", as_="Maya Chen")
    tandem.ok("meeting", "close", mid, as_="Maya Chen")
    doc = tandem.json(
        "meeting",
        "new",
        "Joint sync 2",
        "--after",
        mid,
        "--at",
        "2026-12-04 10:00",
        as_="Maya Chen",
    )
    titles = [i["title"] for i in doc["agenda"]]
    assert titles[0] == f"Review open action items from meeting {meeting} (Joint sync)"
    # item 1 has a decision: it had its outcome; items 2 and 3 carry over in their order
    assert titles[1:] == ["Pricing", "Events budget"]
    assert [i["position"] for i in doc["agenda"]] == [1, 2, 3]
    assert doc["agenda"][1]["presenter"] == "Omar Haddad"
    assert get_meeting(db, doc["id"]).previous_id == meeting
    out = tandem.ok("meeting", "new", "Joint sync 3", "--after", mid, as_="Maya Chen").out
    assert (
        "review of its open action items first" in out and "2 unfinished items carried over" in out
    )


# --- meeting list / show ---------------------------------------------------------------


def test_meeting_list_by_date(tandem: Tandem, team: object) -> None:
    new_meeting(tandem, "Later", "--at", "2026-12-10 09:00")
    new_meeting(tandem, "Earlier", "--at", "2026-11-01 09:00")
    new_meeting(tandem, "Middle", "--at", "2026-11-15 09:00")
    listed = tandem.json("meeting", "list")
    assert [m["title"] for m in listed] == ["Earlier", "Middle", "Later"]
    for m in listed:
        has_keys(m, "id, title, at, status, facilitator, task_force")
    human = tandem.ok("meeting", "list").out
    assert human.index("Earlier") < human.index("Middle") < human.index("Later")


def test_meeting_list_status_filter(tandem: Tandem, meeting: int) -> None:
    other = new_meeting(tandem, "Other")
    tandem.ok("meeting", "close", str(other), as_="Maya Chen")
    assert [m["id"] for m in tandem.json("meeting", "list", "--status", "closed")] == [other]
    assert [m["id"] for m in tandem.json("meeting", "list", "--status", "planned")] == [meeting]
    usage_error(tandem("meeting", "list", "--status", "done"))


def test_meeting_list_empty(tandem: Tandem, db: Database) -> None:
    assert tandem.json("meeting", "list") == []
    assert "No meetings" in tandem.ok("meeting", "list").out


def test_meeting_show_json_keys(tandem: Tandem, meeting: int) -> None:
    tandem.ok("meeting", "attend", str(meeting), "Maya Chen", "Tom Berg", as_="Maya Chen")
    tandem.ok("meeting", "attend", str(meeting), "Omar Haddad", "--absent", as_="Maya Chen")
    doc = tandem.json("meeting", "show", str(meeting))
    has_keys(doc, MEETING_KEYS)
    assert doc["id"] == meeting and doc["facilitator"] == "Maya Chen"
    for a in doc["attendees"]:
        has_keys(a, ATTENDEE_KEYS)
    assert {(a["name"], a["department"], a["present"]) for a in doc["attendees"]} == {
        ("Maya Chen", "Sales", True),
        ("Tom Berg", "Marketing", True),
        ("Omar Haddad", "Sales", False),
    }
    for item in doc["agenda"]:
        has_keys(item, ITEM_KEYS)
    assert [
        (i["position"], i["title"], i["presenter"], i["minutes"], i["status"])
        for i in doc["agenda"]
    ] == [
        (1, "Lead scoring", "Tom Berg", 15, "pending"),
        (2, "Pricing", "Omar Haddad", 10, "pending"),
    ]


def test_meeting_show_human(tandem: Tandem, meeting: int) -> None:
    tandem.ok("meeting", "attend", str(meeting), "Tom Berg", as_="Maya Chen")
    tandem.ok("decide", str(meeting), "Weekly joint pipeline review", as_="Maya Chen")
    tandem.ok(
        "task",
        "add",
        "Send the deck",
        "--owner",
        "Omar Haddad",
        "--meeting",
        str(meeting),
        as_="Maya Chen",
    )
    out = tandem.ok("meeting", "show", str(meeting)).out
    for text in (
        "Joint sync",
        "Lead scoring",
        "Pricing",
        "Tom Berg",
        "Weekly joint pipeline review",
        "Send the deck",
    ):
        assert text in out


def test_meeting_show_unknown_and_bad_id(tandem: Tandem, db: Database) -> None:
    assert (
        tandem.fails(1, "meeting", "show", "42")
        == "Error: no meeting 42; `tandem meeting list` lists them"
    )
    usage_error(tandem("meeting", "show", "forty-two"))


# --- attendance, start, close, amend -----------------------------------------------------


def test_meeting_attend(tandem: Tandem, meeting: int, db: Database) -> None:
    out = tandem.ok(
        "meeting", "attend", str(meeting), "maya chen", "Lena Park", as_="Maya Chen"
    ).out
    assert "Maya Chen, Lena Park marked present (2 present, 0 absent)" in out
    doc = tandem.json("meeting", "attend", str(meeting), "Lena Park", "--absent", as_="Maya Chen")
    assert {(a["name"], a["present"]) for a in doc} == {("Maya Chen", True), ("Lena Park", False)}
    assert {(a.name, a.present) for a in get_meeting(db, meeting).attendees} == {
        ("Maya Chen", True),
        ("Lena Park", False),
    }


def test_meeting_attend_failure_changes_nothing(tandem: Tandem, meeting: int, db: Database) -> None:
    message = tandem.fails(
        1, "meeting", "attend", str(meeting), "Tom Berg", "Nina Ray", as_="Maya Chen"
    )
    assert "did you mean Nina Roy" in message
    assert get_meeting(db, meeting).attendees == ()
    usage_error(tandem("meeting", "attend", str(meeting)))


def test_meeting_start(tandem: Tandem, meeting: int, db: Database) -> None:
    out = tandem.ok("meeting", "start", str(meeting), as_="Maya Chen").out
    assert "is running" in out
    assert get_meeting(db, meeting).status == "running"
    assert tandem.json("meeting", "start", str(meeting), as_="Maya Chen")["status"] == "running"


def test_meeting_close_freezes(tandem: Tandem, meeting: int, db: Database) -> None:
    mid = str(meeting)
    tandem.ok("meeting", "start", mid, as_="Maya Chen")
    out = tandem.ok("meeting", "close", mid, as_="Maya Chen").out
    assert "minutes frozen" in out
    assert get_meeting(db, meeting).status == "closed"
    assert tandem.json("meeting", "show", mid)["status"] == "closed"
    for args in (
        ("agenda", "add", mid, "Late item"),
        ("decide", mid, "Too late"),
        ("meeting", "attend", mid, "Tom Berg"),
        ("meeting", "start", mid),
        ("meeting", "close", mid),
        ("task", "add", "Late action", "--owner", "Omar Haddad", "--meeting", mid),
    ):
        assert "closed" in tandem.fails(1, *args, as_="Maya Chen")
    assert len(get_meeting(db, meeting).agenda) == 2


def test_meeting_amend(tandem: Tandem, meeting: int, db: Database) -> None:
    mid = str(meeting)
    assert "amendments are for closed minutes" in tandem.fails(
        1, "meeting", "amend", mid, "Typo", as_="Maya Chen"
    )
    tandem.ok("meeting", "close", mid, as_="Maya Chen")
    out = tandem.ok(
        "meeting", "amend", mid, "Omar, not Sara, presented item 2.", as_="Maya Chen"
    ).out
    assert "Amendment 1 added to the minutes of meeting" in out
    doc = tandem.json("meeting", "amend", mid, "Second note", as_="Ada Admin")
    has_keys(doc, "id, text, author, at, meeting_id")
    assert (doc["text"], doc["author"], doc["meeting_id"]) == ("Second note", "Ada Admin", meeting)
    assert [a.text for a in amendments(db, meeting)] == [
        "Omar, not Sara, presented item 2.",
        "Second note",
    ]
    assert "can't be empty" in tandem.fails(1, "meeting", "amend", mid, " ", as_="Maya Chen")


# --- who may run a meeting ---------------------------------------------------------------

RUN_ACTIONS = {
    "agenda": lambda m: ("agenda", "add", m, "Another item"),
    "attend": lambda m: ("meeting", "attend", m, "Sara Ito"),
    "decide": lambda m: ("decide", m, "A decision"),
    "start": lambda m: ("meeting", "start", m),
    "close": lambda m: ("meeting", "close", m),
}


@pytest.mark.parametrize("action", sorted(RUN_ACTIONS))
@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("Maya Chen", 0),  # its facilitator
        ("Ada Admin", 0),  # admin
        ("Lena Park", 3),  # the other head
        ("Omar Haddad", 3),  # a member of the facilitator's department
        ("Nina Roy", 3),  # a stranger
    ],
)
def test_who_may_run_a_meeting(
    tandem: Tandem, meeting: int, db: Database, action: str, actor: str, code: int
) -> None:
    args = RUN_ACTIONS[action](str(meeting))
    before = get_meeting(db, meeting)
    if code:
        message = tandem.fails(code, *args, as_=actor)
        assert "only its facilitator (Maya Chen) or the admin can" in message
        after = get_meeting(db, meeting)
        assert (after.status, after.agenda, after.attendees) == (
            before.status,
            before.agenda,
            before.attendees,
        )
        assert list_decisions(db, meeting_id=meeting) == []
    else:
        tandem.ok(*args, as_=actor)


@pytest.mark.parametrize(
    ("actor", "code"), [("Ada Admin", 0), ("Maya Chen", 0), ("Lena Park", 3), ("Nina Roy", 3)]
)
def test_who_may_amend(tandem: Tandem, meeting: int, db: Database, actor: str, code: int) -> None:
    tandem.ok("meeting", "close", str(meeting), as_="Maya Chen")
    if code:
        assert "can amend meeting" in tandem.fails(
            code, "meeting", "amend", str(meeting), "Note", as_=actor
        )
        assert amendments(db, meeting) == []
    else:
        tandem.ok("meeting", "amend", str(meeting), "Note", as_=actor)


@pytest.mark.parametrize("action", sorted(RUN_ACTIONS))
@pytest.mark.parametrize(
    ("actor", "code"), [("Tom Berg", 0), ("Maya Chen", 0), ("Nina Roy", 3), ("Lena Park", 3)]
)
def test_the_task_force_lead_may_run_its_meeting(
    tandem: Tandem, tf_meeting: int, action: str, actor: str, code: int
) -> None:
    args = RUN_ACTIONS[action](str(tf_meeting))
    if code:
        message = tandem.fails(code, *args, as_=actor)
        assert "the lead of task force Key account rescue" in message
    else:
        tandem.ok(*args, as_=actor)


# --- agenda add -------------------------------------------------------------------------


def test_agenda_add(tandem: Tandem, meeting: int, db: Database) -> None:
    doc = tandem.json(
        "agenda",
        "add",
        str(meeting),
        "Events",
        "--presenter",
        "Lena Park",
        "--minutes",
        "20",
        as_="Maya Chen",
    )
    has_keys(doc, "id, " + ITEM_KEYS)
    assert (doc["position"], doc["title"], doc["presenter"], doc["minutes"], doc["status"]) == (
        3,
        "Events",
        "Lena Park",
        20,
        "pending",
    )
    assert doc["meeting_id"] == meeting
    out = tandem.ok("agenda", "add", str(meeting), "Wrap-up", as_="Maya Chen").out
    assert out.strip() == f"Added Item 4 'Wrap-up' on meeting {meeting}, 10 min"
    assert [i.title for i in get_meeting(db, meeting).agenda] == [
        "Lead scoring",
        "Pricing",
        "Events",
        "Wrap-up",
    ]


def test_agenda_add_wrong_requests(tandem: Tandem, meeting: int) -> None:
    assert "no meeting 9" in tandem.fails(1, "agenda", "add", "9", "X")
    assert "did you mean Tom Berg" in tandem.fails(
        1, "agenda", "add", str(meeting), "X", "--presenter", "Tom Brg", as_="Maya Chen"
    )
    usage_error(tandem("agenda", "add", str(meeting)))
    usage_error(tandem("agenda", "add", str(meeting), "X", "--minutes", "ten"))


# --- decide -----------------------------------------------------------------------------


def test_decide(tandem: Tandem, meeting: int, db: Database) -> None:
    doc = tandem.json(
        "decide",
        str(meeting),
        "Marketing qualifies leads",
        "--item",
        "1",
        "--rationale",
        "Cold calls waste time",
        as_="Maya Chen",
    )
    has_keys(doc, DECISION_KEYS)
    assert doc["text"] == "Marketing qualifies leads"
    assert doc["rationale"] == "Cold calls waste time"
    assert (doc["meeting_id"], doc["agenda_item"], doc["task_force"]) == (meeting, 1, None)
    assert doc["recorded_by"] == "Maya Chen" and doc["supersedes"] is None
    assert datetime.fromisoformat(doc["recorded_at"]).tzinfo is not None
    out = tandem.ok(
        "decide",
        str(meeting),
        "Leads scored weekly",
        "--supersedes",
        str(doc["id"]),
        as_="Maya Chen",
    ).out
    assert f"supersedes decision {doc['id']}" in out
    assert [d.supersedes for d in list_decisions(db, meeting_id=meeting)] == [None, doc["id"]]


def test_decide_wrong_requests(tandem: Tandem, meeting: int, db: Database) -> None:
    mid = str(meeting)
    assert "has no agenda item 7" in tandem.fails(
        1, "decide", mid, "X", "--item", "7", as_="Maya Chen"
    )
    assert "no decision 5" in tandem.fails(
        1, "decide", mid, "X", "--supersedes", "5", as_="Maya Chen"
    )
    first = tandem.json("decide", mid, "First", as_="Maya Chen")["id"]
    tandem.ok("decide", mid, "Second", "--supersedes", str(first), as_="Maya Chen")
    assert "already superseded" in tandem.fails(
        1, "decide", mid, "Third", "--supersedes", str(first), as_="Maya Chen"
    )
    assert "can't be empty" in tandem.fails(1, "decide", mid, "", as_="Maya Chen")
    usage_error(tandem("decide", mid, "X", "--item", "first"))
    assert len(list_decisions(db, meeting_id=meeting)) == 2


def test_decision_in_a_task_force_meeting_names_the_task_force(
    tandem: Tandem, tf_meeting: int
) -> None:
    doc = tandem.json("decide", str(tf_meeting), "Call the CEO", as_="Tom Berg")
    assert doc["task_force"] == "Key account rescue"
    assert doc["recorded_by"] == "Tom Berg"
