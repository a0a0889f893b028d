"""The Responsibilities screen's dialogs: assign or reassign an area, keep a near-duplicate."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from db.errors import Duplicate
from db.models import Area, Person
from tui.text import mixed, safe
from tui.widgets.person_picker import PersonPicker


class AreaDialog(ModalScreen[tuple[str, Person] | None]):
    """Name an area (when new) and pick its one owner."""

    CSS_PATH = "areas.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, people: Sequence[Person], area: Area | None = None) -> None:
        super().__init__()
        self._people = list(people)
        self._area = area

    def compose(self) -> ComposeResult:

        with Vertical(id="dialog"):
            if self._area is None:
                yield Label(safe("Assign a new area"))
                yield Input(placeholder="Area, e.g. Enterprise renewals", id="name")
            else:
                yield Label(
                    mixed(
                        "Reassign [b]$area[/] (now $owner)",
                        area=self._area.area,
                        owner=self._area.owner,
                    )
                )
            yield PersonPicker(
                [p for p in self._people if p.department_id is not None],
                placeholder="Owner — type a name",
                id="owner",
            )
            with Horizontal(classes="buttons"):
                yield Button("Assign", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name" if self._area is None else "#owner").focus()

    @on(Input.Submitted, "#name")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#owner").focus()

    # Enter in the owner field first takes the highlighted match (the picker
    # stops that one); the next enter reaches here and assigns.
    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:

        name = self._area.area if self._area else self.query_one("#name", Input).value
        person = self.query_one(PersonPicker).person
        if not name.strip():
            self.notify("Name the area", severity="warning")
            return
        if person is None:
            self.notify("Type the owner's name", severity="warning")
            return
        self.dismiss((name, person))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class KeepBothDialog(ModalScreen[bool]):
    """A near-duplicate area exists: keep both, or go back."""

    CSS_PATH = "areas.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, name: str, existing: Duplicate) -> None:
        super().__init__()
        self._area_name = name
        self._existing = existing

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                mixed(
                    "[b]$name[/] is close to area $id [b]$other[/] (owner $owner).",
                    name=self._area_name,
                    id=self._existing.existing_id,
                    other=self._existing.existing_title,
                    owner=self._existing.owner,
                )
            )
            yield Label(
                safe("Is it a different area? Keep both, or cancel and reassign the existing one.")
            )
            with Horizontal(classes="buttons"):
                yield Button("Keep both", variant="warning", id="keep")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
