"""The minutes of one meeting as plain data, for the exports in ``tui/export``.

Everything is read in one snapshot (a single read transaction) through a fixed
number of queries, however many agenda items, decisions and action items the
meeting has: items, decisions and tasks are each fetched once and grouped here,
never queried item by item.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db import rows
from db.backlog import BacklogEntry, parked_in
from db.dates import stamp, utcnow
from db.decisions import list_decisions
from db.goals import GoalProgress
from db.ideas import Presented, presented_in
from db.lazyclass import dataclass
from db.meetings import agenda, amendments, attendance, get_meeting
from db.minutes_goals import reviewed_goals
from db.minutes_governance import MinutesGovernance, minutes_governance
from db.models import AgendaItem, Amendment, Decision, Meeting, Task
from db.people import setting
from db.seal import seal_of
from db.tasks import list_tasks

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class DepartmentAttendance:
    """Who was present and who was absent, for one department (None: no department)."""

    department: str | None
    present: tuple[str, ...]
    absent: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "department": self.department,
            "present": list(self.present),
            "absent": list(self.absent),
        }


@dataclass(frozen=True)
class MinutesItem:
    """One agenda item with the time spent on it and what came out of it."""

    item: AgendaItem
    spent_seconds: int
    decisions: tuple[Decision, ...]
    action_items: tuple[Task, ...]
    # Marked done, or a decision recorded on it (the view agenda_item_outcomes, m005).
    outcome: bool


@dataclass(frozen=True)
class CarriedItem:
    """An item of this meeting that goes on to a later meeting.

    ``to_meeting_id`` is None when the meeting is closed but no next meeting
    exists yet: the item ended without an outcome and will be carried over.
    """

    from_position: int
    from_status: str  # the item's status in this meeting (pending: never reached)
    title: str
    presenter: str | None
    to_meeting_id: int | None
    to_meeting_title: str | None
    to_meeting_at: str | None
    to_position: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "from_position": self.from_position,
            "from_status": self.from_status,
            "title": self.title,
            "presenter": self.presenter,
            "to_meeting_id": self.to_meeting_id,
            "to_meeting_title": self.to_meeting_title,
            "to_meeting_at": self.to_meeting_at,
            "to_position": self.to_position,
        }


@dataclass(frozen=True)
class Minutes:
    """Everything the exported minutes of one meeting show."""

    meeting: Meeting  # without attendees and agenda: those are below, grouped
    company: str
    attendance: tuple[DepartmentAttendance, ...]
    agenda: tuple[MinutesItem, ...]
    decisions: tuple[Decision, ...]
    # Decisions of other meetings that this meeting's decisions supersede, by id.
    superseded: dict[int, Decision]
    action_items: tuple[Task, ...]
    carried_over: tuple[CarriedItem, ...]
    amendments: tuple[Amendment, ...]
    exported_at: str
    # The audit chain's hash at the close (None for a draft, or a meeting closed before seals).
    seal: str | None = None
    # Rule 9: co-leading, approvals, pending proposals, lead definition, SLA review.
    governance: MinutesGovernance | None = None
    # Shared goals reviewed (issue 14): each goal's value and its progress since the last meeting.
    goals: tuple[GoalProgress, ...] = ()
    # Ideas on this agenda, presented by their authors (credited), by position (rule 10).
    ideas: tuple[Presented, ...] = ()
    # Items parked in this meeting: in the backlog, or taken onto a later agenda since.
    parked: tuple[BacklogEntry, ...] = ()

    @property
    def draft(self) -> bool:
        """A meeting not closed yet exports as a draft."""
        return self.meeting.status != "closed"


@contextlib.contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """One read transaction, so the minutes never mix two states of the database."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _by_department(db: Database, meeting_id: int) -> tuple[DepartmentAttendance, ...]:
    groups: dict[str | None, tuple[list[str], list[str]]] = {}
    for person in attendance(db, meeting_id):  # ordered by department, then name
        present, absent = groups.setdefault(person.department, ([], []))
        (present if person.present else absent).append(person.name)
    return tuple(DepartmentAttendance(dept, tuple(p), tuple(a)) for dept, (p, a) in groups.items())


_CARRIED_SQL = """
SELECT o.position AS from_position, o.status AS from_status, c.title, p.name AS presenter, c.meeting_id AS to_meeting_id,
       m.title AS to_meeting_title, m.at AS to_meeting_at, c.position AS to_position
FROM agenda_items c
JOIN agenda_items o ON o.id = c.carried_from_id
JOIN meetings m ON m.id = c.meeting_id
LEFT JOIN people p ON p.id = c.presenter_id
WHERE o.meeting_id = ?
ORDER BY m.at, m.id, c.position
"""


