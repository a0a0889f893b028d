"""The demo's agreements (rule 9): a lead definition at version 2, three SLAs with six months
of results, and a proposal blocked by an objection — played through ``db.governance``,
``db.lead`` and ``db.sla`` like any other story step.

A head's approval is theirs alone, given under their own login. The demo's heads have
no logins on this machine, so while the story runs each head is bound to a stand-in
login (``demo-maya``...) that the story switches to when that head acts; the bindings
are removed at the end. The audit log records the stand-in logins as they were.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from db import governance
from db.audit import write
from db.identity import session_of
from db.lead import propose_lead
from db.models import Person
from db.sla import propose_sla, record_result

if TYPE_CHECKING:
    from sqlite_utils import Database

HEAD_LOGINS = {"Maya Chen": "demo-maya", "Lena Park": "demo-lena"}

LEAD_V1 = (
    "A company of 50+ employees in a target industry, with a named buyer role and a demo "
    "request or pricing-page visit in the last 14 days.",
    ("50+ employees", "Target industry", "Named buyer role", "Demo request or pricing visit"),
)
LEAD_V2 = (
    "A company of 50+ employees in a target industry, with a named buyer role, a confirmed "
    "budget this year, and a demo request or pricing-page visit in the last 7 days.",
    (
        "50+ employees",
        "Target industry",
        "Named buyer role",
        "Budget confirmed for this year",
        "Demo request or pricing visit in the last 7 days",
    ),
)

# text, from, to, owner, metric, target, unit, at most, monthly results (oldest first), notes
SLAS = (
    (
        "Marketing hands Sales enough sales-ready leads every month.",
        "Marketing",
        "Sales",
        "Kofi Mensah",
        "sales-ready leads",
        40,
        "leads",
        False,
        (42, 38, 45, 41, 36, 44),
        {1: "Trade show moved to the next month", 4: "Paid search paused for the budget review"},
    ),
    (
        "Sales gives Marketing feedback on every sales-ready lead it received.",
        "Sales",
        "Marketing",
        "Priya Nair",
        "leads with feedback",
        90,
        "%",
        False,
        (92, 85, 95, 91, 93, 86),
        {5: "Two reps on leave; feedback backlog"},
    ),
    (
        "Sales calls every sales-ready lead quickly.",
        "Sales",
        "Marketing",
        "Sara Ito",
        "hours to first call",
        24,
        "hours",
        True,
        (20, 26, 22, 18, 30, 21),
        {1: "New SDR onboarding", 4: "End-of-quarter crunch"},
    ),
)

BLOCKED = (
    "Split the events budget 50/50 between Sales and Marketing from next quarter.",
    "Field events bring both teams leads; one shared budget stops the yearly tug of war.",
    "Sales' share of next quarter's budget is not agreed yet; bring the numbers first.",
)


def _months_back(today: date, n: int) -> date:
    """The first day of the month ``n`` months before ``today``'s month."""
    year, month = today.year, today.month - n
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


class Agreements:
    def __init__(self, db: Database, now: datetime, cast: dict[str, Person], admin: Person):
        self.db = db
        self.now = now
        self.cast = cast
        self.admin = admin

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour, 0), tzinfo=self.now.astimezone().tzinfo)

    @contextlib.contextmanager
    def as_head(self, name: str) -> Iterator[Person]:
        """Act as head ``name`` under their stand-in login."""
        session = session_of(self.db)
        before = session.login
        session.login = HEAD_LOGINS[name]
        try:
            yield self.cast[name]
        finally:
            session.login = before

    def both_approve(self, decision_id: int, when: datetime) -> None:
        for n, name in enumerate(HEAD_LOGINS):
            with self.as_head(name) as head:
                governance.approve(self.db, head, decision_id, now=when + timedelta(hours=n + 1))

    def bind(self, bound: bool) -> None:
        with write(self.db, self.admin, "demo.logins", subject="demo heads"):
            for name, login in HEAD_LOGINS.items():
                self.db.execute(
                    "UPDATE people SET login = ? WHERE id = ?",
                    [login if bound else None, self.cast[name].id],
                )

    def build(self) -> None:
        self.bind(True)
        try:
            self.lead()
            self.slas()
            self.blocked()
        finally:
            self.bind(False)

    def lead(self) -> None:
        kofi = self.cast["Kofi Mensah"]
        first = self.now - timedelta(days=40)
        v1 = propose_lead(self.db, kofi, LEAD_V1[0], LEAD_V1[1], now=first)
        self.both_approve(v1.decision_id, first + timedelta(days=1))
        second = self.now - timedelta(days=9)
        v2 = propose_lead(self.db, kofi, LEAD_V2[0], LEAD_V2[1], now=second)
        self.both_approve(v2.decision_id, second + timedelta(days=1))

    def slas(self) -> None:
        today = self.now.astimezone().date()
        # Agreed soon after the company started on Tandem; earlier months backfilled then.
        start = self.now - timedelta(days=50)
        for text, giver, taker, owner, metric, target, unit, at_most, figures, notes in SLAS:
            made = propose_sla(
                self.db,
                self.cast["Priya Nair"],
                text,
                from_department=giver,
                to_department=taker,
                owner=owner,
                metric=metric,
                target=target,
                unit=unit,
                at_most=at_most,
                per="month",
                now=start,
            )
            self.both_approve(made.decision_id, start + timedelta(days=2))
            for k, figure in enumerate(figures):
                month = _months_back(today, 6 - k)
                recorded = max(
                    self.at(_months_back(today, 5 - k) + timedelta(days=1), 9),
                    start + timedelta(days=3, hours=k),
                )
                record_result(
                    self.db,
                    self.cast[owner],
                    made.id,
                    month.strftime("%Y-%m"),
                    figure,
                    note=notes.get(k),
                    now=min(recorded, self.now - timedelta(hours=6)),
                )

    def blocked(self) -> None:
        text, why, objection = BLOCKED
        proposed = self.now - timedelta(days=3)
        made = governance.propose(
            self.db, self.cast["Hana Sato"], text, rationale=why, now=proposed
        )
        with self.as_head("Lena Park") as lena:
            governance.approve(self.db, lena, made.id, now=proposed + timedelta(hours=3))
        with self.as_head("Maya Chen") as maya:
            governance.object_to(
                self.db, maya, made.id, objection, now=proposed + timedelta(days=1)
            )
