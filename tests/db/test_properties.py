"""Random sequences of domain operations by random actors keep the rules true after every step.

After each step: every task has exactly one owner who exists; each task's history replays,
entry by entry, to its current owner (and so does each area's); the database is sound. A
refused operation (any typed error) must leave every table exactly as it was.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from db import TandemError, areas, check, decisions, governance, meetings, open_db, people, tasks
from db.identity import session_of
from db.models import Person
from db.people import init
from tests.conftest import Team
from tests.db.test_permissions import dump

# Few titles, several of them near-duplicates of each other, so rule 2 is exercised often.
TITLES = [
    "Send the pricing deck",
    "send pricing deck!",
    "Deck: pricing, send",
    "Book the booth",
    "Call ACME back",
    "Write the newsletter",
    "\x1b[31mFix\x07 the\tCRM",
]
AREAS = ["Trade shows", "trade-shows", "Shows trade", "Key accounts", "Webinars"]
DEPARTMENTS = ["Sales", "Marketing", None]
pick = st.integers(min_value=0, max_value=1_000)
# Actors weighted towards those with rights, so that plenty of operations go through; the
# others (and people who may not exist yet) are there to be refused.
ACTORS = (
    ["Ada Admin"] * 4
    + ["Maya Chen", "Lena Park"] * 3
    + [
        "Omar Haddad",
        "Sara Ito",
        "Tom Berg",
        "Nina Roy",
        "Ravi Shah",
    ]
)
actors = st.sampled_from(ACTORS)


def _scratch() -> Path:
    # Memory-backed when the system has it: synchronous=FULL fsyncs every commit.
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="tandem-prop-", dir=shm if shm.is_dir() else None))


@functools.cache
def _team_file() -> Path:
    """The standard cast's database, built once; each example starts on a copy of it."""
    path = _scratch() / "team.db"
    db = open_db(path, create=True)
    init(db, "Ada Admin")
    Team(db)
    db.close()
    atexit.register(shutil.rmtree, path.parent, ignore_errors=True)
    return path


class DomainMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = _scratch()
        shutil.copy(_team_file(), self.dir / "t.db")
        self.db = open_db(self.dir / "t.db")
        self.refused = 0
        self.done = 0

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- helpers ------------------------------------------------------------------------

    def person(self, n: int) -> Person:
        everyone = people.list_people(self.db)
        return everyone[n % len(everyone)]

    def actor(self, name: str) -> Person:
        return people.get_person(self.db, name)

    def task_id(self, n: int) -> int:
        ids = [r[0] for r in self.db.execute("SELECT id FROM tasks ORDER BY id")]
        # Now and then an id that names nothing: it must be refused cleanly too.
        return ids[n % len(ids)] if ids and n % 13 else 100_000 + n

    def meeting_id(self, n: int) -> int | None:
        ids = [r[0] for r in self.db.execute("SELECT id FROM meetings ORDER BY id")]
        return ids[n % len(ids)] if ids and n % 3 else None

    def attempt(self, operation: Callable[[], object]) -> None:
        """Run one operation; if it is refused, nothing at all may have changed."""
        before = dump(self.db)
        try:
            operation()
        except TandemError:
            self.refused += 1
            assert not self.db.conn.in_transaction
            assert dump(self.db) == before, "a refused operation left a trace"
        else:
            self.done += 1

    def has_tasks(self) -> bool:
        return self.db.execute("SELECT 1 FROM tasks LIMIT 1").fetchone() is not None

    # --- operations ---------------------------------------------------------------------

    @initialize()
    def some_work(self) -> None:
        # A meeting Tom facilitates and a few tasks, so reassigning and completing have
        # something to act on from the first step.
        team = Team.__new__(Team)
        team.db = self.db
        team.refresh()
        joint = meetings.create_meeting(self.db, team.tom, "Joint review")
        everyone = [p.id for p in (team.maya, team.lena, team.omar, team.sara, team.tom, team.nina)]
        meetings.mark_attendance(self.db, team.tom, joint.id, list(everyone))
        tasks.add_task(self.db, team.maya, "Call the Hansen account", "Omar Haddad")
        tasks.add_task(self.db, team.lena, "Draft the case study", "Nina Roy")
        tasks.add_task(
            self.db, team.tom, "Brief Sales on the campaign", "Sara Ito", meeting_id=joint.id
        )

    @rule(
        actor=actors,
        name=st.sampled_from(["Ravi Shah", "ravi shah", "Ines Moreau", "Kim Lee"]),
        dept=pick,
    )
    def add_person(self, actor: str, name: str, dept: int) -> None:
        department = DEPARTMENTS[dept % len(DEPARTMENTS)]
        self.attempt(
            lambda: people.add_person(self.db, self.actor(actor), name, department=department)
        )

    @rule(actor=actors, dept=st.sampled_from(["Sales", "Marketing"]), head=pick)
    def appoint_head(self, actor: str, dept: str, head: int) -> None:
        self.attempt(
            lambda: people.appoint_head(self.db, self.actor(actor), dept, self.person(head).id)
        )

    @rule(
        actor=actors, title=st.sampled_from(TITLES), owner=pick, meeting=pick, allow=st.booleans()
    )
    def add_task(self, actor: str, title: str, owner: int, meeting: int, allow: bool) -> None:
        self.attempt(
            lambda: tasks.add_task(
                self.db,
                self.actor(actor),
                title,
                self.person(owner).id,
                meeting_id=self.meeting_id(meeting),
                allow_duplicate=allow,
            )
        )

    @precondition(has_tasks)
    @rule(
        actor=actors,
        task=pick,
        to=pick,
        stale=st.sampled_from([False, False, False, True]),
        reason=st.sampled_from(["", "on leave", "\x1bx"]),
    )
    def reassign(self, actor: str, task: int, to: int, stale: bool, reason: str) -> None:
        def go() -> object:
            task_id = self.task_id(task)
            version = None
            if stale:
                row = self.db.execute(
                    "SELECT version FROM tasks WHERE id = ?", [task_id]
                ).fetchone()
                version = row[0] - 1 if row else None
            return tasks.reassign_task(
                self.db,
                self.actor(actor),
                task_id,
                self.person(to).id,
                reason=reason,
                expected_version=version,
            )

        self.attempt(go)

    @precondition(has_tasks)
    @rule(actor=actors, task=pick)
    def complete(self, actor: str, task: int) -> None:
        self.attempt(lambda: tasks.complete_task(self.db, self.actor(actor), self.task_id(task)))

    @rule(actor=actors, area=st.sampled_from(AREAS), owner=pick, allow=st.booleans())
    def assign_area(self, actor: str, area: str, owner: int, allow: bool) -> None:
        self.attempt(
            lambda: areas.assign_area(
                self.db, self.actor(actor), area, self.person(owner).id, allow_duplicate=allow
            )
        )

    @rule(actor=actors, chair=st.one_of(st.none(), pick))
    def create_meeting(self, actor: str, chair: int | None) -> None:
        def go() -> object:
            facilitator = None if chair is None else self.person(chair).id
            return meetings.create_meeting(
                self.db, self.actor(actor), "Joint review", facilitator=facilitator
            )

        self.attempt(go)

    @rule(actor=actors, meeting=pick)
    def close_meeting(self, actor: str, meeting: int) -> None:
        def go() -> object:
            meeting_id = self.meeting_id(meeting)
            if meeting_id is None:
                meeting_id = 10_000  # no such meeting: refused
            return meetings.close_meeting(self.db, self.actor(actor), meeting_id)

        self.attempt(go)

    # --- what must hold after every step ------------------------------------------------

    @invariant()
    def every_task_has_exactly_one_existing_owner(self) -> None:
        orphans = self.db.execute(
            "SELECT t.id FROM tasks t LEFT JOIN people p ON p.id = t.owner_id WHERE p.id IS NULL"
        ).fetchall()
        assert orphans == []

    @invariant()
    def history_replays_to_the_current_owners(self) -> None:
        owners = dict(self.db.execute("SELECT id, owner_id FROM tasks").fetchall())
        replayed: dict[int, int] = {}
        for task_id, from_id, to_id in self.db.execute(
            "SELECT task_id, from_id, to_id FROM task_history ORDER BY id"
        ):
            # Each entry starts from whoever held the task just before it.
            assert from_id == replayed.get(task_id), f"task {task_id}: history skips an owner"
            assert to_id != from_id
            replayed[task_id] = to_id
        assert replayed == owners

        area_owners = dict(self.db.execute("SELECT id, owner_id FROM areas").fetchall())
        area_replayed: dict[int, int] = {}
        for area_id, from_id, to_id in self.db.execute(
            "SELECT area_id, from_id, to_id FROM area_history ORDER BY id"
        ):
            assert from_id == area_replayed.get(area_id)
            area_replayed[area_id] = to_id
        assert area_replayed == area_owners

    @invariant()
    def only_stored_text_is_clean(self) -> None:
        for (title,) in self.db.execute("SELECT title FROM tasks"):
            assert "\x1b" not in title and "\x07" not in title

    @invariant()
    def database_is_sound(self) -> None:
        assert check.damage(self.db) == []


DomainMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestDomainRules = DomainMachine.TestCase


# --- rule 9: two-key proposals -----------------------------------------------------------

# The heads sign under their own logins: system accounts present on any Linux.
HEAD_LOGINS = {"Maya Chen": "daemon", "Lena Park": "bin"}


@functools.cache
def _heads_file() -> Path:
    """The standard cast with both heads bound to their own logins."""
    path = _scratch() / "heads.db"
    shutil.copy(_team_file(), path)
    db = open_db(path)
    admin = people.get_person(db, "Ada Admin")
    for name, login in HEAD_LOGINS.items():
        people.bind_login(db, admin, name, login)
    db.close()
    atexit.register(shutil.rmtree, path.parent, ignore_errors=True)
    return path


mostly = st.sampled_from([True, True, True, False])  # under one's own login, mostly


class ProposalMachine(RuleBasedStateMachine):
    """Random proposals, approvals, objections, consents and withdrawals by random actors,
    under their own login or through the admin's: a two-key decision is in force exactly
    when the current head of every department it binds last said "approve"."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = _scratch()
        shutil.copy(_heads_file(), self.dir / "t.db")
        self.db = open_db(self.dir / "t.db")
        self.admin_login = session_of(self.db).login

    def teardown(self) -> None:
        self.db.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def proposal(self, n: int) -> int:
        """Mostly the newest open proposal (so heads' words meet on one), else any decision
        (decided, withdrawn) or one that doesn't exist."""
        if n % 3:
            row = self.db.execute(
                "SELECT decision_id FROM decision_status WHERE status IN ('proposed', 'blocked') "
                "ORDER BY decision_id DESC LIMIT 1"
            ).fetchone()
            if row:
                return int(row[0])
        ids = [r[0] for r in self.db.execute("SELECT id FROM decisions ORDER BY id")]
        return ids[n % len(ids)] if ids and n % 11 else 100_000 + n

    def act(self, name: str, own_login: bool, operation: Callable[[Person], object]) -> None:
        """Run ``operation`` as ``name``: under their own login when they have one and
        ``own_login``, else under the admin's (delegation); a refusal leaves no trace."""
        session = session_of(self.db)
        session.login = HEAD_LOGINS.get(name, self.admin_login) if own_login else self.admin_login
        before = dump(self.db)
        try:
            operation(people.get_person(self.db, name))
        except TandemError:
            assert not self.db.conn.in_transaction
            assert dump(self.db) == before, "a refused operation left a trace"
        finally:
            session.login = self.admin_login

    @initialize()
    def a_running_joint_meeting(self) -> None:
        tom = people.get_person(self.db, "Tom Berg")
        self.meeting = meetings.create_meeting(self.db, tom, "Joint meeting").id
        meetings.mark_attendance(self.db, tom, self.meeting, ["Maya Chen"])
        meetings.mark_attendance(self.db, tom, self.meeting, ["Lena Park"], present=False)
        meetings.start_meeting(self.db, tom, self.meeting)
        governance.propose(self.db, tom, "Hand over leads within 24 hours")

    @rule(actor=actors, binds=st.sampled_from([None, ["Sales", "Marketing"], ["Sales"]]))
    def propose(self, actor: str, binds: list[str] | None) -> None:
        self.act(actor, True, lambda who: governance.propose(self.db, who, "x", binds=binds))

    @rule(actor=st.sampled_from([*ACTORS, "Lena Park", "Lena Park"]), n=pick, own=mostly)
    def approve(self, actor: str, n: int, own: bool) -> None:
        self.act(actor, own, lambda who: governance.approve(self.db, who, self.proposal(n)))

    @rule(actor=actors, n=pick, own=mostly)
    def object(self, actor: str, n: int, own: bool) -> None:
        self.act(actor, own, lambda who: governance.object_to(self.db, who, self.proposal(n), "No"))

    @rule(actor=actors, n=pick, head=st.sampled_from(["Maya Chen", "Lena Park", "Sara Ito"]))
    def consent(self, actor: str, n: int, head: str) -> None:
        self.act(
            actor,
            False,
            lambda who: governance.approve(
                self.db, who, self.proposal(n), for_head=head, meeting_id=self.meeting
            ),
        )

    @rule(actor=actors, n=pick)
    def withdraw(self, actor: str, n: int) -> None:
        self.act(actor, True, lambda who: governance.withdraw(self.db, who, self.proposal(n)))

    @invariant()
    def in_force_exactly_when_every_bound_head_last_approved(self) -> None:
        heads = dict(self.db.execute("SELECT id, head_id FROM departments").fetchall())
        binds: dict[int, list[int]] = {}
        for decision_id, dept in self.db.execute(
            "SELECT decision_id, department_id FROM decision_binds"
        ):
            binds.setdefault(decision_id, []).append(dept)
        latest: dict[tuple[int, int, int], str] = {}
        for decision_id, dept, head, word in self.db.execute(
            "SELECT decision_id, department_id, head_id, word FROM decision_words ORDER BY id"
        ):
            latest[(decision_id, dept, head)] = word
        withdrawn = {
            r[0]
            for r in self.db.execute(
                "SELECT decision_id FROM proposal_outcomes WHERE outcome = 'withdrawn'"
            )
        }
        for d in decisions.list_decisions(self.db):
            if not d.two_key:
                continue
            bound = binds[d.id]
            assert len(bound) >= 2
            words = [latest.get((d.id, dept, heads[dept])) for dept in bound]
            if d.id in withdrawn:
                assert d.status == "withdrawn"
            elif all(w == "approve" for w in words):
                assert d.status == "in-force"
                event("a proposal came into force")
            elif "object" in words:
                assert d.status == "blocked"
                event("a proposal was blocked")
            else:
                assert d.status == "proposed"
            # Consent is given only for a present head: Lena is absent from the meeting.
            assert not any(w.how == "in-meeting" and w.name == "Lena Park" for w in d.history)
            # A head's own word is never given through delegation.
            assert all(w.delegated_by is None for w in d.history if w.how == "signed")

    @invariant()
    def database_is_sound(self) -> None:
        assert check.damage(self.db) == []


ProposalMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestProposalRules = ProposalMachine.TestCase
