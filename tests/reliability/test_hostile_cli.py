"""Hostile input through every text option and every option value of every command.

Each value of the corpus (markup, HTML, ``|``, ``#``, ANSI and OSC escapes, SQL
fragments, binary junk, 100,000 characters, emoji, right-to-left text, bytes that
aren't UTF-8, out-of-range numbers and dates) goes into one slot of one command at
a time, against a real database. It is either accepted literally (stored as typed
minus control characters, and shown so in ``--json`` and human output) or refused
with one ``Error:`` line and a contract exit code; never a traceback.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.check import check as run_check
from db.connection import open_db
from db.text import name_skeleton
from tests.reliability.hostile import (
    ALL_VALUES,
    CORPUS,
    LOOK_ALIKES,
    Ran,
    check,
    invoke,
    stored_form,
)
from tui.cli import render

TRIED: list[int] = []  # inputs tried, summed over the module (reported at the end)


@pytest.fixture(scope="module", autouse=True)
def report_inputs_tried(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many hostile inputs the module tried (the README quotes the figure)."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"hostile CLI inputs tried: {len(TRIED)}")


@dataclass(frozen=True)
class Slot:
    """One argument position: its ordinary value, and where an accepted value shows in JSON."""

    default: str
    field: str | None = None  # only free text: a name that looks people up shows whom it found
    kind: str = "text"  # "name": a name (rule 8); "line": whitespace folded; "text": trimmed
    quoted: bool = False  # the human confirmation quotes it


Arg = str | Slot


def S(default: str, field: str | None = None, kind: str = "text", quoted: bool = False) -> Slot:
    return Slot(default, field, kind, quoted)


N = "{n}"  # replaced by a counter: names that must be unique stay unique

# Every command (the README's tables), every positional and option value.
TEMPLATES: dict[str, list[Arg]] = {
    "init": ["init", "--admin", S("Ada Admin"), "--company", S("Acme")],
    "person add": [
        "person",
        "add",
        S(f"Pat {N}", "name", "name", quoted=True),
        "--dept",
        S("Sales"),
        "--title",
        S("SDR", "title"),
        "--email",
        S("pat@example.com", "email"),
        "--json",
    ],
    "dept add": ["dept", "add", S(f"Dept {N}", "name", "name", quoted=True), "--json"],
    "dept head": ["dept", "head", S("Sales"), S("Maya Chen"), "--json"],
    "meeting new": [
        "meeting",
        "new",
        S(f"Sync {N}", "title", "line", quoted=True),
        "--at",
        S("2026-11-27 10:00"),
        "--minutes",
        S("45"),
        "--facilitator",
        S("Maya Chen"),
        "--json",
    ],
    "meeting new task force": [
        "meeting",
        "new",
        "Rescue sync",
        "--task-force",
        S("Key account rescue"),
        "--json",
    ],
    "meeting new after": ["meeting", "new", "Next sync", "--after", S("2"), "--json"],
    "meeting list": ["meeting", "list", "--status", S("planned"), "--json"],
    "meeting show": ["meeting", "show", S("1"), "--json"],
    "meeting attend": ["meeting", "attend", S("1"), S("Tom Berg"), S("Nina Roy"), "--json"],
    "meeting attend absent": ["meeting", "attend", S("1"), S("Sara Ito"), "--absent"],
    "meeting start": ["meeting", "start", S("1"), "--json"],
    "meeting close": ["meeting", "close", S("3"), "--json"],
    "meeting amend": [
        "meeting",
        "amend",
        S("2"),
        S(f"Note {N}", "text", "text", quoted=True),
        "--json",
    ],
    "agenda add": [
        "agenda",
        "add",
        S("1"),
        S(f"Item {N}", "title", "line", quoted=True),
        "--presenter",
        S("Tom Berg"),
        "--minutes",
        S("15"),
        "--dept",
        S("Marketing"),
        "--json",
    ],
    "decide": [
        "decide",
        S("1"),
        S(f"Decision {N}", "text", "text", quoted=True),
        "--item",
        S("1"),
        "--rationale",
        S("Because", "rationale"),
        "--json",
    ],
    "decide supersedes": ["decide", "1", f"Replacement {N}", "--supersedes", S("1"), "--json"],
    "decision list": [
        "decision",
        "list",
        "--meeting",
        S("1"),
        "--task-force",
        S("Key account rescue"),
        "--search",
        S("lead"),
        "--json",
    ],
    "decision show": ["decision", "show", S("1"), "--json"],
    "task add": [
        "task",
        "add",
        S(f"Task {N}", "title", "line"),
        "--owner",
        S("Omar Haddad"),
        "--due",
        S("fri"),
        "--meeting",
        S("1"),
        "--item",
        S("1"),
        "--allow-duplicate",
        "--json",
    ],
    "task list": [
        "task",
        "list",
        "--owner",
        S("Omar Haddad"),
        "--dept",
        S("Sales"),
        "--status",
        S("all"),
        "--meeting",
        S("1"),
        "--search",
        S("client"),
        "--json",
    ],
    "task done": ["task", "done", S("1"), "--json"],
    "task reassign": [
        "task",
        "reassign",
        S("2"),
        "--to",
        S("Sara Ito"),
        "--reason",
        S("On leave"),
        "--json",
    ],
    "task history": ["task", "history", S("2"), "--json"],
    "role assign": [
        "role",
        "assign",
        S(f"Area {N}", "area", "name"),
        "--owner",
        S("Omar Haddad"),
        "--allow-duplicate",
        "--json",
    ],
    "role list": ["role", "list", "--dept", S("Sales"), "--json"],
    "taskforce new": [
        "taskforce",
        "new",
        S(f"Force {N}", "name", "name"),
        "--problem",
        S("A problem", "problem"),
        "--lead",
        S("Maya Chen"),
        "--member",
        S("Tom Berg"),
        "--json",
    ],
    "minutes": ["minutes", S("2"), "--format", S("markdown")],
    "minutes to a file": ["minutes", "2", "-o", S(f"minutes-{N}.md"), "--force"],
    "backup": ["backup", S(f"backup-{N}.db")],
    "as": ["--as", S("Ada Admin"), "person", "list", "--json"],
}


def build(tandem_db: Path) -> None:
    """The state every template runs against (ids referred to by the defaults above)."""

    def ok(*args: str) -> None:
        ran = invoke(tandem_db, list(args))
        assert ran.code == 0, (args, ran.err)

    ok(
        "taskforce",
        "new",
        "Key account rescue",
        "--problem",
        "Unhappy client",
        "--lead",
        "Maya Chen",
        "--member",
        "Tom Berg",
    )
    ok("meeting", "new", "Joint sync", "--at", "2026-11-27 10:00")  # 1: planned
    ok("agenda", "add", "1", "Lead scoring", "--presenter", "Tom Berg")
    ok("decide", "1", "Marketing scores leads", "--item", "1")  # decision 1
    ok("meeting", "new", "Last week")  # 2: closed
    ok("agenda", "add", "2", "Unfinished")
    ok("meeting", "close", "2")
    ok("meeting", "new", "To close")  # 3
    ok("task", "add", "Call the client", "--owner", "Omar Haddad", "--meeting", "1")  # 1
    ok("task", "add", "Send the deck", "--owner", "Omar Haddad")  # 2
    ok("role", "assign", "Webinars", "--owner", "Tom Berg")


@pytest.fixture(scope="module")
def built(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The standard cast plus ``build``'s records, made once for the module."""
    path = tmp_path_factory.mktemp("hostile") / "built.db"
    shutil.copy(templates["team"], path)
    build(path)
    assert not Path(f"{path}-wal").exists()
    return path


