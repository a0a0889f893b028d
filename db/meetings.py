"""Meetings: agenda, attendance, the live run (items started and ended), close, amendments."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, set_extra, write
from db.dates import local_iso, stamp, utcnow
from db.errors import ClosedMeeting, Invalid, NotFound
from db.models import AgendaItem, Amendment, Attendee, Meeting, Person
from db.people import get_department, get_person, require_active
from db.permissions import (
    require_choose_facilitator,
    require_next_in_series,
    require_run_meeting,
    require_task_force_meeting,
)
from db.text import required
from db.versioning import check_version

if TYPE_CHECKING:
    from sqlite_utils import Database

_MEETING_SELECT = """
SELECT m.id, m.title, m.at, m.minutes, m.status, m.facilitator_id, f.name AS facilitator,
       m.task_force_id, tf.name AS task_force, m.previous_id, m.started_at, m.closed_at, m.version,
       m.co_facilitator_id, cf.name AS co_facilitator,
       CASE WHEN m.co_facilitator_id IS NOT NULL THEN
         (SELECT 'the heads of ' || a.name || ' and ' || b.name
          FROM departments a, departments b
          WHERE a.head_id = m.facilitator_id AND b.head_id = m.co_facilitator_id AND a.id != b.id
          ORDER BY a.name, b.name LIMIT 1) END AS co_led_by
