"""Live updates: notice other connections' commits and reload the visible screen.

Polls ``PRAGMA data_version`` (``db.watch.data_version``) on the app's own
connection, a cheap call that changes only when another connection, such as
the CLI in another terminal, has committed. The visible screen's ``reload()``
re-reads its data and keeps the cursor where it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.errors import TandemError
from db.watch import data_version
from tui.refusals import Refusals

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

POLL_SECONDS = 0.5


class DatabaseWatcher:
    """Polls the database of ``app`` and reloads the visible screen after outside changes."""

    def __init__(self, app: App[Any], interval: float = POLL_SECONDS) -> None:
        self.app = app
        self.interval = interval
        self.version: int | None = None
        self.reloads = 0
        self._timer: Timer | None = None

    def start(self) -> None:
        self.version = data_version(self.app.db)  # type: ignore[attr-defined]
        self._timer = self.app.set_interval(self.interval, self.check, name="database-watcher")

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def check(self) -> bool:
        """Reload the visible screen if the database changed; True when it did."""
        try:
            version = data_version(self.app.db)  # type: ignore[attr-defined]
        except TandemError:
            return False
        if version == self.version:
            return False
        self.version = version
        # The screen in view, or the one under a dialog (which shows through it).
        for screen in reversed(self.app.screen_stack):
            reload = getattr(screen, "reload", None)
            if not screen.is_mounted or not screen.is_attached or not self.app.is_running:
                # Still composing or being torn down (the app is quitting): its widgets
                # may be missing, and on_mount/show will read fresh data anyway.
                break
            if callable(reload) and isinstance(screen, Refusals):
                with screen.refusals():
                    reload()
                self.reloads += 1
                break
        return True
