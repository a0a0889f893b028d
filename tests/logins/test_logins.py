"""Tandem run as two or three real OS logins against one database (issue 11).

Every test builds its own database in its own world-readable directory under
/tmp and runs the real CLI as root (the admin, bound by ``init``) and as the
throwaway logins ``tdm_head``, ``tdm_member`` and ``tdm_other`` (see conftest.py).
The first tests prove the harness itself; the rest are the identity rules (the
README's "Who is acting" and the who-may column of its command tables).
"""

from __future__ import annotations

import atexit
import grp
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import Ran
from tests.logins.harness import HEAD, MEMBER, OTHER, TEAM, Logins

ADMIN = "Ada Admin"
MAYA = "Maya Chen"  # head of Sales, login tdm_head
OMAR = "Omar Haddad"  # Sales, login tdm_member (when bound)
TOM = "Tom Berg"  # Marketing, bound to nobody
MIA = "Mia Member"  # the admin of a database tdm_member created


class Shared:
    """One database file, driven as any login: ``db(LOGIN, *args)``; "root" is the admin."""

    def __init__(self, logins: Logins, path: Path) -> None:
        self.logins = logins
        self.path = path

    def __call__(self, login: str, *args: str, env: dict[str, str] | None = None) -> Ran:
        return self.logins.run_as(login, *args, db=self.path, env=env)

    def ok(self, login: str, *args: str, env: dict[str, str] | None = None) -> Ran:
        ran = self(login, *args, env=env)
        assert ran.code == 0, (login, args, ran.code, ran.out, ran.err)
        return ran

    def json(self, login: str, *args: str, env: dict[str, str] | None = None) -> Any:
        ran = self.ok(login, *args, "--json", env=env)
        return ran.json()

    def fails(self, code: int, login: str, *args: str, env: dict[str, str] | None = None) -> str:
        """Expect exit ``code``, nothing on stdout and one ``Error:`` line; return that line."""
        ran = self(login, *args, env=env)
        assert ran.code == code, (login, args, ran.code, ran.out, ran.err)
        assert ran.out == "", ran.out
        return ran.error()

    def titles(self) -> list[str]:
        """Every task's title, read by root."""
        return [t["title"] for t in self.json("root", "task", "list", "--status", "all")]

    def files(self) -> dict[str, os.stat_result]:
        """The database and whatever side files lie beside it."""
        return {p.name: p.stat() for p in self.path.parent.iterdir()}


def _shared(logins: Logins, folder: Path) -> Shared:
    return Shared(logins, folder / "team.db")


_BUILT: dict[str, Path] = {}  # the sales team's file, made once per test process


