"""SVG snapshots of Home, Agenda and Live meeting on the demo data.

Deterministic: the demo is built for FIXED_NOW in UTC, the app's clock stands
still at FIXED_NOW (the Live test moves it on by hand), the header's subtitle
does not show the temporary path, and the notes cursor does not blink.
Regenerate with ``pytest tests/tui/test_snapshots_meetings.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.conftest import SIZE, FixedClock, wait_until
from tui.app import TandemApp
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen


@pytest.fixture
def demo_app(demo_path: Path, clock: FixedClock) -> Callable[[], TandemApp]:
    def build() -> TandemApp:
        return TandemApp(str(demo_path), clock=clock)

    return build


def _stable_header(app: Any) -> None:
    app.sub_title = f"demo.db · {app.actor.name}"


def test_home_on_the_demo(snap_compare: Any, demo_app: Callable[[], TandemApp]) -> None:
    app = demo_app()

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        # The panels fill from the reader thread after the first frame.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_agenda_on_the_demo(snap_compare: Any, demo_app: Callable[[], TandemApp]) -> None:
    app = demo_app()

    async def run_before(pilot: Any) -> None:
        _stable_header(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        # The next weekly: the review first, a carried-over item, and over time.
        await wait_until(pilot, lambda: app.screen.meeting is not None)  # type: ignore[attr-defined]

    assert snap_compare(app, press=["down", "down"], terminal_size=SIZE, run_before=run_before)


def test_live_meeting_on_the_demo(
    snap_compare: Any, demo_app: Callable[[], TandemApp], clock: FixedClock
) -> None:
    app = demo_app()

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
        # Twelve minutes into a ten-minute item: both timers say so, the item's in warning.
        clock.advance(minutes=12)
        live.tick()
        await wait_until(pilot, lambda: live.query_one("#item-timer").has_class("-over"))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
