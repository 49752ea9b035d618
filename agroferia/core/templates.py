"""The import templates: a workbook a person fills in and ``agroferia import`` reads back.

One data sheet (header row, an example row marked as such, drop-down lists), an
instructions sheet, and a hidden sheet holding the lists.  Every text goes in through
``cell_text.put``: a rubro named ``=1+1`` is a name in the list, not a formula.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from agroferia.core import catalog, ubigeo
from agroferia.core.cell_text import put
from agroferia.core.files import replacing
from agroferia.core.import_columns import EXAMPLE_MARK, SALES_COLUMNS, VENDOR_COLUMNS, Column
from agroferia.core.labels import PAYMENT_METHOD, SEX
from agroferia.i18n import _, language

KINDS = ("vendors", "sales")
DATA_ROWS = 2000  # rows that get the drop-down lists
HEADER_FILL = "1F6E43"
EXAMPLE_FONT = "7F7F7F"


def _choices(session: Session) -> dict[str, list[str]]:
    return {
        "sex": [str(label) for label in SEX.values()],
        "category": [c.name for c in catalog.list_categories(session)],
        "region": ubigeo.regions(),
        "payment": [str(PAYMENT_METHOD[m]) for m in PAYMENT_METHOD],
    }


def write_template(
    session: Session, kind: str, path: Path | str, *, lang: str | None = None
) -> Path:
    """Writes the template for ``kind`` ("vendors" or "sales") to ``path``."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    if kind not in KINDS:
        raise ValueError(f"unknown template {kind!r}")
    path = Path(path)
    columns: tuple[Column, ...] = VENDOR_COLUMNS if kind == "vendors" else SALES_COLUMNS
    with language(lang):
        choices = _choices(session)
        book = Workbook()
        data = book.active
        data.title = _("Expositores") if kind == "vendors" else _("Ventas")
        help_sheet = book.create_sheet(_("Instrucciones"))
        lists = book.create_sheet(_("Listas"))
        lists.sheet_state = "hidden"

        list_ranges: dict[str, str] = {}
        for index, (name, values) in enumerate(choices.items(), start=1):
            letter = get_column_letter(index)
            put(lists, 1, index, name)
            for row, value in enumerate(values, start=2):
                put(lists, row, index, value)
            last = max(len(values), 1) + 1
            list_ranges[name] = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${last}"

        bold_white = Font(bold=True, color="FFFFFF")
        fill = PatternFill("solid", fgColor=HEADER_FILL)
        grey = Font(italic=True, color=EXAMPLE_FONT)
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            head = put(data, 1, index, str(column.header))
            head.font, head.fill = bold_white, fill
            head.alignment = Alignment(vertical="center", wrap_text=True)
            head.comment = Comment(str(column.help), "Agroferia")
            example = str(column.example) if column.example else ""
            if index == 1:
                example = f"{EXAMPLE_MARK} {example}".strip()
            cell = put(data, 2, index, example or None)
            cell.font = grey
            width = max(len(str(column.header)), len(example), 10) + 2
            data.column_dimensions[letter].width = min(width, 45)
            if column.field in {"doc_number", "phone", "stall", "date", "birth_date"}:
                # text, so that a DNI keeps its leading zeros and dates stay as typed
                for row in range(2, DATA_ROWS + 2):
                    data.cell(row, index).number_format = "@"
            if column.choices:
                rule = DataValidation(
                    type="list",
                    formula1=list_ranges[column.choices],
                    allow_blank=True,
                    showErrorMessage=column.choices != "region",
                    errorTitle=_("Valor no válido"),
                    error=_("Elija un valor de la lista."),
                )
                rule.add(f"{letter}2:{letter}{DATA_ROWS + 1}")
                data.add_data_validation(rule)
        data.freeze_panes = "A2"
        data.row_dimensions[1].height = 32

        help_sheet.column_dimensions["A"].width = 26
        help_sheet.column_dimensions["B"].width = 14
        help_sheet.column_dimensions["C"].width = 90
        title = put(help_sheet, 1, 1, _("Cómo llenar esta plantilla"))
        title.font = Font(bold=True, size=14)
        notes = [
            _("Escriba una fila por expositor, debajo de los encabezados, sin cambiarlos.")
            if kind == "vendors"
            else _("Escriba una fila por expositor, fecha, rubro y medio de pago, con el monto "
                   "vendido, debajo de los encabezados, sin cambiarlos."),
            _("La fila de ejemplo (gris, empieza con «{mark}») no se importa: puede borrarla "
              "o escribir encima.", mark=EXAMPLE_MARK),
            _("Se importan todas las filas o ninguna: si una tiene un error, la importación "
              "indica la fila y la columna, y no guarda nada."),
            _("Las filas vacías se saltan. Las mayúsculas y las tildes no importan."),
        ]  # fmt: skip
        if kind == "sales":
            notes.append(
                _("Si una jornada ya tiene ventas registradas, no se vuelve a importar (para no "
                  "contar dos veces); al importar se puede pedir reemplazarlas.")
            )  # fmt: skip
        for row, note in enumerate(notes, start=2):
            put(help_sheet, row, 1, f"• {note}")
        top = len(notes) + 3
        for index, text in enumerate((_("Columna"), _("Obligatoria"), _("Qué escribir"))):
            cell = put(help_sheet, top, index + 1, text)
            cell.font, cell.fill = bold_white, fill
        for row, column in enumerate(columns, start=top + 1):
            put(help_sheet, row, 1, str(column.header)).font = Font(bold=True)
            put(help_sheet, row, 2, _("Sí") if column.required else _("No"))
            put(help_sheet, row, 3, str(column.help)).alignment = Alignment(wrap_text=True)

        book.properties.title = data.title
        book.properties.creator = "Agroferia"
    with replacing(path) as temporary:
        book.save(temporary)
    return path
