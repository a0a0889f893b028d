"""The tamper-evident record: every write appends a hash-chained audit entry.

How it works:

- Each write goes through :func:`write`, which checks who is acting (the
  login's person, or the admin on someone's behalf), takes the write lock and,
  in the same transaction, appends one entry to ``audit_log``.
- The entry holds the values written: per-connection TEMP triggers copy every
  inserted, updated or deleted row of the audited tables (old and new values,
  as SQLite's ``json_object``) into ``temp.audit_changes``; at commit they
  become the entry's ``payload``. TEMP triggers exist only on Tandem's own
  connections, so an edit made with another tool leaves no entry.
- ``hash = sha256(previous hash + the entry)``: the chain covers the content,
  not just the fact that something changed.
- :func:`verify` (run by ``tandem check``) recomputes the chain and replays it:
  every row of every audited table must hold exactly what the last entry
  touching it wrote. A row changed, added or deleted by hand shows.
- Bulk inserts (the demo's synthetic history, the baseline of an upgraded
  database) are recorded as one entry per batch holding, per table, the keys
  inserted, their count and a digest: the sum modulo 2**256 of each row's
  sha256 (a multiset hash, so check can stream rows in any order).

Derived columns (``name_key``, ``name_skeleton``, ``title_key``) are left out: they are recomputed
from the names and titles they derive from, never typed.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from db.connection import immediate
from db.dates import stamp
from db.identity import resolve_actor, session_of
from db.lazyclass import dataclass
from db.models import Person

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64
DERIVED_COLUMNS = frozenset({"name_key", "name_skeleton", "title_key"})
_NOT_AUDITED_PREFIXES = ("sqlite_", "_")
MODULUS = 2**256


def audited_tables(db: Database) -> list[str]:
    """Every table of the domain: not SQLite's, not the migrations', not search or audit tables."""
    return [name for name, _sql in _audited(db)]


def _audited(db: Database) -> list[tuple[str, str]]:
    """Name and ``CREATE`` statement of each audited table, by name."""
    tables = db.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    fts = {n for n, _sql in tables if n.endswith("_fts")}
    return [
        (n, sql)
        for n, sql in tables
        if not n.startswith(_NOT_AUDITED_PREFIXES)
        and n != "audit_log"
        and n not in fts
        and not any(n.startswith(f + "_") for f in fts)
    ]


@dataclass(frozen=True)
class TableShape:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]

    def json_row(self, ref: str) -> str:
        """``json_object(...)`` of the audited columns of row ``ref`` (NEW, OLD or a table alias)."""
        parts = ", ".join(f"'{c}', {ref}.\"{c}\"" for c in self.columns)
        return f"json_object({parts})"

    def json_key(self, ref: str) -> str:
        return "json_array(" + ", ".join(f'{ref}."{c}"' for c in self.key) + ")"


def table_shape(db: Database, table: str) -> TableShape:
    info = db.execute(f'PRAGMA main.table_info("{table}")').fetchall()
    columns = tuple(r[1] for r in info if r[1] not in DERIVED_COLUMNS)
    pk = sorted((r[5], r[1]) for r in info if r[5])
    key = tuple(name for _, name in pk) or ("rowid",)
    return TableShape(table, columns, key)


# A table's columns and key follow from its name and its CREATE statement alone (SQLite reads
# them from that text): shapes are kept per (name, statement), so a changed table is looked
# at afresh while an unchanged one costs no PRAGMA on each connection and each check.
_SHAPES: dict[tuple[str, str], TableShape] = {}


def audited_shapes(db: Database) -> list[TableShape]:
    """The shape of every audited table (``audited_tables``), by name."""
    shapes = []
    for name, sql in _audited(db):
        shape = _SHAPES.get((name, sql))
        if shape is None:
            if len(_SHAPES) > 10_000:
                _SHAPES.clear()
            shape = _SHAPES[(name, sql)] = table_shape(db, name)
        shapes.append(shape)
    return shapes


def _install_triggers(db: Database) -> None:
    """Create the TEMP capture triggers on this connection (once per connection)."""
    conn = db.conn
    session = session_of(db)
    if session.triggers_installed:
        return
    script = _capture_script(tuple(audited_shapes(db)))
    if conn.in_transaction:  # executescript would commit the caller's transaction first
        for statement in script:
            conn.execute(statement)
    else:
        # One script, one transaction: SQLite runs the statements without a round trip
        # through Python for each, and a connection gets all of the triggers or none.
        try:
            conn.executescript("BEGIN;\n" + ";\n".join(script) + ";\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:  # stopped part-way: none of the script stays
                conn.execute("ROLLBACK")
            raise
    session.triggers_installed = True


@functools.lru_cache(maxsize=64)
def _capture_script(shapes: tuple[TableShape, ...]) -> tuple[str, ...]:
    """The statements creating the capture table and triggers for tables of these shapes."""
    statements = [
        """CREATE TEMP TABLE IF NOT EXISTS audit_changes (
               seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL,
               key TEXT NOT NULL, old TEXT, new TEXT)"""
    ]
    for shape in shapes:
        table = shape.name
        for op, key_ref, old, new in (
            ("INSERT", "NEW", "NULL", shape.json_row("NEW")),
            ("UPDATE", "NEW", shape.json_row("OLD"), shape.json_row("NEW")),
            ("DELETE", "OLD", shape.json_row("OLD"), "NULL"),
        ):
            statements.append(
                f"""CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_{op.lower()}
                    AFTER {op} ON main."{table}"
                    BEGIN
                      INSERT INTO audit_changes (tbl, op, key, old, new)
                      VALUES ('{table}', '{op.lower()}', {shape.json_key(key_ref)}, {old}, {new});
                    END"""
            )
    return tuple(statements)


def forget_triggers(db: Database) -> None:
    """Drop the capture triggers (after a migration changed the tables they copy)."""
    conn = db.conn
    for (name,) in conn.execute(
        "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'"
    ).fetchall():
        conn.execute(f'DROP TRIGGER temp."{name}"')
    session_of(db).triggers_installed = False


def entry_hash(prev: str, fields: dict[str, Any], payload: str) -> str:
    """The chain link: sha256 over the previous hash, the entry's fields and its payload."""
    head = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{head}\n{payload}".encode()).hexdigest()


