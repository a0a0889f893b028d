"""Files that can't be clobbered, and a database shared on one host (issue 11, items 2 and 6).

Tests that need a second OS login run as ``nobody`` through ``setpriv`` with the
system ``python3`` (the test suite runs as root in CI); they are skipped, with
the reason, anywhere that can't be arranged.
"""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import db.connection
import db.files
from db.connection import WAL_AUTOCHECKPOINT_PAGES, WAL_SIZE_LIMIT, immediate, open_db
from db.errors import GroupRefused, ReadOnlyDatabase, UnsafeOutput, UnusableFile
from db.files import mount_of, network_mount, readonly_uri, refuse_output_path
from db.people import init
from tests.cli.support import Tandem

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
Run = Callable[..., "subprocess.CompletedProcess[str]"]
# Raw terminal controls: ESC, BEL, and the one-byte C1 forms of CSI and OSC.
CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d")


def listing(directory: Path) -> list[str]:
    return sorted(os.listdir(directory))


def no_controls(text: str) -> bool:
    return not any(c in text for c in CONTROLS)


@pytest.fixture
def made(tmp_path: Path) -> Tandem:
    """An initialised database with one meeting (id 1) and one task."""
    tandem = Tandem(tmp_path / "team.db")
    tandem.ok("init", "--admin", "Ada Admin")
    tandem.ok("meeting", "new", "Weekly sync")
    tandem.ok("task", "add", "Ship the deck", "--owner", "Ada Admin")
    return tandem


