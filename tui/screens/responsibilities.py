"""Responsibilities: each department's areas with their one owner; assign, reassign, load per person."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Label, Select, Static

from db.areas import assign_area, list_areas
from db.dates import local_today
from db.errors import Duplicate, TandemError
from db.lazyclass import dataclass
from db.load import Load, load_per_person
from db.models import Area, Department, HistoryEntry, Person
from db.people import list_departments, list_people
from db.permissions import require_may_assign_areas, require_may_reassign_area
from db.responsibilities import assignable_departments, near_duplicates
from tui.dialogs.areas import AreaDialog, KeepBothDialog
from tui.screens.base import TandemScreen
from tui.text import mixed, safe, safe_line, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import Refill

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult


@dataclass(frozen=True)
class Responsibilities:
    """One fill of the screen, read at once on the reader thread."""

    departments: list[Department] | None  # for the department picker (the first fill only)
    actor: Person | None  # who was acting when read (None: read only)
    scope: list[Department]  # whose areas ``actor`` may assign
    dupes: dict[int, int]
    areas: list[Area]
    loads: list[Load]


def _read_responsibilities(
    db: Database,
    actor: Person | None,
    department_id: int | None,
    today: date,
    *,
    departments: bool,
) -> Responsibilities:
    """Areas (of ``department_id``, else all), their near-duplicates, the load per person and
    whom ``actor`` may assign; the departments too when ``departments``."""
    return Responsibilities(
        departments=list_departments(db) if departments else None,
        actor=actor,
        scope=assignable_departments(db, actor) if actor is not None else [],
        dupes=near_duplicates(db),
        areas=list_areas(db, department_id=department_id),
        loads=load_per_person(db, today, department_id=department_id),
    )


@dataclass(frozen=True)
class AreaChoices:
    """What the area dialog offers: everyone, and why the actor may not pick some."""

    people: list[Person]
    refused: dict[int, str]


def _read_area_choices(db: Database, writer: Person, area: Area | None) -> AreaChoices:
    """Refused when ``writer`` may not assign (or reassign ``area``) at all; else everyone,
    with the reason ``writer`` may not give the area to some (a head: only their own
    department's people)."""
    from db.permissions import require_assign_area
    from tui.words import refused_people

    if area is not None:
        # A head sees at once that another department's areas are not theirs to move.
        require_may_reassign_area(db, writer, area.department_id)
    require_may_assign_areas(db, writer)
    people = list_people(db)
    department_id = area.department_id if area else None
    return AreaChoices(
        people,
        refused_people(people, lambda p: require_assign_area(db, writer, p, department_id)),
    )


def _read_history(db: Database, area_id: int) -> list[HistoryEntry]:
    from db.areas import area_history

    return area_history(db, area_id)


def _restore(table: DataTable[object], key: str | None, row: int) -> None:
    """Put the cursor on ``key`` (or ``row``) of a refilled table."""
    if table.row_count == 0:
        return
    index = table.get_row_index(key) if key is not None and key in table.rows else row
    table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)


def _cursor_key(table: DataTable[object]) -> str | None:
    if table.row_count == 0:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return str(key) if key is not None else None


