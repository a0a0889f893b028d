"""Dataclasses returned to callers (never sqlite rows).

``to_json()`` gives each object in the shape ``--json`` promises to
scripts; the CLI and the JSON minutes both use it, so they can't drift apart.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime, timezone
from typing import Any

from db.lazyclass import dataclass


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    head_id: int | None
    head: str | None
    people: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "head": self.head, "people": self.people}


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    department_id: int | None
    department: str | None
    title: str
    email: str
    is_admin: bool
    is_head: bool
    login: str | None = None
    left_at: str | None = None  # when they left (None: still here)

    @property
    def has_left(self) -> bool:
        return self.left_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "department": self.department,
            "title": self.title,
            "email": self.email,
            "is_head": self.is_head,
            "is_admin": self.is_admin,
            "login": self.login,
            "left_at": self.left_at,
        }


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    department: str | None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "department": self.department}


@dataclass(frozen=True)
class TaskForce:
    id: int
    name: str
    problem: str
    lead_id: int
    lead: str
    members: tuple[Member, ...]
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "problem": self.problem,
            "lead": self.lead,
            "members": [m.to_json() for m in self.members],
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class Attendee:
    person_id: int
    name: str
    department: str | None
    present: bool

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "department": self.department, "present": self.present}


@dataclass(frozen=True)
class AgendaItem:
    id: int
    meeting_id: int
    position: int
    title: str
    presenter_id: int | None
    presenter: str | None
    department_id: int | None
    department: str | None
    minutes: int
    status: str  # pending, running, ended, done
    started_at: str | None
    ended_at: str | None
    resumed_at: str | None
    spent_seconds: int
    notes: str
    carried_from_id: int | None
    is_review: bool
    version: int

    def spent(self, now: datetime | None = None) -> int:
        """Seconds spent on the item, counting the running stretch up to ``now``.

        The one rule for time spent: the stored total of the stretches that ended
        (``spent_seconds``), plus, while it runs, the time since it (re)started. Ending an
        item stores this (``db.meetings``); the live screen's clock and the minutes read it.
        """
        total = self.spent_seconds
        if self.status == "running" and self.resumed_at:
            moment = now or datetime.now(timezone.utc)
            total += max(0, int((moment - datetime.fromisoformat(self.resumed_at)).total_seconds()))
        return total

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "position": self.position,
            "title": self.title,
            "presenter": self.presenter,
            "department": self.department,
            "minutes": self.minutes,
            "status": self.status,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "spent_minutes": round(self.spent_seconds / 60, 1),
            "notes": self.notes,
            "carried_from_id": self.carried_from_id,
        }


@dataclass(frozen=True)
class Meeting:
    id: int
    title: str
    at: str
    minutes: int
    status: str  # planned, running, closed
    facilitator_id: int
    facilitator: str
    task_force_id: int | None
    task_force: str | None
    previous_id: int | None
    started_at: str | None
    closed_at: str | None
    version: int
    attendees: tuple[Attendee, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    co_facilitator_id: int | None = None
    co_facilitator: str | None = None
    # "the heads of Sales and Marketing" when both facilitators head a department (else None)
    co_led_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "at": self.at,
            "minutes": self.minutes,
            "status": self.status,
            "facilitator": self.facilitator,
            "co_facilitator": self.co_facilitator,
            "co_led_by": self.co_led_by,
            "task_force": self.task_force,
            "previous_id": self.previous_id,
            "started_at": self.started_at,
            "closed_at": self.closed_at,
            "attendees": [a.to_json() for a in self.attendees],
            "agenda": [i.to_json() for i in self.agenda],
        }


@dataclass(frozen=True)
class Word:
    """A bound head's approval or objection to a two-key decision (a record, never edited).

    ``how`` is "signed" (the head, under their own login) or "in-meeting" (consent of a
    present head, recorded by the running meeting's facilitator, ``recorded_by``).
    """

    name: str
    department: str
    word: str  # approve, object
    how: str  # signed, in-meeting
    at: str
    recorded_by: str
    meeting_id: int | None = None
    reason: str = ""
    delegated_by: str | None = None

    def to_json(self) -> dict[str, Any]:
        if self.word == "object":
            return {
                "name": self.name,
                "department": self.department,
                "reason": self.reason,
                "at": self.at,
            }
        return {
            "name": self.name,
            "department": self.department,
            "how": self.how,
            "at": self.at,
            "recorded_by": self.recorded_by,
            "meeting_id": self.meeting_id,
            "delegated_by": self.delegated_by,
        }


@dataclass(frozen=True)
class Decision:
    id: int
    text: str
    rationale: str
    meeting_id: int | None
    agenda_item: int | None  # the item's position in its meeting
    agenda_item_id: int | None
    task_force_id: int | None
    task_force: str | None
    recorded_by: str
    recorded_at: str
    supersedes: int | None
    superseded_by: int | None = None
    delegated_by: str | None = None
    two_key: bool = False
    # in-force, proposed, blocked, superseded, withdrawn: the view decision_status decides
    status: str = "in-force"
    in_force_at: str | None = None
    binds: tuple[str, ...] = ()  # department names (two-key only)
    approvals: tuple[Word, ...] = ()  # the approval that counts, per bound department
    objections: tuple[Word, ...] = ()  # objections standing, per bound department
    waiting_for: tuple[str, ...] = ()  # bound heads whose approval is still missing
    history: tuple[Word, ...] = ()  # every word given on it, oldest first

    @property
    def is_open(self) -> bool:
        """A proposal still to be decided: proposed or blocked."""
        return self.status in ("proposed", "blocked")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "rationale": self.rationale,
            "meeting_id": self.meeting_id,
            "agenda_item": self.agenda_item,
            "task_force": self.task_force,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at,
            "supersedes": self.supersedes,
            "superseded_by": self.superseded_by,
            "delegated_by": self.delegated_by,
            "status": self.status,
            "two_key": self.two_key,
            "in_force_at": self.in_force_at,
            "binds": list(self.binds),
            "approvals": [w.to_json() for w in self.approvals],
            "objections": [w.to_json() for w in self.objections],
            "waiting_for": list(self.waiting_for),
            "history": [{"word": w.word, **w.to_json()} for w in self.history],
        }


@dataclass(frozen=True)
class Task:
    id: int
    title: str
    owner_id: int
    owner: str
    department_id: int | None
    department: str | None
    status: str  # open, done
    due: str | None
    meeting_id: int | None
    agenda_item_id: int | None
    decision_id: int | None
    assigned_by_id: int
    assigned_by: str
    created_at: str
    done_at: str | None
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "owner": self.owner,
            "department": self.department,
            "status": self.status,
            "due": self.due,
            "meeting_id": self.meeting_id,
            "decision_id": self.decision_id,
            "assigned_by": self.assigned_by,
            "created_at": self.created_at,
            "done_at": self.done_at,
        }


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str
    from_: str | None
    to: str
    reason: str
    delegated_by: str | None = None  # the admin who acted as ``actor`` (``--as``)

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "actor": self.actor,
            "from": self.from_,
            "to": self.to,
            "reason": self.reason,
            "delegated_by": self.delegated_by,
        }


@dataclass(frozen=True)
class Area:
    id: int
    area: str
    owner_id: int
    owner: str
    department_id: int
    department: str
    assigned_by: str
    assigned_at: str
    version: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "area": self.area,
            "owner": self.owner,
            "department": self.department,
            "assigned_by": self.assigned_by,
            "assigned_at": self.assigned_at,
        }


@dataclass(frozen=True)
class Amendment:
    id: int
    meeting_id: int
    text: str
    author: str
    at: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "author": self.author, "at": self.at}


@dataclass(frozen=True)
class Overlooked:
    """What rule 3 says must never be hidden."""

    overdue_tasks: list[Task] = field(default_factory=list)
    items_without_outcome: list[AgendaItem] = field(default_factory=list)
    decisions_without_follow_up: list[Decision] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # integrity or invariant damage
    # Rule 9: the latest period of an SLA in force that was missed, with no task created since
    missed_sla_periods: list[tuple[Sla, SlaResult]] = field(default_factory=list)
    open_proposals: list[Decision] = field(default_factory=list)  # proposed or blocked
    waiting_for_you: list[Decision] = field(default_factory=list)  # lacking the person's word


def number(value: float) -> int | float:
    """A figure as people write it: 12 rather than 12.0."""
    return int(value) if float(value).is_integer() else value


def governed_status(decision_status: str) -> str:
    """A lead definition's or SLA's status from the two-key decision behind it."""
    return "retired" if decision_status == "superseded" else decision_status


@dataclass(frozen=True)
class LeadDefinition:
    """One version of the sales-ready lead definition (two-key: both heads agree on it)."""

    id: int
    version: int
    text: str
    criteria: tuple[str, ...]
    status: str  # proposed, in-force, blocked, superseded, withdrawn
    decision_id: int
    in_force_since: str | None
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "text": self.text,
            "criteria": list(self.criteria),
            "status": self.status,
            "decision_id": self.decision_id,
            "in_force_since": self.in_force_since,
            "created_at": self.created_at,
        }


@dataclass(frozen=True)
class SlaResult:
    """A period's figure (the latest, when corrected) and whether it met the target."""

    period: str
    actual: float
    met: bool
    note: str
    correction: bool  # the figure shown corrects an earlier one
    at: str
    recorded_by: str

    def to_json(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "actual": number(self.actual),
            "met": self.met,
            "note": self.note,
            "correction": self.correction,
            "at": self.at,
            "recorded_by": self.recorded_by,
        }


@dataclass(frozen=True)
class Sla:
    """A commitment one department makes to another, with each period's result."""

    id: int
    text: str
    from_: str
    to: str
    owner_id: int
    owner: str
    from_department_id: int
    metric: str
    target: float
    unit: str
    at_most: bool
    per: str  # week, month, quarter
    status: str  # proposed, in-force, blocked, retired, withdrawn
    decision_id: int
    created_at: str
    results: tuple[SlaResult, ...] = ()  # oldest period first

    @property
    def latest(self) -> SlaResult | None:
        return self.results[-1] if self.results else None

    def target_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        bound = "at most" if self.at_most else "at least"
        return f"{self.metric} {bound} {number(self.target)}{unit} per {self.per}"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "from": self.from_,
            "to": self.to,
            "owner": self.owner,
            "metric": self.metric,
            "target": number(self.target),
            "unit": self.unit,
            "at_most": self.at_most,
            "per": self.per,
            "status": self.status,
            "decision_id": self.decision_id,
            "created_at": self.created_at,
            "results": [r.to_json() for r in self.results],
        }
