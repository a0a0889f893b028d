"""The minutes' sections of issue 14, shared by every format: ideas presented, items parked.

Each entry comes as pieces: the parts that are user text (titles, names) apart from
the parts that are ours, so every format escapes only, and always, the former.
"""

from __future__ import annotations

from db.backlog import BacklogEntry
from db.ideas import Presented
from db.lazyclass import dataclass

IDEA_STATUS = {
    "new": "new",
    "accepted": "accepted",
    "declined": "declined",
    "planned": "on the agenda",
    "done": "implemented",
}


@dataclass(frozen=True)
class IdeaLine:
    """``Item 3. ROI calculator — idea from Omar Haddad, Sales (implemented)``."""

    lead: str  # "Item 3." (ours)
    title: str  # user text
    credit: str  # user text: "Omar Haddad, Sales"
    status: str  # ours: "implemented"


@dataclass(frozen=True)
class ParkedLine:
    """``Item 2. Pipeline (Maya Chen): parked; waits in the backlog (entry 4)``."""

    lead: str  # ours
    title: str  # user text
    presenter: str | None  # user text
    where: str  # ours


def idea_line(presented: Presented, title: str | None = None) -> IdeaLine:
    idea = presented.idea
    return IdeaLine(
        lead=f"Item {presented.position}.",
        title=title if title is not None else idea.text,
        credit=idea.credit,
        status=IDEA_STATUS.get(idea.status, idea.status),
    )


def idea_lines(ideas: tuple[Presented, ...], titles: dict[int, str]) -> list[IdeaLine]:
    """``titles``: agenda item id -> the item's title (the idea's text when missing)."""
    return [idea_line(p, titles.get(p.item_id)) for p in ideas]


def parked_line(entry: BacklogEntry) -> ParkedLine:
    if entry.taken_to is not None:
        where = f"parked; taken onto meeting #{entry.taken_to}, item {entry.taken_item}"
    elif entry.taken_at is not None:
        where = "parked; taken out of the backlog"
    else:
        where = f"parked; waits in the backlog (entry {entry.id})"
    return ParkedLine(
        lead=f"Item {entry.parked_item}.", title=entry.title, presenter=entry.presenter, where=where
    )
