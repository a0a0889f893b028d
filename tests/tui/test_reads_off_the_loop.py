"""No screen reads the database on the app's event loop (issue 16).

Every read of a screen or dialog goes to the app's reader thread
(``tui/reads.py``): a slow query, or a database another program keeps busy,
never holds up a key or a timer. The app's own connection is used on the loop
only to write (``tui/writes.py``: a write starts with ``BEGIN IMMEDIATE`` and
ends with ``COMMIT``; one that would wait moves to the writer thread), and for
the watcher's ``PRAGMA data_version``, which reads no table.

The test traces every statement run on the app's own connection while a person
goes through every screen of the palette on the demo and opens the dialogs
that need data; a statement run outside a write transaction is a read on the
loop.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.tui.conftest import SIZE, wait_until
from tui.app import TandemApp, make_app
from tui.palette import SCREENS

# Statements the loop may run outside a write: starting a write, and the watcher's
# change counter (no table is read).
ALLOWED_OUTSIDE_A_WRITE = ("BEGIN", "PRAGMA DATA_VERSION", "PRAGMA BUSY_TIMEOUT")

# Per screen, keys that open what needs data (a form's choices, a history, a search).
KEYS = {
    "Home": ["a", "escape"],
    "Agenda": ["a", "escape", "n", "escape"],
    "Tasks": ["h", "escape", "r", "escape", "a", "escape"],
    "Responsibilities": ["a", "escape"],
    "Decisions": ["enter"],
    "Task forces": ["n", "escape"],
    "People": ["e", "escape"],
    "Ideas": ["n", "escape"],
    "Agreements": [],
}


class LoopReads:
    """Statements run on the app's connection from the loop's thread, outside a write."""

    def __init__(self, app: TandemApp) -> None:
        self.loop_thread = threading.current_thread()
        self.conn = app.db.conn
        self.found: list[tuple[str, str]] = []
        self.screen = "start"
        self.writing = False
        self.conn.set_trace_callback(self._seen)

    def _seen(self, statement: str) -> None:
        if threading.current_thread() is not self.loop_thread:
            return
        said = " ".join(statement.split()).upper()
        if said.startswith("BEGIN"):
            self.writing = True
        elif said.startswith(("COMMIT", "ROLLBACK")) and not said.startswith("ROLLBACK TO"):
            self.writing = False
        elif not self.writing and not said.startswith(ALLOWED_OUTSIDE_A_WRITE):
            self.found.append((self.screen, " ".join(statement.split())[:120]))


async def test_no_screen_reads_the_database_on_the_event_loop(demo_path: Path, clock: Any) -> None:
    app = make_app(str(demo_path), None, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))
        reads = LoopReads(app)
        for entry in SCREENS:
            reads.screen = entry.name
            app.open_screen(entry.name)
            await wait_until(pilot, lambda: not app.screen.is_modal)
            for key in KEYS.get(entry.name, []):
                await pilot.press(key)
            await pilot.press("escape")
            await wait_until(pilot, lambda: len(app.screen_stack) == 1)
        reads.screen = "Home again"
        await pilot.press("f5")
        await pilot.pause()
        seen = "\n".join(f"{screen}: {sql}" for screen, sql in dict.fromkeys(reads.found))
        assert not reads.found, f"read on the event loop:\n{seen}"
