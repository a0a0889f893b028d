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

from pathlib import Path
from typing import Any

from tests.tui.conftest import SIZE, wait_until
from tests.tui.reads_probe import LoopReads
from tui.app import make_app
from tui.palette import SCREENS

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


async def test_no_screen_reads_the_database_on_the_event_loop(demo_path: Path, clock: Any) -> None:
    app = make_app(str(demo_path), None, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))
        with LoopReads(app).watching() as reads:
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
        assert not reads.found, f"read on the event loop:\n{reads.report()}"