def _last_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


_NOUNS = {
    "tasks": "task",
    "meetings": "meeting",
    "people": "person",
    "departments": "department",
    "decisions": "decision",
    "agenda_items": "agenda item",
    "areas": "area",
    "task_forces": "task force",
    "amendments": "amendment",
    "task_history": "task history",
    "area_history": "area history",
    "attendance": "attendance",
    "task_force_members": "task force member",
    "settings": "setting",
    "people_left": "person who left",
    "ideas": "idea",
    "backlog": "backlog entry",
    "field_days": "field day",
}


def subject_of(table: str, key: list[Any]) -> str:
    return f"{_NOUNS.get(table, table)} {'/'.join(str(k) for k in key)}"


def append(
    db: Database,
    *,
    action: str,
    subject: str,
    payload: dict[str, Any],
    actor_id: int | None,
    actor: str | None,
    delegated_by_id: int | None = None,
    delegated_by: str | None = None,
    now: datetime | None = None,
) -> str:
    """Append one entry to the chain (inside the caller's transaction); returns its hash."""
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    fields = {
        "at": stamp(now),
        "login": session_of(db).login,
        "actor_id": actor_id,
        "actor": actor,
        "delegated_by_id": delegated_by_id,
        "delegated_by": delegated_by,
        "action": action,
        "subject": subject,
    }
    prev = _last_hash(db)
    digest = entry_hash(prev, fields, text)
    db.execute(
        """INSERT INTO audit_log (at, login, actor_id, actor, delegated_by_id, delegated_by,
                                  action, subject, payload, prev_hash, hash)
           VALUES (:at, :login, :actor_id, :actor, :delegated_by_id, :delegated_by,
                   :action, :subject, :payload, :prev, :hash)""",
        {**fields, "payload": text, "prev": prev, "hash": digest},
    )
    return digest


def _flush(db: Database) -> str | None:
    """Turn the captured changes into one audit entry; None when nothing changed."""
    session = session_of(db)
    changes = [
        {
            "t": tbl,
            "op": op,
            # SQLite's own json_object text, kept verbatim: check compares it as text.
            "key": key,
            "old": old,
            "new": new,
        }
        for tbl, op, key, old, new in db.execute(
            "SELECT tbl, op, key, old, new FROM temp.audit_changes ORDER BY seq"
        ).fetchall()
    ]
    if not changes:
        return None
    db.execute("DELETE FROM temp.audit_changes")
    payload: dict[str, Any] = {"changes": changes}
    if session.extra:
        payload.update(session.extra)
    first = changes[0]
    return append(
        db,
        action=session.action,
        subject=str(
            session.extra.get("subject") or subject_of(first["t"], json.loads(first["key"]))
        ),
        payload=payload,
        actor_id=session.actor_id,
        actor=session.actor_name,
        delegated_by_id=session.delegated_by_id,
        delegated_by=session.delegated_by_name,
    )


