"""``tandem demo`` keeps an existing demo; ``--reset`` rebuilds it, never under an open app."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from db.holders import Holder, holders, open_elsewhere
from tui.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="tandem")
    return result.exit_code, result.stdout, result.stderr


def task_titles(path: Path) -> list[str]:
    code, out, err = run("--db", str(path), "task", "list", "--status", "all", "--json")
    assert code == 0, err
    return [t["title"] for t in json.loads(out)]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    code, out, err = run("--db", str(path), "demo", "--tasks", "20", "--no-tui")
    assert code == 0, err
    assert "Built the demo" in out
    return path


@pytest.fixture
def holder(demo: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the demo open (as an app left running would have)."""
    script = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
        "c.execute('SELECT count(*) FROM people').fetchone(); print('open', flush=True); "
        "sys.stdin.read()"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(demo)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=30)


def test_a_second_run_keeps_the_demo_and_what_was_changed(demo: Path) -> None:
    code, _, err = run("--db", str(demo), "task", "add", "Mine", "--owner", "Alex Morgan")
    assert code == 0, err
    code, out, err = run("--db", str(demo), "demo", "--no-tui")
    assert code == 0, err
    assert "Kept the demo database" in out and "--reset" in out and "20 extra tasks" in out
    assert "Mine" in task_titles(demo)
    # The same --tasks as it was built with is the same demo: kept too.
    code, out, _ = run("--db", str(demo), "demo", "--tasks", "20", "--no-tui")
    assert code == 0 and "Kept" in out and "Mine" in task_titles(demo)


def test_another_tasks_count_is_refused_naming_reset(demo: Path) -> None:
    before = task_titles(demo)
    code, out, err = run("--db", str(demo), "demo", "--tasks", "50", "--no-tui")
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and "--tasks 20, not 50" in err and "--reset" in err
    assert task_titles(demo) == before


def test_reset_rebuilds(demo: Path) -> None:
    run("--db", str(demo), "task", "add", "Mine", "--owner", "Alex Morgan")
    code, out, err = run("--db", str(demo), "demo", "--reset", "--tasks", "5", "--no-tui")
    assert code == 0, err
    assert "Replaced the demo database" in out and "(5 extra tasks)" in out
    assert "Mine" not in task_titles(demo)
    code, out, _ = run("--db", str(demo), "demo", "--no-tui")
    assert code == 0 and "5 extra tasks" in out


def test_reset_is_refused_while_another_process_has_it_open(
    demo: Path, holder: subprocess.Popen[str]
) -> None:
    run("--db", str(demo), "task", "add", "Mine", "--owner", "Alex Morgan")
    code, out, err = run("--db", str(demo), "demo", "--reset", "--no-tui")
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and "close it" in err
    assert f"process {holder.pid}" in err and "python" in err
    assert "Mine" in task_titles(demo)


def test_holders_names_the_process(demo: Path, holder: subprocess.Popen[str]) -> None:
    found = holders(demo)
    assert found is not None
    assert [h.pid for h in found] == [holder.pid]
    assert str(found[0]).startswith("python") and str(Holder(7, "")) == "process 7"


def test_holders_without_proc_is_unknown(demo: Path, tmp_path: Path) -> None:
    assert holders(demo, proc=tmp_path / "no-proc") is None


def test_the_probe_sees_another_connection_and_leaves_wal_mode_alone(demo: Path) -> None:
    assert open_elsewhere(demo) is False
    other = sqlite3.connect(demo)
    other.execute("SELECT count(*) FROM people").fetchone()
    try:
        assert open_elsewhere(demo) is True
    finally:
        other.close()
    check = sqlite3.connect(demo)
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    check.close()
