"""Time without use: any key, click, wheel or movement of the mouse anywhere in the app
starts the count again; when it runs out, ``idle`` is emitted (the window locks)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_USE = frozenset({
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
})  # fmt: skip


class IdleWatcher(QObject):
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def milliseconds(self) -> int:
        return self.timer.interval()

    def start(self, milliseconds: int) -> None:
        """Counts ``milliseconds`` without use from now."""
        self.timer.setInterval(milliseconds)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in _USE and self.timer.isActive():
            self.timer.start()
        return False

    def remove(self) -> None:
        """Stops watching (the window closed)."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
