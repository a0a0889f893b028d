"""Task forces: members by department, lead, problem, their meetings and decisions; create one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from db.decisions import list_decisions
from db.lazyclass import dataclass
from db.meetings import list_meetings
from db.models import Decision, Meeting, Person, TaskForce
from db.people import list_people
from db.permissions import require_create_task_force
from db.taskforces import create_task_force, list_task_forces
from tui.dialogs.taskforce import CreateTaskForceDialog, NewTaskForce
from tui.screens.base import TandemScreen
from tui.text import mixed, safe, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import fit_columns

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

SHOWN = 15  # meetings and decisions listed per task force (newest first)


@dataclass(frozen=True)
class Record:
    """A task force's meetings and decisions, newest first, for its detail."""

    meetings: list[Meeting]
    decisions: list[Decision]


def _read_record(db: Database, task_force_id: int) -> Record:
    """The task force's latest meetings and decisions; on the reader thread."""
    return Record(
        list_meetings(db, task_force_id=task_force_id, newest_first=True, limit=SHOWN),
        list_decisions(db, task_force_id=task_force_id, newest_first=True, limit=SHOWN),
    )


def _read_choices(db: Database, writer: Person) -> list[Person]:
    """Refused when ``writer`` may not create a task force, else the people to pick from."""
    require_create_task_force(db, writer)
    return list_people(db)


class TaskForcesScreen(TandemScreen):
    """Cross-department task forces: the list, and the one under the cursor in full."""

    CSS_PATH = "taskforces.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    PRIMARY_KEYS = ("n",)
    BINDINGS = [
        Binding("n", "create", "New task force"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._forces: dict[str, TaskForce] = {}
        self._select: int | None = None  # the task force the cursor goes to at the next fill

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield DataTable(id="forces", cursor_type="row")
            with VerticalScroll(id="detail"):
                yield Static(id="detail-text")
        yield TandemFooter()

    def on_mount(self) -> None:
        self.query_one("#forces", DataTable).add_columns("Task force", "Lead", "Members", "Depts")
        self.reload()
        self.query_one("#forces", DataTable).focus()

    def reload(self, select: int | None = None) -> None:
        """Re-read the task forces, keeping the cursor on the same one.

        Read on the reader thread (``Refusals.read``); the list fills when it comes
        back, with the cursor on the task force ``select`` when given (one just created).
        """
        if select is not None:
            # Kept until a fill shows it: a reload asked meanwhile (the watcher's) replaces
            # this read, not where the cursor goes.
            self._select = select
        self.read(list_task_forces, self._fill, key="forces")

    def _fill(self, forces: list[TaskForce]) -> None:
        select, self._select = self._select, None
        table = self.query_one("#forces", DataTable)
        key = str(select) if select is not None else None
        if key is None and table.row_count:
            key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        row = table.cursor_row
        table.clear()
        self._forces = {}
        for tf in forces:
            self._forces[str(tf.id)] = tf
            departments = {m.department for m in tf.members if m.department}
            # Cells are rich Text (safe_text): literal, and measured, so columns fit them.
            table.add_row(
                safe_text(tf.name, 22),
                safe_text(tf.lead, 16),
                safe_text(str(len(tf.members))),
                safe_text(str(len(departments))),
                key=str(tf.id),
            )
        fit_columns(table)  # now: a frame painted before the table is idle keeps its widths
        if table.row_count:
            index = table.get_row_index(key) if key in self._forces else row
            table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        self._show(self._current())

    def _current(self) -> TaskForce | None:
        table = self.query_one("#forces", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._forces.get(str(key))

    @on(DataTable.RowHighlighted, "#forces")
    def _highlighted(self) -> None:
        self._show(self._current())

    def _show(self, tf: TaskForce | None) -> None:
        """Show ``tf`` in full; its meetings and decisions are read on the reader thread."""
        if tf is None:
            self.query_one("#detail-text", Static).update(
                safe("No task forces yet. Press n to create one (heads and the admin).")
            )
            return
        self.read(
            lambda db: _read_record(db, tf.id),
            lambda record: self._show_record(tf, record),
            key="detail",
        )

    def _show_record(self, tf: TaskForce, record: Record) -> None:
        current = self._current()
        if current is None or current.id != tf.id:
            return  # the cursor moved on meanwhile: the read for where it is now follows
        text = self.query_one("#detail-text", Static)
        parts: list[Content] = [
            mixed("[b]$name[/]  led by [b]$lead[/]", name=tf.name, lead=tf.lead),
            mixed("[i]Problem:[/] $problem", problem=tf.problem),
            Content(""),
            mixed("[b]Members by department[/]"),
        ]
        by_department: dict[str, list[str]] = {}
        for member in tf.members:
            by_department.setdefault(member.department or "No department", []).append(
                member.name + (" (lead)" if member.id == tf.lead_id else "")
            )
        for department, names in sorted(by_department.items()):
            parts.append(mixed("  $dept: $names", dept=department, names=", ".join(names)))
        meetings, decisions = record.meetings, record.decisions
        parts += [Content(""), mixed("[b]Meetings[/]")]
        parts += [
            mixed(
                "  $id  $at  $title  [dim]$status[/]",
                id=m.id,
                at=m.at[:16].replace("T", " "),
                title=m.title,
                status=m.status,
            )
            for m in meetings
        ] or [safe("  none yet")]
        parts += [Content(""), mixed("[b]Decisions[/]")]
        parts += [
            mixed("  $id  $text", id=d.id, text=" ".join(d.text.split())[:100]) for d in decisions
        ] or [safe("  none yet")]
        text.update(Content("\n").join(parts))

    def action_create(self) -> None:

        def chosen(result: NewTaskForce | None) -> None:
            if result is None:
                return

            def created(tf: TaskForce) -> None:
                self.notify(mixed("Task force $name created", name=tf.name))  # type: ignore[arg-type]
                self.reload(select=tf.id)  # the cursor goes to it once the list is in

            with self.refusals():
                writer, now = self.tandem.writer, self.tandem.now()
                self.write(
                    lambda db: create_task_force(
                        db,
                        writer,
                        result.name,
                        problem=result.problem,
                        lead=result.lead.id,
                        members=[*result.members],
                        now=now,
                    ),
                    created,
                )

        def opened(people: list[Person]) -> None:
            self.app.push_screen(CreateTaskForceDialog(people), chosen)

        with self.refusals():
            # Say who may before the form is filled in, not after.
            writer = self.tandem.writer
            self.read(lambda db: _read_choices(db, writer), opened, key="form")
