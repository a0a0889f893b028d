"""The Ideas screen's dialogs: add an idea (optionally for someone else), decline with a
reason, mark implemented (optionally naming the task), and a one-list picker (a meeting to
plan an idea onto, a backlog entry to take onto an agenda)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from db.ideas import Idea
from db.models import Person
from tui.dialogs.form import FormScreen
from tui.refusals import Refusals
from tui.text import mixed, one_line
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult

K = TypeVar("K")


class IdeaForm(FormScreen[Idea]):
    """Anyone adds an idea; "for" credits someone else (you are recorded as who entered it)."""

    REQUIRED = ("text",)
    TITLE_TEXT = "New idea"

    def __init__(self, people: list[Person]) -> None:
        super().__init__()
        self.people = people

    def fields(self) -> ComposeResult:
        yield Label("The idea")
        yield Input(placeholder="what could we do better?", id="text")
        yield Label("Whose idea (leave empty: yours)")
        yield PersonPicker(self.people, placeholder="type a name to credit someone else", id="by")

    def complete(self) -> bool:
        picker = self.query_one(PersonPicker)
        typed = picker.input.value.strip()
        return bool(self.value("text").strip()) and (not typed or picker.person is not None)

    def prepare(self) -> Callable[[Database], Idea]:
        from db.ideas import add_idea

        app: Any = self.app
        with self.blame("by"):
            by = self.query_one(PersonPicker).optional_person_id()
        writer, text, now = app.writer, self.value("text"), app.now()
        return lambda db: add_idea(db, writer, text, by=by, now=now)


class DeclineForm(FormScreen[Idea]):
    """Decline a new idea: the reason is required, and its author sees it."""

    REQUIRED = ("reason",)

    def __init__(self, idea: Idea) -> None:
        super().__init__()
        self.idea = idea

    def heading(self) -> Content:
        return mixed(
            "Decline idea $id from $credit", id=self.idea.id, credit=one_line(self.idea.credit, 60)
        )

    def fields(self) -> ComposeResult:
        yield Static(mixed("$text", text=one_line(self.idea.text, 200)), classes="form-hint")
        yield Label("Why (the author sees this)")
        yield Input(placeholder="the reason", id="reason")

    def prepare(self) -> Callable[[Database], Idea]:
        from db.ideas import decline_idea

        app: Any = self.app
        writer, idea_id, reason, now = app.writer, self.idea.id, self.value("reason"), app.now()
        return lambda db: decline_idea(db, writer, idea_id, reason, now=now)


class DoneForm(FormScreen[Idea]):
    """Mark an idea implemented, optionally naming the task that did it."""

    def __init__(self, idea: Idea) -> None:
        super().__init__()
        self.idea = idea

    def heading(self) -> Content:
        return mixed(
            "Idea $id implemented: $credit is credited",
            id=self.idea.id,
            credit=one_line(self.idea.credit, 60),
        )

    def fields(self) -> ComposeResult:
        yield Static(mixed("$text", text=one_line(self.idea.text, 200)), classes="form-hint")
        yield Label("The task that implemented it (optional task number)")
        yield Input(placeholder="e.g. 42", id="task", restrict=r"\d*", max_length=12)

    def complete(self) -> bool:
        return True

    def prepare(self) -> Callable[[Database], Idea]:
        from db.ideas import done_idea

        app: Any = self.app
        task = self.value("task").strip()
        writer, idea_id, now = app.writer, self.idea.id, app.now()
        return lambda db: done_idea(
            db, writer, idea_id, task_id=int(task) if task else None, now=now
        )


class PickDialog(Refusals, ModalScreen[K | None], Generic[K]):
    """Choose one of a list: up/down (or type its number), enter takes it, escape cancels."""

    CSS_PATH = "ideas.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: Content, choices: Sequence[tuple[K, Content]], *, empty: Content
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="pick"):
            yield Static(self.title_text, classes="pick-title")
            if self.choices:
                yield OptionList(
                    *(Option(label, id=str(n)) for n, (_k, label) in enumerate(self.choices)),
                    id="pick-list",
                )
            else:
                yield Static(self.empty, classes="pick-empty")
            yield Static(Content("enter takes it · escape cancels"), classes="pick-hint")

    def on_mount(self) -> None:
        if self.choices:
            options = self.query_one("#pick-list", OptionList)
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#pick-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        self.dismiss(self.choices[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
