"""What the app's Agreements screen reads: every two-key decision, open ones first.

The rules live in ``db.governance`` (approving, objecting, withdrawing, may_*);
this module only chooses and orders what a person deciding needs to see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.models import Decision

if TYPE_CHECKING:
    from sqlite_utils import Database


def two_key_decisions(
    db: Database, *, open_only: bool = False, limit: int | None = None
) -> list[Decision]:
    """Two-key decisions with their binds, approvals and objections: those still open
    (proposed or blocked) first, oldest first (waiting longest); then the decided ones,
    newest first. ``limit`` caps the decided ones (the open ones are always all shown)."""
    from db.decisions import list_decisions
    from db.governance import OPEN

    open_ids = [
        r[0]
        for r in db.execute(
            f"""SELECT d.id FROM decisions d JOIN decision_status s ON s.decision_id = d.id
                WHERE d.two_key = 1 AND s.status IN ({", ".join("?" for _ in OPEN)})""",
            list(OPEN),
        )
    ]
    found = list_decisions(db, ids=open_ids) if open_ids else []
    if open_only:
        return found
    query = (
        "SELECT d.id FROM decisions d JOIN decision_status s ON s.decision_id = d.id "
        f"WHERE d.two_key = 1 AND s.status NOT IN ({', '.join('?' for _ in OPEN)}) "
        "ORDER BY d.recorded_at DESC, d.id DESC"
    )
    params: list[object] = list(OPEN)
    if limit is not None:
        query += " LIMIT ?"
        params.append(max(0, limit))
    decided_ids = [r[0] for r in db.execute(query, params)]
    if decided_ids:
        decided = list_decisions(db, ids=decided_ids, newest_first=True)
        found += decided
    return found
