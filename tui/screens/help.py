"""Help: every key of every screen, and the command palette's actions."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Label


def _key(app: Any, binding: Binding) -> str:
    return ", ".join(
        app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(",")
    )


def key_rows(app: Any) -> list[tuple[str, str, str]]:
    """(where, keys, what) for the app, every screen that can be loaded, and the palette."""
    from tui.app import ACTIONS, SCREENS, load_screen_class

    rows: list[tuple[str, str, str]] = []
    for binding in app.BINDINGS:
        if isinstance(binding, Binding):
            rows.append(("Everywhere", _key(app, binding), binding.description or binding.action))
    palette = app.get_key_display(Binding("ctrl+p", "command_palette"))
    rows.append(("Everywhere", palette, "Command palette: every screen and action"))
    for entry in SCREENS:
        try:
            cls: type[Screen[Any]] = load_screen_class(entry)
        except (ImportError, AttributeError):
            continue
        for binding in cls.BINDINGS:
            if isinstance(binding, Binding):
                what = binding.tooltip or binding.description or binding.action
                rows.append((entry.name, _key(app, binding), what))
    for action in ACTIONS:
        rows.append(("Palette", action.name, action.help))
    return rows


class HelpScreen(ModalScreen[None]):
    """Every key, by screen."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]
    CSS_PATH = "help.tcss"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Tandem keys — escape closes"))
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Keys", "What")
        for where, keys, what in key_rows(self.app):
            table.add_row(Text(where), Text(keys), Text(what))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
