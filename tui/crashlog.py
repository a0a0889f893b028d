"""Unexpected errors in the TUI: written to a private log file, never shown as a traceback.

A person running a meeting should see one line saying what happened and
where the details are, and keep working; the traceback goes to a file only
its owner can read (it may quote meeting text).
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_log_dir


def log_dir() -> Path:
    return Path(user_log_dir("tandem", appauthor=False))


def write_crash_log(error: BaseException, *, now: datetime | None = None) -> Path:
    """Append ``error`` with its traceback to today's log (dir 0700, file 0600); its path."""
    moment = now or datetime.now(timezone.utc)
    folder = log_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / f"tandem-{moment:%Y-%m-%d}.log"
    entry = "".join(
        [f"--- {moment.isoformat(timespec='seconds')} ---\n"]
        + traceback.format_exception(type(error), error, error.__traceback__)
    )
    # os.open with a mode: the file is private from its first byte (no chmod race).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace") as log:
        log.write(entry)
    return path
