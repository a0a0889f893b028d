"""Shared goals (issue 14): big-picture targets sales and marketing win or lose on together.

A goal is a two-key decision binding every department with a head (rule 9): text,
a target above zero, a unit, a due date and one owner. While it is in force, its
owner, a head or the admin records progress (a deal's revenue, a month's leads),
optionally credited to a department; a negative amount corrects. The value is the
sum of the records, progress is value / target (0 to 1), ``by_department`` the sum
per credited department. A goal is on track when its progress is at least the share
of time elapsed from the day it came into force to its due date (``elapsed_share``,
``on_track``: the one definition). Retiring a goal is a two-key proposal that
supersedes it.

Records count only towards a goal in force: the schema's trigger
``goal_records_in_force`` refuses anything else, whatever writes.
"""

from __future__ import annotations

import math
from dataclasses import field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from db import rows
from db.audit import delegated_by, write
from db.dates import local_today, parse_date, stamp
from db.errors import Invalid, NotFound
from db.governance import bound_departments, insert_proposal, propose_retirement
from db.lazyclass import dataclass
from db.models import Decision, Meeting, Person, governed_status, number
from db.permissions import require_record_goal
from db.text import optional, required

if TYPE_CHECKING:
    from sqlite_utils import Database

UNCREDITED = "uncredited"


@dataclass(frozen=True)
class Goal:
    """A shared goal with its value so far (``today``: the day on-track is judged for)."""

    id: int
    text: str
    target: float
    unit: str
    due: str  # YYYY-MM-DD
    owner_id: int
    owner: str
    status: str  # proposed, in-force, blocked, retired, withdrawn
    decision_id: int
    in_force_since: str | None
    created_at: str
    value: float = 0.0
    by_department: dict[str, float] = field(default_factory=dict)
    uncredited: float = 0.0
    today: str = ""
    # The share of its time gone (from coming into force to due) on ``today``; None unless
    # in force (``elapsed_share``).
    elapsed: float | None = None

    @property
    def progress(self) -> float:
        """value / target, within 0 and 1."""
        return min(1.0, max(0.0, self.value / self.target)) if self.target > 0 else 0.0

    @property
    def on_track(self) -> bool | None:
        """Progress at least the share of time elapsed; None unless in force."""
        share = self.elapsed
        return None if share is None else on_track(self.progress, share)

    def share_of(self, department: str) -> float:
        """A department's contribution as a share of the target (0 to 1, for a bar)."""
        part = self.by_department.get(department, 0.0)
        return min(1.0, max(0.0, part / self.target)) if self.target > 0 else 0.0

    def target_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{number(self.target)}{unit} by {self.due}"

    def value_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{number(round(self.value, 2))}/{number(self.target)}{unit}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "target": number(self.target),
            "unit": self.unit,
            "due": self.due,
            "owner": self.owner,
            "status": self.status,
            "value": number(round(self.value, 6)),
            "progress": round(self.progress, 6),
            "by_department": {k: number(round(v, 6)) for k, v in self.by_department.items()},
            "uncredited": number(round(self.uncredited, 6)),
            "on_track": self.on_track,
            "elapsed": None if self.elapsed is None else round(self.elapsed, 6),
            "in_force_since": self.in_force_since,
            "decision_id": self.decision_id,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class GoalProgress:
    """What a goal gained since a moment (the agenda's and the minutes' "Shared goals")."""

    goal: Goal
    gained: float
    gained_by_department: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        return {
            "goal_id": self.goal.id,
            "text": self.goal.text,
            "value": number(round(self.goal.value, 6)),
            "target": number(self.goal.target),
            "unit": self.goal.unit,
            "due": self.goal.due,
            "progress": round(self.goal.progress, 6),
            "on_track": self.goal.on_track,
            "gained": number(round(self.gained, 6)),
            "gained_by_department": {
                k: number(round(v, 6)) for k, v in self.gained_by_department.items()
            },
        }

    def line(self) -> str:
        """One line in plain words (agenda notes, minutes)."""
        g = self.goal
        unit = f" {g.unit}" if g.unit else ""
        parts = ", ".join(
            f"{dept} {_signed(v)}" for dept, v in sorted(self.gained_by_department.items())
        )
        since = f"{_signed(self.gained)}{unit} since the last meeting" + (
            f" ({parts})" if parts else ""
        )
        track = {True: "on track", False: "behind", None: g.status}[g.on_track]
        return (
            f"Goal {g.id}: {_short(g.text)} — {g.value_text()} ({round(g.progress * 100)}%, "
            f"due {g.due}, {track}); {since}"
        )


def _signed(value: float) -> str:
    shown = number(round(value, 2))
    return f"+{shown}" if value >= 0 else str(shown)


def _short(text: str, limit: int = 80) -> str:
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= limit else first[: limit - 1] + "…"


# --- the one definition of "on track" ----------------------------------------------------


