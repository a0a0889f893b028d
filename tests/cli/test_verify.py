"""`tandem minutes` shows the seal in every format; `tandem verify MINUTES.json` (issue 11)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.support import Ran, Tandem, has_keys
from tests.conftest import Team

HEX64 = re.compile(r"[0-9a-f]{64}")


@pytest.fixture
def sealed(team: Team, tandem: Tandem, tmp_path: Path) -> Path:
    """Meeting 1, run and closed through the CLI by Maya, exported as JSON."""
    maya = "Maya Chen"
    tandem.ok("meeting", "new", "Pipeline review", as_=maya)
    tandem.ok("meeting", "attend", "1", maya, "Omar Haddad", as_=maya)
    tandem.ok("agenda", "add", "1", "Lead scoring", as_=maya)
    tandem.ok("decide", "1", "MQL = 50 points", "--item", "1", as_=maya)
    tandem.ok("task", "add", "Update the scoring", "--owner", "Omar Haddad", "--meeting", "1",
              as_=maya)  # fmt: skip
    tandem.ok("meeting", "close", "1", as_=maya)
    path = tmp_path / "minutes-1.json"
    tandem.ok("minutes", "1", "--format", "json", "-o", str(path))
    return path


def verify(tandem: Tandem, path: Path) -> Ran:
    return tandem("verify", str(path))


def differs(tandem: Tandem, path: Path) -> str:
    """`verify` exits 4 with one Error line and lists what differs on stdout."""
    ran = verify(tandem, path)
    assert ran.code == 4, (ran.code, ran.out, ran.err)
    assert ran.error().startswith("Error: the minutes do not match the database's sealed record")
    assert "DIFFERS: " in ran.out
    return ran.out


def test_minutes_json_has_the_seal(tandem: Tandem, sealed: Path) -> None:
    document = tandem.ok("minutes", "1", "--format", "json").json()
    has_keys(document, "meeting, attendance, agenda, decisions, action_items, amendments, seal")
    assert HEX64.fullmatch(document["seal"]), document["seal"]
    assert json.loads(sealed.read_text())["seal"] == document["seal"]


def test_a_drafts_seal_is_null(team: Team, tandem: Tandem) -> None:
    tandem.ok("meeting", "new", "Draft", as_="Lena Park")
    document = tandem.ok("minutes", "1", "--format", "json").json()
    assert "seal" in document and document["seal"] is None
    for fmt in ("markdown", "html", "text"):
        assert "Seal" not in tandem.ok("minutes", "1", "--format", fmt).out


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_every_format_shows_the_seal(tandem: Tandem, sealed: Path, fmt: str) -> None:
    seal = json.loads(sealed.read_text())["seal"]
    assert seal in tandem.ok("minutes", "1", "--format", fmt).out


def test_fresh_minutes_verify(tandem: Tandem, sealed: Path) -> None:
    ran = verify(tandem, sealed)
    assert ran.code == 0, (ran.out, ran.err)
    assert ran.err == ""
    assert "verified" in ran.out


def test_amendments_and_later_work_on_its_tasks_do_not_break_verify(
    tandem: Tandem, sealed: Path
) -> None:
    tandem.ok("meeting", "amend", "1", "Omar joined late", as_="Maya Chen")
    tandem.ok("task", "reassign", "1", "--to", "Sara Ito", as_="Maya Chen")
    tandem.ok("task", "done", "1", as_="Sara Ito")
    tandem.ok("meeting", "amend", "1", "Sara took the scoring over", as_="Maya Chen")
    assert verify(tandem, sealed).code == 0
    # A fresh export after all that verifies too.
    again = sealed.with_name("again.json")
    tandem.ok("minutes", "1", "--format", "json", "-o", str(again))
    assert verify(tandem, again).code == 0


def _edit_database(path: Path, sql: str) -> None:
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        pytest.skip("the sqlite3 command-line shell is not installed")
    done = subprocess.run([sqlite3, "-bail", str(path)], input=sql, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_hand_edit_of_the_decision_in_the_database_fails_verify(
    tandem: Tandem, sealed: Path, db_path: Path
) -> None:
    _edit_database(
        db_path,
        "DROP TRIGGER decisions_immutable; DROP TRIGGER decisions_frozen_update;"
        "UPDATE decisions SET text = 'MQL = 5 points' WHERE id = 1;",
    )
    out = differs(tandem, sealed)
    assert "the database's record of meeting 1 changed after it was sealed" in out
    assert 'decisions[0].text: "MQL = 50 points" ≠ "MQL = 5 points"' in out, out
    # check sees it too.
    assert tandem("check").code == 4


def test_an_edit_of_the_files_decision_text_fails_verify(tandem: Tandem, sealed: Path) -> None:
    document = json.loads(sealed.read_text())
    document["decisions"][0]["text"] = "MQL = 5 points"
    sealed.write_text(json.dumps(document))
    out = differs(tandem, sealed)
    assert "the file's minutes are not the minutes that were sealed" in out
    assert 'decisions[0].text: "MQL = 5 points" ≠ "MQL = 50 points"' in out, out
    assert tandem("check").code == 0  # the database is untouched


def test_a_changed_seal_fails_verify(tandem: Tandem, sealed: Path) -> None:
    text = sealed.read_text()
    seal = json.loads(text)["seal"]
    forged = ("a" if seal[0] != "a" else "b") + seal[1:]
    sealed.write_text(text.replace(seal, forged))
    assert "the database holds no record with this seal" in differs(tandem, sealed)


def test_verify_refuses_what_is_not_json_minutes(tandem: Tandem, sealed: Path) -> None:
    garbage = sealed.with_name("garbage.json")
    garbage.write_text("<html>not minutes</html>")
    assert "not JSON minutes" in tandem.fails(1, "verify", str(garbage))
    assert tandem.fails(1, "verify", str(sealed.with_name("missing.json")))
