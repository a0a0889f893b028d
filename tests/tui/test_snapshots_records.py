"""SVG snapshots of Tasks, Responsibilities, Decisions, Task forces and People on the demo.

Deterministic: the demo is built for FIXED_NOW in UTC, the app's clock stands
still, and the header's subtitle (which names the database file) is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import SIZE, FixedClock, wait_until
from tui.app import TandemApp, make_app


def opened(name: str, *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, TandemApp)
        app.db  # noqa: B018  opened first, so its own header is set before this one
        app.sub_title = "demo · Alex Morgan"
        app.open_screen(name)
        await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen")
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause(0.3)  # past the filter's typing delay
        await pilot.pause()

    return run_before


def app_on(path: Path, actor: str | None = None) -> TandemApp:
    return make_app(str(path), actor, clock=FixedClock())


def test_tasks_screen(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(app_on(demo_path), terminal_size=SIZE, run_before=opened("Tasks"))


def test_tasks_screen_filtered(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(
        app_on(demo_path),
        terminal_size=SIZE,
        run_before=opened("Tasks", "slash", *"globex", "enter", "down"),
    )


def test_responsibilities_screen(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(
        app_on(demo_path, "Lena Park"), terminal_size=SIZE, run_before=opened("Responsibilities")
    )


def test_decisions_screen(snap_compare: Any, demo_path: Path) -> None:
    # The sixth row replaced an earlier decision: the chain shows in the detail.
    assert snap_compare(
        app_on(demo_path), terminal_size=SIZE, run_before=opened("Decisions", *["down"] * 5)
    )


def test_task_forces_screen(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(app_on(demo_path), terminal_size=SIZE, run_before=opened("Task forces"))


def test_people_screen(snap_compare: Any, demo_path: Path) -> None:
    assert snap_compare(app_on(demo_path), terminal_size=SIZE, run_before=opened("People"))
