"""``tandem whoami``, ``tandem log`` and ``tandem verify``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tui.cli import render
from tui.cli.env import Env, complete_person, emit_json, json_option, pass_env, say


@click.command()
@json_option
@pass_env
def whoami(env: Env, as_json: bool) -> None:
    """Who is acting: the person bound to your login (and who delegated, with --as).

    \\b
    Example:
      tandem whoami
    """
    from db.identity import session_of
    from db.people import acting_person, login_person

    db = env.db()
    login = session_of(db).login
    me = login_person(db)
    actor = acting_person(db, env.acting) if me is not None else None
    delegated = me if actor is not None and me is not None and actor.id != me.id else None
    if as_json:
        emit_json(
            {
                "id": actor.id if actor else None,
                "name": actor.name if actor else None,
                "login": login,
                "department": actor.department if actor else None,
                "is_head": actor.is_head if actor else False,
                "is_admin": actor.is_admin if actor else False,
                "delegated_by": delegated.name if delegated else None,
            }
        )
        return
    if actor is None:
        say(
            f"The login {render.line(login)} is bound to no person: you may read, not write. "
            f"The admin binds it with `tandem person login NAME {render.line(login)}`."
        )
        return
    roles = [r for r, on in (("admin", actor.is_admin), ("head", actor.is_head)) if on]
    line = f"{render.line(actor.name)} (login {render.line(login)}"
    if actor.department:
        line += f", {render.line(actor.department)}"
    if roles:
        line += ", " + " and ".join(roles)
    line += ")"
    if delegated:
        line += f", on behalf of whom {render.line(delegated.name)} (the admin) acts"
    say(line)


@click.command()
@click.option("--since", metavar="DATE", help="Entries on or after DATE.")
@click.option("--actor", metavar="NAME", shell_complete=complete_person, help="Entries by NAME.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N entries (the newest).")
@json_option
@pass_env
def log(env: Env, since: str | None, actor: str | None, limit: int | None, as_json: bool) -> None:
    """The audit log, oldest first: every change, who made it, from which login.

    \\b
    Example:
      tandem log --since 2026-11-01 --actor "Maya Chen"
    """
    from db.audit_log import list_entries
    from db.dates import parse_date

    entries = list_entries(
        env.db(),
        since=parse_date(since) if since else None,
        actor=actor,
        limit=limit,
    )
    if as_json:
        emit_json([e.to_json() for e in entries])
        return
    if not entries:
        say("No audit entries match.")
        return
    render.table(
        ["ID", "At", "Login", "Actor", "On behalf", "Action", "Subject", "Hash"],
        (
            [
                e.id,
                render.moment(e.at),
                e.login,
                e.actor or "—",
                e.delegated_by or "",
                e.action,
                e.subject,
                e.hash[:12],
            ]
            for e in entries
        ),
    )


@click.command()
@click.argument("minutes_file", metavar="MINUTES.json", type=click.Path(dir_okay=False))
@pass_env
def verify(env: Env, minutes_file: str) -> None:
    """Check exported JSON minutes against the database's sealed record (exit 4 if they differ).

    \\b
    Example:
      tandem minutes 7 --format json -o minutes-7.json
      tandem verify minutes-7.json
    """
    from db.errors import Invalid
    from db.seal import verify_minutes

    db = env.db()
    path = Path(minutes_file)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise Invalid(f"{minutes_file} is not JSON minutes ({exc})") from None
    result = verify_minutes(db, document)
    if result.ok:
        say(
            f"Minutes of meeting {result.meeting_id} verified: the database still holds the "
            f"record sealed {(result.seal or '')[:16]}… (audit entry {result.entry_id})"
        )
        return
    for difference in result.differences:
        say(f"DIFFERS: {render.line(difference)}")
    click.echo(
        f"Error: the minutes do not match the database's sealed record "
        f"({len(result.differences)} difference{'s' if len(result.differences) != 1 else ''})",
        err=True,
    )
    raise SystemExit(4)
