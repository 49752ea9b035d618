"""Stall fees (cuotas): what each vendor owes per fair day, payments, and balances.

- ``day``: a fair day's fee of a vendor, as the sheet sets it (``set_due``, ``set_day_fee``);
- ``payments``: payments applied to the oldest unpaid days first (``record_payment``,
  ``plan_payment``);
- ``balances``: what is owed, per vendor and day by day (``balances``, ``statement``,
  ``vendor_fees``).

``from agroferia.core import fees`` gives every public name of the three.
"""

from __future__ import annotations

from agroferia.core.fees.balances import (
    Balance,
    DayFee,
    VendorFees,
    balance,
    balances,
    statement,
    vendor_fees,
)
from agroferia.core.fees.day import DUE, PAID, set_day_fee, set_due
from agroferia.core.fees.payments import PAYMENT, plan_payment, record_payment

__all__ = [
    "DUE",
    "PAID",
    "PAYMENT",
    "Balance",
    "DayFee",
    "VendorFees",
    "balance",
    "balances",
    "plan_payment",
    "record_payment",
    "set_day_fee",
    "set_due",
    "statement",
    "vendor_fees",
]
