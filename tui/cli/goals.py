"""``tandem goal``: shared goals both departments win or lose on together."""

from __future__ import annotations

import click

from db.goals import Goal
from db.models import Decision, number
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
from tui.cli.two_key import add_retire, listing, proposed, state


def _track(goal: Goal) -> str | tuple[str, str]:
    if goal.on_track is None:
        return state(goal.status)
    return "on track" if goal.on_track else ("behind", "yellow")


def _split(goal: Goal) -> str:
    parts = [f"{dept} {number(round(v, 2))}" for dept, v in goal.by_department.items()]
    if goal.uncredited:
        parts.append(f"uncredited {number(round(goal.uncredited, 2))}")
    return ", ".join(parts)


@click.group()
def goal() -> None:
    """Shared goals: targets both departments win or lose on together.

    \b
    Example:
      tandem goal add "New annual revenue" --target 500000 --unit EUR --due 2026-12-31 \\
          --owner "Maya Chen"
      tandem goal record 1 42000 --dept Sales --note "Globex renewal"
    """


@goal.command("add")
@click.argument("text")
@click.option("--target", required=True, type=float, metavar="N", help="The target (above 0).")
@click.option("--unit", metavar="TEXT", help="The unit (EUR, leads, ...).")
@click.option(
    "--due",
    required=True,
    metavar="DATE",
    help="YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday (fri); not in the past.",
)
@click.option(
    "--owner", required=True, metavar="NAME", shell_complete=complete_person, help="Its one owner."
)
@json_option
@pass_env
def goal_add(
    env: Env,
    text: str,
    target: float,
    unit: str | None,
    due: str,
    owner: str,
    as_json: bool,
) -> None:
    """Propose a shared goal (anyone): in force once both heads approve it.

    \b
    Example:
      tandem goal add "Sales-ready leads this quarter" --target 120 --unit leads \\
          --due 2026-12-31 --owner "Lena Park"
    """
    from db.goals import propose_goal

    made = propose_goal(env.db(), env.actor(), text, target=target, unit=unit, due=due, owner=owner)
    proposed(made, f"goal {made.id} ({render.line(made.target_text())})", as_json=as_json)


# A negative amount (a correction) is an argument, not an unknown option.
@goal.command("record", context_settings={"ignore_unknown_options": True})
@click.argument("goal_id", metavar="GOAL_ID", type=int)
@click.argument("amount", type=float)
@click.option(
    "--dept",
    metavar="DEPT",
    shell_complete=complete_department,
    help="The department credited with it.",
)
@click.option("--note", metavar="TEXT", help="What it was (a deal, a month's leads).")
@json_option
@pass_env
def goal_record(
    env: Env,
    goal_id: int,
    amount: float,
    dept: str | None,
    note: str | None,
    as_json: bool,
) -> None:
    """Add progress to a goal in force (its owner, a head, the admin); negative corrects.

    \b
    Example:
      tandem goal record 1 42000 --dept Sales --note "Globex renewal"
      tandem goal record 1 -500 --note "Refund"
    """
    from db.goals import record_progress

    done = record_progress(env.db(), env.actor(), goal_id, amount, department=dept, note=note)
    if as_json:
        emit_json(done.to_json())
        return
    say(
        f"Goal {done.id}: {number(amount)} recorded; now {render.line(done.value_text())} "
        f"({round(done.progress * 100)}%"
        + ("" if done.on_track is None else ", on track" if done.on_track else ", behind")
        + ")"
    )


def _retire_goal(env: Env, goal_id: int) -> Decision:
    from db.goals import retire_goal

    return retire_goal(env.db(), env.actor(), goal_id)


add_retire(goal, "a goal", _retire_goal)


@goal.command("list")
@click.option("--in-force", "in_force", is_flag=True, help="Only goals in force.")
@json_option
@pass_env
def goal_list(env: Env, in_force: bool, as_json: bool) -> None:
    """Every goal by due date: value, progress, each department's share, on track or behind.

    \b
    Example:
      tandem goal list --json
    """
    from db.goals import list_goals

    listing(
        list_goals(env.db(), in_force_only=in_force),
        as_json=as_json,
        empty="No goal in force." if in_force else "No goal yet.",
        headers=["ID", "Goal", "Value / target", "Due", "By department", "Owner", "Track"],
        row=lambda g: [
            g.id,
            g.text,
            f"{g.value_text()} ({round(g.progress * 100)}%)",
            g.due,
            _split(g),
            g.owner,
            _track(g),
        ],
    )
