"""Logging to one rotating file in the user's log folder (``AGROFERIA_LOG_DIR`` overrides)."""

from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from agroferia.config import log_dir

LOG_ENV_VAR = "AGROFERIA_LOG_DIR"
_handler: logging.Handler | None = None


def log_file() -> Path:
    folder = Path(os.environ[LOG_ENV_VAR]) if os.environ.get(LOG_ENV_VAR) else log_dir()
    return folder / "agroferia.log"


def setup() -> Path | None:
    """Sends the app's log records to the file; returns its path (None if it cannot be written)."""
    global _handler
    path = log_file()
    root = logging.getLogger("agroferia")
    if _handler is not None:
        root.removeHandler(_handler)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        _handler = logging.NullHandler()  # a read-only home must not stop the app
        path = None
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    root.setLevel(logging.INFO)
    root.propagate = False  # nothing on the terminal but what the command prints itself
    return path
