"""People: departments and heads, everyone, and who owns what; add people, appoint heads,
bind OS logins (the admin)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from db.areas import list_areas
from db.dates import local_today
from db.lazyclass import dataclass
from db.models import Area, Department, Person, Task
from db.people import add_person, appoint_head, list_departments, list_people
from db.permissions import require_admin
from db.tasks import count_tasks, list_tasks
from tui.dialogs.people import AddPersonDialog, AppointHeadDialog, NewPerson
from tui.screens.base import TandemScreen
from tui.text import mixed, safe, safe_text
from tui.widgets.credit import CreditBook, department_cells, person_lines, read_credit
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import fit_columns

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

SHOWN_TASKS = 15  # open tasks listed for the person under the cursor (soonest due first)


@dataclass(frozen=True)
class Everyone:
    """One fill of the People screen: departments, credit, people (one read)."""

    departments: list[Department]
    credit: CreditBook
    people: list[Person]


@dataclass(frozen=True)
class Owns:
    """What one person owns, for the detail beside the list."""

    areas: list[Area]
    open_count: int
    tasks: list[Task]


def _read_everyone(db: Database, today: date) -> Everyone:
    """Departments with their credit, and everyone; on the reader thread."""
    return Everyone(list_departments(db), read_credit(db, today), list_people(db))


def _read_owns(db: Database, person_id: int) -> Owns:
    """The person's areas, open task count and soonest open tasks; on the reader thread."""
    return Owns(
        list_areas(db, owner_id=person_id),
        count_tasks(db, owner_id=person_id),
        list_tasks(db, owner_id=person_id, limit=SHOWN_TASKS),
    )


