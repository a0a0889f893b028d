"""The schema: a blank database migrates to exactly this, and migrating again changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from db import open_db
from db.migrations import known_names, migrations

# Adding a migration means updating this expectation: the schema is reviewed, not discovered.
EXPECTED_TABLES: dict[str, list[str]] = {
    "_sqlite_migrations": ["id", "migration_set", "name", "applied_at"],
    "agenda_items": [
        "id", "meeting_id", "position", "title", "presenter_id", "department_id", "minutes",
        "status", "started_at", "ended_at", "resumed_at", "spent_seconds", "notes",
        "carried_from_id", "is_review", "version", "updated_at", "updated_by",
    ],
    "amendments": ["id", "meeting_id", "text", "author_id", "at", "delegated_by"],
    "area_history": [
        "id", "area_id", "at", "actor_id", "from_id", "to_id", "delegated_by", "reason",
    ],
    "areas": [
        "id", "name", "name_key", "department_id", "owner_id", "assigned_by", "assigned_at",
        "version", "updated_at", "updated_by", "name_skeleton",
    ],
    "attendance": ["meeting_id", "person_id", "present"],
    "decisions": [
        "id", "text", "rationale", "meeting_id", "agenda_item_id", "task_force_id",
        "recorded_by", "recorded_at", "supersedes_id", "delegated_by", "two_key",
    ],
    "decision_binds": ["decision_id", "department_id"],
    "decision_words": [
        "id", "decision_id", "department_id", "head_id", "word", "how", "meeting_id", "reason",
        "at", "recorded_by", "delegated_by",
    ],
    "goal_records": [
        "id", "goal_id", "amount", "department_id", "note", "recorded_by", "delegated_by", "at",
    ],
    "goals": [
        "id", "text", "target", "unit", "due", "owner_id", "decision_id", "created_at",
    ],
    "lead_definitions": ["id", "version", "text", "criteria", "decision_id", "created_at"],
    "proposal_outcomes": ["decision_id", "outcome", "at", "by_id", "delegated_by"],
    "sla_results": [
        "id", "sla_id", "period", "actual", "note", "correction", "recorded_by", "delegated_by",
        "at",
    ],
    "slas": [
        "id", "text", "from_department_id", "to_department_id", "owner_id", "metric", "target",
        "unit", "at_most", "per", "decision_id", "created_at",
    ],
    "audit_log": [
        "id", "at", "login", "actor_id", "actor", "delegated_by_id", "delegated_by", "action",
        "subject", "payload", "prev_hash", "hash",
    ],
    "decisions_fts": ["text", "rationale"],
    "decisions_fts_config": ["k", "v"],
    "decisions_fts_data": ["id", "block"],
    "decisions_fts_docsize": ["id", "sz"],
    "decisions_fts_idx": ["segid", "term", "pgno"],
    "departments": ["id", "name", "name_key", "head_id", "created_at", "name_skeleton"],
    "meetings": [
        "id", "title", "at", "minutes", "facilitator_id", "status", "previous_id",
        "task_force_id", "started_at", "closed_at", "created_by", "created_at", "version",
        "updated_at", "updated_by", "co_facilitator_id",
    ],
    "people": [
        "id", "name", "name_key", "department_id", "title", "email", "is_admin", "created_at",
        "login", "name_skeleton",
    ],
    "people_left": ["person_id", "left_at", "left_by"],
    "settings": ["key", "value"],
    "task_force_members": ["task_force_id", "person_id"],
    "task_forces": [
        "id", "name", "name_key", "problem", "lead_id", "created_by", "created_at",
        "name_skeleton",
    ],
    "task_history": [
        "id", "task_id", "at", "actor_id", "from_id", "to_id", "reason", "delegated_by",
    ],
    "tasks": [
        "id", "title", "title_key", "owner_id", "assigned_by", "due", "status", "created_at",
        "done_at", "done_by", "meeting_id", "agenda_item_id", "decision_id", "version",
        "updated_at", "updated_by",
    ],
    "tasks_fts": ["title"],
    "tasks_fts_config": ["k", "v"],
    "tasks_fts_data": ["id", "block"],
    "tasks_fts_docsize": ["id", "sz"],
    "tasks_fts_idx": ["segid", "term", "pgno"],
    # m008: ideas with credit, the backlog, field days
    "ideas": [
        "id", "text", "author_id", "entered_by", "status", "reason", "decided_by", "decided_at",
        "meeting_id", "agenda_item_id", "task_id", "done_by", "done_at", "created_at",
        "delegated_by", "version", "updated_at", "updated_by",
    ],
    "backlog": [
        "id", "title", "presenter_id", "department_id", "minutes", "parked_item_id", "idea_id",
        "created_by", "created_at", "taken_item_id", "taken_at",
    ],
    "field_days": [
        "id", "person_id", "with_id", "date", "note", "entered_by", "created_at", "delegated_by",
    ],
}  # fmt: skip

EXPECTED_INDEXES = [
    "agenda_items_carried_from",
    "amendments_meeting",
    "areas_department",
    "areas_name_skeleton",
    "areas_owner",
    "audit_log_action_subject",
    "audit_log_actor",
    "audit_log_at",
    "backlog_taken_item",
    "backlog_waiting",
    "decision_binds_department",
    "decision_words_decision",
    "decision_words_head",
    "decisions_item",
    "decisions_meeting",
    "decisions_recorded_at",
    "decisions_supersedes",
    "decisions_task_force",
    "departments_name_skeleton",
    "field_days_date",
    "goal_records_at",
    "goal_records_goal",
    "goals_due",
    "goals_owner",
    "ideas_agenda_item",
    "ideas_author",
    "ideas_meeting",
    "ideas_status",
    "idx__sqlite_migrations_migration_set_name",
    "meetings_at",
    "meetings_co_facilitator",
    "meetings_facilitator",
    "meetings_previous",
    "meetings_status_at",
    "meetings_task_force",
    "people_department",
    "people_login",
    "people_name_skeleton",
    "sla_results_once",
    "sla_results_sla",
    "slas_owner",
    "task_force_members_person",
    "task_forces_name_skeleton",
    "task_history_task",
    "tasks_agenda_item",
    "tasks_decision",
    "tasks_meeting",
    "tasks_open_owner_due",
    "tasks_open_title_key",
    "tasks_owner_status_due",
    "tasks_status_due",
]

EXPECTED_TRIGGERS = [
    "agenda_items_frozen_delete",
    "agenda_items_frozen_insert",
    "agenda_items_frozen_update",
    "amendments_immutable",
    "amendments_need_closed",
    "amendments_no_delete",
    "areas_owner_left",
    "areas_owner_left_insert",
    "attendance_frozen_delete",
    "attendance_frozen_insert",
    "attendance_frozen_update",
    "audit_log_append_only",
    "audit_log_no_delete",
    "backlog_no_delete",
    "backlog_origin_fixed",
    "backlog_parked_frozen",
    "decision_binds_immutable",
    "decision_binds_no_delete",
    "decision_binds_two_key",
    "decision_words_immutable",
    "decision_words_no_delete",
    "decision_words_open",
    "decisions_ad",
    "decisions_ai",
    "decisions_au",
    "decisions_frozen_delete",
    "decisions_frozen_insert",
    "decisions_frozen_update",
    "decisions_immutable",
    "departments_head_left",
    "field_days_cross",
    "goal_records_immutable",
    "goal_records_in_force",
    "goal_records_no_delete",
    "goals_no_delete",
    "goals_terms_fixed",
    "ideas_author_fixed",
    "ideas_declined_kept",
    "ideas_no_delete",
    "lead_definitions_immutable",
    "lead_definitions_no_delete",
    "meetings_frozen",
    "proposal_outcomes_immutable",
    "proposal_outcomes_in_force",
    "proposal_outcomes_no_delete",
    "sla_results_immutable",
    "sla_results_no_delete",
    "sla_results_period",
    "slas_no_delete",
    "slas_terms_fixed",
    "tasks_ad",
    "tasks_ai",
    "tasks_au",
    "tasks_frozen_insert",
    "tasks_owner_left_insert",
    "tasks_owner_left_update",
]

EXPECTED_MIGRATIONS = [
    "m001_core_schema",
    "m002_full_text_search",
    "m003_identity_and_audit",
    "m004_name_skeletons",
    "m005_rule_views",
    "m006_governance",
    "m007_people_leave",
    "m008_ideas_backlog_fields",
    "m009_shared_goals",
    "m010_bounded_home_reads",
]


def tables(db: Database) -> dict[str, list[str]]:
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {n: [c[1] for c in db.execute(f"PRAGMA table_info([{n}])")] for n in sorted(names)}


def names_of(db: Database, kind: str) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_autoindex%' "
            "ORDER BY name",
            [kind],
        )
    ]


def full_schema(db: Database) -> list[tuple[str, str, str | None]]:
    return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def applied(db: Database) -> list[tuple[str, str]]:
    return db.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()


def migrated_blank() -> Database:
    db = Database(memory=True)
    migrations().apply(db)
    return db


def test_blank_database_migrates_to_the_expected_tables() -> None:
    assert tables(migrated_blank()) == EXPECTED_TABLES


def test_blank_database_migrates_to_the_expected_indexes() -> None:
    assert names_of(migrated_blank(), "index") == EXPECTED_INDEXES


def test_blank_database_migrates_to_the_expected_triggers() -> None:
    assert names_of(migrated_blank(), "trigger") == EXPECTED_TRIGGERS


def test_the_migrations_are_recorded_in_order() -> None:
    db = migrated_blank()
    assert applied(db) == [("tandem", name) for name in EXPECTED_MIGRATIONS]
    assert known_names() == set(EXPECTED_MIGRATIONS)
    assert migrations().pending(db) == []


def test_migrating_twice_changes_nothing() -> None:
    db = migrated_blank()
    schema, recorded = full_schema(db), db.execute("SELECT * FROM _sqlite_migrations").fetchall()
    migrations().apply(db)
    assert full_schema(db) == schema
    assert db.execute("SELECT * FROM _sqlite_migrations").fetchall() == recorded


def test_reopening_a_file_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    db = open_db(path, create=True)
    schema, recorded = full_schema(db), db.execute("SELECT * FROM _sqlite_migrations").fetchall()
    db.close()
    db = open_db(path)
    assert full_schema(db) == schema
    assert db.execute("SELECT * FROM _sqlite_migrations").fetchall() == recorded
    db.close()


def test_one_owner_is_in_the_schema() -> None:
    """Rule 1: owner columns are NOT NULL and reference people, whatever the interface."""
    db = migrated_blank()
    for table, column in [("tasks", "owner_id"), ("areas", "owner_id"), ("task_forces", "lead_id")]:
        info = {c[1]: c for c in db.execute(f"PRAGMA table_info({table})")}
        assert info[column][3] == 1, f"{table}.{column} must be NOT NULL"
        fks = {(r[3], r[2], r[4]) for r in db.execute(f"PRAGMA foreign_key_list({table})")}
        assert (column, "people", "id") in fks, f"{table}.{column} must reference people(id)"
