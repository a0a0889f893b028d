"""``tandem init`` and ``tandem check``."""

from __future__ import annotations

import click

from db.check import check as run_check
from db.people import init as init_db
from tui.cli import cli
from tui.cli.env import Env, emit_json, pass_env, say


@cli.command()
@click.option("--admin", required=True, help="Name of the admin, who becomes the default user.")
@click.option("--company", help="The company's name, shown in the app and the minutes.")
@pass_env
def init(env: Env, admin: str, company: str | None) -> None:
    """Create a database with departments Sales and Marketing and its admin.

    On an already-initialised database nothing changes.

    \b
    Example:
      tandem --db team.db init --admin "Ada Admin" --company "Acme"
    """
    db = env.db(create=True)
    person, created = init_db(db, admin, company)
    if created:
        say(f"Created {env.path}: departments Sales and Marketing; admin {person.name}")
    else:
        say(f"{env.path} is already initialised (admin {person.name}); nothing changed")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON document.")
@pass_env
def check(env: Env, as_json: bool) -> None:
    """Check integrity and rules; list what is overlooked. Exit 4 if damaged.

    \b
    Example:
      tandem check
    """
    found = run_check(env.db())
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
                "decisions_without_follow_up": [d.to_json() for d in found.decisions_without_follow_up],
            }
        )
    else:
        for problem in found.problems:
            say(f"DAMAGE: {problem}")
        say("Database: " + ("damaged" if found.problems else "integrity ok, rules hold"))
        say(f"Overdue tasks: {len(found.overdue_tasks)}")
        for t in found.overdue_tasks[:20]:
            say(f"  #{t.id} {t.title} — {t.owner}, due {t.due}")
        say(f"Agenda items that ended without outcome: {len(found.items_without_outcome)}")
        for i in found.items_without_outcome[:20]:
            say(f"  meeting {i.meeting_id} item {i.position}: {i.title}")
        say(f"Decisions without follow-up task: {len(found.decisions_without_follow_up)}")
        for d in found.decisions_without_follow_up[:20]:
            say(f"  decision {d.id}: {d.text}")
    if found.problems:
        raise SystemExit(4)
