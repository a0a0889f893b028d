"""The schema, as sqlite-utils ``Migrations``. Never edit a shipped migration: add one.

The rules that can live in the schema do: one owner per task (``owner_id NOT
NULL`` with a foreign key), statuses from a fixed set, and closed meetings
frozen by triggers, so no interface can break them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

Step = Callable[["Database"], None]
# Every migration, in the order they apply (``step`` appends each as it is defined).
STEPS: list[Step] = []


def step(fn: Step) -> Step:
    """Register ``fn`` as the next migration, under its own name."""
    STEPS.append(fn)
    return fn


def known_names() -> set[str]:
    """Names of every migration this code knows; any other name means a newer Tandem.

    Read without importing sqlite-utils: opening the app checks a file with it before
    its first frame (``db.connection.check_usable``)."""
    return {fn.__name__ for fn in STEPS}


@functools.cache
def migrations() -> Migrations:
    """The migrations as sqlite-utils ``Migrations`` (its record of what was applied)."""
    from sqlite_utils.migrations import Migrations

    built = Migrations("tandem")
    for fn in STEPS:
        built()(fn)
    return built


_FROZEN = (
    "SELECT RAISE(ABORT, 'meeting is closed: its minutes are frozen; add an amendment instead')"
)


@step
def m001_core_schema(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE departments (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            head_id INTEGER REFERENCES people(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            department_id INTEGER REFERENCES departments(id),
            title TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
            created_at TEXT NOT NULL
        );
        CREATE INDEX people_department ON people(department_id);

        CREATE TABLE task_forces (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            problem TEXT NOT NULL,
            lead_id INTEGER NOT NULL REFERENCES people(id),
            created_by INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL
        );
        CREATE TABLE task_force_members (
            task_force_id INTEGER NOT NULL REFERENCES task_forces(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            PRIMARY KEY (task_force_id, person_id)
        );
        CREATE INDEX task_force_members_person ON task_force_members(person_id);

        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            at TEXT NOT NULL,
            minutes INTEGER NOT NULL DEFAULT 60 CHECK (minutes > 0),
            facilitator_id INTEGER NOT NULL REFERENCES people(id),
            status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'closed')),
            previous_id INTEGER REFERENCES meetings(id),
            task_force_id INTEGER REFERENCES task_forces(id),
            started_at TEXT,
            closed_at TEXT,
            created_by INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES people(id)
        );
        CREATE INDEX meetings_at ON meetings(at);
        CREATE INDEX meetings_previous ON meetings(previous_id);
        CREATE INDEX meetings_task_force ON meetings(task_force_id);
        CREATE INDEX meetings_facilitator ON meetings(facilitator_id);

        CREATE TABLE attendance (
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            present INTEGER NOT NULL CHECK (present IN (0, 1)),
            PRIMARY KEY (meeting_id, person_id)
        );

        CREATE TABLE agenda_items (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            presenter_id INTEGER REFERENCES people(id),
            department_id INTEGER REFERENCES departments(id),
            minutes INTEGER NOT NULL DEFAULT 10 CHECK (minutes >= 0),
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'ended', 'done')),
            started_at TEXT,
            ended_at TEXT,
            resumed_at TEXT,
            spent_seconds INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            carried_from_id INTEGER REFERENCES agenda_items(id),
            is_review INTEGER NOT NULL DEFAULT 0 CHECK (is_review IN (0, 1)),
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES people(id),
            UNIQUE (meeting_id, position)
        );

        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            rationale TEXT NOT NULL DEFAULT '',
            meeting_id INTEGER REFERENCES meetings(id),
            agenda_item_id INTEGER REFERENCES agenda_items(id),
            task_force_id INTEGER REFERENCES task_forces(id),
            recorded_by INTEGER NOT NULL REFERENCES people(id),
            recorded_at TEXT NOT NULL,
            supersedes_id INTEGER REFERENCES decisions(id),
            CHECK (meeting_id IS NOT NULL OR task_force_id IS NOT NULL)
        );
        CREATE INDEX decisions_meeting ON decisions(meeting_id);
        CREATE INDEX decisions_item ON decisions(agenda_item_id);
        CREATE INDEX decisions_task_force ON decisions(task_force_id);
        CREATE INDEX decisions_supersedes ON decisions(supersedes_id);
        CREATE INDEX decisions_recorded_at ON decisions(recorded_at);

        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            owner_id INTEGER NOT NULL REFERENCES people(id),
            assigned_by INTEGER NOT NULL REFERENCES people(id),
            due TEXT,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
            created_at TEXT NOT NULL,
            done_at TEXT,
            done_by INTEGER REFERENCES people(id),
            meeting_id INTEGER REFERENCES meetings(id),
            agenda_item_id INTEGER REFERENCES agenda_items(id),
            decision_id INTEGER REFERENCES decisions(id),
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES people(id),
            CHECK ((status = 'done') = (done_at IS NOT NULL))
        );
        CREATE INDEX tasks_owner_status_due ON tasks(owner_id, status, due);
        CREATE INDEX tasks_status_due ON tasks(status, due);
        CREATE INDEX tasks_meeting ON tasks(meeting_id);
        CREATE INDEX tasks_decision ON tasks(decision_id);
        CREATE INDEX tasks_open_title_key ON tasks(title_key) WHERE status = 'open';

        CREATE TABLE task_history (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            at TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES people(id),
            from_id INTEGER REFERENCES people(id),
            to_id INTEGER NOT NULL REFERENCES people(id),
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX task_history_task ON task_history(task_id, id);

        CREATE TABLE areas (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            department_id INTEGER NOT NULL REFERENCES departments(id),
            owner_id INTEGER NOT NULL REFERENCES people(id),
            assigned_by INTEGER NOT NULL REFERENCES people(id),
            assigned_at TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES people(id)
        );
        CREATE INDEX areas_department ON areas(department_id);
        CREATE INDEX areas_owner ON areas(owner_id);
        CREATE TABLE area_history (
            id INTEGER PRIMARY KEY,
            area_id INTEGER NOT NULL REFERENCES areas(id),
            at TEXT NOT NULL,
            actor_id INTEGER NOT NULL REFERENCES people(id),
            from_id INTEGER REFERENCES people(id),
            to_id INTEGER NOT NULL REFERENCES people(id)
        );

        CREATE TABLE amendments (
            id INTEGER PRIMARY KEY,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            text TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES people(id),
            at TEXT NOT NULL
        );
        CREATE INDEX amendments_meeting ON amendments(meeting_id);
        """
    )
    # Closed meetings are frozen in the schema itself: agenda, attendance and
    # decisions of a closed meeting can't change, and amendments need one.
    for table in ("agenda_items", "attendance"):
        for op, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            db.execute(
                f"""CREATE TRIGGER {table}_frozen_{op.lower()} BEFORE {op} ON {table}
                WHEN (SELECT status FROM meetings WHERE id = {ref}.meeting_id) = 'closed'
                BEGIN {_FROZEN}; END"""
            )
    for op, ref in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
        db.execute(
            f"""CREATE TRIGGER decisions_frozen_{op.lower()} BEFORE {op} ON decisions
            WHEN (SELECT status FROM meetings WHERE id = {ref}.meeting_id) = 'closed'
            BEGIN {_FROZEN}; END"""
        )
    db.execute(
        f"""CREATE TRIGGER meetings_frozen BEFORE UPDATE ON meetings
        WHEN OLD.status = 'closed'
        BEGIN {_FROZEN}; END"""
    )
    db.execute(
        f"""CREATE TRIGGER tasks_frozen_insert BEFORE INSERT ON tasks
        WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) = 'closed'
        BEGIN {_FROZEN}; END"""
    )
    db.execute(
        """CREATE TRIGGER amendments_need_closed BEFORE INSERT ON amendments
        WHEN (SELECT status FROM meetings WHERE id = NEW.meeting_id) IS NOT 'closed'
        BEGIN SELECT RAISE(ABORT, 'only a closed meeting takes amendments; edit it directly'); END"""
    )
    # Decisions are records: never edited in place, only superseded.
    db.execute(
        """CREATE TRIGGER decisions_immutable BEFORE UPDATE ON decisions
        BEGIN SELECT RAISE(ABORT, 'decisions are records: supersede it with a new decision'); END"""
    )


