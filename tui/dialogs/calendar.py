"""Calendars from the app: export the calendar (everyone's or one person's), and write one
meeting's invite file to attach to an email.

Both write iCalendar files (``tui.calendar``) into the documents directory unless another
path is typed (``documents_dir``: platformdirs' user documents directory), say the path
they wrote, and never replace a file unless asked: the export dialog has an Overwrite box
(like the minutes' export), the invite asks before replacing its file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Label

from db.errors import Invalid
from db.models import Person
from tui.dialogs.form import FormScreen
from tui.text import mixed
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

    from tui.screens.base import TandemScreen

CALENDAR_FILE = "tandem-calendar.ics"


def documents_dir() -> Path:
    """Where the app's exports go by default: the documents directory, as for the minutes."""
    from tui.dialogs.export import documents_directory

    return documents_directory()


def invite_name(meeting_id: int) -> str:
    return f"tandem-meeting-{meeting_id}.ics"


def _write(db: Database, path: Path, data: bytes, force: bool) -> Path:
    """``data`` to ``path`` atomically; the documents directory is created when missing.
    (``db``: the database, never overwritten; on the reader thread, as the read of ``data``.)"""
    from db.files import database_file
    from tui.export import check_target, write_atomic

    database = database_file(db.conn)
    if path.parent == documents_dir():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Invalid(f"can't create {path.parent}: {exc.strerror or exc}") from None
    check_target(path, force, database=database)
    return write_atomic(path, data.decode("utf-8"), force, database=database)


class CalendarExportDialog(FormScreen[Path]):
    """Whose calendar (empty: everyone's), the file, overwrite or not."""

    REQUIRED = ("path",)
    PERSON_FIELD = "person"

    def __init__(self, people: list[Person], directory: Path | None = None) -> None:
        super().__init__()
        self.people = [p for p in people if not p.has_left]
        self.directory = directory or documents_dir()

    def heading(self) -> Content:
        return Content("Export the calendar (iCalendar, .ics)")

    def fields(self) -> ComposeResult:
        yield Label("Whose meetings and tasks (empty: everyone's)")
        yield PersonPicker(self.people, placeholder="everyone — or type a name", id="person")
        yield Label("File")
        yield Input(value=str(self.directory / CALENDAR_FILE), id="path")
        yield Checkbox(Content("Overwrite an existing file"), id="force")

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = Content("Export")
        self.query_one("#path", Input).focus()

    WRITES = False  # reads the database, writes a file (on the reader thread)

    def prepare(self) -> Callable[[Database], Path]:
        from tui.calendar import calendar_for  # loads icalendar: only when asked

        person = self.query_one(PersonPicker).optional_person_id()  # PERSON_FIELD's refusal
        with self.blame("path"):
            raw = self.value("path").strip()
            if not raw:
                raise Invalid("name the file to write")
        path = Path(raw).expanduser()
        force = self.query_one("#force", Checkbox).value
        now = self.tandem.now()
        self._blamed = "path"  # what goes wrong from here is about the file

        def export(db: Database) -> Path:
            return _write(db, path, calendar_for(db, person, now=now), force)

        return export


def ask_export_calendar(screen: TandemScreen) -> None:
    """The palette's "Export calendar": the dialog, then the path written."""
    from db.people import list_people

    app = screen.tandem

    def written(path: Path | None) -> None:
        if path is not None:
            app.notify(mixed("Calendar written to $path", path=str(path)))  # type: ignore[arg-type]  # Content renders as is

    screen.read(
        list_people,
        lambda people: app.push_screen(CalendarExportDialog(people), written),
        key="calendar",
    )


def write_invite(screen: TandemScreen, meeting_id: int) -> None:
    """Write ``meeting_id``'s invite file into the documents directory; ask before replacing
    one there; say where it went."""
    from tui.calendar import meeting_invite
    from tui.dialogs.confirm import ConfirmDialog

    app = screen.tandem
    path = documents_dir() / invite_name(meeting_id)

    def write(force: bool) -> None:
        now = app.now()
        screen.read(
            lambda db: _write(db, path, meeting_invite(db, meeting_id, now=now), force),
            lambda written: app.notify(
                mixed(
                    "Invite for meeting $id written to $path; attach it to your email",
                    id=meeting_id,
                    path=str(written),
                )  # type: ignore[arg-type]  # Content renders as is
            ),
            key="invite",
        )

    if not path.exists():
        write(False)
        return

    def answered(yes: bool | None) -> None:
        if yes:
            write(True)

    question = mixed("$path exists.\nReplace it with this meeting's invite?", path=str(path))
    app.push_screen(ConfirmDialog(question), answered)
