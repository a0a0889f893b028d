"""Open and inspect a database file: pragmas, refusal of foreign, newer or damaged files.

An existing file is inspected through a read-only connection before anything
may write to it, because both ``sqlite_utils.Database(path)`` (creates a
missing file) and ``PRAGMA journal_mode=WAL`` (rewrites header bytes) modify
what they touch.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from db.errors import ClosedMeeting, DatabaseUnusable, Invalid
from db.identity import Session, TandemDatabase

# "Tndm": marks a SQLite file as ours, so a foreign SQLite file is recognised.
APPLICATION_ID = 0x546E646D
BUSY_TIMEOUT_MS = 8000
SQLITE_HEADER = b"SQLite format 3\x00"


def _inspect(path: Path) -> tuple[int, set[str], bool]:
    """Read (application_id, applied migration names, has_tables) without writing."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) == 0:
        return 0, set(), False
    if not head.startswith(SQLITE_HEADER):
        raise DatabaseUnusable(
            f"{path} is not a SQLite database (not a Tandem file); refusing to touch it"
        )
    # Even read-only, SQLite creates -wal and -shm beside a WAL file and leaves
    # them. With no -wal present the whole database is in the main file, so it
    # is read as immutable and a refused file's directory stays as it was.
    real = path.resolve()
    immutable = "" if real.with_name(real.name + "-wal").exists() else "&immutable=1"
    uri = f"file:{quote(str(real))}?mode=ro{immutable}"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            names: set[str] = set()
            if "_sqlite_migrations" in tables:
                names = {
                    r[0]
                    for r in conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'tandem'"
                    )
                }
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(
            f"{path} is damaged or unreadable ({exc}); restore it from a backup"
        ) from exc
    return app_id, names, bool(tables)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # Minutes are records: a commit that returned is on disk.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def open_db(path: str | os.PathLike[str], *, create: bool = False) -> TandemDatabase:
    """Open a Tandem database, refusing anything that is not one of ours.

    Args:
        path: the database file.
        create: create and initialise the file when missing or empty (``init``
            and ``demo`` only).

    Raises:
        DatabaseUnusable: missing (unless ``create``), not SQLite, not Tandem,
            damaged, or written by a newer Tandem.
    """
    from db.migrations import MIGRATIONS, known_names

    p = Path(path).expanduser()
    try:
        is_dir, exists = p.is_dir(), p.exists()
    except OSError as exc:  # e.g. a name too long for the file system
        raise DatabaseUnusable(f"can't use {p} as the database: {exc.strerror}") from None
    if is_dir:
        raise DatabaseUnusable(f"{p} is a directory, not a database file")
    fresh = False
    if not exists:
        if not create:
            raise DatabaseUnusable(
                f"no database at {p}; create one with `tandem init --admin NAME` (or pass --db PATH)"
            )
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # Readable by its owner only; SQLite gives the -wal and -shm files the same mode.
            fd = os.open(p, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError as exc:
            raise DatabaseUnusable(f"can't create the database at {p}: {exc.strerror}") from None
        os.close(fd)
        fresh = True
    else:
        app_id, applied, has_tables = _inspect(p)
        if app_id != APPLICATION_ID:
            if has_tables or app_id != 0:
                raise DatabaseUnusable(
                    f"{p} is a SQLite file but not a Tandem database; refusing to touch it"
                )
            if not create:
                raise DatabaseUnusable(
                    f"{p} is not initialised; run `tandem init --admin NAME` first"
                )
            fresh = True
        unknown = applied - known_names()
        if unknown:
            raise DatabaseUnusable(
                f"{p} was written by a newer Tandem (unknown migration {sorted(unknown)[0]}); upgrade Tandem to open it"
            )
    try:
        conn = sqlite3.connect(
            str(p), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
        _configure(conn)
        db = TandemDatabase(conn)
        db.session = Session()
        if fresh or MIGRATIONS.pending(db):
            # Under the write lock, so two processes initialising at once can't interleave.
            with immediate(db):
                if fresh:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        raise translate(exc) from exc
    return db


@contextlib.contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock up front (``BEGIN IMMEDIATE``).

    A deferred transaction that reads, then writes, fails at once in WAL mode
    when another process committed in between; taking the lock first makes the
    busy timeout apply instead. Nested calls become savepoints.
    """
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError as exc:
        raise translate(exc) from exc
    try:
        yield db
    except sqlite3.DatabaseError as exc:
        _rollback(conn)
        raise translate(exc) from exc
    except BaseException:
        _rollback(conn)
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        _rollback(conn)
        raise translate(exc) from exc


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def translate(exc: sqlite3.DatabaseError) -> Exception:
    """Turn a sqlite3 error into the typed error a person can act on."""
    msg = str(exc)
    low = msg.lower()
    if "meeting is closed" in low:
        return ClosedMeeting(msg)
    if isinstance(exc, sqlite3.IntegrityError):
        return Invalid(f"refused by the database: {msg}")
    if "locked" in low or "busy" in low:
        return DatabaseUnusable(
            "the database is still locked by another Tandem after waiting; try again"
        )
    if "full" in low:
        return DatabaseUnusable(
            "the disk (or database size limit) is full; nothing was changed — free space and retry"
        )
    if "readonly" in low or "read-only" in low:
        return DatabaseUnusable(
            f"the database can't be written ({msg}); check the file's permissions"
        )
    return DatabaseUnusable(
        f"the database can't be used ({msg}); run `tandem check` or restore a backup"
    )
