"""Shared goals as progress bars: one bar per goal, both departments side by side.

Each goal in force is ONE bar, its length the target: each department's contribution
fills its own colour, one after the other, so neither team can win while the other
loses; what nobody was credited with is grey. Above the bar: the goal, its value
against the target and whether it is on track. A legend names the colours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

from db.lazyclass import dataclass
from db.text import one_line

if TYPE_CHECKING:
    from db.goals import Goal

# Department colours in the order of the departments' names (Marketing, Sales, ...).
COLOURS = ("magenta", "cyan", "green", "blue", "yellow")
UNCREDITED = "grey50"
EMPTY = "grey23"
SHOWN = 4  # goals shown on Home; the rest are counted


@dataclass(frozen=True)
class Segment:
    label: str
    cells: int
    style: str


def segments(goal: Goal, width: int, colours: dict[str, str]) -> list[Segment]:
    """The bar of ``goal`` in ``width`` cells: each department's share of the target in its
    colour (a department below zero shows nothing), then uncredited, then what is left;
    past the target, the parts share the whole bar."""
    if width <= 0:
        return []
    out: list[Segment] = []
    used = 0
    parts = [(d, goal.by_department.get(d, 0.0), colours[d]) for d in colours]
    parts.append(("uncredited", goal.uncredited, UNCREDITED))
    # Past the target the bar is the whole: each part keeps its share, none crowds another out.
    whole = max(goal.target, sum(a for _l, a, _s in parts if a > 0))
    for label, amount, style in parts:
        if amount <= 0 or whole <= 0:
            continue
        cells = min(width - used, round(width * amount / whole))
        if cells <= 0:
            cells = 1 if used < width else 0  # a contribution is never invisible
        if cells:
            out.append(Segment(label, cells, style))
            used += cells
    if used < width:
        out.append(Segment("left", width - used, EMPTY))
    return out


def short(value: float) -> str:
    """A figure in a few characters: 308000 as 308k, 1250000 as 1.2M."""
    for limit, suffix in ((1_000_000, "M"), (10_000, "k")):
        if abs(value) >= limit:
            scaled = value / (limit if suffix == "M" else 1_000)
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.2f}".rstrip("0").rstrip(".")


def department_colours(goals: list[Goal]) -> dict[str, str]:
    names = sorted({d for g in goals for d in g.by_department})
    return {name: COLOURS[i % len(COLOURS)] for i, name in enumerate(names)}


class GoalBars(Widget):
    """The "Shared goals" panel: each goal in force as one two-colour bar."""

    DEFAULT_CSS = """
    GoalBars {
        height: auto;
        padding: 0 1;
        display: none;  /* until goals in force are read: no empty title on the first frame */
    }
    """

    def __init__(self, *, id: str | None = None, shown: int = SHOWN) -> None:
        super().__init__(id=id)
        self.goals: list[Goal] = []
        self.in_force = 0  # every goal in force (``goals`` may hold only the first ones)
        self.shown = shown

    def show(self, goals: list[Goal], *, in_force: int | None = None) -> None:
        """Show ``goals`` (the first ones in force); ``in_force``: how many there are in
        all (None: just these)."""
        self.goals = list(goals)
        self.in_force = len(self.goals) if in_force is None else max(in_force, len(self.goals))
        self.display = bool(self.goals)
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(10, self.content_size.width or 40)
        goals = self.goals[: self.shown]
        colours = department_colours(goals)
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        out.append("Shared goals", style="bold")
        out.append(f" ({self.in_force} in force)\n" if self.in_force > 1 else "\n", "dim")
        for goal in goals:
            track = "on track" if goal.on_track else "behind"
            figures = f" {goal.value_text()} {round(goal.progress * 100)}% "
            if width - len(figures) - len(track) < 16:  # narrow: short figures, no unit
                figures = (
                    f" {short(goal.value)}/{short(goal.target)} {round(goal.progress * 100)}% "
                )
            room = max(4, width - len(figures) - len(track))
            out.append(one_line(goal.text, room))
            out.append(figures, style="dim")
            out.append(track, style="green" if goal.on_track else "bold yellow")
            out.append("\n")
            for seg in segments(goal, width, colours):
                out.append(("█" if seg.label != "left" else "░") * seg.cells, style=seg.style)
            out.append("\n")
        hidden = self.in_force - len(goals)
        for name, style in colours.items():
            out.append("█ ", style=style)
            out.append(f"{one_line(name, 20)}  ")
        if hidden > 0:
            out.append(f"and {hidden} more", style="dim")
        return out
