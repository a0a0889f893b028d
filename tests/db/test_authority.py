"""Authority that can't be borrowed (issue 11): the permission table's new rows.

- A facilitator gives or moves a meeting's action items only to people marked present
  at it, and only while it is not closed.
- The next meeting of a series (``after=``) is created only by a facilitator of the
  earlier one, a head or the admin (and, for a task force's series, its lead or members).
- Superseding a decision takes the authority that recorded it: the admin, a facilitator
  of its meeting or of a later meeting of its series, or its task force's lead.
- A task-force meeting is created only by the admin, a head, its lead or its members.

Every refusal writes nothing: the file is compared whole before and after.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from db import decisions, meetings, taskforces, tasks
from db.errors import ClosedMeeting, PermissionDenied
from db.models import Decision, Meeting, Person, TaskForce
from tests.cli.support import Tandem
from tests.conftest import Team


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def refused(path: Path, attempt: Callable[[], object]) -> str:
    """``attempt`` is refused (PermissionDenied) and nothing in the file changed."""
    before = dump(path)
    with pytest.raises(PermissionDenied) as caught:
        attempt()
    assert dump(path) == before
    return str(caught.value)


def who(team: Team, name: str) -> Person:
    return {
        "admin": team.admin,
        "maya": team.maya,
        "lena": team.lena,
        "omar": team.omar,
        "sara": team.sara,
        "tom": team.tom,
        "nina": team.nina,
    }[name]


# --- a facilitator hands out action items to people present, while the meeting is open ------


@pytest.fixture
def toms_meeting(team: Team) -> Meeting:
    """Tom (no rank) facilitates; Nina and Omar present, Sara absent, Lena not listed."""
    m = meetings.create_meeting(team.db, team.tom, "Campaign sync")
    meetings.mark_attendance(team.db, team.tom, m.id, ["Nina Roy", "Omar Haddad"])
    meetings.mark_attendance(team.db, team.tom, m.id, ["Sara Ito"], present=False)
    return m


def test_a_facilitator_gives_action_items_to_people_present(
    team: Team, toms_meeting: Meeting, db_path: Path
) -> None:
    db, tom, m = team.db, team.tom, toms_meeting
    # Present, in either department: allowed (Omar is in Sales, Tom in Marketing).
    for owner, title in (("Nina Roy", "Draft the brief"), ("Omar Haddad", "Call the venue")):
        given = tasks.add_task(db, tom, title, owner, meeting_id=m.id)
        assert given.owner == owner and given.meeting_id == m.id
    # Absent, not listed, or outside any meeting: refused.
    for owner in ("Sara Ito", "Lena Park", "Ada Admin"):
        words = refused(
            db_path, partial(tasks.add_task, db, tom, "Do my bidding", owner, meeting_id=m.id)
        )
        assert "marked present" in words, words
    refused(db_path, lambda: tasks.add_task(db, tom, "Do my bidding", "Nina Roy"))
    # Marked present later: allowed from then on.
    meetings.mark_attendance(db, tom, m.id, ["Sara Ito"])
    tasks.add_task(db, tom, "Call the prospects", "Sara Ito", meeting_id=m.id)


def test_only_the_facilitator_of_that_meeting_hands_out_its_items(
    team: Team, toms_meeting: Meeting, db_path: Path
) -> None:
    db = team.db
    # Nina is present at Tom's meeting but does not lead it.
    refused(
        db_path,
        lambda: tasks.add_task(
            db, team.nina, "Do my bidding", "Omar Haddad", meeting_id=toms_meeting.id
        ),
    )
    # Facilitating another meeting gives no power over this one's attendees.
    mine = meetings.create_meeting(db, team.nina, "Nina's own")
    refused(
        db_path,
        lambda: tasks.add_task(db, team.nina, "Do my bidding", "Omar Haddad", meeting_id=mine.id),
    )


def test_a_facilitator_moves_action_items_only_to_people_present(
    team: Team, toms_meeting: Meeting, db_path: Path
) -> None:
    db, tom, m = team.db, team.tom, toms_meeting
    t = tasks.add_task(db, tom, "Draft the brief", "Nina Roy", meeting_id=m.id)
    tasks.reassign_task(db, tom, t.id, "Omar Haddad")
    for to in ("Sara Ito", "Lena Park"):
        refused(db_path, partial(tasks.reassign_task, db, tom, t.id, to))
    # A task of no meeting, or of another meeting, is not the facilitator's to move.
    loose = tasks.add_task(db, team.admin, "Clean the CRM", "Nina Roy")
    refused(db_path, lambda: tasks.reassign_task(db, tom, loose.id, "Omar Haddad"))


def test_a_closed_meeting_gives_its_facilitator_nothing(
    team: Team, toms_meeting: Meeting, db_path: Path
) -> None:
    db, tom, m = team.db, team.tom, toms_meeting
    t = tasks.add_task(db, tom, "Draft the brief", "Nina Roy", meeting_id=m.id)
    meetings.close_meeting(db, tom, m.id)
    # Omar was present, but the meeting is over: moving its items is no longer Tom's.
    words = refused(db_path, lambda: tasks.reassign_task(db, tom, t.id, "Omar Haddad"))
    assert "while it is open" in words, words
    # And a closed meeting takes no new action items from anyone.
    before = dump(db_path)
    with pytest.raises(ClosedMeeting):
        tasks.add_task(db, tom, "Late item", "Omar Haddad", meeting_id=m.id)
    assert dump(db_path) == before
    # The owner's head still may.
    tasks.reassign_task(db, team.lena, t.id, "Tom Berg")


def test_a_running_meeting_still_counts_as_open(team: Team, toms_meeting: Meeting) -> None:
    meetings.add_item(team.db, team.tom, toms_meeting.id, "Launch")
    meetings.start_meeting(team.db, team.tom, toms_meeting.id)
    t = tasks.add_task(team.db, team.tom, "Ship it", "Omar Haddad", meeting_id=toms_meeting.id)
    tasks.reassign_task(team.db, team.tom, t.id, "Nina Roy")
    assert tasks.get_task(team.db, t.id).owner == "Nina Roy"


# --- the next meeting of a series -------------------------------------------------------------


@pytest.fixture
def series_start(team: Team) -> Meeting:
    """Omar (no rank) facilitates the first meeting of a series."""
    return meetings.create_meeting(team.db, team.omar, "Pipeline review")


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("omar", True),  # facilitator of the earlier meeting
        ("admin", True),
        ("maya", True),  # a head (of his department)
        ("lena", True),  # a head (of another department)
        ("tom", False),
        ("sara", False),
    ],
)
def test_who_creates_the_next_meeting_of_a_series(
    team: Team, series_start: Meeting, db_path: Path, actor: str, allowed: bool
) -> None:
    person = who(team, actor)

    def attempt() -> Meeting:
        return meetings.create_meeting(team.db, person, "Pipeline review", after=series_start.id)

    if allowed:
        nxt = attempt()
        assert nxt.previous_id == series_start.id
    else:
        words = refused(db_path, attempt)
        assert f"meeting {series_start.id}" in words, words


def test_facilitating_a_later_meeting_does_not_open_the_series_to_anyone(
    team: Team, series_start: Meeting, db_path: Path
) -> None:
    """Tom, made facilitator of the second meeting by a head, may continue from it, not
    fork the series from its start."""
    second = meetings.create_meeting(
        team.db, team.maya, "Pipeline review", after=series_start.id, facilitator="Tom Berg"
    )
    third = meetings.create_meeting(team.db, team.tom, "Pipeline review", after=second.id)
    assert third.facilitator == "Tom Berg"
    refused(
        db_path,
        lambda: meetings.create_meeting(
            team.db, team.tom, "Pipeline review", after=series_start.id
        ),
    )


# --- task-force meetings and their series -----------------------------------------------------


@pytest.fixture
def pricing(team: Team) -> TaskForce:
    return taskforces.create_task_force(
        team.db,
        team.admin,
        "Pricing",
        problem="Discounts eat the margin",
        lead="Omar Haddad",
        members=["Tom Berg"],
    )


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin", True),
        ("maya", True),  # a head
        ("lena", True),  # a head
        ("omar", True),  # its lead
        ("tom", True),  # a member
        ("nina", False),
        ("sara", False),
    ],
)
def test_who_creates_a_task_force_meeting(
    team: Team, pricing: TaskForce, db_path: Path, actor: str, allowed: bool
) -> None:
    person = who(team, actor)

    def attempt() -> Meeting:
        return meetings.create_meeting(team.db, person, "Pricing sync", task_force="Pricing")

    if allowed:
        assert attempt().task_force == "Pricing"
    else:
        words = refused(db_path, attempt)
        assert "task force Pricing" in words, words


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("omar", True), ("tom", True), ("maya", True), ("admin", True), ("nina", False)],
)
def test_who_continues_a_task_force_series(
    team: Team, pricing: TaskForce, db_path: Path, actor: str, allowed: bool
) -> None:
    """The lead and members continue their task force's series, though they did not
    facilitate it; the series stays the task force's."""
    first = meetings.create_meeting(
        team.db, team.admin, "Pricing sync", task_force="Pricing", facilitator="Maya Chen"
    )
    person = who(team, actor)

    def attempt() -> Meeting:
        return meetings.create_meeting(team.db, person, "Pricing sync", after=first.id)

    if allowed:
        assert attempt().task_force == "Pricing"
    else:
        refused(db_path, attempt)


