"""People in the trail by their display names: the cell history (Ctrl+H) and the day
summary's closing and reopening, with the old actor's text for entries written before
accounts or by no account."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia.core import audit, cell_history, fairs, sales, vendors
from agroferia.core.day_sheet import AMOUNT
from agroferia.core.models import Sale
from agroferia.reports.day_pdf import write_day_summary
from tests.accounts import add_account

DAY = dt.date(2025, 3, 2)


@pytest.fixture
def day_and_vendor(session):
    """A sale typed before accounts existed (by an OS user name), then accounts."""
    fair = fairs.create_fair(session, "jperez", name="Feria de Cañete", weekday=6)
    day = fairs.add_fair_day(session, "jperez", fair.id, date=DAY)
    vendor = vendors.register(session, "jperez", {
        "given_names": "Rosa", "surnames": "Quispe", "doc_number": "41234567",
        "main_category": "Gastronomía", "fair": fair.id,
    })  # fmt: skip
    sales.record_sale(session, "jperez", day.id, vendor.id, "10")
    add_account(session, "teso", "treasurer", "Tomás Tesorero")
    session.commit()
    return day.id, vendor.id


def test_display_names_by_account_only_else_the_old_text(session):
    user = add_account(session, "teso", "treasurer", "Tomás Tesorero")
    who = audit.display_names(session)
    assert who(user.id, "teso") == "Tomás Tesorero"
    assert who(None, "teso") == "teso"  # written before the account: not its person
    assert who(None, "jperez") == "jperez"
    assert who(None, audit.SYSTEM) == audit.SYSTEM


def test_cell_history_shows_display_names(session, day_and_vendor):
    day_id, vendor_id = day_and_vendor
    sale = session.scalars(select(Sale)).one()
    sales.correct_sale(session, "teso", sale.id, "mal anotado", amount="12.50")
    session.commit()
    changes = cell_history.history(session, day_id, vendor_id, AMOUNT, sale.category_id)
    assert [c.actor for c in changes] == ["jperez", "Tomás Tesorero"]
    assert changes[1].reason == "mal anotado"


def test_day_summary_names_who_closed_and_who_reopened_and_why(session, day_and_vendor, tmp_path):
    day_id, _vendor = day_and_vendor
    fairs.close_fair_day(session, "teso", day_id)
    session.commit()
    fairs.reopen_fair_day(session, "admin", day_id, "faltó  una venta\nde Rosa")
    session.commit()
    fairs.close_fair_day(session, "teso", day_id)
    session.commit()
    path = write_day_summary(session, day_id, tmp_path / "dia.pdf").path
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "por Tomás Tesorero" in text
    assert "por Administración: faltó una venta de Rosa" in text
    assert "Reabierta el " in text
    assert " teso" not in text and "por admin" not in text
