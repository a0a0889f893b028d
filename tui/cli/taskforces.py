"""``tandem taskforce new|list``: cross-department groups with one lead."""

from __future__ import annotations

import click

from db.models import TaskForce
from db.taskforces import create_task_force, list_task_forces
from tui.cli import render
from tui.cli.env import Env, complete_person, emit_json, json_option, pass_env, say


@click.group()
def taskforce() -> None:
    """Task forces: a few people from both departments solving one problem.

    \b
    Example:
      tandem taskforce new "Key account rescue" --problem "Our largest client is unhappy" \\
          --lead "Maya Chen" --member "Omar Haddad" --member "Tom Berg"
      tandem taskforce list
    """


def _members(tf: TaskForce) -> str:
    return ", ".join(render.who(m.name, m.department) for m in tf.members)


@taskforce.command("new")
@click.argument("name")
@click.option(
    "--problem", required=True, metavar="TEXT", help="The one problem it is formed to solve."
)
@click.option(
    "--lead", required=True, metavar="NAME", shell_complete=complete_person, help="Its lead."
)
@click.option(
    "--member",
    "members",
    required=True,
    multiple=True,
    metavar="NAME",
    shell_complete=complete_person,
    help="A member (repeat); with the lead they span at least two departments.",
)
@json_option
@pass_env
def taskforce_new(
    env: Env, name: str, problem: str, lead: str, members: tuple[str, ...], as_json: bool
) -> None:
    """Create a task force (the admin or a head).

    \b
    Example:
      tandem taskforce new "Key account rescue" --problem "Our largest client is unhappy" \\
          --lead "Maya Chen" --member "Omar Haddad" --member "Tom Berg"
    """
    created = create_task_force(
        env.db(), env.actor(), name, problem=problem, lead=lead, members=list(members)
    )
    if as_json:
        emit_json(created.to_json())
        return
    say(
        f"Task force {created.id} {render.quoted(created.name)} led by {render.line(created.lead)}: "
        f"{len(created.members)} members — {render.line(_members(created))}"
    )


@taskforce.command("list")
@json_option
@pass_env
def taskforce_list(env: Env, as_json: bool) -> None:
    """List the task forces with their leads and members.

    \b
    Example:
      tandem taskforce list --json
    """
    forces = list_task_forces(env.db())
    if as_json:
        emit_json([t.to_json() for t in forces])
        return
    if not forces:
        say("No task forces yet; a head or the admin can create one with `tandem taskforce new`.")
        return
    render.table(
        ["ID", "Task force", "Problem", "Lead", "Members"],
        ([t.id, t.name, t.problem, t.lead, _members(t)] for t in forces),
    )
