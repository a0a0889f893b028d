"""iCalendar files (RFC 5545): meetings as events, open tasks' due dates as all-day events.

``calendar_for(db, person=None)`` is the feed of everyone's (or one person's) meetings and
tasks; ``meeting_invite(db, meeting_id)`` is one meeting's event, a file to attach to an
invitation. Both are bytes, CRLF lines, built with the ``icalendar`` library (imported only
here, so other commands don't load it).

- A meeting is a VEVENT: its title, start, and a length that is the sum of its agenda's
  timeboxes (its planned length while it has no agenda), its facilitator and agenda in the
  description. Times are written in UTC, which every calendar reads.
- An open task with a due date is an all-day VEVENT on that day, marked free (TRANSP
  TRANSPARENT), not a VTODO: Google Calendar and Outlook ignore VTODOs in an imported file,
  while every calendar shows an all-day event.
- UIDs are ``meeting-<id>@<database>.tandem`` and ``task-<id>@<database>.tandem``, the
  database named by ``db.calendar.file_identity``: importing a newer export updates the
  same events instead of adding copies. SEQUENCE is the meeting's version, so a calendar
  sees a changed meeting as newer.
- No METHOD, ORGANIZER or ATTENDEE: the file publishes the schedule and never asks a
  calendar to send replies on anyone's behalf.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from db.calendar import CalendarData, calendar_data, meeting_data
from db.text import clean, one_line

if TYPE_CHECKING:
    from icalendar import Event
    from sqlite_utils import Database

    from db.models import Meeting, Task

PRODID = "-//Tandem//Tandem meetings and tasks//EN"


def calendar_for(
    db: Database, person: str | int | None = None, *, now: datetime | None = None
) -> bytes:
    """Everyone's meetings and open tasks with due dates, or only ``person``'s, as a file."""
    data = calendar_data(db, person=person)
    name = f"{data.company}: {data.person.name}" if data.person else data.company
    return build(data, name=name, now=now)


def meeting_invite(db: Database, meeting_id: int, *, now: datetime | None = None) -> bytes:
    """One meeting's event, with the same UID as in ``calendar_for``'s feed."""
    data = meeting_data(db, meeting_id)
    return build(data, name=f"{data.company}: {data.meetings[0].title}", now=now)


def uid(kind: str, record_id: int, identity: str) -> str:
    return f"{kind}-{record_id}@{identity}.tandem"


def build(data: CalendarData, *, name: str, now: datetime | None = None) -> bytes:
    """The iCalendar file of ``data``; ``now`` is the DTSTAMP (the export's time)."""
    from icalendar import Calendar

    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _text(name))
    for meeting in data.meetings:
        cal.add_component(_meeting_event(meeting, data.identity, stamp))
    for task in data.tasks:
        cal.add_component(_task_event(task, data.identity, stamp))
    return bytes(cal.to_ical())


def meeting_length(meeting: Meeting) -> int:
    """Minutes: the agenda's timeboxes added up, or the planned length without an agenda."""
    total = sum(i.minutes for i in meeting.agenda)
    return total if meeting.agenda and total > 0 else meeting.minutes


def _text(value: object) -> str:
    """User text for a property: control characters out (the library escapes the rest)."""
    return clean("" if value is None else str(value))


def _meeting_event(meeting: Meeting, identity: str, stamp: datetime) -> Event:
    from icalendar import Event

    start = datetime.fromisoformat(meeting.at).astimezone(timezone.utc)
    event = Event()
    event.add("uid", uid("meeting", meeting.id, identity))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.version)
    event.add("summary", _text(one_line(meeting.title)))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting_length(meeting)))
    event.add("description", _description(meeting))
    event.add("status", "CONFIRMED")
    if meeting.task_force:
        event.add("categories", [_text(one_line(meeting.task_force))])
    return event


def _description(meeting: Meeting) -> str:
    lines = [f"Facilitator: {one_line(meeting.facilitator)}"]
    if meeting.co_facilitator:
        lines.append(f"Co-facilitator: {one_line(meeting.co_facilitator)}")
    if meeting.task_force:
        lines.append(f"Task force: {one_line(meeting.task_force)}")
    present = [one_line(a.name) for a in meeting.attendees if a.present]
    if present:
        lines.append(f"Attending: {', '.join(present)}")
    if meeting.agenda:
        lines += ["", "Agenda:"]
        for item in meeting.agenda:
            who = f", {one_line(item.presenter)}" if item.presenter else ""
            lines.append(f"{item.position}. {one_line(item.title)} ({item.minutes} min{who})")
    else:
        lines += ["", "No agenda yet."]
    return _text("\n".join(lines))


def _task_event(task: Task, identity: str, stamp: datetime) -> Event:
    from icalendar import Event

    assert task.due is not None
    due = date.fromisoformat(str(task.due)[:10])
    event = Event()
    event.add("uid", uid("task", task.id, identity))
    event.add("dtstamp", stamp)
    event.add("summary", _text(f"Due: {one_line(task.title)} ({one_line(task.owner)})"))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    where = f"\nFrom meeting {task.meeting_id}." if task.meeting_id is not None else ""
    event.add(
        "description",
        _text(f"Task {task.id}, owner {one_line(task.owner)}, due {due.isoformat()}.{where}"),
    )
    return event
