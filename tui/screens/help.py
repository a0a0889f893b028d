"""Help: every key of every screen, and the command palette's actions."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label


class HelpScreen(ModalScreen[None]):
    """Every key, by screen."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]
    CSS_PATH = "help.tcss"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Tandem keys — escape closes"))
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows  # (where, keys, what), from tui/palette.py ``key_rows``

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "What")
        for where, keys, what in self.rows:
            table.add_row(Text(where), Text(keys), Text(what))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
