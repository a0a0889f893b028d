"""The database as a file on a host: what may be opened, shared, read, or written over.

Everything here works on paths and the operating system, never on SQL:

- ``check_database_file``: a FIFO, directory, socket, device, unreadable file
  or dangling link is refused before anything opens it (opening a FIFO blocks).
- ``refuse_network_fs`` / ``network_mount``: WAL needs shared memory on one
  machine, which network file systems don't give.
- ``can_write`` / ``readonly_uri``: a login that can't write the file reads it
  without leaving ``-wal``/``-shm`` files of its own that would lock writers out.
- ``resolve_group`` / ``share_with_group`` / ``align_side_files``: a database
  shared by a group (mode 0660) keeps its ``-wal``/``-shm`` in that group.
- ``refuse_output_path``: a backup or an export never lands on the database,
  its side files, a FIFO or a directory, whatever ``force`` says.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from db.errors import GroupRefused, UnsafeOutput, UnusableFile
from db.text import clean

# Mount types where SQLite's WAL (shared memory between processes of one host) is
# unsafe or fails: network and cluster file systems, and FUSE mounts of remote storage.
NETWORK_FSTYPES = (
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "smb2",
    "ncpfs",
    "9p",
    "afs",
    "coda",
    "ceph",
    "glusterfs",
    "lustre",
    "gpfs",
    "beegfs",
    "gfs2",
    "ocfs2",
    "davfs",
    "sshfs",
    "fuse.sshfs",
    "fuse.ceph-fuse",
    "fuse.glusterfs",
    "fuse.davfs2",
    "fuse.rclone",
    "fuse.s3fs",
    "fuse.gcsfuse",
    "fuse.juicefs",
    "fuse.smbnetfs",
)

# Where the running process's mounts are listed (Linux); elsewhere nothing is refused.
MOUNT_TABLES = ("/proc/self/mountinfo", "/proc/mounts")


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it may appear in a message: no control character reaches a terminal."""
    return " ".join(clean(os.fspath(path)).split("\n")).replace("\t", " ")


def _euid() -> int:
    """The effective user id (-1 where the system has none, e.g. Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else -1


def login_name() -> str:
    """The effective user's login name (its number when it has no name)."""
    uid = _euid()
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return getpass.getuser() if uid == -1 else str(uid)


# --- the database path ------------------------------------------------------------------


