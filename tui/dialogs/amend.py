"""Amend the minutes of a closed meeting from the app (``tandem meeting amend`` in the CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Label

from db.models import Amendment
from tui.dialogs.form import FormScreen
from tui.text import mixed

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.content import Content


class AmendForm(FormScreen[Amendment]):
    """One amendment: the minutes stay frozen, the amendment is added after them."""

    REQUIRED = ("text",)

    def __init__(self, meeting_id: int, title: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.title_text = title

    def heading(self) -> Content:
        return mixed("Amend the minutes of [b]$title[/]", title=self.title_text[:120])

    def fields(self) -> ComposeResult:
        yield Label("Amendment (added after the frozen minutes, with your name and the time)")
        yield Input(placeholder="e.g. Item 2: the budget is 12k, not 21k", id="text")

    def save(self) -> Amendment:
        from db.meetings import amend

        app: Any = self.app
        with self.blame("text"):
            return amend(app.db, app.writer, self.meeting_id, self.value("text"), now=app.now())
