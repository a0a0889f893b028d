"""Escape on a dialog with typed text asks before throwing it away.

A dialog that mixes this in remembers what its fields held once shown (``remember_typed``,
called on mount); ``cancel_or_ask`` then closes it at once when nothing was typed, and
otherwise asks "Discard what you typed?" (y discards, n or escape goes back to the
dialog with the text as it was).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.content import Content
from textual.widgets import Input, TextArea


def _fields(screen: Any) -> dict[int, str]:
    typed: dict[int, str] = {}
    for widget in screen.query(Input):
        typed[id(widget)] = widget.value
    for area in screen.query(TextArea):
        typed[id(area)] = area.text
    return typed


class AskBeforeDiscard:
    """Mixin for modal dialogs: ``typed()`` says whether anything was typed since shown."""

    _shown_with: dict[int, str] | None = None

    def remember_typed(self) -> None:
        """What the fields hold now counts as untouched."""
        self._shown_with = _fields(self)

    def typed(self) -> bool:
        if self._shown_with is None:
            return False
        now = _fields(self)
        return any(value != self._shown_with.get(key, "") for key, value in now.items())

    def cancel_or_ask(self, close: Callable[[], object]) -> None:
        """Run ``close`` now if nothing was typed, else once the person says so."""
        from tui.dialogs.confirm import ConfirmDialog

        if not self.typed():
            close()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                close()

        app: Any = self.app  # type: ignore[attr-defined]
        app.push_screen(
            ConfirmDialog(Content("Discard what you typed? (y discards, n goes back)")), answered
        )
