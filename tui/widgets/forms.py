"""Modal forms: a small base (enter moves on or saves, escape cancels, errors inline)
and the agenda builder's forms (meeting, agenda item) plus a yes/no confirmation.

Each form calls its ``db/`` function itself, so a refusal is shown right in the
form (and as a notification) while what was typed stays there to fix.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from db.errors import Conflict, Invalid, TandemError
from db.models import AgendaItem, Meeting, Person
from tui.refusals import Refusals
from tui.text import mixed, one_line, safe, safe_line
from tui.widgets.person_picker import PersonPicker

R = TypeVar("R")


def parse_minutes(text: str, what: str) -> int | None:
    """A whole number of minutes from a field ('' means not given)."""
    value = text.strip()
    if not value:
        return None
    # isdigit() takes "²", which int() refuses; int() also refuses 4,300+ digits.
    if not value.isdecimal() or len(value) > 9:
        raise Invalid(f"{what} is a whole number of minutes, not {value[:40]!r}")
    return int(value)


class FormScreen(Refusals, ModalScreen[R], Generic[R]):
    """A modal form: enter moves to the next field or saves once the required ones are filled."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]
    TITLE_TEXT = "Form"
    REQUIRED: tuple[str, ...] = ()  # ids of inputs that must be filled before enter saves

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(self.heading(), classes="form-title")
            yield from self.fields()
            yield Static(Content(""), classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(Content("Save"), variant="primary", id="save")
                yield Button(Content("Cancel"), id="cancel")

    def heading(self) -> Content:
        return Content(self.TITLE_TEXT)

    def fields(self) -> ComposeResult:
        yield from ()

    def value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def complete(self) -> bool:
        return all(self.value(f).strip() for f in self.REQUIRED)

    def show_problem(self, message: Content | str) -> None:
        body = message if isinstance(message, Content) else safe(message)
        self.query_one(".form-error", Static).update(body)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        if self.complete():
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        with self.refusals():
            self.dismiss(self.save())

    def refused(self, exc: TandemError) -> None:
        """In the form as well as a notification; what was typed stays there to fix."""
        from tui.words import for_screen

        self.show_problem(for_screen(exc))
        super().refused(exc)

    def save(self) -> R:
        raise NotImplementedError


def _choices(items: list[tuple[int, str]]) -> list[tuple[Any, int]]:
    return [(safe_line(label, 60), ident) for ident, label in items]


class MeetingForm(FormScreen[Meeting]):
    """Create a meeting, or the next meeting of a series (``after``)."""

    TITLE_TEXT = "New meeting"
    REQUIRED = ("title", "at")

    def __init__(
        self,
        people: list[Person],
        task_forces: list[tuple[int, str]],
        *,
        after: Meeting | None = None,
        default_at: str = "",
    ) -> None:
        super().__init__()
        self.people = people
        self.task_forces = task_forces
        self.after = after
        self.default_at = default_at

    def heading(self) -> Content:
        if self.after is not None:
            return mixed("Next meeting after [b]$title[/]", title=one_line(self.after.title, 120))
        return Content(self.TITLE_TEXT)

    def fields(self) -> ComposeResult:
        after = self.after
        yield Label("Title")
        yield Input(
            value=after.title if after else "",
            placeholder="e.g. Weekly sales–marketing sync",
            id="title",
        )
        yield Label("Date and time (YYYY-MM-DD HH:MM, local)")
        yield Input(value=self.default_at, placeholder="2026-11-27 10:00", id="at")
        yield Label("Length in minutes")
        yield Input(value=str(after.minutes) if after else "60", id="minutes", restrict=r"\d*")
        yield Label("Facilitator (empty: you)")
        chair = next((p for p in self.people if after and p.id == after.facilitator_id), None)
        yield PersonPicker(self.people, value=chair, placeholder="type a name", id="facilitator")
        yield Label("Task force (optional)")
        yield Select(
            _choices(self.task_forces),
            prompt="none",
            value=after.task_force_id if after and after.task_force_id else Select.NULL,
            id="task_force",
        )

    def save(self) -> Meeting:
        from db.dates import parse_datetime
        from db.meetings import create_meeting

        app: Any = self.app
        chair = self.query_one(PersonPicker).optional_person_id()
        tf = self.query_one("#task_force", Select).value
        return create_meeting(
            app.db,
            app.writer,
            self.value("title"),
            at=parse_datetime(self.value("at")),
            minutes=parse_minutes(self.value("minutes"), "the length"),
            facilitator=chair,
            task_force=tf if isinstance(tf, int) else None,
            after=self.after.id if self.after else None,
            now=app.now(),
        )


class ItemForm(FormScreen[AgendaItem]):
    """Add an agenda item, or edit one (``item``)."""

    TITLE_TEXT = "Agenda item"
    REQUIRED = ("title",)

    def __init__(
        self,
        meeting_id: int,
        people: list[Person],
        departments: list[tuple[int, str]],
        *,
        item: AgendaItem | None = None,
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.people = people
        self.departments = departments
        self.item = item

    def heading(self) -> Content:
        if self.item is None:
            return Content("Add an agenda item")
        return mixed("Edit item $pos", pos=self.item.position)

    def fields(self) -> ComposeResult:
        item = self.item
        yield Label("Title")
        yield Input(value=item.title if item else "", placeholder="what to discuss", id="title")
        yield Label("Timebox in minutes")
        yield Input(value=str(item.minutes) if item else "10", id="minutes", restrict=r"\d*")
        yield Label("Presenter (optional)")
        presenter = next((p for p in self.people if item and p.id == item.presenter_id), None)
        yield PersonPicker(self.people, value=presenter, placeholder="type a name", id="presenter")
        yield Label("Department (empty: the presenter's)")
        yield Select(
            _choices(self.departments),
            prompt="the presenter's",
            value=item.department_id if item and item.department_id else Select.NULL,
            id="department",
        )

    def save(self) -> AgendaItem:
        from db.meetings import add_item, edit_item

        app: Any = self.app
        presenter = self.query_one(PersonPicker).optional_person_id()
        dept = self.query_one("#department", Select).value
        department = dept if isinstance(dept, int) else None
        minutes = parse_minutes(self.value("minutes"), "the timebox")
        if self.item is None:
            return add_item(
                app.db,
                app.writer,
                self.meeting_id,
                self.value("title"),
                presenter=presenter,
                minutes=minutes,
                department=department,
                now=app.now(),
            )
        return edit_item(
            app.db,
            app.writer,
            self.item.id,
            title=self.value("title"),
            presenter=presenter,
            minutes=minutes,
            department=department if department is not None else self.item.department_id,
            expected_version=self.item.version,
            now=app.now(),
        )

    def refused(self, exc: TandemError) -> None:
        super().refused(exc)
        if isinstance(exc, Conflict) and self.item is not None:
            self._reload_item(self.item.id)

    def _reload_item(self, item_id: int) -> None:
        """Someone else changed the item: show what is stored now, on its new version."""
        from db.meetings import get_item

        app: Any = self.app
        with self.refusals():  # gone meanwhile, say: shown, and the form stays as typed
            item = get_item(app.db, item_id)
            self.item = item
            self.query_one("#title", Input).value = item.title
            self.query_one("#minutes", Input).value = str(item.minutes)
            presenter = next((p for p in self.people if p.id == item.presenter_id), None)
            self.query_one(PersonPicker).pick(presenter)
            self.query_one("#department", Select).value = (
                item.department_id if item.department_id else Select.NULL
            )


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question (y/enter yes, n/escape no)."""

    CSS_PATH = "forms.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Content) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.question, classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button(Content("Yes (y)"), variant="warning", id="yes")
                yield Button(Content("No (n)"), id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
