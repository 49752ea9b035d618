"""Text is text: invisible, control, bidirectional characters and escape sequences are never
stored with a name or a note, and never reach a message."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agroferia.core import audit, catalog, fairs, vendors
from agroferia.core import validation as v
from agroferia.core.errors import ValidationError
from agroferia.core.plain_text import shown, stored
from agroferia.i18n import _, lazy

TODAY = dt.date(2025, 6, 15)
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM
    "\u00ad",  # soft hyphen
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    *(chr(c) for c in range(0x202A, 0x202F)),  # embeddings and overrides
    *(chr(c) for c in range(0x2066, 0x206A)),  # isolates
]
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x1C), 0x7F)] + [
    chr(c) for c in range(0x80, 0xA0) if c != 0x85
]


def vendor(**overrides):
    data = {
        "given_names": "Rosa",
        "surnames": "Quispe",
        "doc_number": "40123456",
        "main_category": "Hortalizas y verduras",
    }
    return data | overrides


def register(db, **overrides):
    with db.Session.begin() as s:
        found = vendors.register(s, "ana", vendor(**overrides), today=TODAY)
        return found.given_names, found.surnames


def refusal(db, **overrides) -> dict[str, str]:
    with pytest.raises(ValidationError) as info, db.Session.begin() as s:
        vendors.register(s, "ana", vendor(**overrides), today=TODAY)
    return {e.field: e.message.render() for e in info.value.errors}


@pytest.mark.parametrize("char", INVISIBLE)
def test_a_name_of_invisible_characters_is_blank(db, char):
    assert refusal(db, given_names=char * 3, surnames=f" {char} ") == {
        "given_names": "es obligatorio",
        "surnames": "es obligatorio",
    }


def test_a_name_of_zero_width_spaces_is_refused_as_required(db):
    assert refusal(db, given_names="\u200b\u200b\u200b") == {"given_names": "es obligatorio"}
    # spaces of every kind, a BOM and a tab around them change nothing
    assert refusal(db, surnames="\ufeff\u00a0\u200b\t\u3000") == {"surnames": "es obligatorio"}


def test_bidirectional_overrides_are_not_stored(db):
    assert register(db, given_names="Ana\u202eoreP", surnames="\u2067Quispe\u2069") == (
        "AnaoreP",
        "Quispe",
    )


def test_an_escape_sequence_is_removed_whole(db):
    """What a terminal would show of ``ESC[31mRosa`` is "Rosa": that is what is stored."""
    assert register(db, given_names="\x1b[31mRosa\x1b[0m", surnames="Quispe\x07") == (
        "Rosa",
        "Quispe",
    )
    assert v.text("\x1b]0;título\x07Ana") == "Ana"  # a window title set by OSC
    assert v.text("\x1b]8;;http://x.pe\x1b\\Ana\x1b]8;;\x1b\\") == "Ana"  # a hyperlink
    assert v.text("Ana\x1b") == "Ana" and v.text("\x1b[Ana") == "na"  # CSI "[A" (cursor up)


@pytest.mark.parametrize("char", INVISIBLE + [c for c in CONTROLS if c != "\x1b"])
def test_no_control_or_invisible_character_is_stored(char):
    assert v.text(f"Ro{char}sa") == "Rosa"


def test_line_breaks_and_tabs_separate_words():
    assert v.text("María\tdel\r\nCarmen\x85Núñez\u2028Paz\x0bQ\x0cR\x1fS") == (
        "María del Carmen Núñez Paz Q R S"
    )


def test_names_are_stored_composed():
    decomposed = "Jose\u0301 Nu\u0301n\u0303ez"
    assert v.text(decomposed) == "José Núñez"
    assert unicodedata.is_normalized("NFC", v.text(decomposed))
    # composition is NFC only: ligatures and full-width letters stay as typed
    assert v.text("ﬁ Ａ") == "ﬁ Ａ"


def test_length_is_counted_after_cleaning():
    assert v.text("\u200b" * 10 + "abcde", max_len=5) == "abcde"


def test_document_phone_and_email_ignore_invisible_characters():
    assert v.doc_number("DNI", "\u200e4012\u200b3456\ufeff") == "40123456"
    assert v.phone("\u202a987 654 321\u202c") == "987654321"
    assert v.email("ana\u200b@correo.pe\u200f") == "ana@correo.pe"
    assert v.phone("\u200b") is None and v.email("\u2060") is None


def test_every_free_text_of_the_services_is_clean(db):
    with db.Session.begin() as s:
        fair = fairs.create_fair(
            s, "ana", name="\u202eFeria\x1b[1m Sur", address="Av.\u200b Perú\x00 123"
        )
        category = catalog.add_category(s, "ana", "Miel\u00ad", description="\x1b[2Jabejas")
        audit.record(s, "ana", "status", "fair", fair.id, reason="\u202eotivo\x1b[31m")
    with db.Session() as s:
        fair = fairs.get_fair(s, fair.id)
        assert (fair.name, fair.address) == ("Feria Sur", "Av. Perú 123")
        category = catalog.get_category(s, category.id)
        assert (category.name, category.description) == ("Miel", "abejas")
        assert audit.history(s, "fair", fair.id)[-1].reason == "otivo"


@given(st.text())
def test_stored_text_has_nothing_invisible(value):
    clean = stored(value)
    assert clean == clean.strip() and "  " not in clean
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in clean)
    assert unicodedata.is_normalized("NFC", clean)
    assert stored(clean) == clean


@given(st.text())
def test_shown_text_holds_no_control_but_line_breaks_and_tabs(value):
    out = shown(value)
    assert all(c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in out)


def test_messages_never_carry_what_a_stored_value_hides():
    """A name stored before these rules (or read from a file) is shown without its escape
    sequences and bidirectional controls, whatever message it is put in."""
    legacy = "\x1b[31mRosa\u202e Quispe\x1b]0;x\x07\r"
    message = lazy("ya está registrado para {name} ({code})", name=legacy, code="EXP-0001")
    assert message.render() == "ya está registrado para Rosa Quispe (EXP-0001)"
    assert message.render("en") == "is already registered to Rosa Quispe (EXP-0001)"
    assert _("Feria: {fair}", fair=legacy) == "Feria: Rosa Quispe"
    nested = lazy("fila {row}: {problem}", row=3, problem=message)
    assert "\x1b" not in nested.render() and "\u202e" not in nested.render()
    # line breaks and tabs placed in a message stay: they are its layout
    assert _("Feria: {fair}", fair="a\n\tb") == "Feria: a\n\tb"


def test_the_audit_keeps_clean_values(db):
    with db.Session.begin() as s:
        found = vendors.register(s, "ana", vendor(given_names="\u202eRosa\u200b"), today=TODAY)
        vendor_id = found.id
    with db.Session() as s:
        entry = audit.history(s, "vendor", vendor_id)[-1]
        assert json.loads(entry.after)["given_names"] == "Rosa"


@pytest.mark.parametrize(
    "value",
    ["\u034f\ufe0f", "\u180b\U000e0100", "\u17b4", "\u0301", "-", "\u200b.\u200b"],
)
def test_a_required_name_of_marks_or_punctuation_only_is_blank(value):
    """Variation selectors, the grapheme joiner and other default-ignorable marks are
    invisible; a required name needs something a person can read."""
    with pytest.raises(v.Invalid, match="es obligatorio"):
        v.text(value, required=True)


def test_a_variation_selector_is_removed_from_a_name():
    assert v.text("Ro\ufe0fsa\u034f", required=True) == "Rosa"
