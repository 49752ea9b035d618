"""Writing a file the user asked for without ever leaving half of one behind."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path | str) -> Iterator[Path]:
    """A new empty file beside ``path`` to write into; when the block ends without error it
    replaces ``path`` in one step (the old file or the new one, never half of one), and when
    anything fails it is removed and ``path`` is left as it was.

    The file is made like any file the user saves (permissions from the umask, unlike
    ``mkstemp``'s owner-only ones, which the renamed file would keep), in the same folder so
    that the rename is atomic; a missing or read-only folder fails at once."""
    path = Path(path)
    temporary = _claim(path)
    try:
        yield temporary
        temporary.replace(path)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(path)  # a write that failed midway (a full disk) names no file
        raise


def _claim(path: Path) -> Path:
    for _attempt in range(100):
        candidate = path.with_name(f".{path.stem}-{secrets.token_hex(4)}{path.suffix}.tmp")
        try:
            with candidate.open("xb"):
                return candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")
