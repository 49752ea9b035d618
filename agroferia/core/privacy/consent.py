"""Consent to keeping a person's data (Ley 29733): what a vendor record holds about it, how
it is checked, and how an import file's ``Consentimiento`` column is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from agroferia.core import validation as v
from agroferia.core.models import Consent, ConsentHow
from agroferia.core.plain_text import stored
from agroferia.core.ubigeo import fold
from agroferia.i18n import Text, lazy, lazy_n

GIVEN, REFUSED, NOT_RECORDED = (c.value for c in Consent)
SIGNED, VERBAL, IMPORTED = (h.value for h in ConsentHow)

LABELS: dict[str, Text] = {
    "consent": lazy("Consentimiento"),
    "consent_how": lazy("Cómo se dio"),
    "consent_on": lazy("Fecha del consentimiento"),
}

# an import file's words (folded: upper case, no accents) -> (consent, how)
_CELL_WORDS: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("SI", "YES", "ACEPTA", "ACEPTADO", "ACEPTO", "OTORGADO", "OTORGA", "DADO",
                     "CONSIENTE", "GIVEN"), (GIVEN, IMPORTED)),
    **dict.fromkeys(("FIRMADO", "FIRMA", "SI FIRMADO", "SI, FIRMADO", "SI (FIRMADO)",
                     "FORMULARIO FIRMADO", "SIGNED", "SIGNED FORM"), (GIVEN, SIGNED)),
    **dict.fromkeys(("VERBAL", "SI VERBAL", "SI, VERBAL", "SI (VERBAL)", "ORAL", "VERBALLY"),
                    (GIVEN, VERBAL)),
    **dict.fromkeys(("NO", "NO ACEPTA", "NO ACEPTO", "NO OTORGADO", "NO DIO", "RECHAZA",
                     "RECHAZADO", "REFUSED"), (REFUSED, IMPORTED)),
    **dict.fromkeys(("SIN REGISTRAR", "NO REGISTRADO", "NOT RECORDED"), (NOT_RECORDED, None)),
}  # fmt: skip


def read_cell(value: object) -> tuple[str, str | None]:
    """An import cell as (consent, how): ``Sí`` (given, how not said: imported), ``Firmado``,
    ``Verbal``, ``No``; empty is not recorded.  Anything else is refused (Invalid), never
    guessed: ``1``, ``X`` or ``ok`` could mean either."""
    if isinstance(value, bool):  # a TRUE/FALSE cell of a spreadsheet
        return (GIVEN, IMPORTED) if value else (REFUSED, IMPORTED)
    if v.blank(value):
        return NOT_RECORDED, None
    text = stored(value)  # as any text is kept: without invisible or control characters
    found = _CELL_WORDS.get(" ".join(fold(text).replace(".", "").split()))
    if found is None:
        raise v.Invalid(
            lazy("no se entiende «{value}»: escriba Sí, No, Firmado o Verbal (o deje la celda "
                 "vacía si no se registró)", value=text)
        )  # fmt: skip
    return found


def _consent(value: object) -> str:
    if v.blank(value):
        return NOT_RECORDED
    if value in (GIVEN, REFUSED, NOT_RECORDED):
        return str(value)
    raise v.Invalid(lazy("debe ser dio su consentimiento, no lo dio o sin registrar"))


def _how(value: object) -> str | None:
    if v.blank(value):
        return None
    if value in (SIGNED, VERBAL, IMPORTED):
        return str(value)
    raise v.Invalid(lazy("debe ser formulario firmado, verbal o importado de un archivo"))


def check(c: v.Checker, get: Callable[[str], Any], today: dt.date) -> dict[str, Any]:
    """The consent fields of a vendor's data, checked together: an answer (given or not)
    says how it was recorded, and when if that is known; no answer has neither."""
    clean = {
        "consent": c.check("consent", LABELS["consent"], _consent, get("consent")),
        "consent_how": c.check("consent_how", LABELS["consent_how"], _how, get("consent_how")),
        "consent_on": c.check(
            "consent_on", LABELS["consent_on"], v.past_date, get("consent_on"), today
        ),
    }
    answer, how, on = clean["consent"], clean["consent_how"], clean["consent_on"]
    if answer == NOT_RECORDED:
        if how is not None or on is not None:
            field = "consent_how" if how is not None else "consent_on"
            c.add(field, LABELS[field], lazy("solo se indica si se registró el consentimiento"))
    elif answer is not None and how is None and v.blank(get("consent_how")):
        c.add("consent_how", LABELS["consent_how"],
              lazy("indique cómo se registró: formulario firmado o verbal"))  # fmt: skip
    return clean


def summary(answers: list[tuple[str, str | None]], has_column: bool) -> Text:
    """The import summary's line on consent, for the rows to be written."""
    n = len(answers)
    if not has_column:
        return lazy_n(n, "Consentimiento: el archivo no lo dice; {n} expositor queda sin "
                      "consentimiento registrado.", "Consentimiento: el archivo no lo dice; "
                      "{n} expositores quedan sin consentimiento registrado.")  # fmt: skip
    given = sum(1 for answer, _how in answers if answer == GIVEN)
    refused = sum(1 for answer, _how in answers if answer == REFUSED)
    return lazy_n(n, "Consentimiento: {given} de {n} expositor lo dio, {refused} no, {missing} "
                  "sin registrar.", "Consentimiento: {given} de {n} expositores lo dieron, "
                  "{refused} no, {missing} sin registrar.",
                  given=given, refused=refused, missing=n - given - refused)  # fmt: skip


def missing(consent: str, anonymized: bool = False) -> bool:
    """Whether the registry marks a vendor as holding data without consent (an anonymized
    vendor holds none)."""
    return consent != GIVEN and not anonymized
