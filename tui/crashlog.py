"""Unexpected errors in the TUI: written to a private log file, never shown as a traceback.

The app has one crash hook, ``TandemApp._handle_exception`` (Textual calls it
with any error a handler, action, timer or worker let escape; Harlequin keeps
the same one). Expected refusals from ``db/`` never get there: screens and
dialogs show them where they happen (``tui/refusals.py``). What does get there
is a bug, and the widget whose handler raised has stopped processing messages,
so the app can't be trusted to go on: the hook writes the traceback to a file
only its owner can read (it may quote meeting text) and ends the app with one
readable line on the terminal (``Crashed``) and exit status 1. Every edit was
committed as it was made, so nothing typed before the error is lost.

Tests run this same path: under Pilot, Textual re-raises the ``Crashed`` at
the end of ``run_test``, so a bug fails its test (the original error is its
``__cause__``).
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from platformdirs import user_log_dir
from rich.text import Text

from db.errors import TandemError


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


class Crashed(Exception):
    """The app stopped on an unexpected error (its ``__cause__``), already logged.

    Textual prints an exception's ``__rich__`` instead of a traceback when the
    app ends: here, one line saying what happened and where the details are.
    """

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line

    def __rich__(self) -> Text:
        return Text(self.line)


def crashed(error: BaseException) -> Crashed:
    """Log ``error`` and return the one line the app ends with (chained to ``error``)."""
    from tui.text import one_line

    try:
        where = str(write_crash_log(error))
    except OSError as exc:
        where = f"nowhere (the log could not be written: {exc.strerror})"
    if isinstance(error, TandemError):
        # A refusal no screen caught (a database that became unusable, say): its own words.
        from tui.words import for_screen

        what = one_line(for_screen(error), 300)
    else:
        what = f"an unexpected error ({type(error).__name__})"
    line = (
        f"Tandem stopped: {what}. Your data is safe: every edit was saved as it was made. "
        f"Details: {where}"
    )
    crash = Crashed(one_line(line))
    crash.__cause__ = error
    return crash
