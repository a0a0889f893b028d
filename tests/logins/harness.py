"""Run Tandem as real OS logins against one database file.

The suite runs as root in CI. This module creates throwaway logins and a group
(once per machine, reused by every later run), builds a Tandem that any login
can execute (the system ``python3`` plus a world-readable copy of the runtime
dependencies and of ``db``/``tui``), and runs commands as a login with
``runuser``.

Nothing here is a fixture; ``tests/logins/conftest.py`` wires it into pytest.
"""

from __future__ import annotations

import contextlib
import fcntl
import grp
import hashlib
import importlib.metadata as md
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cli.support import Ran

HEAD = "tdm_head"  # becomes Maya Chen, head of Sales
MEMBER = "tdm_member"  # a member of Sales (or a database's owner)
OTHER = "tdm_other"  # bound to nobody
TEAM = "tdm_team"  # HEAD and MEMBER, for a group-shared database
LOGINS = (HEAD, MEMBER, OTHER)
IN_TEAM = (HEAD, MEMBER)

# Marks the logins as ours, so a real account that happens to share a name is never touched.
GECOS = "Tandem test login (tests/logins)"
SYSTEM_PYTHON = "/usr/bin/python3"
LOCK_PATH = "/tmp/tandem-tests-logins.lock"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
# Not tempfile.gettempdir(): TMPDIR may name a private directory the other logins can't reach.
TMP = Path("/tmp")
RUNTIME_PREFIX = "tandem-logins-py-"
# Runtimes not used for this long are removed by the next build.
RUNTIME_KEEP_SECONDS = 24 * 3600
# A safety net against a hung child, never an assertion about speed.
COMMAND_TIMEOUT = 120

ROOT = Path(__file__).resolve().parents[2]


class HarnessUnavailable(Exception):
    """The machine can't run the multi-login tests; the message says why."""


# --------------------------------------------------------------------------- locking


@contextlib.contextmanager
def machine_lock() -> Iterator[None]:
    """Serialise user creation and runtime builds across processes (xdist, parallel runs)."""
    fd = os.open(LOCK_PATH, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# --------------------------------------------------------------------------- logins


def _run(*argv: str) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT)
    if done.returncode != 0:
        raise HarnessUnavailable(f"`{' '.join(argv)}` failed: {done.stderr.strip()}")


def _group_exists(name: str) -> bool:
    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def ensure_logins() -> None:
    """Create (or reuse) the three logins and the team group.

    Idempotent: an earlier run's logins are reused. A same-named account that
    we did not create (its GECOS differs) is never modified.
    """
    for tool in ("useradd", "groupadd", "gpasswd", "runuser"):
        if shutil.which(tool) is None:
            raise HarnessUnavailable(f"`{tool}` is not installed")
    shell = "/usr/sbin/nologin" if Path("/usr/sbin/nologin").exists() else "/bin/false"
    with machine_lock():
        if not _group_exists(TEAM):
            _run("groupadd", TEAM)
        for login in LOGINS:
            user = _user(login)
            if user is None:
                # No home, no user group, no login shell; the password stays locked.
                _run("useradd", "-M", "-N", "-d", "/nonexistent", "-s", shell, "-c", GECOS, login)
            elif user.pw_gecos != GECOS:
                raise HarnessUnavailable(
                    f"a login named {login} exists and was not made by these tests"
                )
        members = set(grp.getgrnam(TEAM).gr_mem)
        for login in IN_TEAM:
            if login not in members:
                _run("gpasswd", "-a", login, TEAM)


# --------------------------------------------------------------------------- runtime


def _project() -> dict[str, Any]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        project: dict[str, Any] = tomllib.load(fh)["project"]
    return project


def _requirement_closure() -> list[md.Distribution]:
    """The installed distributions Tandem needs at run time (pyproject's dependencies, no extras)."""
    from packaging.requirements import Requirement

    seen: dict[str, md.Distribution] = {}
    todo = [Requirement(text) for text in _project()["dependencies"]]
    while todo:
        req = todo.pop()
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in seen or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            raise HarnessUnavailable(
                f"{req.name} is not installed here; run `make test` (it installs '.[test]')"
            ) from None
        seen[key] = dist
        todo += [Requirement(text) for text in dist.requires or []]
    return list(seen.values())


def _source_files() -> list[Path]:
    # This module too: a change to how the runtime is built builds it anew.
    files = [ROOT / "pyproject.toml", Path(__file__).resolve()]
    for package in ("db", "tui"):
        files += sorted(
            p for p in (ROOT / package).rglob("*") if p.is_file() and "__pycache__" not in p.parts
        )
    return files


