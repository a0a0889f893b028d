"""Home's shared goals: each goal in force as one bar with both departments side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.goals import Goal, propose_goal, record_progress, retire_goal
from tests.conftest import Team
from tests.db.test_governance import _logins_exist, as_lena, as_maya, heads
from tests.tui.conftest import FixedClock, screen_text, wait_until
from tui.app import TandemApp
from tui.screens.home import HomeScreen
from tui.widgets.goal_bar import EMPTY, UNCREDITED, GoalBars, department_colours, segments

__all__ = ["_logins_exist", "heads"]


def _goal(**kw: Any) -> Goal:
    base: dict[str, Any] = {
        "id": 1,
        "text": "Revenue",
        "target": 100.0,
        "unit": "kEUR",
        "due": "2026-12-31",
        "owner_id": 1,
        "owner": "Omar Haddad",
        "status": "in-force",
        "decision_id": 1,
        "in_force_since": "2026-11-01T09:00:00+00:00",
        "created_at": "2026-11-01T09:00:00+00:00",
        "today": "2026-11-15",
    }
    base.update(kw)
    return Goal(**base)


def test_one_bar_both_departments_side_by_side() -> None:
    goal = _goal(value=60, by_department={"Marketing": 20, "Sales": 30}, uncredited=10)
    colours = department_colours([goal])
    assert colours == {"Marketing": "magenta", "Sales": "cyan"}
    parts = segments(goal, 50, colours)
    assert [(p.label, p.cells, p.style) for p in parts] == [
        ("Marketing", 10, "magenta"),
        ("Sales", 15, "cyan"),
        ("uncredited", 5, UNCREDITED),
        ("left", 20, EMPTY),
    ]
    assert sum(p.cells for p in parts) == 50  # one bar, the target's length


def test_a_bar_never_overflows_and_a_small_share_still_shows() -> None:
    over = _goal(value=300, by_department={"Marketing": 150, "Sales": 150})
    parts = segments(over, 20, department_colours([over]))
    assert [(p.label, p.cells) for p in parts] == [("Marketing", 10), ("Sales", 10)]
    tiny = _goal(value=50.2, by_department={"Marketing": 0.2, "Sales": 50})
    parts = segments(tiny, 20, department_colours([tiny]))
    assert parts[0].label == "Marketing" and parts[0].cells == 1
    negative = _goal(value=10, by_department={"Marketing": -5, "Sales": 15})
    labels = [p.label for p in segments(negative, 20, department_colours([negative]))]
    assert "Marketing" not in labels


async def test_home_shows_each_goal_in_force_as_one_bar(
    heads: Team, db_path: Path, clock: FixedClock
) -> None:
    db = heads.db
    shown = propose_goal(db, heads.tom, "Joint pipeline", target=100, due="+30d", owner="Tom Berg")
    as_maya(heads, shown.decision_id)
    as_lena(heads, shown.decision_id)
    record_progress(db, heads.tom, shown.id, 30, department="Marketing")
    record_progress(db, heads.maya, shown.id, 20, department="Sales")
    proposed = propose_goal(db, heads.tom, "Only proposed", target=5, due="+3d", owner="Tom Berg")
    retired = propose_goal(db, heads.tom, "Retired one", target=5, due="+3d", owner="Tom Berg")
    as_maya(heads, retired.decision_id)
    as_lena(heads, retired.decision_id)
    ending = retire_goal(db, heads.tom, retired.id)
    as_maya(heads, ending.id)
    as_lena(heads, ending.id)
    app = TandemApp(str(db_path), clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        bars = app.screen.query_one(GoalBars)
        assert [g.id for g in bars.goals] == [shown.id]
        assert bars.display
        text = screen_text(app)
        assert "Shared goals" in text and "Joint pipeline" in text
        assert "50/100 50% on track" in text
        rendered = bars.render()
        assert "Only proposed" not in rendered.plain and "Retired one" not in rendered.plain
        assert proposed.id not in [g.id for g in bars.goals]
        styles = {str(span.style) for span in rendered.spans}
        assert {"magenta", "cyan"} <= styles  # both departments' colours, in one bar
        # Progress recorded elsewhere shows on reload.
        record_progress(db, heads.tom, shown.id, 40, department="Marketing")
        await pilot.press("f5")
        await wait_until(pilot, lambda: bars.goals[0].value == 90)
        assert "90/100 90% on track" in screen_text(app)


async def test_no_goal_in_force_no_panel(team: Team, db_path: Path, clock: FixedClock) -> None:
    app = TandemApp(str(db_path), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        assert not app.screen.query_one(GoalBars).display
        assert "Shared goals" not in screen_text(app)


def test_home_goals_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = TandemApp(str(demo_path), clock=clock)

    async def run_before(pilot: Any) -> None:
        app.sub_title = f"demo.db · {app.actor.name}"  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await wait_until(pilot, lambda: any(b.goals for b in app.screen.query(GoalBars)))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_home_goals_at_120x40(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    app = TandemApp(str(demo_path), clock=clock)

    async def run_before(pilot: Any) -> None:
        app.sub_title = f"demo.db · {app.actor.name}"  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await wait_until(pilot, lambda: any(b.goals for b in app.screen.query(GoalBars)))

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_short_figures_for_narrow_bars() -> None:
    from tui.widgets.goal_bar import short

    assert [short(x) for x in (308000, 600000, 45, 12.5, 1_250_000, 0)] == [
        "308k",
        "600k",
        "45",
        "12.5",
        "1.2M",
        "0",
    ]
