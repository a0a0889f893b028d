"""Who holds a database's write lock, where the operating system can tell.

In WAL mode SQLite's write lock is a POSIX byte-range lock on the ``-shm``
file (byte 120, ``WAL_WRITE_LOCK``). Linux lists every such lock in
``/proc/locks`` with the process that holds it, so a write that waits can say
which process it waits for instead of guessing. Elsewhere (or when the holder
can't be read) the answer is None and the wording names only the lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from db.lazyclass import dataclass

if TYPE_CHECKING:
    from sqlite_utils import Database

# The WAL write lock's byte in the -shm file (SQLite's WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK).
WAL_WRITE_LOCK_BYTE = 120
PROC_LOCKS = Path("/proc/locks")


@dataclass(frozen=True)
class LockHolder:
    """The process that holds the write lock."""

    pid: int
    command: str
    """Its command name (``/proc/PID/comm``), or "" when unreadable."""
    this_process: bool
    """Another connection of this very process (a second window, a test)."""

    def describe(self) -> str:
        """In words: 'process 1234 (python3)' or 'another connection of this process'."""
        if self.this_process:
            return f"another connection of this process (pid {self.pid})"
        return f"process {self.pid} ({self.command})" if self.command else f"process {self.pid}"


def write_lock_holder(path: str | os.PathLike[str]) -> LockHolder | None:
    """The process holding the write lock of the database at ``path``, if the OS says.

    Never raises: any failure to read the lock table answers None.
    """
    try:
        shm = Path(f"{Path(path).expanduser()}-shm")
        st = shm.stat()
        table = PROC_LOCKS.read_text()
    except OSError:
        return None
    for line in table.splitlines():
        holder = _parse(line, st.st_dev, st.st_ino)
        if holder is not None:
            return holder
    return None


def _parse(line: str, dev: int, ino: int) -> LockHolder | None:
    # "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 120 120" (a blocked waiter starts "->").
    parts = line.split()
    if len(parts) < 8 or "->" in parts[:2] or parts[1] != "POSIX" or parts[3] != "WRITE":
        return None
    try:
        pid = int(parts[4])
        major, minor, inode = parts[5].split(":")
        start, end = int(parts[6]), parts[7]
    except ValueError:
        return None
    if int(inode) != ino or (int(major, 16), int(minor, 16)) != (os.major(dev), os.minor(dev)):
        return None
    last = int(end) if end != "EOF" else WAL_WRITE_LOCK_BYTE
    if not start <= WAL_WRITE_LOCK_BYTE <= last:
        return None
    try:
        command = Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        command = ""
    return LockHolder(pid=pid, command=command, this_process=pid == os.getpid())


def wait_for_lock(db: Database, milliseconds: int) -> None:
    """How long ``db``'s connection waits for another's write lock before giving up
    (SQLite's busy timeout; 0: give up at once, so the caller can wait elsewhere)."""
    db.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
