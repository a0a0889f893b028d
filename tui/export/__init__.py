"""The exported minutes: ``render(minutes, fmt)`` and ``write_atomic(path, text, force)``.

Renderers take the plain data of ``db.minutes.get_minutes`` and return text;
they import neither Textual nor rich, so ``tandem minutes`` starts fast.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from importlib import import_module
from pathlib import Path

from db.errors import Invalid, OutputExists
from db.files import refuse_output_path
from db.minutes import Minutes

# Format name -> the module that renders it (imported only when used).
FORMATS: dict[str, str] = {
    "markdown": "tui.export.to_markdown",
    "html": "tui.export.to_html",
    "json": "tui.export.to_json",
    "text": "tui.export.to_text",
}


def render(minutes: Minutes, fmt: str = "markdown") -> str:
    """The minutes in ``fmt`` (markdown, html, json or text)."""
    if fmt not in FORMATS:
        raise Invalid(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    module = import_module(FORMATS[fmt])
    return str(module.render(minutes))


def _refuse_existing(path: Path) -> OutputExists:
    return OutputExists(
        f"file exists: {path}; nothing was written — choose another name", path=os.fspath(path)
    )


def check_target(
    path: str | os.PathLike[str], force: bool, *, database: str | os.PathLike[str]
) -> Path:
    """Refuse a target that can't be written before any work is done.

    ``database`` is the database's path: neither it nor its ``-wal``/``-shm``
    (nor a FIFO or a directory) is ever a target, whatever ``force`` says.
    """
    target = Path(path).expanduser()
    refuse_output_path(database, target)
    if not target.parent.is_dir():
        raise Invalid(f"no directory {target.parent}; create it first")
    if not force and os.path.lexists(target):
        raise _refuse_existing(target)
    return target


def write_atomic(
    path: str | os.PathLike[str],
    text: str,
    force: bool = False,
    *,
    database: str | os.PathLike[str],
) -> Path:
    """Write ``text`` (UTF-8) to ``path`` so that a failure never leaves half a file.

    The text goes to a temporary file in the same directory, is flushed to
    disk, then takes the target's name in one step: ``os.link`` when the
    target must not exist (it fails if the file appeared meanwhile, so nothing
    is ever overwritten without ``force``), ``os.replace`` with ``force``. A new
    file is readable by its owner only; an overwritten one keeps its mode.

    Raises:
        OutputExists: the file exists and ``force`` is False.
        Invalid: the directory is missing.
        UnsafeOutput: the path is the database (``database``), its ``-wal``/``-shm``,
            a link to one of them, a FIFO or a directory, even with ``force``.
    """
    target = check_target(path, force, database=database)
    try:
        _write(target, text, force)
    except OSError as exc:
        # Disk full, no permission, ...: the temporary file is gone, the target untouched.
        raise Invalid(f"can't write {target}: {exc.strerror or exc}; nothing was written") from exc
    _fsync_dir(target.parent)
    return target


def _write(target: Path, text: str, force: bool) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tandem-minutes-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                raise _refuse_existing(target) from None
            except OSError:
                # No hard links on this file system (FAT, some network shares).
                if os.path.lexists(target):
                    raise _refuse_existing(target) from None
                os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _fsync_dir(directory: Path) -> None:
    """Make the new name itself durable (POSIX); not possible everywhere."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["FORMATS", "Minutes", "check_target", "render", "write_atomic"]