FROM meetings m
JOIN people f ON f.id = m.facilitator_id
LEFT JOIN people cf ON cf.id = m.co_facilitator_id
LEFT JOIN task_forces tf ON tf.id = m.task_force_id
"""
MAX_MINUTES = 24 * 60


def _meeting(
    row: dict[str, object],
    attendees: tuple[Attendee, ...] = (),
    agenda: tuple[AgendaItem, ...] = (),
) -> Meeting:
    return Meeting(**row, attendees=attendees, agenda=agenda)  # type: ignore[arg-type]


def get_meeting(db: Database, meeting_id: int, *, full: bool = True) -> Meeting:
    """A meeting, with its attendees and agenda unless ``full`` is False."""
    row = rows.one(db, _MEETING_SELECT + " WHERE m.id = ?", [meeting_id])
    if row is None:
        raise NotFound("meeting", meeting_id)
    if not full:
        return _meeting(row)
    return _meeting(row, attendance(db, meeting_id), tuple(agenda(db, meeting_id)))


def list_meetings(
    db: Database,
    *,
    status: str | None = None,
    task_force_id: int | None = None,
    upcoming_from: str | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Meeting]:
    """Meetings by date (``newest_first`` reverses), without attendees or agenda."""
    where: list[str] = []
    params: list[object] = []
    if status:
        where.append("m.status = ?")
        params.append(status)
    if task_force_id is not None:
        where.append("m.task_force_id = ?")
        params.append(task_force_id)
    if upcoming_from:
        where.append("(m.status != 'closed' AND m.at >= ?) OR m.status = 'running'")
        params.append(upcoming_from)
    sql = _MEETING_SELECT + (" WHERE " + " AND ".join(f"({w})" for w in where) if where else "")
    sql += " ORDER BY m.at DESC, m.id DESC" if newest_first else " ORDER BY m.at, m.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_meeting(r) for r in rows.rows(db, sql, params)]


def agenda(db: Database, meeting_id: int) -> list[AgendaItem]:
    return [
        rows.item(r)
        for r in rows.rows(
            db, rows.ITEM_SELECT + " WHERE i.meeting_id = ? ORDER BY i.position", [meeting_id]
        )
    ]


def get_item(db: Database, item_id: int) -> AgendaItem:
    row = rows.one(db, rows.ITEM_SELECT + " WHERE i.id = ?", [item_id])
    if row is None:
        raise NotFound("agenda item", item_id)
    return rows.item(row)


def item_at(db: Database, meeting_id: int, position: int) -> AgendaItem:
    row = rows.one(
        db, rows.ITEM_SELECT + " WHERE i.meeting_id = ? AND i.position = ?", [meeting_id, position]
    )
    if row is None:
        raise NotFound(
            "agenda item", position, message=f"meeting {meeting_id} has no agenda item {position}"
        )
    return rows.item(row)


def attendance(db: Database, meeting_id: int) -> tuple[Attendee, ...]:
    return tuple(
        Attendee(
            person_id=r["id"],
            name=r["name"],
            department=r["department"],
            present=bool(r["present"]),
        )
        for r in rows.rows(
            db,
            """SELECT p.id, p.name, d.name AS department, a.present FROM attendance a
               JOIN people p ON p.id = a.person_id LEFT JOIN departments d ON d.id = p.department_id
               WHERE a.meeting_id = ? ORDER BY d.name IS NULL, d.name, p.name""",
            [meeting_id],
        )
    )


def _open_for_edit(db: Database, actor: Person, meeting_id: int, what: str) -> Meeting:
    meeting = get_meeting(db, meeting_id, full=False)
    require_run_meeting(db, actor, meeting, what)
    if meeting.status == "closed":
        raise ClosedMeeting(meeting_id)
    return meeting


def _minutes(value: int | None, what: str, default: int) -> int:
    if value is None:
        return default
    if not 0 <= value <= MAX_MINUTES:
        raise Invalid(f"{what} must be between 0 and {MAX_MINUTES} minutes, not {value}")
    return value


def create_meeting(
    db: Database,
    actor: Person,
    title: str,
    *,
    at: datetime | None = None,
    minutes: int | None = None,
    facilitator: str | int | None = None,
    task_force: str | int | None = None,
    after: int | None = None,
    co_facilitator: str | int | None = None,
    now: datetime | None = None,
) -> Meeting:
    """Create a meeting; with ``after``, the next of that meeting's series.

    ``co_facilitator`` leads it too, with the same rights (anyone may name one).

    The next meeting opens with a review of the previous one's open action
    items, then "Pending approvals" and "SLA review" when there is something
    to show (rule 9), then the items that ended without an outcome (no
    decision, not marked done), carried over in their order.
    """
    from db.taskforces import get_task_force

    clean_title = required(title, "a meeting's title", single_line=True, limit=10_000)
    length = _minutes(minutes, "a meeting's length", 60)
    if length == 0:
        raise Invalid("a meeting's length must be at least 1 minute")
    with write(db, actor, "meeting.new"):
        chair = get_person(db, facilitator) if facilitator is not None else actor
        require_active(chair, "facilitate a meeting")
        require_choose_facilitator(db, actor, chair)
        co_chair = get_person(db, co_facilitator) if co_facilitator is not None else None
        if co_chair is not None and co_chair.id == chair.id:
            raise Invalid(f"{chair.name} already facilitates it; name someone else to co-lead it")
        tf = get_task_force(db, task_force) if task_force is not None else None
        previous = get_meeting(db, after) if after is not None else None
        if previous is not None:
            require_next_in_series(db, actor, previous)
            if co_chair is None and previous.co_facilitator_id is not None:
                # A co-led series stays co-led: the earlier leaders other than the new chair.
                pair = [previous.facilitator_id, previous.co_facilitator_id]
                others = [p for p in pair if p != chair.id]
                co_chair = get_person(db, others[-1] if chair.id in pair else pair[1])
        if tf is None and previous is not None and previous.task_force_id is not None:
            tf = get_task_force(db, previous.task_force_id)
        if tf is not None:
            require_task_force_meeting(db, actor, tf.id, tf.name)
        moment = at or (now or utcnow())
        created = stamp(now)
        cur = db.execute(
            """INSERT INTO meetings (title, at, minutes, facilitator_id, previous_id, task_force_id,
                                     created_by, created_at, updated_at, updated_by,
                                     co_facilitator_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                clean_title,
                local_iso(moment),
                length,
                chair.id,
                after,
                tf.id if tf else None,
                actor.id,
                created,
                created,
                actor.id,
                co_chair.id if co_chair else None,
            ],
        )
        meeting_id = cur.lastrowid
        assert meeting_id is not None
        if previous is not None:
            _carry_over(db, previous, meeting_id, chair.id)
        return get_meeting(db, meeting_id)


def _carry_over(db: Database, previous: Meeting, meeting_id: int, chair_id: int) -> None:
    db.execute(
        """INSERT INTO agenda_items (meeting_id, position, title, presenter_id, minutes, is_review)
           VALUES (?, 1, ?, ?, 10, 1)""",
        [
            meeting_id,
            f"Review open action items from meeting {previous.id} ({previous.title})",
            chair_id,
        ],
    )
    # Rule 9: what waits for both heads comes back by itself (db.agenda_governance).
    from db.agenda_governance import governance_items
    from db.goals import held_at

    position = 1
    joint = previous.task_force_id is None  # a task force's series reviews its own problem
    for title, notes in governance_items(db, held_at(previous)) if joint else []:
        position += 1
        db.execute(
            """INSERT INTO agenda_items (meeting_id, position, title, minutes, notes, is_review)
               VALUES (?, ?, ?, 10, ?, 1)""",
            [meeting_id, position, title, notes],
        )
    db.execute(
        """INSERT INTO agenda_items (meeting_id, position, title, presenter_id, department_id, minutes, carried_from_id)
           SELECT ?, ? + ROW_NUMBER() OVER (ORDER BY i.position), i.title, i.presenter_id, i.department_id, i.minutes, i.id
           FROM agenda_items i JOIN agenda_item_outcomes o ON o.item_id = i.id
           WHERE i.meeting_id = ? AND o.to_carry_over
           ORDER BY i.position""",
        [meeting_id, position, previous.id],
    )


