"""The People screen's dialogs: add a person, appoint a department head."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from db.lazyclass import dataclass
from db.models import Department, Person
from tui.text import mixed, safe, safe_line

if TYPE_CHECKING:
    from textual.app import ComposeResult


@dataclass(frozen=True)
class NewPerson:
    """What the add dialog collected."""

    name: str
    department_id: int | None
    title: str
    email: str


class AddPersonDialog(ModalScreen[NewPerson | None]):
    """Name, department, title and email of a new person."""

    CSS_PATH = "people.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, departments: Sequence[Department], department_id: int | None) -> None:
        super().__init__()
        self._departments = list(departments)
        self._department = department_id

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(safe("Add a person"))
            yield Input(placeholder="Full name", id="name")
            yield Select[int](
                [(safe_line(d.name, 40), d.id) for d in self._departments],
                prompt="No department",
                value=self._department if self._department is not None else Select.NULL,
                id="department",
            )
            yield Input(placeholder="Title (optional)", id="title")
            yield Input(placeholder="Email (optional)", id="email")
            with Horizontal(classes="buttons"):
                yield Button("Add", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#email")
    def _ok(self) -> None:
        department = self.query_one("#department", Select).value
        self.dismiss(
            NewPerson(
                name=self.query_one("#name", Input).value,
                department_id=department if isinstance(department, int) else None,
                title=self.query_one("#title", Input).value,
                email=self.query_one("#email", Input).value,
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class AppointHeadDialog(ModalScreen[int | None]):
    """Which department the selected person should lead."""

    CSS_PATH = "people.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, person: Person, departments: Sequence[Department]) -> None:
        super().__init__()
        self._person = person
        self._departments = list(departments)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(mixed("Appoint [b]$name[/] head of:", name=self._person.name))
            yield Select[int](
                [(safe_line(d.name, 40), d.id) for d in self._departments],
                allow_blank=False,
                value=self._person.department_id or self._departments[0].id,
                id="department",
            )
            with Horizontal(classes="buttons"):
                yield Button("Appoint", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one("#department", Select).value
        self.dismiss(value if isinstance(value, int) else None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
