"""What every human-readable format shares: dates, durations, labels, safe text.

Dates are shown in the meeting's own UTC offset (the one stored with its
date), never the exporting machine's, so the same minutes export the same way
anywhere. The offset is said once, in the header (``zone_label``); the times
themselves carry none.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from db.minutes import CarriedItem, Minutes, MinutesItem
from db.models import Decision, Task
from db.text import clean, one_line
from db.timing import Timing, item_over, timing
from tui import dates

STATUS_LABELS = {"planned": "planned", "running": "in progress", "closed": "closed"}
ITEM_STATUS = {
    "pending": "not reached",
    "running": "in progress",
    "ended": "ended",
    "done": "done",
    "parked": "parked (backlog)",
}


def safe(text: object) -> str:
    """User text with terminal control characters (ESC, BEL, C1, ...) removed (``clean``)."""
    return "" if text is None else clean(str(text))


def meeting_zone(minutes: Minutes) -> tzinfo | None:
    return datetime.fromisoformat(minutes.meeting.at).tzinfo


# Dates in a document's form, from tui.dates (the one formatter): ISO, in the meeting's
# offset, which the header names once (``zone_label``).
when = dates.document_clock
day = dates.document_day


def zone_label(minutes: Minutes) -> str:
    """The header's time-zone line: ``UTC+01:00 (every time in these minutes)``."""
    return f"{timing(minutes).time_zone} (every time in these minutes)"


def duration(seconds: int | None) -> str:
    """``12 min 5 s``; ``—`` for an item never started."""
    if not seconds:
        return "—"
    mins, secs = divmod(int(seconds), 60)
    if mins and secs:
        return f"{mins} min {secs} s"
    return f"{mins} min" if mins else f"{secs} s"


def planned(minutes: int) -> str:
    return f"{minutes} min"


def over_text(seconds: int) -> str:
    """``2 min 10 s over``, ``3 min under``, ``on time``."""
    if seconds == 0:
        return "on time"
    return f"{duration(abs(seconds))} {'over' if seconds > 0 else 'under'}"


def overrun(entry: MinutesItem) -> str | None:
    """``2 min 10 s over the 15 min timebox`` when the item ran past it; None otherwise."""
    over = item_over(entry)
    if over is None or over <= 0:
        return None
    return f"{over_text(over)} the {planned(entry.item.minutes)} timebox"


def held(minutes: Minutes, zone: tzinfo | None) -> str | None:
    """When the meeting really ran and for how long against its plan; None if never started.

    ``2026-11-27 10:02 to 11:04, 62 min: 2 min over the planned 60 min``.
    """
    t = timing(minutes)
    if t.started_at is None or t.length_seconds is None or t.over_seconds is None:
        return None
    start = when(t.started_at, zone)
    length = duration(t.length_seconds) if t.length_seconds else "0 min"
    plan = planned(minutes.meeting.minutes)
    if t.ended_at is None:
        return f"started {start}, still running ({length} so far, planned {plan})"
    end = when(t.ended_at, zone)
    if end[:10] == start[:10]:
        end = end[11:]
    verdict = f"{over_text(t.over_seconds)} the planned {plan}" if t.over_seconds else "as planned"
    return f"{start} to {end}, {length}: {verdict}"


def agenda_time(minutes: Minutes) -> str | None:
    """The items taken up, spent against their timeboxes; None when no item ran.

    ``3 items took 58 min 10 s of 55 min planned: 3 min 10 s over; 1 item over its timebox``.
    """
    t: Timing = timing(minutes)
    if t.items_over_seconds is None:
        return None
    taken = sum(1 for e in minutes.agenda if item_over(e) is not None)
    text = (
        f"{taken} item{'s' if taken != 1 else ''} took {duration(t.items_spent_seconds)} "
        f"of {duration(t.items_planned_seconds)} planned: {over_text(t.items_over_seconds)}"
    )
    if t.items_overrun:
        text += f"; {t.items_overrun} item{'s' if t.items_overrun != 1 else ''} over the timebox"
    return text


def title_line(minutes: Minutes) -> str:
    """The document title (user text, not yet escaped for any format)."""
    prefix = "DRAFT minutes" if minutes.draft else "Minutes"
    return f"{prefix}: {one_line(minutes.meeting.title)}"


def draft_notice(minutes: Minutes) -> str | None:
    """The draft label of an open meeting; None for closed (final) minutes."""
    if not minutes.draft:
        return None
    status = STATUS_LABELS.get(minutes.meeting.status, minutes.meeting.status)
    zone = meeting_zone(minutes)
    return (
        f"DRAFT — this meeting is {status}, not closed; these minutes are not final "
        f"(exported {when(minutes.exported_at, zone)})."
    )


def status_line(minutes: Minutes) -> str:
    zone = meeting_zone(minutes)
    m = minutes.meeting
    if m.status == "closed":
        return f"Closed {when(m.closed_at, zone)}"
    return STATUS_LABELS.get(m.status, m.status).capitalize()


def supersedes_label(decision: Decision, minutes: Minutes) -> str:
    """``#3 (meeting 1): text`` for a superseded decision; empty when it supersedes none."""
    if decision.supersedes is None:
        return ""
    earlier = minutes.superseded.get(decision.supersedes)
    if earlier is None:  # a decision of this same meeting, listed in the table
        return f"#{decision.supersedes}"
    where = (
        f"meeting {earlier.meeting_id}" if earlier.meeting_id else safe(earlier.task_force or "")
    )
    return f"#{earlier.id} ({where}): {one_line(earlier.text)}"


def task_status(task: Task) -> str:
    if task.status == "done":
        return f"done {day(task.done_at[:10] if task.done_at else None)}"
    return "open"


def item_ref(decision: Decision) -> str:
    return f"item {decision.agenda_item}" if decision.agenda_item is not None else "general"


def to_carry(item: CarriedItem) -> str:
    """What happens to an item that no later meeting has taken up yet."""
    why = "not reached" if item.from_status == "pending" else "ended without an outcome"
    return f"{why}; to be carried over to the next meeting of the series"


def task_positions(minutes: Minutes) -> dict[int, int]:
    """Task id -> the position of the agenda item it came from (grouped once, not searched)."""
    return {t.id: entry.item.position for entry in minutes.agenda for t in entry.action_items}


# The seal proves the record: `tandem verify` checks JSON minutes against it.
SEAL_LABEL = "Seal (audit chain hash at the close; check with tandem verify)"