def _touch(db: Database, meeting_id: int, actor: Person, at: str) -> None:
    db.execute(
        "UPDATE meetings SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
        [at, actor.id, meeting_id],
    )


def add_item(
    db: Database,
    actor: Person,
    meeting_id: int,
    title: str,
    *,
    presenter: str | int | None = None,
    minutes: int | None = None,
    department: str | int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    """Append an item to a meeting's agenda."""
    clean_title = required(title, "an agenda item's title", single_line=True, limit=10_000)
    length = _minutes(minutes, "an item's timebox", 10)
    with write(db, actor, "agenda.add"):
        _open_for_edit(db, actor, meeting_id, "edit the agenda of")
        who = get_person(db, presenter) if presenter is not None else None
        dept = get_department(db, department) if department is not None else None
        dept_id = dept.id if dept else (who.department_id if who else None)
        at = stamp(now)
        cur = db.execute(
            """INSERT INTO agenda_items (meeting_id, position, title, presenter_id, department_id, minutes, updated_at, updated_by)
               VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?, ?, ?, ?, ?)""",
            [
                meeting_id,
                meeting_id,
                clean_title,
                who.id if who else None,
                dept_id,
                length,
                at,
                actor.id,
            ],
        )
        _touch(db, meeting_id, actor, at)
        assert cur.lastrowid is not None
        return get_item(db, cur.lastrowid)


_UNSET = object()


def edit_item(
    db: Database,
    actor: Person,
    item_id: int,
    *,
    title: str | None = None,
    presenter: str | int | None | object = _UNSET,
    minutes: int | None = None,
    department: str | int | None | object = _UNSET,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    """Change an item's title, presenter, timebox or department (None clears presenter/department)."""
    with write(db, actor, "agenda.edit"):
        item = get_item(db, item_id)
        _open_for_edit(db, actor, item.meeting_id, "edit the agenda of")
        check_version(db, "agenda_items", item_id, expected_version, f"agenda item {item.position}")
        sets: dict[str, object] = {}
        if title is not None:
            sets["title"] = required(
                title, "an agenda item's title", single_line=True, limit=10_000
            )
        if minutes is not None:
            sets["minutes"] = _minutes(minutes, "an item's timebox", 10)
        if presenter is not _UNSET:
            sets["presenter_id"] = get_person(db, presenter).id if presenter is not None else None  # type: ignore[arg-type]
        if department is not _UNSET:
            sets["department_id"] = (
                get_department(db, department).id  # type: ignore[arg-type]
                if department is not None
                else None
            )
        if sets:
            at = stamp(now)
            assign = ", ".join(f"{k} = ?" for k in sets)
            db.execute(
                f"UPDATE agenda_items SET {assign}, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                [*sets.values(), at, actor.id, item_id],
            )
            _touch(db, item.meeting_id, actor, at)
        return get_item(db, item_id)


def delete_item(db: Database, actor: Person, item_id: int, *, now: datetime | None = None) -> None:
    """Delete an item that has no decisions or tasks; the items after it move up."""
    with write(db, actor, "agenda.delete"):
        item = get_item(db, item_id)
        _open_for_edit(db, actor, item.meeting_id, "edit the agenda of")
        if db.execute(
            "SELECT 1 FROM decisions WHERE agenda_item_id = ? UNION ALL SELECT 1 FROM tasks WHERE agenda_item_id = ?",
            [item_id, item_id],
        ).fetchone():
            raise Invalid(
                f"agenda item {item.position} has decisions or action items; it is part of the record"
            )
        from db.backlog import release_item

        release_item(db, item_id, item.position)  # what came from the backlog goes back to it
        db.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])
        later = db.execute(
            "SELECT id FROM agenda_items WHERE meeting_id = ? AND position > ? ORDER BY position",
            [item.meeting_id, item.position],
        ).fetchall()
        for (later_id,) in later:
            db.execute("UPDATE agenda_items SET position = position - 1 WHERE id = ?", [later_id])
        _touch(db, item.meeting_id, actor, stamp(now))


