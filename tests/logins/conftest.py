"""Fixtures for running Tandem as several real OS logins against one database.

- ``logins`` (session): the logins ``tdm_head``, ``tdm_member``, ``tdm_other`` and the
  group ``tdm_team`` (head and member) exist, and a Tandem they can all run is built.
  Use ``logins.run_as(LOGIN, *args, db=PATH)``, ``logins.run_root(*args, db=PATH)``,
  ``logins.python_as(LOGIN, CODE)`` and ``logins.spawn_as(LOGIN, CODE)``.
- ``shared_dir``: a fresh 0777 directory under /tmp for this test's database.
- ``group_dir``: a fresh root:tdm_team 2770 (setgid) directory, the shared-host setup.

Without root every test here is skipped, saying so. The logins are kept after the
run and reused by the next one (see ``ensure_logins``): deleting them would race with
another run (another worktree, or an xdist worker whose session is still going) that
uses them, and ``userdel`` takes the same password-file lock ``useradd`` does. They
have no home, a locked password and no login shell.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.logins.harness import (
    TEAM,
    TMP,
    HarnessUnavailable,
    Logins,
    ensure_logins,
    ensure_runtime,
)
from tests.logins.harness import shared_dir as make_shared_dir


@pytest.fixture(scope="session")
def logins() -> Iterator[Logins]:
    if os.geteuid() != 0:
        pytest.skip("multi-login tests create OS users and run commands as them: run as root")
    try:
        ensure_logins()
        runtime = ensure_runtime()
    except HarnessUnavailable as exc:
        pytest.skip(f"multi-login tests can't run here: {exc}")
    homes = Path(tempfile.mkdtemp(prefix="tandem-logins-homes-", dir=TMP))
    os.chmod(homes, 0o755)
    print(
        f"\nlogins runtime {'built' if runtime.built else 'reused'} in "
        f"{runtime.seconds:.2f} s at {runtime.root}"
    )
    try:
        yield Logins(runtime, homes)
    finally:
        shutil.rmtree(homes, ignore_errors=True)


@pytest.fixture
def shared_dir(logins: Logins) -> Iterator[Path]:
    path = make_shared_dir()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def group_dir(logins: Logins) -> Iterator[Path]:
    path = make_shared_dir(group=TEAM)
    yield path
    shutil.rmtree(path, ignore_errors=True)
