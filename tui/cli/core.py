"""``tandem init`` and ``tandem check``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from db.check import check as run_check
from db.people import init as init_db
from db.text import clean, optional, required
from tui.cli import render
from tui.cli.env import Env, emit_json, json_option, pass_env, say


@click.command()
@click.option(
    "--admin",
    required=True,
    metavar="NAME",
    help="Name of the admin, who becomes the default user.",
)
@click.option(
    "--company", metavar="TEXT", help="The company's name, shown in the app and the minutes."
)
@click.option(
    "--group",
    metavar="GROUP",
    help="Share the new database with this OS group (mode 0660) instead of 0600.",
)
@json_option
@pass_env
def init(env: Env, admin: str, company: str | None, group: str | None, as_json: bool) -> None:
    """Create a database with departments Sales and Marketing and its admin.

    On an already-initialised database nothing changes.

    \b
    Example:
      tandem --db team.db init --admin "Ada Admin" --company "Acme"
    """
    # Refuse bad values before a file exists: a failed command creates nothing.
    required(admin, "the admin's name", single_line=True, limit=200)
    optional(company, "the company name", limit=200)
    path = Path(env.path).expanduser()
    existed = os.path.lexists(path)  # a dangling link is something: never deleted below
    try:
        person, created = init_db(env.db(create=True, group=group), admin, company)
    except BaseException:
        if not existed:
            env.close()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    if as_json:
        # Like every creating command, the document has an id: the admin's, whom init creates.
        emit_json(
            {"id": person.id, "database": str(path), "created": created, "admin": person.to_json()}
        )
    elif created:
        say(
            f"Created {clean(env.path)}: departments Sales and Marketing; admin {render.line(person.name)}"
        )
    else:
        say(
            f"{clean(env.path)} is already initialised (admin {render.line(person.name)}); nothing changed"
        )


@click.command()
@json_option
@pass_env
def check(env: Env, as_json: bool) -> None:
    """Check integrity and rules; list what is overlooked. Exit 4 if damaged.

    \b
    Example:
      tandem check
    """
    from db.errors import TandemError

    try:
        me = env.actor()
    except TandemError:  # a login bound to nobody still reads
        me = None
    found = run_check(env.db(), person=me)
    if as_json:
        emit_json(
            {
                "ok": not found.problems,
                "problems": found.problems,
                "overdue_tasks": [t.to_json() for t in found.overdue_tasks],
                "items_without_outcome": [
                    {"meeting_id": i.meeting_id, "position": i.position, "title": i.title}
                    for i in found.items_without_outcome
                ],
                "decisions_without_follow_up": [
                    d.to_json() for d in found.decisions_without_follow_up
                ],
                "missed_sla_periods": [
                    {"sla_id": s.id, "text": s.text, "owner": s.owner, **r.to_json()}
                    for s, r in found.missed_sla_periods
                ],
                "open_proposals": [d.to_json() for d in found.open_proposals],
                "waiting_for_you": [d.to_json() for d in found.waiting_for_you],
            }
        )
    else:
        for problem in found.problems:
            say(f"DAMAGE: {render.line(problem)}")
        say("Database: " + ("damaged" if found.problems else "integrity ok, rules hold"))
        _listed(
            "Overdue tasks",
            [
                f"task {t.id} {render.quoted(t.title)} — {render.line(t.owner)}, due {render.day(t.due)}"
                for t in found.overdue_tasks
            ],
        )
        _listed(
            "Agenda items that ended without outcome",
            [
                f"meeting {i.meeting_id} item {i.position}: {render.quoted(i.title)}"
                for i in found.items_without_outcome
            ],
        )
        _listed(
            "Decisions without follow-up task",
            [
                f"decision {d.id}: {render.quoted(d.text)}"
                for d in found.decisions_without_follow_up
            ],
        )
        _listed(
            "Missed SLA periods with no task since",
            [
                f"SLA {s.id} {render.quoted(s.text)} {r.period}: {r.actual:g} against "
                f"{render.line(s.target_text())} — owner {render.line(s.owner)}"
                for s, r in found.missed_sla_periods
            ],
        )
        _listed(
            "Proposals waiting for approval",
            [
                f"decision {d.id} {render.quoted(d.text)} ({d.status}) — waiting for "
                f"{render.line(', '.join(d.waiting_for))}"
                for d in found.open_proposals
            ],
        )
        if me is not None and found.waiting_for_you:
            _listed(
                f"Waiting for your approval ({render.line(me.name)})",
                [
                    f"decision {d.id} {render.quoted(d.text)}: `tandem decision approve {d.id}`"
                    for d in found.waiting_for_you
                ],
            )
    if found.problems:
        click.echo(
            f"Error: the database is damaged ({len(found.problems)} problem"
            f"{'s' if len(found.problems) != 1 else ''}): damaged or changed outside Tandem, as "
            "the DAMAGE lines say; restore it from a backup",
            err=True,
        )
        raise SystemExit(4)


SHOWN = 20


def _listed(title: str, lines: list[str]) -> None:
    say(f"{title}: {len(lines)}")
    for text in lines[:SHOWN]:
        say(f"  {text}")
    if len(lines) > SHOWN:
        say(f"  … and {len(lines) - SHOWN} more")