def move_item(
    db: Database, actor: Person, item_id: int, offset: int, *, now: datetime | None = None
) -> AgendaItem:
    """Move an item up (negative ``offset``) or down the agenda."""
    with write(db, actor, "agenda.move"):
        item = get_item(db, item_id)
        _open_for_edit(db, actor, item.meeting_id, "edit the agenda of")
        count = db.execute(
            "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?", [item.meeting_id]
        ).fetchone()[0]
        target = min(max(1, item.position + offset), count)
        if target == item.position:
            return item
        db.execute("UPDATE agenda_items SET position = -1 WHERE id = ?", [item_id])
        step = 1 if target < item.position else -1
        lo, hi = sorted((target, item.position))
        order = "DESC" if step == 1 else "ASC"
        for (other,) in db.execute(
            f"""SELECT id FROM agenda_items WHERE meeting_id = ? AND position BETWEEN ? AND ? AND id != ?
                ORDER BY position {order}""",
            [item.meeting_id, lo, hi, item_id],
        ).fetchall():
            db.execute(
                "UPDATE agenda_items SET position = position + ? WHERE id = ?", [step, other]
            )
        at = stamp(now)
        db.execute(
            "UPDATE agenda_items SET position = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [target, at, actor.id, item_id],
        )
        _touch(db, item.meeting_id, actor, at)
        return get_item(db, item_id)


