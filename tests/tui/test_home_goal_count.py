"""Home reads only the goals it shows (issue 16): the bars still count every goal in force."""

from __future__ import annotations

from tests.tui.test_goal_bars import _goal
from tui.widgets.goal_bar import GoalBars


def test_goal_bars_count_every_goal_in_force_not_just_those_read() -> None:
    bars = GoalBars(shown=2)
    bars.show([_goal(id=1, text="Revenue"), _goal(id=2, text="Pipeline")], in_force=9)
    text = bars.render().plain
    assert "(9 in force)" in text and "and 7 more" in text
    assert "Revenue" in text and "Pipeline" in text


def test_goal_bars_without_a_count_count_the_goals_given() -> None:
    bars = GoalBars(shown=1)
    bars.show([_goal(id=1, text="Revenue"), _goal(id=2, text="Pipeline")])
    text = bars.render().plain
    assert "(2 in force)" in text and "and 1 more" in text
