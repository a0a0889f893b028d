"""What ``tandem check`` proves beyond SQLite's own integrity check.

- The audit chain: each entry's hash recomputed from its content and the
  previous hash (an edited, removed or inserted entry breaks it).
- The data against the chain: every row of every audited table holds exactly
  what the last entry touching it wrote (a row changed, added or deleted with
  another tool shows, and so does one edited between two Tandem writes).
- The schema against the migrations: the tables, columns, triggers and
  indexes a migrated blank database has, and nothing else (a dropped freeze
  trigger, index or search table shows).
- The search tables in step with what they index.

What it can't prove: someone who can write the file can rewrite the whole
chain consistently. A seal kept outside the database (exported minutes) is
what catches that: see ``db.seal``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from db.audit import GENESIS, MODULUS, TableShape, audited_shapes, entry_hash, row_digest

_SHOWN_PER_KIND = 20

# Columns added to audited tables since bulk entries began naming the columns they digest:
# a bulk entry without "columns" was written before these existed, so they are left out.
LATER_COLUMNS: dict[str, tuple[str, ...]] = {
    "decisions": ("two_key",),
    "meetings": ("co_facilitator_id",),
}


def _strip(row: str, names: tuple[str, ...]) -> str:
    """``row`` (SQLite's ``json_object`` text) without the trailing columns ``names``.

    Columns added by a migration come last in the row and hold numbers or null, so each is
    a suffix ``,"name":value}`` that is cut without parsing the text.
    """
    for name in reversed(names):
        row = re.sub(rf',"{re.escape(name)}":(?:-?[0-9.eE+]+|null)}}$', "}", row)
    return row


def chain_problems(db: Database, *, upto_id: int | None = None) -> list[str]:
    """Entries whose hash doesn't follow from their content and the previous hash."""
    problems: list[str] = []
    prev = GENESIS
    expected_id = None
    sql = """SELECT id, at, login, actor_id, actor, delegated_by_id, delegated_by, action, subject,
                    payload, prev_hash, hash FROM audit_log"""
    params: list[Any] = []
    if upto_id is not None:
        sql += " WHERE id <= ?"
        params.append(upto_id)
    for row in db.execute(sql + " ORDER BY id", params):
        (
            entry_id,
            at,
            login,
            actor_id,
            actor,
            dby_id,
            dby,
            action,
            subject,
            payload,
            prev_hash,
            digest,
        ) = row
        if expected_id is not None and entry_id != expected_id:
            problems.append(f"audit log: entries {expected_id}–{entry_id - 1} are missing")
        expected_id = entry_id + 1
        fields = {
            "at": at,
            "login": login,
            "actor_id": actor_id,
            "actor": actor,
            "delegated_by_id": dby_id,
            "delegated_by": dby,
            "action": action,
            "subject": subject,
        }
        if prev_hash != prev:
            problems.append(f"audit log: entry {entry_id} does not follow the entry before it")
        if entry_hash(prev_hash, fields, payload) != digest:
            problems.append(f"audit log: entry {entry_id} was changed after it was written")
        prev = digest
        if len(problems) > _SHOWN_PER_KIND:
            break
    return problems


