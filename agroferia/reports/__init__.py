"""Exports for people outside the app: the Excel summary workbook and the municipal PDF.

Never imports Qt.  Every figure comes from ``agroferia.core.stats`` (and the per-day and
per-vendor breakdowns beside it), so an export always equals ``agroferia stats`` for the
same period and fair.
"""
