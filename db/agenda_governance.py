"""What comes back on the next joint meeting's agenda by itself (rule 9).

A task force's series is not a joint meeting of the two teams: it gets neither item.

``governance_items`` gives the agenda items a meeting made as the next of a
series gets after the review of open action items, each only when there is
something to show: "Pending approvals" (every proposal proposed or blocked),
"SLA review" (the latest recorded period of every SLA in force, missed first) and
"Shared goals" (every goal in force, with its progress since the earlier meeting).
The details go in the item's notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.models import number

if TYPE_CHECKING:
    from sqlite_utils import Database

PENDING_TITLE = "Pending approvals"
SLA_TITLE = "SLA review"
GOALS_TITLE = "Shared goals"


def _short(text: str, limit: int = 80) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


def pending_lines(db: Database) -> list[str]:
    from db.governance import open_proposals

    return [
        f"Decision {d.id} ({d.status}): {_short(d.text)} — waiting for {', '.join(d.waiting_for)}"
        for d in open_proposals(db)
    ]


def sla_lines(db: Database) -> list[str]:
    from db.sla import review

    return [
        f"SLA {s.id} ({s.from_} to {s.to}) {r.period}: {number(r.actual)} against "
        f"{s.target_text()} — {'met' if r.met else 'missed'}"
        + (" (corrected)" if r.correction else "")
        for s, r in review(db)
    ]


def goal_lines(db: Database, since: str | None) -> list[str]:
    from db.goals import progress_since

    return [p.line() for p in progress_since(db, since)]


def governance_items(db: Database, since: str | None = None) -> list[tuple[str, str]]:
    """(title, notes) of each governance item due on the next meeting, in agenda order;
    ``since``: when the earlier meeting was held (a stored timestamp), for goals' progress."""
    items = []
    pending = pending_lines(db)
    if pending:
        items.append((PENDING_TITLE, "\n".join(pending)))
    slas = sla_lines(db)
    if slas:
        items.append((SLA_TITLE, "\n".join(slas)))
    goals = goal_lines(db, since)
    if goals:
        items.append((GOALS_TITLE, "\n".join(goals)))
    return items