@pytest.fixture
def world(built: Path, db_path: Path) -> Iterator[Database]:
    """The test's database: a copy of ``built``, open like ``db``."""
    shutil.copy(built, db_path)
    database = open_db(db_path)
    yield database
    database.close()


def slots(template: list[Arg]) -> list[int]:
    return [i for i, a in enumerate(template) if isinstance(a, Slot)]


def fill(template: list[Arg], at: int, value: str, n: int) -> list[str]:
    out = []
    for i, a in enumerate(template):
        if i == at:
            out.append(value)
        elif isinstance(a, Slot):
            out.append(a.default.replace(N, str(n)))
        else:
            out.append(a.replace(N, str(n)))
    return out


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # -o and backup paths are hostile too: whatever they create stays in the test's directory.
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def run_template(name: str, db_path: Path) -> Iterator[tuple[Slot, str, Ran]]:
    template = TEMPLATES[name]
    counter = itertools.count(100)
    for at in slots(template):
        slot = template[at]
        assert isinstance(slot, Slot)
        for value in ALL_VALUES.values():
            args = fill(template, at, value, next(counter))
            ran = invoke(db_path, args)
            TRIED.append(1)
            check(ran, expect_json="--json" in template)
            yield slot, value, ran
            if slot.quoted and ran.code == 0:
                # The same text again (a new name: names are unique), without --json.
                again = value + " h"
                human = invoke(
                    db_path, [a for a in fill(template, at, again, next(counter)) if a != "--json"]
                )
                TRIED.append(1)
                check(human)
                if human.code == 1 and "the limit is" in human.err and slot.kind == "name":
                    continue  # NFKC can lengthen a name ("¼" is "1⁄4"): two more characters too many
                assert human.code == 0, human.err
                shown = render.line(stored_form(again, slot.kind), render.QUOTE_LIMIT)
                assert shown.rstrip("…")[:60] in render.line(human.out), (name, value[:40])


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_slot_takes_hostile_values(
    name: str, db_path: Path, world: Database, workdir: Path
) -> None:
    accepted = refused = 0
    for slot, value, ran in run_template(name, db_path):
        if ran.code == 0:
            accepted += 1
            if slot.field and "--json" in ran.args:
                doc = ran.json()
                assert doc[slot.field] == stored_form(value, slot.kind), (name, value[:40])
        else:
            refused += 1
            if slot.field and value in CORPUS.values() and ran.code == 1:
                # A refusal of text says why: empty, too long, unknown name, not UTF-8, ...
                assert ran.err.startswith("Error: ")
    assert accepted + refused > 0
    # Whatever went in, the database still keeps its rules.
    assert run_check(world).problems == []
    # The undecodable bytes were refused before anything was stored.
    assert world.execute("SELECT count(*) FROM people WHERE name LIKE 'junk%'").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("value", "real"),
    [
        ("Maya Chen\u200b", "Maya Chen"),
        ("M\u0430ya Chen", "Maya Chen"),
        ("Ada Admin\u2060", "Ada Admin"),
        ("\u202eMaya Chen\u202c", "Maya Chen"),
    ],
)
def test_the_look_alikes_of_issue_11_are_refused_naming_the_person(
    value: str, real: str, db_path: Path, team: object
) -> None:
    ran = invoke(db_path, ["person", "add", value, "--dept", "Sales"])
    check(ran)
    assert ran.code == 1
    assert ran.err.startswith(f"Error: a person named {real!r}") and "already exists" in ran.err
    assert len(invoke(db_path, ["person", "list", "--json"]).json()) == 7


