"""The application's keyboard shortcuts that more than one widget names (a menu owns the
key; buttons mention it in their tooltips)."""

from __future__ import annotations

NEW_FAIR_DAY = "Ctrl+J"  # Ventas → Nueva jornada…
RECORD_PAYMENT = "Ctrl+R"  # Ventas → Registrar pago…
NEXT_TAB = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_TAB = ("Ctrl+Shift+Tab", "Ctrl+PgUp")
