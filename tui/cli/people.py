"""``tandem person add|login|edit|leave|list`` and ``tandem dept add|head|list``."""

from __future__ import annotations

import click

from db.models import Department
from db.people import add_department, add_person, appoint_head, list_departments, list_people
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
def person() -> None:
    """People: add someone to a department, edit them, mark them as having left, list everyone.

    \b
    Example:
      tandem person add "Omar Haddad" --dept Sales --title "Account Executive"
      tandem person list
    """


@person.command("add")
@click.argument("name")
@click.option("--dept", "dept", shell_complete=complete_department, help="Their department.")
@click.option("--title", help="Their job title.")
@click.option("--email", help="Their email address.")
@click.option("--login", "login", metavar="USER", help="Bind their OS login (admin only).")
@json_option
@pass_env
def person_add(
    env: Env,
    name: str,
    dept: str | None,
    title: str | None,
    email: str | None,
    login: str | None,
    as_json: bool,
) -> None:
    """Add a person (the admin, or the head of their department).

    \b
    Example:
      tandem person add "Omar Haddad" --dept Sales --title "Account Executive" \\
          --email omar@example.com
    """
    added = add_person(
        env.db(), env.actor(), name, department=dept, title=title, email=email, login=login
    )
    if as_json:
        emit_json(added.to_json())
    else:
        say(f"Added {render.person_line(added)}")


@person.command("login")
@click.argument("name", shell_complete=complete_person)
@click.argument("user", required=False, metavar="USER")
@click.option("--clear", is_flag=True, help="Unbind NAME's login.")
@json_option
@pass_env
def person_login(env: Env, name: str, user: str | None, clear: bool, as_json: bool) -> None:
    """Bind the OS login USER to NAME (admin), or unbind it with --clear.

    The acting person is the one bound to the login running tandem. The OS
    owner of the database file may always rebind the admin (recovery).

    \b
    Example:
      tandem person login "Maya Chen" maya
      tandem person login "Maya Chen" --clear
    """
    if clear == (user is not None):
        raise click.UsageError("give either USER or --clear")
    from db.identity import login_person_id
    from db.people import bind_login, get_person

    db = env.db()
    me = login_person_id(db)
    actor = env.actor() if me is not None or (env.acting or "").strip() else None
    changed = bind_login(db, actor, name, user)
    if as_json:
        emit_json(changed.to_json())
    elif changed.login:
        say(f"{render.line(changed.name)} is now the login {render.line(changed.login)}")
    else:
        say(f"{render.line(get_person(db, changed.id).name)} has no login now")


@person.command("edit")
@click.argument("name", shell_complete=complete_person)
@click.option("--name", "new_name", metavar="TEXT", help="Their new name.")
@click.option("--dept", "dept", shell_complete=complete_department, help="Their new department.")
@click.option("--title", metavar="TEXT", help="Their job title (empty clears it).")
@click.option("--email", metavar="EMAIL", help="Their email address (empty clears it).")
@json_option
@pass_env
def person_edit(
    env: Env,
    name: str,
    new_name: str | None,
    dept: str | None,
    title: str | None,
    email: str | None,
    as_json: bool,
) -> None:
    """Change a person's name, department, title or email (the admin, or their head).

    Moving someone to another department also needs the right to add people there.

    \b
    Example:
      tandem person edit "Omar Haddad" --title "Key Account Manager"
      tandem person edit "Sara Ito" --email sara.ito@example.com
    """
    from db.people_changes import edit_person

    if new_name is None and dept is None and title is None and email is None:
        raise click.UsageError("give at least one of --name, --dept, --title, --email")
    changed = edit_person(
        env.db(), env.actor(), name, name=new_name, title=title, email=email, department=dept
    )
    if as_json:
        emit_json(changed.to_json())
    else:
        say(f"Updated {render.person_line(changed)}")


