"""The Tasks screen's dialogs: reassign a task, see its history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from db.models import HistoryEntry, Person, Task
from tui.dialogs.discard import AskBeforeDiscard
from tui.dialogs.history import history_rows
from tui.text import mixed, safe
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ReassignDialog(AskBeforeDiscard, ModalScreen[tuple[Person, str] | None]):
    """Pick the new owner by type-ahead and say why.

    ``refused``: why the acting person may not give the task to someone (by person id):
    listed greyed with the reason, not hidden."""

    CSS_PATH = "tasks.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, task: Task, people: Sequence[Person], refused: Mapping[int, str] | None = None
    ) -> None:
        super().__init__()
        self._subject = task
        self._people = [p for p in people if p.id != task.owner_id]
        self._refused = dict(refused or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                mixed(
                    "Reassign task $id: [b]$title[/]",
                    id=self._subject.id,
                    title=self._subject.title[:200],
                )
            )
            yield Label(mixed("now owned by $owner", owner=self._subject.owner), classes="dim")
            yield PersonPicker(
                self._people,
                placeholder="New owner — type a name",
                refused=self._refused,
                id="owner",
            )
            yield Input(placeholder="Reason (kept in the task's history)", id="reason")
            with Horizontal(classes="buttons"):
                yield Button("Reassign", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False
        self.query_one(PersonPicker).focus()
        self.call_after_refresh(self.remember_typed)

    @on(Input.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def _done(self) -> None:
        from tui.words import for_screen

        picker = self.query_one(PersonPicker)
        person = picker.person
        if person is None:
            typed = picker.input.value.strip()
            message = for_screen(picker.unknown()) if typed else "Type the new owner's name"
            self.notify(safe(message), severity="warning")  # type: ignore[arg-type]
            picker.focus()
            return
        why = picker.refusal(person)
        if why is not None:
            self.notify(safe(why), title="Not allowed", severity="error")  # type: ignore[arg-type]
            picker.focus()
            return
        self.dismiss((person, self.query_one("#reason", Input).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.cancel_or_ask(lambda: self.dismiss(None))


class HistoryDialog(ModalScreen[None]):
    """Who assigned the task, and every move since: when, by whom, from, to, why."""

    CSS_PATH = "tasks.tcss"
    BINDINGS = [Binding("escape,h,q", "close", "Close")]

    def __init__(self, task: Task, entries: Sequence[HistoryEntry]) -> None:
        super().__init__()
        self._subject = task
        self._entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(
                mixed(
                    "History of task $id: [b]$title[/]",
                    id=self._subject.id,
                    title=self._subject.title[:200],
                )
            )
            with VerticalScroll(id="history"):
                # A task's first entry says "assigned": no reason worth a line.
                yield from history_rows(self._entries, hide="assigned")
            yield Button("Close", id="close")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
