"""What the minutes say about shared goals (issue 14): the progress reviewed in the meeting.

A meeting whose agenda has the "Shared goals" review (made by ``meeting new --after``)
reviewed every goal in force then: its value at the close (now, for a draft) and what it
gained since the earlier meeting of the series. ``db.minutes`` adds it as ``goals``; the
exporters in ``tui/export`` word it for their format.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db.agenda_governance import GOALS_TITLE
from db.dates import local_today
from db.goals import GoalProgress, held_at, list_goals, progress_of
from db.models import Meeting

if TYPE_CHECKING:
    from sqlite_utils import Database


def reviewed_goals(db: Database, meeting: Meeting) -> tuple[GoalProgress, ...]:
    """Read inside the minutes' snapshot; a fixed number of queries."""
    reviewed = db.execute(
        "SELECT 1 FROM agenda_items WHERE meeting_id = ? AND is_review = 1 AND title = ?",
        [meeting.id, GOALS_TITLE],
    ).fetchone()
    if reviewed is None:
        return ()
    from db.meetings import get_meeting

    cutoff = meeting.closed_at
    today = datetime.fromisoformat(cutoff).astimezone().date() if cutoff else local_today()
    since = None
    if meeting.previous_id is not None:
        since = held_at(get_meeting(db, meeting.previous_id, full=False))
    goals = [
        g
        for g in list_goals(db, today=today)
        if g.status in ("in-force", "retired")
        and g.in_force_since is not None
        and (cutoff is None or g.in_force_since <= cutoff)
    ]
    return tuple(progress_of(db, goals, since, cutoff))
