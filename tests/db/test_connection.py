"""Opening a file: only ours is opened, anything else is refused and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import APPLICATION_ID, ClosedMeeting, DatabaseUnusable, Invalid, immediate, open_db
from db.connection import BUSY_TIMEOUT_MS, check_usable, translate
from db.errors import ReadOnlyDatabase
from db.people import init


def snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes and mtime, and every file in its directory (so -wal/-shm would show)."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def pragma(db: Database, name: str) -> object:
    return db.execute(f"PRAGMA {name}").fetchone()[0]


# --- files that are refused -------------------------------------------------------------


def junk(path: Path) -> None:
    path.write_bytes(b"Quarterly numbers, definitely not a database\n" * 200)


def short_junk(path: Path) -> None:
    path.write_bytes(b"SQLite")


def foreign_with_rows(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO contacts (name) VALUES ('someone')")
    conn.commit()
    conn.close()


def foreign_empty_tables(path: Path) -> None:
    # No rows at all, but tables: someone else's (empty) database, not a blank file.
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.commit()
    conn.close()


def foreign_wal(path: Path) -> None:
    # Another application's WAL database: even a read-only look must not leave -wal/-shm.
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()


def other_application_id(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234567")
    conn.commit()
    conn.close()


def other_application_id_with_our_tables(path: Path) -> None:
    tandem_file(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 42")
    conn.commit()
    conn.close()


def tandem_file(path: Path) -> None:
    db = open_db(path, create=True)
    init(db, "Ada Admin")
    db.close()


def newer_tandem(path: Path) -> None:
    tandem_file(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('tandem', 'm999_from_the_future', '2030-01-01T00:00:00+00:00')"
    )
    conn.commit()
    conn.close()


def damaged(path: Path) -> None:
    # A real SQLite header followed by garbage pages.
    tandem_file(path)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xde\xad\xbe\xef" * ((len(data) - 100) // 4)
    path.write_bytes(bytes(data))


REFUSED: dict[str, Callable[[Path], None]] = {
    "junk": junk,
    "short-junk": short_junk,
    "foreign-sqlite-with-rows": foreign_with_rows,
    "foreign-sqlite-empty-tables": foreign_empty_tables,
    "foreign-sqlite-wal": foreign_wal,
    "other-application-id": other_application_id,
    "other-application-id-with-tandem-tables": other_application_id_with_our_tables,
    "newer-tandem": newer_tandem,
    "damaged": damaged,
}


@pytest.mark.parametrize("create", [False, True], ids=["open", "init"])
@pytest.mark.parametrize("make", list(REFUSED.values()), ids=list(REFUSED))
def test_unusable_file_is_refused_and_untouched(
    tmp_path: Path, make: Callable[[Path], None], create: bool
) -> None:
    path = tmp_path / "x.db"
    make(path)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an mtime any write would change
    before = snapshot(path)
    with pytest.raises(DatabaseUnusable) as caught:
        open_db(path, create=create)
    assert caught.value.exit_code == 4
    assert snapshot(path) == before
    assert not path.with_name("x.db-wal").exists()
    assert not path.with_name("x.db-shm").exists()


def test_messages_name_the_problem(tmp_path: Path) -> None:
    cases = {
        "junk": (junk, "not a SQLite database"),
        "foreign": (foreign_with_rows, "not a Tandem database"),
        "other-id": (other_application_id, "not a Tandem database"),
        "newer": (newer_tandem, "newer Tandem"),
    }
    for name, (make, words) in cases.items():
        path = tmp_path / f"{name}.db"
        make(path)
        with pytest.raises(DatabaseUnusable, match=words):
            open_db(path)


def test_newer_file_names_the_unknown_migration(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    newer_tandem(path)
    with pytest.raises(DatabaseUnusable, match="m999_from_the_future"):
        open_db(path)


def test_missing_file_is_refused_and_not_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "missing.db"
    with pytest.raises(DatabaseUnusable, match="no database at") as caught:
        open_db(path)
    assert caught.value.exit_code == 4
    assert (caught.value.reason, caught.value.path) == ("missing", str(path))
    assert not path.exists()
    assert not path.parent.exists()
    assert os.listdir(tmp_path) == []


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="directory"):
        open_db(tmp_path, create=True)


def test_blank_sqlite_file_is_not_initialised_without_create(tmp_path: Path) -> None:
    # A zero-length file (e.g. `touch`) is not a database yet: refused, untouched.
    path = tmp_path / "blank.db"
    path.touch()
    before = snapshot(path)
    with pytest.raises(DatabaseUnusable, match="not initialised"):
        open_db(path)
    assert snapshot(path) == before


def test_blank_file_is_initialised_by_init(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    path.touch()
    db = open_db(path, create=True)
    assert pragma(db, "application_id") == APPLICATION_ID
    db.close()


# --- a new file -------------------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A permissive umask, so 0600 must come from Tandem itself, not from the environment."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_new_file_is_readable_by_its_owner_only(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "sub" / "new.db"
    db = open_db(path, create=True)
    init(db, "Ada Admin")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The WAL and shared-memory files inherit the database file's mode.
    for side in ("new.db-wal", "new.db-shm"):
        side_path = path.with_name(side)
        assert side_path.exists()
        assert stat.S_IMODE(side_path.stat().st_mode) == 0o600
    db.close()


@pytest.mark.parametrize("reopen", [False, True], ids=["new", "reopened"])
def test_connection_pragmas(tmp_path: Path, reopen: bool) -> None:
    path = tmp_path / "t.db"
    db = open_db(path, create=True)
    init(db, "Ada Admin")
    if reopen:
        db.close()
        db = open_db(path)
    assert pragma(db, "journal_mode") == "wal"
    assert pragma(db, "synchronous") == 2  # FULL: a commit that returned is on disk
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "busy_timeout") == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS >= 3000  # "several seconds"
    assert pragma(db, "application_id") == APPLICATION_ID
    db.close()


def test_application_id_and_wal_are_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    open_db(path, create=True).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_existing_file_opens_without_create(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    tandem_file(path)
    db = open_db(path)
    assert db.execute("SELECT name FROM people").fetchall() == [("Ada Admin",)]
    db.close()


def test_create_on_an_existing_tandem_file_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    tandem_file(path)
    db = open_db(path, create=True)
    assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 1
    db.close()


# --- write transactions -----------------------------------------------------------------


@pytest.fixture
def tdb(tmp_path: Path) -> Iterator[Database]:
    db = open_db(tmp_path / "t.db", create=True)
    yield db
    db.close()


def test_immediate_takes_the_write_lock_before_any_write(tdb: Database, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "t.db", timeout=0, isolation_level=None)
    try:
        # Nothing written yet, and still another writer can't start.
        with immediate(tdb), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_immediate_commits(tdb: Database) -> None:
    with immediate(tdb):
        tdb.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    assert not tdb.conn.in_transaction
    assert tdb.execute("SELECT value FROM settings WHERE key = 'k'").fetchone() == ("v",)


def test_immediate_rolls_back_on_error(tdb: Database) -> None:
    with pytest.raises(RuntimeError), immediate(tdb):
        tdb.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        raise RuntimeError("boom")
    assert not tdb.conn.in_transaction
    assert tdb.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0


def test_immediate_translates_sqlite_errors_and_rolls_back(tdb: Database) -> None:
    with pytest.raises(Invalid, match="refused by the database"), immediate(tdb):
        tdb.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
        tdb.execute("INSERT INTO settings (key, value) VALUES ('k', 'again')")
    assert tdb.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0


def test_nested_immediate_is_a_savepoint(tdb: Database) -> None:
    with immediate(tdb):
        tdb.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
        with pytest.raises(RuntimeError), immediate(tdb):
            tdb.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
            raise RuntimeError("inner fails")
    keys = [r[0] for r in tdb.execute("SELECT key FROM settings")]
    assert keys == ["outer"]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.IntegrityError("meeting is closed: frozen"), ClosedMeeting),
        (sqlite3.IntegrityError("NOT NULL constraint failed: tasks.owner_id"), Invalid),
        (sqlite3.OperationalError("database is locked"), DatabaseUnusable),
        (sqlite3.OperationalError("database or disk is full"), DatabaseUnusable),
        (sqlite3.OperationalError("attempt to write a readonly database"), ReadOnlyDatabase),
        (sqlite3.DatabaseError("file is not a database"), DatabaseUnusable),
    ],
)
def test_translate_gives_typed_errors(error: sqlite3.DatabaseError, expected: type) -> None:
    assert type(translate(error)) is expected


@pytest.mark.parametrize("make", list(REFUSED.values()), ids=list(REFUSED))
def test_check_usable_refuses_what_open_db_refuses_and_touches_nothing(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    """The app checks its file this way before its first frame and opens it after: the
    check must refuse every file that opening would refuse, with the same reason."""
    path = tmp_path / "x.db"
    make(path)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(path)
    with pytest.raises(DatabaseUnusable) as checked:
        check_usable(path)
    with pytest.raises(DatabaseUnusable) as opened:
        open_db(path)
    assert (checked.value.reason, str(checked.value)) == (opened.value.reason, str(opened.value))
    assert snapshot(path) == before
    assert sorted(os.listdir(tmp_path)) == ["x.db"]


def test_check_usable_refuses_a_missing_or_blank_file_and_tells_whether_init_ran(
    tmp_path: Path,
) -> None:
    with pytest.raises(DatabaseUnusable, match="no database at"):
        check_usable(tmp_path / "missing.db")
    blank = tmp_path / "blank.db"
    blank.touch()
    with pytest.raises(DatabaseUnusable, match="not initialised"):
        check_usable(blank)
    path = tmp_path / "x.db"
    open_db(path, create=True).close()
    assert check_usable(path).state == "tandem"
    assert not check_usable(path).initialised  # migrated, but no admin yet
    db = open_db(path)
    init(db, "Ada Admin")
    db.close()
    assert check_usable(path).initialised
