"""Help: the keys of the screen you are on first, then every other key and the palette's actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

if TYPE_CHECKING:
    from textual.app import ComposeResult


class HelpScreen(ModalScreen[None]):
    """Every key, by screen."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close"),
        # Home and End go to the first and last key (never sideways).
        Binding("home", "first", "First", show=False, priority=True),
        Binding("end", "last", "Last", show=False, priority=True),
    ]
    CSS_PATH = "help.tcss"

    def compose(self) -> ComposeResult:
        with Vertical():
            title = "Tandem keys — escape closes"
            if self.here:
                title = f"Tandem keys — {self.here} first; escape closes"
            yield Label(Content(title))
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def __init__(self, rows: list[tuple[str, str, str]], here: str | None = None) -> None:
        super().__init__()
        self.rows = rows  # (where, keys, what), from tui/palette.py ``key_rows``
        self.here = here  # the screen whose keys come first

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "What")
        for where, keys, what in self.rows:
            table.add_row(Text(where), Text(keys), Text(what))
        table.focus()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0, column=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1, column=0)

    def action_close(self) -> None:
        self.dismiss(None)