class _Replay:
    """The state every audited row should be in, according to the chain.

    Rows are compared as the text SQLite's ``json_object`` prints for them, the
    same expression the capture triggers use, so a row is checked without
    parsing it; only a mismatch is parsed (to allow columns added since).
    """

    def __init__(self) -> None:
        # (table, key text) -> ("v", values text or None when deleted) | ("b", bulk entry id)
        self.expected: dict[tuple[str, str], tuple[str, Any]] = {}
        # (bulk entry id, table) -> [rows seen, digest sum]
        self.bulk_seen: dict[tuple[int, str], list[int]] = {}
        self.bulk_claimed: dict[tuple[int, str], tuple[int, int]] = {}
        # (bulk entry id, table) -> the columns it digested (None: before entries said so)
        self.bulk_columns: dict[tuple[int, str], tuple[str, ...] | None] = {}
        self.problems: list[str] = []

    def entry(self, entry_id: int, payload: dict[str, Any]) -> None:
        for change in payload.get("changes", ()):
            table, key = change["t"], change["key"]
            self._touch(entry_id, table, key, change.get("old"))
            self.expected[(table, key)] = ("v", change.get("new"))
        for table, spec in payload.get("bulk", {}).items():
            self.bulk_claimed[(entry_id, table)] = (spec["count"], int(spec["digest"], 16))
            columns = spec.get("columns")
            self.bulk_columns[(entry_id, table)] = tuple(columns) if columns else None
            keys: Iterator[str]
            if "ranges" in spec:
                keys = (f"[{i}]" for lo, hi in spec["ranges"] for i in range(lo, hi + 1))
            else:
                keys = iter(spec["keys"])
            for key in keys:
                if (table, key) in self.expected:
                    self._touch(entry_id, table, key, None, bulk=True)
                self.expected[(table, key)] = ("b", entry_id)

    def _touch(
        self, entry_id: int, table: str, key: str, old: str | None, *, bulk: bool = False
    ) -> None:
        """Check that the row held what the chain says just before this entry changed it."""
        before = self.expected.get((table, key))
        if before is None:
            if old is not None:
                self.problems.append(
                    f"{table} row {_k(key)}: entry {entry_id} changed a row the log never wrote"
                )
            return
        kind, value = before
        if kind == "b":
            self.bulk_row(value, table, key, old)
        elif not bulk and value != old and _differs(value, old):
            self.problems.append(
                f"{table} row {_k(key)}: changed outside Tandem before entry {entry_id}"
            )

    def bulk_row(self, bulk_id: int, table: str, key: str, row: str | None) -> None:
        seen = self.bulk_seen.setdefault((bulk_id, table), [0, 0])
        if row is None:
            return
        seen[0] += 1
        columns = self.bulk_columns.get((bulk_id, table))
        if columns is None:
            row = _strip(row, LATER_COLUMNS.get(table, ()))
        else:
            extra = tuple(c for c in json.loads(row) if c not in columns)
            if extra:
                row = _strip(row, extra)
        seen[1] = (seen[1] + row_digest(table, key, row)) % MODULUS


def _k(key: str) -> str:
    return key.strip("[]").replace(",", "/").replace('"', "")


def data_problems(db: Database) -> list[str]:
    """Rows that differ from what the audit log says was written."""
    replay = _Replay()
    has_log = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'"
    ).fetchone()
    if not has_log:
        return ["the audit log is missing"]
    for entry_id, payload in db.execute("SELECT id, payload FROM audit_log ORDER BY id"):
        try:
            replay.entry(entry_id, json.loads(payload))
        except (ValueError, KeyError, TypeError):
            replay.problems.append(f"audit log: entry {entry_id} can't be read")
    problems = replay.problems[:_SHOWN_PER_KIND]
    listed: list[str] = []
    expected = replay.expected
    pop = expected.pop
    sha256 = hashlib.sha256
    from_bytes = int.from_bytes
    for shape in audited_shapes(db):
        table = shape.name
        # Per bulk entry: [rows, sum of row digests]; the modulus is applied once, at the end.
        sums: dict[int, list[int]] = {}
        prefix = f"{table}\x1f"
        # Per bulk entry: the columns to cut from a row before digesting it (mostly none).
        drops: dict[int, tuple[str, ...]] = {}
        # Rows of one bulk entry come in runs (ids in ranges): the entry's tally and the
        # columns to drop are looked up again only when the entry changes.
        run_id: int | None = None
        tally: list[int] = [0, 0]
        drop: tuple[str, ...] = ()
        for key, row in db.execute(
            f'SELECT {shape.json_key("r")}, {shape.json_row("r")} FROM main."{table}" AS r'
        ):
            found = pop((table, key), None)
            if found is None:
                listed.append(f"{table} row {_k(key)} was added outside Tandem")
                continue
            kind, value = found
            if kind == "b":
                if value != run_id:
                    run_id = value
                    tally = sums.setdefault(value, [0, 0])
                    drop = drops[value] if value in drops else _bulk_drop(replay, value, shape)
                    drops[value] = drop
                text = _strip(row, drop) if drop else row
                tally[0] += 1
                tally[1] += from_bytes(sha256(f"{prefix}{key}\x1f{text}".encode()).digest(), "big")
            elif value is None:
                listed.append(f"{table} row {_k(key)} was deleted by Tandem but is back")
            elif value != row and _differs(value, row):
                was, now = json.loads(value), json.loads(row)
                cols = sorted(c for c in was if was[c] != now.get(c, _ABSENT))
                listed.append(
                    f"{table} row {_k(key)} was changed outside Tandem ({', '.join(cols)})"
                )
        for bulk_id, (count, total) in sums.items():
            seen = replay.bulk_seen.setdefault((bulk_id, table), [0, 0])
            seen[0] += count
            seen[1] = (seen[1] + total) % MODULUS
    for (table, key), (kind, value) in expected.items():
        if kind == "b" or value is not None:
            listed.append(f"{table} row {_k(key)} was deleted outside Tandem")
    for (bulk_id, table), (count, digest) in replay.bulk_claimed.items():
        seen = replay.bulk_seen.get((bulk_id, table), [0, 0])
        if seen[0] == count and seen[1] != digest:
            listed.append(
                f"{table}: rows recorded in bulk by audit entry {bulk_id} were changed outside Tandem"
            )
    problems += listed[:_SHOWN_PER_KIND]
    if len(listed) > _SHOWN_PER_KIND:
        problems.append(
            f"… and {len(listed) - _SHOWN_PER_KIND} more rows differ from the audit log"
        )
    return problems


