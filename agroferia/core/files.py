"""Files the app writes: never half of one, and readable by their owner only.

The database, its copies, the log and every export hold personal data, so on Linux and
macOS the app's folders are made 0700 and its files 0600: ``cli.main`` narrows the process
umask first (``private_umask``), and each place that makes a file or a folder asks for those
modes itself as well (``private_file``, ``private_folder``, ``replacing``), so that they hold
whoever calls them.  On Windows, where files inherit the folder's access list, nothing is
changed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_OTHERS = 0o077  # the group's and everyone else's permissions


def private_umask() -> None:
    """From now on this process creates files and folders for their owner only (the
    owner's own umask bits are kept)."""
    if POSIX:
        os.umask(os.umask(_OTHERS) | _OTHERS)


def private_folder(path: Path | str, *, tighten: bool = False) -> Path:
    """``path`` as a folder, creating it and any missing parent 0700. ``tighten`` also takes
    the group's and others' permissions away from it when it exists already: only for the
    app's own folders, never for one the person chose."""
    path = Path(path)
    missing = []
    current = path
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile (another process)
            folder.mkdir(mode=FOLDER_MODE)
    if not path.is_dir():
        path.mkdir()  # raises the error that applies (a file of that name, say)
    if tighten and POSIX:
        _narrow(path)
    return path


def _narrow(path: Path) -> None:
    """Takes away the group's and others' permissions, where the owner may."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & _OTHERS:
            path.chmod(mode & ~_OTHERS)
    except OSError:
        pass  # not the owner: nothing to take away


def private_file(path: Path | str) -> Path:
    """``path`` created empty and 0600 when it does not exist (an existing file keeps its
    mode, unless ``narrow_file`` is called). A database made on it keeps that mode, and
    SQLite gives its ``-wal``, ``-shm`` and ``-journal`` files the database's mode."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.close(fd)
    return path


def narrow_file(path: Path | str) -> None:
    """An existing file of the app's own (a copy it made, its log) made 0600 at most."""
    if POSIX:
        _narrow(Path(path))


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A new empty file beside ``path`` to write into; when the block ends without error it
    replaces ``path`` in one step (the old file or the new one, never half of one), and when
    anything fails it is removed and ``path`` is left as it was.

    The file is made 0600, readable by its owner only (every file the app writes may hold
    personal data), in the same folder so that the rename is atomic; a missing or read-only
    folder fails at once."""
    path = Path(path)
    if path.is_dir():  # said of the file asked for, not of the temporary one beside it
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    temporary = _claim(path)
    try:
        yield temporary
        temporary.replace(path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and (exc.filename is None or exc.filename == str(temporary)):
            exc.filename = str(path)  # a write that failed midway names no file, or its own
        raise


def _claim(path: Path) -> Path:
    for _attempt in range(100):
        candidate = path.with_name(f".{path.stem}-{os.urandom(4).hex()}{path.suffix}.tmp")
        try:
            fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except FileExistsError:
            continue
        os.close(fd)
        return candidate
    raise FileExistsError(f"no free temporary name beside {path}")
