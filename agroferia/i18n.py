"""Translatable text, shared by the core, the command line and the GUI.

Source strings are Spanish (the default language); ``resources/locale/<lang>.po`` holds the
other languages in ordinary gettext format, read with Babel.  Mark a string with ``_()``
where it is shown straight away, or with ``lazy()`` where it is kept (in an error, say) and
rendered later, possibly after the language has changed.  ``N_()`` only marks a string for
the catalogue.  ``_n(n, one, other)`` and ``lazy_n(…)`` choose between a singular and a plural
message by ``n`` (both are catalogue entries of their own).  A test extracts every marked string and fails when a catalogue lacks one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import Any

from agroferia.core.plain_text import shown

DEFAULT_LANGUAGE = "es"
LANGUAGES = ("es", "en")

_current = DEFAULT_LANGUAGE
# A language for one piece of work (an export in English while the window speaks Spanish);
# a context variable, so that a worker thread's choice never leaks into the interface.
_override: ContextVar[str | None] = ContextVar("agroferia_language", default=None)


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def get_language() -> str:
    return _override.get() or _current


@contextmanager
def language(lang: str | None) -> Iterator[str]:
    """Within the block, text renders in ``lang`` (None: the current language), in this
    thread only."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    token = _override.set(lang or get_language())
    try:
        yield get_language()
    finally:
        _override.reset(token)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """msgid -> translation for ``lang`` (empty for the source language)."""
    if lang == DEFAULT_LANGUAGE:
        return {}
    from babel.messages.pofile import read_po

    from agroferia.config import resources_dir

    with (resources_dir() / "locale" / f"{lang}.po").open("rb") as fh:
        cat = read_po(fh, locale=lang)
    return {m.id: m.string for m in cat if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: str | None = None) -> str:
    return catalogue(lang or get_language()).get(msgid, msgid)


def _(msgid: str, **params: Any) -> str:
    """``msgid`` in the current language, with ``params`` put in; a value shows no escape
    sequence, control, bidirectional or invisible character (``plain_text.shown``), so that
    a name stored or read from a file can never colour a terminal or reverse a message."""
    text = translate(msgid)
    return text.format(**{k: shown(v) for k, v in params.items()}) if params else text


def N_(msgid: str) -> str:  # noqa: N802 (gettext's own name)
    return msgid


class Text:
    """A translatable message rendered at the moment it is shown."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, lang: str | None = None) -> str:
        text = translate(self.msgid, lang)
        if not self.params:
            return text
        values = {
            k: v.render(lang) if isinstance(v, Text) else shown(v) for k, v in self.params.items()
        }
        return text.format(**values)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Text):
            return (self.msgid, self.params) == (other.msgid, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.msgid)


def lazy(msgid: str, **params: Any) -> Text:
    return Text(msgid, **params)


def _plural(n: int, one: str, other: str) -> str:
    """Spanish and English both use the singular for exactly one."""
    return one if n == 1 else other


def _n(n: int, one: str, other: str, **params: Any) -> str:
    """``_n(k, "1 celda", "{n} celdas")``: the form for ``n``, with ``{n}`` filled in."""
    return _(_plural(n, one, other), n=n, **params)


def lazy_n(n: int, one: str, other: str, **params: Any) -> Text:
    return Text(_plural(n, one, other), n=n, **params)
