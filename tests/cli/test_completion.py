"""Shell completion through click's own mechanism (``_TANDEM_COMPLETE``)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlite_utils import Database

from tui.cli import cli


def complete(words: str, db_path: Path | None = None) -> list[str]:
    env = {
        "_TANDEM_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    if words.endswith(" "):
        env["COMP_CWORD"] = str(len(words.split()))
    if db_path is not None:
        env["TANDEM_DB"] = str(db_path)
    result = CliRunner().invoke(cli, [], env=env, prog_name="tandem")
    assert result.exit_code == 0, result.output
    return [row.split(",", 1)[1] for row in result.stdout.splitlines() if row.startswith("plain,")]


def test_bash_source_script() -> None:
    result = CliRunner().invoke(
        cli, [], env={"_TANDEM_COMPLETE": "bash_source"}, prog_name="tandem"
    )
    assert result.exit_code == 0
    assert "_tandem_completion()" in result.stdout
    assert "complete -o nosort -F _tandem_completion tandem" in result.stdout


def test_commands_and_options_complete() -> None:
    assert complete("tandem ta") == ["task", "taskforce"]
    assert "reassign" in complete("tandem task re")
    assert complete("tandem task list --ov") == ["--overdue"]


def test_people_names_complete_from_the_database(db_path: Path, team: object) -> None:
    assert complete("tandem task add X --owner O", db_path) == ["Omar Haddad"]
    assert complete("tandem task reassign 1 --to s", db_path) == ["Sara Ito"]
    assert complete(f"tandem --db {db_path} meeting attend 1 N") == ["Nina Roy"]
    assert complete("tandem role list --dept M", db_path) == ["Marketing"]


def test_completion_on_a_missing_database_offers_nothing_and_creates_nothing(
    tmp_path: Path, db: Database
) -> None:
    missing = tmp_path / "missing.db"
    assert complete("tandem task add X --owner O", missing) == []
    assert not missing.exists()
