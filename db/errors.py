"""Typed errors: each interface maps them to its own messages and exit codes."""

from __future__ import annotations


class TandemError(Exception):
    """Base of every error Tandem raises on purpose; its message is for people."""

    exit_code = 1


class NotFound(TandemError):
    """An id or name that names nothing."""


class Invalid(TandemError):
    """A value or request that breaks a rule (bad date, closed meeting, ...)."""


class ClosedMeeting(Invalid):
    """The meeting is closed: its record is frozen; only amendments may follow."""


class Duplicate(TandemError):
    """A near-duplicate of an open task or an area, refused unless allowed."""

    def __init__(self, message: str, existing_id: int, existing_title: str, owner: str):
        super().__init__(message)
        self.existing_id = existing_id
        self.existing_title = existing_title
        self.owner = owner


class NameTaken(Invalid):
    """A name that is, or looks like, the name of an existing record (rule 8).

    ``kind`` is "person", "department", "task force" or "area"; ``existing_id`` and
    ``existing_name`` name the record that has it; ``name`` is the refused name as cleaned;
    ``look_alike`` is true when the names differ but look the same (confusable letters).
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        existing_id: int,
        existing_name: str,
        name: str,
        look_alike: bool,
    ):
        super().__init__(message)
        self.kind = kind
        self.existing_id = existing_id
        self.existing_name = existing_name
        self.name = name
        self.look_alike = look_alike


class Conflict(TandemError):
    """The record changed in another session since it was read (stale edit)."""


class PermissionDenied(TandemError):
    """The acting person may not do this; the message says who may."""

    exit_code = 3


class DatabaseUnusable(TandemError):
    """Missing, foreign, damaged, newer, or still locked after the busy timeout."""

    exit_code = 4


class UnusableFile(DatabaseUnusable):
    """The database path names something that can't be a database file here.

    ``reason`` is one of ``"directory"``, ``"fifo"``, ``"socket"``, ``"device"``,
    ``"special"``, ``"unreadable"``, ``"dangling-link"``, ``"network"``,
    ``"needs-writer"`` or ``"os-error"``; ``detail`` adds what is known (the
    link's target, the file system type, the system's words).
    """

    def __init__(self, message: str, *, path: str, reason: str, detail: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.detail = detail


class ReadOnlyDatabase(DatabaseUnusable):
    """A write through a connection that can't write: this login may only read the file."""

    def __init__(self, message: str, *, login: str) -> None:
        super().__init__(message)
        self.login = login


class UnsafeOutput(Invalid):
    """An output path (backup, exported minutes) that must never be written, even when forced.

    ``reason`` is ``"database"``, ``"wal"``, ``"shm"``, ``"journal"`` (the
    database's own files, directly or through a link), ``"directory"``,
    ``"fifo"`` or ``"special"`` (a socket or device).
    """

    def __init__(self, message: str, *, path: str, reason: str, database: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.database = database


class GroupRefused(Invalid):
    """A group for a shared database that doesn't exist or this login can't give files to.

    ``reason`` is ``"unknown"``, ``"not-member"`` or ``"os-error"``.
    """

    def __init__(self, message: str, *, group: str, reason: str) -> None:
        super().__init__(message)
        self.group = group
        self.reason = reason
