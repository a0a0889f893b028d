"""Ideas with credit (rule 10): taken in formally, decided on by the heads, credited when used.

An idea goes ``new`` → ``accepted`` or ``declined`` (a reason required, kept for
the author to see); an accepted idea waits in the backlog (``db.backlog``) until it
is ``planned`` onto a meeting's agenda, presented by its author; ``done`` marks it
implemented (optionally naming the task that did it). Its author and who entered it
never change (a trigger, m008), and credit (``credits``) is counted from these
records, never typed.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from db import rows
from db.audit import delegated_by, write
from db.dates import stamp
from db.errors import ClosedMeeting, Invalid, NotFound
from db.lazyclass import dataclass
from db.models import Person
from db.people import get_person
from db.permissions import require_decide_idea, require_plan_idea
from db.text import one_line, required

if TYPE_CHECKING:
    from sqlite_utils import Database

STATUSES = ("new", "accepted", "declined", "planned", "done")
# Statuses of an idea that was accepted at some point (declined is final; accept only from new).
EVER_ACCEPTED = ("accepted", "planned", "done")
TEXT_LIMIT = 10_000
# An idea's agenda item is titled with its first line, cut to this.
TITLE_LIMIT = 200


@dataclass(frozen=True)
class Idea:
    id: int
    text: str
    author_id: int
    author: str
    author_department: str | None
    entered_by: str
    status: str
    reason: str
    decided_by: str | None
    decided_at: str | None
    meeting_id: int | None
    agenda_item: int | None  # the item's position in its meeting
    agenda_item_id: int | None
    task_id: int | None
    done_at: str | None
    created_at: str
    delegated_by: str | None
    version: int

    @property
    def credit(self) -> str:
        """Who it is credited to, as the minutes say it: "Omar Haddad, Sales"."""
        return f"{self.author}, {self.author_department}" if self.author_department else self.author

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "author": self.author,
            "entered_by": self.entered_by,
            "status": self.status,
            "reason": self.reason or None,
            "meeting_id": self.meeting_id,
            "task_id": self.task_id,
            "created_at": self.created_at,
            "author_department": self.author_department,
            "agenda_item": self.agenda_item,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "done_at": self.done_at,
            "delegated_by": self.delegated_by,
        }


@dataclass(frozen=True)
class Credit:
    """What one person (or department, as ``name``) is credited with."""

    name: str
    department: str | None
    submitted: int
    accepted: int
    done: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "department": self.department,
            "submitted": self.submitted,
            "accepted": self.accepted,
            "done": self.done,
        }


IDEA_SELECT = """
SELECT x.id, x.text, x.author_id, a.name AS author, ad.name AS author_department,
       e.name AS entered_by, x.status, x.reason, dc.name AS decided_by, x.decided_at,
       x.meeting_id, i.position AS agenda_item, x.agenda_item_id, x.task_id, x.done_at,
       x.created_at, dg.name AS delegated_by, x.version
FROM ideas x
JOIN people a ON a.id = x.author_id
LEFT JOIN departments ad ON ad.id = a.department_id
JOIN people e ON e.id = x.entered_by
LEFT JOIN people dc ON dc.id = x.decided_by
LEFT JOIN people dg ON dg.id = x.delegated_by
LEFT JOIN agenda_items i ON i.id = x.agenda_item_id
"""


@dataclass(frozen=True)
class Presented:
    """An idea on one meeting's agenda: as planned there, or on an item carried over from
    the one it was planned onto. ``position`` and ``item_id`` are that meeting's item."""

    idea: Idea
    position: int
    item_id: int

    def to_json(self) -> dict[str, Any]:
        return {**self.idea.to_json(), "item": self.position}


def _idea(row: dict[str, Any]) -> Idea:
    return Idea(**row)


def get_idea(db: Database, idea_id: int) -> Idea:
    row = rows.one(db, IDEA_SELECT + " WHERE x.id = ?", [idea_id])
    if row is None:
        raise NotFound("idea", idea_id)
    return _idea(row)


def list_ideas(
    db: Database,
    *,
    status: str | None = None,
    author: str | int | None = None,
    meeting_id: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Idea]:
    """Ideas oldest first (``newest_first`` reverses), optionally of one status, one author
    or one meeting's agenda."""
    where: list[str] = []
    params: list[object] = []
    if status is not None:
        if status not in STATUSES:
            raise Invalid(f"an idea's status is one of {', '.join(STATUSES)}, not {status!r}")
        where.append("x.status = ?")
        params.append(status)
    if author is not None:
        where.append("x.author_id = ?")
        params.append(get_person(db, author).id)
    if meeting_id is not None:
        where.append("i.meeting_id = ?")
        params.append(meeting_id)
    sql = IDEA_SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY x.id DESC" if newest_first else " ORDER BY x.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [_idea(r) for r in rows.rows(db, sql, params)]


