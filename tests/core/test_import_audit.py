"""Every sale an import writes, replaces or removes has its own audit entry, read the same
way as a sale entered by hand; so has each attendance the database records with them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from agroferia.core import audit, cell_history, sales
from agroferia.core.day_sheet import AMOUNT, PRESENT
from agroferia.core.models import AuditLog, FairDay, Sale, Vendor
from tests.core.test_importing import (  # noqa: F401 (fixtures)
    SALES_HEADER,
    fair,
    import_sales,
    three_vendors,
    write_csv,
)

DAY = dt.date(2026, 11, 22)
pytestmark = pytest.mark.usefixtures("three_vendors")


def entries(session, entity: str, action: str) -> list[AuditLog]:
    stmt = select(AuditLog).where(AuditLog.entity == entity, AuditLog.action == action)
    return list(session.scalars(stmt.order_by(AuditLog.id)))


def vendor_id(session, dni: str) -> int:
    return session.scalar(select(Vendor.id).where(Vendor.doc_number == dni))


def test_each_imported_sale_has_its_entry_like_a_sale_entered_by_hand(session, tmp_path):
    path = write_csv(
        tmp_path / "ventas.csv",
        [SALES_HEADER, "41234567;22/11/2026;100;Yape;", "01234567;22/11/2026;50,50;;"],
    )
    assert import_sales(session, path).ok
    session.commit()
    imported = entries(session, "sale", "import")
    written = session.scalars(select(Sale).order_by(Sale.id)).all()
    assert [e.entity_id for e in imported] == [s.id for s in written]
    for entry, sale in zip(imported, written, strict=True):
        assert json.loads(entry.after) == audit.snapshot(sale)  # the keys of a hand entry
        assert entry.actor == audit.SYSTEM
    assert [e.reason for e in imported] == ["ventas.csv, fila 2", "ventas.csv, fila 3"]
    assert json.loads(imported[0].after)["amount_cents"] == 10000
    assert json.loads(imported[0].after)["payment_method"] == "yape"
    # the day's sheet shows the import in the cell's history, as it shows a hand entry
    day_id = written[0].fair_day_id
    changes = cell_history.history(session, day_id, written[0].vendor_id, AMOUNT)
    assert [c.text for c in changes] == ["Venta anotada: S/ 100.00 en Hortalizas y verduras (Yape)"]
    # the attendance the database recorded with each sale, one entry each
    present = entries(session, "attendance", "present")
    assert sorted(json.loads(e.after)["vendor_id"] for e in present) == sorted(
        s.vendor_id for s in written
    )
    assert [
        c.text for c in cell_history.history(session, day_id, written[1].vendor_id, PRESENT)
    ] == ["Marcado presente"]


def test_replacing_moves_money_between_vendors_with_different_entries(session, tmp_path):
    rosa, juan = vendor_id(session, "41234567"), vendor_id(session, "01234567")
    first = write_csv(tmp_path / "a.csv", [SALES_HEADER, "41234567;22/11/2026;100;;"])
    assert import_sales(session, first).ok
    session.commit()
    moved = write_csv(tmp_path / "b.csv", [SALES_HEADER, "01234567;22/11/2026;100;;"])
    assert import_sales(session, moved, replace=True).ok
    session.commit()
    removed = entries(session, "sale", "delete")
    assert [(json.loads(e.before)["vendor_id"], json.loads(e.before)["amount_cents"])
            for e in removed] == [(rosa, 10000)]  # fmt: skip
    imported = entries(session, "sale", "import")
    assert [json.loads(e.after)["vendor_id"] for e in imported] == [rosa, juan]
    assert removed[0].reason == "b.csv"
    day = session.scalar(select(FairDay).where(FairDay.date == DAY))
    changes = cell_history.history(session, day.id, rosa, AMOUNT)
    assert [c.text for c in changes][-1] == "Venta borrada: S/ 100.00 en Hortalizas y verduras"
    # Rosa stays present (the replacement never removes attendance): no second entry
    assert len(entries(session, "attendance", "present")) == 2


def test_an_import_adds_no_attendance_entry_for_a_vendor_already_present(session, tmp_path):
    path = write_csv(tmp_path / "a.csv", [SALES_HEADER, "41234567;22/11/2026;100;;"])
    assert import_sales(session, path).ok
    session.commit()
    day = session.scalar(select(FairDay).where(FairDay.date == DAY))
    sales.record_sale(session, audit.SYSTEM, day.id, vendor_id(session, "41234567"), "5",
                      today=DAY)  # fmt: skip
    session.commit()
    more = write_csv(tmp_path / "b.csv", [SALES_HEADER, "41234567;22/11/2026;100;;",
                                          "42345678;22/11/2026;7;;"])  # fmt: skip
    assert import_sales(session, more, replace=True).ok
    session.commit()
    present = [json.loads(e.after)["vendor_id"] for e in entries(session, "attendance", "present")]
    assert present == [vendor_id(session, "41234567"), vendor_id(session, "42345678")]
    assert len(entries(session, "sale", "delete")) == 2
