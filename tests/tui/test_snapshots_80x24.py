"""SVG snapshots of every main screen (Home, Agenda, Live meeting, Tasks, Decisions, People,
Responsibilities, Task forces) on the demo in the smallest usual terminal, 80 columns by 24
lines (the same screens at 120x40: test_snapshots_meetings and test_snapshots_records).

Deterministic as the full-size snapshots are (see ``test_snapshots_meetings``): the demo is
built for FIXED_NOW in UTC, the clock stands still and the header's subtitle is fixed.
Regenerate with ``pytest tests/tui/test_snapshots_80x24.py --snapshot-update`` and look at
the result before committing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.tui.conftest import FixedClock, wait_until
from tui.app import TandemApp
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen
from tui.screens.tasks import TasksScreen

SMALL = (80, 24)


def _app(demo_path: Path, clock: FixedClock) -> TandemApp:
    return TandemApp(str(demo_path), clock=clock)


def _stable_header(app: Any) -> None:
    app.sub_title = f"demo.db · {app.actor.name}"


def test_home_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        # The panels fill from the reader thread after the first frame.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_agenda_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await wait_until(pilot, lambda: app.screen.meeting is not None)  # type: ignore[attr-defined]
        await pilot.press("down", "down")

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_live_meeting_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        live: LiveScreen = app.screen  # type: ignore[assignment]
        live.notes.cursor_blink = False
        await pilot.press("ctrl+n")  # start on the action-item review
        await wait_until(pilot, lambda: live.current() is not None and live.meeting is not None)
        await wait_until(pilot, lambda: live.meeting.status == "running")  # type: ignore[union-attr]
        await pilot.press(*[{" ": "space"}.get(c, c) for c in "Two actions still open"])
        clock.advance(minutes=12)  # over time: both timers say so
        live.tick()
        await wait_until(pilot, lambda: live.query_one("#item-timer").has_class("-over"))

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_tasks_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        app.open_screen("Tasks")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def _opened(name: str) -> Any:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        _stable_header(app)
        app.open_screen(name)
        await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen")
        await pilot.pause()

    return run_before


def test_decisions_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)
    assert snap_compare(app, terminal_size=SMALL, run_before=_opened("Decisions"))


def test_people_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)
    assert snap_compare(app, terminal_size=SMALL, run_before=_opened("People"))


def test_responsibilities_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)
    assert snap_compare(app, terminal_size=SMALL, run_before=_opened("Responsibilities"))


def test_task_forces_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = _app(demo_path, clock)
    assert snap_compare(app, terminal_size=SMALL, run_before=_opened("Task forces"))
