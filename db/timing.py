"""How long a meeting and its items really took, against their plan: for the minutes.

The meeting's plan is its length (``minutes``); each item's is its timebox. A meeting runs
from its start (``started_at``) to its close (``closed_at``); a running one, up to the moment
the minutes are read. Positive ``over`` figures are time over the plan, negative ones under.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.dates import offset_label
from db.lazyclass import dataclass

if TYPE_CHECKING:
    from db.minutes import Minutes, MinutesItem


def item_over(entry: MinutesItem) -> int | None:
    """Seconds an item ran over (positive) or under (negative) its timebox; None if never run."""
    if entry.spent_seconds <= 0 and entry.item.started_at is None:
        return None
    return entry.spent_seconds - entry.item.minutes * 60


def zone_label(moment: str) -> str:
    """``UTC+01:00``: the UTC offset a stored ISO timestamp was written with (``UTC`` for none)."""
    return offset_label(datetime.fromisoformat(moment))


@dataclass(frozen=True)
class Timing:
    """A meeting's actual times against its plan (seconds; None where there is nothing yet)."""

    time_zone: str  # the meeting's UTC offset: every time of the minutes is shown in it
    started_at: str | None
    ended_at: str | None  # the close; None while it runs
    length_seconds: int | None  # start to close (to the export while running)
    planned_seconds: int
    over_seconds: int | None  # length - plan
    items_planned_seconds: int  # the timeboxes of the items taken up
    items_spent_seconds: int
    items_over_seconds: int | None  # spent - timeboxes of the items taken up; None if none ran
    items_overrun: int  # how many items ran over their timebox

    def to_json(self) -> dict[str, Any]:
        return {
            "time_zone": self.time_zone,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "length_seconds": self.length_seconds,
            "planned_seconds": self.planned_seconds,
            "over_seconds": self.over_seconds,
            "items_planned_seconds": self.items_planned_seconds,
            "items_spent_seconds": self.items_spent_seconds,
            "items_over_seconds": self.items_over_seconds,
            "items_overrun": self.items_overrun,
        }


def timing(minutes: Minutes) -> Timing:
    """The actual start, end and length of the meeting of ``minutes``, and its items' totals."""
    meeting = minutes.meeting
    started = meeting.started_at
    ended = meeting.closed_at if meeting.status == "closed" else None
    length: int | None = None
    if started is not None:
        until = ended or minutes.exported_at
        length = max(
            0,
            int((datetime.fromisoformat(until) - datetime.fromisoformat(started)).total_seconds()),
        )
    planned = meeting.minutes * 60
    taken = [(e, over) for e in minutes.agenda if (over := item_over(e)) is not None]
    return Timing(
        time_zone=zone_label(meeting.at),
        started_at=started,
        ended_at=ended,
        length_seconds=length,
        planned_seconds=planned,
        over_seconds=None if length is None else length - planned,
        items_planned_seconds=sum(e.item.minutes * 60 for e, _ in taken),
        items_spent_seconds=sum(e.spent_seconds for e, _ in taken),
        items_over_seconds=sum(over for _, over in taken) if taken else None,
        items_overrun=sum(1 for _, over in taken if over > 0),
    )
