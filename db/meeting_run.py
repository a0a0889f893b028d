"""Running a meeting without the live screen: the next item, and notes appended to an item.

The live screen (the app) moves between items with ``db.meetings.step`` and saves notes as
typed with ``db.meetings.set_notes``; from a shell a facilitator goes forward one item at a
time and adds notes a line at a time. Both keep the same record: the items' spent time and
notes, so the minutes of a meeting run from the shell say what happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db.audit import write
from db.errors import ClosedMeeting, Invalid, NoItemRunning
from db.lazyclass import dataclass
from db.meetings import agenda, get_item, get_meeting, item_at, set_notes, step
from db.models import AgendaItem, Person
from db.permissions import require_run_meeting
from db.text import required

if TYPE_CHECKING:
    from sqlite_utils import Database

NOTE_LIMIT = 20_000


@dataclass(frozen=True)
class Stepped:
    """What ``next_item`` did: the item it ended (if one was running) and the one it started.

    ``started`` is None when the ended item was the last one; ``meeting_started`` is True
    when the meeting itself started with this step.
    """

    ended: AgendaItem | None
    started: AgendaItem | None
    meeting_started: bool


def next_item(
    db: Database, actor: Person, meeting_id: int, *, now: datetime | None = None
) -> Stepped:
    """End the running item and start the next one, in one transaction.

    With no item running the first item not yet started begins (a planned meeting starts
    with it). After the last item only the running item ends. A closed meeting, or one with
    nothing running and nothing left to start, is refused and nothing changes.
    """
    with write(db, actor, "meeting.next"):
        meeting = get_meeting(db, meeting_id, full=False)
        require_run_meeting(db, actor, meeting, "run")
        if meeting.status == "closed":
            raise ClosedMeeting(meeting_id)
        items = agenda(db, meeting_id)
        if not items:
            raise Invalid(f"meeting {meeting_id} has no agenda items; add one first")
        running = next((i for i in items if i.status == "running"), None)
        if running is None and not any(i.status == "pending" for i in items):
            raise Invalid(
                f"meeting {meeting_id} has no item running and none left to start; "
                "every item has been taken up"
            )
        started = step(db, actor, meeting_id, 1, now=now)
        ended = get_item(db, running.id) if running is not None else None
        return Stepped(ended=ended, started=started, meeting_started=meeting.status == "planned")


def append_note(
    db: Database,
    actor: Person,
    meeting_id: int,
    text: str,
    *,
    position: int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    """Append ``text`` as a new paragraph of an item's notes (default: the running item)."""
    body = required(text, "a note", limit=NOTE_LIMIT)
    with write(db, actor, "agenda.notes"):
        meeting = get_meeting(db, meeting_id, full=False)
        require_run_meeting(db, actor, meeting, "take notes in")
        if meeting.status == "closed":
            raise ClosedMeeting(meeting_id)
        if position is not None:
            item = item_at(db, meeting_id, position)
        else:
            running = [i for i in agenda(db, meeting_id) if i.status == "running"]
            if not running:
                raise NoItemRunning(meeting_id)
            item = running[0]
        notes = f"{item.notes.rstrip()}\n\n{body}" if item.notes.strip() else body
        return set_notes(db, actor, item.id, notes, now=now)
