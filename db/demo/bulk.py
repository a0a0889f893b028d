"""Synthetic history for the demo and the benchmarks: people, closed meetings, tasks.

Inserted directly, in batches inside ``immediate()`` transactions, and kept
consistent with what ``db.check.damage()`` verifies: each task has exactly
one owner and a history that ends with that owner, ``done_at`` is set exactly
when a task is done, no two open tasks share a title key (rule 2), and a
meeting is closed only after its agenda, attendance, decisions and action
items went in (closed meetings are frozen by triggers).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from db.audit import audited_batch
from db.connection import immediate
from db.dates import local_iso, stamp
from db.demo.ideas import bulk_ideas
from db.demo.script import email_of
from db.lazyclass import dataclass
from db.text import name_key, name_skeleton, title_key

if TYPE_CHECKING:
    from sqlite_utils import Database

BATCH = 4_000


class Rng(random.Random):
    """A seeded source with cheaper ``choice``/``randint`` (the bulk draws millions)."""

    def choice(self, seq):  # type: ignore[no-untyped-def, override]
        return seq[int(self.random() * len(seq))]

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


Progress = Callable[[int, int], None]
# A bulk meeting as the tasks see it: id, time, facilitator, agenda item ids, decision ids.
Held = tuple[int, datetime, int, list[int], list[int]]
NOTES = (
    "",
    "",
    "Agreed next steps.",
    "Numbers shared in the channel.",
    "Discussed; see action items.",
)

# fmt: off
VERBS = (
    "Update", "Draft", "Review", "Send", "Prepare", "Schedule", "Follow up on", "Finalize",
    "Collect", "Analyze", "Share", "Publish", "Refresh", "Clean up", "Set up", "Plan", "Confirm",
    "Revise", "Present", "Audit", "Document", "Book", "Negotiate", "Map", "Segment", "Test",
    "Launch", "Measure", "Translate", "Record", "Qualify", "Approve", "Escalate", "Onboard",
    "Estimate", "Benchmark", "Summarize", "Proofread", "Archive", "Prioritize",
)
OBJECTS = (
    "case study", "pricing proposal", "renewal quote", "webinar landing page", "lead scoring rules",
    "nurture email sequence", "battlecard", "pipeline forecast", "QBR deck", "demo environment",
    "ROI calculator", "reference call", "win/loss interview", "trade show booth", "press release",
    "product one-pager", "SEO keyword plan", "LinkedIn ad campaign", "CRM field mapping",
    "contract redlines", "onboarding checklist", "NPS survey results", "churn risk report",
    "sales playbook", "persona research", "co-marketing plan", "newsletter", "event invite list",
    "discount approval", "security questionnaire", "RFP response", "account plan", "territory plan",
    "intent data review", "MQL to SQL report", "attribution model", "competitive analysis",
    "testimonial video", "blog post", "email templates", "price list", "usage report",
    "executive sponsor intro", "budget request", "campaign brief", "lead list", "demo script",
    "follow-up email", "partner deck", "SLA report",
)
ACCOUNTS = (
    "Globex", "Umbra Retail", "Alder Health", "Brightwater Energy", "Cobalt Insurance",
    "Helix Pharma", "Juniper Schools", "Kestrel Aerospace", "Lumen Telecom", "Meridian Hotels",
    "Nimbus Cloud", "Orchid Cosmetics", "Pinnacle Bank", "Quarry Construction", "Redwood Logistics",
    "Sable Fashion", "Tidal Energy", "Urban Grocers", "Vertex Robotics", "Willow Care",
    "Zephyr Mobility", "Fjord Freight", "Granite Foods", "Harbor Shipping", "Ironclad Security",
    "Jasper Media", "Kite Payments", "Larch Furniture", "Maple Dairy", "Northgate Mall",
    "Oakridge Clinics", "Polar Cold Chain", "Quill Publishing", "Riverbend Water", "Summit Outdoor",
    "Topaz Jewelry", "Unity Credit Union", "Valley Farms", "Westwind Airlines", "Yarrow Labs",
    "Azure Marine", "Beacon Realty", "Cedar Paper", "Delta Textiles", "Ember Games",
    "Falcon Couriers", "Gulf Chemicals", "Hollow Pines Resorts", "Indigo Apparel",
    "Jade Electronics", "Keystone Steel", "Lotus Wellness", "Mosaic Tiles", "Nova Biotech",
    "Onyx Motors", "Prairie Seeds", "Ridge Mining", "Solstice Solar", "Tundra Gear", "Vista Optics",
)
REGIONS = (
    "EMEA", "DACH", "Nordics", "UK & Ireland", "Benelux", "North America", "APAC", "LATAM",
    "Iberia", "France",
)
SEGMENTS = (
    "enterprise", "mid-market", "SMB", "public sector", "healthcare", "retail", "manufacturing",
    "fintech",
)
CHANNELS = (
    "webinar", "LinkedIn", "email", "events", "partners", "outbound", "inbound", "podcast",
)
FIRST = (
    "Aisha", "Ben", "Carla", "Dmitri", "Eva", "Felix", "Grace", "Hugo", "Ines", "Jamal", "Kira",
    "Liam", "Mina", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera",
    "Wen", "Ximena", "Yusuf", "Zoe", "Anders", "Bianca", "Chidi", "Dana", "Emil", "Farah", "Gustav",
    "Helga", "Ivan", "Julia", "Kenji", "Leila", "Marco", "Nadia",
)
LAST = (
    "Abbott", "Bianchi", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Horvat", "Iyer",
    "Jansen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Petrov", "Quinto", "Rahman",
    "Schmidt", "Tanaka", "Ueda", "Varga", "Wagner", "Xu", "Yilmaz", "Zhang", "Andersen", "Brennan",
    "Cruz", "Dahl", "Esposito", "Ferreira", "Gomez", "Hansen", "Ibrahim", "Jovanovic", "Kim",
    "Lopez", "Meyer", "Nguyen",
)
TITLES = {
    "Sales": (
        "Account Executive", "Sales Development Rep", "Key Account Manager", "Sales Engineer",
        "Customer Success Manager", "Sales Operations Analyst",
    ),
    "Marketing": (
        "Content Marketer", "Campaign Manager", "Marketing Operations Analyst",
        "Product Marketing Manager", "Events Marketer", "Demand Generation Manager",
    ),
}
MEETING_SERIES = (
    "Pipeline review: {region}", "Account planning: {account}", "Campaign sync: {channel}",
    "Content council", "Deal desk", "Partner marketing sync", "Field ideas round-up",
    "SLA check-in: {region}",
)
ITEM_TITLES = (
    "Pipeline by stage", "Deals at risk", "Lead quality feedback", "Campaign results",
    "Upcoming events", "Content requests from Sales", "Ideas from the field",
    "SLA: follow-up times", "Win/loss notes", "Next steps for {account}", "Forecast for {region}",
    "Budget for {channel}",
)
DECISIONS = (
    ("Sales follows up {segment} leads from {channel} within one business day",
     "Response time was the main complaint in win/loss interviews"),
    ("Marketing runs a {channel} campaign for {account} before the renewal",
     "The account team asked for air cover ahead of the pricing talk"),
    ("Pricing exceptions for {segment} deals need the head of Sales' approval",
     "Discounts drifted upward without anyone deciding it"),
    ("The {region} pipeline review moves to a fortnightly rhythm",
     "Weekly reviews repeated the same numbers"),
    ("Leads from {channel} count as sales-ready only with a named buyer role",
     "Contact rates on anonymous leads were below ten percent"),
    ("{account} gets a named contact in Marketing for case study work",
     "Two requests were answered twice by different people"),
    ("Webinar recordings are sent to {segment} prospects within 24 hours",
     "Engagement halves after the first day"),
    ("Budget for {channel} is shifted to {region} for next quarter",
     "Cost per sales-ready lead there is a third lower"),
)
REASONS = (
    "workload", "territory change", "owner on leave", "account moved to key accounts", "better fit",
)
# fmt: on


@dataclass
class Bulk:
    db: Database
    now: datetime
    rng: random.Random
    people: int
    meetings: int
    staff: list[tuple[int, int, int | None]] = field(default_factory=list)
    by_dept: dict[int, list[int]] = field(default_factory=dict)
    head: dict[int, int | None] = field(default_factory=dict)
    dept: dict[int, int] = field(default_factory=dict)
    open_keys: set[str] = field(default_factory=set)
    last_in_series: dict[str, int] = field(default_factory=dict)
    start: datetime = datetime.min

    def pick(self, template: str) -> str:
        r = self.rng
        return template.format(
            account=r.choice(ACCOUNTS),
            region=r.choice(REGIONS),
            segment=r.choice(SEGMENTS),
            channel=r.choice(CHANNELS),
        )

    def title(self) -> str:
        r = self.rng
        verb, obj = r.choice(VERBS), r.choice(OBJECTS)
        shape = r.random()
        if shape < 0.4:
            return f"{verb} {obj} for {r.choice(ACCOUNTS)}"
        if shape < 0.6:
            return f"{verb} {obj} ({r.choice(REGIONS)})"
        if shape < 0.75:
            return f"{verb} {r.choice(SEGMENTS)} {obj}"
        if shape < 0.9:
            return f"{verb} {obj} for Q{r.randint(1, 4)} {self.now.year + r.randint(-2, 0)}"
        return f"{verb} {obj} with {r.choice(ACCOUNTS)}, {r.choice(CHANNELS)}"

    def build(self, total: int, progress: Progress | None) -> None:
        db = self.db
        self.add_people()
        self.staff = [
            (r[0], r[1], r[2])
            for r in db.execute(
                "SELECT p.id, p.department_id, d.head_id FROM people p JOIN departments d ON d.id = p.department_id"
            )
        ]
        for pid, dept, head in self.staff:
            self.by_dept.setdefault(dept, []).append(pid)
            self.head[pid] = head
            self.dept[pid] = dept
        self.open_keys = {
            r[0] for r in db.execute("SELECT title_key FROM tasks WHERE status = 'open'")
        }
        # Bulk meetings fill the years before the story's weekly series began.
        story_start = self.now - timedelta(weeks=6)
        span = max(60, min(3 * 365, self.meetings // 8 + 60))
        self.start = story_start - timedelta(days=span)
        batches = max(1, -(-total // BATCH))
        done = 0
        seconds = (story_start - self.start).total_seconds() - 7200
        timeline = sorted(
            self.start + timedelta(seconds=self.rng.uniform(0, seconds))
            for _ in range(self.meetings)
        )
        # The full-text triggers index one row at a time; indexing each batch in
        # one statement is faster. The triggers are dropped and recreated inside
        # the batch's transaction, so every commit leaves schema and index whole.
        triggers = dict(
            db.execute(
                "SELECT name, sql FROM sqlite_master WHERE name IN ('tasks_ai', 'decisions_ai')"
            ).fetchall()
        )
        # Generated data can be generated again: for the bulk, a bigger cache, no
        # fsync per batch and one checkpoint at the end (restored afterwards).
        saved = {
            name: db.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("cache_size", "synchronous", "wal_autocheckpoint", "foreign_keys")
        }
        db.execute("PRAGMA cache_size = -65536")
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        # Every reference is drawn from rows that exist; checking each of the
        # seven per task costs more than the insert (tests run foreign_key_check).
        db.execute("PRAGMA foreign_keys = OFF")
        try:
            for b in range(batches):
                count = min(BATCH, total - done)
                chunk = timeline[b * len(timeline) // batches : (b + 1) * len(timeline) // batches]
                with immediate(db), audited_batch(db, f"demo batch {b + 1} of {batches}"):
                    self.write_batch(chunk, count, triggers)
                done += count
                if progress is not None:
                    progress(done, total)
            goals = max(1, total // 100)
            with immediate(db), audited_batch(db, f"demo goals ({goals})"):
                self.add_goals(goals)
            if total >= 10:  # ideas from the field: one for every ten tasks (db.demo.ideas)
                with immediate(db), audited_batch(db, "demo ideas"):
                    bulk_ideas(db, self.rng, self.now, self.start, total // 10)
        finally:
            for name, value in saved.items():
                db.execute(f"PRAGMA {name} = {int(value)}")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def write_batch(self, chunk: list[datetime], count: int, triggers: dict[str, str]) -> None:
        db = self.db
        for name in triggers:
            db.execute(f"DROP TRIGGER {name}")
        first_decision = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM decisions").fetchone()[0]
        held = self.add_meetings(chunk)
        first = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM tasks").fetchone()[0]
        rows, history = self.make_tasks(count, first, held)
        db.conn.executemany(
            """INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, due, status, created_at,
               done_at, done_by, meeting_id, agenda_item_id, decision_id, version, updated_at, updated_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            rows,
        )
        db.conn.executemany(
            """INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason)
               VALUES (?, ?, ?, ?, ?, ?)""",
            history,
        )
        if "tasks_ai" in triggers:
            db.execute(
                "INSERT INTO tasks_fts (rowid, title) SELECT id, title FROM tasks WHERE id >= ?",
                [first],
            )
        if "decisions_ai" in triggers:
            db.execute(
                """INSERT INTO decisions_fts (rowid, text, rationale)
                   SELECT id, text, rationale FROM decisions WHERE id >= ?""",
                [first_decision],
            )
        for sql in triggers.values():
            db.execute(sql)
        # Closed last: a closed meeting's records are frozen by triggers.
        db.conn.executemany(
            "UPDATE meetings SET status = 'closed' WHERE id = ?", [(m[0],) for m in held]
        )

    def add_goals(self, count: int, records_each: int = 10) -> None:
        """``count`` shared goals in force (both heads approved each), ``records_each``
        progress records per goal credited to either department (for the benchmarks)."""
        db, r = self.db, self.rng
        heads = db.execute(
            "SELECT id, head_id FROM departments WHERE head_id IS NOT NULL ORDER BY id"
        ).fetchall()
        if len(heads) < 2 or not self.staff:
            return
        next_decision = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM decisions").fetchone()[0]
        next_goal = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM goals").fetchone()[0]
        decisions, binds, words, outcomes, goals, records = [], [], [], [], [], []
        for n in range(count):
            decision_id, goal_id = next_decision + n, next_goal + n
            owner = r.choice(self.staff)[0]
            proposed = self.now - timedelta(days=r.randint(20, 150))
            agreed = proposed + timedelta(hours=r.randint(2, 72))
            due = (self.now + timedelta(days=r.randint(5, 200))).date().isoformat()
            target = float(r.choice((50, 100, 200, 500, 1000)) * r.randint(1, 20))
            text = f"{r.choice(VERBS)} {r.choice(OBJECTS)} goal {goal_id}"
            decisions.append((decision_id, f"Shared goal: {text}", "", owner, stamp(proposed)))
            for k, (dept_id, head_id) in enumerate(heads):
                binds.append((decision_id, dept_id))
                at = stamp(agreed + timedelta(minutes=k))
                words.append((decision_id, dept_id, head_id, at, head_id))
            outcomes.append((decision_id, stamp(agreed + timedelta(minutes=5)), heads[-1][1]))
            goals.append((goal_id, text, target, "units", due, owner, decision_id, stamp(proposed)))
            span = max(1.0, (self.now - agreed).total_seconds() - 60)
            for _ in range(records_each):
                when = agreed + timedelta(seconds=30 + r.random() * span)
                amount = round(target * r.uniform(-0.02, 0.15), 2) or 1.0
                records.append((goal_id, amount, r.choice(heads)[0], owner, stamp(when)))
        db.conn.executemany(
            """INSERT INTO decisions (id, text, rationale, recorded_by, recorded_at, two_key)
               VALUES (?, ?, ?, ?, ?, 1)""",
            decisions,
        )
        db.conn.executemany(
            "INSERT INTO decision_binds (decision_id, department_id) VALUES (?, ?)", binds
        )
        db.conn.executemany(
            """INSERT INTO decision_words (decision_id, department_id, head_id, word, how, at,
                                           recorded_by) VALUES (?, ?, ?, 'approve', 'signed', ?, ?)""",
            words,
        )
        db.conn.executemany(
            """INSERT INTO proposal_outcomes (decision_id, outcome, at, by_id)
               VALUES (?, 'in-force', ?, ?)""",
            outcomes,
        )
        db.conn.executemany(
            """INSERT INTO goals (id, text, target, unit, due, owner_id, decision_id, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            goals,
        )
        db.conn.executemany(
            """INSERT INTO goal_records (goal_id, amount, department_id, recorded_by, at)
               VALUES (?, ?, ?, ?, ?)""",
            records,
        )

    def add_people(self) -> None:
        if not self.people:
            return
        db = self.db
        depts = dict(db.execute("SELECT name, id FROM departments").fetchall())
        taken = {r[0] for r in db.execute("SELECT name_key FROM people")}
        looks = {r[0] for r in db.execute("SELECT name_skeleton FROM people")}
        created = stamp(self.now - timedelta(days=3 * 365))
        rows: list[tuple[str, str, str, int, str, str, str]] = []
        n = 0
        while len(rows) < self.people:
            first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
            round_ = n // (len(FIRST) * len(LAST))
            name = (
                f"{first} {last}"
                if round_ == 0
                else f"{first} {chr(65 + (round_ - 1) % 26)}. {last}"
            )
            if round_ > 26:
                name = f"{name} {round_}"
            n += 1
            key, skeleton = name_key(name), name_skeleton(name)
            if key in taken or skeleton in looks:
                continue
            taken.add(key)
            looks.add(skeleton)
            dept = "Sales" if self.rng.random() < 0.5 else "Marketing"
            rows.append(
                (
                    name,
                    key,
                    skeleton,
                    depts[dept],
                    self.rng.choice(TITLES[dept]),
                    email_of(name),
                    created,
                )
            )
        with immediate(db), audited_batch(db, "demo people"):
            db.conn.executemany(
                "INSERT INTO people (name, name_key, name_skeleton, department_id, title, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def add_meetings(self, chunk: list[datetime]) -> list[Held]:
        """Insert meetings (planned, closed after their records), agenda, attendance, decisions."""
        db, r = self.db, self.rng
        next_meeting = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM meetings").fetchone()[0]
        next_item = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM agenda_items").fetchone()[0]
        next_decision = db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM decisions").fetchone()[0]
        meetings: list[tuple[object, ...]] = []
        items: list[tuple[object, ...]] = []
        attendance: list[tuple[object, ...]] = []
        decisions: list[tuple[object, ...]] = []
        held: list[Held] = []
        for meeting_id, at in enumerate(chunk, start=next_meeting):
            series = self.pick(r.choice(MEETING_SERIES))
            chair = r.choice(self.staff)[0]
            began = stamp(at)
            created = stamp(at - timedelta(days=r.randint(1, 6)))
            meetings.append(
                (meeting_id, series, local_iso(at), r.choice((30, 45, 60)), chair,
                 self.last_in_series.get(series), began, stamp(at + timedelta(minutes=50)),
                 chair, created, began, chair)
            )  # fmt: skip
            self.last_in_series[series] = meeting_id
            item_ids = list(range(next_item, next_item + r.randint(3, 6)))
            for pos, item_id in enumerate(item_ids, start=1):
                presenter = r.choice(self.staff)[0]
                items.append(
                    (item_id, meeting_id, pos, self.pick(r.choice(ITEM_TITLES)), presenter,
                     self.dept[presenter], r.choice((5, 10, 15)),
                     "done" if r.random() < 0.85 else "ended", began, began,
                     r.randint(240, 1200), r.choice(NOTES))
                )  # fmt: skip
            next_item += len(item_ids)
            for person in r.sample(self.staff, k=min(len(self.staff), r.randint(3, 8))):
                attendance.append((meeting_id, person[0], int(r.random() < 0.9)))
            decision_ids = []
            for _ in range(r.choice((0, 1, 1, 1, 2))):
                text, why = r.choice(DECISIONS)
                decisions.append(
                    (next_decision, self.pick(text), why, meeting_id, r.choice(item_ids), chair,
                     stamp(at + timedelta(minutes=30)))
                )  # fmt: skip
                decision_ids.append(next_decision)
                next_decision += 1
            held.append((meeting_id, at, chair, item_ids, decision_ids))
        c = db.conn
        c.executemany(
            """INSERT INTO meetings (id, title, at, minutes, facilitator_id, status, previous_id,
               started_at, closed_at, created_by, created_at, updated_at, updated_by)
               VALUES (?, ?, ?, ?, ?, 'planned', ?, ?, ?, ?, ?, ?, ?)""",
            meetings,
        )
        c.executemany(
            """INSERT INTO agenda_items (id, meeting_id, position, title, presenter_id, department_id,
               minutes, status, started_at, ended_at, spent_seconds, notes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            items,
        )
        c.executemany(
            "INSERT INTO attendance (meeting_id, person_id, present) VALUES (?, ?, ?)", attendance
        )
        c.executemany(
            """INSERT INTO decisions (id, text, rationale, meeting_id, agenda_item_id, recorded_by,
               recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            decisions,
        )
        return held

    def make_tasks(
        self, count: int, first_id: int, held: list[Held]
    ) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
        r = self.rng
        rows: list[tuple[object, ...]] = []
        history: list[tuple[object, ...]] = []
        window = (self.now - self.start).total_seconds()
        for task_id in range(first_id, first_id + count):
            owner = r.choice(self.staff)[0]
            meeting_id = item_id = decision_id = None
            if held and r.random() < 0.6:
                meeting_id, at, chair, items, decisions = r.choice(held)
                created = at + timedelta(minutes=r.randint(5, 55))
                assigned_by = chair
                item_id = r.choice(items) if r.random() < 0.7 else None
                if decisions and r.random() < 0.3:
                    decision_id = r.choice(decisions)
            else:
                created = self.start + timedelta(seconds=r.uniform(0, window - 600))
                head = self.head[owner]
                assigned_by = head if head is not None and r.random() < 0.6 else owner
            due = created.date() + timedelta(days=r.randint(2, 30)) if r.random() < 0.9 else None
            age = (self.now - created).days
            chance = 0.95 if age > 90 else 0.8 if age > 30 else 0.4
            done = r.random() < chance
            title = self.title()
            key = title_key(title)
            if not done:
                if key in self.open_keys:
                    done = True  # never two open tasks with the same title (rule 2)
                else:
                    self.open_keys.add(key)
            created_at = stamp(created)
            first_owner = owner
            if r.random() < 0.05:
                colleagues = self.by_dept[self.dept[owner]]
                first_owner = r.choice(colleagues)
            if done:
                latest = min(self.now, created + timedelta(days=40))
                done_at = stamp(
                    created + (latest - created) * r.uniform(0.05, 1.0) + timedelta(hours=1)
                )
                if done_at > stamp(self.now):
                    done_at = stamp(self.now)
                rows.append(
                    (
                        task_id,
                        title,
                        key,
                        owner,
                        assigned_by,
                        due and due.isoformat(),
                        "done",
                        created_at,
                        done_at,
                        owner,
                        meeting_id,
                        item_id,
                        decision_id,
                        2,
                        done_at,
                        owner,
                    )
                )
            else:
                rows.append(
                    (
                        task_id,
                        title,
                        key,
                        owner,
                        assigned_by,
                        due and due.isoformat(),
                        "open",
                        created_at,
                        None,
                        None,
                        meeting_id,
                        item_id,
                        decision_id,
                        1,
                        created_at,
                        assigned_by,
                    )
                )
            history.append((task_id, created_at, assigned_by, None, first_owner, "assigned"))
            if first_owner != owner:
                mover = self.head[owner] or assigned_by
                history.append((task_id, created_at, mover, first_owner, owner, r.choice(REASONS)))
        return rows, history