def intact(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT title FROM tasks").fetchall() == [("Ship the deck",)]
    finally:
        conn.close()


# --- 1. --db that is a FIFO, a directory, a socket, a device, unreadable: exit 4 at once ---


class FifoGuard:
    """Opens the FIFO's other end so that code which (wrongly) opens it can't hang the test.

    With the fix nothing opens the FIFO; ``release`` then unblocks the helper thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.thread = threading.Thread(target=self._feed, daemon=True)
        self.thread.start()

    def _feed(self) -> None:
        fd = os.open(self.path, os.O_WRONLY)  # blocks until someone opens it for reading
        os.close(fd)

    def release(self) -> None:
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
        self.thread.join()
        os.close(fd)


@pytest.mark.parametrize("create", [False, True], ids=["open", "create"])
def test_open_db_refuses_a_fifo_without_opening_it(tmp_path: Path, create: bool) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    guard = FifoGuard(fifo)
    try:
        with pytest.raises(UnusableFile) as caught:
            open_db(fifo, create=create)
        assert caught.value.reason == "fifo" and caught.value.exit_code == 4
        assert "named pipe (FIFO)" in str(caught.value)
        assert guard.thread.is_alive(), "something opened the FIFO"
    finally:
        guard.release()
    assert listing(tmp_path) == ["pipe.db"] and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_cli_on_a_fifo_exits_4_at_once(tmp_path: Path) -> None:
    """A real process, so a hang fails the test (through the watchdog) instead of the run."""
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    for args in (["task", "list"], ["init", "--admin", "Ada"], ["demo", "--no-tui"]):
        ran = subprocess.run(
            [sys.executable, "-m", "tui", "--db", str(fifo), *args],
            capture_output=True,
            text=True,
            timeout=120,  # a watchdog only: the command returns at once
            cwd=ROOT,
        )
        assert ran.returncode == 4, (args, ran.stderr)
        assert ran.stderr.startswith("Error: ") and "FIFO" in ran.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_directory_socket_and_device_are_exit_4(tmp_path: Path) -> None:
    directory = tmp_path / "folder.db"
    directory.mkdir()
    sock_path = tmp_path / "s.db"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    try:
        for path, words in (
            (directory, "is a directory"),
            (sock_path, "is a socket"),
            (Path("/dev/null"), "is a device"),
        ):
            for args in (["task", "list"], ["init", "--admin", "Ada"], ["check"]):
                error = Tandem(path).fails(4, *args)
                assert words in error, error
            with pytest.raises(UnusableFile, match=words):
                open_db(path, create=True)
    finally:
        sock.close()
    assert listing(directory) == []


def test_env_var_directory_is_exit_4_not_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import cli

    ran = CliRunner().invoke(cli, ["task", "list"], env={"TANDEM_DB": str(tmp_path)})
    assert ran.exit_code == 4, ran.stderr
    assert ran.stderr.startswith("Error: ") and "directory" in ran.stderr


def test_unreadable_file_is_exit_4_not_a_usage_error(
    made: Tandem, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every file is readable; the real other-login case is below."""
    real_access = os.access

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        if mode & os.R_OK and os.fspath(path) == str(made.path):  # type: ignore[call-overload]
            return False
        return real_access(path, mode, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    error = made.fails(4, "task", "list")
    assert "can't be read by the login" in error


# --- 2. init never deletes what is at its path ----------------------------------------


def test_init_through_a_dangling_link_keeps_the_link(tmp_path: Path) -> None:
    link = tmp_path / "team.db"
    link.symlink_to(tmp_path / "elsewhere" / "real.db")
    error = Tandem(link).fails(4, "init", "--admin", "Ada Admin")
    assert "symbolic link" in error and "does not exist" in error
    assert link.is_symlink() and os.readlink(link) == str(tmp_path / "elsewhere" / "real.db")
    assert listing(tmp_path) == ["team.db"]


def test_init_failing_on_a_taken_path_deletes_nothing(tmp_path: Path) -> None:
    taken = tmp_path / "team.db"
    taken.write_bytes(b"someone's notes")
    Tandem(taken).fails(4, "init", "--admin", "Ada Admin")
    assert taken.read_bytes() == b"someone's notes"
    assert listing(tmp_path) == ["team.db"]


def test_a_link_to_a_database_still_works(made: Tandem, tmp_path: Path) -> None:
    link = tmp_path / "alias.db"
    link.symlink_to(made.path)
    assert "Ship the deck" in Tandem(link).ok("task", "list").out


# --- 3. backup and minutes -o never land on the database, its side files, FIFOs, dirs ---


def _targets(made: Tandem, tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Output paths to refuse, each with the reason ``UnsafeOutput`` gives."""
    db_path = made.path
    (tmp_path / "link-to-db").symlink_to(db_path)
    os.link(db_path, tmp_path / "hard-link-to-db")
    (tmp_path / "link-to-wal").symlink_to(tmp_path / "team.db-wal")
    (tmp_path / "relative-link").symlink_to("team.db")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    return {
        "database": (db_path, "database"),
        "database-dotted": (tmp_path / "." / "team.db", "database"),
        "wal": (tmp_path / "team.db-wal", "wal"),
        "shm": (tmp_path / "team.db-shm", "shm"),
        "link-to-db": (tmp_path / "link-to-db", "database"),
        "relative-link": (tmp_path / "relative-link", "database"),
        "hard-link": (tmp_path / "hard-link-to-db", "database"),
        "link-to-wal": (tmp_path / "link-to-wal", "wal"),
        "fifo": (tmp_path / "fifo", "fifo"),
        "directory": (tmp_path / "folder", "directory"),
    }


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_backup_and_minutes_refuse_the_database_and_special_files(
    made: Tandem, tmp_path: Path, force: bool
) -> None:
    targets = _targets(made, tmp_path)
    before = listing(tmp_path)
    for name, (target, _reason) in targets.items():
        extra = ["--force"] if force else []
        for args in (["backup", str(target), *extra], ["minutes", "1", "-o", str(target), *extra]):
            error = made.fails(1, *args)
            assert "nothing was written" in error, (name, error)
    intact(made.path)
    assert listing(tmp_path) == before
    assert stat.S_ISFIFO(os.lstat(tmp_path / "fifo").st_mode)
    assert listing(tmp_path / "folder") == []


def test_refuse_output_path_names_the_reason(made: Tandem, tmp_path: Path) -> None:
    for name, (target, reason) in _targets(made, tmp_path).items():
        with pytest.raises(UnsafeOutput) as caught:
            refuse_output_path(made.path, target)
        assert caught.value.reason == reason, name
        assert caught.value.path == str(target) and caught.value.database == str(made.path)
        assert caught.value.exit_code == 1
    # The database named through a link is recognised too.
    with pytest.raises(UnsafeOutput, match="is the database's write-ahead log"):
        refuse_output_path(tmp_path / "link-to-db", tmp_path / "team.db-wal")
    # An ordinary file beside it is fine.
    assert refuse_output_path(made.path, tmp_path / "team-backup.db") is None


def test_live_wal_and_shm_are_refused_by_identity(made: Tandem, tmp_path: Path) -> None:
    holder = open_db(made.path)  # keeps -wal and -shm in place
    try:
        assert (tmp_path / "team.db-wal").exists()
        os.link(tmp_path / "team.db-wal", tmp_path / "other-name")
        with pytest.raises(UnsafeOutput) as caught:
            refuse_output_path(made.path, tmp_path / "other-name")
        assert caught.value.reason == "wal"
        for args in (["backup", "--force"], ["minutes", "1", "--force", "-o"]):
            made.fails(1, *args, str(tmp_path / "other-name"))
    finally:
        holder.close()
    intact(made.path)


def test_write_atomic_needs_and_checks_the_database(made: Tandem, tmp_path: Path) -> None:
    from tui.export import write_atomic

    with pytest.raises(UnsafeOutput):
        write_atomic(made.path, "<html>", force=True, database=made.path)
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "m.md", "text", True)  # type: ignore[call-arg]
    intact(made.path)


def test_backup_still_replaces_an_ordinary_file_with_force(made: Tandem, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    target.write_bytes(b"old")
    made.ok("backup", str(target), "--force")
    assert target.read_bytes().startswith(b"SQLite format 3")


# --- 4. the WAL is capped ---------------------------------------------------------------


def test_wal_pragmas_are_set(made: Tandem) -> None:
    handle = open_db(made.path)
    try:
        assert handle.execute("PRAGMA journal_size_limit").fetchone()[0] == WAL_SIZE_LIMIT
        assert WAL_SIZE_LIMIT == 64 * 1024 * 1024
        assert handle.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000
        assert WAL_AUTOCHECKPOINT_PAGES == 1000
    finally:
        handle.close()


def test_wal_shrinks_back_while_connections_stay_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big transaction must not leave a big -wal behind for as long as the app is open."""
    limit = 256 * 1024
    monkeypatch.setattr(db.connection, "WAL_SIZE_LIMIT", limit, raising=False)
    path = tmp_path / "team.db"
    writer = open_db(path, create=True)
    reader = open_db(path)  # another long-lived connection, idle
    wal = tmp_path / "team.db-wal"
    try:
        writer.execute("CREATE TABLE scratch (body BLOB)")
        with immediate(writer):
            writer.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) "
                "INSERT INTO scratch SELECT randomblob(3000) FROM n"
            )
        assert wal.stat().st_size > 4 * limit  # the big transaction went through the WAL
        assert reader.execute("SELECT count(*) FROM scratch").fetchone()[0] == 1500
        with immediate(writer):  # after the automatic checkpoint, the next commit truncates
            writer.execute("INSERT INTO scratch VALUES (x'00')")
        assert wal.stat().st_size <= limit
    finally:
        reader.close()
        writer.close()


# --- 5. shared-host mode: init --group ---------------------------------------------------


def other_group() -> grp.struct_group:
    """A group this login may give files to, other than its own primary group."""
    if os.geteuid() == 0:
        nobody_gid = _nobody().pw_gid if _nobody() else -1
        for group in grp.getgrall():
            if group.gr_gid not in (0, os.getegid(), nobody_gid):
                return group
    else:
        for gid in os.getgroups():
            if gid != os.getegid():
                return grp.getgrgid(gid)
    pytest.skip("this login has no second group to share a database with")


def _nobody() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


def test_init_group_gives_the_files_to_the_group(tmp_path: Path) -> None:
    group = other_group()
    path = tmp_path / "team.db"
    Tandem(path).ok("init", "--admin", "Ada Admin", "--group", group.gr_name)
    holder = open_db(path)  # -wal and -shm exist while a connection is open
    try:
        for name in ("team.db", "team.db-wal", "team.db-shm"):
            st = (tmp_path / name).stat()
            assert st.st_gid == group.gr_gid, name
            assert stat.S_IMODE(st.st_mode) == 0o660, name
    finally:
        holder.close()
    assert "Ada Admin" in Tandem(path).ok("person", "list").out


def test_align_side_files_fixes_group_and_mode(tmp_path: Path) -> None:
    """What a member's own process does when SQLite made the -shm in the member's group."""
    group = other_group()
    path = tmp_path / "team.db"
    Tandem(path).ok("init", "--admin", "Ada Admin", "--group", group.gr_name)
    holder = open_db(path)
    try:
        shm = tmp_path / "team.db-shm"
        os.chown(shm, -1, os.getegid())
        os.chmod(shm, 0o600)
        second = open_db(path)  # opening repairs what this login owns
        second.close()
        st = shm.stat()
        assert (st.st_gid, stat.S_IMODE(st.st_mode)) == (group.gr_gid, 0o660)
    finally:
        holder.close()


def test_without_group_files_stay_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    Tandem(path).ok("init", "--admin", "Ada Admin")
    holder = open_db(path)
    try:
        for name in ("team.db", "team.db-wal", "team.db-shm"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    finally:
        holder.close()


def test_unknown_group_is_exit_1_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "team.db"
    error = Tandem(path).fails(1, "init", "--admin", "Ada Admin", "--group", "no-such-group-xyz")
    assert "no group 'no-such-group-xyz'" in error
    assert listing(tmp_path) == []
    with pytest.raises(GroupRefused) as caught:
        open_db(path, create=True, group="no-such-group-xyz")
    assert caught.value.reason == "unknown" and caught.value.group == "no-such-group-xyz"
    assert listing(tmp_path) == []


def test_group_on_an_initialised_database_changes_nothing(made: Tandem) -> None:
    group = other_group()
    before = made.path.stat()
    ran = made.ok("init", "--admin", "Ada Admin", "--group", group.gr_name)
    assert "nothing changed" in ran.out
    after = made.path.stat()
    assert (after.st_gid, after.st_mode) == (before.st_gid, before.st_mode)


# --- 6. a reader who can't write leaves nothing behind ------------------------------------


def test_readonly_uri_never_lets_sqlite_create_side_files(tmp_path: Path) -> None:
    real = tmp_path / "team.db"
    real.write_bytes(b"")
    assert readonly_uri(real, writable=False).endswith("?mode=ro&immutable=1")
    (tmp_path / "team.db-wal").write_bytes(b"")
    with pytest.raises(UnusableFile) as caught:
        readonly_uri(real, writable=False)
    assert caught.value.reason == "needs-writer"
    (tmp_path / "team.db-shm").write_bytes(b"")
    assert readonly_uri(real, writable=False).endswith("?mode=ro&readonly_shm=1")
    assert readonly_uri(real, writable=True).endswith("?mode=ro")


def test_readonly_open_when_the_file_is_not_writable(
    made: Tandem, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root every file is writable: pretend this one isn't (real logins below)."""
    monkeypatch.setattr(db.files, "can_write", lambda real: False)
    handle = open_db(made.path)
    try:
        assert handle.execute("SELECT count(*) FROM tasks").fetchone()[0] == 1
        with pytest.raises(ReadOnlyDatabase) as caught, immediate(handle):
            handle.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
        assert caught.value.exit_code == 4 and caught.value.login
        assert "can't be written by the login" in str(caught.value)
        assert listing(tmp_path) == ["team.db"]  # no -wal/-shm made by the reader
    finally:
        handle.close()
    error = made.fails(4, "task", "add", "More", "--owner", "Ada Admin")
    assert "can't be written by the login" in error
    assert listing(tmp_path) == ["team.db"]


# Real second logins: root runs commands as ``nobody`` with the system python3.


def _other_login_reason() -> str | None:
    if os.geteuid() != 0:
        return "needs root to run commands as another login"
    if shutil.which("setpriv") is None or _nobody() is None:
        return "needs setpriv and the login 'nobody'"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"needs {SYSTEM_PYTHON} for the other login"
    return None


@pytest.fixture(scope="session")
def as_other() -> Iterator[Run]:
    reason = _other_login_reason()
    if reason:
        pytest.skip(reason)

    def run(
        *args: str, code: str | None = None, groups: list[int] | None = None, cwd: Path = ROOT
    ) -> subprocess.CompletedProcess[str]:
        nobody = _nobody()
        assert nobody is not None
        who = ["--reuid", str(nobody.pw_uid), "--regid", str(nobody.pw_gid)]
        who += [f"--groups={','.join(map(str, groups))}"] if groups else ["--clear-groups"]
        program = code or "import sys; from tui.cli import cli; cli(prog_name='tandem')"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": "/nonexistent",
            "LANG": "C.UTF-8",
            "PYTHONPATH": f"{ROOT}:{sysconfig.get_paths()['purelib']}",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        return subprocess.run(
            ["setpriv", *who, SYSTEM_PYTHON, "-c", program, *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=300,  # a watchdog only
        )

    probe = run(code="import db.connection, tui.cli")
    if probe.returncode != 0:
        pytest.skip(f"the other login can't import Tandem from {ROOT}: {probe.stderr[-300:]}")
    yield run


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory every login may create files in (like /tmp): the case where side files leak."""
    path = Path(tempfile.mkdtemp(prefix="tandem-files-", dir="/tmp"))
    path.chmod(0o1777)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def test_reader_without_write_access_leaves_no_side_files(as_other: Run, shared_dir: Path) -> None:
    path = shared_dir / "team.db"
    owner = Tandem(path)
    owner.ok("init", "--admin", "Ada Admin")
    owner.ok("task", "add", "Ship the deck", "--owner", "Ada Admin")
    path.chmod(0o644)

    ran = as_other("--db", str(path), "task", "list")
    assert ran.returncode == 0, ran.stderr
    assert "Ship the deck" in ran.stdout
    assert listing(shared_dir) == ["team.db"]

    # A write through it fails, in words, and still leaves nothing behind.
    code = (
        "import sys\n"
        "from db.connection import immediate, open_db\n"
        "from db.errors import ReadOnlyDatabase\n"
        "db = open_db(sys.argv[1])\n"
        "try:\n"
        "    with immediate(db):\n"
        "        db.execute(\"INSERT INTO settings (key, value) VALUES ('x', 'y')\")\n"
        "except ReadOnlyDatabase as exc:\n"
        "    print('refused', exc.login, exc.exit_code, exc)\n"
    )
    ran = as_other(str(path), code=code)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("refused nobody 4 "), ran.stdout
    assert "can't be written by the login nobody" in ran.stdout
    assert listing(shared_dir) == ["team.db"]
    owner.ok("task", "add", "Next step", "--owner", "Ada Admin")


def test_reader_joins_a_writer_at_work_without_taking_its_files(
    as_other: Run, shared_dir: Path
) -> None:
    path = shared_dir / "team.db"
    owner = Tandem(path)
    owner.ok("init", "--admin", "Ada Admin")
    path.chmod(0o644)
    holder = open_db(path)  # the owner's app, open all along
    try:
        holder.execute(
            "INSERT INTO settings (key, value) VALUES ('note', 'only in the WAL so far')"
        )
        wal, shm = shared_dir / "team.db-wal", shared_dir / "team.db-shm"
        before = {f: (f.stat().st_uid, f.stat().st_gid) for f in (wal, shm)}
        code = (
            "import sys\n"
            "from db.connection import open_db\n"
            "db = open_db(sys.argv[1])\n"
            "print(db.execute(\"SELECT value FROM settings WHERE key = 'note'\").fetchone()[0])\n"
        )
        ran = as_other(str(path), code=code)
        assert ran.returncode == 0, ran.stderr
        assert ran.stdout.strip() == "only in the WAL so far"
        assert {f: (f.stat().st_uid, f.stat().st_gid) for f in (wal, shm)} == before
        holder.execute("INSERT INTO settings (key, value) VALUES ('after', 'still writes')")
    finally:
        holder.close()


def test_unreadable_file_is_exit_4_for_another_login(as_other: Run, shared_dir: Path) -> None:
    path = shared_dir / "team.db"
    Tandem(path).ok("init", "--admin", "Ada Admin")  # 0600: the other login can't read it
    ran = as_other("--db", str(path), "task", "list")
    assert ran.returncode == 4, ran.stderr
    assert ran.stderr.startswith("Error: ") and "can't be read by the login nobody" in ran.stderr
    assert listing(shared_dir) == ["team.db"]


def test_group_member_writes_and_its_side_files_join_the_group(
    as_other: Run, shared_dir: Path
) -> None:
    group = other_group()
    path = shared_dir / "team.db"
    Tandem(path).ok("init", "--admin", "Ada Admin", "--group", group.gr_name)
    code = (
        "import os, stat, sys\n"
        "from db.connection import immediate, open_db\n"
        "db = open_db(sys.argv[1])\n"
        "with immediate(db):\n"
        "    db.execute(\"INSERT INTO settings (key, value) VALUES ('member', 'was here')\")\n"
        "for suffix in ('-wal', '-shm'):\n"
        "    st = os.stat(sys.argv[1] + suffix)\n"
        "    print(suffix, st.st_gid, oct(stat.S_IMODE(st.st_mode)))\n"
    )
    ran = as_other(str(path), code=code, groups=[group.gr_gid])
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[:2] == [
        f"-wal {group.gr_gid} 0o660",
        f"-shm {group.gr_gid} 0o660",
    ]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM settings WHERE key = 'member'").fetchone() == (
        "was here",
    )
    conn.close()


def test_group_this_login_is_not_in_is_exit_1(as_other: Run, shared_dir: Path) -> None:
    group = other_group()
    path = shared_dir / "team.db"
    ran = as_other("--db", str(path), "init", "--admin", "Ada", "--group", group.gr_name)
    assert ran.returncode == 1, ran.stderr
    assert "is not a member of the group" in ran.stderr
    assert listing(shared_dir) == []


# --- 7. network file systems --------------------------------------------------------------

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:50 / /srv/team rw,relatime shared:20 - nfs4 files:/export/team rw,vers=4.2
41 22 0:51 / /mnt/share\\040drive rw - cifs //nas/share rw
42 22 0:52 / /home/ada/remote rw,nosuid - fuse.sshfs ada@box:/data rw
43 40 8:2 / /srv/team/local rw - ext4 /dev/sdb1 rw
44 22 0:53 / /mnt/stack rw - nfs server:/a rw
45 22 8:3 / /mnt/stack rw - xfs /dev/sdc1 rw
"""

PROC_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /net nfs rw,vers=3 0 0
//nas/x /mnt/smb smb3 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/srv/team/team.db", ("/srv/team", "nfs4")),
        ("/srv/team", ("/srv/team", "nfs4")),
        ("/srv/teamwork/team.db", None),  # a prefix of the name, not of the path
        ("/srv/team/local/team.db", None),  # a local disk mounted inside the share
        ("/mnt/share drive/team.db", ("/mnt/share drive", "cifs")),
        ("/home/ada/remote/x/team.db", ("/home/ada/remote", "fuse.sshfs")),
        ("/mnt/stack/team.db", None),  # the later mount on the same point wins
        ("/home/ada/team.db", None),
    ],
)
def test_network_mount_from_mountinfo(path: str, expected: tuple[str, str] | None) -> None:
    assert network_mount(MOUNTINFO, path) == expected


def test_network_mount_from_proc_mounts() -> None:
    assert network_mount(PROC_MOUNTS, "/net/a/team.db") == ("/net", "nfs")
    assert network_mount(PROC_MOUNTS, "/mnt/smb/team.db") == ("/mnt/smb", "smb3")
    assert network_mount(PROC_MOUNTS, "/var/team.db") is None
    assert mount_of(PROC_MOUNTS, "/var/team.db") == ("/", "ext4")
    assert network_mount("", "/x") is None


@pytest.fixture
def on_nfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as if it were an NFS mount."""
    table = tmp_path.parent / f"{tmp_path.name}-mountinfo"
    real = os.path.realpath(tmp_path)
    table.write_text(
        "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
        f"40 22 0:50 / {real.replace(' ', chr(92) + '040')} rw - nfs4 files:/export rw\n"
    )
    monkeypatch.setattr(db.files, "MOUNT_TABLES", (str(table),))
    return tmp_path


def test_database_on_a_network_mount_is_exit_4(tmp_path: Path, made: Tandem, on_nfs: Path) -> None:
    error = made.fails(4, "task", "list")
    assert "network file system (nfs4" in error and "local disk" in error
    fresh = Tandem(on_nfs / "new.db")
    fresh.fails(4, "init", "--admin", "Ada Admin")
    assert not (on_nfs / "new.db").exists()
    with pytest.raises(UnusableFile) as caught:
        open_db(on_nfs / "new.db", create=True)
    assert (caught.value.reason, caught.value.detail) == ("network", "nfs4")


def test_no_mount_table_refuses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db.files, "MOUNT_TABLES", (str(tmp_path / "none"),))
    handle = open_db(tmp_path / "x.db", create=True)
    init(handle, "Ada Admin")
    handle.close()


# --- 8. no path reaches the terminal raw ---------------------------------------------------

NASTY = "\x1b]0;owned\x07\x1b[31m\x9b2J\x9d0;x\x07"


def test_paths_with_escapes_never_reach_the_terminal(made: Tandem, tmp_path: Path) -> None:
    fifo = tmp_path / f"pipe{NASTY}.db"
    os.mkfifo(fifo)
    folder = tmp_path / f"dir{NASTY}.db"
    folder.mkdir()
    link = tmp_path / f"link{NASTY}.db"
    link.symlink_to(tmp_path / f"gone{NASTY}.db")
    db_link = tmp_path / f"alias{NASTY}.db"
    db_link.symlink_to(made.path)
    cases = [
        (Tandem(fifo), ["task", "list"], 4),
        (Tandem(folder), ["init", "--admin", "Ada"], 4),
        (Tandem(link), ["init", "--admin", "Ada"], 4),
        (Tandem(tmp_path / f"missing{NASTY}.db"), ["task", "list"], 4),
        (made, ["backup", str(db_link), "--force"], 1),
        (made, ["minutes", "1", "-o", str(db_link), "--force"], 1),
        (made, ["minutes", "1", "-o", str(fifo)], 1),
        (made, ["backup", str(tmp_path / f"nodir{NASTY}" / "b.db")], 1),
        (Tandem(db_link), ["backup", str(tmp_path / f"ok{NASTY}.db")], 0),
    ]
    for tandem, args, code in cases:
        guard = FifoGuard(fifo)  # so that code opening the FIFO fails instead of hanging
        try:
            ran = tandem(*args)
        finally:
            guard.release()
        assert ran.code == code, (args, ran.err)
        assert no_controls(ran.out + ran.err), (args, ran.out + ran.err)
    assert (tmp_path / f"ok{NASTY}.db").exists()
    for message in (
        str(UnusableFile("x", path="p", reason="fifo")),
        db.files.shown(f"a{NASTY}\nb"),
    ):
        assert no_controls(message) and "\n" not in message
