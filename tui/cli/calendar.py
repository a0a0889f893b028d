"""``tandem calendar``: meetings and open tasks' due dates as an iCalendar file (RFC 5545)."""

from __future__ import annotations

import click

from db.text import clean
from tui.cli.env import Env, complete_person, pass_env, say
from tui.export import check_target, write_atomic


@click.command()
@click.option(
    "--person",
    metavar="NAME",
    shell_complete=complete_person,
    help="Only this person's meetings (facilitating or attending) and open tasks.",
)
@click.option(
    "-o", "--output", type=click.Path(readable=False), help="Write to this file instead of stdout."
)
@click.option("--force", is_flag=True, help="Overwrite the -o file if it exists.")
@pass_env
def calendar(env: Env, person: str | None, output: str | None, force: bool) -> None:
    """Export meetings and open tasks' due dates as an iCalendar (.ics) file.

    Meetings become events (start, the agenda's length, facilitator and agenda in the
    description); open tasks with a due date become all-day events on that day. Each
    keeps its UID from one export to the next, so importing a newer file updates a
    calendar instead of duplicating its events.

    \b
    Example:
      tandem calendar -o tandem.ics
      tandem calendar --person "Maya Chen" -o maya.ics --force
    """
    if output is not None:
        # Refuse an existing file before any work; write_atomic checks again, race-free.
        check_target(output, force, database=env.path)
    from tui.calendar import calendar_for  # loads icalendar: only this command needs it

    data = calendar_for(env.db(), person)
    if output is None:
        click.echo(data, nl=False)
        return
    target = write_atomic(output, data.decode("utf-8"), force, database=env.path)
    whose = f" of {clean(person)}" if person else ""
    say(f"Wrote the calendar{whose} to {clean(str(target))}")
