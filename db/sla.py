"""The SLA register: what one department commits to deliver to the other (rule 9).

An SLA is a two-key decision binding both departments: text, one owner in the
committing department, a metric, a target (at least, or at most), a unit and a
period (week, month or quarter). Each period's actual figure is recorded once
(the schema's unique index); a correction is a new row marked as one, and the
period then shows its latest figure. Met or missed is defined once, in the view
``sla_periods``. Retiring an SLA is a two-key proposal that supersedes it.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, write
from db.dates import stamp
from db.errors import Invalid, NotFound
from db.governance import bound_departments, insert_proposal, propose_retirement
from db.models import Decision, Person, Sla, SlaResult, governed_status, number
from db.permissions import require_record_sla
from db.text import optional, required

if TYPE_CHECKING:
    from sqlite_utils import Database

PERIODS = ("week", "month", "quarter")
_EXAMPLE = {"week": "2026-W48", "month": "2026-11", "quarter": "2026-Q4"}

_SELECT = """
SELECT s.id, s.text, f.name AS from_, t.name AS "to", s.owner_id, o.name AS owner,
       s.from_department_id, s.metric, s.target, s.unit, s.at_most, s.per, st.status,
       s.decision_id, s.created_at
FROM slas s
JOIN departments f ON f.id = s.from_department_id
JOIN departments t ON t.id = s.to_department_id
JOIN people o ON o.id = s.owner_id
JOIN decision_status st ON st.decision_id = s.decision_id
"""

_RESULTS = """
SELECT p.sla_id, p.period, p.actual, p.met, p.note, p.correction, p.at, r.name AS recorded_by
FROM sla_periods p JOIN sla_results x ON x.id = p.result_id JOIN people r ON r.id = x.recorded_by
WHERE p.sla_id IN ({ids}) ORDER BY p.sla_id, p.period
"""


def check_period(per: str, period: str) -> str:
    """``period`` as stored, when it is a period of kind ``per`` (2026-W48, 2026-11, 2026-Q4)."""
    value = period.strip().upper()
    ok = False
    if per == "week":
        m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
        if m:
            try:
                date.fromisocalendar(int(m[1]), int(m[2]), 1)
                ok = True
            except ValueError:
                ok = False
    elif per == "month":
        m = re.fullmatch(r"(\d{4})-(\d{2})", value)
        ok = bool(m and 1 <= int(m[2]) <= 12)
    elif per == "quarter":
        ok = re.fullmatch(r"\d{4}-Q[1-4]", value) is not None
    if not ok:
        raise Invalid(
            f"an SLA measured per {per} takes a period like {_EXAMPLE.get(per, '2026-11')}, "
            f"not {period!r}"
        )
    return value


def _figure(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise Invalid(f"{what} must be a number, not {value}")
    if value < 0:
        raise Invalid(f"{what} can't be negative ({number(value)})")
    return float(value)


def _attach(db: Database, slas: list[Sla]) -> list[Sla]:
    import dataclasses

    if not slas:
        return []
    ids = [s.id for s in slas]
    found: dict[int, list[SlaResult]] = {}
    for r in rows.rows(db, _RESULTS.format(ids=rows.placeholders(ids)), ids):
        found.setdefault(r["sla_id"], []).append(
            SlaResult(
                period=r["period"],
                actual=r["actual"],
                met=bool(r["met"]),
                note=r["note"],
                correction=bool(r["correction"]),
                at=r["at"],
                recorded_by=r["recorded_by"],
            )
        )
    return [dataclasses.replace(s, results=tuple(found.get(s.id, []))) for s in slas]


def _sla(row: dict[str, object]) -> Sla:
    return Sla(
        **{  # type: ignore[arg-type]
            **row,
            "at_most": bool(row["at_most"]),
            "status": governed_status(str(row["status"])),
        }
    )


def get_sla(db: Database, sla_id: int) -> Sla:
    row = rows.one(db, _SELECT + " WHERE s.id = ?", [sla_id])
    if row is None:
        raise NotFound("SLA", sla_id)
    return _attach(db, [_sla(row)])[0]


def list_slas(db: Database, *, every: bool = False) -> list[Sla]:
    """SLAs in force (``every``: whatever their status), each with every period's result."""
    where = "" if every else " WHERE st.status = 'in-force'"
    return _attach(db, [_sla(r) for r in rows.rows(db, _SELECT + where + " ORDER BY s.id")])


