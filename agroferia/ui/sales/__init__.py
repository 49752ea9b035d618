"""Ventas: the fair-day sheet (sales, attendance, fees) and fee balances."""
