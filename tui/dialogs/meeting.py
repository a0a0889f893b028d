"""The agenda builder's forms: a meeting (or the next of a series) and an agenda item."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Input, Label, Select

from db.errors import Conflict, TandemError
from db.models import AgendaItem, Meeting, Person
from tui.dialogs.form import FormScreen, choices, parse_minutes
from tui.text import mixed, one_line
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult


class MeetingForm(FormScreen[Meeting]):
    """Create a meeting, or the next meeting of a series (``after``)."""

    TITLE_TEXT = "New meeting"
    REQUIRED = ("title", "at")
    PERSON_FIELD = "facilitator"

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
            choices(self.task_forces),
            prompt="none",
            value=after.task_force_id if after and after.task_force_id else Select.NULL,
            id="task_force",
        )

    def prepare(self) -> Callable[[Database], Meeting]:
        from db.dates import parse_datetime
        from db.meetings import create_meeting

        app: Any = self.app
        with self.blame("facilitator"):
            chair = self.query_one(PersonPicker).optional_person_id()
        tf = self.query_one("#task_force", Select).value
        with self.blame("at"):
            at = parse_datetime(self.value("at"))
        with self.blame("minutes"):
            minutes = parse_minutes(self.value("minutes"), "the length")
        writer, title = app.writer, self.value("title")
        after = self.after.id if self.after else None
        return lambda db: create_meeting(
            db,
            writer,
            title,
            at=at,
            minutes=minutes,
            facilitator=chair,
            task_force=tf if isinstance(tf, int) else None,
            after=after,
            now=app.now(),
        )


class ItemForm(FormScreen[AgendaItem]):
    """Add an agenda item, or edit one (``item``)."""

    TITLE_TEXT = "Agenda item"
    REQUIRED = ("title",)
    PERSON_FIELD = "presenter"

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
            choices(self.departments),
            prompt="the presenter's",
            value=item.department_id if item and item.department_id else Select.NULL,
            id="department",
        )

    def prepare(self) -> Callable[[Database], AgendaItem]:
        from db.meetings import add_item, edit_item

        app: Any = self.app
        with self.blame("presenter"):
            presenter = self.query_one(PersonPicker).optional_person_id()
        dept = self.query_one("#department", Select).value
        department = dept if isinstance(dept, int) else None
        with self.blame("minutes"):
            minutes = parse_minutes(self.value("minutes"), "the timebox")
        writer, title, item, meeting_id = (
            app.writer,
            self.value("title"),
            self.item,
            self.meeting_id,
        )
        if item is None:
            return lambda db: add_item(
                db,
                writer,
                meeting_id,
                title,
                presenter=presenter,
                minutes=minutes,
                department=department,
                now=app.now(),
            )
        return lambda db: edit_item(
            db,
            writer,
            item.id,
            title=title,
            presenter=presenter,
            minutes=minutes,
            department=department if department is not None else item.department_id,
            expected_version=item.version,
            now=app.now(),
        )

    def refused(self, exc: TandemError) -> None:
        super().refused(exc)
        if isinstance(exc, Conflict) and self.item is not None:
            self._reload_item(self.item.id)

    def _reload_item(self, item_id: int) -> None:
        """Someone else changed the item: show what is stored now, on its new version."""
        from db.meetings import get_item

        # Read on the reader thread; gone meanwhile, say: shown, and the form stays as typed.
        self.read(lambda db: get_item(db, item_id), self._show_item, key="item")

    def _show_item(self, item: AgendaItem) -> None:
        self.item = item
        self.query_one("#title", Input).value = item.title
        self.query_one("#minutes", Input).value = str(item.minutes)
        presenter = next((p for p in self.people if p.id == item.presenter_id), None)
        self.query_one(PersonPicker).pick(presenter)
        self.query_one("#department", Select).value = (
            item.department_id if item.department_id else Select.NULL
        )
