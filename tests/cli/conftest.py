"""Fixtures of the CLI tests: ``tandem`` runs the CLI against the test's database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.support import Tandem


@pytest.fixture
def tandem(db_path: Path) -> Tandem:
    """The CLI on the test's database file (use with the ``db``/``team`` fixtures, or ``init``)."""
    return Tandem(db_path)
