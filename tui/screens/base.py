"""What every full screen of Tandem shares: the typed app, refusals shown one way, going back."""

from __future__ import annotations

from textual.screen import Screen

from tui.refusals import Refusals


class TandemScreen(Refusals, Screen[None]):
    """A full screen: ``self.tandem`` is the app with its database, acting person and clock;
    ``with self.refusals():`` around every call to ``db/`` that may refuse."""

    def action_back(self) -> None:
        """Escape: back to the screen below (Home stays at the bottom)."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_export_calendar(self) -> None:
        """The palette's "Export calendar", on whatever screen is open."""
        from tui.dialogs.calendar import ask_export_calendar

        ask_export_calendar(self)
