"""The import tab's table of problems lists the report's first problems and counts the rest."""

from __future__ import annotations

from agroferia.core.importing import ImportReport
from agroferia.i18n import lazy
from agroferia.ui.reports.import_tab import ERROR, problem_rows


def test_the_problems_past_the_first_hundred_are_counted_in_one_row():
    report = ImportReport("sales", "ventas.csv")
    for row in range(2, 200_002):
        report.error(row, "Fecha", lazy("no es una fecha válida (use dd/mm/aaaa)"))
    assert len(report.errors) == 100 and report.error_count == 200_000 and not report.ok
    rows = problem_rows(report)
    assert len(rows) == 101 and rows[0].row == 2
    assert rows[-1].message == "… y 199,900 problemas más" and rows[-1].kind == ERROR
    assert "  … y 199,900 problemas más" in report.lines()
