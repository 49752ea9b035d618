"""The named styles of the workbooks (shared by every cell that uses them; visible in
Excel's style gallery) and their number formats.

Numbers are right-aligned, so the headers of number columns are too ("numbers align with
their headers"); a withheld figure ("—") is right-aligned like the numbers it stands for.
Dates, like text, are left-aligned under left-aligned headers; a column of yes/no is centred.
In a table every cell is at the top of its row, and text is indented from the left.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

MONEY_FORMAT = '"S/" #,##0.00'
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"

TITLE, SUBTITLE = "agroferia_title", "agroferia_subtitle"
NOTE, HEADER = "agroferia_note", "agroferia_header"
HEADER_NUMBER = "agroferia_header_number"  # over a column of numbers: right-aligned
HEADER_CENTERED = "agroferia_header_centered"
PARAGRAPH = "agroferia_paragraph"  # a note that wraps across the width of the tables
NOTE_CELL = "agroferia_note_cell"  # a column of notes
CENTERED = "agroferia_centered"  # a short word in a column of its own ("Sí", "No")
CONFIDENTIAL = "agroferia_confidential"
TEXT, TEXT_B = "agroferia_text", "agroferia_text_bold"
WRAPPED = "agroferia_wrapped"  # long text (notes, lists of rubros) wraps in its column
MONEY, MONEY_B = "agroferia_money", "agroferia_money_bold"
PERCENT, PERCENT_B = "agroferia_percent", "agroferia_percent_bold"
INTEGER, INTEGER_B = "agroferia_integer", "agroferia_integer_bold"
DATE = "agroferia_date"
WITHHELD, WITHHELD_B = "agroferia_withheld", "agroferia_withheld_bold"
BOLD = {
    None: TEXT_B, TEXT: TEXT_B, WRAPPED: TEXT_B, MONEY: MONEY_B, PERCENT: PERCENT_B,
    INTEGER: INTEGER_B, DATE: TEXT_B, WITHHELD: WITHHELD_B,
}  # fmt: skip
NUMBERS = {MONEY, MONEY_B, PERCENT, PERCENT_B, INTEGER, INTEGER_B, WITHHELD, WITHHELD_B}
HEADERS = {HEADER, HEADER_NUMBER, HEADER_CENTERED}
WRAPS = HEADERS | {PARAGRAPH, WRAPPED}
BOLD_STYLES = HEADERS | {TEXT_B, MONEY_B, PERCENT_B, INTEGER_B, WITHHELD_B}

WITHHELD_TEXT = "—"  # a figure withheld so that no person's data can be read from it

_BOLD = Font(bold=True)
_GREY = Font(italic=True, color="555555")
LEFT, RIGHT, CENTER = "left", "right", "center"


def named_styles() -> list[NamedStyle]:
    fill = PatternFill("solid", fgColor="DDEBD6")  # a pale green, prints well in grey
    # name, font, number format, fill, alignment (horizontal, wrapped) or None
    plain = [
        (TITLE, Font(bold=True, size=14), None, None, None),
        (SUBTITLE, Font(bold=True, size=11), None, None, None),
        (CONFIDENTIAL, Font(bold=True, size=14, color="C00000"), None, None, None),
        (NOTE, _GREY, None, None, None),
        (PARAGRAPH, _GREY, None, None, (None, True)),
        (NOTE_CELL, _GREY, None, None, (LEFT, False)),
        (TEXT, None, None, None, (LEFT, False)),
        (TEXT_B, _BOLD, None, None, (LEFT, False)),
        (WRAPPED, None, None, None, (LEFT, True)),
        (CENTERED, None, None, None, (CENTER, False)),
        (MONEY, None, MONEY_FORMAT, None, (RIGHT, False)),
        (MONEY_B, _BOLD, MONEY_FORMAT, None, (RIGHT, False)),
        (PERCENT, None, PERCENT_FORMAT, None, (RIGHT, False)),
        (PERCENT_B, _BOLD, PERCENT_FORMAT, None, (RIGHT, False)),
        (INTEGER, None, INTEGER_FORMAT, None, (RIGHT, False)),
        (INTEGER_B, _BOLD, INTEGER_FORMAT, None, (RIGHT, False)),
        (DATE, None, DATE_FORMAT, None, (LEFT, False)),
        (WITHHELD, Font(color="555555"), None, None, (RIGHT, False)),
        (WITHHELD_B, Font(bold=True, color="555555"), None, None, (RIGHT, False)),
        (HEADER, _BOLD, None, fill, (LEFT, True)),
        (HEADER_NUMBER, _BOLD, None, fill, (RIGHT, True)),
        (HEADER_CENTERED, _BOLD, None, fill, (CENTER, True)),
    ]  # fmt: skip
    styles = []
    for name, font, number_format, background, alignment in plain:
        style = NamedStyle(name=name)
        if font is not None:
            style.font = font
        if number_format is not None:
            style.number_format = number_format
        if background is not None:
            style.fill = background
        if alignment is not None:
            # every cell of a table sits at the top of its row (a row grows with a wrapped
            # cell), and text is indented a little so that it never touches the numbers of
            # the column before it
            horizontal, wrapped = alignment
            style.alignment = Alignment(
                horizontal=horizontal,
                vertical="top",
                wrap_text=wrapped or None,
                indent=1 if horizontal == LEFT else 0,
            )
        styles.append(style)
    return styles