@step
def m002_full_text_search(db: Database) -> None:
    # Decisions are searched by text and rationale; task titles are searched to
    # narrow the candidates of the fuzzy duplicate check at 100,000 tasks.
    db.table("decisions").enable_fts(
        ["text", "rationale"], create_triggers=True, tokenize="unicode61"
    )
    db.table("tasks").enable_fts(["title"], create_triggers=True, tokenize="unicode61")


@step
def m003_identity_and_audit(db: Database) -> None:
    """Logins, delegation on the record, amendments immutable, the hash-chained audit log.

    A database made before logins existed binds its admin to the file's OS owner
    (so nobody is locked out) and its audit log starts with one entry that
    records the binding and a digest of every row already there.
    """
    from db.audit import append, append_bulk, audited_tables
    from db.identity import file_owner_login

    db.executescript(
        """
        ALTER TABLE people ADD COLUMN login TEXT;
        CREATE UNIQUE INDEX people_login ON people(login) WHERE login IS NOT NULL;
        ALTER TABLE task_history ADD COLUMN delegated_by INTEGER REFERENCES people(id);
        ALTER TABLE area_history ADD COLUMN delegated_by INTEGER REFERENCES people(id);
        ALTER TABLE area_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';
        ALTER TABLE decisions ADD COLUMN delegated_by INTEGER REFERENCES people(id);
        ALTER TABLE amendments ADD COLUMN delegated_by INTEGER REFERENCES people(id);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            login TEXT NOT NULL,
            actor_id INTEGER,
            actor TEXT,
            delegated_by_id INTEGER,
            delegated_by TEXT,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        CREATE INDEX audit_log_actor ON audit_log(actor_id);
        CREATE INDEX audit_log_action_subject ON audit_log(action, subject);

        -- What check and the minutes ask at 100,000 tasks: outcomes of an item, carry-overs.
        CREATE INDEX tasks_agenda_item ON tasks(agenda_item_id);
        CREATE INDEX agenda_items_carried_from ON agenda_items(carried_from_id);

        -- The record only grows.
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

        -- Amendments are records, like decisions.
        CREATE TRIGGER amendments_immutable BEFORE UPDATE ON amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are records: add another amendment instead'); END;
        CREATE TRIGGER amendments_no_delete BEFORE DELETE ON amendments
        BEGIN SELECT RAISE(ABORT, 'amendments are records: add another amendment instead'); END;
        """
    )
    admin = db.execute(
        "SELECT id, name FROM people WHERE is_admin = 1 ORDER BY id LIMIT 1"
    ).fetchone()
    if admin is None:
        return  # a new file: init binds its admin
    path = db.execute("PRAGMA main.database_list").fetchone()[2]
    owner = file_owner_login(path) if path else None
    if owner is not None:
        db.execute("UPDATE people SET login = ? WHERE id = ?", [owner, admin[0]])
    append(
        db,
        action="upgrade.bind_admin",
        subject=f"person {admin[0]}",
        payload={
            "note": "database made before logins: its admin is bound to the file's owner",
            "admin": admin[1],
            "login": owner,
        },
        actor_id=None,
        actor=None,
    )
    append_bulk(
        db,
        {table: "1" for table in audited_tables(db)},
        action="upgrade.baseline",
        subject="every row present before the audit log",
    )