def set_notes(
    db: Database,
    actor: Person,
    item_id: int,
    notes: str,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> AgendaItem:
    """Save an item's notes as typed (control characters removed)."""
    from db.text import clean

    text = clean(notes)
    if len(text) > 100_000:
        raise Invalid(f"notes are {len(text):,} characters; the limit is 100,000")
    with write(db, actor, "agenda.notes"):
        item = get_item(db, item_id)
        _open_for_edit(db, actor, item.meeting_id, "take notes in")
        check_version(
            db, "agenda_items", item_id, expected_version, f"the notes of item {item.position}"
        )
        if text == item.notes:
            return item
        db.execute(
            "UPDATE agenda_items SET notes = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
            [text, stamp(now), actor.id, item_id],
        )
        return get_item(db, item_id)


def mark_attendance(
    db: Database, actor: Person, meeting_id: int, people: list[str | int], *, present: bool = True
) -> tuple[Attendee, ...]:
    """Mark people present (or absent) at a meeting."""
    with write(db, actor, "meeting.attend"):
        _open_for_edit(db, actor, meeting_id, "mark attendance at")
        if not people:
            raise Invalid("name at least one person")
        for ref in people:
            who = get_person(db, ref)
            db.execute(
                """INSERT INTO attendance (meeting_id, person_id, present) VALUES (?, ?, ?)
                   ON CONFLICT (meeting_id, person_id) DO UPDATE SET present = excluded.present""",
                [meeting_id, who.id, int(present)],
            )
        return attendance(db, meeting_id)


def start_meeting(
    db: Database, actor: Person, meeting_id: int, *, now: datetime | None = None
) -> Meeting:
    """Start a planned meeting (starting a running one changes nothing)."""
    with write(db, actor, "meeting.start"):
        meeting = _open_for_edit(db, actor, meeting_id, "start")
        if meeting.status == "planned":
            at = stamp(now)
            db.execute(
                """UPDATE meetings SET status = 'running', started_at = ?, version = version + 1,
                   updated_at = ?, updated_by = ? WHERE id = ?""",
                [at, at, actor.id, meeting_id],
            )
        return get_meeting(db, meeting_id)


def _end_running(db: Database, meeting_id: int, at: str, *, status: str = "ended") -> None:
    moment = datetime.fromisoformat(at)
    running = rows.rows(
        db, rows.ITEM_SELECT + " WHERE i.meeting_id = ? AND i.status = 'running'", [meeting_id]
    )
    for item in [rows.item(r) for r in running]:
        # The stretch since it (re)started joins the stored total: AgendaItem.spent says how.
        db.execute(
            """UPDATE agenda_items SET status = ?, ended_at = ?, resumed_at = NULL,
               spent_seconds = ?, version = version + 1 WHERE id = ?""",
            [status, at, item.spent(moment), item.id],
        )


def start_item(
    db: Database, actor: Person, item_id: int, *, now: datetime | None = None
) -> AgendaItem:
    """Make ``item_id`` the current item: the running one ends, the meeting starts if planned."""
    with write(db, actor, "meeting.item"):
        item = get_item(db, item_id)
        meeting = _open_for_edit(db, actor, item.meeting_id, "run")
        if item.status == "parked":
            raise Invalid(f"item {item.position} is parked: it waits in the backlog")
        at = stamp(now)
        if meeting.status == "planned":
            db.execute(
                "UPDATE meetings SET status = 'running', started_at = ? WHERE id = ?",
                [at, meeting.id],
            )
        if item.status == "running":
            return item
        _end_running(db, meeting.id, at)
        db.execute(
            """UPDATE agenda_items SET status = 'running', started_at = COALESCE(started_at, ?), resumed_at = ?,
               ended_at = NULL, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?""",
            [at, at, at, actor.id, item_id],
        )
        _touch(db, meeting.id, actor, at)
        return get_item(db, item_id)


def step(
    db: Database, actor: Person, meeting_id: int, direction: int, *, now: datetime | None = None
) -> AgendaItem | None:
    """Go to the next (1) or previous (-1) item from the current one; None past either end."""
    items = agenda(db, meeting_id)
    if not items:
        raise Invalid(f"meeting {meeting_id} has no agenda items; add one first")
    items = [i for i in items if i.status != "parked"]  # parked: waits in the backlog
    current = next((i for i in items if i.status == "running"), None)
    if current is None:
        touched = [i for i in items if i.started_at]
        if direction > 0:
            pending = [i for i in items if i.status == "pending"]
            target = pending[0] if pending else None
        else:
            target = touched[-1] if touched else None
    else:
        index = items.index(current) + direction
        target = items[index] if 0 <= index < len(items) else None
    if target is None:
        if current is not None and direction > 0:
            end_item(db, actor, current.id, now=now)
        return None
    return start_item(db, actor, target.id, now=now)


def end_item(
    db: Database, actor: Person, item_id: int, *, done: bool = False, now: datetime | None = None
) -> AgendaItem:
    """End an item; ``done`` marks it as having its outcome (it won't be carried over)."""
    with write(db, actor, "meeting.item_end"):
        item = get_item(db, item_id)
        meeting = _open_for_edit(db, actor, item.meeting_id, "run")
        if item.status == "parked":
            raise Invalid(f"item {item.position} is parked: it waits in the backlog")
        at = stamp(now)
        if item.status == "running":
            _end_running(db, meeting.id, at, status="done" if done else "ended")
        elif done or item.status == "done":
            # Marking done, or taking the mark back (the item then counts as without outcome).
            status = "done" if done else ("ended" if item.started_at else "pending")
            db.execute(
                "UPDATE agenda_items SET status = ?, version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?",
                [status, at, actor.id, item_id],
            )
        _touch(db, meeting.id, actor, at)
        return get_item(db, item_id)


def close_meeting(
    db: Database, actor: Person, meeting_id: int, *, now: datetime | None = None
) -> Meeting:
    """Close a meeting: the running item ends and the record is frozen."""
    from db.seal import current_part, digest

    with write(db, actor, "meeting.close", subject=f"meeting {meeting_id}"):
        _open_for_edit(db, actor, meeting_id, "close")
        at = stamp(now)
        _end_running(db, meeting_id, at)
        db.execute(
            """UPDATE meetings SET status = 'closed', closed_at = ?, started_at = COALESCE(started_at, ?),
               version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?""",
            [at, at, at, actor.id, meeting_id],
        )
        # The seal: this entry's hash, over a digest of the record as closed.
        set_extra(db, minutes_digest=digest(current_part(db, meeting_id)))
        return get_meeting(db, meeting_id)


def amend(
    db: Database, actor: Person, meeting_id: int, text: str, *, now: datetime | None = None
) -> Amendment:
    """Add an amendment to the minutes of a closed meeting."""
    body = required(text, "an amendment", limit=20_000)
    with write(db, actor, "meeting.amend"):
        meeting = get_meeting(db, meeting_id, full=False)
        require_run_meeting(db, actor, meeting, "amend")
        if meeting.status != "closed":
            raise Invalid(
                f"meeting {meeting_id} is still open; edit it directly — amendments are for closed minutes"
            )
        cur = db.execute(
            "INSERT INTO amendments (meeting_id, text, author_id, at, delegated_by) VALUES (?, ?, ?, ?, ?)",
            [meeting_id, body, actor.id, stamp(now), delegated_by(db)],
        )
        assert cur.lastrowid is not None
        return amendments(db, meeting_id, only=cur.lastrowid)[0]


def amendments(db: Database, meeting_id: int, *, only: int | None = None) -> list[Amendment]:
    sql = """SELECT a.id, a.meeting_id, a.text, p.name AS author, a.at FROM amendments a
             JOIN people p ON p.id = a.author_id WHERE a.meeting_id = ?"""
    params: list[object] = [meeting_id]
    if only is not None:
        sql += " AND a.id = ?"
        params.append(only)
    return [Amendment(**r) for r in rows.rows(db, sql + " ORDER BY a.id", params)]
