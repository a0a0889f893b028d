"""``tandem role assign|list``: areas of responsibility, one owner each."""

from __future__ import annotations

import click

from db.areas import area_history, assign_area, list_areas
from db.people import get_department
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
def role() -> None:
    """Areas of responsibility: who owns which area of work.

    \b
    Example:
      tandem role assign "Enterprise leads" --owner "Omar Haddad"
      tandem role list --dept Sales
    """


@role.command("assign")
@click.argument("area")
@click.option(
    "--owner", required=True, metavar="NAME", shell_complete=complete_person, help="The one owner."
)
@click.option("--reason", metavar="TEXT", help="Why it changes hands (kept in its history).")
@click.option(
    "--allow-duplicate", is_flag=True, help="Add a new area even if a similar one exists."
)
@json_option
@pass_env
def role_assign(
    env: Env, area: str, owner: str, reason: str | None, allow_duplicate: bool, as_json: bool
) -> None:
    """Give an area (new, or existing by name) to one owner.

    The admin, or the head of the owner's department when the area is new or
    already held in that department.

    \b
    Example:
      tandem role assign "Enterprise leads" --owner "Omar Haddad"
    """
    assigned = assign_area(
        env.db(), env.actor(), area, owner, allow_duplicate=allow_duplicate, reason=reason
    )
    if as_json:
        emit_json(assigned.to_json())
    else:
        say(
            f"Area {assigned.id} {render.quoted(assigned.area)} → "
            f"{render.line(render.who(assigned.owner, assigned.department))}"
        )


@role.command("list")
@click.option(
    "--dept",
    metavar="DEPT",
    shell_complete=complete_department,
    help="Only this department's areas.",
)
@json_option
@pass_env
def role_list(env: Env, dept: str | None, as_json: bool) -> None:
    """List areas of responsibility by department.

    \b
    Example:
      tandem role list --dept Marketing --json
    """
    db = env.db()
    dept_id = get_department(db, dept).id if dept is not None else None
    areas = list_areas(db, department_id=dept_id)
    if as_json:
        emit_json([a.to_json() for a in areas])
        return
    if not areas:
        say("No areas yet; assign one with `tandem role assign AREA --owner NAME`.")
        return
    render.table(
        ["ID", "Area", "Owner", "Department", "Assigned by", "Since"],
        (
            [a.id, a.area, a.owner, a.department, a.assigned_by, render.moment(a.assigned_at)]
            for a in areas
        ),
    )


@role.command("history")
@click.argument("area")
@json_option
@pass_env
def role_history(env: Env, area: str, as_json: bool) -> None:
    """Every owner an area had: when, who moved it, from whom, to whom, why.

    \b
    Example:
      tandem role history "Enterprise leads"
    """
    entries = area_history(env.db(), area)
    if as_json:
        emit_json([e.to_json() for e in entries])
        return
    render.history(entries, title=f"History of area {area}")
