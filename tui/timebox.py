"""Timeboxes on the Live screen: when an item is nearly up, how far over it is, and how far
the whole meeting is behind its plan.

Pure functions of stored times and a clock (no widgets), so the rules are tested without
sleeping. The strings are of our own making (no user text): callers may style them freely.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime

from db.lazyclass import dataclass
from db.models import AgendaItem
from tui.widgets.formatting import clock

# The warning comes a minute before the timebox ends, or at 80% of a short one.
WARN_SECONDS = 60
WARN_SHARE = 0.2
# TANDEM_BELL=0 (or off/no/false) keeps the terminal bell quiet on an overrun.
BELL_ENV = "TANDEM_BELL"


def bell_on() -> bool:
    """The terminal bell rings when an item runs over, unless ``TANDEM_BELL`` says off."""
    return os.environ.get(BELL_ENV, "").strip().lower() not in {"0", "off", "no", "false"}


def warn_before(planned_seconds: int) -> int:
    """Seconds before the end of a timebox at which the warning comes."""
    return int(min(WARN_SECONDS, planned_seconds * WARN_SHARE))


@dataclass(frozen=True)
class Timebox:
    """Where one item stands against its timebox."""

    spent: int
    planned: int

    @property
    def state(self) -> str:
        """``ok``, ``warn`` (nearly up) or ``over``."""
        if self.spent > self.planned:
            return "over"
        if self.spent >= self.planned - warn_before(self.planned):
            return "warn"
        return "ok"

    @property
    def over(self) -> int:
        """Seconds past the timebox (0 when within it)."""
        return max(0, self.spent - self.planned)

    @property
    def left(self) -> int:
        return max(0, self.planned - self.spent)

    def label(self) -> str:
        """``+m:ss over``, ``m:ss left`` once nearly up, else nothing."""
        if self.state == "over":
            return f"+{clock(self.over)} over"
        if self.state == "warn":
            return f"{clock(self.left)} left"
        return ""


def timebox(item: AgendaItem, now: datetime) -> Timebox:
    return Timebox(spent=item.spent(now), planned=item.minutes * 60)


def signed(seconds: int) -> str:
    """``+m:ss`` or ``-m:ss`` (``±0:00`` for none)."""
    if seconds == 0:
        return "±0:00"
    return ("+" if seconds > 0 else "-") + clock(abs(seconds))


def behind_plan(items: Iterable[AgendaItem], now: datetime) -> int:
    """Seconds the meeting is behind its plan (negative: ahead).

    Each item left (ended or done) counts what it took over or under its timebox; the
    running item counts only once it is over (until then it may still keep its time).
    Items not reached count nothing.
    """
    total = 0
    for item in items:
        box = timebox(item, now)
        if item.status == "running":
            total += box.over
        elif item.status in ("ended", "done"):
            total += box.spent - box.planned
    return total


def plan_words(seconds: int) -> str:
    """How far the meeting is behind its plan, in words."""
    if seconds > 0:
        return f"{clock(seconds)} behind plan"
    if seconds < 0:
        return f"{clock(-seconds)} ahead of plan"
    return "on plan"


def totals(items: Iterable[AgendaItem], now: datetime) -> tuple[int, int]:
    """The agenda's planned seconds and the seconds spent so far."""
    planned = spent = 0
    for item in items:
        planned += item.minutes * 60
        spent += item.spent(now)
    return planned, spent
