"""SVG snapshots of the leave dialog on the demo, at 80×24 and 120×40: Lena Park, head of
Marketing, leaves; Sara Ito (Sales) is picked to take over, so the dialog lists what Lena
holds, says what goes to Sara and warns that Marketing will have no head.

Deterministic like the other snapshots (the demo built for FIXED_NOW in UTC, the clock
standing still, the header's subtitle fixed). Regenerate with
``pytest tests/tui/test_snapshots_leave.py --snapshot-update`` and look at the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from tests.tui.conftest import FixedClock, wait_until
from tui.app import TandemApp
from tui.dialogs.leave import LeaveDialog
from tui.screens.people import PeopleScreen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_leave_dialog(snap_compare: Any, demo_path: Path, clock: FixedClock, size: Any) -> None:
    app = TandemApp(str(demo_path), clock=clock)

    async def run_before(pilot: Any) -> None:
        app.sub_title = f"demo.db · {app.actor.name}"  # type: ignore[union-attr]
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: bool(app.screen.query("#people")))
        table = app.screen.query_one("#people", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0)
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == "Lena Park")
        table.move_cursor(row=row)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, LeaveDialog))
        await pilot.press(*"Sara", "enter")
        plan = app.screen.query_one("#plan", Static)
        await wait_until(pilot, lambda: "Warning" in str(plan.render()))

    assert snap_compare(app, terminal_size=size, run_before=run_before)
