"""Reading the audit log (``tandem log``); writing it is ``db.audit``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from db.lazyclass import dataclass

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    login: str
    actor: str | None
    delegated_by: str | None
    action: str
    subject: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "login": self.login,
            "actor": self.actor,
            "delegated_by": self.delegated_by,
            "action": self.action,
            "subject": self.subject,
            "hash": self.hash,
        }


def list_entries(
    db: Database,
    *,
    since: date | None = None,
    actor: str | int | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Entries oldest first; ``limit`` keeps the newest N of those that match."""
    where: list[str] = []
    params: list[object] = []
    if since is not None:
        where.append("at >= ?")
        params.append(since.isoformat())
    if actor is not None:
        from db.people import get_person

        where.append("(actor_id = ? OR delegated_by_id = ?)")
        person_id = get_person(db, actor).id
        params += [person_id, person_id]
    sql = (
        "SELECT id, at, login, actor, delegated_by, action, subject, hash FROM audit_log"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY id DESC"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    found = [AuditEntry(*row) for row in db.execute(sql, params)]
    found.reverse()
    return found