@step
def m004_name_skeletons(db: Database) -> None:
    """Look-alike keys for names (rule 8), and lookup keys recomputed with NFKC.

    Each named table gets ``name_skeleton`` (see ``db.text.name_skeleton``), unique where
    set. In a database made before this, two names may already look alike: the oldest
    keeps the key and the others get none (``tandem check`` lists them). A recomputed
    ``name_key`` that another record already has stays as it was.
    """
    from db.names import KINDS
    from db.text import name_key, name_skeleton

    for table in KINDS:
        db.execute(f"ALTER TABLE {table} ADD COLUMN name_skeleton TEXT")
        keys = {k for (k,) in db.execute(f"SELECT name_key FROM {table}")}
        skeletons: set[str] = set()
        for record_id, name, key in db.execute(
            f"SELECT id, name, name_key FROM {table} ORDER BY id"
        ).fetchall():
            new_key = name_key(name)
            if new_key != key and new_key not in keys:
                db.execute(f"UPDATE {table} SET name_key = ? WHERE id = ?", [new_key, record_id])
                keys.add(new_key)
            skeleton = name_skeleton(name)
            if skeleton not in skeletons:
                skeletons.add(skeleton)
                db.execute(
                    f"UPDATE {table} SET name_skeleton = ? WHERE id = ?", [skeleton, record_id]
                )
        db.execute(f"CREATE UNIQUE INDEX {table}_name_skeleton ON {table}(name_skeleton)")


@step
def m005_rule_views(db: Database) -> None:
    """Rules as views, so every query that needs one reads the same definition.

    ``agenda_item_outcomes``: an agenda item has an outcome when it is marked done or a
    decision was recorded on it; an item without one (review items aside) is carried
    over to the next meeting of its series (``db.meetings``), listed as such in the
    minutes (``db.minutes``), and overlooked when nothing took it up (``db.check``).
    """
    db.executescript(
        """
        CREATE VIEW agenda_item_outcomes AS
        SELECT item_id, meeting_id, position, outcome,
               (is_review = 0 AND outcome = 0) AS to_carry_over
        FROM (SELECT i.id AS item_id, i.meeting_id, i.position, i.is_review,
                     (i.status = 'done'
                      OR EXISTS (SELECT 1 FROM decisions x WHERE x.agenda_item_id = i.id))
                         AS outcome
              FROM agenda_items i);
        """
    )


