"""What every full screen of Tandem shares: the typed app, refusals shown one way, going back."""

from __future__ import annotations

from textual.screen import Screen

from tui.refusals import Refusals


class TandemScreen(Refusals, Screen[None]):
    """A full screen: ``self.tandem`` is the app with its database, acting person and clock;
    ``with self.refusals():`` around every call to ``db/`` that may refuse."""

    def on_compose(self) -> None:
        """Take the width class (``HORIZONTAL_BREAKPOINTS``) before the children are styled.

        Textual sets it at the screen's first Resize, after a first layout at the default
        widths: the whole screen is styled again and a column sized by the class (Home's
        right column, the Agenda's meetings) changes width once more, which refits (and
        flashes) every table cut to its width. (A handler on this class runs before
        Textual's own compose, which is on ``Widget``.)
        """
        breakpoints = self.HORIZONTAL_BREAKPOINTS
        if breakpoints is None:
            breakpoints = self.app.HORIZONTAL_BREAKPOINTS
        if not breakpoints:
            return
        width = self.app.size.width
        chosen = next(
            (name for edge, name in sorted(breakpoints, reverse=True) if width >= edge), None
        )
        self.update_classes({name: name == chosen for _edge, name in breakpoints})

    def action_back(self) -> None:
        """Escape: back to the screen below (Home stays at the bottom)."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_export_calendar(self) -> None:
        """The palette's "Export calendar", on whatever screen is open."""
        from tui.dialogs.calendar import ask_export_calendar

        ask_export_calendar(self)
