"""A long command's progress on stderr, so that stdout keeps only its result.

On a terminal one line is rewritten in place ("… 35 %"); elsewhere (a log, a pipe) a line is
written at every tenth of the way, so that the output stays short.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


class Progress:
    """``progress(done)`` with ``done`` from 0.0 to 1.0; ``line(percent)`` is the text to show.
    ``finish()`` ends a line left open on a terminal (after success or failure alike)."""

    def __init__(self, line: Callable[[int], str], stream: TextIO | None = None) -> None:
        self._line = line
        self._stream = stream if stream is not None else sys.stderr
        self._terminal = self._stream.isatty()
        self._shown: int | None = None
        self._open = False

    def __call__(self, done: float) -> None:
        percent = max(0, min(100, int(done * 100)))
        if self._shown is not None and percent <= self._shown:
            return
        if not self._terminal and self._shown is not None and percent < 100:
            if percent // 10 == self._shown // 10:
                return
            percent -= percent % 10  # "… 30 %", not a number in passing
        self._shown = percent
        if self._terminal:
            self._stream.write("\r" + self._line(percent))
            self._open = True
        else:
            self._stream.write(self._line(percent) + "\n")
        self._stream.flush()

    def finish(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._stream.flush()
            self._open = False