@contextlib.contextmanager
def write(db: Database, actor: Person | None, action: str, **extra: Any) -> Iterator[Database]:
    """One audited write transaction by ``actor`` (None: the system, e.g. init, migrations).

    Checks that this login may act as ``actor`` (itself, or the admin on
    someone's behalf), takes the write lock (``BEGIN IMMEDIATE``) and appends
    the audit entry in the same transaction. Nested calls join the outer one.

    Raises:
        Unbound: the login is bound to nobody.
        DelegationRefused: acting as another person without being the admin.
    """
    session = session_of(db)
    if session.depth:
        session.depth += 1
        try:
            with immediate(db):
                yield db
        finally:
            session.depth -= 1
        return
    # Outside the transaction: a rolled-back write must not take the capture tables with it.
    _install_triggers(db)
    with immediate(db):
        if actor is not None:
            actor_id, delegated = resolve_actor(db, actor.id)
            session.actor_id, session.actor_name = actor_id, actor.name
            session.delegated_by_id = delegated
            session.delegated_by_name = (
                db.execute("SELECT name FROM people WHERE id = ?", [delegated]).fetchone()[0]
                if delegated is not None
                else None
            )
        else:
            session.actor_id = session.actor_name = None
            session.delegated_by_id = session.delegated_by_name = None
        session.action = action
        session.extra = dict(extra)
        db.execute("DELETE FROM temp.audit_changes")
        session.depth = 1
        try:
            yield db
            _flush(db)
        finally:
            session.depth = 0
            session.actor_id = session.actor_name = None
            session.delegated_by_id = session.delegated_by_name = None
            session.action = "system"
            session.extra = {}


def delegated_by(db: Database) -> int | None:
    """Who delegated the write in progress (None when the actor acts as themselves)."""
    return session_of(db).delegated_by_id


def set_extra(db: Database, **extra: Any) -> None:
    """Add facts to the audit entry of the write in progress (e.g. a seal's digest)."""
    session_of(db).extra.update(extra)


# --- bulk entries -----------------------------------------------------------------


def row_digest(table: str, key_text: str, row_text: str) -> int:
    """One row's share of a bulk digest: sha256 over its table, key and values as SQLite's
    ``json_array``/``json_object`` print them."""
    digest = hashlib.sha256(f"{table}\x1f{key_text}\x1f{row_text}".encode()).digest()
    return int.from_bytes(digest, "big")


def _ranges(ids: Iterable[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for i in sorted(ids):
        if out and out[-1][1] == i - 1:
            out[-1][1] = i
        else:
            out.append([i, i])
    return out


def bulk_payload(db: Database, selection: dict[str, str]) -> dict[str, Any]:
    """The payload of a bulk entry: per table, the rows chosen by a WHERE clause.

    ``selection`` maps a table to a SQL condition on it (aliased ``r``), e.g.
    ``{"tasks": "r.id > 4000"}``.
    """
    tables: dict[str, Any] = {}
    for table, where in selection.items():
        shape = table_shape(db, table)
        total = 0
        count = 0
        keys: list[str] = []
        for key_text, row_text in db.execute(
            f'SELECT {shape.json_key("r")}, {shape.json_row("r")} FROM main."{table}" AS r '
            f"WHERE {where}"
        ):
            total = (total + row_digest(table, key_text, row_text)) % MODULUS
            count += 1
            keys.append(key_text)
        if not count:
            continue
        if shape.key == ("id",):
            tables[table] = {"ranges": _ranges(int(k[1:-1]) for k in keys)}
        else:
            tables[table] = {"keys": keys}
        # The columns digested: a column added by a later migration is left out when checked.
        tables[table].update(count=count, digest=f"{total:064x}", columns=list(shape.columns))
    return {"bulk": tables}


def append_bulk(
    db: Database,
    selection: dict[str, str],
    *,
    action: str,
    subject: str,
    actor: Person | None = None,
    now: datetime | None = None,
) -> str | None:
    """Record rows inserted in bulk (inside the caller's transaction) as one entry."""
    payload = bulk_payload(db, selection)
    if not payload["bulk"]:
        return None
    return append(
        db,
        action=action,
        subject=subject,
        payload=payload,
        actor_id=actor.id if actor else None,
        actor=actor.name if actor else None,
        now=now,
    )


@contextlib.contextmanager
def audited_batch(db: Database, subject: str) -> Iterator[None]:
    """Inserts made in bulk (inside the caller's transaction), audited as one entry.

    The per-row capture is off meanwhile; afterwards every row added to an
    audited table is recorded, by key, count and digest, in one entry.
    """
    forget_triggers(db)
    tables = audited_tables(db)
    before = {
        t: db.execute(f'SELECT COALESCE(MAX(rowid), 0) FROM main."{t}"').fetchone()[0]
        for t in tables
    }
    try:
        yield
    finally:
        forget_triggers(db)
    append_bulk(
        db,
        {t: f"r.rowid > {int(before[t])}" for t in tables},
        action="demo.bulk",
        subject=subject,
    )
