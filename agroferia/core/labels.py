"""How codes stored in the database are named to people, in every language."""

from __future__ import annotations

from agroferia.i18n import Text, lazy

SEX: dict[str, Text] = {
    "F": lazy("Mujer"),
    "M": lazy("Hombre"),
    "other": lazy("Otro"),
    "not_stated": lazy("No indica"),
}
SEX_PLURAL: dict[str, Text] = {
    "F": lazy("Mujeres"),
    "M": lazy("Hombres"),
    "other": lazy("Otro"),
    "not_stated": lazy("No indica"),
}
PAYMENT_METHOD: dict[str, Text] = {
    "cash": lazy("Efectivo"),
    "yape": lazy("Yape"),
    "plin": lazy("Plin"),
    "card": lazy("Tarjeta"),
    "transfer": lazy("Transferencia"),
    "other": lazy("Otro"),
}
VENDOR_STATUS: dict[str, Text] = {
    "active": lazy("Activo"),
    "suspended": lazy("Suspendido"),
    "withdrawn": lazy("Retirado"),
}
AGE_GROUP: dict[str, Text] = {
    "youth": lazy("Jóvenes"),
    "non_youth": lazy("No jóvenes"),
    "not_stated": lazy("Edad no indicada"),
}
NOT_STATED_REGION = lazy("Región no indicada")
WEEKDAYS: tuple[Text, ...] = (
    lazy("lunes"),
    lazy("martes"),
    lazy("miércoles"),
    lazy("jueves"),
    lazy("viernes"),
    lazy("sábado"),
    lazy("domingo"),
)
CONSENT: dict[str, Text] = {
    "given": lazy("Dio su consentimiento"),
    "refused": lazy("No dio su consentimiento"),
    "not_recorded": lazy("Sin registrar"),
}
CONSENT_HOW: dict[str, Text] = {
    "signed": lazy("Formulario firmado"),
    "verbal": lazy("Verbal"),
    "imported": lazy("Importado de un archivo"),
}
