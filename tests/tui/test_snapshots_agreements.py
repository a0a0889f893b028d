"""SVG snapshots of the Agreements screen and the live two-key flow, at 120x40 and 80x24.

On the demo with governance records (``tests/tui/agreements_data.py``), built for
FIXED_NOW in UTC; the clock stands still and the header's subtitle is fixed.
Regenerate with ``pytest tests/tui/test_snapshots_agreements.py --snapshot-update``
and look at the result before committing it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.tui.agreements_data import Seeded, bind_root
from tests.tui.agreements_data import records_fixture as records_fixture  # noqa: F401
from tests.tui.agreements_data import seeded_template_fixture as seeded_template_fixture  # noqa: F401
from tests.tui.conftest import FixedClock, paste, wait_until
from tui.app import TandemApp, make_app
from tui.dialogs.agreements import ConsentDialog, TwoKeyDecisionForm
from tui.screens.agreements import AgreementsScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen

SIZES = {"120x40": (120, 40), "80x24": (80, 24)}


def app_as(path: Path, name: str) -> TandemApp:
    bind_root(path, name)
    return make_app(str(path), clock=FixedClock())


def stable_header(app: Any) -> None:
    app.sub_title = f"demo.db · {app.actor.name}"


def on_agreements(tab: str) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        app = pilot.app
        stable_header(app)
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await pilot.pause()
        await pilot.press(tab)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_agreements_proposals(snap_compare: Any, records: tuple[Path, Seeded], size: str) -> None:
    # Maya, head of Sales: the blocked proposal she approved and Lena objected to.
    app = app_as(records[0], "Maya Chen")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=on_agreements("1"))


@pytest.mark.parametrize("size", SIZES)
def test_agreements_sla_register(
    snap_compare: Any, records: tuple[Path, Seeded], size: str
) -> None:
    app = app_as(records[0], "Maya Chen")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=on_agreements("3"))


def test_agreements_lead_definition(snap_compare: Any, records: tuple[Path, Seeded]) -> None:
    app = app_as(records[0], "Lena Park")
    assert snap_compare(app, terminal_size=SIZES["120x40"], run_before=on_agreements("2"))


async def _two_key_until_consent(pilot: Any) -> None:
    app = pilot.app
    stable_header(app)
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    app.open_screen("Live meeting")
    await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    app.screen.notes.cursor_blink = False  # a stable frame
    await pilot.press("ctrl+n")
    await wait_until(
        pilot, lambda: "running" in str(app.screen.query_one("#live-meeting").render())
    )
    await pilot.press("ctrl+g")
    await wait_until(pilot, lambda: isinstance(app.screen, TwoKeyDecisionForm))
    await paste(pilot, "Joint-lead-scoring")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    await pilot.press("ctrl+l")
    await wait_until(pilot, lambda: isinstance(app.screen, ConsentDialog))
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_live_consent_dialog(snap_compare: Any, records: tuple[Path, Seeded], size: str) -> None:
    app = app_as(records[0], "Priya Nair")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_two_key_until_consent)


@pytest.mark.parametrize("size", SIZES)
def test_live_after_consent(snap_compare: Any, records: tuple[Path, Seeded], size: str) -> None:
    app = app_as(records[0], "Priya Nair")

    async def run_before(pilot: Any) -> None:
        await _two_key_until_consent(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(
            pilot, lambda: "in-force" in str(app.screen.query_one("#live-outcomes").render())
        )
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