def test_a_task_force_series_is_continued_only_by_who_may_hold_its_meetings(
    team: Team, pricing: TaskForce, db_path: Path
) -> None:
    """Facilitating the earlier meeting lets you continue the series only if you may also
    create the task force's meetings."""
    first = meetings.create_meeting(
        team.db, team.admin, "Pricing sync", task_force="Pricing", facilitator="Nina Roy"
    )
    words = refused(
        db_path, lambda: meetings.create_meeting(team.db, team.nina, "Pricing sync", after=first.id)
    )
    assert "task force Pricing" in words, words


# --- superseding a decision takes the authority that recorded it ------------------------------


@pytest.fixture
def mayas_decision(team: Team) -> Decision:
    """A head's decision in a closed meeting she facilitated."""
    m = meetings.create_meeting(team.db, team.maya, "Sales leadership")
    d = decisions.record_decision(team.db, team.maya, "Lead = 50 points", meeting_id=m.id)
    meetings.close_meeting(team.db, team.maya, m.id)
    return d


def _supersede(team: Team, person: Person, decision_id: int, meeting_id: int) -> Decision:
    """``person`` records, in a meeting they lead, a decision superseding ``decision_id``."""
    return decisions.record_decision(
        team.db, person, "Lead = anything", meeting_id=meeting_id, supersedes=decision_id
    )


