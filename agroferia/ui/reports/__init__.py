"""Reportes: export the period's summary (Excel) and the municipal report (PDF); import
vendors and sales from spreadsheets, checked row by row before anything is written."""
