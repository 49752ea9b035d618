"""Stall fees (cuotas): what each vendor owes per fair day, payments, and balances.

- ``day``: a fair day's fee of a vendor, as the sheet sets it (``set_due``, ``set_day_fee``),
  and what its fees received after it was closed (``paid_later``);
- ``payments``: payments applied to the oldest unpaid days first (``record_payment``,
  ``plan_payment``); a closed day's share is a payment received later, on its own date,
  which the summary of the fair day held that date lists (``payments_received``);
- ``balances``: what is owed, per vendor and day by day (``balances``, ``statement``,
  ``vendor_fees``), counting the payments received later.

``from agroferia.core import fees`` gives every public name of the three.
"""

from __future__ import annotations

from agroferia.core.fees.balances import (
    Balance,
    DayFee,
    LaterPaid,
    VendorFees,
    balance,
    balances,
    statement,
    vendor_fees,
)
from agroferia.core.fees.day import DUE, PAID, check_day_fee, paid_later, set_day_fee, set_due
from agroferia.core.fees.payments import (
    METHOD,
    PAYMENT,
    RECEIVED_ON,
    AppliedPayment,
    ReceivedPayment,
    Terms,
    check_terms,
    closed_on_received,
    payments_received,
    plan_payment,
    record_payment,
)

__all__ = [
    "DUE",
    "METHOD",
    "PAID",
    "PAYMENT",
    "RECEIVED_ON",
    "AppliedPayment",
    "Balance",
    "DayFee",
    "LaterPaid",
    "ReceivedPayment",
    "Terms",
    "VendorFees",
    "balance",
    "balances",
    "check_day_fee",
    "check_terms",
    "closed_on_received",
    "paid_later",
    "payments_received",
    "plan_payment",
    "record_payment",
    "set_day_fee",
    "set_due",
    "statement",
    "vendor_fees",
]