def _own_meeting(team: Team, person: Person) -> int:
    return meetings.create_meeting(team.db, person, "Follow-up").id


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("maya", True),  # facilitator of its meeting
        ("admin", True),
        ("lena", False),  # a head, but not of this record
        ("omar", False),  # in Maya's department
        ("tom", False),
    ],
)
def test_who_supersedes_a_meeting_decision(
    team: Team, mayas_decision: Decision, db_path: Path, actor: str, allowed: bool
) -> None:
    d_id = mayas_decision.id
    person = who(team, actor)
    mine = _own_meeting(team, person)  # a meeting they lead, to record the successor in
    if allowed:
        assert _supersede(team, person, d_id, mine).supersedes == d_id
        assert decisions.get_decision(team.db, d_id).superseded_by is not None
        return
    words = refused(db_path, lambda: _supersede(team, person, d_id, mine))
    assert f"supersede decision {d_id}" in words, words
    assert decisions.get_decision(team.db, d_id).superseded_by is None


def test_a_facilitator_of_a_later_meeting_of_the_series_supersedes(
    team: Team, db_path: Path
) -> None:
    db = team.db
    earlier = meetings.create_meeting(db, team.tom, "Campaign sync")
    first = meetings.create_meeting(db, team.lena, "Campaign sync", after=earlier.id)
    d = decisions.record_decision(db, team.lena, "Webinars monthly", meeting_id=first.id)
    meetings.close_meeting(db, team.lena, first.id)
    later = meetings.create_meeting(
        db, team.lena, "Campaign sync", after=first.id, facilitator="Nina Roy"
    )
    # Tom facilitated an *earlier* meeting of the series: that gives no power over it.
    toms = _own_meeting(team, team.tom)
    refused(db_path, lambda: _supersede(team, team.tom, d.id, toms))
    # Nina facilitates a later one: she may, in that meeting.
    replaced = decisions.record_decision(
        db, team.nina, "Webinars quarterly", meeting_id=later.id, supersedes=d.id
    )
    assert replaced.supersedes == d.id


