"""Benchmark: whole-process wall time of CLI commands against two floors measured beside them.

The commands of issue 16 (meeting show, decision list --search, task list/add
with --json) run 15 rounds (with 7, a median on this 2-core machine moved by 0.2-0.3
between runs); every other read command (those of the trust, governance and goals
issues too) runs a shorter sweep of 7 against a floor that runs
the command's own queries (``sweep``): the same rows, the same columns. Target:
1.3x the click floor.

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
import os
import pwd
import sqlite3
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.common import Report, Run, child_env, run_process

RUNS = 15
SWEEP_RUNS = 7
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
    "Record a demo video of the reporting dashboard",
    "Negotiate booth placement with the Vienna fair organisers",
    "Survey churned customers about onboarding friction",
    "Refresh the competitor battlecards for the northern region",
    "Schedule quarterly business reviews with top distributors",
    "Draft a referral bonus policy for channel partners",
    "Clean up stale opportunities older than two quarters",
    "Write case study interviews with three logistics clients",
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
# Several queries (a command that reads a list and then what hangs off it), one JSON array.
_READS_CLICK = (
    "rows = [list(db.query(sql, params)) for sql, params in {queries!r}]\n"
    "print(json.dumps(rows, indent=2))"
)
_READS_STDLIB = (
    "rows = [conn.execute(sql, params).fetchall() for sql, params in {queries!r}]\n"
    "print(json.dumps(rows, indent=2))"
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
_INSERT_GOAL_RECORD = """
INSERT INTO goal_records (goal_id, amount, department_id, note, recorded_by, at)
VALUES (?, ?, ?, ?, ?, '2026-01-01T00:00:00+00:00')"""
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

# Every other read command people run, each against a floor that runs the command's own
# queries (the SQL text imported from db/, so the two cannot drift): the same rows and the
# same columns, json-dumped. The ratio is then what Tandem adds around its queries (the
# interpreter, imports, the models, the layout), which is what the 1.3x target is about;
# a slow query is a finding of its own, for EXPLAIN QUERY PLAN, not hidden by the floor.
Query = tuple[str, list[object]]


def _audit_entries() -> Query:
    # db.audit_log.list_entries with no filter (it reverses the rows in Python).
    return (
        "SELECT id, at, login, actor, delegated_by, action, subject, hash FROM audit_log"
        " ORDER BY id DESC",
        [],
    )


def _decisions(where: str, params: list[object], two_key_ids: list[int]) -> list[Query]:
    """DECISION_SELECT as db.decisions runs it, and governance.attach's two queries when
    some of the decisions are two-key ones."""
    from db.governance import _BINDS_SQL, _WORDS_SQL
    from db.rows import DECISION_SELECT

    found: list[Query] = [(DECISION_SELECT + where, params)]
    if two_key_ids:
        marks = ", ".join("?" for _ in two_key_ids)
        found += [
            (_BINDS_SQL.format(ids=marks), list(two_key_ids)),
            (_WORDS_SQL.format(ids=marks), list(two_key_ids)),
        ]
    return found


def _goal_list() -> list[Query]:
    """db.goals.list_goals: the goals, then every goal's sums per department (one pass)."""
    from db import goals

    return [(goals._SELECT + " ORDER BY g.due, g.id", []), (goals._SUMS.format(where="1"), [])]


