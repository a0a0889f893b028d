"""A process that runs ``tandem`` commands one after another, as a shell script would.

Usage: python -m tests.reliability.cli_worker DB ACTOR COMMANDS_JSON
COMMANDS_JSON is a list of argument lists. Each command runs as ``tandem --db DB --as ACTOR
ARGS...`` through the CLI's own entry point, and opens and closes the database itself, as a
separate ``tandem`` run does; once it has finished, one JSON line ``{"code", "stdout",
"stderr"}`` is printed (and flushed).

For the tests that need several processes writing to one file at once: a process per
command would spend most of its time importing Python, not contending for the file.
"""

from __future__ import annotations

import json
import sys

from click.testing import CliRunner

from tui.cli import cli


def main() -> None:
    path, actor, commands = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    runner = CliRunner()
    for args in commands:
        result = runner.invoke(cli, ["--db", path, "--as", actor, *args], prog_name="tandem")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            # Whatever escaped the CLI's own handling shows as a failure with its traceback.
            code, stderr = 99, result.stderr + repr(result.exception)
        else:
            code, stderr = result.exit_code, result.stderr
        sys.stdout.write(json.dumps({"code": code, "stdout": result.stdout, "stderr": stderr}))
        sys.stdout.write("\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
