"""The agenda backlog: items parked during a meeting and accepted ideas not yet planned.

Parking an item (not in a closed meeting) keeps it in that meeting's record, shown
as "parked" (``db.rows.ITEM_SELECT``), and puts an entry in the backlog; a parked
item has its outcome, so it is not carried over (the view ``agenda_item_outcomes``,
m008). Accepting an idea (``db.ideas``) enters it too. An entry leaves the backlog
when it is taken onto an agenda (``add_from_backlog``), or, for an idea, when the
idea is planned or implemented; entries are never deleted.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from db import rows
from db.audit import write
from db.dates import stamp
from db.errors import ClosedMeeting, Invalid, NotFound
from db.lazyclass import dataclass
from db.models import AgendaItem, Meeting, Person
from db.permissions import require_run_meeting

if TYPE_CHECKING:  # db.ideas imports this module when it runs
    from sqlite_utils import Database

    from db.ideas import Idea


@dataclass(frozen=True)
class BacklogEntry:
    id: int
    title: str
    presenter: str | None
    department: str | None
    minutes: int
    parked_from: int | None  # the meeting it was parked in (None: an accepted idea)
    parked_item: int | None  # its position there
    idea_id: int | None
    created_at: str
    taken_to: int | None  # the meeting it was taken onto (None while waiting)
    taken_item: int | None  # its position there
    taken_at: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "presenter": self.presenter,
            "minutes": self.minutes,
            "parked_from": self.parked_from,
            "idea_id": self.idea_id,
            "department": self.department,
            "parked_item": self.parked_item,
            "created_at": self.created_at,
            "taken_to": self.taken_to,
            "taken_item": self.taken_item,
        }


_ENTRY_SELECT = """
SELECT b.id, b.title, p.name AS presenter, d.name AS department, b.minutes,
       pi.meeting_id AS parked_from, pi.position AS parked_item, b.idea_id, b.created_at,
       ti.meeting_id AS taken_to, ti.position AS taken_item, b.taken_at
FROM backlog b
LEFT JOIN people p ON p.id = b.presenter_id
LEFT JOIN departments d ON d.id = b.department_id
LEFT JOIN agenda_items pi ON pi.id = b.parked_item_id
LEFT JOIN agenda_items ti ON ti.id = b.taken_item_id
"""


def get_entry(db: Database, entry_id: int) -> BacklogEntry:
    row = rows.one(db, _ENTRY_SELECT + " WHERE b.id = ?", [entry_id])
    if row is None:
        raise NotFound("backlog entry", entry_id)
    return BacklogEntry(**row)


def list_backlog(db: Database) -> list[BacklogEntry]:
    """What waits in the backlog, oldest first."""
    return [
        BacklogEntry(**r)
        for r in rows.rows(db, _ENTRY_SELECT + " WHERE b.taken_at IS NULL ORDER BY b.id")
    ]


def parked_in(db: Database, meeting_id: int) -> list[BacklogEntry]:
    """The items parked in a meeting, by position, with where each went since (if anywhere)."""
    return [
        BacklogEntry(**r)
        for r in rows.rows(
            db, _ENTRY_SELECT + " WHERE pi.meeting_id = ? ORDER BY pi.position", [meeting_id]
        )
    ]


def _closed(meeting: Meeting, doing: str) -> ClosedMeeting:
    return ClosedMeeting(
        meeting.id,
        frozen="agenda",
        message=f"meeting {meeting.id} is closed: its agenda is frozen; {doing}",
    )


def append_item(
    db: Database,
    actor: Person,
    meeting_id: int,
    title: str,
    *,
    presenter_id: int | None,
    minutes: int | None,
    at: str,
    department_id: int | None = None,
) -> int:
    """Append an item to an open meeting's agenda (inside the caller's write, after its
    permission check); the department defaults to the presenter's. Returns the item's id."""
    from db.meetings import MAX_MINUTES

    length = 10 if minutes is None else minutes
    if not 0 <= length <= MAX_MINUTES:
        raise Invalid(
            f"an item's timebox must be between 0 and {MAX_MINUTES} minutes, not {length}"
        )
    if department_id is None and presenter_id is not None:
        department_id = db.execute(
            "SELECT department_id FROM people WHERE id = ?", [presenter_id]
        ).fetchone()[0]
    cur = db.execute(
        """INSERT INTO agenda_items (meeting_id, position, title, presenter_id, department_id,
                                     minutes, updated_at, updated_by)
           VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items
                       WHERE meeting_id = ?), ?, ?, ?, ?, ?, ?)""",
        [meeting_id, meeting_id, title, presenter_id, department_id, length, at, actor.id],
    )
    db.execute(
        "UPDATE meetings SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
        [at, actor.id, meeting_id],
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def enter_idea(db: Database, actor: Person, idea: Idea, at: str) -> None:
    """An accepted idea enters the backlog (inside the accepting write)."""
    from db.ideas import agenda_title

    db.execute(
        """INSERT INTO backlog (title, presenter_id, department_id, idea_id, created_by, created_at)
           VALUES (?, ?, (SELECT department_id FROM people WHERE id = ?), ?, ?, ?)""",
        [agenda_title(idea.text), idea.author_id, idea.author_id, idea.id, actor.id, at],
    )


def take_idea_entry(db: Database, idea_id: int, item_id: int | None, at: str) -> None:
    """An idea planned (onto ``item_id``) or implemented leaves the backlog."""
    db.execute(
        "UPDATE backlog SET taken_item_id = ?, taken_at = ? WHERE idea_id = ? AND taken_at IS NULL",
        [item_id, at, idea_id],
    )


def park_item(
    db: Database, actor: Person, meeting_id: int, position: int, *, now: datetime | None = None
) -> BacklogEntry:
    """Park the item at ``position``: it stays in the meeting's record as parked and waits in
    the backlog. A running item ends first (its time is kept).

    Raises:
        NotFound: no such meeting or item. PermissionDenied: not someone who may edit the
        agenda. ClosedMeeting: the meeting is closed. Invalid: the item is done or parked.
    """
    from db.meetings import get_meeting, item_at

    with write(db, actor, "agenda.park", subject=f"meeting {meeting_id}"):
        meeting = get_meeting(db, meeting_id, full=False)
        require_run_meeting(db, actor, meeting, "park items of")
        if meeting.status == "closed":
            raise _closed(meeting, "nothing can be parked in it")
        item = item_at(db, meeting_id, position)
        if item.status == "parked":
            raise Invalid(f"item {position} of meeting {meeting_id} is already parked")
        if item.status == "done":
            raise Invalid(
                f"item {position} of meeting {meeting_id} is done: it has its outcome, "
                "nothing to park"
            )
        at = stamp(now)
        if item.status == "running":
            moment = datetime.fromisoformat(at)
            db.execute(
                """UPDATE agenda_items SET status = 'ended', ended_at = ?, resumed_at = NULL,
                   spent_seconds = ?, version = version + 1 WHERE id = ?""",
                [at, item.spent(moment), item.id],
            )
        db.execute(
            """INSERT INTO backlog (title, presenter_id, department_id, minutes, parked_item_id,
                                    created_by, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [
                item.title,
                item.presenter_id,
                item.department_id,
                item.minutes,
                item.id,
                actor.id,
                at,
            ],
        )
        db.execute(
            "UPDATE agenda_items SET version = version + 1, updated_at = ?, updated_by = ? "
            "WHERE id = ?",
            [at, actor.id, item.id],
        )
        db.execute(
            "UPDATE meetings SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [at, actor.id, meeting_id],
        )
        entry_id = db.execute(
            "SELECT id FROM backlog WHERE parked_item_id = ?", [item.id]
        ).fetchone()[0]
        return get_entry(db, entry_id)


