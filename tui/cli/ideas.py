"""``tandem idea ...``, ``credits``, ``backlog list``, ``agenda park`` and ``field ...``.

Ideas from either team are taken in formally and their author is credited when one
is implemented (rule 10); the backlog holds parked agenda items and accepted ideas
not yet planned; field days record time spent beside the other department.
"""

from __future__ import annotations

import click

from db.backlog import BacklogEntry, list_backlog, park_item
from db.dates import parse_date
from db.fielddays import FieldDay, add_field_day, list_field_days
from db.ideas import (
    STATUSES,
    Idea,
    accept_idea,
    add_idea,
    credits_by_department,
    decline_idea,
    done_idea,
    list_ideas,
    plan_idea,
)
from db.ideas import credits as credit_list
from tui.cli import render
from tui.cli.env import Env, complete_person, emit_json, json_option, pass_env, say


def idea_line(idea: Idea) -> str:
    """``Idea 3 'ROI calculator' from Omar Haddad (Sales): accepted``."""
    text = (
        f"Idea {idea.id} {render.quoted(idea.text)} from "
        f"{render.line(render.who(idea.author, idea.author_department))}: {idea.status}"
    )
    if idea.entered_by != idea.author:
        text += f" (entered by {render.line(idea.entered_by)})"
    if idea.status == "declined":
        text += f" — {render.quoted(idea.reason, 200)}"
    if idea.status == "planned" and idea.meeting_id is not None:
        text += f", on meeting {idea.meeting_id} as item {idea.agenda_item}"
    if idea.task_id is not None:
        text += f", task {idea.task_id}"
    return text


@click.group()
def idea() -> None:
    """Ideas from the field, with credit: add, decide, plan onto an agenda, mark implemented.

    \b
    Example:
      tandem idea add "An ROI calculator for manufacturing prospects"
      tandem idea add "Bundle the security FAQ with proposals" --by "Sara Ito"
      tandem idea accept 1
      tandem idea plan 1 --meeting 7
      tandem idea done 1 --task 42
    """


@idea.command("add")
@click.argument("text")
@click.option(
    "--by",
    metavar="NAME",
    shell_complete=complete_person,
    help="Credit this person as its author (you are recorded as who entered it).",
)
@json_option
@pass_env
def idea_add(env: Env, text: str, by: str | None, as_json: bool) -> None:
    """Add an idea (anyone); --by credits another person.

    \b
    Example:
      tandem idea add "An ROI calculator for manufacturing prospects"
      tandem idea add "Bundle the security FAQ with proposals" --by "Sara Ito"
    """
    added = add_idea(env.db(), env.actor(), text, by=by)
    if as_json:
        emit_json(added.to_json())
    else:
        say(f"Added {idea_line(added)}")


@idea.command("list")
@click.option("--status", type=click.Choice(STATUSES), help="Only ideas with this status.")
@json_option
@pass_env
def idea_list(env: Env, status: str | None, as_json: bool) -> None:
    """List ideas, oldest first, with their authors and status.

    \b
    Example:
      tandem idea list --status new
    """
    found = list_ideas(env.db(), status=status)
    if as_json:
        emit_json([i.to_json() for i in found])
        return
    if not found:
        say("No ideas" + (f" with status {status}" if status else "") + ".")
        return
    render.table(
        ["ID", "Idea", "Author", "Dept", "Status", "Reason / where"],
        (
            [
                i.id,
                i.text,
                i.author,
                i.author_department,
                i.status,
                i.reason
                or (f"meeting {i.meeting_id}, item {i.agenda_item}" if i.meeting_id else None),
            ]
            for i in found
        ),
    )


@idea.command("accept")
@click.argument("idea_id", type=int)
@json_option
@pass_env
def idea_accept(env: Env, idea_id: int, as_json: bool) -> None:
    """Accept a new idea (a head or the admin): it enters the backlog.

    \b
    Example:
      tandem idea accept 3
    """
    accepted = accept_idea(env.db(), env.actor(), idea_id)
    if as_json:
        emit_json(accepted.to_json())
    else:
        say(f"Accepted {idea_line(accepted)}; it waits in the backlog (`tandem backlog list`)")


