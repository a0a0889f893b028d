"""Synthetic ideas for the bulk demo (``db.demo.bulk``): one for every ten tasks, every status.

Inserted directly inside the caller's audited batch, consistent with the schema's
rules (m008): a declined idea has its reason, a planned one its agenda item, a done
one its ``done_at``; an accepted one waits in the backlog.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from db.dates import stamp
from db.ideas import TITLE_LIMIT

if TYPE_CHECKING:
    from sqlite_utils import Database

# fmt: off
IDEA_TEXTS = (
    "A one-pager on {object} for {segment} prospects",
    "Bundle the {object} with every proposal in {region}",
    "Ask {segment} customers about {object} in the QBR",
    "A shared {channel} for {object} questions from Sales",
    "Reuse the {object} in the {region} nurture sequence",
    "Let Sales request a {object} through a form",
    "A monthly {channel} digest of {object} wins",
    "Co-host a {segment} webinar on the {object}",
)
OBJECTS = (
    "ROI calculator", "case study", "battlecard", "security FAQ", "pricing sheet",
    "demo script", "reference list", "competitor comparison", "onboarding checklist",
    "product tour", "customer video", "partner deck",
)
SEGMENTS = ("enterprise", "mid-market", "retail", "manufacturing", "public sector", "healthcare")
REGIONS = ("DACH", "Nordics", "UK & Ireland", "Benelux", "Iberia", "North America", "APAC")
CHANNELS = ("chat channel", "newsletter", "wiki page", "weekly call", "dashboard")
REASONS = (
    "Not this quarter; raise it again after the year-end push.",
    "Already covered by the current campaign.",
    "Legal won't allow it in our contracts.",
    "Too costly for the leads it would bring.",
)
# Shares of each status, in order: new, accepted, declined, planned, done.
SHARES = (("new", 0.2), ("accepted", 0.15), ("declined", 0.15), ("planned", 0.2), ("done", 0.3))
# fmt: on


def _status(rng: random.Random) -> str:
    x = rng.random()
    for status, share in SHARES:
        if x < share:
            return status
        x -= share
    return "done"


def bulk_ideas(
    db: Database, rng: random.Random, now: datetime, start: datetime, count: int
) -> None:
    """Insert ``count`` ideas authored across everyone with a department, from ``start`` on."""
    staff = [
        (r[0], r[1])
        for r in db.execute(
            "SELECT p.id, d.head_id FROM people p JOIN departments d ON d.id = p.department_id"
        )
    ]
    admin = db.execute("SELECT id FROM people WHERE is_admin = 1 ORDER BY id LIMIT 1").fetchone()[0]
    items = [
        (r[0], r[1])
        for r in db.execute(
            "SELECT i.id, i.meeting_id FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id "
            "WHERE i.is_review = 0 AND m.status = 'closed' ORDER BY i.id"
        )
    ]
    max_task = db.execute("SELECT COALESCE(MAX(id), 0) FROM tasks").fetchone()[0]
    if not staff:
        return
    first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM ideas").fetchone()[0]
    span = max(1.0, (now - start).total_seconds() - 86_400 * 3)
    ideas: list[tuple[object, ...]] = []
    backlog: list[tuple[object, ...]] = []
    for n in range(count):
        idea_id = first + n
        author, head = staff[int(rng.random() * len(staff))]
        decider = head or admin
        text = rng.choice(IDEA_TEXTS).format(
            object=rng.choice(OBJECTS),
            segment=rng.choice(SEGMENTS),
            region=rng.choice(REGIONS),
            channel=rng.choice(CHANNELS),
        )
        created = start + timedelta(seconds=rng.uniform(0, span))
        decided = created + timedelta(hours=rng.uniform(2, 72))
        status = _status(rng)
        if status in ("planned", "done") and not items:
            status = "accepted"
        reason = rng.choice(REASONS) if status == "declined" else ""
        item = items[int(rng.random() * len(items))] if status in ("planned", "done") else None
        if status == "done" and rng.random() < 0.3:
            item = None  # implemented without going through a meeting
        task = int(rng.random() * max_task) + 1 if status == "done" and max_task else None
        done_at = stamp(decided + timedelta(days=rng.uniform(1, 20))) if status == "done" else None
        if done_at is not None and done_at > stamp(now):
            done_at = stamp(now)
        last = done_at or (stamp(decided) if status != "new" else stamp(created))
        ideas.append(
            (
                idea_id,
                text,
                author,
                author,
                status,
                reason,
                decider if status != "new" else None,
                stamp(decided) if status != "new" else None,
                item[1] if item else None,
                item[0] if item else None,
                task,
                decider if status == "done" else None,
                done_at,
                stamp(created),
                last,
                decider if status != "new" else author,
            )
        )
        if status in ("accepted", "planned", "done"):
            taken = None if status == "accepted" else last
            backlog.append(
                (
                    text[:TITLE_LIMIT],
                    author,
                    author,
                    idea_id,
                    decider,
                    stamp(decided),
                    item[0] if item and taken else None,
                    taken,
                )
            )
    db.conn.executemany(
        """INSERT INTO ideas (id, text, author_id, entered_by, status, reason, decided_by,
                              decided_at, meeting_id, agenda_item_id, task_id, done_by, done_at,
                              created_at, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        ideas,
    )
    db.conn.executemany(
        """INSERT INTO backlog (title, presenter_id, department_id, idea_id, created_by, created_at,
                                taken_item_id, taken_at)
           VALUES (?, ?, (SELECT department_id FROM people WHERE id = ?), ?, ?, ?, ?, ?)""",
        backlog,
    )
