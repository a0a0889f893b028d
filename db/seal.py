"""The minutes' seal (rule 7): proof that exported minutes still match the database.

Closing a meeting computes a digest of its frozen record (header, attendance,
agenda, decisions, the action items' identity) and writes it into the close's
audit entry; that entry's hash — the chain's hash at that moment — is the
seal, shown in every export. ``verify_minutes`` takes exported JSON minutes
and checks three things: the chain up to the sealed entry is intact, the file
holds the record that was sealed, and the database still holds it. Whatever
differs is named.

What changes legitimately after the close stays out of the digest: amendments
(added later, shown as such), an action item's owner, status and due date, and
which later decision superseded one of these.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import field
from typing import TYPE_CHECKING, Any

from db.lazyclass import dataclass

if TYPE_CHECKING:
    from sqlite_utils import Database

MEETING_KEYS = ("id", "title", "at", "facilitator", "task_force")
ITEM_KEYS = ("position", "title", "presenter", "minutes", "status", "notes")
DECISION_KEYS = (
    "id",
    "text",
    "rationale",
    "meeting_id",
    "agenda_item",
    "task_force",
    "recorded_by",
    "recorded_at",
    "supersedes",
)
TASK_KEYS = ("id", "title", "meeting_id", "created_at")


def sealed_part(document: dict[str, Any]) -> dict[str, Any]:
    """The part of a minutes JSON document that the seal covers."""

    def pick(obj: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
        return {k: obj.get(k) for k in keys}

    return {
        "meeting": pick(document["meeting"], MEETING_KEYS),
        "attendance": [
            {
                "department": g.get("department"),
                "present": list(g.get("present", [])),
                "absent": list(g.get("absent", [])),
            }
            for g in document["attendance"]
        ],
        "agenda": [pick(i, ITEM_KEYS) for i in document["agenda"]],
        "decisions": [pick(d, DECISION_KEYS) for d in document["decisions"]],
        "action_items": [pick(t, TASK_KEYS) for t in document["action_items"]],
    }


def digest(part: dict[str, Any]) -> str:
    text = json.dumps(part, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def current_part(db: Database, meeting_id: int) -> dict[str, Any]:
    """The sealed part of the minutes as the database holds them now."""
    from db.minutes import get_minutes, minutes_document

    return sealed_part(minutes_document(get_minutes(db, meeting_id)))


def seal_of(db: Database, meeting_id: int) -> str | None:
    """The seal of a closed meeting (None: open, or closed before seals existed)."""
    row = db.execute(
        "SELECT hash FROM audit_log WHERE action = 'meeting.close' AND subject = ? "
        "ORDER BY id DESC LIMIT 1",
        [f"meeting {meeting_id}"],
    ).fetchone()
    return row[0] if row else None


@dataclass
class Verification:
    meeting_id: int | None
    seal: str | None
    entry_id: int | None = None
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences


def verify_minutes(db: Database, document: dict[str, Any]) -> Verification:
    """Compare exported JSON minutes with the sealed record and the database."""
    from db.errors import Invalid
    from db.tamper import chain_problems

    try:
        meeting_id = int(document["meeting"]["id"])
        file_part = sealed_part(document)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Invalid(
            "the file is not Tandem's JSON minutes ('meeting', 'agenda', ... missing)"
        ) from None
    seal = document.get("seal")
    result = Verification(meeting_id, seal if isinstance(seal, str) else None)
    if result.seal is None:
        result.differences.append(
            "the file has no seal: draft minutes, or a meeting closed before seals existed"
        )
        return result
    row = db.execute(
        "SELECT id, action, subject, payload FROM audit_log WHERE hash = ?", [result.seal]
    ).fetchone()
    if row is None:
        result.differences.append("the database holds no record with this seal")
        return result
    result.entry_id = row[0]
    payload = json.loads(row[3])
    if row[1] != "meeting.close" or row[2] != f"meeting {meeting_id}":
        result.differences.append(f"the seal belongs to {row[2]}, not to meeting {meeting_id}")
        return result
    result.differences += chain_problems(db, upto_id=row[0])
    sealed = payload.get("minutes_digest")
    in_db = current_part(db, meeting_id)
    if digest(file_part) != sealed:
        result.differences.append("the file's minutes are not the minutes that were sealed")
        result.differences += [f"file vs database: {d}" for d in _diff(file_part, in_db, "")]
    if digest(in_db) != sealed:
        result.differences.append(
            f"the database's record of meeting {meeting_id} changed after it was sealed"
        )
        if digest(file_part) == sealed:
            result.differences += [
                f"sealed (as in the file) vs database now: {d}" for d in _diff(file_part, in_db, "")
            ]
    return result


def _diff(a: Any, b: Any, path: str) -> list[str]:
    """Where two JSON values differ, by path (``decisions[1].text``)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            out += _diff(a.get(key), b.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = []
        for i in range(max(len(a), len(b))):
            if i >= len(a):
                out.append(f"{path}[{i}] only in the database")
            elif i >= len(b):
                out.append(f"{path}[{i}] only in the file")
            else:
                out += _diff(a[i], b[i], f"{path}[{i}]")
        return out
    if a != b:
        return [f"{path}: {_short(a)} ≠ {_short(b)}"]
    return []


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"