@idea.command("decline")
@click.argument("idea_id", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why; its author sees it.")
@json_option
@pass_env
def idea_decline(env: Env, idea_id: int, reason: str, as_json: bool) -> None:
    """Decline a new idea with a reason (a head or the admin).

    \b
    Example:
      tandem idea decline 4 --reason "Legal won't allow discounts above 20%"
    """
    declined = decline_idea(env.db(), env.actor(), idea_id, reason)
    if as_json:
        emit_json(declined.to_json())
    else:
        say(f"Declined {idea_line(declined)}")


@idea.command("plan")
@click.argument("idea_id", type=int)
@click.option(
    "--meeting", "meeting_id", required=True, type=int, metavar="MEETING_ID", help="The meeting."
)
@click.option("--minutes", type=int, metavar="N", help="Timebox in minutes (default 10).")
@json_option
@pass_env
def idea_plan(env: Env, idea_id: int, meeting_id: int, minutes: int | None, as_json: bool) -> None:
    """Put an accepted idea on a meeting's agenda, presented by its author.

    A head, the admin or the meeting's facilitator; not onto a closed meeting.

    \b
    Example:
      tandem idea plan 3 --meeting 7
    """
    planned = plan_idea(env.db(), env.actor(), idea_id, meeting_id, minutes=minutes)
    if as_json:
        emit_json(planned.to_json())
    else:
        say(f"Planned {idea_line(planned)}")


@idea.command("done")
@click.argument("idea_id", type=int)
@click.option(
    "--task", "task_id", type=int, metavar="TASK_ID", help="The task that implemented it."
)
@json_option
@pass_env
def idea_done(env: Env, idea_id: int, task_id: int | None, as_json: bool) -> None:
    """Mark an accepted or planned idea implemented: its author is credited.

    \b
    Example:
      tandem idea done 3 --task 42
    """
    done = done_idea(env.db(), env.actor(), idea_id, task_id=task_id)
    if as_json:
        emit_json(done.to_json())
    else:
        say(f"Implemented {idea_line(done)} — credit to {render.line(done.credit)}")


@click.command()
@json_option
@pass_env
def credits(env: Env, as_json: bool) -> None:
    """Credit for ideas, per person: submitted, accepted, implemented (counted, never typed).

    \b
    Example:
      tandem credits --json
    """
    db = env.db()
    found = credit_list(db)
    if as_json:
        emit_json([c.to_json() for c in found])
        return
    if not found:
        say("No ideas yet; anyone can add one with `tandem idea add TEXT`.")
        return
    render.table(
        ["Person", "Dept", "Submitted", "Accepted", "Implemented"],
        ([c.name, c.department, c.submitted, c.accepted, c.done] for c in found),
        title="Credit for ideas",
        numeric=("Submitted", "Accepted", "Implemented"),
    )
    render.table(
        ["Department", "Submitted", "Accepted", "Implemented"],
        ([c.department, c.submitted, c.accepted, c.done] for c in credits_by_department(db)),
        numeric=("Submitted", "Accepted", "Implemented"),
    )


# --- the backlog --------------------------------------------------------------------------


def entry_line(entry: BacklogEntry) -> str:
    text = f"Backlog entry {entry.id} {render.quoted(entry.title)}"
    if entry.presenter:
        text += f", presented by {render.line(render.who(entry.presenter, entry.department))}"
    if entry.parked_from is not None:
        text += f" (parked from meeting {entry.parked_from}, item {entry.parked_item})"
    elif entry.idea_id is not None:
        text += f" (idea {entry.idea_id})"
    return text


@click.group()
def backlog() -> None:
    """The agenda backlog: parked items and accepted ideas not yet planned.

    \b
    Example:
      tandem backlog list
      tandem agenda add 7 --from-backlog 2
    """


@backlog.command("list")
@json_option
@pass_env
def backlog_list(env: Env, as_json: bool) -> None:
    """List what waits in the backlog, oldest first.

    \b
    Example:
      tandem backlog list --json
    """
    waiting = list_backlog(env.db())
    if as_json:
        emit_json([e.to_json() for e in waiting])
        return
    if not waiting:
        say("The backlog is empty.")
        return
    render.table(
        ["ID", "Title", "Presenter", "Min", "From"],
        (
            [
                e.id,
                e.title,
                render.who(e.presenter, e.department) if e.presenter else None,
                e.minutes,
                f"meeting {e.parked_from}, item {e.parked_item}"
                if e.parked_from is not None
                else f"idea {e.idea_id}",
            ]
            for e in waiting
        ),
    )


def park(env: Env, meeting_id: int, position: int, as_json: bool) -> None:
    """``tandem agenda park MEETING_ID POSITION`` (the command is in ``tui.cli.meetings``)."""
    entry = park_item(env.db(), env.actor(), meeting_id, position)
    if as_json:
        emit_json(entry.to_json())
    else:
        say(f"Parked item {position} of meeting {meeting_id}: {entry_line(entry)}")


# --- field days ---------------------------------------------------------------------------


def field_line(day: FieldDay) -> str:
    text = (
        f"Field day {day.id}: {render.line(render.who(day.person, day.department))} with "
        f"{render.line(render.who(day.with_, day.with_department))} on {render.day(day.date)}"
    )
    if day.note:
        text += f" — {render.quoted(day.note)}"
    return text


@click.group()
def field() -> None:
    """Field days: a day spent working beside someone of the other department.

    \b
    Example:
      tandem field add "Hana Sato" --with "Omar Haddad" --date 2026-11-24 --note "Booth at Data Summit"
      tandem field list --since 2026-10-01
    """


@field.command("add")
@click.argument("name")
@click.option(
    "--with",
    "with_",
    required=True,
    metavar="NAME",
    shell_complete=complete_person,
    help="Who they worked beside (of another department).",
)
@click.option(
    "--date",
    "day",
    required=True,
    metavar="DATE",
    help="The day (not in the future): YYYY-MM-DD or today.",
)
@click.option("--note", metavar="TEXT", help="What they did: a sales call, a booth, a ride-along.")
@json_option
@pass_env
def field_add(env: Env, name: str, with_: str, day: str, note: str | None, as_json: bool) -> None:
    """Record a day NAME spent working beside someone of another department.

    \b
    Example:
      tandem field add "Hana Sato" --with "Omar Haddad" --date 2026-11-24 --note "Booth"
    """
    added = add_field_day(env.db(), env.actor(), name, with_, parse_date(day), note=note)
    if as_json:
        emit_json(added.to_json())
    else:
        say(f"Recorded {field_line(added)}")


@field.command("list")
@click.option("--since", metavar="DATE", help="Only days on or after DATE.")
@json_option
@pass_env
def field_list(env: Env, since: str | None, as_json: bool) -> None:
    """List field days by date.

    \b
    Example:
      tandem field list --since 2026-10-01 --json
    """
    days = list_field_days(env.db(), since=parse_date(since) if since is not None else None)
    if as_json:
        emit_json([d.to_json() for d in days])
        return
    if not days:
        say("No field days" + (" since then" if since else "") + ".")
        return
    render.table(
        ["ID", "Date", "Person", "Dept", "With", "Dept ", "Note"],
        (
            [d.id, render.day(d.date), d.person, d.department, d.with_, d.with_department, d.note]
            for d in days
        ),  # fmt: skip
    )


def add_backlog_item(
    env: Env,
    meeting_id: int,
    backlog_id: int,
    title: str | None,
    item_options: tuple[object, ...],
    as_json: bool,
) -> None:
    """``agenda add MEETING_ID --from-backlog BACKLOG_ID``: the entry keeps its title,
    presenter and timebox, so TITLE, --presenter, --minutes and --dept don't go with it."""
    from db.backlog import add_from_backlog
    from tui.cli.meetings import item_json

    if title is not None or any(o is not None for o in item_options):
        raise click.UsageError(
            "--from-backlog takes the entry's own title, presenter and timebox; "
            "leave out TITLE, --presenter, --minutes and --dept"
        )
    item = add_from_backlog(env.db(), env.actor(), meeting_id, backlog_id)
    if as_json:
        emit_json(item_json(item))
    else:
        say(f"Added {render.item_line(item)} (from backlog entry {backlog_id})")
