"""``tandem meeting ...``, ``tandem agenda add`` and ``tandem decide``."""

from __future__ import annotations

from typing import Any

import click

from db.dates import parse_datetime
from db.decisions import list_decisions, record_decision
from db.meetings import (
    add_item,
    amend,
    close_meeting,
    create_meeting,
    get_meeting,
    list_meetings,
    mark_attendance,
    start_meeting,
)
from db.models import AgendaItem, Meeting
from db.people import get_person
from db.tasks import list_tasks
from tui.cli import render
from tui.cli.env import (
    Env,
    complete_department,
    complete_person,
    complete_task_force,
    emit_json,
    json_option,
    pass_env,
    say,
)

MEETING_STATUSES = ("planned", "running", "closed")


def meeting_summary(meeting: Meeting) -> dict[str, Any]:
    """A meeting in a listing: the ``show`` object without its attendees and agenda.

    A listing does not load every meeting's attendance and agenda, and empty
    lists there would misstate them; ``meeting show ID --json`` has both.
    """
    document = meeting.to_json()
    document.pop("attendees", None)
    document.pop("agenda", None)
    return document


def item_json(item: AgendaItem) -> dict[str, Any]:
    return {**item.to_json(), "meeting_id": item.meeting_id}


@click.group()
def meeting() -> None:
    """Meetings: plan, attend, run, close, amend.

    \b
    Example:
      tandem meeting new "Weekly pipeline sync" --at "2026-11-27 10:00" --minutes 45
      tandem meeting show 1
    """


@meeting.command("new")
@click.argument("title")
@click.option(
    "--at",
    "at",
    metavar="DATETIME",
    help='When, in local time: "YYYY-MM-DD HH:MM", "today 14:00", "tomorrow 10:00" or '
    '"fri 10:00" (the next Friday, never today: for today say "today 10:00"); a date '
    "needs a time. Default: now.",
)
@click.option("--minutes", type=int, metavar="N", help="Planned length in minutes (default 60).")
@click.option(
    "--facilitator",
    metavar="NAME",
    shell_complete=complete_person,
    help="Who runs it (default: you; someone else only by the admin or a head).",
)
@click.option(
    "--co-facilitator",
    "co_facilitator",
    metavar="NAME",
    shell_complete=complete_person,
    help="A second facilitator who leads it too, with the same rights (anyone may name one).",
)
@click.option(
    "--task-force",
    "task_force",
    metavar="NAME",
    shell_complete=complete_task_force,
    help="A task force's meeting.",
)
@click.option(
    "--after",
    type=int,
    metavar="MEETING_ID",
    help="Next in that meeting's series: its unfinished items carry over after a review of its open action items.",
)
@json_option
@pass_env
def meeting_new(
    env: Env,
    title: str,
    at: str | None,
    minutes: int | None,
    facilitator: str | None,
    co_facilitator: str | None,
    task_force: str | None,
    after: int | None,
    as_json: bool,
) -> None:
    """Create a meeting; you facilitate it unless --facilitator says otherwise.

    \b
    Example:
      tandem meeting new "Weekly pipeline sync" --at "2026-11-27 10:00" --minutes 45
      tandem meeting new "Weekly pipeline sync" --after 1 --at "2026-12-04 10:00"
    """
    when = parse_datetime(at) if at is not None else None
    created = create_meeting(
        env.db(),
        env.actor(),
        title,
        at=when,
        minutes=minutes,
        facilitator=facilitator,
        task_force=task_force,
        after=after,
        co_facilitator=co_facilitator,
    )
    if as_json:
        emit_json(created.to_json())
        return
    say(f"Created {render.meeting_line(created)}")
    if after is not None:
        carried = sum(1 for i in created.agenda if i.carried_from_id is not None)
        say(
            f"Agenda from meeting {after}: a review of its open action items first, "
            f"then {carried} unfinished item{'s' if carried != 1 else ''} carried over"
        )
        for item in created.agenda:
            say(f"  {item.position}. {render.line(item.title, render.QUOTE_LIMIT)}")


