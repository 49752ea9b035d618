"""Every message marked in the source has an English translation with the same placeholders."""

from __future__ import annotations

import re

import pytest

from agroferia import i18n
from agroferia.core.errors import FieldError, ValidationError
from agroferia.i18n import lazy
from agroferia.i18n_catalogue import extract

PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sr]|%s")


def test_every_marked_string_is_translated_to_english():
    catalogue = i18n.catalogue("en")
    messages = extract()
    assert len(messages) > 100  # the extractor really found the source's messages
    missing = sorted(m for m in messages if not catalogue.get(m))
    assert missing == [], "run python -m agroferia.i18n_catalogue and translate:\n" + "\n".join(
        missing
    )


def test_catalogue_has_no_stale_messages():
    stale = sorted(set(i18n.catalogue("en")) - set(extract()))
    assert stale == []


def test_translations_keep_their_placeholders():
    bad = [
        (msgid, text)
        for msgid, text in i18n.catalogue("en").items()
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text))
    ]
    assert bad == []


def test_lazy_text_follows_the_current_language():
    error = ValidationError([FieldError("given_names", lazy("Nombres"), lazy("es obligatorio"))])
    assert str(error) == "Nombres: es obligatorio"
    i18n.set_language("en")
    assert str(error) == "First names: is required"


def test_unknown_language_is_refused():
    import pytest

    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_language("qu")


def test_language_block_renders_in_its_language_and_restores_the_current_one():
    i18n.set_language("es")
    with i18n.language("en") as lang:
        assert lang == "en"
        assert i18n._("Monto") == "Amount"
    assert i18n.get_language() == "es"
    assert i18n._("Monto") == "Monto"


def test_language_block_does_not_reach_other_threads():
    import threading

    seen = []
    with i18n.language("en"):
        worker = threading.Thread(target=lambda: seen.append(i18n.get_language()))
        worker.start()
        worker.join()
    assert seen == ["es"]


def test_language_block_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="unsupported"), i18n.language("fr"):
        pass


def test_plural_messages_choose_their_form_and_are_extracted():
    from agroferia.i18n import _n, lazy_n

    assert _n(1, "1 celda con errores", "{n} celdas con errores") == "1 celda con errores"
    assert _n(3, "1 celda con errores", "{n} celdas con errores") == "3 celdas con errores"
    assert _n(0, "1 celda con errores", "{n} celdas con errores") == "0 celdas con errores"
    text = lazy_n(2, "{n} expositor", "{n} expositores")
    assert text.render() == "2 expositores"
    messages = extract()
    # both forms of a real call are catalogued
    assert "Hay 1 celda con errores (en rojo). Corríjala o bórrela; no se guardó nada." in messages
    assert "Hay {n} celdas con errores (en rojo). Corríjalas o bórrelas; no se guardó nada." in (
        messages
    )