def check_database_file(path: Path) -> os.stat_result | None:
    """The database file's status, or None when nothing is there (a new database may go there).

    Checked with ``os.stat``, never by opening: opening a FIFO would block.

    Raises:
        UnusableFile: a directory, FIFO, socket, device or other non-regular file;
            a file this login can't read; a symbolic link to nothing; a path the
            system refuses (too long, a file used as a directory, a link loop).
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            target = os.readlink(path)
            raise UnusableFile(
                f"{shown(path)} is a symbolic link to {shown(target)}, which does not exist; "
                "the link was left as it is — point it at a database or use another path",
                path=os.fspath(path),
                reason="dangling-link",
                detail=target,
            ) from None
        return None
    except OSError as exc:
        raise UnusableFile(
            f"can't use {shown(path)} as the database: {exc.strerror or exc}",
            path=os.fspath(path),
            reason="os-error",
            detail=str(exc.strerror or exc),
        ) from None
    mode = st.st_mode
    kind = None
    if stat.S_ISDIR(mode):
        kind = ("directory", "a directory")
    elif stat.S_ISFIFO(mode):
        kind = ("fifo", "a named pipe (FIFO)")
    elif stat.S_ISSOCK(mode):
        kind = ("socket", "a socket")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = ("device", "a device")
    elif not stat.S_ISREG(mode):
        kind = ("special", "not a regular file")
    if kind is not None:
        raise UnusableFile(
            f"{shown(path)} is {kind[1]}, not a database file; nothing was read from it",
            path=os.fspath(path),
            reason=kind[0],
        )
    if not os.access(path, os.R_OK):
        raise UnusableFile(
            f"{shown(path)} can't be read by the login {shown(login_name())}; "
            "its owner can give read access (or share it with a group)",
            path=os.fspath(path),
            reason="unreadable",
        )
    return st


def side_file(real: Path, suffix: str) -> Path:
    """``real`` with ``suffix`` (``-wal``, ``-shm``) appended to its name."""
    return real.with_name(real.name + suffix)


def can_write(real: Path) -> bool:
    """Whether this login can write the database as SQLite does, side files included.

    A writer needs the file, and either the ``-wal`` and ``-shm`` already there
    or a directory where it may create them.
    """
    if not os.access(real, os.W_OK):
        return False
    if side_file(real, "-wal").exists() and side_file(real, "-shm").exists():
        return True
    return os.access(real.parent, os.W_OK | os.X_OK)


def readonly_uri(real: Path, *, writable: bool) -> str:
    """A ``file:`` URI that reads ``real`` without creating files a writer would trip over.

    A read-only connection to a WAL database still creates ``-wal`` and ``-shm``
    (owned by whoever opens it) when its directory is writable. So:

    - no ``-wal``: the whole database is in the main file; read it as immutable
      (no locks, no side files);
    - a ``-wal`` and a ``-shm`` (a writer is at work): read through them, the
      shared memory opened read-only;
    - a ``-wal`` but no ``-shm``, for a login that can't write: refused, since
      reading would create a ``-shm`` that writers could then not use.

    Raises:
        UnusableFile: the last case (``reason="needs-writer"``).
    """
    wal = side_file(real, "-wal").exists()
    base = f"file:{quote(str(real))}?mode=ro"
    if not wal:
        return base + "&immutable=1"
    if writable:
        return base
    if not side_file(real, "-shm").exists():
        raise UnusableFile(
            f"{shown(real)} has a write-ahead log but no shared-memory file, and the login "
            f"{shown(login_name())} can't write it; a login that can write the file must "
            "open it once first",
            path=os.fspath(real),
            reason="needs-writer",
        )
    return base + "&readonly_shm=1"


# --- network file systems ---------------------------------------------------------------


def _unescape(field: str) -> str:
    r"""Mount tables write a space as ``\040``, a tab ``\011``, a backslash ``\134``."""
    if "\\" not in field:
        return field
    out: list[str] = []
    i = 0
    while i < len(field):
        chunk = field[i + 1 : i + 4]
        if field[i] == "\\" and len(chunk) == 3 and all(c in "01234567" for c in chunk):
            out.append(chr(int(chunk, 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


# Every database opened reads the mount table afresh; the same text parses the same way.
@functools.lru_cache(maxsize=4)
def _mounts(table: str) -> tuple[tuple[str, str], ...]:
    """(mount point, file system type) per line of ``/proc/self/mountinfo`` or ``/proc/mounts``."""
    mounts: list[tuple[str, str]] = []
    for line in table.splitlines():
        fields = line.split()
        if " - " in line:  # mountinfo: id parent dev root POINT options [tags] - TYPE source ...
            before, _, after = line.partition(" - ")
            head, tail = before.split(), after.split()
            if len(head) >= 5 and tail:
                mounts.append((_unescape(head[4]), tail[0]))
        elif len(fields) >= 3:  # mounts: source POINT TYPE options dump pass
            mounts.append((_unescape(fields[1]), fields[2]))
    return tuple(mounts)


def mount_of(table: str, path: str) -> tuple[str, str] | None:
    """The (mount point, type) holding the absolute ``path``: the longest mount point above it.

    A later line for the same mount point (a mount on top of another) wins.
    """
    best: tuple[str, str] | None = None
    for point, fstype in _mounts(table):
        prefix = point.rstrip("/") + "/"
        if (path == point or path.startswith(prefix) or point == "/") and (
            best is None or len(point) >= len(best[0])
        ):
            best = (point, fstype)
    return best


def network_mount(table: str, path: str) -> tuple[str, str] | None:
    """(mount point, type) when ``path`` lies on a network file system, else None."""
    found = mount_of(table, path)
    if found is None:
        return None
    fstype = found[1].lower()
    # "nfs4", "fuse.sshfs": the listed names, and a FUSE mount whose subtype is one of them.
    if fstype in NETWORK_FSTYPES or fstype.removeprefix("fuse.") in NETWORK_FSTYPES:
        return found
    return None


def read_mount_table() -> str | None:
    """This process's mount table, or None where there is none to read."""
    for name in MOUNT_TABLES:
        try:
            with open(name, encoding="utf-8", errors="surrogateescape") as fh:
                return fh.read()
        except OSError:
            continue
    return None


def refuse_network_fs(path: Path) -> None:
    """Refuse a database (existing or to be created) that would live on a network mount.

    Raises:
        UnusableFile: ``reason="network"``, ``detail`` the file system type.
    """
    table = read_mount_table()
    if table is None:
        return
    real = os.path.realpath(path)
    found = network_mount(table, real)
    if found is None:
        return
    point, fstype = found
    raise UnusableFile(
        f"{shown(path)} is on a network file system ({shown(fstype)} at {shown(point)}); "
        "SQLite's write-ahead log needs memory shared on one machine, which it doesn't "
        "give — keep the database on a local disk of the host everyone logs in to",
        path=os.fspath(path),
        reason="network",
        detail=fstype,
    )


# --- a database shared by a group -------------------------------------------------------