def add_from_backlog(
    db: Database, actor: Person, meeting_id: int, entry_id: int, *, now: datetime | None = None
) -> AgendaItem:
    """Take a waiting backlog entry onto a meeting's agenda (an idea becomes planned).

    Raises:
        NotFound: no such meeting or entry. PermissionDenied: not someone who may edit the
        agenda. ClosedMeeting: the meeting is closed. Invalid: the entry was already taken.
    """
    from db.ideas import mark_planned
    from db.meetings import get_item, get_meeting

    with write(db, actor, "agenda.from_backlog", subject=f"backlog {entry_id}"):
        meeting = get_meeting(db, meeting_id, full=False)
        entry = get_entry(db, entry_id)
        require_run_meeting(db, actor, meeting, "edit the agenda of")
        if meeting.status == "closed":
            raise _closed(meeting, "take the entry onto a meeting that is not closed")
        if entry.taken_at is not None:
            where = (
                f" onto meeting {entry.taken_to} (item {entry.taken_item})"
                if entry.taken_to is not None
                else " (its idea was implemented)"
            )
            raise Invalid(f"backlog entry {entry_id} was already taken{where}")
        at = stamp(now)
        presenter_id, department_id = db.execute(
            "SELECT presenter_id, department_id FROM backlog WHERE id = ?", [entry_id]
        ).fetchone()
        item_id = append_item(
            db,
            actor,
            meeting_id,
            entry.title,
            presenter_id=presenter_id,
            minutes=entry.minutes,
            at=at,
            department_id=department_id,
        )
        if entry.idea_id is not None:
            mark_planned(db, actor, entry.idea_id, item_id, at)
        else:
            # A planned idea's item, parked and taken again: the idea (and its credit in the
            # minutes) follows it to the new agenda.
            db.execute(
                """UPDATE ideas SET meeting_id = ?, agenda_item_id = ?, version = version + 1,
                   updated_at = ?, updated_by = ?
                   WHERE status = 'planned'
                     AND agenda_item_id = (SELECT parked_item_id FROM backlog WHERE id = ?)""",
                [meeting_id, item_id, at, actor.id, entry_id],
            )
        db.execute(
            "UPDATE backlog SET taken_item_id = ?, taken_at = ? WHERE id = ?",
            [item_id, at, entry_id],
        )
        return get_item(db, item_id)


def release_item(db: Database, item_id: int, position: int) -> None:
    """Before an agenda item is deleted (inside that write): an entry taken onto it goes back
    to the backlog, and an idea planned onto it is accepted again, waiting there.

    Raises:
        Invalid: the item is parked, or presents an idea already implemented (both records).
    """
    if db.execute("SELECT 1 FROM backlog WHERE parked_item_id = ?", [item_id]).fetchone():
        raise Invalid(f"agenda item {position} is parked in the backlog; it is part of the record")
    if db.execute(
        "SELECT 1 FROM ideas WHERE agenda_item_id = ? AND status != 'planned'", [item_id]
    ).fetchone():
        raise Invalid(
            f"agenda item {position} presented an idea since implemented; it is part of the record"
        )
    db.execute(
        """UPDATE ideas SET status = 'accepted', meeting_id = NULL, agenda_item_id = NULL,
           version = version + 1 WHERE agenda_item_id = ?""",
        [item_id],
    )
    db.execute(
        "UPDATE backlog SET taken_item_id = NULL, taken_at = NULL WHERE taken_item_id = ?",
        [item_id],
    )
