"""Credit on the People screen: ideas submitted, accepted and implemented, and field days
this quarter, per person (in the detail) and per department (in its table).

Everything is counted by ``db`` from the records (``db.ideas.credits``,
``db.fielddays.field_days_per_person``): one read per reload, looked up per row.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text

from db.fielddays import field_days_per_person, quarter_start
from db.ideas import Credit, credits, credits_by_department
from db.lazyclass import dataclass
from db.models import Person
from tui.text import mixed

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.content import Content


@dataclass(frozen=True)
class CreditBook:
    """What everyone is credited with, read at once."""

    people: dict[str, Credit]  # by person name
    departments: dict[str, Credit]  # by department name
    field_days: dict[str, int]  # by person name: field days since ``since``
    field_by_department: dict[str, int]
    since: date


def read_credit(db: Database, today: date) -> CreditBook:
    since = quarter_start(today)
    days = field_days_per_person(db, since=since)
    by_department: dict[str, int] = {}
    for _name, department, n in days:
        if department is not None:
            by_department[department] = by_department.get(department, 0) + n
    return CreditBook(
        people={c.name: c for c in credits(db)},
        departments={c.name: c for c in credits_by_department(db) if c.name},
        field_days={name: n for name, _d, n in days},
        field_by_department=by_department,
        since=since,
    )


def _counts(credit: Credit | None) -> str:
    if credit is None:
        return "0 · 0 · 0"
    return f"{credit.submitted:,} · {credit.accepted:,} · {credit.done:,}"


def department_cells(book: CreditBook, department: str) -> tuple[Text, Text]:
    """The department's ideas (submitted · accepted · implemented) and field days cells."""
    return (
        Text(_counts(book.departments.get(department))),
        Text(str(book.field_by_department.get(department, 0))),
    )


def person_lines(book: CreditBook, person: Person) -> list[Content]:
    """The person's credit, for the detail beside the list."""
    credit = book.people.get(person.name)
    days = book.field_days.get(person.name)
    lines = [
        mixed(
            "[b]Ideas[/] $s submitted · $a accepted · [b]$d implemented[/]",
            s=credit.submitted if credit else 0,
            a=credit.accepted if credit else 0,
            d=credit.done if credit else 0,
        )
    ]
    if days is not None:  # people with a department
        since = book.since.isoformat()
        lines.append(
            mixed("[b]Field days[/] since $since: $n", since=since, n=days)
            if days
            else mixed("[b]Field days[/] since $since: [yellow]none yet[/]", since=since)
        )
    return lines