@meeting.command("list")
@click.option("--status", type=click.Choice(MEETING_STATUSES), help="Only meetings in this state.")
@json_option
@pass_env
def meeting_list(env: Env, status: str | None, as_json: bool) -> None:
    """List meetings by date.

    \b
    Example:
      tandem meeting list --status planned
    """
    meetings = list_meetings(env.db(), status=status)
    if as_json:
        emit_json([meeting_summary(m) for m in meetings])
        return
    if not meetings:
        say("No meetings; create one with `tandem meeting new TITLE`.")
        return
    render.table(
        ["ID", "When", "Title", "Min", "Status", "Facilitator", "Task force"],
        (
            [m.id, render.moment(m.at), m.title, m.minutes, m.status, m.facilitator, m.task_force]
            for m in meetings
        ),
    )


@meeting.command("show")
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
@pass_env
def meeting_show(env: Env, meeting_id: int, as_json: bool) -> None:
    """Show a meeting: agenda, attendance, decisions and action items.

    \b
    Example:
      tandem meeting show 1 --json
    """
    db = env.db()
    shown = get_meeting(db, meeting_id)
    if as_json:
        emit_json(shown.to_json())
        return
    details = [f"Status: {shown.status}"]
    if shown.co_facilitator:
        details.append(
            f"Co-led by {shown.co_led_by} ({shown.facilitator} and {shown.co_facilitator})"
            if shown.co_led_by
            else f"Co-facilitator: {shown.co_facilitator}"
        )
    if shown.previous_id is not None:
        details.append(f"Follows meeting {shown.previous_id}")
    if shown.closed_at:
        details.append(f"Closed {render.moment(shown.closed_at)}: the minutes are frozen")
    render.heading(render.meeting_line(shown), *details)
    if shown.agenda:
        render.table(
            ["Pos", "Item", "Presenter", "Min", "Status"],
            ([i.position, i.title, i.presenter, i.minutes, i.status] for i in shown.agenda),
            title="Agenda",
        )
    else:
        say(f"No agenda yet: `tandem agenda add {meeting_id} TITLE`")
    if shown.attendees:
        render.table(
            ["Name", "Department", "Present"],
            (
                [a.name, a.department, "yes" if a.present else ("absent", "yellow")]
                for a in shown.attendees
            ),
            title="Attendance",
        )
    decisions = list_decisions(db, meeting_id=meeting_id)
    if decisions:
        render.table(
            ["ID", "Item", "Decision", "Supersedes"],
            ([d.id, d.agenda_item, d.text, d.supersedes] for d in decisions),
            title="Decisions",
        )
    tasks = list_tasks(db, meeting_id=meeting_id, status="all")
    if tasks:
        render.table(
            ["ID", "Action item", "Owner", "Due", "Status"],
            (
                [t.id, t.title, render.who(t.owner, t.department), render.day(t.due), t.status]
                for t in tasks
            ),
            title="Action items",
        )


@meeting.command("attend")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("names", metavar="NAME...", nargs=-1, required=True, shell_complete=complete_person)
@click.option("--absent", is_flag=True, help="Mark them absent instead of present.")
@json_option
@pass_env
def meeting_attend(
    env: Env, meeting_id: int, names: tuple[str, ...], absent: bool, as_json: bool
) -> None:
    """Mark people present (or --absent) at a meeting.

    \b
    Example:
      tandem meeting attend 1 "Maya Chen" "Lena Park" "Omar Haddad"
      tandem meeting attend 1 "Tom Berg" --absent
    """
    db = env.db()
    attendees = mark_attendance(db, env.actor(), meeting_id, list(names), present=not absent)
    if as_json:
        emit_json([a.to_json() for a in attendees])
        return
    present = sum(1 for a in attendees if a.present)
    marked = ", ".join(render.line(get_person(db, n).name) for n in names)
    say(
        f"Meeting {meeting_id}: {marked} marked {'absent' if absent else 'present'} "
        f"({present} present, {len(attendees) - present} absent)"
    )


@meeting.command("start")
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
@pass_env
def meeting_start(env: Env, meeting_id: int, as_json: bool) -> None:
    """Start a planned meeting.

    \b
    Example:
      tandem meeting start 1
    """
    started = start_meeting(env.db(), env.actor(), meeting_id)
    if as_json:
        emit_json(started.to_json())
    else:
        say(
            f"Meeting {started.id} {render.quoted(started.title)} is running (since {render.moment(started.started_at)})"
        )


