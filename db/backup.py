"""Consistent copies of a live database (SQLite's online backup API)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db.errors import Invalid


def backup(db: Database, dest: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Copy ``db`` to ``dest`` while others may be writing; the copy is readable by its owner only.

    The copy is written beside ``dest`` under a temporary name and renamed into
    place, so a failure never leaves half a backup where a good one should be.
    """
    target = Path(dest).expanduser()
    if target.is_dir():
        raise Invalid(f"{target} is a directory; name the backup file")
    if target.exists() and not force:
        raise Invalid(f"{target} exists; choose another name or add --force to replace it")
    if not target.parent.exists():
        raise Invalid(f"directory {target.parent} does not exist")
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
