"""Field days: a day a person spent working beside someone of the other department.

A sales call, a booth, a ride-along: marketers in the field with salespeople, as
part of the job. The two people are of different departments (a trigger, m008)
and the day is not in the future.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from db import rows
from db.audit import delegated_by, write
from db.dates import local_today, stamp
from db.errors import Invalid, NotFound
from db.lazyclass import dataclass
from db.models import Person
from db.people import get_person
from db.text import optional

if TYPE_CHECKING:
    from sqlite_utils import Database

NOTE_LIMIT = 10_000


@dataclass(frozen=True)
class FieldDay:
    id: int
    person: str
    with_: str
    department: str | None
    with_department: str | None
    date: str
    note: str
    entered_by: str
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "person": self.person,
            "with": self.with_,
            "department": self.department,
            "with_department": self.with_department,
            "date": self.date,
            "note": self.note,
            "entered_by": self.entered_by,
            "created_at": self.created_at,
        }


_SELECT = """
SELECT f.id, p.name AS person, w.name AS with_, pd.name AS department,
       wd.name AS with_department, f.date, f.note, e.name AS entered_by, f.created_at
FROM field_days f
JOIN people p ON p.id = f.person_id
JOIN people w ON w.id = f.with_id
LEFT JOIN departments pd ON pd.id = p.department_id
LEFT JOIN departments wd ON wd.id = w.department_id
JOIN people e ON e.id = f.entered_by
"""


def get_field_day(db: Database, field_day_id: int) -> FieldDay:
    row = rows.one(db, _SELECT + " WHERE f.id = ?", [field_day_id])
    if row is None:
        raise NotFound("field day", field_day_id)
    return FieldDay(**row)


def list_field_days(
    db: Database, *, since: date | None = None, person: str | int | None = None
) -> list[FieldDay]:
    """Field days by date (then id), from ``since`` on; ``person``: theirs, either side."""
    where: list[str] = []
    params: list[object] = []
    if since is not None:
        where.append("f.date >= ?")
        params.append(since.isoformat())
    if person is not None:
        who = get_person(db, person).id
        where.append("(f.person_id = ? OR f.with_id = ?)")
        params += [who, who]
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY f.date, f.id"
    return [FieldDay(**r) for r in rows.rows(db, sql, params)]


def add_field_day(
    db: Database,
    actor: Person,
    person: str | int,
    with_: str | int,
    day: date,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> FieldDay:
    """Record that ``person`` spent ``day`` working beside ``with_`` (anyone may record it;
    who did is kept).

    Raises:
        NotFound: an unknown person. Invalid: the same person twice, two people of the same
        department (or one without a department), a day in the future, a day already recorded.
    """
    text = optional(note, "a field day's note", limit=NOTE_LIMIT)
    today = local_today(now)
    if day > today:
        raise Invalid(
            f"a field day is a day already spent: {day.isoformat()} is in the future "
            f"(today is {today.isoformat()})"
        )
    with write(db, actor, "field.add"):
        one, other = get_person(db, person), get_person(db, with_)
        if one.id == other.id:
            raise Invalid(f"a field day is spent beside someone else, not {one.name} themselves")
        for who in (one, other):
            if who.department_id is None:
                raise Invalid(
                    f"{who.name} has no department; a field day is spent beside someone of "
                    "another department"
                )
        if one.department_id == other.department_id:
            raise Invalid(
                f"{one.name} and {other.name} are both in {one.department}; a field day is "
                "spent beside someone of another department"
            )
        if db.execute(
            "SELECT 1 FROM field_days WHERE person_id = ? AND with_id = ? AND date = ?",
            [one.id, other.id, day.isoformat()],
        ).fetchone():
            raise Invalid(
                f"{one.name}'s field day with {other.name} on {day.isoformat()} is already recorded"
            )
        cur = db.execute(
            """INSERT INTO field_days (person_id, with_id, date, note, entered_by, created_at,
                                       delegated_by)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [one.id, other.id, day.isoformat(), text, actor.id, stamp(now), delegated_by(db)],
        )
        assert cur.lastrowid is not None
        return get_field_day(db, cur.lastrowid)


def field_days_per_person(
    db: Database, *, since: date | None = None, department: str | int | None = None
) -> list[tuple[str, str | None, int]]:
    """Per person (of ``department``, or everyone with one): field days from ``since`` on,
    counting either side of the day; people with none included (count 0), fewest first."""
    params: list[object] = [since.isoformat() if since else ""]
    where = "p.department_id IS NOT NULL"
    if department is not None:
        from db.people import get_department

        where = "p.department_id = ?"
        params.append(get_department(db, department).id)
    return [
        (r[0], r[1], r[2])
        for r in db.execute(
            f"""SELECT p.name, d.name,
                       (SELECT COUNT(*) FROM field_days f
                        WHERE (f.person_id = p.id OR f.with_id = p.id) AND f.date >= ?)
                FROM people p LEFT JOIN departments d ON d.id = p.department_id
                WHERE {where} ORDER BY 3, p.name_key""",
            params,
        )
    ]


@dataclass(frozen=True)
class FieldDaysCover:
    """Of the people in a department: how many, how many had a field day (either side of
    it) from a day on, and the first few of those who had none, by name."""

    people: int
    with_one: int
    without: list[str]  # the first of those without one (at most ``named``), by name

    @property
    def without_count(self) -> int:
        return self.people - self.with_one


def field_days_cover(db: Database, *, since: date, named: int) -> FieldDaysCover:
    """``field_days_per_person``'s figures for everyone with a department, without a row
    per person: as quick with 10,000 people as with 100 (the field days since ``since``
    are few; the names are walked in order until ``named`` without one are found)."""
    day = since.isoformat()
    had = """SELECT person_id FROM field_days WHERE date >= :since
             UNION SELECT with_id FROM field_days WHERE date >= :since"""
    people, with_one = db.execute(
        f"""SELECT (SELECT COUNT(*) FROM people WHERE department_id IS NOT NULL),
                   (SELECT COUNT(*) FROM people p
                    WHERE p.department_id IS NOT NULL AND p.id IN ({had}))""",
        {"since": day},
    ).fetchone()
    without = [
        r[0]
        for r in db.execute(
            f"""SELECT p.name FROM people p
                WHERE p.department_id IS NOT NULL AND p.id NOT IN ({had})
                ORDER BY p.name_key LIMIT :named""",
            {"since": day, "named": named},
        )
    ]
    return FieldDaysCover(people=int(people), with_one=int(with_one), without=without)


def quarter_start(day: date) -> date:
    """The first day of ``day``'s calendar quarter (field days are counted per quarter)."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