def _system_python_version() -> str:
    done = subprocess.run(
        [
            SYSTEM_PYTHON,
            "-I",
            "-c",
            "import sys; print('%d.%d' % sys.version_info[:2], sys.version)",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=COMMAND_TIMEOUT,
    )
    return done.stdout.strip()


def _runtime_key(deps: list[md.Distribution], system_version: str) -> str:
    digest = hashlib.sha256()
    digest.update(system_version.encode())
    for dist in sorted(deps, key=lambda d: d.metadata["Name"].lower()):
        digest.update(f"\0{dist.metadata['Name']}=={dist.version}".encode())
    for path in _source_files():
        digest.update(f"\0{path.relative_to(ROOT)}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _trusted(path: Path) -> bool:
    """Ours and writable by nobody else: safe to execute as root."""
    try:
        st = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(st.st_mode)
        and st.st_uid == os.geteuid()
        and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def _open_to_all(top: Path) -> None:
    """Every directory 0755, every file readable by all and writable by its owner only.

    A file already so is left alone: it may be a hard link to the development install.
    """
    for dirpath, _dirs, files in os.walk(top):
        os.chmod(dirpath, 0o755)
        for name in files:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                continue
            mode = stat.S_IMODE(os.stat(p).st_mode)
            wanted = (mode | 0o444 | (0o111 if mode & 0o100 else 0)) & 0o755
            if wanted != mode:
                os.chmod(p, wanted)


def _copy_distribution(dist: md.Distribution, site: Path) -> None:
    """Copy one installed distribution's files (its RECORD) into ``site``.

    Its ``.pyc`` files come along (same minor version, same magic number; links and
    ``copy2`` keep the sources' times they are checked against), so ``compileall`` has
    less to do.
    """
    base = Path(str(dist.locate_file(""))).resolve()
    for entry in dist.files or []:
        source = Path(str(dist.locate_file(entry))).resolve()
        try:
            relative = source.relative_to(base)
        except ValueError:  # scripts in bin/, data files: not needed to import
            continue
        if not source.is_file():
            continue
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # A hard link where it can (same file system): opening thousands of files to
            # copy them is most of the build's time on a slow disk.
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def _install_metadata(site: Path, venv: Path) -> None:
    """Tandem's own metadata (``--version`` reads it) and a ``bin/tandem`` for manual use.

    Written from pyproject.toml: the development install's metadata would point back at
    the repository (an editable finder), which other logins may not reach.
    """
    project = _project()
    # The folder's name is the normalised distribution name (tandem-team -> tandem_team).
    dist = re.sub(r"[-_.]+", "_", project["name"]).lower()
    info = site / f"{dist}-{project['version']}.dist-info"
    info.mkdir()
    metadata = [
        "Metadata-Version: 2.1",
        f"Name: {project['name']}",
        f"Version: {project['version']}",
        *(f"Requires-Dist: {text}" for text in project["dependencies"]),
    ]
    (info / "METADATA").write_text("\n".join(metadata) + "\n")
    scripts = "".join(f"{k} = {v}\n" for k, v in project.get("scripts", {}).items())
    (info / "entry_points.txt").write_text(f"[console_scripts]\n{scripts}")
    (info / "top_level.txt").write_text("db\ntui\n")
    (info / "INSTALLER").write_text("tests/logins\n")
    (info / "RECORD").write_text("")
    script = venv / "bin" / "tandem"
    script.write_text('#!/bin/sh\nexec "$(dirname "$0")/python" -I -m tui "$@"\n')
    script.chmod(0o755)


def _build_runtime(target: Path, deps: list[md.Distribution], system_mm: str) -> None:
    """A venv of the system python holding Tandem's runtime dependencies and a copy of it."""
    venv = target / "venv"
    # No pip in it: Debian's python3 has no ensurepip without the python3-venv package.
    subprocess.run(
        [SYSTEM_PYTHON, "-I", "-m", "venv", "--without-pip", str(venv)],
        check=True,
        timeout=COMMAND_TIMEOUT,
    )
    site = venv / "lib" / f"python{system_mm}" / "site-packages"
    if "{}.{}".format(*sys.version_info[:2]) == system_mm:
        # Same minor version: the installed wheels (compiled ones too) run as they are.
        for dist in deps:
            _copy_distribution(dist, site)
    else:
        # Another minor version: the same versions' wheels for it, from the registry.
        pins = [f"{d.metadata['Name']}=={d.version}" for d in deps]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--python-version",
                system_mm,
                "--target",
                str(site),
                *pins,
            ],
            check=True,
            timeout=20 * COMMAND_TIMEOUT,
        )
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("db", "tui"):
        shutil.copytree(ROOT / package, site / package, ignore=ignore)
    _install_metadata(site, venv)
    # Other logins can't write __pycache__ here: compile now, or every run recompiles textual.
    subprocess.run(
        [SYSTEM_PYTHON, "-I", "-m", "compileall", "-q", "-j", "0", str(site)],
        check=True,
        timeout=20 * COMMAND_TIMEOUT,
        env={"PATH": "/usr/bin:/bin"},
    )
    _open_to_all(target)


def _prune_old_runtimes(keep: Path) -> None:
    now = time.time()
    for candidate in TMP.glob(RUNTIME_PREFIX + "*"):
        if candidate == keep or not _trusted(candidate):
            continue
        with contextlib.suppress(OSError):
            if now - candidate.stat().st_mtime > RUNTIME_KEEP_SECONDS:
                shutil.rmtree(candidate)