def propose_sla(
    db: Database,
    actor: Person,
    text: str,
    *,
    from_department: str | int,
    to_department: str | int,
    owner: str | int,
    metric: str,
    target: float,
    per: str,
    unit: str | None = None,
    at_most: bool = False,
    meeting_id: int | None = None,
    now: datetime | None = None,
) -> Sla:
    """A commitment ``from_department`` makes to ``to_department``: a two-key proposal
    binding both (anyone may propose); ``owner`` belongs to ``from_department``."""
    from db.people import get_department, get_person

    body = required(text, "an SLA's text", limit=20_000)
    what = required(metric, "an SLA's metric", single_line=True, limit=500)
    unit_text = optional(unit, "a unit", limit=100)
    goal = _figure(target, "an SLA's target")
    if per not in PERIODS:
        raise Invalid(f"an SLA is measured per week, month or quarter, not {per!r}")
    with write(db, actor, "sla.propose"):
        giver = get_department(db, from_department)
        taker = get_department(db, to_department)
        if giver.id == taker.id:
            raise Invalid(
                f"an SLA is a commitment between two departments, not {giver.name} to itself"
            )
        who = get_person(db, owner)
        if who.department_id != giver.id:
            raise Invalid(
                f"the owner of an SLA belongs to the committing department ({giver.name}); "
                f"{who.name} is in {who.department or 'no department'}"
            )
        bound = bound_departments(db, [giver.id, taker.id])
        bound_text = "at most" if at_most else "at least"
        unit_part = f" {unit_text}" if unit_text else ""
        summary = (
            f"SLA: {giver.name} commits to {taker.name}: {body} "
            f"({what} {bound_text} {number(goal)}{unit_part} per {per}; owner {who.name})"
        )
        decision_id = insert_proposal(db, actor, summary, "", bound, meeting_id=meeting_id, now=now)
        cur = db.execute(
            """INSERT INTO slas (text, from_department_id, to_department_id, owner_id, metric,
                                 target, unit, at_most, per, decision_id, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                body,
                giver.id,
                taker.id,
                who.id,
                what,
                goal,
                unit_text,
                int(at_most),
                per,
                decision_id,
                stamp(now),
            ],
        )
        assert cur.lastrowid is not None
        return get_sla(db, cur.lastrowid)


def record_result(
    db: Database,
    actor: Person,
    sla_id: int,
    period: str,
    actual: float,
    *,
    note: str | None = None,
    correct: bool = False,
    now: datetime | None = None,
) -> Sla:
    """A period's actual figure (the owner, the committing head, the admin). A period is
    recorded once; ``correct`` records a correction of a recorded one, shown as such."""
    figure = _figure(actual, "an actual figure")
    remark = optional(note, "a note", limit=20_000)
    with write(db, actor, "sla.record", subject=f"sla {sla_id}"):
        sla = get_sla(db, sla_id)
        require_record_sla(db, actor, sla.id, sla.owner_id, sla.owner, sla.from_department_id)
        if sla.status != "in-force":
            raise Invalid(
                f"SLA {sla_id} is {sla.status}, not in force: results are recorded while it is "
                "in force"
            )
        value = check_period(sla.per, period)
        earlier = next((r for r in sla.results if r.period == value), None)
        if earlier is not None and not correct:
            raise Invalid(
                f"SLA {sla_id} already has {value} recorded ({number(earlier.actual)}); a "
                "period is recorded once, and a change is recorded as a correction"
            )
        if earlier is None and correct:
            raise Invalid(f"SLA {sla_id} has no {value} recorded yet: there is nothing to correct")
        db.execute(
            """INSERT INTO sla_results (sla_id, period, actual, note, correction, recorded_by,
                                        delegated_by, at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [sla_id, value, figure, remark, int(correct), actor.id, delegated_by(db), stamp(now)],
        )
        return get_sla(db, sla_id)


def retire_sla(
    db: Database, actor: Person, sla_id: int, *, now: datetime | None = None
) -> Decision:
    """A two-key proposal to end an SLA in force (anyone): approved, the SLA is retired."""
    with write(db, actor, "sla.retire", subject=f"sla {sla_id}"):
        sla = get_sla(db, sla_id)
        if sla.status != "in-force":
            raise Invalid(
                f"SLA {sla_id} is {sla.status}, not in force: only an SLA in force is retired"
            )
        return propose_retirement(
            db, actor, f"Retire SLA {sla_id}: {sla.text}", sla.decision_id, now=now
        )


def missed_without_task(db: Database) -> list[tuple[Sla, SlaResult]]:
    """The latest period of each SLA in force, when it was missed and no task was created
    since it was recorded for someone of the committing department (rule 3)."""
    out = []
    for sla in list_slas(db):
        latest = sla.latest
        if latest is None or latest.met:
            continue
        since = db.execute(
            """SELECT 1 FROM tasks t JOIN people p ON p.id = t.owner_id
               WHERE p.department_id = ? AND t.created_at >= ? LIMIT 1""",
            [sla.from_department_id, latest.at],
        ).fetchone()
        if since is None:
            out.append((sla, latest))
    return out


def review(db: Database) -> list[tuple[Sla, SlaResult]]:
    """The latest recorded period of every SLA in force, missed first (the SLA review)."""
    found = [(s, s.latest) for s in list_slas(db) if s.latest is not None]
    return sorted(((s, r) for s, r in found if r is not None), key=lambda p: (p[1].met, p[0].id))
