"""Overruns on the Live screen can't be missed: a warning before the timebox ends, ``+m:ss
over`` once past, a notification and the bell, the agenda's flags and totals, and how far
the meeting is behind its plan. The clock is the test's: nothing sleeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.widgets import DataTable

from db.meetings import add_item, create_meeting, get_meeting
from db.models import AgendaItem
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, FixedClock, notifications, screen_text, wait_until
from tui.screens.live import LiveScreen
from tui.timebox import Timebox, behind_plan, warn_before


def test_the_warning_comes_a_minute_before_or_at_80_percent_of_a_short_item() -> None:
    assert warn_before(12 * 60) == 60
    assert warn_before(3 * 60) == 36  # 20% of a short item
    assert Timebox(spent=10 * 60 + 59, planned=12 * 60).state == "ok"
    assert Timebox(spent=11 * 60, planned=12 * 60).label() == "1:00 left"
    assert Timebox(spent=12 * 60, planned=12 * 60).state == "warn"
    assert Timebox(spent=12 * 60 + 17, planned=12 * 60).label() == "+0:17 over"
    assert Timebox(spent=143, planned=180).state == "ok"
    assert Timebox(spent=144, planned=180).state == "warn"


def _item(status: str, minutes: int, spent: int, resumed: str | None = None) -> AgendaItem:
    return AgendaItem(
        id=1, meeting_id=1, position=1, title="x", presenter_id=None, presenter=None,
        department_id=None, department=None, minutes=minutes, status=status,
        started_at=resumed, ended_at=None, resumed_at=resumed, spent_seconds=spent, notes="",
        carried_from_id=None, is_review=False, version=1,
    )  # fmt: skip


def test_behind_plan_counts_items_left_and_the_running_one_once_over() -> None:
    now = FIXED_NOW
    ten_ago = (now - timedelta(minutes=10)).isoformat()
    items = [
        _item("done", 5, 7 * 60),  # 2:00 over
        _item("ended", 10, 9 * 60),  # 1:00 under
        _item("running", 15, 0, ten_ago),  # within its time: nothing yet
        _item("pending", 10, 0),
    ]
    assert behind_plan(items, now) == 60
    items[2] = _item("running", 8, 0, ten_ago)  # 2:00 over
    assert behind_plan(items, now) == 180


async def _running(team: Team, app_factory, minutes: tuple[int, ...]):  # type: ignore[no-untyped-def]
    meeting = create_meeting(team.db, team.admin, "Sync", minutes=30, now=FIXED_NOW)
    for n, length in enumerate(minutes, 1):
        add_item(team.db, team.admin, meeting.id, f"Item {n}", minutes=length)
    return meeting, app_factory()


@pytest.mark.parametrize("bell", ["", "0"])
async def test_an_item_nearly_up_then_over_is_said_and_rung(
    team: Team, app_factory, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, bell: str
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TANDEM_BELL", bell)
    meeting, app = await _running(team, app_factory, (3, 10))
    rang: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: rang.append(1))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id, start=True))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        live: LiveScreen = app.screen  # type: ignore[assignment]
        await wait_until(pilot, lambda: get_meeting(team.db, meeting.id).status == "running")
        timer = live.query_one("#item-timer")

        clock.advance(seconds=2 * 60)
        live.tick()
        assert not timer.has_class("-warn") and not timer.has_class("-over")
        assert [n.title for n in notifications(app)].count("Timebox nearly up") == 0

        clock.advance(seconds=30)  # 2:30 of 3:00: within the last 20%
        live.tick()
        live.tick()
        await pilot.pause()
        assert "Item 2:30 / 3:00 · 0:30 left" in screen_text(app)
        assert timer.has_class("-warn")
        assert [n.title for n in notifications(app)].count("Timebox nearly up") == 1
        assert rang == []

        clock.advance(seconds=47)  # 3:17
        live.tick()
        live.tick()
        await pilot.pause()
        text = screen_text(app)
        assert "Item 3:17 / 3:00 · +0:17 over" in text
        assert "0:17 behind plan" in text
        assert timer.has_class("-over") and not timer.has_class("-warn")
        over = [n for n in notifications(app) if n.title == "Over time"]
        assert len(over) == 1 and over[0].severity == "error"
        assert "Item 1" in over[0].message
        assert rang == ([] if bell == "0" else [1])

        # On to the next item: the agenda keeps the overrun's flag and the total.
        await pilot.press("ctrl+n")
        await wait_until(
            pilot, lambda: get_meeting(team.db, meeting.id).agenda[1].status == "running"
        )
        await pilot.pause()
        table = live.query_one("#live-agenda", DataTable)
        first = get_meeting(team.db, meeting.id).agenda[0]
        assert table.get_cell(str(first.id), "over").plain.strip() == "+0:17"
        text = screen_text(app)
        assert "Total 3:17 / 13:00 · +0:17 over" in text
        assert "Meeting 3:17 / 30m · 0:17 behind plan" in text
        assert "Item 0:00 / 10:00" in text
