"""What every benchmark shares: results with their targets, timing, child processes, the table.

Every figure is measured in the run that prints it, beside the baseline it is
judged against, because the machine (2 shared cores) varies from run to run.
Nothing here asserts on time: the table says met or not met.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Result:
    """One line of the table."""

    section: str
    name: str
    seconds: float | None
    baseline: float | None = None
    peak_mb: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""


class Report(Protocol):
    def __call__(
        self,
        name: str,
        seconds: float | None,
        baseline: float | None = None,
        peak_mb: float | None = None,
        note: str = "",
        target: str = "",
        met: bool | None = None,
    ) -> None: ...


@dataclass
class Collector:
    """Collects results of one section; ``report`` has the signature every bench module uses."""

    section: str
    results: list[Result] = field(default_factory=list)
    echo: bool = True

    def report(
        self,
        name: str,
        seconds: float | None,
        baseline: float | None = None,
        peak_mb: float | None = None,
        note: str = "",
        target: str = "",
        met: bool | None = None,
    ) -> None:
        result = Result(self.section, name, seconds, baseline, peak_mb, target, met, note)
        self.results.append(result)
        if self.echo:
            print_line(result)


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.1f} ms"


def _mb(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.1f}" if value >= 1 else f"{value:.3f}"


def print_line(result: Result) -> None:
    """A progress line on stderr while the suite runs (the table comes at the end)."""
    verdict = {True: "met", False: "NOT MET", None: ""}[result.met]
    ratio = (
        f" x{result.seconds / result.baseline:.2f}"
        if result.seconds is not None and result.baseline
        else ""
    )
    print(
        f"  {result.name}: {ms(result.seconds)}{ratio} {verdict}",
        file=sys.stderr,
        flush=True,
    )


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Run:
    """One finished child process."""

    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_process(
    argv: Sequence[str], *, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    """Run ``argv`` to completion: its wall time, its own peak RSS and output.

    Output goes to files, not pipes, so a large listing never blocks the child.
    The peak RSS comes from GNU ``time`` when present: a child forked straight
    from this (large) process would report this process's RSS as its own
    high-water mark (Linux carries it over fork and exec), so a small ``time``
    process does the fork instead. Without it, ``wait4``'s figure is an upper bound.
    """
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile(suffix=".rss", delete=False) as mark:
        pass
    if gnu_time.exists():
        argv = [str(gnu_time), "-f", "%M", "-o", mark.name, *argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.0005)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # Both report kilobytes; GNU time's last line is %M (a killed child adds a line before).
        peak_kb = float(usage.ru_maxrss)
        lines = Path(mark.name).read_text().split()
        Path(mark.name).unlink(missing_ok=True)
        if gnu_time.exists() and lines and lines[-1].isdigit():
            peak_kb = float(lines[-1])
        return Run(
            seconds=seconds,
            peak_mb=peak_kb / 1024,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: no TANDEM_* from the caller, no colour, .pyc on."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TANDEM_")}
    env["NO_COLOR"] = "1"
    # Cached bytecode, as a user has it: pip compiles site-packages at install
    # time, so forbidding .pyc files would charge only our own modules (editable
    # install) a recompile on every run. The warm-up run writes them.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def print_table(results: Sequence[Result], *, title: str) -> None:
    """The one table of figures, each with its baseline, target and verdict."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("Benchmark", overflow="fold")
    table.add_column("Figure", justify="right", no_wrap=True)
    table.add_column("Baseline", justify="right", no_wrap=True)
    table.add_column("Ratio", justify="right", no_wrap=True)
    table.add_column("Peak MB", justify="right", no_wrap=True)
    table.add_column("Target", overflow="fold")
    table.add_column("Met", no_wrap=True)
    table.add_column("Note", overflow="fold")
    section = None
    for r in results:
        if r.section != section:
            if section is not None:
                table.add_section()
            section = r.section
        ratio = f"x{r.seconds / r.baseline:.2f}" if r.seconds is not None and r.baseline else ""
        verdict = {True: "met", False: "NOT MET", None: "—"}[r.met]
        table.add_row(
            r.name,
            ms(r.seconds),
            ms(r.baseline) if r.baseline else "",
            ratio,
            _mb(r.peak_mb),
            r.target,
            verdict,
            r.note,
        )
    Console(width=max(160, Console().width), highlight=False, markup=False).print(table)
