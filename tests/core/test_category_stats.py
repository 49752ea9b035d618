"""What the Rubros page shows per category, and the check of a name that writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from agroferia.core import catalog, category_stats, demo, vendors
from agroferia.core.errors import ValidationError
from agroferia.core.models import AuditLog, Category, Vendor, VendorStatus
from tests.expected import SEEDED_CATEGORIES

TODAY = dt.date(2026, 11, 24)


def register(session, doc_number: str, main: str, others: list[str], status: str = "active"):
    vendor = vendors.register(
        session,
        "ana",
        {
            "given_names": "Rosa",
            "surnames": "Quispe",
            "doc_number": doc_number,
            "main_category": main,
            "other_categories": others,
        },
        today=TODAY,
    )
    if status != "active":
        vendors.set_status(session, "ana", vendor.id, status)
    return vendor


def test_rows_count_active_vendors_as_main_and_as_other_rubro(db) -> None:
    with db.Session.begin() as s:
        register(s, "40000001", "Artesanía", ["Gastronomía"])
        register(s, "40000002", "Gastronomía", ["Artesanía", "Productos frescos"])
        register(s, "40000003", "Artesanía", ["Gastronomía"], status="withdrawn")
    with db.Session() as s:
        rows = {r.name: r for r in category_stats.category_rows(s)}
    assert set(rows) == set(SEEDED_CATEGORIES)
    assert (rows["Artesanía"].main_vendors, rows["Artesanía"].other_vendors) == (1, 1)
    assert (rows["Gastronomía"].main_vendors, rows["Gastronomía"].other_vendors) == (1, 1)
    assert (rows["Productos frescos"].main_vendors, rows["Productos frescos"].other_vendors) == (
        0,
        1,
    )
    assert (
        rows["Panadería y tamales"].main_vendors == rows["Panadería y tamales"].other_vendors == 0
    )


def test_rows_match_the_demo_and_include_deactivated_rubros(db) -> None:
    with db.Session.begin() as s:
        demo.build(s, seed=3, until=TODAY, with_accounts=False)
        cat = catalog.find_category(s, "Artesanía")
        catalog.set_active(s, "ana", cat.id, False)
    with db.Session() as s:
        rows = category_stats.category_rows(s)
        main = catalog.vendor_counts(s)
        active = s.scalar(select(func.count()).where(Vendor.status == VendorStatus.ACTIVE.value))
        # counted by hand from the vendors themselves
        others: dict[int, int] = {}
        for vendor in s.scalars(select(Vendor).where(Vendor.status == "active")):
            for category in vendor.other_categories:
                others[category.id] = others.get(category.id, 0) + 1
    assert {r.id: r.main_vendors for r in rows if r.main_vendors} == main
    assert {r.id: r.other_vendors for r in rows if r.other_vendors} == others
    assert sum(r.main_vendors for r in rows) == active
    assert [r.active for r in rows if r.name == "Artesanía"] == [False]


def test_check_raises_what_add_would_and_writes_nothing(db) -> None:
    with db.Session() as s:
        audited = s.scalar(select(func.count()).select_from(AuditLog))
        for name in ("", "  ", "ARTESANIA", "x" * 81):
            with pytest.raises(ValidationError) as checked:
                catalog.validate_category(s, name, None)
            with pytest.raises(ValidationError) as added:
                catalog.add_category(s, "ana", name)
            assert checked.value.errors == added.value.errors
        with pytest.raises(ValidationError) as info:
            catalog.validate_category(s, "Flores", "d" * 201)
        assert [e.field for e in info.value.errors] == ["description"]
        catalog.validate_category(s, "Plantas medicinales", "hierbas")
        assert s.scalar(select(func.count()).select_from(Category)) == 8
        assert s.scalar(select(func.count()).select_from(AuditLog)) == audited


def test_check_of_a_rename_allows_the_rubros_own_name(session) -> None:
    cat = catalog.find_category(session, "Gastronomía")
    catalog.validate_category(session, "GASTRONOMIA", None, cat.id)
    with pytest.raises(ValidationError) as info:
        catalog.validate_category(session, "artesania", None, cat.id)
    assert info.value.for_field("name")[0].message.render() == "ya existe un rubro con ese nombre"