def test_look_alike_names_never_make_two_records_that_look_the_same(
    db_path: Path, world: Database, workdir: Path
) -> None:
    """Each look-alike as a person, a department, a task force and an area: refused as a
    duplicate (exit 1, naming what exists) or stored normalised; never a second look."""
    for i, value in enumerate(LOOK_ALIKES.values()):
        for args in (
            ["person", "add", value, "--dept", "Sales", "--json"],
            ["dept", "add", value, "--json"],
            [
                "taskforce",
                "new",
                value,
                "--problem",
                "x",
                "--lead",
                "Maya Chen",
                "--member",
                "Tom Berg",
                "--json",
            ],
            ["role", "assign", value, "--owner", "Omar Haddad", "--allow-duplicate", "--json"],
        ):
            ran = invoke(db_path, args)
            TRIED.append(1)
            check(ran, expect_json=True)
            if ran.code == 0:
                shown = ran.json().get("name", ran.json().get("area"))
                assert shown == stored_form(value, "name"), (args, i)
            else:
                assert ran.code == 1 and "already exists" in ran.err, (args, ran.err)
    for table in ("people", "departments", "task_forces", "areas"):
        names = [r[0] for r in world.execute(f"SELECT name FROM {table}")]
        assert len({name_skeleton(n) for n in names}) == len(names), (table, names)
    assert run_check(world).problems == []


