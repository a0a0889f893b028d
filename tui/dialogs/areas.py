"""The Responsibilities screen's dialogs: assign or reassign an area, keep a near-duplicate."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from db.errors import Duplicate
from db.models import Area, HistoryEntry, Person
from tui.dialogs.discard import AskBeforeDiscard
from tui.dialogs.history import history_rows
from tui.text import mixed, safe
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from textual.app import ComposeResult


class AreaDialog(AskBeforeDiscard, ModalScreen[tuple[str, Person, str] | None]):
    """Name an area (when new), pick its one owner and, when reassigning, say why.

    Returns (area name, owner, reason). ``refused``: why the acting person may not give
    the area to someone (by person id): they are listed greyed with the reason, not hidden.
    """

    CSS_PATH = "areas.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        people: Sequence[Person],
        area: Area | None = None,
        refused: Mapping[int, str] | None = None,
    ) -> None:
        super().__init__()
        self._people = list(people)
        self._area = area
        self._refused = dict(refused or {})

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
                refused=self._refused,
                id="owner",
            )
            if self._area is not None:
                yield Input(placeholder="Reason (kept in the area's history)", id="reason")
            with Horizontal(classes="buttons"):
                yield Button("Assign", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False
        self.query_one("#name" if self._area is None else "#owner").focus()
        self.call_after_refresh(self.remember_typed)

    @on(Input.Submitted, "#name")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#owner").focus()

    # Enter in the owner field takes the highlighted match (the picker) and comes here.
    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        # Enter on the owner moves on to the reason when there is one; else it assigns.
        reasons = self.query("#reason")
        if reasons and event.input is not reasons.first():
            reasons.first().focus()
            return
        self._ok()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:

        from tui.words import for_screen

        name = self._area.area if self._area else self.query_one("#name", Input).value
        picker = self.query_one(PersonPicker)
        person = picker.person
        if not name.strip():
            self.notify("Name the area", severity="warning")
            self.query_one("#name").focus()
            return
        if person is None:
            typed = picker.input.value.strip()
            message = for_screen(picker.unknown()) if typed else "Type the owner's name"
            self.notify(safe(message), severity="warning")  # type: ignore[arg-type]
            picker.focus()
            return
        why = picker.refusal(person)
        if why is not None:
            self.notify(safe(why), title="Not allowed", severity="error")  # type: ignore[arg-type]
            picker.focus()
            return
        reasons = self.query("#reason")
        reason = reasons.first(Input).value if reasons else ""
        self.dismiss((name, person, reason))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel_or_ask(lambda: self.dismiss(None))


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


class AreaHistoryDialog(ModalScreen[None]):
    """Every owner an area had, oldest first: when, by whom, from, to, why."""

    CSS_PATH = "areas.tcss"
    BINDINGS = [Binding("escape,h,q", "close", "Close")]

    def __init__(self, area: Area, entries: Sequence[HistoryEntry]) -> None:
        super().__init__()
        self._area = area
        self._entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(mixed("History of [b]$area[/]", area=self._area.area))
            with VerticalScroll(id="history"):
                yield from history_rows(self._entries)
                if not self._entries:
                    yield Static(safe("No moves recorded."))
            yield Button("Close", id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
