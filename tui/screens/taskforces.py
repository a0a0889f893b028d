"""Task forces: members by department, lead, problem, their meetings and decisions; create one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from db.decisions import list_decisions
from db.meetings import list_meetings
from db.models import TaskForce
from db.people import list_people
from db.permissions import require_create_task_force
from db.taskforces import create_task_force, list_task_forces
from tui.dialogs.taskforce import CreateTaskForceDialog, NewTaskForce
from tui.screens.base import TandemScreen
from tui.text import mixed, safe, safe_text
from tui.widgets.footer import TandemFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult

    pass

SHOWN = 15  # meetings and decisions listed per task force (newest first)


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

    def reload(self) -> None:
        """Re-read the task forces, keeping the cursor on the same one."""
        table = self.query_one("#forces", DataTable)
        key = None
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        row = table.cursor_row
        table.clear()
        self._forces = {}
        for tf in list_task_forces(self.tandem.db):
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
        text = self.query_one("#detail-text", Static)
        if tf is None:
            text.update(safe("No task forces yet. Press n to create one (heads and the admin)."))
            return
        db = self.tandem.db
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
        meetings = list_meetings(db, task_force_id=tf.id, newest_first=True, limit=SHOWN)
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
        decisions = list_decisions(db, task_force_id=tf.id, newest_first=True, limit=SHOWN)
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
                self.reload()
                table = self.query_one("#forces", DataTable)
                table.move_cursor(row=table.get_row_index(str(tf.id)), animate=False)

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

        with self.refusals():
            # Say who may before the form is filled in, not after.
            require_create_task_force(self.tandem.db, self.tandem.writer)
            self.app.push_screen(CreateTaskForceDialog(list_people(self.tandem.db)), chosen)
