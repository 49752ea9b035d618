"""``agroferia [--db …] [--lang …] FILE.agroferia``: a backup opened with the app (what the
desktop runs when one is double-clicked).  The file stands where a command would; it is
taken out of the arguments, checked, and handed to the window, which offers to restore it
(``agroferia.ui.backup.opened``).

A file refused here (missing, not a backup, followed by a command) is reported on stderr
and, since whoever double-clicked it sees no terminal, in a message box too
(``show_refusal``)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from agroferia.i18n import _

BACKUP_SUFFIX = ".agroferia"
# the options before a command that take a value (``--db PATH``)
VALUED_OPTIONS = ("--db", "--lang", "--user")


def _positionals(argv: Sequence[str]) -> list[int]:
    """Where the arguments that are not options (nor their values) are."""
    found, i = [], 0
    while i < len(argv):
        arg = argv[i]
        if arg in VALUED_OPTIONS:
            i += 2
            continue
        if arg == "--":
            found.extend(range(i + 1, len(argv)))
            break
        if not arg.startswith("-") or arg == "-":
            found.append(i)
        i += 1
    return found


def opened_backup(argv: list[str], commands: Sequence[str]) -> tuple[list[str], Path | None]:
    """The arguments without the backup given in place of a command, and that backup
    (absolute); ``(argv, None)`` when there is none.  Anything that does not look like a
    file (a mistyped command) is left for the parser to refuse."""
    from agroferia.cli import UsageError

    positionals = _positionals(argv)
    if not positionals or argv[positionals[0]] in commands:
        return argv, None
    at = positionals[0]
    given = argv[at]
    path = Path(given).expanduser()
    looks_like_a_file = (given.lower().endswith(BACKUP_SUFFIX) or "/" in given
                         or "\\" in given or path.exists())  # fmt: skip
    if not looks_like_a_file:
        return argv, None
    if not path.exists():
        raise UsageError(_("no existe el archivo {path}", path=given))
    if not path.is_file() or path.suffix.lower() != BACKUP_SUFFIX:
        raise UsageError(
            _("{path} no es una copia de seguridad de Agroferia (un archivo .agroferia)",
              path=given)
        )  # fmt: skip
    if len(positionals) > 1:
        raise UsageError(_("una copia de seguridad se abre sola: agroferia ARCHIVO.agroferia"))
    rest = [arg for i, arg in enumerate(argv) if i != at and arg != "--"]
    return rest, path.absolute()


def has_display() -> bool:
    """Whether a window can be shown: always on Windows and macOS; elsewhere when Qt is
    told which platform to use or an X11 or Wayland display is there."""
    if sys.platform in ("win32", "darwin"):
        return True
    return any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY",
                                                  "WAYLAND_DISPLAY"))  # fmt: skip


def show_refusal(message: str) -> None:
    """``message`` (why the file given cannot be opened) in a message box, for whoever
    double-clicked it; nothing without a display."""
    if not has_display():
        return
    from PySide6.QtWidgets import QApplication, QMessageBox

    from agroferia.ui.main_window import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Agroferia")
    app.setWindowIcon(app_icon())
    box = QMessageBox(QMessageBox.Icon.Warning, _("No se puede abrir el archivo"),
                      message[:1].upper() + message[1:], QMessageBox.StandardButton.Ok)  # fmt: skip
    box.button(QMessageBox.StandardButton.Ok).setText(_("Aceptar"))
    box.exec()