def _sales_team(db: Shared) -> None:
    """root is the admin; Maya Chen (tdm_head) heads Sales; Omar Haddad is in Sales.

    The file is made readable and writable by every login, so what refuses a login
    is who they are, never the file's permissions. The first call makes it with the
    CLI as root; later ones copy that file (root's, as a file the CLI made is).
    """
    if "sales" not in _BUILT:
        folder = Path(tempfile.mkdtemp(prefix="tandem-logins-team-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        made = Shared(db.logins, folder / "team.db")
        made.ok("root", "init", "--admin", ADMIN)
        made.ok("root", "person", "add", MAYA, "--dept", "Sales", "--login", HEAD)
        made.ok("root", "dept", "head", "Sales", MAYA)
        made.ok("root", "person", "add", OMAR, "--dept", "Sales")
        made.ok("root", "person", "add", TOM, "--dept", "Marketing")
        assert sorted(p.name for p in made.path.parent.iterdir()) == ["team.db"]
        _BUILT["sales"] = made.path
    shutil.copy(_BUILT["sales"], db.path)
    os.chmod(db.path, 0o666)


def _history(db: Shared, task_id: int) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = db.json("root", "task", "history", str(task_id))
    return entries


# --------------------------------------------------------------------------- the harness


def test_commands_run_as_the_login_with_a_clean_environment(logins: Logins) -> None:
    code = (
        "import grp, os, pwd, sys, tui\n"
        "print(pwd.getpwuid(os.geteuid()).pw_name)\n"
        "print(','.join(sorted(grp.getgrgid(g).gr_name for g in os.getgroups())))\n"
        "print(os.environ['HOME'])\n"
        "print(sorted(k for k in os.environ if k.startswith('TANDEM') or k in ('USER', 'LOGNAME')))\n"
        "print(tui.__file__)\n"
        "open(os.path.join(os.environ['HOME'], 'probe'), 'w').close()\n"
    )
    for login in ("root", HEAD, MEMBER, OTHER):
        ran = logins.python_as(login, code)
        assert ran.code == 0, ran.err
        name, groups, home, tandem_vars, tui_file = ran.out.splitlines()
        assert name == login
        assert (TEAM in groups.split(",")) == (login in (HEAD, MEMBER))
        assert home == str(logins.home(login))
        assert tandem_vars == "[]"
        # The world-readable copy, not the repository (which other logins may not reach).
        assert Path(tui_file).is_relative_to(logins.runtime.root)
        assert (logins.home(login) / "probe").stat().st_uid == pwd.getpwnam(login).pw_uid
        version = logins.run_as(login, "--version", db=logins.home(login) / "none.db")
        assert (version.code, version.err) == (0, ""), version
        assert version.out.startswith("tandem, version ")


def test_two_logins_read_a_world_readable_database(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    db.ok("root", "init", "--admin", ADMIN)
    db.ok("root", "task", "add", "Ship the pricing page", "--owner", ADMIN)
    os.chmod(db.path, 0o644)
    for login in (HEAD, OTHER):
        listed = db.json(login, "task", "list")
        assert [t["title"] for t in listed] == ["Ship the pricing page"]


def test_a_login_that_cannot_write_the_file_gets_exit_4(logins: Logins, shared_dir: Path) -> None:
    # tdm_member makes the database (so is its admin and its OS owner), then loses write access.
    db = _shared(logins, shared_dir)
    db.ok(MEMBER, "init", "--admin", MIA)
    assert db.path.stat().st_uid == pwd.getpwnam(MEMBER).pw_uid
    db.ok(MEMBER, "task", "add", "Before", "--owner", MIA)
    os.chmod(db.path, 0o400)
    db.fails(4, MEMBER, "task", "add", "After", "--owner", MIA)
    assert [t["title"] for t in db.json(MEMBER, "task", "list")] == ["Before"]


# --------------------------------------------------------------------------- identity


def test_the_admin_binds_a_heads_login_and_the_head_acts_as_herself(
    logins: Logins, shared_dir: Path
) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)

    me = db.json("root", "whoami")
    assert (me["name"], me["login"], me["is_admin"], me["delegated_by"]) == (
        ADMIN,
        "root",
        True,
        None,
    )
    maya = db.json(HEAD, "whoami")
    assert maya["name"] == MAYA
    assert maya["login"] == HEAD
    assert maya["department"] == "Sales"
    assert maya["is_head"] is True
    assert maya["is_admin"] is False
    assert maya["delegated_by"] is None

    task = db.json(HEAD, "task", "add", "Call ACME back", "--owner", OMAR)
    history = _history(db, task["id"])
    assert history[0]["actor"] == MAYA
    assert history[0]["delegated_by"] is None
    # She is the head of Sales, not the admin: Marketing's people are not hers to task.
    db.fails(3, HEAD, "task", "add", "Write the brochure", "--owner", TOM)
    assert db.titles() == ["Call ACME back"]


def test_a_head_cannot_borrow_the_admins_authority(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)
    admin_id = next(p["id"] for p in db.json("root", "person", "list") if p["name"] == ADMIN)

    add = ("task", "add", "Do my bidding", "--owner", OMAR)
    for name in (ADMIN, ADMIN.upper(), str(admin_id), OMAR):
        db.fails(3, HEAD, "--as", name, *add)
    # Only the admin delegates, on any command: a read names someone else too.
    db.fails(3, HEAD, "--as", ADMIN, "task", "list")
    db.fails(3, HEAD, *add, env={"TANDEM_USER": ADMIN})
    assert db.titles() == []

    # Naming herself, or an empty value, is no delegation at all.
    for ran in (
        db.json(HEAD, "--as", MAYA, "task", "add", "As myself", "--owner", OMAR),
        db.json(HEAD, "task", "add", "Empty TANDEM_USER", "--owner", OMAR, env={"TANDEM_USER": ""}),
        db.json(HEAD, "--as", "", "task", "add", "Empty --as", "--owner", OMAR),
    ):
        entry = _history(db, ran["id"])[0]
        assert (entry["actor"], entry["delegated_by"]) == (MAYA, None)
    assert db.titles() == ["As myself", "Empty TANDEM_USER", "Empty --as"]


def test_the_admin_delegates_and_every_record_names_both(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)

    me = db.json("root", "--as", MAYA, "whoami")
    assert (me["name"], me["delegated_by"]) == (MAYA, ADMIN)

    task = db.json("root", "--as", MAYA, "task", "add", "Plan Q3 outreach", "--owner", OMAR)
    entry = _history(db, task["id"])[0]
    assert (entry["actor"], entry["delegated_by"]) == (MAYA, ADMIN)

    log = db.json("root", "log")
    on_behalf = [e for e in log if e["actor"] == MAYA]
    assert on_behalf, log
    for e in on_behalf:
        assert (e["login"], e["delegated_by"]) == ("root", ADMIN), e
    # Maya's own act (no --as) is recorded under her login, delegated by nobody.
    db.ok(HEAD, "task", "add", "Her own", "--owner", OMAR)
    last = db.json("root", "log")[-1]
    assert (last["login"], last["actor"], last["delegated_by"]) == (HEAD, MAYA, None)


def test_an_unbound_login_reads_but_cannot_write(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)
    db.ok("root", "task", "add", "Existing", "--owner", OMAR)

    assert [t["title"] for t in db.json(OTHER, "task", "list")] == ["Existing"]
    db.ok(OTHER, "check")
    db.ok(OTHER, "log")
    me = db.json(OTHER, "whoami")
    assert me["login"] == OTHER
    assert me["name"] is None  # bound to nobody

    error = db.fails(3, OTHER, "task", "add", "Mine now", "--owner", OMAR)
    assert OTHER in error
    assert f"tandem person login NAME {OTHER}" in error
    db.fails(3, OTHER, "--as", ADMIN, "task", "add", "Mine now", "--owner", OMAR)
    db.fails(3, OTHER, "person", "login", ADMIN, OTHER)
    assert db.titles() == ["Existing"]


def test_identity_is_the_effective_login_not_the_environment(
    logins: Logins, shared_dir: Path
) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)
    lie = {"USER": "root", "LOGNAME": "root", "SUDO_USER": "root", "USERNAME": "root"}
    assert db.json(OTHER, "whoami", env=lie)["login"] == OTHER
    assert db.json(HEAD, "whoami", env={"USER": "root", "LOGNAME": "root"})["name"] == MAYA
    db.fails(3, OTHER, "task", "add", "Pretending", "--owner", OMAR, env=lie)
    assert db.titles() == []


def test_login_binding_rules(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    _sales_team(db)
    # A login belongs to one person at most.
    db.fails(1, "root", "person", "add", "Sara Ito", "--dept", "Sales", "--login", HEAD)
    db.fails(1, "root", "person", "login", OMAR, HEAD)
    # A login must exist on this machine.
    db.fails(1, "root", "person", "login", OMAR, "tdm_nobody_here")
    # Only the admin binds.
    db.fails(3, HEAD, "person", "login", OMAR, MEMBER)
    # The admin can't unbind their own login.
    assert db("root", "person", "login", ADMIN, "--clear").code != 0
    assert db.json("root", "whoami")["name"] == ADMIN

    db.ok("root", "person", "login", OMAR, MEMBER)
    assert db.json(MEMBER, "whoami")["name"] == OMAR
    db.ok("root", "person", "login", OMAR, "--clear")
    assert db.json(MEMBER, "whoami")["name"] is None


def test_the_files_owner_can_always_rebind_the_admin(logins: Logins, shared_dir: Path) -> None:
    # Recovery: the admin is bound to root, but the file belongs to tdm_member.
    db = _shared(logins, shared_dir)
    _sales_team(db)
    member = pwd.getpwnam(MEMBER)
    os.chown(db.path, member.pw_uid, member.pw_gid)

    # Someone who could write the file but does not own it can't.
    db.fails(3, OTHER, "person", "login", ADMIN, OTHER)
    assert db.json(OTHER, "whoami")["name"] is None

    db.ok(MEMBER, "person", "login", ADMIN, MEMBER)
    me = db.json(MEMBER, "whoami")
    assert (me["name"], me["login"], me["is_admin"]) == (ADMIN, MEMBER, True)
    db.ok(MEMBER, "task", "add", "Back in charge", "--owner", OMAR)


# --------------------------------------------------------------------------- files


def _assert_group_shared(db: Shared) -> None:
    team_gid = grp.getgrnam(TEAM).gr_gid
    for name, st in db.files().items():
        assert st.st_gid == team_gid, (name, st.st_gid)
        assert stat.S_IMODE(st.st_mode) == 0o660, (name, oct(st.st_mode))


HOLD_OPEN = """
import sys
from db.connection import open_db
db = open_db(sys.argv[1])
db.execute("SELECT count(*) FROM tasks").fetchall()
print("open", flush=True)
sys.stdin.read()
db.close()
"""


@pytest.mark.parametrize("holder_login", [MEMBER, "root"])
def test_a_group_shared_database_is_written_by_both_logins(
    logins: Logins, group_dir: Path, holder_login: str
) -> None:
    db = _shared(logins, group_dir)
    db.ok("root", "init", "--admin", ADMIN, "--group", TEAM)
    db.ok("root", "person", "add", MAYA, "--dept", "Sales", "--login", HEAD)
    db.ok("root", "dept", "head", "Sales", MAYA)
    db.ok("root", "person", "add", OMAR, "--dept", "Sales", "--login", MEMBER)
    assert set(db.files()) >= {"team.db"}
    _assert_group_shared(db)

    # One login holds the database open, so the -wal and -shm it made stay while all write.
    holder = logins.spawn_as(holder_login, HOLD_OPEN, str(db.path))
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline() == "open\n", holder.stderr and holder.stderr.read()
        assert {"team.db-wal", "team.db-shm"} <= set(db.files())
        _assert_group_shared(db)

        db.ok(HEAD, "task", "add", "Call ACME back", "--owner", OMAR)
        db.ok(MEMBER, "task", "add", "Send the deck", "--owner", OMAR)
        db.ok("root", "task", "add", "Review the quarter", "--owner", MAYA)
        _assert_group_shared(db)
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        holder.wait(timeout=60)
    assert holder.returncode == 0, holder.stderr and holder.stderr.read()

    # Whoever touched the files last, nobody is locked out afterwards.
    db.ok(MEMBER, "task", "done", "1")
    db.ok(HEAD, "task", "add", "Follow up ACME", "--owner", OMAR)
    db.ok("root", "task", "add", "Close the books", "--owner", ADMIN)
    db.ok(MEMBER, "check")
    db.ok("root", "check")
    _assert_group_shared(db)
    assert db.titles() == [
        "Call ACME back",
        "Send the deck",
        "Review the quarter",
        "Follow up ACME",
        "Close the books",
    ]


def test_without_group_the_database_is_private(logins: Logins, shared_dir: Path) -> None:
    db = _shared(logins, shared_dir)
    db.ok(MEMBER, "init", "--admin", MIA)
    for name, st in db.files().items():
        assert stat.S_IMODE(st.st_mode) == 0o600, (name, oct(st.st_mode))
    db.fails(4, OTHER, "task", "list")


def test_a_read_only_reader_never_locks_the_owner_out(logins: Logins, shared_dir: Path) -> None:
    # tdm_member owns the database; tdm_other may read the file but not write it, and could
    # create files in the (0777) directory beside it.
    db = _shared(logins, shared_dir)
    db.ok(MEMBER, "init", "--admin", MIA)
    db.ok(MEMBER, "task", "add", "Before the reader", "--owner", MIA)
    os.chmod(db.path, 0o644)

    assert [t["title"] for t in db.json(OTHER, "task", "list")] == ["Before the reader"]
    other_uid = pwd.getpwnam(OTHER).pw_uid
    left = {name for name, st in db.files().items() if st.st_uid == other_uid}
    assert left == set(), left

    db.ok(MEMBER, "task", "add", "After the reader", "--owner", MIA)
    db.ok(MEMBER, "check")
    assert [t["title"] for t in db.json(MEMBER, "task", "list")] == [
        "Before the reader",
        "After the reader",
    ]
