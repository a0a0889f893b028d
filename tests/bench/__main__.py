"""``make bench``: every benchmark on one generated 100,000-task database, then one table.

    .venv/bin/python -m tests.bench                 # generate the database, run everything
    .venv/bin/python -m tests.bench --db BIG.db     # reuse a database built by `tandem demo`
    .venv/bin/python -m tests.bench --only cli,tui  # some sections only
    .venv/bin/python -m tests.bench --only tui-start --db BIG.db   # TUI start rows only
    .venv/bin/python -m tests.bench --tasks 1000000 --only tui   # growth: a million tasks

The database is built in a temporary directory with ``tandem demo --tasks
100000 --no-tui`` (timed: it is a figure too) and removed afterwards. Each
figure is judged against its target (written beside it in each bench module) and, where the
target is relative, against a baseline measured in the same run. Nothing
asserts on time; the table says met or not met.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from tests.bench import bench_cli, bench_dupes, bench_minutes, bench_trust, bench_tui
from tests.bench.common import Collector, Result, child_env, print_table, run_process

TASKS = 100_000
GENERATE_TARGET = 60.0  # "100,000 tasks should take seconds, not minutes"
SECTIONS = ("cli", "duplicates", "minutes", "tui", "tui-start", "trust")


def generate(path: Path, report: Callable[..., None], tasks: int = TASKS) -> None:
    argv = [*bench_cli.tandem_argv(), "--db", str(path), "demo", "--tasks", str(tasks), "--no-tui"]
    run = run_process(argv, env=child_env(), timeout=3600)
    if run.returncode != 0:
        raise RuntimeError(f"tandem demo failed: {run.stderr.strip()[-1000:]}")
    report(
        f"setup: tandem demo --tasks {tasks:,} --no-tui",
        run.seconds,
        peak_mb=run.peak_mb,
        target=f"< {GENERATE_TARGET:.0f} s",
        met=run.seconds < GENERATE_TARGET * tasks / TASKS,
        note=f"whole process; {path.stat().st_size / 1e6:.0f} MB file",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--db", help="an existing demo database (copied, never changed)")
    parser.add_argument("--only", help="comma-separated sections: " + ", ".join(SECTIONS))
    parser.add_argument(
        "--tasks",
        type=int,
        default=TASKS,
        help=f"tasks in the generated database (default {TASKS:,}; 1000000 for the growth check)",
    )
    args = parser.parse_args(argv)
    wanted = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = wanted - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section {sorted(unknown)[0]}")

    results: list[Result] = []
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="tandem-bench-"))
    try:
        path = tmp / "bench.db"
        setup = Collector("setup")
        if args.db:
            # ``task add`` writes to the file: work on a copy.
            shutil.copyfile(args.db, path)
        else:
            print(f"Generating {args.tasks:,} tasks in {path} …", file=sys.stderr, flush=True)
            generate(path, setup.report, args.tasks)
        results += setup.results
        # ``tandem check`` must see the database as Tandem left it: the CLI section's
        # floors write to it outside Tandem (a plain INSERT), which check rightly reports.
        pristine = tmp / "pristine.db"
        shutil.copyfile(path, pristine)

        steps: list[tuple[str, Callable[[Collector], None]]] = [
            ("cli", lambda c: bench_cli.run(c.report, str(path))),
            ("duplicates", lambda c: bench_dupes.run(c.report, str(path))),
            ("minutes", lambda c: bench_minutes.run(c.report)),
            ("tui", lambda c: bench_tui.run(c.report, str(path))),
            # The start rows of "tui" alone (skipped when "tui" runs them already).
            ("tui-start", lambda c: bench_tui.run_start(c.report, str(path))),
            ("trust", lambda c: bench_trust.run(c.report, str(pristine))),
        ]
        for section, step in steps:
            if section not in wanted or (section == "tui-start" and "tui" in wanted):
                continue
            print(f"[{section}]", file=sys.stderr, flush=True)
            collector = Collector(section)
            try:
                step(collector)
            except Exception as exc:  # one broken section must not hide the others' figures
                traceback.print_exc()
                collector.report(
                    f"{section}: FAILED",
                    None,
                    met=False,
                    note=f"{type(exc).__name__}: {exc}"[:300],
                )
            results += collector.results
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    elapsed = time.perf_counter() - started
    size = f"{args.tasks:,}-task database" if not args.db else f"database {args.db}"
    print_table(results, title=f"Tandem benchmarks ({size}, {elapsed:.0f} s)")
    met = sum(1 for r in results if r.met)
    judged = sum(1 for r in results if r.met is not None)
    print(f"{met} of {judged} targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
