"""Amend the minutes of a closed meeting from the app (``tandem meeting amend`` in the CLI)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Label

from db.models import Amendment
from tui.dialogs.form import FormScreen
from tui.text import mixed

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult
    from textual.content import Content

    from db.errors import TandemError


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

    def prepare(self) -> Callable[[Database], Amendment]:
        from db.meetings import amend

        app: Any = self.app
        writer, meeting_id, text, now = app.writer, self.meeting_id, self.value("text"), app.now()
        return lambda db: amend(db, writer, meeting_id, text, now=now)

    def fault_field(self, exc: TandemError) -> str | None:
        return "text"  # the one field: every refusal of an amendment is about its text