def test_init_on_a_new_file_takes_hostile_values(tmp_path: Path, workdir: Path) -> None:
    for i, (key, value) in enumerate(ALL_VALUES.items()):
        for args in (["--admin", value], ["--admin", "Ada Admin", "--company", value]):
            path = tmp_path / f"new-{i}-{len(args)}.db"
            ran = invoke(path, ["init", *args, "--json"])
            TRIED.append(1)
            check(ran, expect_json=True)
            if ran.code == 0:
                if args[0] == "--admin" and len(args) == 2:
                    assert ran.json()["admin"]["name"] == stored_form(value, "name"), key
                db = open_db(path)
                assert run_check(db).problems == []
                db.close()
            else:
                assert not path.exists(), key  # a failed init leaves no file


def test_db_path_and_acting_person_from_the_environment(db_path: Path, db: Database) -> None:
    for value in ALL_VALUES.values():
        for env in ({"TANDEM_USER": value}, {"TANDEM_DB": value}):
            args = ["person", "list", "--json"]
            with_db = "TANDEM_DB" not in env
            ran = invoke(db_path, args, env) if with_db else invoke_without_db(args, env)
            TRIED.append(1)
            check(ran)


def invoke_without_db(args: list[str], env: dict[str, str]) -> Ran:
    from click.testing import CliRunner

    from tui.cli import cli

    result = CliRunner().invoke(cli, args, env=env, prog_name="tandem")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return Ran(args, result.exit_code, result.stdout, result.stderr)


def test_hostile_text_shows_literally_in_every_listing(
    db_path: Path, world: Database, workdir: Path
) -> None:
    """Store each corpus value in every kind of record, then read it back everywhere."""
    kept: dict[str, str] = {}
    for i, value in enumerate(CORPUS.values()):
        stored = stored_form(value, "name")
        name = f"{stored} {i}"
        if not stored or len(name) > 200 or stored.isdigit() or stored.startswith("-"):
            continue
        for args in (
            ["person", "add", name, "--dept", "Sales", "--title", value],
            ["meeting", "new", name],
            ["agenda", "add", "1", name],
            ["decide", "1", name, "--rationale", value],
            ["task", "add", name, "--owner", "Omar Haddad", "--allow-duplicate", "--meeting", "1"],
            ["role", "assign", name, "--owner", "Omar Haddad", "--allow-duplicate"],
        ):
            ran = invoke(db_path, args)
            TRIED.append(1)
            check(ran)
            assert ran.code == 0, (args, ran.err)
        kept[value] = name
    assert len(kept) >= 15
    readers = [
        ["person", "list"],
        ["meeting", "list"],
        ["meeting", "show", "1"],
        ["decision", "list"],
        ["task", "list"],
        ["role", "list"],
    ]
    for args in readers:
        human = invoke(db_path, args)
        check(human)
        assert human.code == 0
        for name in kept.values():
            assert render.line(name) in human.out, (args, name)
        documents = invoke(db_path, [*args, "--json"])
        check(documents, expect_json=True)
        found = repr(documents.json())
        for name in kept.values():
            assert repr(name)[1:-1] in found, (args, name)
    # The exports escape what their format needs (tests/tui cover that); here: no crash.
    for fmt in ("markdown", "html", "json", "text"):
        exported = invoke(db_path, ["minutes", "1", "--format", fmt])
        check(exported, expect_json=fmt == "json")
        assert exported.code == 0


def test_bytes_that_are_not_utf8_are_refused_in_a_real_shell(
    tmp_path: Path, db_path: Path, db: Database
) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tui", "--db", str(db_path), "person", "add", b"Pat \xff\xfe"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.decode("utf-8").startswith("Error: the argument 'Pat \\udcff\\udcfe'")
    assert b"Traceback" not in done.stderr
    assert db.execute("SELECT count(*) FROM people").fetchone()[0] == 1