def _spent(seconds: int, minutes: int) -> str:
    """``12:22 of 12 min, 0:22 over`` — the time an item took against its timebox."""
    over = seconds - minutes * 60
    text = f"{seconds // 60}:{seconds % 60:02d} of {minutes} min"
    if over > 0:
        text += f", {over // 60}:{over % 60:02d} over"
    return text


@meeting.command("next")
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
@pass_env
def meeting_next(env: Env, meeting_id: int, as_json: bool) -> None:
    """End the running item and start the next (facilitator, admin, task-force lead).

    With no item running, the first item not yet taken up starts (a planned meeting starts
    with it); after the last item, only the running item ends. The time each item took
    goes into the minutes.

    \b
    Example:
      tandem meeting next 1
      tandem meeting note 1 "Tom shows the scoring model"
    """
    from db.meeting_run import next_item

    stepped = next_item(env.db(), env.actor(), meeting_id)
    if as_json:
        emit_json(
            {
                "id": meeting_id,
                "ended": item_json(stepped.ended) if stepped.ended else None,
                "started": item_json(stepped.started) if stepped.started else None,
            }
        )
        return
    if stepped.meeting_started:
        say(f"Meeting {meeting_id} is running")
    if stepped.ended is not None:
        ended = stepped.ended
        say(
            f"Ended item {ended.position} {render.quoted(ended.title)}: "
            f"{_spent(ended.spent_seconds, ended.minutes)}"
        )
    if stepped.started is not None:
        started = stepped.started
        say(f"Now item {started.position} {render.quoted(started.title)}, {started.minutes} min")
    else:
        say(f"That was the last item; close the meeting with `tandem meeting close {meeting_id}`")


@meeting.command("note")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("text")
@click.option(
    "--item",
    "position",
    type=int,
    metavar="POSITION",
    help="The agenda item (default: the running item).",
)
@json_option
@pass_env
def meeting_note(env: Env, meeting_id: int, text: str, position: int | None, as_json: bool) -> None:
    """Append a note to an agenda item's notes (facilitator, admin, task-force lead).

    \b
    Example:
      tandem meeting note 1 "Tom shows the scoring model"
      tandem meeting note 1 "Pricing waits for the survey" --item 2
    """
    from db.meeting_run import append_note

    item = append_note(env.db(), env.actor(), meeting_id, text, position=position)
    if as_json:
        emit_json(item_json(item))
    else:
        say(f"Noted on item {item.position} {render.quoted(item.title)} of meeting {meeting_id}")


@meeting.command("close")
@click.argument("meeting_id", metavar="ID", type=int)
@json_option
@pass_env
def meeting_close(env: Env, meeting_id: int, as_json: bool) -> None:
    """Close a meeting: its minutes are frozen (later changes are amendments).

    \b
    Example:
      tandem meeting close 1
      tandem minutes 1 -o minutes.md
    """
    db = env.db()
    closed = close_meeting(db, env.actor(), meeting_id)
    if as_json:
        emit_json(closed.to_json())
        return
    decisions = list_decisions(db, meeting_id=meeting_id)
    tasks = list_tasks(db, meeting_id=meeting_id, status="all")
    say(
        f"Closed meeting {closed.id} {render.quoted(closed.title)}: minutes frozen "
        f"({len(closed.agenda)} items, {len(decisions)} decisions, {len(tasks)} action items)"
    )
    say(f"Export them with `tandem minutes {closed.id}`; overlooked items show in `tandem check`.")


@meeting.command("amend")
@click.argument("meeting_id", metavar="ID", type=int)
@click.argument("text")
@json_option
@pass_env
def meeting_amend(env: Env, meeting_id: int, text: str, as_json: bool) -> None:
    """Add an amendment to the closed minutes of a meeting.

    \b
    Example:
      tandem meeting amend 1 "Omar, not Sara, presented item 2."
    """
    added = amend(env.db(), env.actor(), meeting_id, text)
    if as_json:
        emit_json({**added.to_json(), "meeting_id": added.meeting_id})
    else:
        say(
            f"Amendment {added.id} added to the minutes of meeting {meeting_id}: {render.quoted(added.text)}"
        )


