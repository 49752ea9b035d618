"""Categories (rubros), fairs, fair days and attendance."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, catalog, fairs, sales, vendors
from agroferia.core.errors import NotFoundError, OperationError, ValidationError
from agroferia.core.models import Attendance, AuditLog, Category, Fair, FairDay, Vendor
from tests.expected import SEEDED_CATEGORIES

DAY = dt.date(2025, 6, 15)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def new_vendor(s, doc_number: str = "40123456", category: object = "Artesanía") -> Vendor:
    return vendors.register(
        s,
        "ana",
        {
            "given_names": "Rosa",
            "surnames": "Quispe",
            "doc_number": doc_number,
            "main_category": category,
        },
        today=DAY,
    )


@pytest.fixture
def fair_day(db) -> tuple[int, int, int]:
    """(fair id, fair day id, vendor id)."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria Campesina de Magdalena")
        day = fairs.add_fair_day(s, "ana", fair.id, date=DAY)
        vendor = new_vendor(s)
        return fair.id, day.id, vendor.id


# ---------------------------------------------------------------- categories


def test_eight_seeded_categories(session) -> None:
    names = [c.name for c in catalog.list_categories(session)]
    assert sorted(names) == sorted(SEEDED_CATEGORIES)
    assert len(names) == 8
    assert names == sorted(names)  # listed by name
    assert all(c.active for c in catalog.list_categories(session))


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("gastronomia", "Gastronomía"),
        ("  ARTESANIA ", "Artesanía"),
        ("tuberculos,  granos y menestras", "Tubérculos, granos y menestras"),
        ("panaderia y tamales", "Panadería y tamales"),
    ],
)
def test_find_category_ignores_case_accents_spacing(session, query: str, name: str) -> None:
    assert catalog.find_category(session, query).name == name


def test_find_unknown_category(session) -> None:
    assert catalog.find_category(session, "Minería") is None
    with pytest.raises(NotFoundError):
        catalog.get_category(session, 999)


