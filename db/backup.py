"""Consistent copies of a live database (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import Invalid, OutputExists
from db.files import database_file, refuse_output_path, shown

if TYPE_CHECKING:
    from sqlite_utils import Database


def backup(db: Database, dest: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Copy ``db`` to ``dest`` while others may be writing; the copy is readable by its owner only.

    The copy is written beside ``dest`` under a temporary name and renamed into
    place, so a failure never leaves half a backup where a good one should be.

    Raises:
        UnsafeOutput: ``dest`` is the database, its ``-wal``/``-shm``, a link to
            one of them, a FIFO or a directory (``force`` changes nothing).
        OutputExists: ``dest`` exists and ``force`` is False.
        Invalid: its directory is missing.
    """
    target = Path(dest).expanduser()
    # Never onto the database, its -wal/-shm (or a link to them), a FIFO or a directory.
    refuse_output_path(database_file(db.conn), target)
    if os.path.lexists(target) and not force:
        raise OutputExists(
            f"{shown(target)} exists; nothing was written — choose another name",
            path=os.fspath(target),
        )
    if not target.parent.exists():
        raise Invalid(f"directory {shown(target.parent)} does not exist")
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        out = sqlite3.connect(str(partial))
        try:
            # One step copies every page under a read transaction: a consistent snapshot.
            db.conn.backup(out)
            out.execute("PRAGMA journal_mode = DELETE")
        finally:
            out.close()
        with open(partial, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target
