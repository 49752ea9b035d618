"""What the window remembers between sessions on this computer: size and position, the
recent databases, the language and the last username signed in.  One INI file in the
user's configuration folder (``$AGROFERIA_CONFIG_DIR`` overrides it), never the registry,
so it is easy to find and copy.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from agroferia import i18n
from agroferia.config import CONFIG_ENV_VAR, config_dir, is_url
from agroferia.core.files import private_file, private_folder

MAX_RECENT = 8


class Prefs:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "agroferia.ini"
        # the file and its folder are the owner's only (the recent databases say where the
        # data is); Qt keeps an existing file's mode when it saves. The default folder is
        # narrowed to that if an older version made it readable by others.
        default = path is None and not os.environ.get(CONFIG_ENV_VAR)
        with contextlib.suppress(OSError):  # then Qt keeps the preferences in memory only
            private_folder(self.path.parent, tighten=default)
            private_file(self.path)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)

    # size and position -------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    # recent databases ----------------------------------------------------------------
    def recent(self) -> list[str]:
        value = self._qs.value("databases/recent", [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(item) for item in items if item]

    def add_recent(self, location: str) -> None:
        location = location if is_url(location) else str(Path(location).resolve())
        items = [location, *(r for r in self.recent() if r != location)]
        self._qs.setValue("databases/recent", items[:MAX_RECENT])

    def remove_recent(self, location: str) -> None:
        self._qs.setValue("databases/recent", [r for r in self.recent() if r != location])

    # language ------------------------------------------------------------------------
    def language(self) -> str | None:
        value = self._qs.value("interface/language")
        return value if value in i18n.LANGUAGES else None

    def set_language(self, lang: str) -> None:
        self._qs.setValue("interface/language", lang)

    # the last account signed in (its username only, never a password) -------------------
    def last_username(self) -> str:
        value = self._qs.value("session/username")
        return value if isinstance(value, str) else ""

    def set_last_username(self, username: str) -> None:
        self._qs.setValue("session/username", username)

    # the folders the file dialogs start in ----------------------------------------------
    def last_folder(self, purpose: str) -> str | None:
        """The folder last used to save (``"export"``) or read (``"import"``) files, while it
        still exists."""
        value = self._qs.value(f"folders/{purpose}")
        return value if isinstance(value, str) and value and Path(value).is_dir() else None

    def set_last_folder(self, purpose: str, folder: str | Path) -> None:
        self._qs.setValue(f"folders/{purpose}", str(Path(folder).absolute()))

    def sync(self) -> None:
        self._qs.sync()
