"""Benchmark: what the tamper-evident record costs (issue "Trust").

- the audit entry per write: the same one-row update, made in a write
  transaction with the audit capture and entry (``db.audit.write``) and in a
  plain ``BEGIN IMMEDIATE`` transaction without them, alternately; the
  difference of the medians is the entry's cost (target: at most 1 ms);
- ``tandem check`` on the 100,000-task database, as a whole process: SQLite's
  integrity check, the rules, the schema, the search tables, the chain and the
  replay of every row against it (target: at most 5 s).

    .venv/bin/python -m tests.bench.bench_trust PATH-TO-100k.db
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_cli import tandem_argv
from tests.bench.common import Report, child_env, run_process

WRITES = 300
CHECK_RUNS = 3
AUDIT_TARGET_MS = 1.0
CHECK_TARGET_S = 5.0


def audit_cost(db_path: str) -> tuple[float, float]:
    """Median seconds of one audited write and of the same write unaudited."""
    from db.audit import write
    from db.connection import immediate, open_db
    from db.people import login_person

    db = open_db(db_path)
    # A second connection for the plain writes: Tandem's capture triggers live on the
    # connection that made an audited write, so this one has none.
    bare = open_db(db_path)
    actor = login_person(db)
    assert actor is not None, "the bench database's admin is bound to this login"
    task_id = db.execute("SELECT MIN(id) FROM tasks WHERE status = 'open'").fetchone()[0]
    sql = "UPDATE tasks SET due = ?, version = version + 1 WHERE id = ?"
    audited: list[float] = []
    plain: list[float] = []
    for n in range(WRITES):
        due = f"2031-01-{n % 28 + 1:02d}"
        start = time.perf_counter()
        with write(db, actor, "bench.write"):
            db.execute(sql, [due, task_id])
        audited.append(time.perf_counter() - start)
        start = time.perf_counter()
        with immediate(bare):
            bare.execute(sql, [due, task_id])
        plain.append(time.perf_counter() - start)
    db.close()
    bare.close()
    return statistics.median(audited), statistics.median(plain)


def run(report: Report, db_path: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="tandem-bench-trust-"))
    try:
        copy = work / "trust.db"
        shutil.copyfile(db_path, copy)
        with_audit, without = audit_cost(str(copy))
        cost_ms = (with_audit - without) * 1000
        report(
            "audit entry per write (one-row update, audited minus plain)",
            with_audit - without,
            baseline=without,
            target=f"≤ {AUDIT_TARGET_MS:.0f} ms",
            met=cost_ms <= AUDIT_TARGET_MS,
            note=f"median of {WRITES}: audited {with_audit * 1000:.2f} ms, "
            f"plain {without * 1000:.2f} ms (both fsync: synchronous=FULL)",
        )
        # The update above was not audited: check would rightly flag it. Check a fresh copy.
        shutil.copyfile(db_path, copy)
        times = []
        peak = 0.0
        for _ in range(CHECK_RUNS):
            ran = run_process(
                [*tandem_argv(), "--db", str(copy), "check"], env=child_env(), timeout=600
            )
            if ran.returncode != 0:
                raise RuntimeError(f"tandem check failed: {ran.stderr.strip()[-500:]}")
            times.append(ran.seconds)
            peak = max(peak, ran.peak_mb)
        seconds = statistics.median(times)
        report(
            "tandem check (integrity, rules, schema, search, chain, every row replayed)",
            seconds,
            peak_mb=peak,
            target=f"≤ {CHECK_TARGET_S:.0f} s",
            met=seconds <= CHECK_TARGET_S,
            note=f"median of {CHECK_RUNS} processes",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    from tests.bench.common import Collector

    run(Collector("trust").report, sys.argv[1])


if __name__ == "__main__":
    main()
