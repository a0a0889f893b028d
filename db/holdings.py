"""Everything a person holds: what must go to someone else before they can leave.

``holdings(db, person)`` asks every kind in ``KINDS`` in turn. A new kind of ownership (an
SLA, a shared goal) adds one ``Kind``: a query for what the person holds, and how to hand
one over (``db.people_changes.leave_person`` calls it inside its transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from db.lazyclass import dataclass
from db.models import Person

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Holding:
    """One thing a person holds: its ``kind`` (a key of ``KINDS``), record id and name."""

    kind: str
    id: int
    name: str

    def __str__(self) -> str:
        return KINDS[self.kind].describe(self)


@dataclass(frozen=True)
class Kind:
    """A kind of holding: ``label`` (plural) for lists, ``sql`` selecting ``id, name`` of what
    person ``?`` holds, and ``describe`` for one of them in a sentence."""

    label: str
    sql: str
    describe: Callable[[Holding], str]


KINDS: dict[str, Kind] = {
    "task": Kind(
        "open tasks",
        "SELECT id, title FROM tasks WHERE owner_id = ? AND status = 'open' ORDER BY id",
        lambda h: f"task {h.id} {h.name!r}",
    ),
    "area": Kind(
        "areas",
        "SELECT id, name FROM areas WHERE owner_id = ? ORDER BY name",
        lambda h: f"area {h.name!r}",
    ),
    "headship": Kind(
        "headships",
        "SELECT id, name FROM departments WHERE head_id = ? ORDER BY name",
        lambda h: f"the headship of {h.name}",
    ),
    "task force lead": Kind(
        "task-force leads",
        "SELECT id, name FROM task_forces WHERE lead_id = ? ORDER BY name",
        lambda h: f"the lead of task force {h.name}",
    ),
    "meeting": Kind(
        "meetings to facilitate",
        "SELECT id, title FROM meetings WHERE facilitator_id = ? AND status != 'closed' "
        "ORDER BY at, id",
        lambda h: f"meeting {h.id} {h.name!r} (facilitator)",
    ),
    "co-facilitated meeting": Kind(
        "meetings to co-facilitate",
        "SELECT id, title FROM meetings WHERE co_facilitator_id = ? AND status != 'closed' "
        "ORDER BY at, id",
        lambda h: f"meeting {h.id} {h.name!r} (co-facilitator)",
    ),
    # An SLA or a shared goal counts while its two-key decision still binds or may come to.
    "sla": Kind(
        "SLAs",
        "SELECT s.id, s.text FROM slas s JOIN decision_status st ON st.decision_id = s.decision_id "
        "WHERE s.owner_id = ? AND st.status IN ('in-force', 'proposed', 'blocked') ORDER BY s.id",
        lambda h: f"SLA {h.id} {h.name!r} (owner)",
    ),
    "goal": Kind(
        "shared goals",
        "SELECT g.id, g.text FROM goals g JOIN decision_status st ON st.decision_id = g.decision_id "
        "WHERE g.owner_id = ? AND st.status IN ('in-force', 'proposed', 'blocked') ORDER BY g.id",
        lambda h: f"shared goal {h.id} {h.name!r} (owner)",
    ),
}


def holdings(db: Database, person: Person) -> list[Holding]:
    """What ``person`` holds, kind by kind (the order of ``KINDS``)."""
    found: list[Holding] = []
    for key, kind in KINDS.items():
        found += [Holding(key, r[0], r[1]) for r in db.execute(kind.sql, [person.id]).fetchall()]
    return found


def summary(found: list[Holding], limit: int = 8) -> str:
    """``2 open tasks (task 4 'Deck', task 7 'Call'), area 'Webinars'``: a sentence's list."""
    parts: list[str] = []
    for key, kind in KINDS.items():
        mine = [h for h in found if h.kind == key]
        if not mine:
            continue
        shown = ", ".join(str(h) for h in mine[:limit])
        more = f" and {len(mine) - limit} more" if len(mine) > limit else ""
        parts.append(
            shown + more if len(mine) == 1 else f"{len(mine)} {kind.label} ({shown}{more})"
        )
    return "; ".join(parts)
