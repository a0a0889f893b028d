"""Shared TUI fixtures: a fixed clock, an app factory, and ``wait_until``."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from tui.app import TandemApp, make_app

# A Tuesday morning (UTC), fixed so timers, due dates and snapshots are stable.
FIXED_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
SIZE = (120, 40)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> datetime:
        self.moment += timedelta(seconds=seconds, minutes=minutes)
        return self.moment


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app_factory(db_path: Path, clock: FixedClock) -> Callable[..., TandemApp]:
    """``app_factory(actor=None)``: a Tandem app on the test database with the fixed clock."""

    def build(actor: str | None = None, path: Path | None = None) -> TandemApp:
        return make_app(str(path or db_path), actor, clock=clock)

    return build


async def wait_until(
    pilot: Pilot[object], predicate: Callable[[], object], *, attempts: int = 1000
) -> None:
    """Let the app run until ``predicate()`` is true (fails after ``attempts`` short pauses).

    Counting pauses rather than seconds keeps the tests free of timing
    assertions while still failing, not hanging, when the state never comes.
    The allowance (20 s) is generous because a loaded 2-core machine running the
    suite on both cores can take seconds for what takes milliseconds alone; a
    state that does come returns at once.
    """
    for _ in range(attempts):
        if predicate():
            return
        await pilot.pause(0.02)
    await asyncio.sleep(0)
    assert predicate(), "the app never reached the expected state"


_TEXT = re.compile(r'<text class="[^"]*-r\d+"[^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def screen_text(app: App[object]) -> str:
    """The screen as plain text lines, read from the app's public SVG screenshot.

    What a person would see: a markup tag or emoji code that got parsed would
    be missing here, so tests can assert that user text shows literally.
    """
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, body in _TEXT.findall(app.export_screenshot()):
        lines.setdefault(float(y), []).append((float(x), html.unescape(body).replace("\xa0", " ")))
    return "\n".join(
        "".join(part for _, part in sorted(parts)) for _, parts in sorted(lines.items())
    )