_ABSENT = object()


def _bulk_drop(replay: _Replay, bulk_id: int, shape: TableShape) -> tuple[str, ...]:
    """The columns to cut from a row of ``shape`` before digesting it for a bulk entry: the
    ones added after the entry (named by it, or by LATER_COLUMNS for older entries)."""
    columns = replay.bulk_columns.get((bulk_id, shape.name))
    later = LATER_COLUMNS.get(shape.name, ()) if columns is None else ()
    return tuple(c for c in shape.columns if (c in later if columns is None else c not in columns))


def _differs(expected: str | None, actual: str | None) -> bool:
    """Whether two rows' texts differ in a column the expected one has (a column added by a
    later migration is absent from older entries)."""
    if expected is None or actual is None:
        return expected != actual
    was, now = json.loads(expected), json.loads(actual)
    return any(now.get(c, _ABSENT) != v for c, v in was.items())


@functools.cache
def _migrated_schema() -> dict[tuple[str, str], str]:
    """The schema the migrations create, built once per process (they never change)."""
    from db.migrations import migrations

    blank = Database(sqlite3.connect(":memory:"))
    migrations().apply(blank)
    want = _schema(blank)
    blank.close()
    return want


def schema_problems(db: Database) -> list[str]:
    """Differences between the file's schema and what the migrations create."""
    want = _migrated_schema()
    have = _schema(db)
    problems = []
    for (kind, name), sql in sorted(want.items()):
        if (kind, name) not in have:
            problems.append(f"schema: the {kind} {name} is missing")
        elif have[(kind, name)] != sql:
            problems.append(f"schema: the {kind} {name} was altered")
    for kind, name in sorted(set(have) - set(want)):
        problems.append(f"schema: an unexpected {kind} {name} was added")
    return problems


def _schema(db: Database) -> dict[tuple[str, str], str]:
    return {
        (kind, name): _folded(sql or "")
        for kind, name, sql in db.execute(
            "SELECT type, name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        )
    }


@functools.lru_cache(maxsize=4096)
def _folded(sql: str) -> str:
    """``sql`` with its whitespace folded (the same statements recur on every check)."""
    return " ".join(sql.split())


def search_problems(db: Database) -> list[str]:
    """Search tables out of step with the rows they index."""
    problems = []
    for fts in ("tasks_fts", "decisions_fts"):
        exists = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [fts]
        ).fetchone()
        if not exists:
            continue  # reported by schema_problems
        source = fts[: -len("_fts")]
        try:
            # rank 1: also compare the index with the content table.
            db.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc).lower() or "read-only" in str(exc).lower():
                pass  # a reader who can't write the file can't run this check; the counts below still run
            else:
                problems.append(f"search: {fts} is out of step with {source}")
                continue
        missing = db.execute(
            f"SELECT COUNT(*) FROM {source} s WHERE NOT EXISTS "
            f"(SELECT 1 FROM {fts}_docsize d WHERE d.id = s.rowid)"
        ).fetchone()[0]
        extra = db.execute(
            f"SELECT COUNT(*) FROM {fts}_docsize d WHERE NOT EXISTS "
            f"(SELECT 1 FROM {source} s WHERE s.rowid = d.id)"
        ).fetchone()[0]
        if missing or extra:
            problems.append(
                f"search: {fts} is out of step with {source} ({missing} missing, {extra} extra)"
            )
    return problems


def tamper_problems(db: Database) -> list[str]:
    """Everything that shows the file was changed other than through Tandem."""
    problems = schema_problems(db)
    # Only a missing or reshaped log table stops here: with a dropped trigger or index the
    # entries can still be read, and an entry edited or deleted meanwhile must be named.
    log_table = {
        "schema: the table audit_log is missing",
        "schema: the table audit_log was altered",
    }
    if log_table.intersection(problems):
        return problems + ["the audit log's table was altered; the record can't be trusted"]
    return problems + search_problems(db) + chain_problems(db) + data_problems(db)