def test_a_task_forces_lead_supersedes_its_decisions(
    team: Team, pricing: TaskForce, db_path: Path
) -> None:
    db = team.db
    outside = decisions.record_decision(db, team.omar, "Floor price 20%", task_force="Pricing")
    m = meetings.create_meeting(
        db, team.admin, "Pricing sync", task_force="Pricing", facilitator="Tom Berg"
    )
    inside = decisions.record_decision(db, team.tom, "Annual plans only", meeting_id=m.id)
    meetings.close_meeting(db, team.tom, m.id)
    # A member (Tom, who facilitated its meeting) may supersede that meeting's decision,
    # not the task force's own.
    toms = _own_meeting(team, team.tom)
    refused(db_path, lambda: _supersede(team, team.tom, outside.id, toms))
    assert _supersede(team, team.tom, inside.id, toms).supersedes == inside.id
    # The lead supersedes the task force's decisions.
    again = decisions.record_decision(
        db, team.omar, "Floor price 15%", task_force="Pricing", supersedes=outside.id
    )
    assert again.supersedes == outside.id
    # A head who is neither lead nor facilitator may not.
    second = decisions.record_decision(db, team.omar, "Quarterly review", task_force="Pricing")
    lenas = _own_meeting(team, team.lena)
    refused(db_path, lambda: _supersede(team, team.lena, second.id, lenas))


# --- the scenario, through the CLI ------------------------------------------------------


def test_a_person_with_no_role_cant_borrow_authority(team: Team, db_path: Path) -> None:
    tandem = Tandem(db_path)
    maya, tom = "Maya Chen", "Tom Berg"
    tandem.ok("meeting", "new", "Sales leadership", as_=maya)
    tandem.ok("decide", "1", "Lead = 50 points", as_=maya)
    tandem.ok("meeting", "close", "1", as_=maya)
    tandem.ok("taskforce", "new", "Pricing", "--problem", "Margins", "--lead", "Omar Haddad",
              "--member", "Sara Ito", "--member", "Nina Roy")  # fmt: skip

    # Tom, with no role, creates a meeting (so facilitates it)...
    tandem.ok("meeting", "new", "mine", as_=tom)
    before = dump(db_path)
    # ...but can't supersede a head's decision of a closed meeting through it,
    error = tandem.fails(3, "decide", "2", "Lead = anything", "--supersedes", "1", as_=tom)
    assert "supersede decision 1" in error, error
    # nor give the admin a task through it,
    error = tandem.fails(
        3, "task", "add", "Do my bidding", "--owner", "Ada Admin", "--meeting", "2", as_=tom
    )
    assert "Ada Admin" in error, error
    # nor hold a meeting of a task force he is not in,
    error = tandem.fails(3, "meeting", "new", "x", "--task-force", "Pricing", as_=tom)
    assert "task force Pricing" in error, error
    # nor continue Maya's series.
    tandem.fails(3, "meeting", "new", "Sales leadership", "--after", "1", as_=tom)
    assert dump(db_path) == before

    # The frozen minutes still say nothing about a successor.
    minutes = tandem.ok("minutes", "1", "--format", "json").json()
    assert minutes["decisions"][0]["id"] == 1
    assert minutes["decisions"][0].get("superseded_by") is None
    assert [(d["id"], d["supersedes"]) for d in tandem.json("decision", "list")] == [(1, None)]
    assert len(tandem.json("task", "list", "--status", "all")) == 0
    assert tandem("check").code == 0
