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
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from db import files
from db.errors import ClosedMeeting, DatabaseUnusable, Invalid, ReadOnlyDatabase, TandemError
from db.identity import Session
from db.lazyclass import dataclass

if TYPE_CHECKING:
    # Imported by ``open_db`` when it runs: checking a file (``check_usable``) and the
    # modules that only name the type stay clear of sqlite-utils' import.
    from sqlite_utils import Database

    from db.handle import TandemDatabase

# "Tndm": marks a SQLite file as ours, so a foreign SQLite file is recognised.
APPLICATION_ID = 0x546E646D
BUSY_TIMEOUT_MS = 8000
SQLITE_HEADER = b"SQLite format 3\x00"
# The -wal is truncated back to this after checkpoints (SQLite keeps it otherwise).
WAL_SIZE_LIMIT = 64 * 1024 * 1024
WAL_AUTOCHECKPOINT_PAGES = 1000  # SQLite's default, stated so no one turns it off unseen
# The setting ``db.people.init`` writes: a database without it has no admin yet.
INITIALISED_SETTING = "default_user_id"


def _inspect(path: Path) -> tuple[int, set[str], bool, dict[str, str]]:
    """Read (application_id, applied migration names, has_tables, settings) without writing."""
    files.check_database_file(path)  # never open() a FIFO: it would block
    with open(path, "rb") as fh:
        head = fh.read(100)
    if len(head) == 0:
        return 0, set(), False, {}
    if not head.startswith(SQLITE_HEADER):
        raise DatabaseUnusable(
            f"{path} is not a SQLite database (not a Tandem file); refusing to touch it",
            path=str(path),
            reason="not-sqlite",
        )
    # Even read-only, SQLite creates -wal and -shm beside a WAL file and leaves
    # them. With no -wal present the whole database is in the main file, so it
    # is read as immutable and a refused file's directory stays as it was.
    real = path.resolve()
    uri = files.readonly_uri(real, writable=files.can_write(real))
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            names: set[str] = set()
            settings: dict[str, str] = {}
            if app_id == APPLICATION_ID and "settings" in tables:
                settings = dict(conn.execute("SELECT key, value FROM settings"))
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
            f"{path} is damaged or unreadable ({exc}); restore it from a backup",
            path=str(path),
            reason="damaged",
            detail=str(exc),
        ) from exc
    return app_id, names, bool(tables), settings


def _refuse_foreign(path: Path, app_id: int, has_tables: bool) -> None:
    """A SQLite file with someone else's tables or application id is never touched."""
    if app_id != APPLICATION_ID and (has_tables or app_id != 0):
        raise DatabaseUnusable(
            f"{path} is a SQLite file but not a Tandem database; refusing to touch it",
            path=str(path),
            reason="foreign",
        )


@dataclass(frozen=True)
class FileContents:
    """What ``inspect_file`` found at a path."""

    state: Literal["missing", "empty", "tandem"]
    """Nothing there; a file with no data yet (empty, or SQLite with no tables); ours."""
    settings: Mapping[str, str] = field(default_factory=dict)
    """The ``settings`` rows of a Tandem database (empty before ``init``)."""

    @property
    def initialised(self) -> bool:
        """``init`` has made the departments and the admin."""
        return INITIALISED_SETTING in self.settings


def inspect_file(path: str | os.PathLike[str]) -> FileContents:
    """What a database file holds, read without writing to it or beside it.

    Raises:
        DatabaseUnusable: not SQLite, a SQLite file that isn't Tandem's, or damaged;
            ``UnusableFile`` for a directory, FIFO, device or unreadable file.
    """
    p = Path(path).expanduser()
    if files.check_database_file(p) is None:
        return FileContents("missing")
    app_id, _applied, has_tables, settings = _inspect(p)
    _refuse_foreign(p, app_id, has_tables)
    return FileContents("tandem" if app_id == APPLICATION_ID else "empty", settings)


def _configure(conn: sqlite3.Connection, *, readonly: bool = False) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # After a checkpoint the -wal is cut back to this size: it never keeps the
    # high-water mark of the largest transaction while a connection stays open.
    conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    if readonly:
        return
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # Minutes are records: a commit that returned is on disk.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _missing(p: Path) -> DatabaseUnusable:
    return DatabaseUnusable(f"no database at {p}", path=str(p), reason="missing")


def _check_ours(p: Path, *, create: bool) -> FileContents:
    """Refuse an existing file that is not a Tandem database this code knows.

    Returns what it holds: ``empty`` for a file with nothing in it yet, to be
    initialised (``create`` only).
    """
    from db.migrations import known_names

    app_id, applied, has_tables, settings = _inspect(p)
    fresh = False
    if app_id != APPLICATION_ID:
        _refuse_foreign(p, app_id, has_tables)
        if not create:
            raise DatabaseUnusable(f"{p} is not initialised", path=str(p), reason="not-initialised")
        fresh = True
    unknown = applied - known_names()
    if unknown:
        raise DatabaseUnusable(
            f"{p} was written by a newer Tandem (unknown migration {sorted(unknown)[0]}); upgrade Tandem to open it",
            path=str(p),
            reason="newer",
            detail=sorted(unknown)[0],
        )
    return FileContents("empty" if fresh else "tandem", settings)