class PeopleScreen(TandemScreen):
    """Departments and their heads, everyone, and what the person under the cursor owns."""

    CSS_PATH = "people.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    PRIMARY_KEYS = ("a", "e", "x", "h", "l")
    BINDINGS = [
        Binding("a", "add", "Add person"),
        Binding("h", "appoint", "Appoint head"),
        Binding("l", "login", "Login", tooltip="Bind an OS login to the person (admin)"),
        Binding("e", "edit", "Edit", tooltip="Edit the person's name, title, email, department"),
        Binding("x", "leave", "Has left", tooltip="Mark the person as having left: who takes over"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._people: dict[str, Person] = {}
        self._departments: list[Department] = []
        self._credit: CreditBook | None = None
        self._select: int | None = None  # the person the cursor goes to at the next fill

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="departments", cursor_type="row")
        with Horizontal(id="body"):
            yield DataTable(id="people", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="owns"):
                yield Static(id="owns-text")
        yield TandemFooter()

    def on_mount(self) -> None:
        self.query_one("#departments", DataTable).add_columns(
            "Department", "Head", "People", "Ideas (sub · acc · done)", "Field days (qtr)"
        )
        self.query_one("#people", DataTable).add_columns(
            "Name", "Department", "Title", "Role", "Login"
        )
        self.reload()
        self.query_one("#people", DataTable).focus()

    def reload(self, select: int | None = None) -> None:
        """Re-read departments and people, keeping the cursor on the same person.

        Read on the reader thread (``Refusals.read``); the tables fill when it comes
        back, with the cursor on the person ``select`` when given (one just added).
        """
        if select is not None:
            # Kept until a fill shows it: a reload asked meanwhile (the watcher's) replaces
            # this read, not where the cursor goes.
            self._select = select
        today = local_today(self.tandem.now())
        self.read(lambda db: _read_everyone(db, today), self._fill, key="people")

    def _fill(self, found: Everyone) -> None:
        select, self._select = self._select, None
        self._departments = found.departments
        self._credit = found.credit
        departments = self.query_one("#departments", DataTable)
        departments.clear()
        for dept in self._departments:
            # Cells are rich Text (safe_text): literal, and measured, so columns fit them.
            departments.add_row(
                safe_text(dept.name, 30),
                safe_text(dept.head or "no head yet", 30),
                safe_text(str(dept.people)),
                *department_cells(self._credit, dept.name),
                key=str(dept.id),
            )
        fit_columns(departments)  # now: a frame painted before the table is idle keeps them
        table = self.query_one("#people", DataTable)
        key = str(select) if select is not None else self._cursor_key()
        row = table.cursor_row
        table.clear()
        self._people = {}
        for person in found.people:
            self._people[str(person.id)] = person
            role = ", ".join(
                r for r, on_ in (("admin", person.is_admin), ("head", person.is_head)) if on_
            )
            if person.left_at is not None:
                role = f"left {person.left_at[:10]}"
            table.add_row(
                safe_text(person.name, 22, style="dim" if person.left_at else ""),
                safe_text(person.department or "—", 14),
                safe_text(person.title or "", 24),
                safe_text(role),
                safe_text(person.login or "—", 16),
                key=str(person.id),
            )
        fit_columns(table)
        if table.row_count:
            index = table.get_row_index(key) if key in self._people else row
            table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        self._show(self._current())

    def _cursor_key(self) -> str | None:
        table = self.query_one("#people", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def _current(self) -> Person | None:
        key = self._cursor_key()
        return self._people.get(key) if key else None

    @on(DataTable.RowHighlighted, "#people")
    def _highlighted(self) -> None:
        self._show(self._current())

    def _show(self, person: Person | None) -> None:
        """Show what ``person`` owns, read on the reader thread (a newer move wins)."""
        if person is None:
            self.query_one("#owns-text", Static).update(safe(""))
            return
        self.read(
            lambda db: _read_owns(db, person.id),
            lambda owns: self._show_owns(person, owns),
            key="owns",
        )

    def _show_owns(self, person: Person, owns: Owns) -> None:
        current = self._current()
        if current is None or current.id != person.id or self._credit is None:
            return  # the cursor moved on meanwhile: the read for where it is now follows
        areas, open_count, tasks = owns.areas, owns.open_count, owns.tasks
        text = self.query_one("#owns-text", Static)
        parts: list[Content] = [
            mixed("[b]$name[/]  $title", name=person.name, title=person.title or ""),
            mixed(
                "$dept · $email",
                dept=person.department or "no department",
                email=person.email or "no email",
            ),
            *([mixed("[b]Left[/] on $day", day=person.left_at[:10])] if person.left_at else []),
            *person_lines(self._credit, person),
            Content(""),
            mixed("[b]Areas[/] ($n)", n=len(areas)),
        ]
        parts += [mixed("  $area", area=a.area) for a in areas] or [safe("  none")]
        parts += [Content(""), mixed("[b]Open tasks[/] ($n)", n=f"{open_count:,}")]
        parts += [
            mixed(
                "  $id  $due  $title",
                id=t.id,
                due=t.due or "—",
                title=" ".join(t.title.split())[:80],
            )
            for t in tasks
        ] or [safe("  none")]
        if open_count > len(tasks):
            parts.append(
                mixed(
                    "  [dim]… and $more more (Tasks screen, owner filter)[/]",
                    more=f"{open_count - len(tasks):,}",
                )
            )
        text.update(Content("\n").join(parts))

    def action_add(self) -> None:
        actor = self.tandem.actor
        default = actor.department_id if actor is not None and not actor.is_admin else None

        def chosen(result: NewPerson | None) -> None:
            if result is None:
                return
            app = self.tandem

            def added(person: Person) -> None:
                self.notify(mixed("$name added", name=person.name))  # type: ignore[arg-type]
                self.reload(select=person.id)  # the cursor goes to them once the list is in

            with self.refusals():
                writer = app.writer
                # Off the event loop when another connection holds the lock (tui/writes.py).
                self.write(
                    lambda db: add_person(
                        db,
                        writer,
                        result.name,
                        department=result.department_id,
                        title=result.title,
                        email=result.email,
                        now=app.now(),
                    ),
                    added,
                )

        self.app.push_screen(AddPersonDialog(self._departments, default), chosen)

    def action_appoint(self) -> None:
        person = self._current()
        if person is None or not self._departments:
            return

        def chosen(department_id: int | None) -> None:
            if department_id is None:
                return

            def appointed(dept: Department) -> None:
                self.notify(mixed("$name now heads $dept", name=person.name, dept=dept.name))  # type: ignore[arg-type]
                # The actor may have just become a head.
                self.tandem.refresh_actor(then=self.reload)

            with self.refusals():
                writer = self.tandem.writer
                self.write(lambda db: appoint_head(db, writer, department_id, person.id), appointed)

        with self.refusals():
            # Only the admin appoints heads: say so before asking which department.
            require_admin(self.tandem.writer, "appoint a department head")
            self.app.push_screen(AppointHeadDialog(person, self._departments), chosen)

    def action_edit(self) -> None:
        from tui.dialogs.person_edit import ask_edit

        ask_edit(self, self._current(), lambda _person: self._changed())

    def action_leave(self) -> None:
        from tui.dialogs.leave import ask_leave

        ask_leave(self, self._current(), self._changed)

    def _changed(self) -> None:
        # The actor's own name or department may have changed.
        self.tandem.refresh_actor(then=self.reload)

    def action_login(self) -> None:
        """Bind, change or clear the OS login of the person under the cursor."""
        from tui.dialogs.login import LoginForm

        person = self._current()
        if person is None:
            return
        if not person.is_admin:  # the admin's own binding also has a recovery path (db/)
            refused = True
            with self.refusals():
                # Only the admin binds logins: say so before asking for one.
                require_admin(self.tandem.writer, "bind logins to people")
                refused = False
            if refused:
                return

        def done(bound: Person | None) -> None:
            if bound is None:
                return
            if bound.login:
                self.notify(mixed("$name: login $login", name=bound.name, login=bound.login))  # type: ignore[arg-type]
            else:
                self.notify(mixed("$name: no login now", name=bound.name))  # type: ignore[arg-type]
            # The app's own login may have just changed hands.
            self.tandem.refresh_actor(then=self.reload)

        self.app.push_screen(LoginForm(person), done)