def elapsed_share(start: date, due: date, today: date) -> float:
    """The share of the time from ``start`` to ``due`` gone by ``today`` (0 to 1)."""
    total = (due - start).days
    if total <= 0:
        return 1.0 if today >= due else 0.0
    return min(1.0, max(0.0, (today - start).days / total))


def on_track(progress: float, elapsed: float) -> bool:
    """A goal is on track when its progress is at least the share of its time elapsed."""
    return progress >= elapsed


# --- reading -----------------------------------------------------------------------------

_SELECT = """
SELECT g.id, g.text, g.target, g.unit, g.due, g.owner_id, o.name AS owner, st.status,
       g.decision_id, st.in_force_at AS in_force_since, g.created_at,
       date(st.in_force_at, 'localtime') AS in_force_day
FROM goals g
JOIN people o ON o.id = g.owner_id
JOIN decision_status st ON st.decision_id = g.decision_id
"""

_SUMS = """
SELECT r.goal_id, d.name AS department, SUM(r.amount) AS amount
FROM goal_records r LEFT JOIN departments d ON d.id = r.department_id
WHERE {where}
GROUP BY r.goal_id, r.department_id
"""

Sums = dict[int, tuple[float, dict[str, float], float]]


def _sums(
    db: Database, ids: list[int] | None, since: str | None = None, until: str | None = None
) -> Sums:
    """Per goal: (total, per department, uncredited) of the records after ``since`` and up
    to ``until`` (timestamps; None: no bound); ``ids`` None: every goal, in one query."""
    out: Sums = {}
    bounds, extra = ["1"], []
    if since is not None:
        bounds.append("r.at > ?")
        extra.append(since)
    if until is not None:
        bounds.append("r.at <= ?")
        extra.append(until)
    chunks: list[list[int] | None] = (
        [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
    )
    for chunk in chunks:
        where = list(bounds)
        if chunk is not None:
            where.append(f"r.goal_id IN ({rows.placeholders(chunk)})")
        sql = _SUMS.format(where=" AND ".join(where))
        for goal_id, dept, amount in db.execute(sql, [*extra, *(chunk or [])]):
            total, per, loose = out.get(goal_id, (0.0, {}, 0.0))
            if dept is None:
                loose += amount
            else:
                per[dept] = per.get(dept, 0.0) + amount
            out[goal_id] = (total + amount, per, loose)
    return out


def _goals(db: Database, found: list[dict[str, Any]], today: date | None) -> list[Goal]:
    day = today or local_today()
    ids = [int(r["id"]) for r in found]
    # Many goals: one pass over every record beats a long IN list.
    sums = _sums(db, None if len(ids) > 100 else ids) if ids else {}
    out = []
    for r in found:
        total, per, loose = sums.get(int(r["id"]), (0.0, {}, 0.0))
        start = r.pop("in_force_day")
        status = governed_status(str(r.pop("status")))
        elapsed = None
        if status == "in-force" and start:
            elapsed = elapsed_share(date.fromisoformat(start), date.fromisoformat(r["due"]), day)
        out.append(
            Goal(
                **r,
                status=status,
                value=total,
                by_department=dict(sorted(per.items())),
                uncredited=loose,
                today=day.isoformat(),
                elapsed=elapsed,
            )
        )
    return out


def get_goal(db: Database, goal_id: int, *, today: date | None = None) -> Goal:
    found = rows.rows(db, _SELECT + " WHERE g.id = ?", [goal_id])
    if not found:
        raise NotFound("goal", goal_id)
    return _goals(db, found, today)[0]


def list_goals(
    db: Database, *, in_force_only: bool = False, today: date | None = None
) -> list[Goal]:
    """Every goal (``in_force_only``: those in force), by due date then id, with its value."""
    where = " WHERE st.status = 'in-force'" if in_force_only else ""
    found = rows.rows(db, _SELECT + where + " ORDER BY g.due, g.id")
    return _goals(db, found, today)


def goals_in_force(
    db: Database, *, limit: int, today: date | None = None
) -> tuple[list[Goal], int]:
    """The first ``limit`` goals in force (``list_goals`` order: due date, then id), with
    their values, and how many goals are in force in all.

    As quick with 10,000 goals as with ten: the goals are walked by due date (m010's
    index) until ``limit`` are in force, and only their records are summed; the count
    asks only each goal's status."""
    found = rows.rows(
        db,
        _SELECT + " WHERE st.status = 'in-force' ORDER BY g.due, g.id LIMIT ?",
        [limit],
    )
    (count,) = db.execute(
        """SELECT COUNT(*) FROM goals g
           JOIN decision_status st ON st.decision_id = g.decision_id
           WHERE st.status = 'in-force'"""
    ).fetchone()
    return _goals(db, found, today), int(count)


def progress_since(
    db: Database, since: str | None, *, until: str | None = None, today: date | None = None
) -> list[GoalProgress]:
    """Each goal in force, with what it gained after ``since`` (a timestamp; None: ever)
    and up to ``until`` (its value counts records up to ``until`` too, when given)."""
    return progress_of(db, list_goals(db, in_force_only=True, today=today), since, until)


def progress_of(
    db: Database, goals: list[Goal], since: str | None, until: str | None = None
) -> list[GoalProgress]:
    """``goals`` with what each gained after ``since`` and up to ``until`` (timestamps; None:
    no bound); with ``until``, each goal's value is its value then."""
    if not goals:
        return []
    ids = [g.id for g in goals]
    if until is not None:
        sums = _sums(db, ids, until=until)
        goals = [_with(g, sums.get(g.id)) for g in goals]
    gained = _sums(db, ids, since=since, until=until)
    out = []
    for g in goals:
        amount, per, _loose = gained.get(g.id, (0.0, {}, 0.0))
        out.append(GoalProgress(g, amount, dict(sorted(per.items()))))
    return out


def _with(goal: Goal, sums: tuple[float, dict[str, float], float] | None) -> Goal:
    total, per, loose = sums or (0.0, {}, 0.0)
    return replace(goal, value=total, by_department=dict(sorted(per.items())), uncredited=loose)


def held_at(meeting: Meeting) -> str:
    """When a meeting was held, as a stored timestamp (its close, else start, else its time):
    the "since the last meeting" of the next meeting's goals."""
    if meeting.closed_at:
        return meeting.closed_at
    if meeting.started_at:
        return meeting.started_at
    return stamp(datetime.fromisoformat(meeting.at))


# --- writing -----------------------------------------------------------------------------


def _amount(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise Invalid(f"{what} must be a number, not {value}")
    return float(value)


def propose_goal(
    db: Database,
    actor: Person,
    text: str,
    *,
    target: float,
    due: date | str,
    owner: str | int,
    unit: str | None = None,
    meeting_id: int | None = None,
    now: datetime | None = None,
) -> Goal:
    """A shared goal: a two-key proposal (anyone may propose) binding every department with
    a head; in force once each of their heads approved it."""
    from db.people import get_person

    body = required(text, "a goal's text", limit=20_000)
    unit_text = optional(unit, "a unit", limit=100)
    goal = _amount(target, "a goal's target")
    if goal <= 0:
        raise Invalid(f"a goal's target must be above zero, not {number(goal)}")
    today = local_today(now)
    day = due if isinstance(due, date) else parse_date(due, today=today)
    if day < today:
        raise Invalid(
            f"a new goal's due date can't be in the past ({day.isoformat()}; today is "
            f"{today.isoformat()})"
        )
    with write(db, actor, "goal.propose"):
        who = get_person(db, owner)
        bound = bound_departments(db, None)
        unit_part = f" {unit_text}" if unit_text else ""
        summary = (
            f"Shared goal: {body} ({number(goal)}{unit_part} by {day.isoformat()}; "
            f"owner {who.name})"
        )
        decision_id = insert_proposal(db, actor, summary, "", bound, meeting_id=meeting_id, now=now)
        cur = db.execute(
            """INSERT INTO goals (text, target, unit, due, owner_id, decision_id, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [body, goal, unit_text, day.isoformat(), who.id, decision_id, stamp(now)],
        )
        assert cur.lastrowid is not None
        return get_goal(db, cur.lastrowid, today=today)


def record_progress(
    db: Database,
    actor: Person,
    goal_id: int,
    amount: float,
    *,
    department: str | int | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Goal:
    """Add ``amount`` of progress (negative corrects) to a goal in force, optionally credited
    to ``department`` (its owner, a head, the admin)."""
    from db.people import get_department

    figure = _amount(amount, "an amount")
    if figure == 0:
        raise Invalid("an amount of 0 changes nothing; record what was gained (negative corrects)")
    remark = optional(note, "a note", limit=20_000)
    with write(db, actor, "goal.record", subject=f"goal {goal_id}"):
        goal = get_goal(db, goal_id)
        require_record_goal(db, actor, goal.id, goal.owner_id, goal.owner)
        if goal.status != "in-force":
            raise Invalid(
                f"goal {goal_id} is {goal.status}, not in force: progress is recorded while it "
                "is in force"
            )
        dept = get_department(db, department) if department is not None else None
        db.execute(
            """INSERT INTO goal_records (goal_id, amount, department_id, note, recorded_by,
                                         delegated_by, at)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [
                goal_id,
                figure,
                dept.id if dept else None,
                remark,
                actor.id,
                delegated_by(db),
                stamp(now),
            ],
        )
        return get_goal(db, goal_id, today=local_today(now))


def retire_goal(
    db: Database, actor: Person, goal_id: int, *, now: datetime | None = None
) -> Decision:
    """A two-key proposal to end a goal in force (anyone): approved, the goal is retired."""
    with write(db, actor, "goal.retire", subject=f"goal {goal_id}"):
        goal = get_goal(db, goal_id)
        if goal.status != "in-force":
            raise Invalid(
                f"goal {goal_id} is {goal.status}, not in force: only a goal in force is retired"
            )
        return propose_retirement(
            db, actor, f"Retire shared goal {goal_id}: {goal.text}", goal.decision_id, now=now
        )