# A two-key decision's text of the table CHECK that m001 wrote, and what m006 makes of it.
_DECISION_SOURCE = "CHECK (meeting_id IS NOT NULL OR task_force_id IS NOT NULL)"
_DECISION_SOURCE_M006 = "CHECK (meeting_id IS NOT NULL OR task_force_id IS NOT NULL OR two_key = 1)"


def _records(table: str, what: str) -> str:
    """Triggers that make ``table`` append-only: its rows are records, never edited."""
    return f"""
        CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are records: they are never changed'); END;
        CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{what} are records: they are never deleted'); END;
    """


@step
def m006_governance(db: Database) -> None:
    """Co-led meetings, two-key decisions, the lead definition and the SLA register (rule 9).

    - ``meetings.co_facilitator_id``: a second facilitator with the same rights
      (``db.permissions.facilitates``).
    - ``decisions.two_key``: a proposal, bound on the departments in ``decision_binds``;
      the heads' words (approve or object, signed or in a meeting) are appended to
      ``decision_words``; ``proposal_outcomes`` says when it came into force or was
      withdrawn. A trigger refuses "in force" unless the current head of every bound
      department last said "approve". A proposal made outside a meeting has neither a
      meeting nor a task force: the table's CHECK is widened for two-key decisions
      (SQLite's documented way to relax a CHECK, through ``writable_schema``).
    - ``decision_status`` (a view) is the one definition of a decision's status:
      in-force, proposed, blocked, superseded or withdrawn.
    - ``lead_definitions`` (versions) and ``slas`` with ``sla_results`` (each period
      recorded once; a correction is a new row that says so); ``sla_periods`` (a view)
      is the one definition of met and missed.
    """
    db.executescript(
        """
        ALTER TABLE meetings ADD COLUMN co_facilitator_id INTEGER REFERENCES people(id);
        CREATE INDEX meetings_co_facilitator ON meetings(co_facilitator_id);
        ALTER TABLE decisions ADD COLUMN two_key INTEGER NOT NULL DEFAULT 0
            CHECK (two_key IN (0, 1));
        """
    )
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name = ?",
        [_DECISION_SOURCE, _DECISION_SOURCE_M006, "decisions"],
    )
    db.execute(f"PRAGMA schema_version = {int(version) + 1}")
    db.execute("PRAGMA writable_schema = OFF")
    db.executescript(
        """
        CREATE TABLE decision_binds (
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            department_id INTEGER NOT NULL REFERENCES departments(id),
            PRIMARY KEY (decision_id, department_id)
        );
        CREATE INDEX decision_binds_department ON decision_binds(department_id);

        CREATE TABLE decision_words (
            id INTEGER PRIMARY KEY,
            decision_id INTEGER NOT NULL REFERENCES decisions(id),
            department_id INTEGER NOT NULL REFERENCES departments(id),
            head_id INTEGER NOT NULL REFERENCES people(id),
            word TEXT NOT NULL CHECK (word IN ('approve', 'object')),
            how TEXT NOT NULL CHECK (how IN ('signed', 'in-meeting')),
            meeting_id INTEGER REFERENCES meetings(id),
            reason TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            recorded_by INTEGER NOT NULL REFERENCES people(id),
            delegated_by INTEGER REFERENCES people(id),
            CHECK ((how = 'in-meeting') = (meeting_id IS NOT NULL)),
            CHECK (word = 'approve' OR (how = 'signed' AND reason != '')),
            CHECK (how = 'in-meeting' OR (recorded_by = head_id AND delegated_by IS NULL))
        );
        CREATE INDEX decision_words_decision ON decision_words(decision_id, department_id, id);
        CREATE INDEX decision_words_head ON decision_words(head_id);

        CREATE TABLE proposal_outcomes (
            decision_id INTEGER PRIMARY KEY REFERENCES decisions(id),
            outcome TEXT NOT NULL CHECK (outcome IN ('in-force', 'withdrawn')),
            at TEXT NOT NULL,
            by_id INTEGER NOT NULL REFERENCES people(id),
            delegated_by INTEGER REFERENCES people(id)
        );

        -- Per bound department: its current head and the latest word of that head (NULL: none yet).
        CREATE VIEW decision_bound_words AS
        SELECT b.decision_id, b.department_id, d.head_id,
               (SELECT w.word FROM decision_words w
                WHERE w.decision_id = b.decision_id AND w.department_id = b.department_id
                  AND w.head_id = d.head_id
                ORDER BY w.id DESC LIMIT 1) AS word
        FROM decision_binds b JOIN departments d ON d.id = b.department_id;

        -- The one definition of the status of a decision.
        CREATE VIEW decision_status AS
        SELECT x.id AS decision_id,
               CASE
                 WHEN o.outcome = 'withdrawn' THEN 'withdrawn'
                 WHEN EXISTS (SELECT 1 FROM decisions n
                              LEFT JOIN proposal_outcomes no ON no.decision_id = n.id
                              WHERE n.supersedes_id = x.id
                                AND (n.two_key = 0 OR no.outcome = 'in-force'))
                   THEN 'superseded'
                 WHEN x.two_key = 0 OR o.outcome = 'in-force' THEN 'in-force'
                 WHEN EXISTS (SELECT 1 FROM decision_bound_words bw
                              WHERE bw.decision_id = x.id AND bw.word = 'object')
                   THEN 'blocked'
                 ELSE 'proposed'
               END AS status,
               CASE WHEN x.two_key = 0 THEN x.recorded_at
                    WHEN o.outcome = 'in-force' THEN o.at END AS in_force_at
        FROM decisions x LEFT JOIN proposal_outcomes o ON o.decision_id = x.id;

        CREATE TRIGGER decision_binds_two_key BEFORE INSERT ON decision_binds
        WHEN (SELECT two_key FROM decisions WHERE id = NEW.decision_id) IS NOT 1
          OR EXISTS (SELECT 1 FROM decision_words WHERE decision_id = NEW.decision_id)
        BEGIN SELECT RAISE(ABORT, 'only a two-key decision binds departments, before any word on it'); END;

        CREATE TRIGGER decision_words_open BEFORE INSERT ON decision_words
        WHEN NOT EXISTS (SELECT 1 FROM decision_binds
                         WHERE decision_id = NEW.decision_id AND department_id = NEW.department_id)
          OR (SELECT head_id FROM departments WHERE id = NEW.department_id) IS NOT NEW.head_id
          OR EXISTS (SELECT 1 FROM proposal_outcomes WHERE decision_id = NEW.decision_id)
        BEGIN SELECT RAISE(ABORT, 'only the head of a bound department has a word on an open proposal'); END;

        CREATE TRIGGER proposal_outcomes_in_force BEFORE INSERT ON proposal_outcomes
        WHEN (SELECT two_key FROM decisions WHERE id = NEW.decision_id) IS NOT 1
          OR (NEW.outcome = 'in-force' AND (
                (SELECT COUNT(*) FROM decision_binds WHERE decision_id = NEW.decision_id) < 2
                OR EXISTS (SELECT 1 FROM decision_bound_words
                           WHERE decision_id = NEW.decision_id AND word IS NOT 'approve')))
        BEGIN SELECT RAISE(ABORT, 'a proposal comes into force only when the head of every bound department approved it'); END;

        CREATE TABLE lead_definitions (
            id INTEGER PRIMARY KEY,
            version INTEGER NOT NULL UNIQUE CHECK (version > 0),
            text TEXT NOT NULL,
            criteria TEXT NOT NULL DEFAULT '[]',
            decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
            created_at TEXT NOT NULL
        );

        CREATE TABLE slas (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            from_department_id INTEGER NOT NULL REFERENCES departments(id),
            to_department_id INTEGER NOT NULL REFERENCES departments(id),
            owner_id INTEGER NOT NULL REFERENCES people(id),
            metric TEXT NOT NULL,
            target REAL NOT NULL CHECK (target >= 0),
            unit TEXT NOT NULL DEFAULT '',
            at_most INTEGER NOT NULL DEFAULT 0 CHECK (at_most IN (0, 1)),
            per TEXT NOT NULL CHECK (per IN ('week', 'month', 'quarter')),
            decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
            created_at TEXT NOT NULL,
            CHECK (from_department_id != to_department_id)
        );
        CREATE INDEX slas_owner ON slas(owner_id);
        -- What was agreed stays as agreed; only the owner may pass to someone else.
        CREATE TRIGGER slas_terms_fixed BEFORE UPDATE OF
            id, text, from_department_id, to_department_id, metric, target, unit, at_most, per,
            decision_id, created_at ON slas
        BEGIN SELECT RAISE(ABORT, 'the terms of an SLA are records: propose a new SLA instead'); END;
        CREATE TRIGGER slas_no_delete BEFORE DELETE ON slas
        BEGIN SELECT RAISE(ABORT, 'SLAs are records: retire it instead'); END;

        CREATE TABLE sla_results (
            id INTEGER PRIMARY KEY,
            sla_id INTEGER NOT NULL REFERENCES slas(id),
            period TEXT NOT NULL,
            actual REAL NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            correction INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1)),
            recorded_by INTEGER NOT NULL REFERENCES people(id),
            delegated_by INTEGER REFERENCES people(id),
            at TEXT NOT NULL
        );
        -- A period is recorded once; a correction is a new row that says so.
        CREATE UNIQUE INDEX sla_results_once ON sla_results(sla_id, period) WHERE correction = 0;
        CREATE INDEX sla_results_sla ON sla_results(sla_id, period, id);
        CREATE TRIGGER sla_results_period BEFORE INSERT ON sla_results
        WHEN NOT (SELECT CASE s.per
                    WHEN 'week' THEN NEW.period GLOB '[0-9][0-9][0-9][0-9]-W[0-5][0-9]'
                    WHEN 'month' THEN NEW.period GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'
                    ELSE NEW.period GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]' END
                  FROM slas s WHERE s.id = NEW.sla_id)
          OR (NEW.correction = 1 AND NOT EXISTS (
                SELECT 1 FROM sla_results WHERE sla_id = NEW.sla_id AND period = NEW.period))
        BEGIN SELECT RAISE(ABORT, 'an SLA period must match the period of its SLA, and only a recorded period is corrected'); END;

        -- The one definition of met and missed: the latest figure of each period against the target.
        CREATE VIEW sla_periods AS
        SELECT r.sla_id, r.period, r.actual, r.note, r.correction, r.at, r.id AS result_id,
               CASE WHEN s.at_most = 1 THEN r.actual <= s.target
                    ELSE r.actual >= s.target END AS met
        FROM sla_results r JOIN slas s ON s.id = r.sla_id
        WHERE r.id = (SELECT MAX(l.id) FROM sla_results l
                      WHERE l.sla_id = r.sla_id AND l.period = r.period);
        """
        + _records("decision_binds", "the departments a decision binds")
        + _records("decision_words", "approvals and objections")
        + _records("proposal_outcomes", "the outcomes of proposals")
        + _records("lead_definitions", "lead definitions")
        + _records("sla_results", "SLA results")
    )


