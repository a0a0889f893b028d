"""``tandem task add|list|done|reassign|history``."""

from __future__ import annotations

import click

from db.dates import local_today, parse_date
from db.errors import Invalid
from db.meetings import item_at
from db.people import get_department, get_person
from db.tasks import (
    STATUSES,
    add_task,
    complete_task,
    get_task,
    is_overdue,
    list_tasks,
    reassign_task,
    task_history,
)
from tui.cli import render
from tui.cli.env import (
    Env,
    complete_department,
    complete_person,
    emit_json,
    json_option,
    pass_env,
    say,
)


@click.group()
def task() -> None:
    """Tasks: one owner each; add, list, complete, reassign, see history.

    \b
    Example:
      tandem task add "Call the client" --owner "Omar Haddad" --due fri
      tandem task list --owner "Omar Haddad"
    """


@task.command("add")
@click.argument("title")
@click.option(
    "--owner", required=True, metavar="NAME", shell_complete=complete_person, help="The one owner."
)
@click.option(
    "--due", metavar="DATE", help="YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday (fri)."
)
@click.option(
    "--meeting", "meeting_id", type=int, metavar="ID", help="The meeting it is an action item of."
)
@click.option(
    "--item", "position", type=int, metavar="POSITION", help="Its agenda item in --meeting."
)
@click.option("--allow-duplicate", is_flag=True, help="Add it even if a similar task is open.")
@json_option
@pass_env
def task_add(
    env: Env,
    title: str,
    owner: str,
    due: str | None,
    meeting_id: int | None,
    position: int | None,
    allow_duplicate: bool,
    as_json: bool,
) -> None:
    """Give a new task to exactly one owner.

    A title that closely matches an open task is refused (the message names
    it) unless --allow-duplicate is given.

    \b
    Example:
      tandem task add "Call the client" --owner "Omar Haddad" --due fri
      tandem task add "Draft the SLA" --owner "Tom Berg" --due +2w --meeting 1 --item 2
    """
    due_date = parse_date(due) if due is not None else None
    db = env.db()
    item_id = None
    if position is not None:
        if meeting_id is None:
            raise Invalid("--item names an agenda item of a meeting; add --meeting ID")
        item_id = item_at(db, meeting_id, position).id
    created = add_task(
        db,
        env.actor(),
        title,
        owner,
        due=due_date,
        meeting_id=meeting_id,
        agenda_item_id=item_id,
        allow_duplicate=allow_duplicate,
    )
    if as_json:
        emit_json(created.to_json())
    else:
        say(render.task_line(created))


@task.command("list")
@click.option(
    "--owner", metavar="NAME", shell_complete=complete_person, help="Only this person's tasks."
)
@click.option(
    "--dept",
    metavar="DEPT",
    shell_complete=complete_department,
    help="Only tasks owned in this department.",
)
@click.option("--status", type=click.Choice(STATUSES), default="open", show_default=True)
@click.option("--overdue", is_flag=True, help="Only open tasks past their due date.")
@click.option(
    "--meeting", "meeting_id", type=int, metavar="ID", help="Only the action items of this meeting."
)
@click.option("--search", metavar="TEXT", help="Only tasks whose title has these words.")
@json_option
@pass_env
def task_list(
    env: Env,
    owner: str | None,
    dept: str | None,
    status: str,
    overdue: bool,
    meeting_id: int | None,
    search: str | None,
    as_json: bool,
) -> None:
    """List tasks by due date (none last), then id.

    \b
    Example:
      tandem task list --owner "Omar Haddad"
      tandem task list --dept Marketing --overdue --json
    """
    db = env.db()
    owner_id = dept_id = None
    if owner is not None:
        owner_id = get_person(db, owner).id
    if dept is not None:
        dept_id = get_department(db, dept).id
    tasks = list_tasks(
        db,
        owner_id=owner_id,
        department_id=dept_id,
        status=status,
        overdue=overdue,
        meeting_id=meeting_id,
        text=search,
    )
    if as_json:
        emit_json([t.to_json() for t in tasks])
        return
    if not tasks:
        say("No tasks match.")
        return
    today = local_today()
    rows: list[list[render.Cell]] = []
    for t in tasks:
        late = is_overdue(t, today)
        due: render.Cell = (
            (render.day(t.due) + " (overdue)", "bold red") if late else render.day(t.due)
        )
        rows.append([t.id, t.title, t.owner, t.department, due, t.status, t.meeting_id])
    render.table(["ID", "Task", "Owner", "Department", "Due", "Status", "Meeting"], rows)


@task.command("done")
@click.argument("task_id", metavar="ID", type=int)
@json_option
@pass_env
def task_done(env: Env, task_id: int, as_json: bool) -> None:
    """Mark a task done (its owner, who assigned it, the owner's head, admin).

    \b
    Example:
      tandem task done 12
    """
    finished = complete_task(env.db(), env.actor(), task_id)
    if as_json:
        emit_json(finished.to_json())
    else:
        say(f"Task {finished.id} {render.quoted(finished.title)} done")


@task.command("reassign")
@click.argument("task_id", metavar="ID", type=int)
@click.option(
    "--to",
    "to",
    required=True,
    metavar="NAME",
    shell_complete=complete_person,
    help="The new owner.",
)
@click.option("--reason", metavar="TEXT", help="Why; kept in the task's history.")
@json_option
@pass_env
def task_reassign(env: Env, task_id: int, to: str, reason: str | None, as_json: bool) -> None:
    """Give a task to a new owner; the move is kept in its history.

    \b
    Example:
      tandem task reassign 12 --to "Sara Ito" --reason "Omar is on leave"
    """
    db = env.db()
    before = get_task(db, task_id)
    moved = reassign_task(db, env.actor(), task_id, to, reason=reason)
    if as_json:
        emit_json(moved.to_json())
    else:
        say(f"{render.task_line(moved)} (was {render.line(before.owner)})")


@task.command("history")
@click.argument("task_id", metavar="ID", type=int)
@json_option
@pass_env
def task_history_cmd(env: Env, task_id: int, as_json: bool) -> None:
    """Show who assigned and reassigned a task, when, and why.

    \b
    Example:
      tandem task history 12 --json
    """
    entries = task_history(env.db(), task_id)
    if as_json:
        emit_json([e.to_json() for e in entries])
        return
    render.history(entries, title=f"History of task {task_id}")
