"""The base of Tandem's modal forms: enter moves on or saves, escape cancels,
a refusal shows in the form (and as a notification) while what was typed stays to fix."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from db.errors import Invalid, NotFound, PermissionDenied, TandemError
from tui.dialogs.discard import AskBeforeDiscard
from tui.refusals import Refusals
from tui.text import safe, safe_line

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

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


class FormScreen(AskBeforeDiscard, Refusals, ModalScreen[R], Generic[R]):
    """A modal form: enter moves to the next field or saves once the required ones are filled.

    Escape with typed text asks before discarding it. A refusal puts the focus on the field
    at fault: the one ``blame()`` named while its value was read, else ``fault_field()``.
    Every field types at the end of what it holds (no field selects its text on focus), so
    keys typed after tab or shift+tab always add to the field they land in.
    """

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

    _blamed: str | None = None

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False
        self.call_after_refresh(self.remember_typed)

    @contextmanager
    def blame(self, field_id: str) -> Iterator[None]:
        """A refusal raised in the block is about the field ``field_id``."""
        try:
            yield
        except TandemError:
            self._blamed = field_id
            raise

    def fault_field(self, exc: TandemError) -> str | None:
        """The field a refusal is about: the one blamed, else the person field for an
        unknown or refused person (``PERSON_FIELD``), else None (the focus stays)."""
        if self._blamed is not None:
            return self._blamed
        if isinstance(exc, NotFound | PermissionDenied) and self.PERSON_FIELD:
            return self.PERSON_FIELD
        return None

    PERSON_FIELD: str | None = None  # the id of the form's person picker, if any

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
        self.cancel_or_ask(lambda: self.dismiss(None))

    _saving = False  # a save waits for the database's write lock (tui/writes.py)

    def action_save(self) -> None:
        self._blamed = None
        if self._saving:
            return  # the same save again while the first waits: it would be made twice
        with self.refusals():
            work = self.prepare()
            self._saving = True
            if not self.WRITES:
                # Reads and a file: on the reader thread, the form staying open (a refusal
                # shows in it) until the file is written.
                self.read(work, self._saved, key="save")
                return
            # At once when the lock is free; else off the event loop, the form staying
            # open (a refusal shows in it) until the write lands or F4 cancels it.
            self.write(work, self._saved, after=self._save_done)

    def _saved(self, result: R) -> None:
        self.dismiss(result)

    def _save_done(self) -> None:
        self._saving = False

    # The work ``prepare()`` returns writes to the database (the write lane); False: it
    # only reads it (and writes a file, an export), on the reader thread.
    WRITES = True

    def prepare(self) -> Callable[[Database], R]:
        """Read and check the fields here, on the event loop; return the work to do with
        them, given the connection to do it on (``WRITES``)."""
        raise NotImplementedError

    def refused(self, exc: TandemError) -> None:
        """In the form as well as a notification; what was typed stays there to fix, and
        the focus goes to the field at fault."""
        from tui.words import for_screen

        self._saving = False  # the save was refused: saving again is a new attempt
        self.show_problem(for_screen(exc))
        super().refused(exc)
        field = self.fault_field(exc)
        if field is not None:
            for widget in self.query(f"#{field}"):
                widget.focus()
                break


def choices(items: list[tuple[int, str]]) -> list[tuple[Any, int]]:
    return [(safe_line(label, 60), ident) for ident, label in items]
