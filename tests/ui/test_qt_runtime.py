"""The Qt binding itself, where a defect of a release would crash the application."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Source(QObject):
    plain = Signal()
    text = Signal(str)


def test_emitting_signals_keeps_the_reference_counts_of_true_and_false() -> None:
    """PySide6 6.12.0 dropped a reference to True on every ``emit()``; where True is not
    immortal (Python 3.11) the process aborted after a few thousand signals, in the middle
    of typing a fair day. That release is excluded in pyproject.toml; this keeps out any
    other with the same defect."""
    source = _Source()
    source.text.connect(lambda _value: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(50):
        source.plain.emit()
        source.text.emit("12.50")
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] - before[0] > -10, "emit() loses references to True"
    assert after[1] - before[1] > -10, "emit() loses references to False"