def get_minutes(db: Database, meeting_id: int, *, now: datetime | None = None) -> Minutes:
    """The minutes of a meeting, read in one snapshot with a fixed number of queries.

    Args:
        db: the database.
        meeting_id: the meeting.
        now: the export time (the clock of a draft's running item, and the
            "exported at" line); the current time when None.

    Raises:
        NotFound: no such meeting.
    """
    moment = now or utcnow()
    with _snapshot(db):
        meeting = get_meeting(db, meeting_id, full=False)
        company = setting(db, "company") or "Tandem"
        groups = _by_department(db, meeting_id)
        items = agenda(db, meeting_id)
        decisions = list_decisions(db, meeting_id=meeting_id)
        superseded_rows = rows.rows(
            db,
            rows.DECISION_SELECT
            + """ WHERE x.id IN (SELECT supersedes_id FROM decisions WHERE meeting_id = ?)
                    AND x.meeting_id IS NOT ?""",
            [meeting_id, meeting_id],
        )
        tasks = sorted(list_tasks(db, meeting_id=meeting_id, status="all"), key=lambda t: t.id)
        next_meetings = db.execute(
            "SELECT id FROM meetings WHERE previous_id = ?", [meeting_id]
        ).fetchall()
        carried_rows = rows.rows(db, _CARRIED_SQL, [meeting_id])
        outcomes = {
            r[0]: (bool(r[1]), bool(r[2]))
            for r in db.execute(
                "SELECT item_id, outcome, to_carry_over FROM agenda_item_outcomes"
                " WHERE meeting_id = ?",
                [meeting_id],
            )
        }
        notes = tuple(amendments(db, meeting_id))
        governance = minutes_governance(db, meeting, tuple(decisions))
        goals = reviewed_goals(db, meeting)
        presented = tuple(presented_in(db, meeting_id))
        parked = tuple(parked_in(db, meeting_id))

    decisions_of: dict[int, list[Decision]] = {}
    for d in decisions:
        if d.agenda_item_id is not None:
            decisions_of.setdefault(d.agenda_item_id, []).append(d)
    item_of_decision = {d.id: d.agenda_item_id for d in decisions}
    tasks_of: dict[int, list[Task]] = {}
    for t in tasks:
        item_id = t.agenda_item_id
        if item_id is None and t.decision_id is not None:
            item_id = item_of_decision.get(t.decision_id)
        if item_id is not None:
            tasks_of.setdefault(item_id, []).append(t)
    minutes_items = tuple(
        MinutesItem(
            item=i,
            spent_seconds=i.spent(moment),
            decisions=tuple(decisions_of.get(i.id, ())),
            action_items=tuple(tasks_of.get(i.id, ())),
            outcome=outcomes[i.id][0],
        )
        for i in items
    )

    carried = tuple(CarriedItem(**r) for r in carried_rows)
    if not carried and not next_meetings and meeting.status == "closed":
        # The rule create_meeting(after=...) carries items over by (agenda_item_outcomes).
        carried = tuple(
            CarriedItem(
                from_position=m.item.position,
                from_status=m.item.status,
                title=m.item.title,
                presenter=m.item.presenter,
                to_meeting_id=None,
                to_meeting_title=None,
                to_meeting_at=None,
                to_position=None,
            )
            for m in minutes_items
            if outcomes[m.item.id][1]
        )

    return Minutes(
        meeting=meeting,
        company=company,
        attendance=groups,
        agenda=minutes_items,
        decisions=tuple(decisions),
        superseded={r["id"]: rows.decision(r) for r in superseded_rows},
        action_items=tuple(tasks),
        carried_over=carried,
        amendments=notes,
        exported_at=stamp(moment),
        seal=seal_of(db, meeting_id) if meeting.status == "closed" else None,
        governance=governance,
        goals=goals,
        ideas=presented,
        parked=parked,
    )


def minutes_document(minutes: Minutes) -> dict[str, Any]:
    """The minutes as one JSON document in the CLI's ``--json`` shapes (``--format json``).

    ``decisions`` entries are decision objects and ``action_items`` task objects,
    made by the same ``to_json()`` the CLI uses; agenda items refer to them by
    id. Keys keep a fixed order, so the contract's keys come first. The seal
    (``db.seal``) is computed over part of this same document.
    """
    from db.timing import item_over, timing

    meeting = minutes.meeting.to_json()
    # The meeting object of `meeting show` also lists attendees and agenda; here
    # they are the top-level `attendance` and `agenda`, so they are not repeated.
    meeting.pop("attendees", None)
    meeting.pop("agenda", None)
    meeting["company"] = minutes.company
    meeting["draft"] = minutes.draft
    agenda = []
    for entry in minutes.agenda:
        item = entry.item.to_json()
        item["spent_seconds"] = entry.spent_seconds
        item["over_seconds"] = item_over(entry)  # over (+) or under (-) its timebox; None: not run
        item["is_review"] = entry.item.is_review
        item["outcome"] = entry.outcome
        item["decision_ids"] = [d.id for d in entry.decisions]
        item["action_item_ids"] = [t.id for t in entry.action_items]
        agenda.append(item)
    return {
        "meeting": meeting,
        "attendance": [g.to_json() for g in minutes.attendance],
        "agenda": agenda,
        "decisions": [d.to_json() for d in minutes.decisions],
        "action_items": [t.to_json() for t in minutes.action_items],
        "amendments": [a.to_json() for a in minutes.amendments],
        "carried_over": [ci.to_json() for ci in minutes.carried_over],
        "superseded": [d.to_json() for d in minutes.superseded.values()],
        "timing": timing(minutes).to_json(),
        "governance": minutes.governance.to_json() if minutes.governance else None,
        "shared_goals": [p.to_json() for p in minutes.goals],
        "exported_at": minutes.exported_at,
        "seal": minutes.seal,
        "ideas": [i.to_json() for i in minutes.ideas],
        "parked": [p.to_json() for p in minutes.parked],
    }