def is_initialised(db: Database) -> bool:
    """``init`` has made the departments and the admin (its setting is there)."""
    query = "SELECT 1 FROM settings WHERE key = ?"
    return db.execute(query, [INITIALISED_SETTING]).fetchone() is not None


def check_usable(path: str | os.PathLike[str]) -> FileContents:
    """Refuse what ``open_db(path)`` would refuse, reading the file only.

    Cheap (no sqlite-utils import, nothing written): the app checks its file with it
    before its first frame and opens it once that frame is out.

    Returns:
        What the file holds (its settings tell whether ``init`` ran).

    Raises:
        DatabaseUnusable, UnusableFile: as ``open_db`` without ``create``.
    """
    p = Path(path).expanduser()
    if files.check_database_file(p) is None:
        raise _missing(p)
    files.refuse_network_fs(p)
    return _check_ours(p, create=False)


def open_db(
    path: str | os.PathLike[str], *, create: bool = False, group: str | None = None
) -> TandemDatabase:
    """Open a Tandem database, refusing anything that is not one of ours.

    A login that can't write the file gets a read-only connection that leaves no
    ``-wal``/``-shm`` of its own; its writes fail with ``ReadOnlyDatabase``.

    Args:
        path: the database file.
        create: create and initialise the file when missing or empty (``init``
            and ``demo`` only).
        group: with ``create``, a new database file belongs to this group with
            mode 0660 (a database shared on one host); otherwise it is 0600.

    Raises:
        DatabaseUnusable: missing (unless ``create``), not SQLite, not Tandem,
            damaged, or written by a newer Tandem; ``UnusableFile`` for a FIFO,
            directory, device, unreadable file, dangling link, network mount.
        GroupRefused: ``group`` is unknown or not this login's (before any file
            is created).
    """
    from db.handle import TandemDatabase
    from db.migrations import migrations

    p = Path(path).expanduser()
    exists = files.check_database_file(p) is not None
    gid = files.resolve_group(group) if group is not None and create else None
    files.refuse_network_fs(p)
    fresh = False
    if not exists:
        if not create:
            raise _missing(p)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            # Readable by its owner only; SQLite gives the -wal and -shm files the same mode.
            fd = os.open(p, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError as exc:
            raise DatabaseUnusable(
                f"can't create the database at {p}: {exc.strerror}",
                path=str(p),
                reason="cant-create",
                detail=str(exc.strerror),
            ) from None
        os.close(fd)
        if gid is not None:
            try:
                files.share_with_group(p, gid)
            except BaseException:
                p.unlink(missing_ok=True)  # ours, created just above and still empty
                raise
        fresh = True
    else:
        fresh = _check_ours(p, create=create).state == "empty"
        if fresh and gid is not None:  # an empty file being initialised
            files.share_with_group(p, gid)
    real = p.resolve()
    readonly = not files.can_write(real)
    target, uri = (files.readonly_uri(real, writable=False), True) if readonly else (str(p), False)
    try:
        conn = sqlite3.connect(
            target,
            uri=uri,
            isolation_level=None,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,
        )
        _configure(conn, readonly=readonly)
        if not readonly:
            files.align_side_files(real)
        _no_sqlite_utils_plugins()
        db = TandemDatabase(conn)
        db.session = Session()
        if fresh or migrations().pending(db):
            # Under the write lock, so two processes initialising at once can't interleave.
            with immediate(db):
                if fresh:
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                migrations().apply(db)
    except sqlite3.DatabaseError as exc:
        raise translate(exc) from exc
    return db


def _no_sqlite_utils_plugins() -> None:
    """Tandem uses no sqlite-utils plugins: the first ``Database()`` of a process would
    otherwise scan every installed package's entry points for them (a sizeable part of
    a CLI start), and a plugin installed beside us would run its code on our connection."""
    from sqlite_utils import plugins

    plugins._plugins_loaded = True


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


def translate(exc: sqlite3.DatabaseError) -> TandemError:
    """Turn a sqlite3 error into the typed error a person can act on."""
    msg = str(exc)
    low = msg.lower()
    if "meeting is closed" in low:
        return ClosedMeeting(None, message=msg)
    if isinstance(exc, sqlite3.IntegrityError):
        return Invalid(f"refused by the database: {msg}")
    if "locked" in low or "busy" in low:
        return DatabaseUnusable(
            "the database is still locked after waiting: another connection holds its write "
            "lock; try again",
            reason="locked",
        )
    if "full" in low:
        return DatabaseUnusable(
            "the disk (or database size limit) is full; nothing was changed — free space and retry",
            reason="full",
        )
    if "readonly" in low or "read-only" in low:
        login = files.login_name()
        return ReadOnlyDatabase(
            f"the database can't be written by the login {files.shown(login)} (its file or "
            "-wal/-shm isn't writable for it); nothing was changed — the file's owner can "
            "share it with a group this login is in",
            login=login,
        )
    return DatabaseUnusable(
        f"the database can't be used ({msg}); check it or restore a backup",
        reason="other",
        detail=msg,
    )
