"""Where the app reads: probes for the tests that no screen reads on the event loop (issue 16).

- ``LoopReads`` traces the app's own connection and keeps every statement run on the
  loop's thread outside a write (a job of the write lane, ``tui/writes.py``, its reads
  before ``BEGIN`` included, or an open write transaction). Only the watcher's change
  counter and a write's own pragmas may run there otherwise.
- ``watch`` wraps a ``db/`` read function and notes the thread of each call (and what it
  returned); ``Threads`` watches several by name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import pytest

from tui.app import TandemApp
from tui.writes import WriteLane

READER = "tandem-reader"  # the reader thread's name (tui/reads.py)

# What the loop may run outside a write: starting one, the watcher's change counter.
ALLOWED_OUTSIDE_A_WRITE = ("BEGIN", "PRAGMA DATA_VERSION", "PRAGMA BUSY_TIMEOUT")


class LoopReads:
    """Statements run on the app's connection from the loop's thread, outside a write."""

    def __init__(self, app: TandemApp) -> None:
        self.loop = threading.current_thread()
        self.conn = app.db.conn
        self.found: list[str] = []
        self.where: list[tuple[str, str]] = []  # (``screen``, statement) of each found
        self.screen = ""  # what the test is looking at, to say where a read was found
        self._jobs = 0  # write lane jobs running on the loop
        self._in_write = False  # between BEGIN and COMMIT/ROLLBACK

    @contextmanager
    def watching(self) -> Iterator[LoopReads]:
        attempt = WriteLane._attempt_here

        def writing(lane: WriteLane, job: Any) -> Any:
            self._jobs += 1
            try:
                return attempt(lane, job)
            finally:
                self._jobs -= 1

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(WriteLane, "_attempt_here", writing)
            self.conn.set_trace_callback(self._seen)
            try:
                yield self
            finally:
                self.conn.set_trace_callback(None)

    def _seen(self, statement: str) -> None:
        if threading.current_thread() is not self.loop:
            return
        said = " ".join(statement.split())
        upper = said.upper()
        if upper.startswith("BEGIN"):
            self._in_write = True
        elif upper.startswith(("COMMIT", "ROLLBACK")) and not upper.startswith("ROLLBACK TO"):
            self._in_write = False
        elif not (self._jobs or self._in_write or upper.startswith(ALLOWED_OUTSIDE_A_WRITE)):
            self.found.append(said[:160])
            self.where.append((self.screen, said[:120]))

    def report(self) -> str:
        return "\n".join(f"{screen}: {sql}" if screen else sql for screen, sql in self.where)


class Calls:
    """The threads a wrapped function ran on, and what it returned each time."""

    def __init__(self) -> None:
        self.threads: list[str] = []
        self.results: list[Any] = []

    def all_on_the_reader(self) -> bool:
        return bool(self.threads) and all(t.startswith(READER) for t in self.threads)


def watch(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> Calls:
    """Wrap ``owner.name`` (a module's function) so each call's thread and result are noted."""
    calls = Calls()
    real: Callable[..., Any] = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.threads.append(threading.current_thread().name)
        result = real(*args, **kwargs)
        calls.results.append(result)
        return result

    monkeypatch.setattr(owner, name, wrapped)
    return calls


class Threads:
    """``watch`` for several functions by name; ``forget`` starts the count again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.patch = monkeypatch
        self.calls: dict[str, Calls] = {}

    def watch(self, module: ModuleType, *names: str) -> None:
        for name in names:
            self.calls[name] = watch(self.patch, module, name)

    def forget(self) -> None:
        for calls in self.calls.values():
            calls.threads.clear()
            calls.results.clear()

    def on_the_reader(self, *names: str) -> None:
        """Each of ``names`` was called, and only on the reader thread."""
        for name in names:
            threads = self.calls[name].threads
            assert threads, f"{name} was never called"
            assert all(t.startswith(READER) for t in threads), f"{name} ran on {set(threads)}"
