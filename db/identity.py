"""Who is acting: the person bound to the OS login running Tandem (rule 8, README "The rules").

A person may be bound to one login. The acting person is the one bound to
the effective user's login; only the admin may act for someone else
(delegation), and every record written that way names both. A login bound to
nobody reads but never writes.

The session lives on the database handle (``db.handle.TandemDatabase.session``), so the
check sits under every interface: ``db.audit.write`` refuses a write whose
login is unbound, or whose actor is someone else while the login's person is
not the admin.
"""

from __future__ import annotations

import os
import pwd
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from db.errors import Invalid, PermissionDenied
from db.lazyclass import dataclass

if TYPE_CHECKING:
    from sqlite_utils import Database


def current_login() -> str:
    """The effective user's login name (its number when the user has no passwd entry)."""
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def login_exists(login: str) -> bool:
    try:
        pwd.getpwnam(login)
    except KeyError:
        return False
    return True


def file_owner_login(path: str | os.PathLike[str]) -> str | None:
    """The login owning ``path`` (None for a database with no file, e.g. in memory)."""
    try:
        uid = Path(path).stat().st_uid
    except OSError:
        return None
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


@dataclass
class Session:
    """The login running this process and what it is writing right now."""

    login: str = field(default_factory=current_login)
    # Set by db.audit.write for the duration of one write transaction.
    actor_id: int | None = None
    actor_name: str | None = None
    delegated_by_id: int | None = None
    delegated_by_name: str | None = None
    action: str = "system"
    depth: int = 0
    triggers_installed: bool = False
    extra: dict[str, object] = field(default_factory=dict)


def session_of(db: Database) -> Session:
    """The session of ``db``; a plain ``Database`` (tests, tools) gets one on first use."""
    session = getattr(db, "session", None)
    if session is None:
        session = Session()
        db.session = session  # type: ignore[attr-defined]
    return session


class Unbound(PermissionDenied):
    """The login running Tandem is bound to no person: it may read, never write."""

    def __init__(self, login: str) -> None:
        super().__init__(
            f"the login {login!r} is bound to no person, so it may read but not write",
            rule="unbound",
            action="write",
            who_may=("a login bound to a person",),
        )
        self.login = login


class DelegationRefused(PermissionDenied):
    """Someone other than the admin tried to act as another person."""

    def __init__(self, login: str, me: str, other: str) -> None:
        super().__init__(
            f"only the admin may act as someone else; the login {login!r} is {me}, not {other}",
            rule="delegation",
            action=f"act as {other}",
            who_may=("the admin",),
            actor=me,
        )
        self.login = login
        self.me = me
        self.other = other


class ApprovalNotDelegable(PermissionDenied):
    """A head's approval or objection is theirs alone: never given on someone's behalf."""

    def __init__(self, head: str, login: str) -> None:
        super().__init__(
            f"{head}'s approval can't be given on their behalf; {head} gives it under their own "
            f"login (this is login {login!r})",
            rule="approval",
            action=f"give {head}'s approval",
            who_may=(head,),
        )
        self.head = head
        self.login = login


def bound_person_id(db: Database, login: str) -> int | None:
    row = db.execute("SELECT id FROM people WHERE login = ?", [login]).fetchone()
    return int(row[0]) if row else None


def login_person_id(db: Database) -> int | None:
    """The id of the person bound to this process's login, or None."""
    return bound_person_id(db, session_of(db).login)


def resolve_actor(db: Database, actor_id: int) -> tuple[int, int | None]:
    """(actor id, delegated-by id) for a write by ``actor_id`` under this login.

    Raises:
        Unbound: the login is bound to nobody.
        DelegationRefused: the actor is someone else and the login's person is not the admin.
    """
    session = session_of(db)
    me = login_person_id(db)
    if me is None:
        raise Unbound(session.login)
    if me == actor_id:
        return actor_id, None
    row = db.execute("SELECT name, is_admin FROM people WHERE id = ?", [me]).fetchone()
    if not row[1]:
        other = db.execute("SELECT name FROM people WHERE id = ?", [actor_id]).fetchone()
        raise DelegationRefused(session.login, row[0], other[0] if other else str(actor_id))
    return actor_id, me


def require_undelegated(db: Database, head_id: int) -> None:
    """Refuse unless ``head_id`` is the person bound to this very login (approvals, objections)."""
    if login_person_id(db) != head_id:
        row = db.execute("SELECT name FROM people WHERE id = ?", [head_id]).fetchone()
        raise ApprovalNotDelegable(row[0] if row else str(head_id), session_of(db).login)


def check_login_value(login: str) -> str:
    """A login name as given, refused when it is empty or no such user exists here."""
    value = login.strip()
    if not value:
        raise Invalid("a login name can't be empty")
    if not login_exists(value):
        raise LoginUnknown(value)
    return value


class LoginUnknown(Invalid):
    """No user of that name exists on this machine."""

    def __init__(self, login: str) -> None:
        super().__init__(f"there is no login {login!r} on this machine")
        self.login = login


class LoginTaken(Invalid):
    """A login belongs to one person at most."""

    def __init__(self, login: str, holder: str) -> None:
        super().__init__(f"the login {login!r} is already bound to {holder}")
        self.login = login
        self.holder = holder