@person.command("leave")
@click.argument("name", shell_complete=complete_person)
@click.option(
    "--to",
    "to",
    metavar="NAME",
    shell_complete=complete_person,
    help="Who takes over everything NAME holds (tasks, areas, leads, meetings).",
)
@json_option
@pass_env
def person_leave(env: Env, name: str, to: str | None, as_json: bool) -> None:
    """Mark a person as having left (the admin, or their head).

    Refused while they hold open tasks, areas, a headship, a task force's lead or
    meetings to facilitate, unless --to NAME takes them all over (in one step, each
    move in its history with the reason "left"). A headship goes to NAME only when
    the admin does this and NAME is of that department; otherwise the department is
    left without a head, with a warning. Someone who left gets no new work.

    \b
    Example:
      tandem person leave "Omar Haddad"                  # lists what must go to someone
      tandem person leave "Omar Haddad" --to "Sara Ito"
    """
    from db.people_changes import leave_person

    left = leave_person(env.db(), env.actor(), name, to=to)
    if as_json:
        emit_json(
            {
                **left.person.to_json(),
                "successor": left.successor.name if left.successor else None,
                "moved": [{"kind": h.kind, "id": h.id, "name": h.name} for h in left.moved],
                "headless": list(left.headless),
            }
        )
    else:
        who = render.line(left.person.name)
        if left.moved and left.successor is not None:
            say(
                f"{who} has left; {len(left.moved)} thing{'s' if len(left.moved) != 1 else ''} "
                f"went to {render.line(left.successor.name)}:"
            )
            for held in left.moved:
                say(f"  {render.line(str(held))}")
        else:
            say(f"{who} has left; they held nothing")
    for dept in left.headless:
        click.echo(
            f"Warning: {render.line(dept)} has no head now; the admin appoints one with "
            f'`tandem dept head "{render.line(dept)}" NAME`',
            err=True,
        )


@person.command("list")
@json_option
@pass_env
def person_list(env: Env, as_json: bool) -> None:
    """List everyone, by department.

    \b
    Example:
      tandem person list --json
    """
    people = list_people(env.db())
    if as_json:
        emit_json([p.to_json() for p in people])
        return
    if not people:
        say("No people yet; add one with `tandem person add NAME --dept DEPT`.")
        return
    render.table(
        ["ID", "Name", "Department", "Title", "Email", "Role"],
        (
            [
                p.id,
                p.name,
                p.department,
                p.title,
                p.email,
                ("left " + render.day(p.left_at), "yellow")
                if p.left_at
                else ", ".join(r for r, on in (("admin", p.is_admin), ("head", p.is_head)) if on),
            ]
            for p in people
        ),
    )


@click.group()
def dept() -> None:
    """Departments: add one, appoint its head, list them.

    \b
    Example:
      tandem dept head Sales "Maya Chen"
      tandem dept list
    """


def _dept_line(d: Department) -> str:
    head = f"head {render.line(d.head)}" if d.head else "no head yet"
    return f"Department {d.id} {render.quoted(d.name)} ({head}, {d.people} people)"


@dept.command("add")
@click.argument("name")
@json_option
@pass_env
def dept_add(env: Env, name: str, as_json: bool) -> None:
    """Add a department (admin only).

    \b
    Example:
      tandem dept add "Customer Success"
    """
    added = add_department(env.db(), env.actor(), name)
    if as_json:
        emit_json(added.to_json())
    else:
        say(f"Added {_dept_line(added)}")


@dept.command("head")
@click.argument("department", metavar="DEPT", shell_complete=complete_department)
@click.argument("name", shell_complete=complete_person)
@json_option
@pass_env
def dept_head(env: Env, department: str, name: str, as_json: bool) -> None:
    """Appoint NAME head of DEPT (admin only).

    A person without a department joins DEPT; a person of another department
    is refused, since a head leads their own department.

    \b
    Example:
      tandem dept head Sales "Maya Chen"
    """
    changed = appoint_head(env.db(), env.actor(), department, name)
    if as_json:
        emit_json(changed.to_json())
    else:
        say(f"{render.line(changed.head)} is now head of {render.line(changed.name)}")


@dept.command("list")
@json_option
@pass_env
def dept_list(env: Env, as_json: bool) -> None:
    """List the departments with their heads.

    \b
    Example:
      tandem dept list --json
    """
    departments = list_departments(env.db())
    if as_json:
        emit_json([d.to_json() for d in departments])
        return
    render.table(
        ["ID", "Department", "Head", "People"],
        ([d.id, d.name, d.head, d.people] for d in departments),
    )
