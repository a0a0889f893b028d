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
async def test_the_footer_keeps_the_screens_primary_keys(
    demo_path: Path, clock: FixedClock, size: tuple[int, int]
) -> None:
    """Every screen in turn, in one app: each screen's keys are checked on their own and
    every screen that drops one is named."""
    app = TandemApp(str(demo_path), clock=clock)
    missing: list[str] = []
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        for name in SCREENS:
            before = app.screen
            app.open_screen(name)
            if name != "Home":
                await wait_until(pilot, lambda old=before: app.screen is not old)
                await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen")
            if isinstance(app.screen, LiveScreen):
                await wait_until(pilot, lambda: app.screen.meeting is not None)  # type: ignore[attr-defined]
            await pilot.pause()
            await pilot.pause()
            missing += _missing_keys(app, name, size)
            if name == "Live meeting":
                footer = screen_text(app)
                missing += [
                    f"{name} at {size}: {shown} not shown"
                    for shown in ("f9 End", "f8 Export")
                    if shown not in footer
                ]
    assert not missing, "\n".join(missing)


def _missing_keys(app: TandemApp, name: str, size: tuple[int, int]) -> list[str]:
    """What the footer of ``name`` (the screen on top) fails to show of its primary keys."""
    keys = primary_keys(app.screen)
    if not keys:
        return [f"{name} names no primary keys"]
    # Every key the footer shows, and whether it lies inside the terminal's width.
    shown = {
        key.key: key.region.width > 0 and key.region.right <= size[0]
        for key in app.screen.query(FooterKey)
    }
    return [
        f"{name} at {size}: {key} not in view ({shown})"
        for key in keys
        if not shown.get(_binding(app, key).key)
    ]


def _binding(app: TandemApp, key: str):  # type: ignore[no-untyped-def]
    for binding in type(app.screen).BINDINGS:
        if not isinstance(binding, tuple) and key in binding.key.split(","):
            return binding
    raise AssertionError(f"no binding for {key}")