def count_status(db: Database, status: str) -> int:
    """How many ideas have ``status`` (one range of the status index: Home's count of new
    ideas stays quick however many ideas were ever decided)."""
    return int(db.execute("SELECT COUNT(*) FROM ideas WHERE status = ?", [status]).fetchone()[0])


def count_ideas(db: Database) -> dict[str, int]:
    """How many ideas there are of each status (every status, zero included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM ideas GROUP BY status"):
        counts[status] = n
    return counts


def presented_in(db: Database, meeting_id: int) -> list[Presented]:
    """The ideas presented in a meeting, by position: each item of its agenda that an idea
    was planned onto, or that was carried over (however many times) from such an item."""
    found = db.execute(
        """WITH RECURSIVE chain(item_id, origin_id) AS (
               SELECT id, id FROM agenda_items WHERE meeting_id = ?
               UNION ALL
               SELECT c.item_id, a.carried_from_id FROM chain c
               JOIN agenda_items a ON a.id = c.origin_id WHERE a.carried_from_id IS NOT NULL)
           SELECT chain.item_id, i.position, x.id FROM chain
           JOIN ideas x ON x.agenda_item_id = chain.origin_id
           JOIN agenda_items i ON i.id = chain.item_id
           ORDER BY i.position, x.id""",
        [meeting_id],
    ).fetchall()
    if not found:
        return []
    ids = sorted({r[2] for r in found})
    by_id = {
        r["id"]: _idea(r)
        for r in rows.rows(db, IDEA_SELECT + f" WHERE x.id IN ({rows.placeholders(ids)})", ids)
    }
    return [Presented(by_id[idea_id], position, item_id) for item_id, position, idea_id in found]


def add_idea(
    db: Database,
    actor: Person,
    text: str,
    *,
    by: str | int | None = None,
    now: datetime | None = None,
) -> Idea:
    """Anyone enters an idea; ``by`` credits someone else as its author (the actor is
    recorded as who entered it)."""
    body = required(text, "an idea", limit=TEXT_LIMIT)
    with write(db, actor, "idea.add"):
        author = get_person(db, by) if by is not None else actor
        at = stamp(now)
        cur = db.execute(
            """INSERT INTO ideas (text, author_id, entered_by, created_at, delegated_by,
                                  updated_at, updated_by)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [body, author.id, actor.id, at, delegated_by(db), at, actor.id],
        )
        assert cur.lastrowid is not None
        return get_idea(db, cur.lastrowid)


def _expect(idea: Idea, allowed: tuple[str, ...], doing: str) -> None:
    if idea.status in allowed:
        return
    if idea.status == "declined":
        raise Invalid(f"idea {idea.id} was declined ({idea.reason}); it can't be {doing}")
    if idea.status == "new":
        raise Invalid(f"idea {idea.id} is new: a head or the admin accepts it before it is {doing}")
    if idea.status == "done":
        raise Invalid(f"idea {idea.id} is already implemented; it can't be {doing}")
    where = (
        f" (meeting {idea.meeting_id}, item {idea.agenda_item})" if idea.status == "planned" else ""
    )
    raise Invalid(f"idea {idea.id} is {idea.status}{where}; it can't be {doing}")


def _update(db: Database, actor: Person, idea_id: int, at: str, **sets: object) -> None:
    assign = ", ".join(f"{k} = ?" for k in sets)
    db.execute(
        f"UPDATE ideas SET {assign}, version = version + 1, updated_at = ?, updated_by = ? "
        "WHERE id = ?",
        [*sets.values(), at, actor.id, idea_id],
    )


def accept_idea(db: Database, actor: Person, idea_id: int, *, now: datetime | None = None) -> Idea:
    """A head or the admin accepts a new idea: it enters the backlog, to be planned."""
    from db.backlog import enter_idea

    with write(db, actor, "idea.accept", subject=f"idea {idea_id}"):
        idea = get_idea(db, idea_id)
        require_decide_idea(db, actor, f"accept idea {idea_id}")
        _expect(idea, ("new",), "accepted")
        at = stamp(now)
        _update(db, actor, idea_id, at, status="accepted", decided_by=actor.id, decided_at=at)
        enter_idea(db, actor, get_idea(db, idea_id), at)
        return get_idea(db, idea_id)


def decline_idea(
    db: Database, actor: Person, idea_id: int, reason: str, *, now: datetime | None = None
) -> Idea:
    """A head or the admin declines a new idea, with a reason its author sees (kept for good)."""
    why = required(reason, "the reason for declining an idea", limit=TEXT_LIMIT)
    with write(db, actor, "idea.decline", subject=f"idea {idea_id}"):
        idea = get_idea(db, idea_id)
        require_decide_idea(db, actor, f"decline idea {idea_id}")
        _expect(idea, ("new",), "declined")
        at = stamp(now)
        _update(
            db,
            actor,
            idea_id,
            at,
            status="declined",
            reason=why,
            decided_by=actor.id,
            decided_at=at,
        )
        return get_idea(db, idea_id)


