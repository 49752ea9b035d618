"""The window's session: who is signed in, changing user, signing out, and the lock after
a while without use (the window and its open dialogs covered, the same account's password
asked again, nothing typed lost).  Mixed into ``MainWindow``, whose pages, menus, cover
and idle watcher it uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from agroferia.core import settings
from agroferia.i18n import _
from agroferia.ui import signin
from agroferia.ui.context import Account
from agroferia.ui.signin.sign_in import SignInDialog
from agroferia.ui.widgets import dialogs_running

if TYPE_CHECKING:
    from agroferia.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


def _cover(window: QWidget) -> QLabel:
    """A plain panel over the whole of ``window`` (larger than it, should it grow)."""
    cover = QLabel(_("Sesión bloqueada"), window)
    cover.setObjectName("lock_cover")
    cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
    cover.setAutoFillBackground(True)
    cover.setGeometry(0, 0, max(window.width(), 4000), max(window.height(), 4000))
    cover.raise_()
    cover.show()
    return cover


class SessionMixin(_Base):
    # the account ---------------------------------------------------------------------
    def _signed_in(self, user: Account) -> None:
        """Another account uses the window: its title, its rights, its pages."""
        assert self.ctx is not None
        key = self.current_key()
        self.ctx.set_user(user)
        self._rebuild(key)
        self._arm_lock()

    def switch_user(self) -> None:
        """Archivo → Cambiar de usuario: another account signs in; if the person cancels,
        the one signed in stays."""
        assert self.ctx is not None
        if not self._may_leave():
            return
        self.idle.stop()
        user = signin.sign_in(self, self.ctx.db, self.prefs)
        if user is None:
            self._arm_lock()
            return
        self._signed_in(user)

    def log_out(self) -> None:
        """Archivo → Cerrar sesión: the window waits for the next account; cancelling
        quits."""
        assert self.ctx is not None
        if not self._may_leave():
            return
        self.idle.stop()
        self._drop_pages()
        self.hide()
        user = signin.sign_in(None, self.ctx.db, self.prefs)
        if user is None:
            self.close()
            return
        self._signed_in(user)
        self.show()

    # the lock ------------------------------------------------------------------------
    def _arm_lock(self) -> None:
        """Counts the time without use again (an unprotected database never locks)."""
        assert self.ctx is not None
        if self.ctx.user is None or self.locked:
            self.idle.stop()
            return
        ms = self.idle_lock_ms
        if ms is None:
            ms = self.ctx.read(settings.idle_lock_minutes) * 60_000
        self.idle.start(ms)

    @property
    def locked(self) -> bool:
        return self.lock_dialog is not None

    def lock(self) -> None:
        """Covers the window and asks the account's password again; the pages stay as
        they were, unsaved changes included."""
        assert self.ctx is not None
        if self.locked or self.ctx.user is None:
            return
        self.idle.stop()
        self.cover.setText(_("Sesión bloqueada"))
        self.cover.setGeometry(self.rect())
        self.cover.raise_()
        self.cover.show()
        # the window's other dialogs (a vendor's form, the Registro de cambios) stay open,
        # what was typed in them included, but covered too
        self.window_covers = [_cover(w) for w in self._other_windows()]
        dialog = SignInDialog(self.ctx.db, self.prefs, self, locked=self.ctx.user)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(self._lock_answered)
        self.lock_dialog = dialog
        dialog.open()

    def _lock_answered(self, code: int) -> None:
        dialog = self.lock_dialog
        assert dialog is not None and self.ctx is not None
        self.lock_dialog = None
        dialog.deleteLater()
        for cover in self.window_covers:
            if shiboken6.isValid(cover):
                cover.deleteLater()
        self.window_covers = []
        if code == SignInDialog.SWITCH:
            if self._may_leave(may_save=False):
                user = signin.sign_in(self, self.ctx.db, self.prefs)
                if user is not None:
                    # the other account never sees the dialogs left open: they are
                    # cancelled (unsaved, as agreed), and the pages go once they are closed
                    for other in self._other_windows():
                        if isinstance(other, QDialog):
                            other.reject()
                        else:
                            other.close()
                    self._switch_when_closed(user)
                    return
            self.lock()  # back to the lock of the same account
            return
        self.cover.hide()
        self._arm_lock()

    def _switch_when_closed(self, user: Account) -> None:
        """Signs ``user`` in once no dialog of the pages is still running (a dialog closed
        from inside its own loop returns to its page only when the loop ends)."""
        if QApplication.activeModalWidget() is not None or dialogs_running():
            QTimer.singleShot(20, lambda: self._switch_when_closed(user))
            return
        self.cover.hide()
        self._signed_in(user)

    def _other_windows(self) -> list[QWidget]:
        """The visible windows of the app besides this one and its lock."""
        return [w for w in QApplication.topLevelWidgets()
                if w.isVisible() and w is not self and w is not self.lock_dialog]  # fmt: skip
