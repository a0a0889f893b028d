"""Commands that don't open the TUI must not import Textual (start-up time); --json not rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlite_utils import Database

from db.people import get_person
from db.tasks import add_task


def imported_modules(*args: str, db_path: Path) -> tuple[set[str], str]:
    """Run ``python -X importtime -m tui --db PATH ARGS`` and return the modules it imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        check=False,
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


def test_task_list_human_imports_rich_but_not_textual(db_path: Path, db: Database) -> None:
    admin = get_person(db, "Ada Admin")
    add_task(db, admin, "Call the client", "Ada Admin")
    modules, out = imported_modules("task", "list", db_path=db_path)
    assert "Call the client" in out
    assert "textual" not in roots(modules)
    assert "rich" in roots(modules)
