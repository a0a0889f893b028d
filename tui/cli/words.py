"""db/ errors worded for a shell: the facts from db/, plus the command that helps."""

from __future__ import annotations

from db.errors import TandemError


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
    return message