def sweep(s: dict[str, Any]) -> list[tuple[str, list[str], list[Query]]]:
    """(label, argv, the floor's queries) of every read command in the sweep."""
    from db import backlog, fielddays, lead, meetings, people, sla, taskforces
    from db.areas import _AREA_SELECT
    from db.ideas import IDEA_SELECT
    from db.rows import ITEM_SELECT, PERSON_SELECT, TASK_SELECT

    meeting = s["meeting_id"]
    order_tasks = " ORDER BY t.due IS NULL, t.due, t.id"
    return [
        (
            "task list",
            ["task", "list"],
            [(TASK_SELECT + " WHERE t.status = ?" + order_tasks, ["open"])],
        ),
        (
            "meeting list",
            ["meeting", "list"],
            [(meetings._MEETING_SELECT + " ORDER BY m.at, m.id", [])],
        ),
        (
            "decision list",
            ["decision", "list"],
            _decisions(" ORDER BY x.recorded_at, x.id", [], s["two_key_ids"]),
        ),
        (
            "person list",
            ["person", "list"],
            [(PERSON_SELECT + " ORDER BY d.name IS NULL, d.name, p.name", [])],
        ),
        ("dept list", ["dept", "list"], [(people._DEPT_SELECT + " ORDER BY d.name", [])]),
        ("role list", ["role", "list"], [(_AREA_SELECT + " ORDER BY d.name, a.name", [])]),
        (
            "taskforce list",
            ["taskforce", "list"],
            # The command reads each task force's members in a query of its own.
            [
                (taskforces._TF_SELECT + " ORDER BY tf.name", []),
                (
                    """SELECT m.task_force_id, p.id, p.name, d.name AS department
                       FROM task_force_members m JOIN people p ON p.id = m.person_id
                       LEFT JOIN departments d ON d.id = p.department_id
                       ORDER BY m.task_force_id, d.name, p.name""",
                    [],
                ),
            ],
        ),
        (
            "whoami",
            ["whoami"],
            [(PERSON_SELECT + " WHERE p.login = ? OR p.name = ?", [s["login"], s["admin"]])],
        ),
        (
            "minutes ID",
            ["minutes", str(meeting)],
            # The bulk of get_minutes: the meeting, its attendance, agenda, decisions and
            # action items (its smaller reads, amendments, carried items, are left out).
            [
                (meetings._MEETING_SELECT + " WHERE m.id = ?", [meeting]),
                (
                    """SELECT p.id, p.name, d.name AS department, a.present FROM attendance a
                       JOIN people p ON p.id = a.person_id
                       LEFT JOIN departments d ON d.id = p.department_id
                       WHERE a.meeting_id = ? ORDER BY d.name IS NULL, d.name, p.name""",
                    [meeting],
                ),
                (ITEM_SELECT + " WHERE i.meeting_id = ? ORDER BY i.position", [meeting]),
                *_decisions(
                    " WHERE x.meeting_id = ? ORDER BY x.recorded_at, x.id",
                    [meeting],
                    s["meeting_two_key_ids"],
                ),
                (TASK_SELECT + " WHERE t.meeting_id = ?" + order_tasks, [meeting]),
            ],
        ),
        ("log", ["log"], [_audit_entries()]),
        # The commands of the trust, governance and goals issues (13 to 15).
        (
            "lead show",
            ["lead", "show"],
            [(lead._SELECT + " WHERE st.status = 'in-force' ORDER BY l.version DESC LIMIT 1", [])],
        ),
        ("lead history", ["lead", "history"], [(lead._SELECT + " ORDER BY l.version", [])]),
        (
            "sla list",
            ["sla", "list"],
            [
                (sla._SELECT + " WHERE st.status = 'in-force' ORDER BY s.id", []),
                (sla._RESULTS.format(ids=", ".join("?" for _ in s["sla_ids"])), s["sla_ids"]),
            ],
        ),
        (
            "sla show ID",
            ["sla", "show", str(s["sla_id"])],
            [
                (sla._SELECT + " WHERE s.id = ?", [s["sla_id"]]),
                (sla._RESULTS.format(ids="?"), [s["sla_id"]]),
            ],
        ),
        ("idea list", ["idea", "list"], [(IDEA_SELECT + " ORDER BY x.id", [])]),
        (
            "backlog list",
            ["backlog", "list"],
            [(backlog._ENTRY_SELECT + " WHERE b.taken_at IS NULL ORDER BY b.id", [])],
        ),
        ("field list", ["field", "list"], [(fielddays._SELECT + " ORDER BY f.date, f.id", [])]),
        (
            "goal list",
            ["goal", "list"],
            _goal_list(),
        ),
        (
            "decision show ID",
            ["decision", "show", str(s["decision_id"])],
            _decisions(
                f" WHERE x.id IN ({', '.join('?' for _ in s['chain_ids'])})",
                list(s["chain_ids"]),
                s["chain_two_key_ids"],
            ),
        ),
    ]


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


def _reads(queries: list[Query]) -> tuple[str, str]:
    if len(queries) == 1:
        return _read(*queries[0])
    return (_READS_CLICK.format(queries=queries), _READS_STDLIB.format(queries=queries))


def _write(sql: str, params: str) -> tuple[str, str]:
    return (
        _WRITE_CLICK.format(sql=sql, params=params),
        _WRITE_STDLIB.format(sql=sql, params=params),
    )


