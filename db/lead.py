"""The sales-ready lead definition: versions, each a two-key decision of both heads.

``propose_lead`` makes the next version (text and criteria) as a proposal that
supersedes the version in force; the version in force is the latest approved
one, and older approved versions are superseded (through the decisions'
supersedes chain, so ``decision_status`` says it). One version is open at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import write
from db.dates import stamp
from db.errors import NotFound, ProposalRefused
from db.governance import bound_departments, insert_proposal
from db.models import LeadDefinition, Person
from db.text import required

if TYPE_CHECKING:
    from sqlite_utils import Database

_SELECT = """
SELECT l.id, l.version, l.text, l.criteria, st.status, l.decision_id,
       st.in_force_at AS in_force_since, l.created_at
FROM lead_definitions l JOIN decision_status st ON st.decision_id = l.decision_id
"""


def _lead(row: dict[str, object]) -> LeadDefinition:
    return LeadDefinition(**{**row, "criteria": tuple(json.loads(str(row["criteria"])))})  # type: ignore[arg-type]


def lead_history(db: Database) -> list[LeadDefinition]:
    """Every version, oldest first."""
    return [_lead(r) for r in rows.rows(db, _SELECT + " ORDER BY l.version")]


def lead_in_force(db: Database) -> LeadDefinition | None:
    """The version in force: the latest one both heads approved (None before any)."""
    row = rows.one(db, _SELECT + " WHERE st.status = 'in-force' ORDER BY l.version DESC LIMIT 1")
    return _lead(row) if row else None


def get_lead(db: Database, version: int) -> LeadDefinition:
    row = rows.one(db, _SELECT + " WHERE l.version = ?", [version])
    if row is None:
        raise NotFound("lead definition version", version)
    return _lead(row)


def lead_for_decision(db: Database, decision_id: int) -> LeadDefinition | None:
    row = rows.one(db, _SELECT + " WHERE l.decision_id = ?", [decision_id])
    return _lead(row) if row else None


def propose_lead(
    db: Database,
    actor: Person,
    text: str,
    criteria: Iterable[str] = (),
    *,
    meeting_id: int | None = None,
    now: datetime | None = None,
) -> LeadDefinition:
    """The next version, a two-key proposal (anyone may propose) binding every department
    with a head; approved, it supersedes the version in force."""
    body = required(text, "a lead definition's text", limit=20_000)
    items = [required(c, "a criterion", single_line=True, limit=2_000) for c in criteria]
    with write(db, actor, "lead.propose"):
        open_row = db.execute(
            """SELECT l.version, l.decision_id FROM lead_definitions l
               JOIN decision_status st ON st.decision_id = l.decision_id
               WHERE st.status IN ('proposed', 'blocked')"""
        ).fetchone()
        if open_row is not None:
            raise ProposalRefused(
                f"version {open_row[0]} of the lead definition (decision {open_row[1]}) is still "
                "open; it is approved, objected to or withdrawn before another is proposed",
                reason="pending-version",
                decision_id=open_row[1],
                status="proposed",
            )
        current = lead_in_force(db)
        version = (db.execute("SELECT MAX(version) FROM lead_definitions").fetchone()[0] or 0) + 1
        summary = f"Sales-ready lead definition, version {version}: {body}"
        if items:
            summary += "\n" + "\n".join(f"- {c}" for c in items)
        decision_id = insert_proposal(
            db,
            actor,
            summary,
            "",
            bound_departments(db, None),
            meeting_id=meeting_id,
            supersedes=current.decision_id if current else None,
            now=now,
        )
        db.execute(
            """INSERT INTO lead_definitions (version, text, criteria, decision_id, created_at)
               VALUES (?, ?, ?, ?, ?)""",
            [version, body, json.dumps(items, ensure_ascii=False), decision_id, stamp(now)],
        )
        return get_lead(db, version)
