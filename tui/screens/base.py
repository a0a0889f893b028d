"""What every full screen of Tandem shares: the typed app, error guarding, going back."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from tui.guard import Guarded

if TYPE_CHECKING:
    from tui.app import TandemApp


class TandemScreen(Guarded, Screen[None]):
    """A full screen: ``self.tandem`` is the app with its database, acting person and clock."""

    @property
    def tandem(self) -> TandemApp:
        """The app, typed: its database, acting person and clock."""
        return cast("TandemApp", self.app)

    def action_back(self) -> None:
        """Escape: back to the screen below (Home stays at the bottom)."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