@step
def m007_people_leave(db: Database) -> None:
    """People who left: a row in ``people_left``; the schema refuses them new work.

    A table of its own rather than a column of ``people``: the rows of ``people`` keep the
    shape the audit log's bulk digests were taken over. A person who left keeps their name
    on the record (history, minutes, decisions) but can't be given a task, an area or a
    headship: ``db.people_changes`` checks first with a clear message, these triggers hold
    whatever the interface.
    """
    left = "EXISTS (SELECT 1 FROM people_left WHERE person_id = NEW.{})"
    refuse = "BEGIN SELECT RAISE(ABORT, 'the person has left: they can''t receive new work'); END"
    db.executescript(
        f"""
        CREATE TABLE people_left (
            person_id INTEGER PRIMARY KEY REFERENCES people(id),
            left_at TEXT NOT NULL,
            left_by INTEGER NOT NULL REFERENCES people(id)
        );
        CREATE TRIGGER tasks_owner_left_insert BEFORE INSERT ON tasks
        WHEN {left.format("owner_id")} {refuse};
        CREATE TRIGGER tasks_owner_left_update BEFORE UPDATE OF owner_id ON tasks
        WHEN NEW.owner_id IS NOT OLD.owner_id AND {left.format("owner_id")} {refuse};
        CREATE TRIGGER areas_owner_left_insert BEFORE INSERT ON areas
        WHEN {left.format("owner_id")} {refuse};
        CREATE TRIGGER areas_owner_left BEFORE UPDATE OF owner_id ON areas
        WHEN NEW.owner_id IS NOT OLD.owner_id AND {left.format("owner_id")} {refuse};
        CREATE TRIGGER departments_head_left BEFORE UPDATE OF head_id ON departments
        WHEN NEW.head_id IS NOT NULL AND {left.format("head_id")} {refuse};
        """
    )


