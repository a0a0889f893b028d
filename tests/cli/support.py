"""Run ``tandem`` in-process through click's CliRunner, the way a shell would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from tui.cli import cli


@dataclass
class Ran:
    """What one ``tandem`` invocation did."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def error(self) -> str:
        """The single ``Error:`` line, asserting there is exactly one line on stderr."""
        lines = self.err.strip().splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("Error: "), self.err
        assert "Traceback" not in self.err
        return lines[0]


class Tandem:
    """``tandem --db PATH [--as NAME] ARGS...`` against one database file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(
        self, *args: str, as_: str | None = None, env: dict[str, str] | None = None
    ) -> Ran:
        argv = ["--db", str(self.path)]
        if as_ is not None:
            argv += ["--as", as_]
        # Wide enough that table cells don't wrap mid-word for substring checks.
        result = CliRunner().invoke(
            cli, [*argv, *args], env={"COLUMNS": "250", **(env or {})}, prog_name="tandem"
        )
        # TandemGroup turns even our own bugs into an exit-1 line; a test must never see one.
        assert "unexpected failure" not in result.stderr, result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return Ran(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, as_: str | None = None) -> Ran:
        ran = self(*args, as_=as_)
        assert ran.code == 0, (args, ran.err)
        return ran

    def json(self, *args: str, as_: str | None = None) -> Any:
        ran = self.ok(*args, "--json", as_=as_)
        assert ran.err == ""
        return ran.json()

    def fails(self, code: int, *args: str, as_: str | None = None) -> str:
        """Run, expect exit ``code`` and one ``Error:`` line; return that line."""
        ran = self(*args, as_=as_)
        assert ran.code == code, (args, ran.code, ran.out, ran.err)
        assert ran.out == ""
        return ran.error()


def usage_error(ran: Ran) -> None:
    """click's own usage error: exit 2, an ``Error:`` line, no traceback."""
    assert ran.code == 2, (ran.code, ran.out, ran.err)
    assert "Error: " in ran.err
    assert "Traceback" not in ran.err
    assert ran.out == ""


def has_keys(document: dict[str, Any], keys: str) -> None:
    """Every key of ``keys`` (a comma-separated list the JSON output promises) is present."""
    wanted = {k.strip() for k in keys.split(",")}
    missing = wanted - set(document)
    assert not missing, f"missing keys {sorted(missing)} in {sorted(document)}"
