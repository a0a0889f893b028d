"""What a calendar file holds: meetings with their agendas, open tasks with due dates.

Read in one snapshot with a fixed number of queries. ``tui.calendar`` turns it into an
iCalendar file; ``file_identity`` gives each database a stable name for the files' UIDs, so
a calendar that imports a newer export updates its events instead of duplicating them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from db import rows
from db.lazyclass import dataclass
from db.meetings import get_meeting, list_meetings
from db.minutes import _snapshot
from db.models import AgendaItem, Attendee, Meeting, Person, Task
from db.people import get_person
from db.tasks import list_tasks

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class CalendarData:
    """The meetings (each with its agenda and attendees) and open tasks with a due date.

    ``person`` is whose calendar it is (None: everyone's); ``identity`` names the database.
    """

    identity: str
    company: str
    meetings: tuple[Meeting, ...]
    tasks: tuple[Task, ...]
    person: Person | None = None


def file_identity(db: Database) -> str:
    """A stable name of this database: the start of its first audit entry's hash.

    The audit log is append-only and its first entry (the init) is hashed with its time and
    login, so two databases never share it and one database keeps it for life — a copy
    (a backup) keeps it too, and is the same calendar.
    """
    row = db.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1").fetchone()
    return str(row[0])[:16] if row else "0" * 16


def calendar_data(db: Database, *, person: str | int | None = None) -> CalendarData:
    """Every meeting and every open task with a due date; with ``person``, only theirs.

    A person's meetings are those they facilitate or attend (marked present, or not yet
    marked absent); their tasks are the open ones they own.
    """
    from db.people import setting

    with _snapshot(db):
        who = get_person(db, person) if person is not None else None
        meetings = list_meetings(db)
        if who is not None:
            mine = {
                r[0]
                for r in db.execute(
                    """SELECT id FROM meetings WHERE ? IN (facilitator_id, co_facilitator_id)
                       UNION SELECT meeting_id FROM attendance WHERE person_id = ? AND present""",
                    [who.id, who.id],
                )
            }
            meetings = [m for m in meetings if m.id in mine]
        agendas: dict[int, list[AgendaItem]] = {}
        for r in rows.rows(db, rows.ITEM_SELECT + " ORDER BY i.meeting_id, i.position", []):
            agendas.setdefault(int(r["meeting_id"]), []).append(rows.item(r))
        attendees: dict[int, list[Attendee]] = {}
        for r in db.execute(
            """SELECT a.meeting_id, p.id, p.name, d.name, a.present FROM attendance a
               JOIN people p ON p.id = a.person_id LEFT JOIN departments d ON d.id = p.department_id
               ORDER BY a.meeting_id, d.name IS NULL, d.name, p.name"""
        ):
            attendees.setdefault(r[0], []).append(
                Attendee(person_id=r[1], name=r[2], department=r[3], present=bool(r[4]))
            )
        tasks = [
            t
            for t in list_tasks(db, owner_id=who.id if who else None, status="open")
            if t.due is not None
        ]
        return CalendarData(
            identity=file_identity(db),
            company=setting(db, "company") or "Tandem",
            meetings=tuple(
                replace(
                    m,
                    agenda=tuple(agendas.get(m.id, ())),
                    attendees=tuple(attendees.get(m.id, ())),
                )
                for m in meetings
            ),
            tasks=tuple(tasks),
            person=who,
        )


def meeting_data(db: Database, meeting_id: int) -> CalendarData:
    """One meeting (with its agenda and attendees), for its invite file."""
    from db.people import setting

    with _snapshot(db):
        meeting = get_meeting(db, meeting_id)
        return CalendarData(
            identity=file_identity(db),
            company=setting(db, "company") or "Tandem",
            meetings=(meeting,),
            tasks=(),
        )
