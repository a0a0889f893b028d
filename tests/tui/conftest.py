"""Shared TUI fixtures: a fixed clock, an app factory, ``wait_until`` and the notifications."""

from __future__ import annotations

import asyncio
import html
import os
import re
import shutil
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App
from textual.notifications import SeverityLevel
from textual.pilot import Pilot

from db.connection import open_db
from db.demo import build_demo
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


@dataclass(frozen=True)
class Note:
    """One notification as the app asked Textual to show it."""

    message: str
    title: str
    severity: str


_NOTES: weakref.WeakKeyDictionary[App[object], list[Note]] = weakref.WeakKeyDictionary()


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``notify`` of every app in the test is recorded for ``notifications(app)``.

    ``App.notify`` is Textual's public door for toasts (a widget's ``notify``
    goes through it too), so the tests read what the app showed without
    reaching into Textual's private notification store.
    """
    shown = App.notify

    def notify(
        self: App[object],
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        _NOTES.setdefault(self, []).append(Note(str(message), str(title), severity))
        shown(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", notify)


def notifications(app: App[object]) -> list[Note]:
    """The notifications ``app`` has shown so far (since ``forget_notifications``), oldest first."""
    return list(_NOTES.get(app, []))


def messages(app: App[object]) -> list[str]:
    """The text of each notification ``app`` has shown so far."""
    return [note.message for note in notifications(app)]


def forget_notifications(app: App[object]) -> None:
    """Dismiss the toasts on screen and start counting notifications afresh."""
    app.clear_notifications()
    _NOTES.pop(app, None)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app_factory(db_path: Path, clock: FixedClock) -> Callable[..., TandemApp]:
    """``app_factory(actor=None)``: a Tandem app on the test database with the fixed clock."""

    def build(actor: str | None = None, path: Path | None = None) -> TandemApp:
        return make_app(str(path or db_path), actor, clock=clock)

    return build


@contextmanager
def local_time(zone: str) -> Iterator[None]:
    """Local time is ``zone`` inside the block (for this process's C library too)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database for FIXED_NOW, built once per worker with local time UTC."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with local_time("UTC"):
        db = open_db(path, create=True)
        build_demo(db, now=FIXED_NOW)
        db.close()
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Iterator[Path]:
    """A copy of the demo database; local time is UTC during the test, so that the
    demo's meeting times and the screens' dates read the same on every machine."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    with local_time("UTC"):
        yield path


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


async def settled(pilot: Pilot[object], app: App[object], *, attempts: int = 50) -> None:
    """Wait until two frames in a row show the same screen: a refill that follows a resize
    or a cursor move (titles taking the panel's width) has been painted."""
    before = None
    for _ in range(attempts):
        await pilot.pause(0.02)
        now = app.export_screenshot()
        if now == before:
            return
        before = now
    raise AssertionError("the screen never settled")
