"""The municipal summary workbook (``agroferia export excel``, the Reportes page's Excel):
aggregates only, see ``reports.workbook.municipal``.  The padrón with personal data is
another document, ``reports.workbook.padron``."""

from agroferia.reports.workbook.municipal import WorkbookResult, write_workbook

__all__ = ["WorkbookResult", "write_workbook"]
