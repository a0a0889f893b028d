"""db/ refusals and the acting person worded for a person at a screen.

The facts come from db/ (the error's attributes and message, worded without
any CLI or UI vocabulary); this adds what can be done about it in the app:
keys, buttons, screens. Never a shell command or a flag: a person at a screen
can't act on those. Every string here is plain text: callers pass it through
``tui.text`` helpers, which remove control characters.
"""

from __future__ import annotations

from collections.abc import Callable

from db import errors, identity
from db.errors import TandemError
from db.models import Person
from tui.text import one_line

# A path in the header is cut to this many characters (its end says the most).
HEADER_PATH_LIMIT = 120


# A refusal's notification title, by the most specific class of the error that has one.
# Plain words: the Python class name never shows.
TITLES: dict[type[TandemError], str] = {
    TandemError: "Not possible",
    errors.Invalid: "Not possible",
    errors.NotFound: "Not found",
    errors.ClosedMeeting: "Closed meeting",
    errors.Duplicate: "Possible duplicate",
    errors.NameTaken: "Already exists",
    errors.Conflict: "Changed meanwhile",
    errors.PermissionDenied: "Not allowed",
    errors.DatabaseUnusable: "Database unusable",
    errors.ReadOnlyDatabase: "Read only",
    errors.UnsafeOutput: "Can't write there",
    errors.OutputExists: "File exists",
    errors.GroupRefused: "Not possible",
    errors.NoItemRunning: "No item running",
    errors.PersonLeft: "Has left",
    errors.StillHolds: "Still holds work",
    errors.ProposalRefused: "Proposal",
    identity.Unbound: "Read only",
    identity.ApprovalNotDelegable: "Theirs to give",
    identity.LoginUnknown: "No such login",
    identity.LoginTaken: "Login taken",
}


def for_screen(exc: TandemError) -> str:
    """The message of ``exc`` with what to do next in the app, where db/ has the facts."""
    message = str(exc)
    if isinstance(exc, identity.Unbound):
        return f"{message}; the admin binds it to you on the People screen (key l)"
    if isinstance(exc, identity.ApprovalNotDelegable):
        return (
            f"{message}; in a meeting where {exc.head} is present, its facilitator records "
            "their consent (Live meeting, ctrl+l)"
        )
    if isinstance(exc, identity.LoginUnknown):
        return f"{message}; check the spelling: it must be a login on this computer"
    if isinstance(exc, identity.LoginTaken):
        return f"{message}; clear {exc.holder}'s login first (key l, left empty)"
    if isinstance(exc, errors.StillHolds):
        return f"{message}; pick them in the field under the list"
    if isinstance(exc, errors.OutputExists):
        return f"{message}; tick Overwrite to replace it"
    return message


def refused_people(people: list[Person], check: Callable[[Person], object]) -> dict[int, str]:
    """Why ``check`` refuses each person it refuses, worded for the screen, by person id
    (a picker lists them greyed with the reason)."""
    refused: dict[int, str] = {}
    for person in people:
        try:
            check(person)
        except errors.PermissionDenied as exc:
            refused[person.id] = for_screen(exc)
    return refused


def refusal_title(exc: TandemError) -> str:
    """The notification title of a refusal: plain words, never a class name."""
    for cls in type(exc).__mro__:
        title = TITLES.get(cls)
        if title is not None:
            return title
    return TITLES[TandemError]


def unbound_banner(login: str) -> str:
    """Home's banner when the login running the app is bound to nobody."""
    return (
        f"Your login '{login}' is bound to no person: you can read, not change anything. "
        "Ask the admin to bind it to you (People screen, key l)."
    )


def short_path(path: str, limit: int = HEADER_PATH_LIMIT) -> str:
    """A path on one line, control characters out, its start cut when it is long."""
    value = one_line(path)
    return value if len(value) <= limit else "…" + value[-(limit - 1) :]


def who(actor: Person | None, delegated_by: Person | None, login: str) -> str:
    """Who is acting, for the header: the person, the delegation, or read only."""
    if actor is None:
        return f"login '{one_line(login, 40)}', bound to no person: read only"
    if delegated_by is not None:
        return f"{one_line(actor.name, 60)} (delegated by {one_line(delegated_by.name, 60)})"
    return one_line(actor.name, 60)


def header(db_path: str, actor: Person | None, delegated_by: Person | None, login: str) -> str:
    """The app's sub-title: the database and who is acting."""
    return f"{short_path(db_path)} · {who(actor, delegated_by, login)}"