def pick_subjects(path: str) -> dict[str, Any]:
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
        # The meeting closed last through Tandem: its minutes are sealed (the bulk history's
        # closed meetings were closed without a seal), so ``verify`` has a record to check.
        sealed = conn.execute(
            """SELECT CAST(substr(subject, 9) AS INTEGER) FROM audit_log
               WHERE action = 'meeting.close' ORDER BY id DESC LIMIT 1"""
        ).fetchone()
        sealed_two_key_ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM decisions WHERE two_key = 1 AND meeting_id = ?",
                [sealed[0] if sealed else None],
            )
        ]
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
        two_key_ids = [r[0] for r in conn.execute("SELECT id FROM decisions WHERE two_key = 1")]
        meeting_two_key_ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM decisions WHERE two_key = 1 AND meeting_id = ?", [meeting_id]
            )
        ]
        # The SLA with most periods recorded, and those in force (what `sla list` shows).
        sla_id = conn.execute(
            """SELECT s.id FROM slas s LEFT JOIN sla_periods p ON p.sla_id = s.id
               GROUP BY s.id ORDER BY COUNT(p.sla_id) DESC, s.id LIMIT 1"""
        ).fetchone()[0]
        sla_ids = [
            r[0]
            for r in conn.execute(
                """SELECT s.id FROM slas s JOIN decision_status st ON st.decision_id = s.decision_id
                   WHERE st.status = 'in-force' ORDER BY s.id"""
            )
        ]
        # A goal in force (progress is recorded only against one) and a department.
        goal_id = conn.execute(
            """SELECT g.id FROM goals g JOIN decision_status st ON st.decision_id = g.decision_id
               WHERE st.status = 'in-force' ORDER BY g.id LIMIT 1"""
        ).fetchone()[0]
        dept_id, dept = conn.execute("SELECT id, name FROM departments ORDER BY id").fetchone()
        # A decision with a supersedes chain (a two-key one if any), and the chain's ids.
        decision_id = conn.execute(
            """SELECT id FROM decisions ORDER BY supersedes_id IS NULL, two_key DESC, id DESC
               LIMIT 1"""
        ).fetchone()[0]
        chain = [decision_id]
        while (
            up := conn.execute(
                "SELECT supersedes_id FROM decisions WHERE id = ?", [chain[0]]
            ).fetchone()[0]
        ) is not None:
            chain.insert(0, up)
        while (
            down := conn.execute(
                "SELECT MIN(id) FROM decisions WHERE supersedes_id = ?", [chain[-1]]
            ).fetchone()[0]
        ) is not None:
            chain.append(down)
        chain_two_key_ids = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM decisions WHERE two_key = 1 AND id IN ({','.join('?' * len(chain))})",
                chain,
            )
        ]
    finally:
        conn.close()
    return {
        "owner_id": owner_id,
        "owner": owner,
        "owner_open": open_tasks,
        "meeting_id": meeting_id,
        "meeting_actions": actions,
        "meeting_items": items,
        "sealed_meeting": sealed[0] if sealed else None,
        "sealed_two_key_ids": sealed_two_key_ids,
        "admin_id": admin[0],
        "admin": admin[1],
        "word": word,
        "word_hits": hits,
        "tasks": tasks,
        "open_tasks": open_total,
        "goals": goals,
        "goal_records": goal_records,
        "ideas": ideas,
        "login": pwd.getpwuid(os.getuid()).pw_name,
        "two_key_ids": two_key_ids,
        "meeting_two_key_ids": meeting_two_key_ids,
        "sla_id": sla_id,
        "goal_id": goal_id,
        "dept_id": dept_id,
        "dept": dept,
        "sla_ids": sla_ids,
        "decision_id": decision_id,
        "chain_ids": chain,
        "chain_two_key_ids": chain_two_key_ids,
    }


def cases(s: dict[str, Any]) -> list[Case]:
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
                argv,
                _reads(queries),
                "human output; floor: the command's own queries, the rows as JSON",
                runs=SWEEP_RUNS,
            )
            for label, argv, queries in sweep(s)
        ),
        # A write of the goals issue: progress on a goal in force, with its audit entry.
        Case(
            "goal record ID AMOUNT --dept D",
            ["goal", "record", str(s["goal_id"]), "250", "--dept", str(s["dept"]), "--json"],
            _write(
                _INSERT_GOAL_RECORD,
                f"[{s['goal_id']}, 250, {s['dept_id']}, sys.argv[2], {s['admin_id']}]",
            ),
            f"goal {s['goal_id']} in force; floor = one INSERT + commit",
        ),
        # The trust issue's check of exported minutes against the sealed record (the
        # meeting is a closed one; its minutes exported once, before the rounds).
        *(
            [
                Case(
                    "verify MINUTES.json",
                    ["verify", str(s["minutes_json"])],
                    _reads(
                        next(
                            queries
                            for label, _argv, queries in sweep(
                                {
                                    **s,
                                    "meeting_id": s["sealed_meeting"],
                                    "meeting_two_key_ids": s["sealed_two_key_ids"],
                                }
                            )
                            if label == "minutes ID"
                        )
                    ),
                    f"meeting {s['sealed_meeting']}'s sealed minutes; floor: the minutes' reads",
                )
            ]
            if "minutes_json" in s
            else []
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
            _reads(_goal_list()),
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
    if subjects["sealed_meeting"] is not None:
        minutes = Path(db_path).with_name("bench-minutes.json")
        meeting = str(subjects["sealed_meeting"])
        exported = run_process(
            [*tandem, "minutes", meeting, "--format", "json", "-o", str(minutes)], env=env
        )
        _check(exported, "tandem minutes --format json")
        subjects["minutes_json"] = str(minutes)
    titles = iter(NEW_TITLES)  # one new title per round of the one case that adds a task
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
