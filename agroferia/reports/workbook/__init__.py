"""The workbooks the app writes: the municipal summary (``municipal``: aggregates only, no
figure resting on fewer than three vendors, ``reports.published``) and the organization's own
confidential padrón (``padron``: the registry, and for a period each vendor's sales and
fees and the sales listing, ``listing``).  ``sheet`` and ``styles`` are what they share.

Imported only when an export starts: openpyxl is slow to import.
"""
