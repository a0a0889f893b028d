"""Edit a person: name, title, email, department (the admin, or the head of their department).

The dialog opens prefilled; Save hands every field to ``db.people_changes.edit_person`` (the
rules live there). A refusal stays in the dialog with what was typed, and the focus goes to
the field at fault (``field_at_fault``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Label, Select

from db.errors import NameTaken, PermissionDenied, TandemError
from db.models import Department, Person
from tui.dialogs.form import FormScreen
from tui.text import mixed, safe_line

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult
    from textual.content import Content

    from tui.screens.base import TandemScreen


def field_at_fault(exc: TandemError) -> str | None:
    """The id of the dialog's field a refusal of ``edit_person`` is about (None: no one field).

    By the error's class and attributes first; ``db.text`` names the field it checks in its
    message ("the title is 300 characters; ..."), which is the rest.
    """
    if isinstance(exc, NameTaken):
        return "name"
    if isinstance(exc, PermissionDenied):
        # The admin or the head may edit the person (checked before the dialog opened);
        # moving them to another department is what takes that department's head.
        return "department" if exc.rule == "add-person" else None
    message = str(exc)
    for start, field in (
        ("a person's name", "name"),
        ("the title", "title"),
        ("the email", "email"),
        ("invalid email", "email"),
    ):
        if message.startswith(start):
            return field
    if " heads " in message:  # a head moving out of the department they head
        return "department"
    return None


class PersonEditDialog(FormScreen[Person]):
    """Name, title, email and department of ``person``, prefilled; Save changes them."""

    REQUIRED = ("name",)

    def __init__(self, person: Person, departments: Sequence[Department]) -> None:
        super().__init__()
        self.person = person
        self.departments = list(departments)

    def heading(self) -> Content:
        return mixed("Edit [b]$name[/]", name=self.person.name)

    def fields(self) -> ComposeResult:
        yield Label("Name")
        yield Input(value=self.person.name, id="name")
        yield Label("Title")
        yield Input(value=self.person.title, placeholder="optional", id="title")
        yield Label("Email")
        yield Input(value=self.person.email, placeholder="name@example.com", id="email")
        yield Label("Department")
        # Someone in a department can move to another, not to none (edit_person can't).
        yield Select[int](
            [(safe_line(d.name, 40), d.id) for d in self.departments],
            prompt="No department",
            allow_blank=self.person.department_id is None,
            value=self.person.department_id
            if self.person.department_id is not None
            else Select.NULL,
            id="department",
        )

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def prepare(self) -> Callable[[Database], Person]:
        from db.people_changes import edit_person

        app: Any = self.app
        department = self.query_one("#department", Select).value
        writer, person_id = app.writer, self.person.id
        name, title, email = self.value("name"), self.value("title"), self.value("email")
        return lambda db: edit_person(
            db,
            writer,
            person_id,
            name=name,
            title=title,
            email=email,
            department=department if isinstance(department, int) else None,
        )

    def fault_field(self, exc: TandemError) -> str | None:
        return field_at_fault(exc) or super().fault_field(exc)


def _read_edit(db: Database, writer: Person, person_id: int) -> tuple[Person, list[Department]]:
    """The person as they are now, checked editable by ``writer``, and the departments to
    offer; on the reader thread."""
    from db.people import get_person, list_departments
    from db.permissions import require_edit_person

    fresh = get_person(db, person_id)
    require_edit_person(db, writer, fresh, "edit")
    return fresh, list_departments(db)


def ask_edit(screen: TandemScreen, person: Person | None, done: Callable[[Person], None]) -> None:
    """Open the edit dialog for ``person`` — or, for one who may not edit them, only say why.

    What the dialog needs is read on the reader thread (``Refusals.read``); it opens when
    that comes back, or the refusal is shown instead.
    """
    if person is None:
        return
    app = screen.tandem

    def finished(edited: Person | None) -> None:
        if edited is not None:
            app.notify(mixed("$name saved", name=edited.name))  # type: ignore[arg-type]  # Content renders as is
            done(edited)

    def opened(found: tuple[Person, list[Department]]) -> None:
        fresh, departments = found
        app.push_screen(PersonEditDialog(fresh, departments), finished)

    with screen.refusals():
        writer, person_id = app.writer, person.id
        screen.read(lambda db: _read_edit(db, writer, person_id), opened, key="dialog")