@dataclass(frozen=True)
class Runtime:
    """A Tandem every login can run."""

    root: Path
    python: Path
    seconds: float  # how long finding or building it took
    built: bool  # False when an earlier run's build was reused


def ensure_runtime() -> Runtime:
    """Find or build the world-readable runtime for this source tree and these dependencies."""
    started = time.perf_counter()
    if not Path(SYSTEM_PYTHON).exists():
        raise HarnessUnavailable(f"{SYSTEM_PYTHON} (the system interpreter) is missing")
    system_version = _system_python_version()
    system_mm = system_version.split()[0]
    deps = _requirement_closure()
    final = TMP / (RUNTIME_PREFIX + _runtime_key(deps, system_version))
    python = final / "venv" / "bin" / "python"
    built = False
    with machine_lock():
        if not (_trusted(final) and (final / ".complete").is_file()):
            if final.exists() or final.is_symlink():
                raise HarnessUnavailable(f"{final} exists but was not built by this user")
            work = Path(tempfile.mkdtemp(prefix=RUNTIME_PREFIX + "build-", dir=TMP))
            try:
                _build_runtime(work, deps, system_mm)
                (work / ".complete").touch(mode=0o644)
                os.rename(work, final)
            except BaseException:
                shutil.rmtree(work, ignore_errors=True)
                raise
            built = True
        os.utime(final)
        _prune_old_runtimes(final)
    return Runtime(final, python, time.perf_counter() - started, built)


# --------------------------------------------------------------------------- running


class Logins:
    """Runs Tandem (or any Python) as root or as one of the test logins."""

    def __init__(self, runtime: Runtime, homes: Path) -> None:
        self.runtime = runtime
        self.python = runtime.python
        self.homes = homes
        for login in ("root", *LOGINS):
            home = homes / login
            home.mkdir(mode=0o700)
            user = pwd.getpwnam(login)
            os.chown(home, user.pw_uid, user.pw_gid)

    def home(self, login: str) -> Path:
        return self.homes / login

    def environment(self, login: str, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """A clean environment: no TANDEM_*, USER or LOGNAME unless ``env`` gives them."""
        home = self.home(login)
        base = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "LANG": "C.UTF-8",
            "COLUMNS": "250",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        return {**base, **(env or {})}

    def _argv(self, login: str, argv: list[str]) -> list[str]:
        if login == "root":
            return argv
        # -m keeps our clean environment (runuser would set HOME, USER, LOGNAME, SHELL).
        return [RUNUSER, "-m", "-u", login, "--", *argv]

    def python_as(
        self,
        login: str,
        code: str,
        *args: str,
        env: Mapping[str, str] | None = None,
        stdin: str | None = None,
    ) -> Ran:
        """Run ``python -I -c CODE ARGS`` as ``login`` ("root" for the admin)."""
        argv = self._argv(login, [str(self.python), "-I", "-B", "-c", code, *args])
        return self._run(login, argv, env, stdin)

    def run_as(
        self,
        login: str,
        *args: str,
        db: Path | str,
        env: Mapping[str, str] | None = None,
        stdin: str | None = None,
    ) -> Ran:
        """``tandem --db DB ARGS...`` as ``login``; ``login="root"`` runs it as root."""
        argv = self._argv(
            login, [str(self.python), "-I", "-B", "-m", "tui", "--db", str(db), *args]
        )
        return self._run(login, argv, env, stdin)

    def run_root(
        self,
        *args: str,
        db: Path | str,
        env: Mapping[str, str] | None = None,
        stdin: str | None = None,
    ) -> Ran:
        """``tandem --db DB ARGS...`` as root (the admin, in most tests)."""
        return self.run_as("root", *args, db=db, env=env, stdin=stdin)

    def spawn_as(
        self, login: str, code: str, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[str]:
        """Start ``python -I -c CODE ARGS`` as ``login`` in the background (pipes on all three)."""
        argv = self._argv(login, [str(self.python), "-I", "-B", "-c", code, *args])
        return subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.environment(login, env),
            cwd=self.home(login),
        )

    def _run(
        self, login: str, argv: list[str], env: Mapping[str, str] | None, stdin: str | None
    ) -> Ran:
        done = subprocess.run(
            argv,
            input=stdin if stdin is not None else "",
            capture_output=True,
            text=True,
            env=self.environment(login, env),
            cwd=self.home(login),
            timeout=COMMAND_TIMEOUT,
        )
        return Ran(done.returncode, done.stdout, done.stderr)


def shared_dir(*, group: str | None = None) -> Path:
    """A fresh directory under /tmp every login can reach.

    Without ``group``: mode 0777 (anyone may create files beside the database).
    With ``group``: owned by root:GROUP, mode 2770 (setgid, so new files get GROUP),
    the shared-host setup the README describes.
    """
    path = Path(tempfile.mkdtemp(prefix="tandem-logins-db-", dir=TMP))
    if group is None:
        os.chmod(path, 0o777)
    else:
        os.chown(path, 0, grp.getgrnam(group).gr_gid)
        os.chmod(path, 0o2770)
    return path