@step
def m008_ideas_backlog_fields(db: Database) -> None:
    """Ideas with credit, the agenda backlog, field days (rule 10).

    ``ideas``: an idea's author (who is credited) and who entered it never change (a
    trigger); a declined idea keeps its reason (a check, and a trigger freezes it); ideas
    are never deleted, so credit, derived from them, is never lost.
    ``backlog``: an agenda item parked in a meeting, or an accepted idea not yet planned;
    ``taken_at`` is set when it leaves the backlog. An item of a closed meeting can't be
    parked (a trigger); a parked item counts as having its outcome (it is not carried over).
    ``field_days``: a day a person spent beside someone of another department (a trigger).
    """
    db.executescript(
        """
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            author_id INTEGER NOT NULL REFERENCES people(id),
            entered_by INTEGER NOT NULL REFERENCES people(id),
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'accepted', 'declined', 'planned', 'done')),
            reason TEXT NOT NULL DEFAULT '',
            decided_by INTEGER REFERENCES people(id),
            decided_at TEXT,
            meeting_id INTEGER REFERENCES meetings(id),
            agenda_item_id INTEGER REFERENCES agenda_items(id),
            task_id INTEGER REFERENCES tasks(id),
            done_by INTEGER REFERENCES people(id),
            done_at TEXT,
            created_at TEXT NOT NULL,
            delegated_by INTEGER REFERENCES people(id),
            version INTEGER NOT NULL DEFAULT 1,
            updated_at TEXT,
            updated_by INTEGER REFERENCES people(id),
            CHECK (status != 'declined' OR length(trim(reason)) > 0),
            CHECK (status = 'new' OR decided_at IS NOT NULL),
            CHECK (status != 'planned' OR agenda_item_id IS NOT NULL),
            CHECK ((status = 'done') = (done_at IS NOT NULL))
        );
        CREATE INDEX ideas_status ON ideas(status);
        CREATE INDEX ideas_author ON ideas(author_id, status);
        CREATE INDEX ideas_agenda_item ON ideas(agenda_item_id);
        CREATE INDEX ideas_meeting ON ideas(meeting_id);

        CREATE TRIGGER ideas_author_fixed BEFORE UPDATE OF author_id, entered_by ON ideas
        WHEN NEW.author_id IS NOT OLD.author_id OR NEW.entered_by IS NOT OLD.entered_by
        BEGIN SELECT RAISE(ABORT, 'an idea''s author never changes: the credit is theirs'); END;
        CREATE TRIGGER ideas_declined_kept BEFORE UPDATE ON ideas
        WHEN OLD.status = 'declined'
        BEGIN SELECT RAISE(ABORT, 'a declined idea is a record: it keeps its reason'); END;
        CREATE TRIGGER ideas_no_delete BEFORE DELETE ON ideas
        BEGIN SELECT RAISE(ABORT, 'ideas are records: their credit is never removed'); END;

        CREATE TABLE backlog (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            presenter_id INTEGER REFERENCES people(id),
            department_id INTEGER REFERENCES departments(id),
            minutes INTEGER NOT NULL DEFAULT 10 CHECK (minutes >= 0),
            parked_item_id INTEGER UNIQUE REFERENCES agenda_items(id),
            idea_id INTEGER UNIQUE REFERENCES ideas(id),
            created_by INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL,
            taken_item_id INTEGER REFERENCES agenda_items(id),
            taken_at TEXT,
            CHECK ((parked_item_id IS NULL) != (idea_id IS NULL)),
            CHECK (taken_item_id IS NULL OR taken_at IS NOT NULL)
        );
        CREATE INDEX backlog_waiting ON backlog(id) WHERE taken_at IS NULL;
        CREATE INDEX backlog_taken_item ON backlog(taken_item_id);

        CREATE TRIGGER backlog_no_delete BEFORE DELETE ON backlog
        BEGIN SELECT RAISE(ABORT, 'the backlog is a record: an entry leaves it by being taken'); END;
        CREATE TRIGGER backlog_origin_fixed BEFORE UPDATE OF parked_item_id, idea_id ON backlog
        WHEN NEW.parked_item_id IS NOT OLD.parked_item_id OR NEW.idea_id IS NOT OLD.idea_id
        BEGIN SELECT RAISE(ABORT, 'a backlog entry keeps where it came from'); END;

        CREATE TABLE field_days (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            with_id INTEGER NOT NULL REFERENCES people(id),
            date TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            entered_by INTEGER NOT NULL REFERENCES people(id),
            created_at TEXT NOT NULL,
            delegated_by INTEGER REFERENCES people(id),
            CHECK (person_id != with_id),
            UNIQUE (person_id, date, with_id)
        );
        CREATE INDEX field_days_date ON field_days(date);

        CREATE TRIGGER field_days_cross BEFORE INSERT ON field_days
        WHEN (SELECT department_id FROM people WHERE id = NEW.person_id) IS NULL
          OR (SELECT department_id FROM people WHERE id = NEW.with_id) IS NULL
          OR (SELECT department_id FROM people WHERE id = NEW.person_id)
             = (SELECT department_id FROM people WHERE id = NEW.with_id)
        BEGIN SELECT RAISE(ABORT, 'a field day is spent beside someone of another department'); END;

        -- Parking is an outcome: a parked item waits in the backlog, it is not carried over.
        DROP VIEW agenda_item_outcomes;
        CREATE VIEW agenda_item_outcomes AS
        SELECT item_id, meeting_id, position, outcome,
               (is_review = 0 AND outcome = 0) AS to_carry_over
        FROM (SELECT i.id AS item_id, i.meeting_id, i.position, i.is_review,
                     (i.status = 'done'
                      OR EXISTS (SELECT 1 FROM decisions x WHERE x.agenda_item_id = i.id)
                      OR EXISTS (SELECT 1 FROM backlog b WHERE b.parked_item_id = i.id))
                         AS outcome
              FROM agenda_items i);
        """
    )
    db.execute(
        f"""CREATE TRIGGER backlog_parked_frozen BEFORE INSERT ON backlog
        WHEN NEW.parked_item_id IS NOT NULL AND (SELECT m.status FROM agenda_items i
             JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.parked_item_id) = 'closed'
        BEGIN {_FROZEN}; END"""
    )


