"""Typed errors: db/ raises them with the facts; each interface words them for its people.

Every error carries what a message needs as attributes (what kind of record, which
one, who may, ...), and ``str(exc)`` is a complete sentence in neutral words: no
command, option or key of any interface. The CLI adds what to type next
(``tui.cli.words.for_shell``), the app what to press (``tui.words.for_screen``);
exit codes are the CLI's (1 a wrong request, 3 not allowed, 4 database unusable).
"""

from __future__ import annotations

from collections.abc import Sequence


class TandemError(Exception):
    """Base of every error Tandem raises on purpose; its message is for people."""

    exit_code = 1


def _did_you_mean(suggestions: Sequence[str]) -> str:
    return f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""


class NotFound(TandemError):
    """An id or name that names nothing.

    ``kind`` is what was looked for ("task", "meeting", "decision", "person",
    "department", "task force", "area", "agenda item"); ``ref`` is the id or name
    given; ``suggestions`` are close names, best first. ``message`` replaces the
    default sentence ("no task 42", "no person named 'Maya Chan'").
    """

    def __init__(
        self,
        kind: str,
        ref: object,
        *,
        suggestions: Sequence[str] = (),
        message: str | None = None,
    ) -> None:
        if message is None:
            named = f"{ref}" if isinstance(ref, int) else f"named {str(ref)!r}"
            message = f"no {kind} {named}{_did_you_mean(suggestions)}"
        super().__init__(message)
        self.kind = kind
        self.ref = ref
        self.suggestions = tuple(suggestions)


class Invalid(TandemError):
    """A value or request that breaks a rule (bad date, closed meeting, ...)."""


class ClosedMeeting(Invalid):
    """The meeting is closed: its record is frozen; only amendments may follow.

    ``meeting_id`` is None when only SQLite's trigger refused (it names no meeting);
    ``frozen`` is what can't change ("minutes" or "action items").
    """

    def __init__(
        self, meeting_id: int | None, *, frozen: str = "minutes", message: str | None = None
    ) -> None:
        if message is None:
            if meeting_id is None:
                message = f"the meeting is closed: its {frozen} are frozen"
            else:
                message = f"meeting {meeting_id} is closed: its {frozen} are frozen"
        super().__init__(message)
        self.meeting_id = meeting_id
        self.frozen = frozen


class Duplicate(TandemError):
    """A near-duplicate of an open task or an area, refused unless allowed.

    ``kind`` is "task" or "area"; ``existing_id``, ``existing_title`` and ``owner``
    name the record that is close.
    """

    def __init__(
        self, message: str, existing_id: int, existing_title: str, owner: str, *, kind: str = "task"
    ):
        super().__init__(message)
        self.existing_id = existing_id
        self.existing_title = existing_title
        self.owner = owner
        self.kind = kind


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
    """The record changed in another session since it was read (stale edit).

    ``what`` names the record as the message does ("task 4", "the notes of item 2");
    ``who`` and ``when`` say who changed it last, and when (empty when unknown).
    """

    def __init__(self, message: str, *, what: str = "", who: str = "", when: str = "") -> None:
        super().__init__(message)
        self.what = what
        self.who = who
        self.when = when


class PermissionDenied(TandemError):
    """The acting person may not do this; the message says who may.

    ``rule`` names the row of the permission table that refused (``db.permissions``
    lists them: "admin", "add-person", "choose-facilitator", "run-meeting", ...);
    ``action`` is what was refused, in the message's words ("assign Sales areas");
    ``who_may`` the people or roles who may, as the message lists them; ``actor`` the
    name of the person refused, when known.
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        rule: str = "",
        action: str = "",
        who_may: Sequence[str] = (),
        actor: str | None = None,
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.action = action
        self.who_may = tuple(who_may)
        self.actor = actor


class DatabaseUnusable(TandemError):
    """Missing, foreign, damaged, newer, or still locked after the busy timeout.

    ``path`` is the database's path (empty when not known where it failed);
    ``reason`` says which: ``"missing"``, ``"not-initialised"``, ``"not-sqlite"``,
    ``"foreign"``, ``"damaged"``, ``"newer"``, ``"cant-create"``, ``"locked"``,
    ``"full"``, ``"read-only"``, ``"other"``, or for ``UnusableFile`` its own reasons;
    ``detail`` adds what is known (SQLite's words, the unknown migration).
    """

    exit_code = 4

    def __init__(self, message: str, *, path: str = "", reason: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.detail = detail


class UnusableFile(DatabaseUnusable):
    """The database path names something that can't be a database file here.

    ``reason`` is one of ``"directory"``, ``"fifo"``, ``"socket"``, ``"device"``,
    ``"special"``, ``"unreadable"``, ``"dangling-link"``, ``"network"``,
    ``"needs-writer"`` or ``"os-error"``; ``detail`` adds what is known (the
    link's target, the file system type, the system's words).
    """

    def __init__(self, message: str, *, path: str, reason: str, detail: str = "") -> None:
        super().__init__(message, path=path, reason=reason, detail=detail)


class ReadOnlyDatabase(DatabaseUnusable):
    """A write through a connection that can't write: this login may only read the file."""

    def __init__(self, message: str, *, login: str, path: str = "") -> None:
        super().__init__(message, path=path, reason="read-only")
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


class OutputExists(Invalid):
    """An output file (a backup, exported minutes) exists and replacing it wasn't asked for.

    ``path`` is the file; the message says nothing was written.
    """

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class ProposalRefused(Invalid):
    """A two-key request that breaks a rule of rule 9 (a wrong request, not a permission).

    ``reason`` says which: "not-two-key", "not-open" (already decided: ``status`` says
    how), "already-approved", "already-objected", "absent" (the head isn't marked
    present), "not-running" (the meeting isn't running), "not-bound" (the person heads
    no bound department), "binds" (fewer than two departments with a head),
    "no-head" (a bound department without a head), "supersede" (what it would supersede
    isn't in force, or is already being superseded), "pending-version" (a lead definition
    version is still open). ``decision_id`` is the decision
    (None before it exists).
    """

    def __init__(
        self, message: str, *, reason: str, decision_id: int | None = None, status: str = ""
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.decision_id = decision_id
        self.status = status
