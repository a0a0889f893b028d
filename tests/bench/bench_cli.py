"""Benchmark: whole-process wall time of CLI commands against two floors measured beside them.

The commands of issue 16 (meeting show, decision list --search, task list/add
with --json) run 7 rounds; every other read command runs a shorter sweep
against a floor that reads the same rows. Target: 1.3x the click floor.

For each command, every round runs (in turn, so machine noise hits all three
alike) the ``tandem`` command, a plain ``python -c`` that imports click and
sqlite_utils, opens the file and runs one equivalent query (the floor for a
CLI on our stack: target no more than 1.3x it), and the same with only the
stdlib ``sqlite3`` (the floor for any Python CLI: the ratio is reported).
Peak memory is each process's own maximum RSS, from ``wait4``.

    .venv/bin/python -m tests.bench.bench_cli PATH-TO-100k.db
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.bench.common import Report, Run, child_env, run_process

RUNS = 7
SWEEP_RUNS = 3
TARGET_RATIO = 1.3

# New task titles, one per run: realistic words (so the full-text narrowing
# finds candidates to fuzzy-match) but none a near-duplicate of another task.
NEW_TITLES = (
    "Draft the Lisbon partner summit agenda",
    "Book a venue for the customer advisory board dinner",
    "Collect three quotes for CRM data enrichment vendors",
    "Interview two field reps about the discount approval workflow",
    "Rewrite the onboarding checklist for inbound SDR hires",
    "Compare webinar attendance against last spring's campaign",
    "Order printed brochures for the Munich retail expo",
    "Map which accounts renew in the fourth quarter",
    "Set up a shared inbox for partner referrals",
    "Translate the pricing FAQ into Spanish and Portuguese",
    "Audit duplicate contacts created by the trade show scanner",
    "Plan a lunch-and-learn on the new lead routing rules",
)

_CLICK_FLOOR = """\
import json, sys
import click, sqlite_utils
db = sqlite_utils.Database(sys.argv[1])
{body}
"""
_STDLIB_FLOOR = """\
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
{body}
"""
_READ_CLICK = "rows = list(db.query({sql!r}, {params!r}))\nprint(json.dumps(rows, indent=2))"
_READ_STDLIB = (
    "rows = conn.execute({sql!r}, {params!r}).fetchall()\nprint(json.dumps(rows, indent=2))"
)
# A write's parameters are an expression: the new title comes in as sys.argv[2].
_WRITE_CLICK = "with db.conn:\n    db.execute({sql!r}, {params})"
_WRITE_STDLIB = "with conn:\n    conn.execute({sql!r}, {params})"

_TASKS_OF_OWNER = """
SELECT t.id, t.title, o.name AS owner, d.name AS department, t.status, t.due, t.meeting_id
FROM tasks t JOIN people o ON o.id = t.owner_id LEFT JOIN departments d ON d.id = o.department_id
WHERE t.owner_id = ? AND t.status = 'open' ORDER BY t.due IS NULL, t.due, t.id"""
_INSERT_TASK = """
INSERT INTO tasks (title, title_key, owner_id, assigned_by, due, status, created_at, updated_at)
VALUES (?, ?, ?, ?, NULL, 'open', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"""
_MEETING_AGENDA = """
SELECT m.title, m.at, m.status, i.position, i.title, p.name, i.minutes, i.status
FROM meetings m JOIN agenda_items i ON i.meeting_id = m.id LEFT JOIN people p ON p.id = i.presenter_id
WHERE m.id = ? ORDER BY i.position"""
_DECISIONS_MATCHING = """
SELECT x.id, x.text, x.rationale, x.meeting_id, x.recorded_at FROM decisions x
WHERE x.id IN (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH ?)
ORDER BY x.recorded_at, x.id"""
# Credit for ideas (issue 14): per author, counted from the ideas (10,000 at the 100k size).
_CREDITS = """
SELECT p.name, d.name AS department, c.submitted, c.accepted, c.done
FROM (SELECT author_id, COUNT(*) AS submitted,
             SUM(status IN ('accepted', 'planned', 'done')) AS accepted,
             SUM(status = 'done') AS done FROM ideas GROUP BY author_id) c
JOIN people p ON p.id = c.author_id LEFT JOIN departments d ON d.id = p.department_id
ORDER BY c.done DESC, c.accepted DESC, c.submitted DESC, p.name_key"""

# Every goal with its value: the floor of `goal list` (which adds the sums per department).
_GOALS_WITH_VALUE = """
SELECT g.id, g.text, g.target, g.unit, g.due, o.name, COALESCE(SUM(r.amount), 0)
FROM goals g JOIN people o ON o.id = g.owner_id LEFT JOIN goal_records r ON r.goal_id = g.id
GROUP BY g.id ORDER BY g.due, g.id"""


# Every other read command people run, each with a floor that reads the same rows.
_SWEEP: tuple[tuple[str, list[str], str], ...] = (
    (
        "task list",
        ["task", "list"],
        "SELECT t.id, t.title, o.name, t.due, t.meeting_id FROM tasks t JOIN people o "
        "ON o.id = t.owner_id WHERE t.status = 'open' ORDER BY t.due IS NULL, t.due, t.id",
    ),
    (
        "meeting list",
        ["meeting", "list"],
        "SELECT m.id, m.at, m.title, m.minutes, m.status FROM meetings m ORDER BY m.at",
    ),
    (
        "decision list",
        ["decision", "list"],
        "SELECT x.id, x.text, x.rationale, x.meeting_id, x.recorded_at FROM decisions x "
        "ORDER BY x.recorded_at, x.id",
    ),
    (
        "person list",
        ["person", "list"],
        "SELECT p.id, p.name, d.name, p.title FROM people p LEFT JOIN departments d "
        "ON d.id = p.department_id ORDER BY p.name",
    ),
    ("dept list", ["dept", "list"], "SELECT * FROM departments ORDER BY name"),
    ("role list", ["role", "list"], "SELECT * FROM areas ORDER BY name"),
    ("taskforce list", ["taskforce", "list"], "SELECT * FROM task_forces ORDER BY name"),
    ("whoami", ["whoami"], "SELECT * FROM people WHERE is_admin = 1"),
    (
        "minutes ID",
        ["minutes", "{meeting}"],
        "SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position",
    ),
    ("log", ["log"], "SELECT * FROM audit_log ORDER BY id DESC LIMIT 50"),
)


@dataclass
class Case:
    label: str
    args: list[str]
    floor_body: tuple[str, str]  # (click+sqlite_utils, stdlib) script bodies
    note: str
    target: float = TARGET_RATIO
    runs: int = RUNS


def tandem_argv() -> list[str]:
    """The installed ``tandem`` script beside this interpreter (what people run)."""
    script = Path(sys.executable).with_name("tandem")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def _read(sql: str, params: list[object]) -> tuple[str, str]:
    return (
        _READ_CLICK.format(sql=sql, params=params),
        _READ_STDLIB.format(sql=sql, params=params),
    )


def _write(sql: str, params: str) -> tuple[str, str]:
    return (
        _WRITE_CLICK.format(sql=sql, params=params),
        _WRITE_STDLIB.format(sql=sql, params=params),
    )


def pick_subjects(path: str) -> dict[str, object]:
    """What the commands run on: the busiest owner, the meeting with most action items, a word."""
    conn = sqlite3.connect(path)
    try:
        owner_id, owner, open_tasks = conn.execute(
            """SELECT o.id, o.name, COUNT(*) FROM tasks t JOIN people o ON o.id = t.owner_id
               WHERE t.status = 'open' GROUP BY o.id ORDER BY COUNT(*) DESC, o.id LIMIT 1"""
        ).fetchone()
        meeting_id, actions = conn.execute(
            """SELECT meeting_id, COUNT(*) FROM tasks WHERE meeting_id IS NOT NULL
               GROUP BY meeting_id ORDER BY COUNT(*) DESC, meeting_id LIMIT 1"""
        ).fetchone()
        items = conn.execute(
            "SELECT COUNT(*) FROM agenda_items WHERE meeting_id = ?", [meeting_id]
        ).fetchone()[0]
        admin = conn.execute("SELECT id, name FROM people WHERE is_admin = 1 LIMIT 1").fetchone()
        # An account name: what someone searching the decision log would type.
        word = "Globex"
        hits = conn.execute(
            "SELECT COUNT(*) FROM decisions_fts WHERE decisions_fts MATCH ?", [f'"{word}"*']
        ).fetchone()[0]
        tasks = conn.execute("SELECT COUNT(*) FROM tasks").fetchone()[0]
        ideas = conn.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]
        open_total = conn.execute("SELECT COUNT(*) FROM tasks WHERE status = 'open'").fetchone()[0]
        goals = conn.execute("SELECT COUNT(*) FROM goals").fetchone()[0]
        goal_records = conn.execute("SELECT COUNT(*) FROM goal_records").fetchone()[0]
    finally:
        conn.close()
    return {
        "owner_id": owner_id,
        "owner": owner,
        "owner_open": open_tasks,
        "meeting_id": meeting_id,
        "meeting_actions": actions,
        "meeting_items": items,
        "admin_id": admin[0],
        "admin": admin[1],
        "word": word,
        "word_hits": hits,
        "tasks": tasks,
        "open_tasks": open_total,
        "goals": goals,
        "goal_records": goal_records,
        "ideas": ideas,
    }


def cases(s: dict[str, object]) -> list[Case]:
    return [
        Case(
            "task list --owner X --json",
            ["task", "list", "--owner", str(s["owner"]), "--json"],
            _read(_TASKS_OF_OWNER, [s["owner_id"]]),
            f"{s['owner_open']} open tasks of the busiest owner",
        ),
        Case(
            "task add (new title, duplicate check runs)",
            ["task", "add", "{title}", "--owner", str(s["owner"]), "--json"],
            _write(_INSERT_TASK, f"[sys.argv[2], sys.argv[2], {s['owner_id']}, {s['admin_id']}]"),
            f"{s['open_tasks']:,} open of {s['tasks']:,} tasks; floor = one INSERT + commit",
        ),
        Case(
            "meeting show ID",
            ["meeting", "show", str(s["meeting_id"])],
            _read(_MEETING_AGENDA, [s["meeting_id"]]),
            f"meeting {s['meeting_id']}: {s['meeting_items']} items, "
            f"{s['meeting_actions']} action items; human output (rich)",
        ),
        Case(
            f"decision list --search {s['word']}",
            ["decision", "list", "--search", str(s["word"])],
            _read(_DECISIONS_MATCHING, [f'"{s["word"]}"*']),
            f"{s['word_hits']} matching decisions; human output (rich)",
        ),
        *(
            Case(
                label,
                [a.replace("{meeting}", str(s["meeting_id"])) for a in argv],
                _read(sql, [s["meeting_id"]] if "?" in sql else []),
                "human output; floor: the same rows as JSON",
                runs=SWEEP_RUNS,
            )
            for label, argv, sql in _SWEEP
        ),
        # The same two with --json: the query path without rich's table layout.
        Case(
            "meeting show ID --json",
            ["meeting", "show", str(s["meeting_id"]), "--json"],
            _read(_MEETING_AGENDA, [s["meeting_id"]]),
            f"meeting {s['meeting_id']}",
        ),
        Case(
            f"decision list --search {s['word']} --json",
            ["decision", "list", "--search", str(s["word"]), "--json"],
            _read(_DECISIONS_MATCHING, [f'"{s["word"]}"*']),
            f"{s['word_hits']} matching decisions",
        ),
        Case(
            "goal list --json",
            ["goal", "list", "--json"],
            _read(_GOALS_WITH_VALUE, []),
            f"{s['goals']:,} goals, {s['goal_records']:,} records; value, by department, on track",
        ),
        Case(
            "credits --json",
            ["credits", "--json"],
            _read(_CREDITS, []),
            f"{s['ideas']:,} ideas, counted per author",
            target=1.3,
        ),
    ]


def _median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def _check(run: Run, what: str) -> None:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed ({run.returncode}): {run.stderr.strip()[:500]}")


def run(report: Report, db_path: str, runs: int = RUNS) -> None:
    subjects = pick_subjects(db_path)
    env = child_env()
    tandem = [*tandem_argv(), "--db", db_path, "--as", str(subjects["admin"])]
    titles = iter(NEW_TITLES * 3)
    for case in cases(subjects):
        mine: list[Run] = []
        floors: list[Run] = []
        stdlib: list[Run] = []
        # One warm-up round (page cache, .pyc files), then ``runs`` measured rounds.
        rounds = min(runs, case.runs)
        for round_no in range(rounds + 1):
            title = next(titles) if "{title}" in case.args else ""
            args = [a.replace("{title}", title) for a in case.args]
            click_body, std_body = case.floor_body
            cmd = run_process([*tandem, *args], env=env)
            _check(cmd, "tandem " + " ".join(args))
            # A floor that inserts gets a title of its own (sys.argv[2]).
            floor = run_process(
                [sys.executable, "-c", _CLICK_FLOOR.format(body=click_body), db_path]
                + [title + " (floor)"],
                env=env,
            )
            _check(floor, "click floor")
            base = run_process(
                [sys.executable, "-c", _STDLIB_FLOOR.format(body=std_body), db_path]
                + [title + " (stdlib floor)"],
                env=env,
            )
            _check(base, "stdlib floor")
            if round_no:
                mine.append(cmd)
                floors.append(floor)
                stdlib.append(base)
        t_mine, t_floor, t_std = _median(mine), _median(floors), _median(stdlib)
        ratio = t_mine / t_floor
        report(
            f"cli: {case.label}",
            t_mine,
            baseline=t_floor,
            peak_mb=max(r.peak_mb for r in mine),
            target=f"≤ {case.target}x click+sqlite_utils floor",
            met=ratio <= case.target,
            note=(
                f"median of {rounds}; floors: click+sqlite_utils {t_floor * 1000:.0f} ms "
                f"({max(r.peak_mb for r in floors):.0f} MB), stdlib sqlite3 {t_std * 1000:.0f} ms "
                f"({max(r.peak_mb for r in stdlib):.0f} MB) → x{t_mine / t_std:.1f} of stdlib; "
                f"{case.note}"
            ),
        )


def main() -> None:
    from tests.bench.common import Collector

    if len(sys.argv) != 2:
        sys.exit("usage: python -m tests.bench.bench_cli DB")
    collector = Collector("cli")
    run(collector.report, sys.argv[1])
    json.dump([r.__dict__ for r in collector.results], sys.stdout, indent=2)


if __name__ == "__main__":
    main()
