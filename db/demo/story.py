"""The demo company's story, played through the same public functions the CLI and the app call.

Every rule holds in it because nothing here writes around them: the one
direct write (marking the database as a demo, and the admin's title) goes
through ``db.audit.write`` like any other.
"""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from db.areas import assign_area
from db.audit import write
from db.backlog import park_item
from db.dates import local_today
from db.decisions import record_decision
from db.demo.agreements import Agreements
from db.demo.goals import SharedGoals
from db.demo.script import (
    ADMIN,
    AREAS,
    COMPANY,
    FIELD_DAYS,
    GLOBEX_PROBLEM,
    IDEAS,
    KICKOFF,
    PEOPLE,
    SERIES,
    STANDALONE,
    TASK_FORCE,
    TF_MEMBERS,
    WEEKLY,
    Item,
    Script,
    email_of,
)
from db.fielddays import add_field_day
from db.ideas import accept_idea, add_idea, decline_idea, done_idea, list_ideas, plan_idea
from db.lazyclass import dataclass
from db.meetings import (
    add_item,
    agenda,
    amend,
    close_meeting,
    create_meeting,
    end_item,
    mark_attendance,
    set_notes,
    start_item,
)
from db.models import Person
from db.people import add_person, appoint_head, get_person, init
from db.taskforces import create_task_force
from db.tasks import add_task, complete_task

if TYPE_CHECKING:
    from sqlite_utils import Database

# The setting that marks a database as a demo: ``tandem demo`` may replace only such a file.
DEMO_SETTING = "demo"