def test_add_category_audited(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.add_category(s, "ana", "  Plantas   medicinales ", "hierbas")
        cat_id = cat.id
    with db.Session() as s:
        assert s.get(Category, cat_id).name == "Plantas medicinales"
        assert len(catalog.list_categories(s)) == 9
        [entry] = audit.history(s, "category", cat_id)
        assert entry.action == "create"
        assert json.loads(entry.after)["name"] == "Plantas medicinales"


@pytest.mark.parametrize("name", ["artesania", "GASTRONOMÍA", ""])
def test_add_category_duplicate_or_blank_refused(db, name: str) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        catalog.add_category(s, "ana", name)
    assert info.value.errors[0].field == "name"
    with db.Session() as s:
        assert count(s, Category) == 8


def test_rename_keeps_vendors_linked(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.find_category(s, "Artesanía")
        vendor_id, cat_id = new_vendor(s, category=cat.id).id, cat.id
    with db.Session.begin() as s:
        catalog.rename_category(s, "luis", cat_id, "Artesanía textil")
    with db.Session() as s:
        got = s.get(Vendor, vendor_id)
        assert got.main_category_id == cat_id
        assert got.main_category.name == "Artesanía textil"
        assert catalog.find_category(s, "Artesanía") is None
        entry = audit.history(s, "category", cat_id)[-1]
        assert entry.actor == "luis"
        assert json.loads(entry.before)["name"] == "Artesanía"
        assert json.loads(entry.after)["name"] == "Artesanía textil"


def test_rename_to_own_name_with_other_case_allowed(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.find_category(s, "Gastronomía")
        catalog.rename_category(s, "ana", cat.id, "GASTRONOMÍA")
        assert cat.name == "GASTRONOMÍA"


def test_rename_to_another_categorys_name_refused(db) -> None:
    with db.Session() as s:
        cat = catalog.find_category(s, "Gastronomía")
        with pytest.raises(ValidationError) as info:
            catalog.rename_category(s, "ana", cat.id, "artesania")
        assert info.value.errors[0].message.render() == "ya existe un rubro con ese nombre"


def test_deactivate_hides_and_refuses_new_vendors(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.find_category(s, "Artesanía")
        existing = new_vendor(s, doc_number="40000001", category=cat.id).id
        catalog.set_active(s, "ana", cat.id, False)
        cat_id = cat.id
    with db.Session() as s:
        listed = [c.name for c in catalog.list_categories(s)]
        assert "Artesanía" not in listed
        assert len(listed) == 7
        assert "Artesanía" in [c.name for c in catalog.list_categories(s, include_inactive=True)]
        # the existing vendor keeps its category
        assert s.get(Vendor, existing).main_category_id == cat_id
        for value in ("Artesanía", cat_id):
            with pytest.raises(ValidationError) as info:
                new_vendor(s, doc_number="40000002", category=value)
            assert info.value.errors[0].field == "main_category"
            assert info.value.errors[0].message.render() == "el rubro «Artesanía» está desactivado"
        with pytest.raises(ValidationError) as info:
            vendors.register(
                s,
                "ana",
                {
                    "given_names": "Ana",
                    "surnames": "Ríos",
                    "doc_number": "40000003",
                    "main_category": "Gastronomía",
                    "other_categories": "Artesanía",
                },
            )
        assert info.value.errors[0].field == "other_categories"
        entry = audit.history(s, "category", cat_id)[-1]
        assert json.loads(entry.before) == {"active": True}
        assert json.loads(entry.after) == {"active": False}


def test_reactivate(db) -> None:
    with db.Session.begin() as s:
        cat_id = catalog.find_category(s, "Artesanía").id
        catalog.set_active(s, "ana", cat_id, False)
    with db.Session.begin() as s:
        catalog.set_active(s, "ana", cat_id, True)
        new_vendor(s, category=cat_id)
    with db.Session() as s:
        assert len(catalog.list_categories(s)) == 8


def test_vendor_counts_only_active_vendors(db) -> None:
    with db.Session.begin() as s:
        a = new_vendor(s, "40000001", "Artesanía")
        new_vendor(s, "40000002", "Artesanía")
        new_vendor(s, "40000003", "Gastronomía")
        vendors.set_status(s, "ana", a.id, "withdrawn")
    with db.Session() as s:
        counts = catalog.vendor_counts(s)
        assert counts[catalog.find_category(s, "Artesanía").id] == 1
        assert counts[catalog.find_category(s, "Gastronomía").id] == 1
        assert catalog.find_category(s, "Productos frescos").id not in counts


# ---------------------------------------------------------------- fairs


def test_create_fair_audited(db) -> None:
    with db.Session.begin() as s:
        fair = fairs.create_fair(
            s,
            "ana",
            name=" Feria  Campesina de Magdalena ",
            district="Magdalena del Mar",
            weekday="6",
        )
        fair_id = fair.id
    with db.Session() as s:
        got = fairs.get_fair(s, fair_id)
        assert got.name == "Feria Campesina de Magdalena"
        assert got.weekday == 6
        assert got.active is True
        assert fairs.fair_by_name(s, "feria campesina de magdalena").id == fair_id
        assert [e.action for e in audit.history(s, "fair", fair_id)] == ["create"]


@pytest.mark.parametrize("name", ["Feria de Surco", "FERIA DE SURCO", "feria  de surco"])
def test_duplicate_fair_name_refused(db, name: str) -> None:
    with db.Session.begin() as s:
        fairs.create_fair(s, "ana", name="Feria de Surco")
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fairs.create_fair(s, "ana", name=name)
    assert info.value.errors[0].field == "name"
    assert info.value.errors[0].message.render() == "ya existe una feria con ese nombre"
    with db.Session() as s:
        assert count(s, Fair) == 1


def test_create_fair_validation(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        fairs.create_fair(s, "ana", name="", weekday=7)
    assert {e.field for e in info.value.errors} == {"name", "weekday"}


def test_update_fair(db) -> None:
    with db.Session.begin() as s:
        fair_id = fairs.create_fair(s, "ana", name="Feria A", weekday=5).id
        other = fairs.create_fair(s, "ana", name="Feria B").id
    with db.Session.begin() as s:
        fairs.update_fair(s, "ana", fair_id, address="Av. Brasil 123")
    with db.Session() as s:
        got = fairs.get_fair(s, fair_id)
        assert (got.name, got.weekday, got.address) == ("Feria A", 5, "Av. Brasil 123")
        with pytest.raises(ValidationError):
            fairs.update_fair(s, "ana", other, name="feria a")


def test_fair_not_found(session) -> None:
    with pytest.raises(NotFoundError):
        fairs.get_fair(session, 5)
    with pytest.raises(NotFoundError) as info:
        fairs.fair_by_name(session, "Nada")
    assert str(info.value) == "No existe una feria llamada «Nada»."


# ---------------------------------------------------------------- fair days


def test_add_fair_day_from_text(db) -> None:
    with db.Session.begin() as s:
        fair_id = fairs.create_fair(s, "ana", name="Feria A").id
        day = fairs.add_fair_day(s, "ana", fair_id, date="15/06/2025", visitors="1,200")
        assert (day.date, day.visitors) == (DAY, 1200)


def test_fair_days_unique_per_fair_and_date(db) -> None:
    with db.Session.begin() as s:
        a = fairs.create_fair(s, "ana", name="Feria A").id
        b = fairs.create_fair(s, "ana", name="Feria B").id
        fairs.add_fair_day(s, "ana", a, date=DAY)
        fairs.add_fair_day(s, "ana", b, date=DAY)  # another fair, same date: fine
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            fairs.add_fair_day(s, "ana", a, date="2025-06-15")
        assert info.value.errors[0].field == "date"
        assert (
            info.value.errors[0].message.render() == "la feria ya tiene una jornada el 15/06/2025"
        )
    with db.Session() as s:
        assert count(s, FairDay) == 2


def test_fair_day_needs_a_valid_date(db) -> None:
    with db.Session.begin() as s:
        fair_id = fairs.create_fair(s, "ana", name="Feria A").id
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            fairs.add_fair_day(s, "ana", fair_id)
        assert info.value.errors[0].message.render() == "es obligatorio"
        with pytest.raises(ValidationError) as info:
            fairs.add_fair_day(s, "ana", fair_id, date="31/02/2025", visitors="-3")
        assert {e.field for e in info.value.errors} == {"date", "visitors"}


def test_update_fair_day_onto_taken_date_refused(db) -> None:
    with db.Session.begin() as s:
        fair_id = fairs.create_fair(s, "ana", name="Feria A").id
        fairs.add_fair_day(s, "ana", fair_id, date=DAY)
        later = fairs.add_fair_day(s, "ana", fair_id, date=DAY + dt.timedelta(days=7)).id
    with db.Session() as s, pytest.raises(ValidationError):
        fairs.update_fair_day(s, "ana", later, date=DAY)
    with db.Session.begin() as s:
        fairs.update_fair_day(s, "ana", later, visitors=350)
    with db.Session() as s:
        got = fairs.get_fair_day(s, later)
        assert (got.date, got.visitors) == (DAY + dt.timedelta(days=7), 350)


def test_ensure_fair_day(db) -> None:
    with db.Session.begin() as s:
        fair_id = fairs.create_fair(s, "ana", name="Feria A").id
        first, created = fairs.ensure_fair_day(s, "ana", fair_id, DAY)
        assert created is True
        again, created = fairs.ensure_fair_day(s, "ana", fair_id, DAY)
        assert created is False
        assert again.id == first.id


# ---------------------------------------------------------------- closing days


def test_close_day_blocks_sales(db, fair_day) -> None:
    _, day_id, vendor_id = fair_day
    with db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", day_id)
    with db.Session() as s:
        day = fairs.get_fair_day(s, day_id)
        assert day.closed_at is not None
        assert day.closed_by == "ana"
        with pytest.raises(OperationError) as info:
            sales.record_sale(s, "ana", day_id, vendor_id, "10")
        assert str(info.value) == (
            "La jornada del 15/06/2025 está cerrada; reábrala para hacer cambios."
        )
        with pytest.raises(OperationError):
            fairs.set_attendance(s, "ana", day_id, vendor_id, True)
        with pytest.raises(OperationError):
            fairs.close_fair_day(s, "ana", day_id)  # already closed


def test_reopen_requires_a_reason(db, fair_day) -> None:
    _, day_id, vendor_id = fair_day
    with db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", day_id)
    with db.Session() as s:
        for reason in ("", "   ", None):
            with pytest.raises(ValidationError) as info:
                fairs.reopen_fair_day(s, "luis", day_id, reason)  # type: ignore[arg-type]
            assert info.value.errors[0].field == "reason"
        assert fairs.get_fair_day(s, day_id).closed_at is not None
    with db.Session.begin() as s:
        fairs.reopen_fair_day(s, "luis", day_id, "faltó registrar una venta")
    with db.Session.begin() as s:
        assert fairs.get_fair_day(s, day_id).closed_at is None
        sales.record_sale(s, "luis", day_id, vendor_id, "10")  # open again
    with db.Session() as s:
        entry = next(e for e in audit.history(s, "fair_day", day_id) if e.action == "reopen")
        assert entry.actor == "luis"
        assert entry.reason == "faltó registrar una venta"
        assert json.loads(entry.before)["closed_by"] == "ana"
        assert json.loads(entry.after)["closed_by"] is None
        actions = [e.action for e in audit.history(s, "fair_day", day_id)]
        assert actions == ["create", "close", "reopen"]


# ---------------------------------------------------------------- attendance


def attendance(s, day_id: int, vendor_id: int) -> bool:
    found = s.scalar(
        select(Attendance.id).where(
            Attendance.fair_day_id == day_id, Attendance.vendor_id == vendor_id
        )
    )
    return found is not None


def test_set_attendance_present_and_absent(db, fair_day) -> None:
    _, day_id, vendor_id = fair_day
    with db.Session.begin() as s:
        fairs.set_attendance(s, "ana", day_id, vendor_id, True)
        fairs.set_attendance(s, "ana", day_id, vendor_id, True)  # twice: one row, one entry
    with db.Session() as s:
        assert attendance(s, day_id, vendor_id)
        assert count(s, Attendance) == 1
        present = s.scalars(select(AuditLog).where(AuditLog.action == "present")).all()
        assert len(present) == 1
        assert json.loads(present[0].after) == {"fair_day_id": day_id, "vendor_id": vendor_id}
    with db.Session.begin() as s:
        fairs.set_attendance(s, "ana", day_id, vendor_id, False)
    with db.Session() as s:
        assert not attendance(s, day_id, vendor_id)
        assert s.scalar(select(func.count()).where(AuditLog.action == "absent")) == 1


def test_attendance_cannot_be_removed_when_vendor_has_sales(db, fair_day) -> None:
    _, day_id, vendor_id = fair_day
    with db.Session.begin() as s:
        sales.record_sale(s, "ana", day_id, vendor_id, "25.50")
    with db.Session() as s:
        with pytest.raises(OperationError) as info:
            fairs.set_attendance(s, "ana", day_id, vendor_id, False)
        assert "tiene ventas" in str(info.value)
        assert attendance(s, day_id, vendor_id)


def test_mark_present_unknown_vendor(db, fair_day) -> None:
    _, day_id, _ = fair_day
    with db.Session() as s, pytest.raises(NotFoundError):
        fairs.mark_present(s, "system", day_id, 999)


def test_rename_keeps_description_when_not_given(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.find_category(s, "Productos frescos")
        assert cat.description == "quesos, yogur"
        catalog.rename_category(s, "ana", cat.id, "Lácteos")
    with db.Session() as s:
        assert catalog.find_category(s, "Lácteos").description == "quesos, yogur"