class ResponsibilitiesScreen(TandemScreen):
    """Each department's areas and their one owner; who may assign them; load per person."""

    CSS_PATH = "responsibilities.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    PRIMARY_KEYS = ("a", "r")
    BINDINGS = [
        Binding("a", "assign", "Assign area"),
        Binding("r", "reassign", "Reassign"),
        Binding("h", "history", "History", tooltip="Every owner the area had, and why"),
        Binding("l", "focus_load", "Load", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, *, department_id: int | None = None) -> None:
        super().__init__()
        self._department = department_id
        self._areas: dict[str, Area] = {}
        self._picker_filled = False  # the department picker has its options
        self._select_area: str | None = None  # the area the cursor goes to at the next fill

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="top"):
            yield Select[int]([], prompt="All departments", id="department")
            yield Static(id="may")
        with Vertical(id="body"):
            with Vertical(id="left"):
                yield Label(safe("Areas of responsibility"), classes="title")
                yield DataTable(id="areas", cursor_type="row", zebra_stripes=True)
            with Vertical(id="right"):
                yield Label(safe("Load per person: open tasks, overdue, areas"), classes="title")
                yield DataTable(id="load", cursor_type="row")
        yield TandemFooter()

    def on_mount(self) -> None:
        self.query_one("#areas", DataTable).add_columns(
            "Department", "Area", "Owner", "Assigned by", "Since", "Duplicate?"
        )
        self.query_one("#load", DataTable).add_columns(
            "Person", "Department", "Open tasks", "Overdue", "Areas"
        )
        self.reload()
        self.query_one("#areas", DataTable).focus()

    def reload(self, select_area: str | None = None) -> None:
        """Re-read areas, duplicates and load, keeping each cursor where it was.

        Read on the reader thread (``Refusals.read``); the tables fill when it comes
        back, the area cursor on ``select_area`` when given (one just assigned). The
        department picker's choices come with the first fill.
        """
        if select_area is not None:
            # Kept until a fill shows it: a reload asked meanwhile (the watcher's) replaces
            # this read, not where the cursor goes.
            self._select_area = select_area
        actor, department = self.tandem.actor, self._department
        departments = not self._picker_filled
        today = local_today(self.tandem.now())
        self.read(
            lambda db: _read_responsibilities(
                db, actor, department, today, departments=departments
            ),
            self._fill,
            key="responsibilities",
        )

    def _fill(self, found: Responsibilities) -> None:
        select_area, self._select_area = self._select_area, None
        if found.departments is not None and not self._picker_filled:
            self._picker_filled = True
            select = self.query_one("#department", Select)
            select.set_options((safe_line(d.name, 40), d.id) for d in found.departments)
            if self._department is not None:
                select.value = self._department
        self._show_permission(found.actor, found.scope)
        dupes = found.dupes
        self._areas = {}
        # Cells are rich Text (safe_text): literal, and measured, so columns fit them.
        with Refill(self.query_one("#areas", DataTable)) as areas_table:
            for area in found.areas:
                self._areas[str(area.id)] = area
                flag = (
                    safe_text(f"≈ area {dupes[area.id]}", style="bold yellow")
                    if area.id in dupes
                    else safe_text("")
                )
                areas_table.add_row(
                    safe_text(area.department, 14),
                    safe_text(area.area, 44),
                    safe_text(area.owner, 18),
                    safe_text(area.assigned_by, 18),
                    safe_text(area.assigned_at[:10]),
                    flag,
                    key=str(area.id),
                )
        if select_area is not None:
            _restore(self.query_one("#areas", DataTable), select_area, 0)
        with Refill(self.query_one("#load", DataTable)) as load_table:
            for load in found.loads:
                load_table.add_row(
                    safe_text(load.name, 18),
                    safe_text(load.department or "—", 12),
                    safe_text(str(load.open_tasks)),
                    safe_text(str(load.overdue), style="bold red" if load.overdue else ""),
                    safe_text(str(load.areas)),
                    key=str(load.person_id),
                )

    def _show_permission(self, actor: Person | None, scope: list[Department]) -> None:
        may = self.query_one("#may", Static)
        if actor is None:
            may.update(
                mixed(
                    "[$warning]Read only: your login '$login' is bound to no person[/]",
                    login=self.tandem.login,
                )
            )
            return
        if actor.is_admin:
            may.update(mixed("$name is the admin: may assign any area", name=actor.name))
        elif scope:
            may.update(
                mixed(
                    "$name may assign $depts areas",
                    name=actor.name,
                    depts=", ".join(d.name for d in scope),
                )
            )
        else:
            may.update(
                mixed(
                    "[$warning]$name can't assign areas: only a department head or the admin can[/]",
                    name=actor.name,
                )
            )

    @on(Select.Changed, "#department")
    def _department_changed(self, event: Select.Changed) -> None:
        department = event.value if isinstance(event.value, int) else None
        if department == self._department:
            return  # the first fill chose it (the screen opened on it): read already
        self._department = department
        self.reload()

    def _selected(self) -> Area | None:
        key = _cursor_key(self.query_one("#areas", DataTable))
        return self._areas.get(key) if key else None

    def action_assign(self) -> None:
        self._open_dialog(None)

    def action_history(self) -> None:
        from tui.dialogs.areas import AreaHistoryDialog

        area = self._selected()
        if area is None:
            self.notify("No area selected", severity="warning")
            return

        def opened(entries: list[HistoryEntry]) -> None:
            self.app.push_screen(AreaHistoryDialog(area, entries))

        self.read(lambda db: _read_history(db, area.id), opened, key="dialog")

    def action_reassign(self) -> None:
        area = self._selected()
        if area is None:
            self.notify("No area selected", severity="warning")
            return
        self._open_dialog(area)

    def _open_dialog(self, area: Area | None) -> None:
        def chosen(result: tuple[str, Person, str] | None) -> None:
            if result is not None:
                name, person, reason = result
                self._assign(name, person, area, allow_duplicate=False, reason=reason)

        def opened(choices: AreaChoices) -> None:
            # Everyone is listed; those this actor may not give the area to are greyed,
            # with the reason (a head: only their own department's people).
            self.app.push_screen(AreaDialog(choices.people, area, refused=choices.refused), chosen)

        with self.refusals():
            # Say who may before the form is filled in, not after.
            writer = self.tandem.writer
            self.read(lambda db: _read_area_choices(db, writer, area), opened, key="dialog")

    def _assign(
        self,
        name: str,
        person: Person,
        area: Area | None,
        *,
        allow_duplicate: bool,
        reason: str = "",
    ) -> None:
        def keep(answer: bool | None) -> None:
            if answer:
                self._assign(name, person, area, allow_duplicate=True, reason=reason)

        def assigned(done: Area) -> None:
            self.notify(mixed("$area: owned by $owner", area=done.area, owner=done.owner))  # type: ignore[arg-type]
            # The cursor goes to the area once the list is in.
            self.reload(select_area=str(done.id))

        def lost(error: TandemError | None) -> None:
            if isinstance(error, Duplicate):
                # Not a refusal to show: a question (keep both, or go back).
                self.app.push_screen(KeepBothDialog(name, error), keep)
                return
            if error is not None:
                self.refused(error)
            self.reload()

        writer, now = self.tandem.writer, self.tandem.now()
        version = area.version if area else None
        self.write(
            lambda db: assign_area(
                db,
                writer,
                name,
                person.id,
                allow_duplicate=allow_duplicate,
                reason=reason or None,
                expected_version=version,
                now=now,
            ),
            assigned,
            lost=lost,
        )

    def action_focus_load(self) -> None:
        self.query_one("#load", DataTable).focus()
