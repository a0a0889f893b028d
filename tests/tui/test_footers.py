"""At 80x24 no footer drops its screen's primary keys (``PRIMARY_KEYS``, kept by
``tui.widgets.footer.TandemFooter``): F8 and F9 included on the Live meeting screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from tests.tui.conftest import FixedClock, screen_text, wait_until
from tui.app import TandemApp
from tui.screens.live import LiveScreen
from tui.widgets.footer import primary_keys

SCREENS = [
    "Home",
    "Agenda",
    "Live meeting",
    "Tasks",
    "Decisions",
    "People",
    "Responsibilities",
    "Task forces",
]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("name", SCREENS)
async def test_the_footer_keeps_the_screens_primary_keys(
    demo_path: Path, clock: FixedClock, name: str, size: tuple[int, int]
) -> None:
    app = TandemApp(str(demo_path), clock=clock)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.open_screen(name)
        if name != "Home":
            await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen")
        if isinstance(app.screen, LiveScreen):
            await wait_until(pilot, lambda: app.screen.meeting is not None)  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.pause()
        keys = primary_keys(app.screen)
        assert keys, f"{name} names no primary keys"
        # Every key the footer shows, and whether it lies inside the terminal's width.
        shown = {
            key.key: key.region.width > 0 and key.region.right <= size[0]
            for key in app.screen.query(FooterKey)
        }
        for key in keys:
            binding = _binding(app, key)
            assert shown.get(binding.key), f"{name} at {size}: {key} not in view ({shown})"
        footer = screen_text(app)
        if name == "Live meeting":
            assert "f9 End" in footer and "f8 Export" in footer


def _binding(app: TandemApp, key: str):  # type: ignore[no-untyped-def]
    for binding in type(app.screen).BINDINGS:
        if not isinstance(binding, tuple) and key in binding.key.split(","):
            return binding
    raise AssertionError(f"no binding for {key}")