@click.group()
def agenda() -> None:
    """A meeting's agenda.

    \b
    Example:
      tandem agenda add 1 "Lead scoring" --presenter "Tom Berg" --minutes 15
    """


@agenda.command("add")
@click.argument("meeting_id", type=int)
@click.argument("title", required=False)
@click.option(
    "--presenter", metavar="NAME", shell_complete=complete_person, help="Who presents the item."
)
@click.option("--minutes", type=int, metavar="N", help="Timebox in minutes (default 10).")
@click.option(
    "--dept",
    metavar="DEPT",
    shell_complete=complete_department,
    help="The item's department (default: the presenter's).",
)
@click.option(
    "--from-backlog",
    "backlog_id",
    type=int,
    metavar="BACKLOG_ID",
    help="Take this backlog entry instead of a TITLE (an accepted idea becomes planned).",
)
@json_option
@pass_env
def agenda_add(
    env: Env,
    meeting_id: int,
    title: str | None,
    presenter: str | None,
    minutes: int | None,
    dept: str | None,
    backlog_id: int | None,
    as_json: bool,
) -> None:
    """Append an item to a meeting's agenda (facilitator, admin, task-force lead).

    \b
    Example:
      tandem agenda add 1 "Lead scoring" --presenter "Tom Berg" --minutes 15
      tandem agenda add 1 --from-backlog 4
    """
    if backlog_id is not None:
        from tui.cli.ideas import add_backlog_item

        add_backlog_item(env, meeting_id, backlog_id, title, (presenter, minutes, dept), as_json)
        return
    if title is None:
        raise click.UsageError("Missing argument 'TITLE' (or give --from-backlog BACKLOG_ID).")
    item = add_item(
        env.db(),
        env.actor(),
        meeting_id,
        title,
        presenter=presenter,
        minutes=minutes,
        department=dept,
    )
    if as_json:
        emit_json(item_json(item))
    else:
        say(f"Added {render.item_line(item)}")


@click.command()
@click.argument("meeting_id", type=int)
@click.argument("text")
@click.option(
    "--item", "position", type=int, metavar="POSITION", help="The agenda item it settles."
)
@click.option("--rationale", metavar="TEXT", help="Why.")
@click.option(
    "--supersedes", type=int, metavar="DECISION_ID", help="An earlier decision this one replaces."
)
@click.option(
    "--two-key",
    "two_key",
    is_flag=True,
    help="A proposal: in force only when the head of every bound department approved it.",
)
@click.option(
    "--binds",
    "binds",
    multiple=True,
    metavar="DEPT",
    shell_complete=complete_department,
    help="With --two-key: a department it binds (repeat; two or more). "
    "Default: every department with a head.",
)
@json_option
@pass_env
def decide(
    env: Env,
    meeting_id: int,
    text: str,
    position: int | None,
    rationale: str | None,
    supersedes: int | None,
    two_key: bool,
    binds: tuple[str, ...],
    as_json: bool,
) -> None:
    """Record a decision of a meeting (facilitator, admin, task-force lead).

    \b
    Example:
      tandem decide 1 "Marketing qualifies leads before handover" --item 2 \\
          --rationale "Sales wastes calls on cold leads"
    """
    decision = record_decision(
        env.db(),
        env.actor(),
        text,
        meeting_id=meeting_id,
        item_position=position,
        rationale=rationale,
        supersedes=supersedes,
        two_key=two_key,
        binds=list(binds) or None,
    )
    if as_json:
        emit_json(decision.to_json())
    else:
        say(f"Recorded {render.decision_line(decision)}")
        if decision.two_key:
            from tui.cli.decisions import say_waiting

            say_waiting(decision)


@agenda.command("park")
@click.argument("meeting_id", type=int)
@click.argument("position", type=int)
@json_option
@pass_env
def agenda_park(env: Env, meeting_id: int, position: int, as_json: bool) -> None:
    """Park an agenda item: it stays in the record as parked and enters the backlog.

    Its facilitator, the admin or the task-force lead; not in a closed meeting.

    \b
    Example:
      tandem agenda park 7 3
    """
    from tui.cli.ideas import park  # with the backlog it feeds, loaded when used

    park(env, meeting_id, position, as_json)
