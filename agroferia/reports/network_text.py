"""What the workbook's sheet and the PDF's page of the network of fairs both say."""

from __future__ import annotations

from agroferia.i18n import _, _n


def several_text(n: int) -> str:
    """Why the network's vendors are fewer than the sum of the fairs'."""
    if not n:
        return _("Ningún productor estuvo presente en más de una feria del periodo.")
    return _n(
        n,
        "Un productor estuvo presente en más de una feria: en el total de la red cuenta una "
        "sola vez, por eso el total de expositores es menor que la suma de las ferias.",
        "{n} productores estuvieron presentes en más de una feria: en el total de la red "
        "cada uno cuenta una sola vez, por eso el total de expositores es menor que la suma "
        "de las ferias.",
    )


def definitions_text() -> str:
    return _(
        "Porcentajes sobre los expositores presentes; el promedio divide las ventas entre "
        "las asistencias (un expositor en una jornada)."
    )


def no_attendance_text() -> str:
    """The average of a fair whose days nobody attended: not «—», which stands for a
    withheld figure."""
    return _("Sin asistencia")