@step
def m009_shared_goals(db: Database) -> None:
    """Shared goals (issue 14): a target both departments win or lose on together.

    - ``goals``: text, a target (above zero), a unit, a due date and one owner; a two-key
      decision behind it (``decision_status`` gives its status; retiring it is a two-key
      decision that supersedes it). The terms are records; only the owner may pass on.
    - ``goal_records``: progress added (a negative amount corrects), optionally credited to
      a department; append-only, and refused by a trigger unless the goal is in force.
    """
    db.executescript(
        """
        CREATE TABLE goals (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            target REAL NOT NULL CHECK (target > 0),
            unit TEXT NOT NULL DEFAULT '',
            due TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
            owner_id INTEGER NOT NULL REFERENCES people(id),
            decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions(id),
            created_at TEXT NOT NULL
        );
        CREATE INDEX goals_owner ON goals(owner_id);
        CREATE TRIGGER goals_terms_fixed BEFORE UPDATE OF
            id, text, target, unit, due, decision_id, created_at ON goals
        BEGIN SELECT RAISE(ABORT, 'the terms of a shared goal are records: propose a new goal instead'); END;
        CREATE TRIGGER goals_no_delete BEFORE DELETE ON goals
        BEGIN SELECT RAISE(ABORT, 'shared goals are records: retire it instead'); END;

        CREATE TABLE goal_records (
            id INTEGER PRIMARY KEY,
            goal_id INTEGER NOT NULL REFERENCES goals(id),
            amount REAL NOT NULL CHECK (amount != 0),
            department_id INTEGER REFERENCES departments(id),
            note TEXT NOT NULL DEFAULT '',
            recorded_by INTEGER NOT NULL REFERENCES people(id),
            delegated_by INTEGER REFERENCES people(id),
            at TEXT NOT NULL
        );
        CREATE INDEX goal_records_goal ON goal_records(goal_id, department_id);
        CREATE INDEX goal_records_at ON goal_records(at);
        -- Progress counts only towards a goal both heads put in force (and not yet retired).
        CREATE TRIGGER goal_records_in_force BEFORE INSERT ON goal_records
        WHEN (SELECT s.status FROM goals g JOIN decision_status s ON s.decision_id = g.decision_id
              WHERE g.id = NEW.goal_id) IS NOT 'in-force'
        BEGIN SELECT RAISE(ABORT, 'progress is recorded only against a shared goal in force'); END;
        """
        + _records("goal_records", "records of shared goals")
    )


@step
def m010_bounded_home_reads(db: Database) -> None:
    """Indexes that keep Home's panels as quick with a million tasks as with 100,000 (issue 16).

    - ``tasks_open_owner_due``: open tasks only (a small share of every task ever given),
      by owner then due date: the per-person counts of open and overdue tasks (workload,
      overdue by department) read this index alone, in owner order, instead of looking up
      each open task's row.
    - ``meetings_status_at``: the running and upcoming meetings are found by status, not by
      walking every meeting ever held.
    - ``goals_due``: the first goals in force by due date are found by walking the goals in
      that order, not by sorting them all.
    """
    db.executescript(
        """
        CREATE INDEX tasks_open_owner_due ON tasks(owner_id, due) WHERE status = 'open';
        CREATE INDEX meetings_status_at ON meetings(status, at);
        CREATE INDEX goals_due ON goals(due, id);
        """
    )
