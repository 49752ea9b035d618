"""Text that is only text: what is stored, and what is printed or shown in a message.

People paste names from web pages, chats and spreadsheets, and with them characters that
cannot be seen or that change how a line is shown: zero-width spaces and joiners, a BOM,
soft hyphens, right-to-left overrides (``Ana\\u202eoreP`` looks like "AnaPero"), and
terminal escape sequences (``\\x1b[31m`` turns a terminal red).  None of them belongs in a
name or a note.

- ``stored(value)`` is the form every free text is kept in (``validation.text`` uses it):
  Unicode NFC; escape sequences, control, format (bidirectional, zero-width, BOM, soft
  hyphen…) and blank-looking filler characters removed; line breaks, tabs and every kind of
  space read as one plain space; no space at either end.
- ``shown(value)`` is the form in which any value, stored before these rules or coming from
  a file, reaches a terminal or a message: the same characters removed, line breaks and
  tabs kept.  ``i18n`` applies it to every value placed into a message; call it wherever a
  stored value is printed or shown some other way.

This module imports nothing of the app, so that ``i18n`` can use it.
"""

from __future__ import annotations

import re
import unicodedata

# Complete escape sequences (ECMA-48) introduced by ESC: CSI (ESC [) with its parameters
# and final byte; OSC, DCS, SOS, PM and APC strings with their terminator (BEL or ST); and
# the two-character ESC sequences. Removed whole, so "\x1b[31mRosa" becomes "Rosa", what a
# terminal shows, rather than "[31mRosa". What is left of anything else (a lone ESC, an
# unterminated string, the 8-bit C1 controls) loses its control characters only.
_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[ -/]*[0-~]"
)

# Blank-looking letters: a name made of them looks empty (Hangul fillers, braille blank).
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Controls that separate words: read as a space when storing, kept (as line breaks and
# tabs) when showing.
_SEPARATORS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")


# Default-ignorable marks that are not format characters (Unicode's
# Default_Ignorable_Code_Point beyond Cf): the combining grapheme joiner, Khmer inherent
# vowels, Mongolian and other variation selectors, the unassigned specials.
_IGNORABLE = (
    (0x034F, 0x034F), (0x17B4, 0x17B5), (0x180B, 0x180F), (0xFE00, 0xFE0F),
    (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF),
)  # fmt: skip


def _invisible(char: str) -> bool:
    """Control (C0, C1, DEL), format (Cf: bidirectional marks, overrides and isolates,
    zero-width space and joiners, BOM, soft hyphen, tags…), lone surrogate, filler, or
    another default-ignorable mark (variation selectors, the grapheme joiner)."""
    if unicodedata.category(char) in ("Cc", "Cf", "Cs") or char in _FILLERS:
        return True
    point = ord(char)
    return any(low <= point <= high for low, high in _IGNORABLE)


def _without(value: str, keep: frozenset[str], space: frozenset[str]) -> str:
    if "\x1b" in value:
        value = _ESCAPE.sub("", value)
    out = []
    for char in value:
        if char in keep:
            out.append(char)
        elif char in space:
            out.append(" ")
        elif not _invisible(char):
            out.append(char)
    return "".join(out)


def stored(value: object) -> str:
    """The form a free text is stored in (may be empty: the caller decides if that is
    allowed)."""
    text = str(value)
    if _plain(text):
        return " ".join(text.split())
    clean = _without(text, frozenset(), _SEPARATORS)
    clean = unicodedata.normalize("NFC", clean)
    return re.sub(r"\s+", " ", clean).strip()


def is_blank(value: object) -> bool:
    """None, or a text with nothing visible in it."""
    if not isinstance(value, str):
        return value is None
    return not (value.strip() if _plain(value) else stored(value))


def _plain(text: str) -> bool:
    """Printable ASCII only (the common case): nothing to remove or compose."""
    return text.isascii() and text.isprintable()


_SHOWN_KEEP = frozenset("\n\t")
_SHOWN_SPACE = _SEPARATORS - _SHOWN_KEEP - {"\r"}


def shown(value: object) -> str:
    """``value`` as text safe to print or show: no escape sequence, control (but line
    breaks and tabs), bidirectional or invisible character."""
    text = str(value)
    return text if _plain(text) else _without(text, _SHOWN_KEEP, _SHOWN_SPACE)
