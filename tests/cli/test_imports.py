"""Commands that don't open the TUI must not import Textual (start-up time); --json not rich.

A command imports its own module only: the top-level group loads commands lazily.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from db.people import get_person
from db.tasks import add_task
from tests.cli.support import Tandem
from tui.cli import COMMANDS


def imported_modules(*args: str, db_path: Path) -> tuple[set[str], str]:
    """Run ``python -X importtime -m tui --db PATH ARGS`` and return the modules it imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "82"},  # CliRunner's help width, 80
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    modules = set()
    for row in proc.stderr.splitlines():
        if row.startswith("import time:") and "|" in row:
            name = row.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    assert modules, "python -X importtime reported nothing"
    return modules, proc.stdout


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_task_list_json_imports_neither_textual_nor_rich(db_path: Path, team: object) -> None:
    modules, out = imported_modules(
        "task", "list", "--owner", "Omar Haddad", "--json", db_path=db_path
    )
    assert json.loads(out) == []
    assert "textual" not in roots(modules)
    assert "rich" not in roots(modules)
    assert {"click", "sqlite_utils"} <= roots(modules)  # the measurement itself works
    # the task commands' module and the helpers they share; no other command's module
    assert command_modules(modules) == {"tui.cli.tasks"}


def command_modules(modules: set[str]) -> set[str]:
    """The modules of ``tandem`` commands among ``modules``."""
    return {m for m in modules if m in {t.split(":")[0] for t, _help in COMMANDS.values()}}


def test_the_listing_imports_no_command_module(tmp_path: Path) -> None:
    modules, out = imported_modules("--help", db_path=tmp_path / "none.db")
    assert command_modules(modules) == set()
    assert "tui.cli.render" not in modules
    # ... and shows what loading every command would show (at the same width)
    assert out == Tandem(tmp_path / "none.db")("--help").out
    for name in COMMANDS:
        assert f"\n  {name} " in out


def test_task_list_human_imports_rich_but_not_textual(db_path: Path, db: Database) -> None:
    admin = get_person(db, "Ada Admin")
    add_task(db, admin, "Call the client", "Ada Admin")
    modules, out = imported_modules("task", "list", db_path=db_path)
    assert "Call the client" in out
    assert "textual" not in roots(modules)
    assert "rich" in roots(modules)
    assert command_modules(modules) == {"tui.cli.tasks"}
