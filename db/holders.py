"""Which other processes have a database file open: before a file is replaced under them.

On Linux every process's open files are links in ``/proc/PID/fd``; a process that holds the
database, its ``-wal`` or its ``-shm`` is named with its id and command. Elsewhere (or when
``/proc`` can't be read) a SQLite probe says only *whether* another connection is open: a
database in WAL mode can leave it only when no other connection has it open.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from db.lazyclass import dataclass

_PROC = Path("/proc")


@dataclass(frozen=True)
class Holder:
    """A process that has the file open; ``command`` is its name (``/proc/PID/comm``) or ''."""

    pid: int
    command: str

    def __str__(self) -> str:
        return f"{self.command} (process {self.pid})" if self.command else f"process {self.pid}"


def holders(path: str | os.PathLike[str], *, proc: Path = _PROC) -> list[Holder] | None:
    """Other processes with ``path`` (or its -wal/-shm) open; None when that can't be known."""
    target = Path(path).expanduser().resolve()
    wanted = {str(target), f"{target}-wal", f"{target}-shm"}
    try:
        entries = list(proc.iterdir())
    except OSError:
        return None
    if not (proc / "self" / "fd").is_dir():
        return None
    me = os.getpid()
    found: list[Holder] = []
    for entry in entries:
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            links = list((entry / "fd").iterdir())
        except OSError:
            continue  # gone, or another user's process we may not look into
        for link in links:
            try:
                opened = os.readlink(link)
            except OSError:
                continue
            if opened in wanted:
                found.append(Holder(int(entry.name), _command(entry)))
                break
    return found


def _command(entry: Path) -> str:
    try:
        return (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def open_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another connection has the database open (the probe for when ``holders`` can't).

    Leaving WAL mode needs the only connection; the probe then puts WAL mode back, so the file
    is as it was either way. A file that is not in WAL mode can't be probed this way: False.
    """
    conn = sqlite3.connect(os.fspath(path), timeout=0.1, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            return False
        try:
            left = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        except sqlite3.OperationalError:
            return True  # locked by another connection
        if left == "wal":
            return True
        conn.execute("PRAGMA journal_mode = WAL")
        return False
    finally:
        conn.close()
