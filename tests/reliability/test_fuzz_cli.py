"""Hypothesis fuzzes ``tandem``'s arguments: random commands from the click tree, random values.

Properties, for every example against one real database: the exit code is one of
the README's (0-4), no traceback and no "unexpected failure", one ``Error:`` line on
failure, ``--json`` output is valid JSON when the command succeeds, and at the end the
database still passes ``tandem check``. Derandomized with a bounded number of
examples, so CI sees the same run every time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.hostile import ALL_VALUES, check, invoke
from tui.cli import cli

MAX_EXAMPLES = 1000

# demo builds a whole company (and opens the app); the group itself opens the app.
SKIP = {("demo",)}


def leaf_commands(
    group: click.Group = cli, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the top level loads its commands lazily
        command = group.get_command(ctx, name)
        assert command is not None, name
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from leaf_commands(command, path)
        elif path not in SKIP:
            yield path, command


COMMANDS = list(leaf_commands())

# Values that make a command do something (names, ids, dates of the test's data) ...
ORDINARY = [
    "1",
    "2",
    "3",
    "Maya Chen",
    "omar haddad",
    "Tom Berg",
    "Sales",
    "Marketing",
    "Key account rescue",
    "2026-11-27 10:00",
    "fri",
    "+3d",
    "open",
    "all",
    "markdown",
    "json",
    "Call the client",
]
# ... and values that try to break it.
HOSTILE = sorted(ALL_VALUES.values())

text_values = st.one_of(
    st.sampled_from(ORDINARY),
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_characters="\x00"), max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def value_for(param: click.Parameter) -> st.SearchStrategy[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([str(c) for c in kind.choices]), text_values)
    if isinstance(kind, click.types.IntParamType):
        return st.one_of(st.integers(min_value=-3, max_value=12).map(str), text_values)
    return text_values


@st.composite
def invocations(
    draw: st.DrawFn, among: list[tuple[tuple[str, ...], click.Command]] = COMMANDS
) -> tuple[tuple[str, ...], list[str], bool]:
    """A command path (of ``among``), then its arguments and some of its options (options
    in random order)."""
    path, command = draw(st.sampled_from(among))
    positional: list[str] = []
    options: list[list[str]] = []
    json_flag = False
    for param in command.params:
        if isinstance(param, click.Argument):
            count = 1 if param.nargs == 1 else draw(st.integers(min_value=0, max_value=3))
            if draw(st.integers(min_value=0, max_value=9)) == 0:
                count = 0  # now and then a missing argument
            positional += [draw(value_for(param)) for _ in range(count)]
        elif isinstance(param, click.Option) and not param.hidden:
            if param.name == "help" or not draw(st.booleans()):
                continue
            opt = draw(st.sampled_from(param.opts))
            if param.is_flag:
                options.append([opt])
                json_flag = json_flag or opt == "--json"
            else:
                repeat = draw(st.integers(min_value=1, max_value=2)) if param.multiple else 1
                options += [[opt, draw(value_for(param))] for _ in range(repeat)]
    if draw(st.integers(min_value=0, max_value=14)) == 0:
        options.append(["--no-such-option"])
    order = draw(st.permutations(range(len(options))))
    argv = [*path, *positional, *[a for i in order for a in options[i]]]
    return path, argv, json_flag


def build(db_path: Path) -> None:
    for args in (
        ["init", "--admin", "Ada Admin"],
        ["person", "add", "Maya Chen", "--dept", "Sales"],
        ["dept", "head", "Sales", "Maya Chen"],
        ["person", "add", "Omar Haddad", "--dept", "Sales"],
        ["person", "add", "Tom Berg", "--dept", "Marketing"],
        ["taskforce", "new", "Key account rescue", "--problem", "P", "--lead", "Maya Chen"]
        + ["--member", "Tom Berg"],
        ["meeting", "new", "Joint sync", "--facilitator", "Maya Chen"],
        ["agenda", "add", "1", "Lead scoring", "--presenter", "Tom Berg"],
        ["decide", "1", "Marketing scores leads", "--item", "1"],
        ["task", "add", "Call the client", "--owner", "Omar Haddad", "--meeting", "1"],
        ["meeting", "new", "Closed one"],
        ["meeting", "close", "2"],
    ):
        ran = invoke(db_path, args)
        assert ran.code == 0, (args, ran.err)


def test_fuzzed_arguments_keep_the_contract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "fuzz.db"
    build(db_path)
    work = tmp_path / "work"  # where -o and backup paths land
    work.mkdir()
    monkeypatch.chdir(work)
    seen: list[str] = []

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(invocations())
    def run(case: tuple[tuple[str, ...], list[str], bool]) -> None:
        path, argv, json_flag = case
        ran = invoke(db_path, argv)
        seen.append(" ".join(path))
        check(ran, expect_json=json_flag and ran.code == 0)

    run()
    assert len(seen) >= MAX_EXAMPLES // 2
    # Every command of the tree is fuzzed: those the draw above missed get a few of their own.
    missed = [(p, c) for p, c in COMMANDS if " ".join(p) not in set(seen)]
    if missed:

        @settings(
            max_examples=5 * len(missed),
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(invocations(missed))
        def run_missed(case: tuple[tuple[str, ...], list[str], bool]) -> None:
            path, argv, json_flag = case
            ran = invoke(db_path, argv)
            seen.append(" ".join(path))
            check(ran, expect_json=json_flag and ran.code == 0)

        run_missed()
    assert {" ".join(p) for p, _ in COMMANDS} <= set(seen)
    final = invoke(db_path, ["check", "--json"])
    assert final.code == 0, final.err
    assert final.json()["ok"] is True
    assert os.path.exists(db_path)
    print(f"\nfuzzed CLI invocations: {len(seen)}")