def agenda_title(text: str) -> str:
    """An idea's agenda item title: its first line, cut to ``TITLE_LIMIT``."""
    first = next((line for line in text.splitlines() if line.strip()), text)
    return one_line(first, TITLE_LIMIT)


def plan_idea(
    db: Database,
    actor: Person,
    idea_id: int,
    meeting_id: int,
    *,
    title: str | None = None,
    minutes: int | None = None,
    now: datetime | None = None,
) -> Idea:
    """Put an accepted idea on a meeting's agenda (not a closed one), presented by its author.

    ``title`` defaults to the idea's first line; ``minutes`` (the timebox) to 10.

    Raises:
        NotFound: no such idea or meeting. PermissionDenied: not a head, the admin or the
        meeting's facilitator. ClosedMeeting: the meeting is closed. Invalid: the idea is
        not accepted (new, declined, already planned or done).
    """
    from db.backlog import append_item, take_idea_entry
    from db.meetings import get_meeting

    with write(db, actor, "idea.plan", subject=f"idea {idea_id}"):
        idea = get_idea(db, idea_id)
        meeting = get_meeting(db, meeting_id, full=False)
        require_plan_idea(db, actor, meeting, idea_id)
        if meeting.status == "closed":
            raise ClosedMeeting(
                meeting_id,
                frozen="agenda",
                message=f"meeting {meeting_id} is closed: its agenda is frozen; "
                "plan the idea onto a meeting that is not closed",
            )
        _expect(idea, ("accepted",), "planned")
        at = stamp(now)
        item_id = append_item(
            db,
            actor,
            meeting_id,
            title if title is not None else agenda_title(idea.text),
            presenter_id=idea.author_id,
            minutes=minutes,
            at=at,
        )
        _update(db, actor, idea_id, at, status="planned", meeting_id=meeting_id,
                agenda_item_id=item_id)  # fmt: skip
        take_idea_entry(db, idea_id, item_id, at)
        return get_idea(db, idea_id)


def mark_planned(db: Database, actor: Person, idea_id: int, item_id: int, at: str) -> None:
    """An accepted idea taken from the backlog onto an agenda (``db.backlog``) is planned."""
    meeting_id = db.execute(
        "SELECT meeting_id FROM agenda_items WHERE id = ?", [item_id]
    ).fetchone()[0]
    _expect(get_idea(db, idea_id), ("accepted",), "planned")
    _update(db, actor, idea_id, at, status="planned", meeting_id=meeting_id,
            agenda_item_id=item_id)  # fmt: skip


def done_idea(
    db: Database,
    actor: Person,
    idea_id: int,
    *,
    task_id: int | None = None,
    now: datetime | None = None,
) -> Idea:
    """A head or the admin marks an accepted or planned idea implemented: its author is
    credited. ``task_id`` names the task that implemented it."""
    from db.backlog import take_idea_entry
    from db.tasks import get_task

    with write(db, actor, "idea.done", subject=f"idea {idea_id}"):
        idea = get_idea(db, idea_id)
        require_decide_idea(db, actor, f"mark idea {idea_id} implemented")
        if task_id is not None:
            get_task(db, task_id)
        _expect(idea, ("accepted", "planned"), "marked implemented")
        at = stamp(now)
        _update(db, actor, idea_id, at, status="done", task_id=task_id, done_by=actor.id,
                done_at=at)  # fmt: skip
        if idea.status == "accepted":
            take_idea_entry(db, idea_id, None, at)
        return get_idea(db, idea_id)


_CREDIT_COUNTS = """COUNT(*) AS submitted,
       SUM(x.status IN ('accepted', 'planned', 'done')) AS accepted,
       SUM(x.status = 'done') AS done"""


def credits(db: Database) -> list[Credit]:
    """Per person with at least one idea: submitted, ever accepted, implemented — counted
    from the ideas themselves. Most implemented first, then most accepted, then name."""
    return [
        Credit(**r)
        for r in rows.rows(
            db,
            f"""SELECT p.name, d.name AS department, c.submitted, c.accepted, c.done
                FROM (SELECT x.author_id, {_CREDIT_COUNTS} FROM ideas x GROUP BY x.author_id) c
                JOIN people p ON p.id = c.author_id
                LEFT JOIN departments d ON d.id = p.department_id
                ORDER BY c.done DESC, c.accepted DESC, c.submitted DESC, p.name_key""",
        )
    ]


def credits_by_department(db: Database) -> list[Credit]:
    """The same counts per author's department (``name`` and ``department`` are its name;
    None for authors without one)."""
    return [
        Credit(name=r["department"] or "", **r)
        for r in rows.rows(
            db,
            f"""SELECT d.name AS department, {_CREDIT_COUNTS}
                FROM ideas x JOIN people p ON p.id = x.author_id
                LEFT JOIN departments d ON d.id = p.department_id
                GROUP BY p.department_id ORDER BY d.name IS NULL, d.name""",
        )
    ]
