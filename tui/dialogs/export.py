"""Export a meeting's minutes: format, file, overwrite or not."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.content import Content
from textual.widgets import Checkbox, Input, Label, Select

from db.errors import Invalid
from tui.dialogs.form import FormScreen
from tui.text import mixed

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

FORMATS = (
    ("Markdown", "markdown", "md"),
    ("HTML", "html", "html"),
    ("JSON", "json", "json"),
    ("Text", "text", "txt"),
)


def documents_directory() -> Path:
    """Where exports go by default: the user's documents directory (platformdirs), or the
    home directory when there is none."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


class ExportDialog(FormScreen[Path]):
    """Export a meeting's minutes: format, path, overwrite or not."""

    REQUIRED = ("path",)

    def __init__(self, meeting_id: int, directory: Path | None = None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.directory = directory or documents_directory()

    def heading(self) -> Content:
        return mixed("Export the minutes of meeting $id", id=self.meeting_id)

    def fields(self) -> ComposeResult:
        yield Label("Format")
        yield Select(
            [(Content(label), fmt) for label, fmt, _ in FORMATS],
            value="markdown",
            allow_blank=False,
            id="format",
        )
        yield Label("File")
        yield Input(value=str(self.directory / f"minutes-{self.meeting_id}.md"), id="path")
        yield Checkbox(Content("Overwrite an existing file"), id="force")

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value)
        ext = next(e for _, fmt, e in FORMATS if fmt == event.value)
        if path.stem:
            path_input.value = str(path.with_suffix("." + ext))

    WRITES = False  # reads the minutes, writes a file (on the reader thread)

    def prepare(self) -> Callable[[Database], Path]:
        from db.files import database_file, refuse_output_path
        from db.minutes import get_minutes
        from tui.export import render, write_atomic

        fmt = str(self.query_one("#format", Select).value)
        raw = self.value("path").strip()
        if not raw:
            raise Invalid("name the file to write")
        path = Path(raw).expanduser()
        force = self.query_one("#force", Checkbox).value
        meeting_id, now = self.meeting_id, self.tandem.now()

        def export(db: Database) -> Path:
            database = database_file(db.conn)
            refuse_output_path(database, path)  # the database itself, a FIFO: never, even ticked
            if not force and os.path.lexists(path) and not path.is_dir():
                # Said here in the form's words: write_atomic's refusal names the CLI's --force.
                raise Invalid(f"{path} exists; tick 'Overwrite' to replace it")
            text = render(get_minutes(db, meeting_id, now=now), fmt)
            try:
                write_atomic(path, text, force, database=database)
            except FileExistsError:
                raise Invalid(f"{path} exists; tick 'Overwrite' to replace it") from None
            except OSError as exc:
                raise Invalid(f"can't write {path}: {exc.strerror or exc}") from None
            return path

        return export
