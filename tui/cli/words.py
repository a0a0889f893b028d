"""db/ errors worded for a shell: the facts from db/, plus the command that helps.

db/ raises errors whose messages name no command, option or key (``db.errors``);
this adds what to type next, from the error's attributes, where the CLI has a
command for it. The app words the same errors in ``tui.words``.
"""

from __future__ import annotations

from db.errors import (
    ClosedMeeting,
    DatabaseUnusable,
    Duplicate,
    NotFound,
    OutputExists,
    PermissionDenied,
    ProposalRefused,
    TandemError,
)

# The listing that shows every record of a kind, for "no task 42".
LISTINGS = {
    "task": "`tandem task list --status all` lists them",
    "meeting": "`tandem meeting list` lists them",
    "decision": "`tandem decision list` lists them",
}


def for_shell(exc: TandemError) -> str:
    """The message of ``exc`` with what to type next, where db/ has the facts for it."""
    from db import identity

    message = str(exc)
    if isinstance(exc, identity.Unbound):
        return f"{message}; the admin binds it with `tandem person login NAME {exc.login}`"
    if isinstance(exc, identity.DelegationRefused):
        return f"{message}; leave out --as (and TANDEM_USER) to act as yourself"
    if isinstance(exc, identity.ApprovalNotDelegable):
        return f"{message}; it can't be given with --as"
    if isinstance(exc, identity.LoginUnknown):
        return f"{message}; create the user first (useradd) or check the spelling"
    if isinstance(exc, identity.LoginTaken):
        return f'{message}; unbind it first with `tandem person login "{exc.holder}" --clear`'
    if isinstance(exc, PermissionDenied) and exc.rule == "choose-facilitator":
        who = " or ".join(exc.who_may)
        return (
            f"only {who} can {exc.action}; "
            "create the meeting without --facilitator to facilitate it yourself"
        )
    if isinstance(exc, PermissionDenied) and exc.rule == "supersede-two-key":
        return f"{message}; propose one with `tandem propose TEXT --supersedes ID`"
    if isinstance(exc, ProposalRefused) and exc.reason == "absent":
        return f"{message}; mark them present with `tandem meeting attend` first"
    if isinstance(exc, ProposalRefused) and exc.reason == "pending-version":
        return f"{message} (`tandem decision withdraw {exc.decision_id}` by its proposer)"
    if isinstance(exc, NotFound) and isinstance(exc.ref, int) and exc.kind in LISTINGS:
        return f"{message}; {LISTINGS[exc.kind]}"
    if isinstance(exc, ClosedMeeting) and exc.meeting_id is not None and exc.frozen == "minutes":
        return f"{message}; use `tandem meeting amend`"
    if isinstance(exc, Duplicate):
        return f"{message}; add --allow-duplicate to add yours anyway"
    if isinstance(exc, OutputExists):
        return f"{message} or add --force to replace it"
    if isinstance(exc, DatabaseUnusable):
        return _unusable(exc, message)
    return message


def _unusable(exc: DatabaseUnusable, message: str) -> str:
    if exc.reason == "missing":
        return f"{message}; create one with `tandem init --admin NAME` (or pass --db PATH)"
    if exc.reason == "not-initialised":
        return f"{message}; run `tandem init --admin NAME` first"
    if exc.reason == "other":
        return f"the database can't be used ({exc.detail}); run `tandem check` or restore a backup"
    return message