def resolve_group(name: str) -> int:
    """The id of the group ``name`` (or a number), checked to be usable by this login.

    Raises:
        GroupRefused: no such group; this login is not in it (and is not root).
    """
    text = name.strip()
    try:
        import grp
    except ImportError:  # no POSIX groups here
        raise GroupRefused(
            "this system has no POSIX groups to share a database with",
            group=text,
            reason="unknown",
        ) from None
    try:
        gid = grp.getgrnam(text).gr_gid
    except KeyError:
        if not text.isdecimal():
            raise GroupRefused(
                f"there is no group {shown(text)!r} on this machine; create it first",
                group=text,
                reason="unknown",
            ) from None
        gid = int(text)
        try:
            grp.getgrgid(gid)
        except (KeyError, OverflowError):
            raise GroupRefused(
                f"there is no group with id {gid} on this machine; create it first",
                group=text,
                reason="unknown",
            ) from None
    if _euid() != 0 and gid != os.getegid() and gid not in os.getgroups():
        raise GroupRefused(
            f"the login {shown(login_name())} is not a member of the group {shown(text)!r}, "
            "so it can't give the database to it",
            group=text,
            reason="not-member",
        )
    return gid


def share_with_group(path: Path, gid: int) -> None:
    """Give the database file to group ``gid``, readable and writable by it (mode 0660).

    Done before SQLite opens the file: SQLite creates ``-wal`` and ``-shm`` with the
    main file's mode (and, running as root, its owner and group).
    """
    try:
        os.chown(path, -1, gid)
        os.chmod(path, 0o660)
    except OSError as exc:
        raise GroupRefused(
            f"can't give {shown(path)} to the group: {exc.strerror or exc}",
            group=str(gid),
            reason="os-error",
        ) from None


def align_side_files(real: Path) -> None:
    """Give this login's ``-wal``/``-shm`` the database file's group and mode.

    SQLite gives them the main file's mode but the group of the process that
    created them (unless the directory is setgid); in a group-shared database the
    other members could then not write the ``-shm``. Files of other logins are
    left alone (only their owner or root may change them).
    """
    try:
        main = os.stat(real)
    except OSError:
        return
    euid = _euid()
    if euid == -1:
        return
    for suffix in ("-wal", "-shm"):
        side = side_file(real, suffix)
        with contextlib.suppress(OSError):
            st = os.stat(side)
            if st.st_uid != euid and euid != 0:
                continue
            if st.st_gid != main.st_gid:
                os.chown(side, -1, main.st_gid)
            want = stat.S_IMODE(main.st_mode) & 0o666
            if stat.S_IMODE(st.st_mode) != want:
                os.chmod(side, want)


# --- output paths -----------------------------------------------------------------------


def database_file(conn: sqlite3.Connection) -> str:
    """The file the connection's main database lives in ("" for an in-memory one)."""
    for _seq, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return str(file or "")
    return ""


_WHAT = {
    "": ("database", "the database file"),
    "-wal": ("wal", "the database's write-ahead log (-wal)"),
    "-shm": ("shm", "the database's shared-memory file (-shm)"),
    "-journal": ("journal", "the database's rollback journal"),
}


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def refuse_output_path(
    database: str | os.PathLike[str], out: str | os.PathLike[str]
) -> os.stat_result | None:
    """Refuse an output path that would destroy the database or can't hold a file.

    The database, its ``-wal``, ``-shm`` and journal are recognised by name (after
    resolving links, so a side file that doesn't exist yet counts too) and by
    identity (device and inode, so a hard link counts). A directory, a FIFO, a
    socket or a device is refused as well. No ``force`` overrides any of this.

    Returns:
        The output's status when something is there, else None.

    Raises:
        UnsafeOutput: with ``reason`` and the paths as attributes.
    """
    target = Path(out).expanduser()
    db_text = os.fspath(database)
    try:
        st: os.stat_result | None = os.stat(target)
    except OSError:
        st = None
    if db_text and db_text != ":memory:":
        db_path = Path(db_text).expanduser()
        bases = {os.path.abspath(db_path), os.path.realpath(db_path)}
        out_names = {os.path.abspath(target), os.path.realpath(target)}
        for suffix, (reason, what) in _WHAT.items():
            names = {base + suffix for base in bases}
            same = bool(out_names & (names | {os.path.realpath(n) for n in names}))
            if not same and st is not None:
                for name in names:
                    with contextlib.suppress(OSError):
                        if _same_file(st, os.stat(name)):
                            same = True
                            break
            if same:
                # Named as such, or another name for it (a symbolic or hard link).
                how = "is" if out_names & {os.path.abspath(n) for n in names} else "is a link to"
                raise UnsafeOutput(
                    f"{shown(target)} {how} {what}; writing there would destroy it, so nothing "
                    "was written, even when asked to replace files — choose another file",
                    path=os.fspath(target),
                    reason=reason,
                    database=db_text,
                )
    if st is None:
        return None
    if stat.S_ISDIR(st.st_mode):
        kind = ("directory", "a directory; name a file inside it")
    elif stat.S_ISFIFO(st.st_mode):
        kind = ("fifo", "a named pipe (FIFO); name a regular file")
    elif not stat.S_ISREG(st.st_mode):
        kind = ("special", "a socket or a device; name a regular file")
    else:
        return st
    raise UnsafeOutput(
        f"{shown(target)} is {kind[1]} (nothing was written)",
        path=os.fspath(target),
        reason=kind[0],
        database=db_text,
    )
