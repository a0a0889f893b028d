"""Create a task force: name, problem, lead and members."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from db.lazyclass import dataclass
from db.models import Person
from tui.text import safe
from tui.widgets.person_picker import PersonPicker, rank

if TYPE_CHECKING:
    from textual.app import ComposeResult


@dataclass(frozen=True)
class NewTaskForce:
    """What the create dialog collected."""

    name: str
    problem: str
    lead: Person
    members: list[str | int]


class CreateTaskForceDialog(ModalScreen[NewTaskForce | None]):
    """Name, problem, lead (type-ahead) and members (comma-separated names)."""

    CSS_PATH = "taskforce.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, people: Sequence[Person]) -> None:
        super().__init__()
        self._people = list(people)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(safe("New task force (members from at least two departments)"))
            yield Input(placeholder="Name, e.g. Globex renewal", id="name")
            yield Input(placeholder="The problem it is formed to solve", id="problem")
            yield PersonPicker(self._people, placeholder="Lead — type a name", id="lead")
            yield Input(placeholder="Members: names separated by commas", id="members")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#members")
    def _ok(self) -> None:
        lead = self.query_one(PersonPicker).person
        if lead is None:
            self.notify("Type the lead's name", severity="warning")
            return
        members = [
            self._resolve(m)
            for m in self.query_one("#members", Input).value.split(",")
            if m.strip()
        ]
        self.dismiss(
            NewTaskForce(
                name=self.query_one("#name", Input).value,
                problem=self.query_one("#problem", Input).value,
                lead=lead,
                members=members,
            )
        )

    def _resolve(self, typed: str) -> str | int:
        """A member as typed: an exact name, else the one person the text picks out
        ("omar" is Omar Haddad); anything else goes to db/ as is, which says who it could be."""
        text = typed.strip()
        exact = [p for p in self._people if p.name.casefold() == text.casefold()]
        if exact:
            return exact[0].id
        matches = rank(self._people, text, 2)
        return matches[0].id if len(matches) == 1 else text

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
