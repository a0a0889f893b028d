"""Human-readable output: rich tables and one-line confirmations.

rich is imported inside the functions that draw tables, so ``--json`` and the
plain confirmation lines never load it. Without colour (a pipe, a file,
``NO_COLOR``) tables and headings are drawn by ``tui.cli.plain_table``: the
same characters rich would print, without importing rich's Console. User text is never markup here: table
cells are ``rich.text.Text`` objects, and confirmations go through
``click.echo`` (which parses nothing) after control characters are removed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from db.text import one_line
from tui import dates

if TYPE_CHECKING:
    from db.models import AgendaItem, Decision, HistoryEntry, Meeting, Person, Task

# A listing cell shows at most this much of a long title; --json has it all.
CELL_LIMIT = 300
# A confirmation quotes at most this much of the text it names.
QUOTE_LIMIT = 80


# One display line: control characters out, whitespace runs to one space, cut at ``limit``.
line = one_line


def quoted(text: object, limit: int = QUOTE_LIMIT) -> str:
    return "'" + line(text, limit) + "'"


# Dates as people read them: tui.dates, the one formatter (the app's too).
day = dates.day
moment = dates.moment


def who(name: str | None, department: str | None) -> str:
    return f"{name} ({department})" if department else str(name)


# --- confirmations (plain lines) -------------------------------------------------------


def task_line(task: Task) -> str:
    """``Task 12 'Call the client' → Omar Haddad (Sales), due Fri 27 Nov``."""
    text = f"Task {task.id} {quoted(task.title)} → {line(who(task.owner, task.department))}"
    if task.due:
        text += f", due {day(task.due)}"
    if task.meeting_id is not None:
        text += f" (meeting {task.meeting_id})"
    return text


def person_line(person: Person) -> str:
    details = [d for d in (person.department, person.title) if d]
    roles = (["admin"] if person.is_admin else []) + (["head"] if person.is_head else [])
    text = f"Person {person.id} {line(person.name)}"
    if details:
        text += " (" + line(", ".join(details)) + ")"
    if roles:
        text += " — " + ", ".join(roles)
    return text


def meeting_line(meeting: Meeting) -> str:
    text = (
        f"Meeting {meeting.id} {quoted(meeting.title)} {moment(meeting.at)}, {meeting.minutes} min"
    )
    text += f", facilitator {line(meeting.facilitator)}"
    if meeting.task_force:
        text += f", task force {quoted(meeting.task_force)}"
    return text


def item_line(item: AgendaItem) -> str:
    text = f"Item {item.position} {quoted(item.title)} on meeting {item.meeting_id}, {item.minutes} min"
    if item.presenter:
        text += f", presented by {line(who(item.presenter, item.department))}"
    return text


def decision_line(decision: Decision) -> str:
    where = []
    if decision.meeting_id is not None:
        where.append(f"meeting {decision.meeting_id}")
    if decision.agenda_item is not None:
        where.append(f"item {decision.agenda_item}")
    if decision.task_force:
        where.append(f"task force {quoted(decision.task_force)}")
    text = f"Decision {decision.id} {quoted(decision.text)}"
    if where:
        text += " (" + ", ".join(where) + ")"
    if decision.supersedes is not None:
        text += f", supersedes decision {decision.supersedes}"
    return text


# --- tables (rich, imported lazily) ----------------------------------------------------


def console() -> Any:
    """A rich Console for people: colour off under NO_COLOR or when stdout is not a terminal."""
    from rich.console import Console

    plain = "NO_COLOR" in os.environ or not sys.stdout.isatty()
    return Console(
        file=sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=plain,
        color_system=None if plain else "auto",
    )


Cell = str | int | None | tuple[str, str]


def _plain(value: Cell) -> str:
    """A cell's text as ``_cell`` shows it, without its style."""
    if value is None or value == "":
        return "—"
    if isinstance(value, tuple):
        return line(value[0], CELL_LIMIT)
    return line(value, CELL_LIMIT)


def _cell(value: Cell) -> Any:
    from rich.text import Text

    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, tuple):
        text, style = value
        return Text(line(text, CELL_LIMIT), style=style)
    return Text(line(value, CELL_LIMIT))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str | None = None,
    numeric: Sequence[str] = ("#", "ID", "Min", "People", "Pos"),
) -> None:
    """Print a table whose every cell is literal text (a ``(text, style)`` pair for colour)."""
    from tui.cli import plain_table

    rows = [list(row) for row in rows]
    if plain_table.can_draw():
        drawn = plain_table.draw(
            columns,
            [[_plain(v) for v in row] for row in rows],
            title=line(title) if title else None,
            right=[name in numeric for name in columns],
        )
        if drawn is not None:
            sys.stdout.write(drawn)
            return
    from rich.table import Table
    from rich.text import Text

    out = console()
    grid = Table(title=Text(line(title)) if title else None, title_justify="left", expand=False)
    for name in columns:
        grid.add_column(name, justify="right" if name in numeric else "left", overflow="fold")
    for row in rows:
        grid.add_row(*(_cell(v) for v in row))
    out.print(grid)


def heading(text: str, *details: str) -> None:
    """A bold line (plain when colour is off) followed by indented detail lines; all literal."""
    from tui.cli import plain_table

    if plain_table.can_draw():
        drawn = [plain_table.paragraph(x) for x in (line(text), *("  " + line(d) for d in details))]
        if all(d is not None for d in drawn):
            sys.stdout.write("".join(d for d in drawn if d is not None))
            return
    from rich.text import Text

    out = console()
    out.print(Text(line(text), style="bold"))
    for detail in details:
        out.print(Text("  " + line(detail)))


def history(entries: Iterable[HistoryEntry], *, title: str) -> None:
    """A task's or an area's owners over time; a delegated move names the admin too."""
    table(
        ["When", "By", "From", "To", "Reason"],
        (
            [
                moment(e.at),
                e.actor + (f" (delegated by {e.delegated_by})" if e.delegated_by else ""),
                e.from_,
                e.to,
                e.reason,
            ]
            for e in entries
        ),
        title=title,
    )
