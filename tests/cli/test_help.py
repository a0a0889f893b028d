"""Every command has help text with an example, and --help touches no database."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import click
import pytest

from tests.cli.support import Tandem
from tui.cli import COMMANDS, DISTRIBUTION, cli, load


def command_paths(
    group: click.Group = cli, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    # list_commands/get_command, not group.commands: the top level loads its commands lazily.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from command_paths(command, (*prefix, name))


ALL = list(command_paths())
CONTRACT_COMMANDS = [
    "init",
    "person add",
    "person list",
    "dept add",
    "dept head",
    "dept list",
    "meeting new",
    "meeting list",
    "meeting show",
    "meeting attend",
    "meeting start",
    "meeting close",
    "meeting amend",
    "agenda add",
    "decide",
    "decision list",
    "task add",
    "task list",
    "task done",
    "task reassign",
    "task history",
    "role assign",
    "role list",
    "taskforce new",
    "taskforce list",
    "check",
]


def test_every_contract_command_exists() -> None:
    present = {" ".join(path) for path, _ in ALL}
    missing = [c for c in CONTRACT_COMMANDS if c not in present]
    assert not missing


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_help_with_an_example(tmp_path: Path, path: tuple[str, ...]) -> None:
    db_path = tmp_path / "none.db"
    ran = Tandem(db_path)(*path, "--help")
    assert ran.code == 0, ran.err
    assert ran.out.startswith(f"Usage: tandem {' '.join(path)}")
    assert "Example" in ran.out
    # the example shows the command itself being used
    example = ran.out.split("Example", 1)[1].split("Options:", 1)[0]
    assert "tandem " in example and all(word in example for word in path)
    assert not db_path.exists()


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=[" ".join(p) for p, _ in ALL])
def test_short_help_in_the_listing(path: tuple[str, ...]) -> None:
    command = dict(ALL)[path]
    assert command.get_short_help_str().strip()


def test_the_lazy_table_names_each_command_and_its_own_help() -> None:
    """The listing's help comes from the table; it must say what each command says itself."""
    ctx = click.Context(cli)
    for name, (target, short_help) in COMMANDS.items():
        command = load(target)
        assert command.get_short_help_str(limit=1000) == short_help, name
        assert cli.get_command(ctx, name) is command
    assert cli.list_commands(ctx) == sorted(COMMANDS)


CREATING_OR_LISTING = [
    c
    for c in CONTRACT_COMMANDS
    if c.split()[-1] in {"add", "list", "new", "show", "history", "assign"}
] + ["decide"]


@pytest.mark.parametrize("name", CREATING_OR_LISTING)
def test_listing_and_creating_commands_accept_json(name: str) -> None:
    command = dict(ALL)[tuple(name.split())]
    assert "--json" in [opt for p in command.params for opt in getattr(p, "opts", [])]


def test_version_names_the_installed_distribution(tmp_path: Path) -> None:
    """`tandem --version` reads the version of pyproject.toml's distribution (not `tandem`)."""
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    assert project["name"] == DISTRIBUTION
    ran = Tandem(tmp_path / "none.db")("--version")
    assert ran.code == 0, ran.err
    assert ran.out == f"tandem, version {version(DISTRIBUTION)}\n"
    assert version(DISTRIBUTION) == project["version"]
    assert not (tmp_path / "none.db").exists()