@dataclass
class Story:
    db: Database
    now: datetime
    cast: dict[str, Person] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    done_later: list[tuple[int, str, datetime]] = field(default_factory=list)

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        local = self.now.astimezone()
        return datetime.combine(day, time(hour, minute), tzinfo=local.tzinfo)

    @property
    def today(self) -> date:
        return local_today(self.now)

    def person(self, name: str) -> Person:
        return get_person(self.db, name)

    def build(self) -> None:
        db = self.db
        founded = self.now - timedelta(weeks=8)
        admin, _ = init(db, ADMIN, COMPANY, now=founded)
        with write(db, admin, "demo.setup", subject="database"):
            db.execute("INSERT INTO settings (key, value) VALUES (?, '1')", [DEMO_SETTING])
            db.execute(
                "UPDATE people SET title = 'Revenue Operations Director', email = ? WHERE id = ?",
                [email_of(ADMIN), admin.id],
            )
        for name, dept, title in PEOPLE:
            add_person(
                db, admin, name, department=dept, title=title, email=email_of(name), now=founded
            )
            if title.startswith("Head of"):
                appoint_head(db, admin, dept, name)
        self.cast = {name: self.person(name) for name, _d, _t in PEOPLE}
        self.cast[ADMIN] = self.person(ADMIN)
        self.areas(founded)
        self.weekly()
        self.task_force()
        self.standalone()
        self.complete_later()
        self.ideas()
        self.field_days()

    def areas(self, when: datetime) -> None:
        heads = {"Sales": self.cast["Maya Chen"], "Marketing": self.cast["Lena Park"]}
        for area, owner in AREAS:
            head = heads[self.cast[owner].department or ""]
            assign_area(self.db, head, area, owner, now=when)
        # One area changed hands: history shows who moved it and when.
        assign_area(
            self.db,
            heads["Sales"],
            "Mid-market renewals",
            "Omar Haddad",
            now=when + timedelta(days=10),
        )
        assign_area(
            self.db,
            heads["Sales"],
            "Mid-market renewals",
            "Jonas Weber",
            now=when + timedelta(days=24),
        )

    def weekly(self) -> None:
        # The joint meeting is co-led by the two heads (rule 9).
        chair = self.cast["Maya Chen"]
        next_day = self.today + timedelta(days=1)
        previous: int | None = None
        for script in WEEKLY:
            day = next_day - timedelta(weeks=script.weeks_ago)
            created = self.at(day - timedelta(days=3), 9)
            meeting = create_meeting(
                self.db,
                chair,
                script.title,
                at=self.at(day, 10),
                minutes=60,
                after=previous,
                co_facilitator="Lena Park",
                now=created,
            )
            self.run(chair, meeting.id, script, self.at(day, 10, 2))
            previous = meeting.id
        # The lead definition, the SLAs and a blocked proposal: the next joint meeting's
        # agenda gets "Pending approvals" and "SLA review" by itself.
        Agreements(self.db, self.now, self.cast, self.cast[ADMIN]).build()
        SharedGoals(self.db, self.now, self.cast, self.cast[ADMIN]).build()
        self.upcoming(chair, previous, self.at(next_day, 10))

    def upcoming(self, chair: Person, previous: int | None, when: datetime) -> None:
        created = self.now - timedelta(hours=3)
        meeting = create_meeting(
            self.db, chair, SERIES, at=when, minutes=60, after=previous, now=created
        )
        for title, presenter, minutes in (
            ("SLA review: second month", "Priya Nair", 15),
            ("Campaign calendar: January launches", "Nina Roy", 10),
            ("Pipeline review: end of quarter", "Maya Chen", 15),
            ("Ideas from the field: open round", None, 10),
        ):
            add_item(
                self.db, chair, meeting.id, title, presenter=presenter, minutes=minutes, now=created
            )
        everyone: list[str | int] = [n for n, _d, _t in PEOPLE]
        mark_attendance(self.db, chair, meeting.id, everyone)

    def run(
        self,
        chair: Person,
        meeting_id: int,
        script: Script,
        start: datetime,
        present: list[str | int] | None = None,
    ) -> None:

        db = self.db
        if present is None:
            present = [n for n, _d, _t in PEOPLE if n not in script.absent]
        mark_attendance(db, chair, meeting_id, present)
        if script.absent:
            mark_attendance(db, chair, meeting_id, [*script.absent], present=False)
        carried = {i.title: i for i in agenda(db, meeting_id)}
        for planned in script.items:
            if planned.idea and planned.title not in carried:
                self.planned_idea(chair, meeting_id, planned, start)
            elif planned.title not in carried:
                add_item(
                    db,
                    chair,
                    meeting_id,
                    planned.title,
                    presenter=planned.presenter,
                    minutes=planned.minutes,
                    now=start - timedelta(days=1),
                )
        t = start
        scripted = {i.title: i for i in script.items}
        for current in agenda(db, meeting_id):
            if current.title in scripted and scripted[current.title].parked:
                park_item(db, chair, meeting_id, current.position, now=t)
                continue
            start_item(db, chair, current.id, now=t)
            if current.is_review and current.notes:  # made with its notes (rule 9's reviews)
                t += timedelta(minutes=8)
                end_item(db, chair, current.id, done=True, now=t)
                continue
            if current.is_review:
                set_notes(
                    db,
                    chair,
                    current.id,
                    script.review_notes or "All action items on track.",
                    now=t + timedelta(minutes=1),
                )
                t += timedelta(minutes=8)
                end_item(db, chair, current.id, done=True, now=t)
                continue
            item = scripted.get(current.title)
            if item is None:
                t += timedelta(minutes=5)
                end_item(db, chair, current.id, now=t)
                continue
            if item.notes:
                set_notes(db, chair, current.id, item.notes, now=t + timedelta(minutes=2))
            decision_id = None
            if item.decision:
                decision = record_decision(
                    db,
                    chair,
                    item.decision,
                    meeting_id=meeting_id,
                    item_position=current.position,
                    rationale=item.rationale,
                    supersedes=self.decisions.get(item.supersedes),
                    now=t + timedelta(minutes=(item.spent or item.minutes) - 2),
                )
                decision_id = decision.id
                if item.key:
                    self.decisions[item.key] = decision.id
            for action in item.actions:
                task = add_task(
                    db,
                    chair,
                    action.title,
                    action.owner,
                    due=start.date() + timedelta(days=action.due_in),
                    meeting_id=meeting_id,
                    agenda_item_id=current.id,
                    decision_id=decision_id if action.from_decision else None,
                    now=t + timedelta(minutes=(item.spent or item.minutes) - 1),
                )
                if action.done_in is not None:
                    self.done_later.append(
                        (task.id, action.owner, start + timedelta(days=action.done_in, hours=5))
                    )
            t += timedelta(minutes=item.spent or item.minutes)
            end_item(db, chair, current.id, done=item.outcome, now=t)
        close_meeting(db, chair, meeting_id, now=t + timedelta(minutes=2))
        if script.amendment:
            amend(db, chair, meeting_id, script.amendment, now=t + timedelta(hours=4))

    def task_force(self) -> None:

        db = self.db
        maya, diego = self.cast["Maya Chen"], self.cast["Diego Alvarez"]
        formed = self.at(self.today - timedelta(days=24), 14)
        create_task_force(
            db,
            maya,
            TASK_FORCE,
            problem=GLOBEX_PROBLEM,
            lead="Diego Alvarez",
            members=list(TF_MEMBERS[1:]),
            now=formed,
        )
        first_day = self.today - timedelta(days=20)
        first = create_meeting(
            db,
            diego,
            "Globex rescue: kick-off",
            at=self.at(first_day, 15),
            minutes=45,
            task_force=TASK_FORCE,
            now=formed,
        )
        # The task force's meetings are run by its lead, with its members only.
        self.run(diego, first.id, KICKOFF, self.at(first_day, 15, 1), present=[*TF_MEMBERS])
        record_decision(
            db,
            diego,
            "Escalations from Globex go straight to the task force lead, not through support tiers.",
            task_force=TASK_FORCE,
            rationale="Every hop cost Globex a day in the last incident.",
            now=self.at(first_day + timedelta(days=4), 11),
        )
        nxt = create_meeting(
            db,
            diego,
            "Globex rescue: renewal check",
            at=self.at(self.today + timedelta(days=3), 14),
            minutes=30,
            task_force=TASK_FORCE,
            after=first.id,
            now=self.now - timedelta(days=1),
        )
        add_item(
            db,
            diego,
            nxt.id,
            "Workshop feedback and renewal terms",
            presenter="Elena Rossi",
            minutes=15,
            now=self.now - timedelta(days=1),
        )
        mark_attendance(db, diego, nxt.id, [*TF_MEMBERS])

    def standalone(self) -> None:
        db = self.db
        maya, lena = self.cast["Maya Chen"], self.cast["Lena Park"]
        today = self.today
        heads = {"Sales": maya, "Marketing": lena}
        for title, owner, due_in, created_ago, done_ago in STANDALONE:
            head = heads[self.cast[owner].department or ""]
            created = self.now - timedelta(days=created_ago, hours=2)
            task = add_task(db, head, title, owner, due=today + timedelta(days=due_in), now=created)
            if done_ago is not None:
                self.done_later.append((task.id, owner, self.now - timedelta(days=done_ago)))

    def complete_later(self) -> None:
        for task_id, owner, when in sorted(self.done_later, key=lambda x: x[2]):
            if when < self.now:
                complete_task(self.db, self.cast[owner], task_id, now=when)

    def head_of(self, name: str) -> Person:
        heads = {"Sales": self.cast["Maya Chen"], "Marketing": self.cast["Lena Park"]}
        return heads[self.cast[name].department or ""]

    def planned_idea(self, chair: Person, meeting_id: int, planned: Item, start: datetime) -> None:
        """An idea from the field: entered by its author, accepted by their head, planned onto
        the meeting as the scripted item (presented by its author)."""
        author = planned.presenter or ""
        idea = add_idea(
            self.db, self.cast[author], planned.idea, now=start - timedelta(days=4, hours=3)
        )
        accept_idea(self.db, self.head_of(author), idea.id, now=start - timedelta(days=3))
        plan_idea(
            self.db,
            chair,
            idea.id,
            meeting_id,
            title=planned.title,
            minutes=planned.minutes,
            now=start - timedelta(days=1),
        )

    def ideas(self) -> None:
        """The ideas outside the meetings, and the ROI calculator implemented."""
        db = self.db
        for author, entered_by, text, outcome, days_ago in IDEAS:
            when = self.now - timedelta(days=days_ago, hours=5)
            by = author if entered_by != author else None
            idea = add_idea(db, self.cast[entered_by], text, by=by, now=when)
            head = self.head_of(author)
            decided = when + timedelta(hours=20)
            if outcome.startswith("declined: "):
                decline_idea(db, head, idea.id, outcome.removeprefix("declined: "), now=decided)
            elif outcome != "new":
                accept_idea(db, head, idea.id, now=decided)
            if outcome.startswith("done"):
                task = outcome.removeprefix("done").removeprefix(": ")
                done_idea(
                    db, head, idea.id, task_id=self.task_id(task), now=decided + timedelta(days=5)
                )
        roi = next(i for i in list_ideas(db, status="planned") if i.text.startswith("An ROI"))
        task_id = self.task_id("Draft an ROI calculator one-pager for manufacturing")
        done_idea(
            db, self.head_of(roi.author), roi.id, task_id=task_id, now=self.now - timedelta(days=20)
        )

    def task_id(self, title: str) -> int | None:
        if not title:
            return None
        row = self.db.execute("SELECT id FROM tasks WHERE title = ?", [title]).fetchone()
        return row[0] if row else None

    def field_days(self) -> None:
        for marketer, seller, days_ago, note in FIELD_DAYS:
            add_field_day(
                self.db,
                self.cast[marketer],
                marketer,
                seller,
                self.today - timedelta(days=days_ago),
                note=note,
                now=self.now - timedelta(days=days_ago - 1, hours=6),
            )
