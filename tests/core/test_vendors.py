"""Vendors: registration, search, edits with their audit trail, status changes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, catalog, fairs, vendors
from agroferia.core.errors import NotFoundError, ValidationError
from agroferia.core.models import AuditLog, Vendor, vendor_category

TODAY = dt.date(2025, 6, 15)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def vendor_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "given_names": "Rosa",
        "surnames": "Quispe Mamani",
        "doc_number": "40123456",
        "main_category": "Hortalizas y verduras",
    }
    data.update(overrides)
    return data


def register(db, **overrides: Any) -> int:
    with db.Session.begin() as s:
        return vendors.register(s, "ana", vendor_data(**overrides), today=TODAY).id


def last_audit(session, entity: str, entity_id: int) -> AuditLog:
    return audit.history(session, entity, entity_id)[-1]


# ---------------------------------------------------------------- register


def test_register_with_every_field(db) -> None:
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria Campesina de Magdalena")
        vendor = vendors.register(
            s,
            "ana",
            {
                "given_names": "  María   Luisa ",
                "surnames": "Núñez Quispe",
                "doc_type": "dni",
                "doc_number": "1234-5678",
                "sex": "Mujer",
                "birth_date": "15/06/1990",
                "phone": "+51 987 654 321",
                "email": "Maria@Example.PE",
                "region": "lima",
                "province": "CANETE",
                "district": "imperial",
                "association": "Asociación Los Andes",
                "main_category": "gastronomia",
                "other_categories": "Artesanía; Productos frescos; Gastronomía",
                "sgp_certified": "sí",
                "sgp_expires_on": "2026-01-31",
                "stall": "A-12",
                "status": "activo",
                "registered_on": "01/03/2025",
                "notes": "Vende chicha morada",
                "fair": "feria campesina de magdalena",
            },
            today=TODAY,
        )
        vendor_id, fair_id = vendor.id, fair.id
    with db.Session() as s:
        got = s.get(Vendor, vendor_id)
        assert got.code == "EXP-0001"
        assert got.given_names == "María Luisa"
        assert got.surnames == "Núñez Quispe"
        assert got.full_name == "María Luisa Núñez Quispe"
        assert (got.doc_type, got.doc_number) == ("DNI", "12345678")
        assert got.sex == "F"
        assert got.birth_date == dt.date(1990, 6, 15)
        assert got.phone == "51987654321"
        assert got.email == "maria@example.pe"
        assert (got.region, got.province, got.district, got.ubigeo) == (
            "Lima",
            "Cañete",
            "Imperial",
            "150507",
        )
        assert got.association == "Asociación Los Andes"
        assert got.main_category.name == "Gastronomía"
        # the main category is not repeated among the others
        assert [c.name for c in got.other_categories] == ["Artesanía", "Productos frescos"]
        assert got.sgp_certified is True
        assert got.sgp_expires_on == dt.date(2026, 1, 31)
        assert got.status == "active"
        assert got.registered_on == dt.date(2025, 3, 1)
        assert got.notes == "Vende chicha morada"
        # a member of the fair named, with the stall there, since the day registered
        [member] = got.memberships
        assert (member.fair_id, member.stall, member.status, member.registered_on) == (
            fair_id, "A-12", "active", dt.date(2025, 3, 1)
        )  # fmt: skip
        entry = last_audit(s, "vendor", vendor_id)
        assert (entry.actor, entry.action, entry.before) == ("ana", "create", None)
        after = json.loads(entry.after)
        assert after["doc_number"] == "12345678"
        assert after["birth_date"] == "1990-06-15"
        assert sorted(after["other_categories"]) == sorted(c.id for c in got.other_categories)
        assert after["fairs"] == [
            {"fair": fair_id, "stall": "A-12", "status": "active", "registered_on": "2025-03-01"}
        ]


def test_register_defaults(db) -> None:
    vendor_id = register(db)
    with db.Session() as s:
        got = s.get(Vendor, vendor_id)
        assert got.doc_type == "DNI"
        assert got.sex == "not_stated"
        assert got.status == "active"
        assert got.registered_on == TODAY
        assert got.sgp_certified is False
        assert got.memberships == []
        assert got.region is None and got.ubigeo is None
        assert got.other_categories == []


def test_codes_are_sequential(db) -> None:
    first = register(db, doc_number="40000001")
    second = register(db, doc_number="40000002")
    with db.Session() as s:
        assert s.get(Vendor, first).code == "EXP-0001"
        assert s.get(Vendor, second).code == "EXP-0002"


def test_main_category_by_id(db) -> None:
    with db.Session.begin() as s:
        cat = catalog.find_category(s, "Artesanía")
        vendor = vendors.register(s, "ana", vendor_data(main_category=cat.id), today=TODAY)
        assert vendor.main_category_id == cat.id


def test_same_number_different_document_type_allowed(db) -> None:
    register(db, doc_number="40123456")
    other = register(db, doc_type="CE", doc_number="40123456", given_names="Juan")
    with db.Session() as s:
        assert s.get(Vendor, other).doc_type == "CE"
        assert count(s, Vendor) == 2


def test_duplicate_document_refused_naming_the_existing_vendor(db) -> None:
    register(db, doc_number="40123456")
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.register(
            s, "ana", vendor_data(given_names="Otra", doc_number="4012 3456"), today=TODAY
        )
    [error] = info.value.errors
    assert error.field == "doc_number"
    assert error.message.render() == "ya está registrado para Rosa Quispe Mamani (EXP-0001)"
    assert "Rosa Quispe Mamani" in str(info.value)


def test_rejected_registration_writes_nothing(db) -> None:
    register(db)
    with db.Session() as s:
        vendors_before, audit_before = count(s, Vendor), count(s, AuditLog)
        links_before = count(s, vendor_category)
    with db.Session() as s:
        with pytest.raises(ValidationError):
            vendors.register(
                s,
                "ana",
                vendor_data(
                    doc_number="40999999",
                    other_categories="Artesanía",
                    email="not-an-email",
                ),
                today=TODAY,
            )
        s.commit()  # even committing the session afterwards leaves nothing behind
    with db.Session() as s:
        assert count(s, Vendor) == vendors_before
        assert count(s, AuditLog) == audit_before
        assert count(s, vendor_category) == links_before
        assert vendors.find_by_document(s, "DNI", "40999999") is None


def test_validation_lists_every_bad_field_at_once(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.register(
            s,
            "ana",
            {
                "given_names": "",
                "surnames": "Quispe",
                "doc_type": "DNI",
                "doc_number": "123",
                "sex": "x",
                "birth_date": "2030-01-01",
                "phone": "98765abc",
                "email": "nobody@",
                "region": "Lima",
                "province": "Cusco",
                "main_category": "Minería",
                "sgp_certified": "quizá",
                "status": "dormido",
                "fair": "Feria inexistente",
            },
            today=TODAY,
        )
    fields = {e.field for e in info.value.errors}
    assert fields == {
        "given_names",
        "doc_number",
        "sex",
        "birth_date",
        "phone",
        "email",
        "province",
        "main_category",
        "sgp_certified",
        "status",
        "fair",
    }
    assert info.value.for_field("main_category")[0].message.render() == (
        "«Minería» no es un rubro registrado"
    )
    rendered = str(info.value)
    assert "Nombres: es obligatorio" in rendered
    assert "Provincia: «Cusco» no es una provincia de Lima" in rendered
    assert "Feria: «Feria inexistente» no es una feria registrada" in rendered


def test_main_category_required(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.register(s, "ana", vendor_data(main_category=""), today=TODAY)
    assert [e.field for e in info.value.errors] == ["main_category"]
    assert info.value.errors[0].message.render() == "es obligatorio"


def test_sgp_expiry_only_with_certification(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.register(
            s, "ana", vendor_data(sgp_certified="no", sgp_expires_on="2026-01-01"), today=TODAY
        )
    assert [e.field for e in info.value.errors] == ["sgp_expires_on"]


def test_unknown_other_category_refused(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.register(s, "ana", vendor_data(other_categories="Artesanía; Joyería"), today=TODAY)
    assert [e.field for e in info.value.errors] == ["other_categories"]


# ---------------------------------------------------------------- search


@pytest.fixture
def three_vendors(db) -> dict[str, int]:
    ids = {
        "nunez": register(
            db,
            given_names="María",
            surnames="Núñez Huamán",
            doc_number="41111111",
            association="Asociación Agroecológica Ñaña",
        ),
        "quispe": register(
            db,
            given_names="Rosa",
            surnames="Quispe",
            doc_number="42222222",
            association="Productores de Cañete",
        ),
        "perez": register(
            db,
            given_names="José",
            surnames="Pérez",
            doc_type="CE",
            doc_number="AB123456",
        ),
    }
    return ids


@pytest.mark.parametrize("query", ["nunez", "NÚÑEZ", "núñez", "Nunez maria", "maria NUNEZ"])
def test_search_ignores_accents_case_and_word_order(db, three_vendors, query: str) -> None:
    with db.Session() as s:
        assert [x.id for x in vendors.search(s, query)] == [three_vendors["nunez"]]


def test_search_by_document(db, three_vendors) -> None:
    with db.Session() as s:
        assert [x.id for x in vendors.search(s, "42222222")] == [three_vendors["quispe"]]
        assert [x.id for x in vendors.search(s, "ab123456")] == [three_vendors["perez"]]
        assert [x.id for x in vendors.search(s, "4222")] == [three_vendors["quispe"]]


def test_search_by_association(db, three_vendors) -> None:
    with db.Session() as s:
        assert [x.id for x in vendors.search(s, "canete")] == [three_vendors["quispe"]]
        assert [x.id for x in vendors.search(s, "agroecologica nana")] == [three_vendors["nunez"]]
        assert {x.id for x in vendors.search(s, "asociacion")} == {three_vendors["nunez"]}


def test_search_by_code(db, three_vendors) -> None:
    with db.Session() as s:
        assert [x.id for x in vendors.search(s, "exp-0003")] == [three_vendors["perez"]]


def test_search_without_query_lists_all_sorted_by_surname(db, three_vendors) -> None:
    with db.Session() as s:
        assert [x.surnames for x in vendors.search(s)] == ["Núñez Huamán", "Pérez", "Quispe"]
        assert len(vendors.search(s, "   ")) == 3
        assert len(vendors.search(s, limit=2)) == 2


def test_search_no_match_and_wildcards(db, three_vendors) -> None:
    with db.Session() as s:
        assert vendors.search(s, "zzz") == []
        assert vendors.search(s, "%") == []  # LIKE wildcards are escaped
        assert vendors.search(s, "_") == []


def test_search_by_status_and_fair(db, three_vendors) -> None:
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Surco")
        vendors.update(s, "ana", three_vendors["quispe"], {"fair": fair.id}, today=TODAY)
        vendors.set_status(s, "ana", three_vendors["perez"], "suspended")
        fair_id = fair.id
    with db.Session() as s:
        active = vendors.search(s, statuses=["active"])
        assert {x.id for x in active} == {three_vendors["nunez"], three_vendors["quispe"]}
        assert [x.id for x in vendors.search(s, fair_id=fair_id)] == [three_vendors["quispe"]]


def test_by_document_number(db, three_vendors) -> None:
    with db.Session() as s:
        assert vendors.by_document_number(s, "4111-1111").id == three_vendors["nunez"]
        assert vendors.by_document_number(s, "ab123456").id == three_vendors["perez"]
        assert vendors.by_document_number(s, "99999999") is None


# ---------------------------------------------------------------- update


def test_update_changes_only_what_was_given(db) -> None:
    vendor_id = register(
        db,
        phone="987654321",
        region="Lima",
        province="Cañete",
        district="Imperial",
        other_categories="Artesanía",
        birth_date="1990-06-15",
    )
    with db.Session() as s:
        before = vendors.form_values(s.get(Vendor, vendor_id))
    with db.Session.begin() as s:
        vendors.update(s, "luis", vendor_id, {"phone": "999 888 777"})
    with db.Session() as s:
        got = s.get(Vendor, vendor_id)
        after = vendors.form_values(got)
        assert after["phone"] == "999888777"
        assert {k: val for k, val in after.items() if k != "phone"} == {
            k: val for k, val in before.items() if k != "phone"
        }
        entry = last_audit(s, "vendor", vendor_id)
        assert (entry.actor, entry.action) == ("luis", "update")
        old, new = json.loads(entry.before), json.loads(entry.after)
        assert set(old) == set(new)
        assert old["phone"] == "987654321"
        assert new["phone"] == "999888777"
        # only changed fields are recorded (updated_at is touched by the update itself)
        assert set(new) - {"updated_at"} == {"phone"}


def test_update_names_refreshes_search(db) -> None:
    vendor_id = register(db)
    with db.Session.begin() as s:
        vendors.update(s, "ana", vendor_id, {"surnames": "Ñahui"}, today=TODAY)
    with db.Session() as s:
        assert [x.id for x in vendors.search(s, "nahui")] == [vendor_id]
        assert vendors.search(s, "mamani") == []
        entry = last_audit(s, "vendor", vendor_id)
        assert json.loads(entry.before)["surnames"] == "Quispe Mamani"
        assert json.loads(entry.after)["surnames"] == "Ñahui"


def test_update_categories_audited_as_ids(db) -> None:
    vendor_id = register(db, other_categories="Artesanía")
    with db.Session.begin() as s:
        frescos = catalog.find_category(s, "Productos frescos").id
        artesania = catalog.find_category(s, "Artesanía").id
        vendors.update(
            s, "ana", vendor_id, {"other_categories": ["Productos frescos"]}, today=TODAY
        )
    with db.Session() as s:
        entry = last_audit(s, "vendor", vendor_id)
        assert json.loads(entry.before)["other_categories"] == [artesania]
        assert json.loads(entry.after)["other_categories"] == [frescos]


def test_update_keeps_own_document(db) -> None:
    vendor_id = register(db, doc_number="40123456")
    with db.Session.begin() as s:
        vendors.update(s, "ana", vendor_id, {"doc_number": "40123456", "notes": "B-3"})
    with db.Session() as s:
        assert s.get(Vendor, vendor_id).notes == "B-3"


def test_update_to_someone_elses_document_refused(db) -> None:
    register(db, doc_number="40000001")
    second = register(db, doc_number="40000002", given_names="Juan")
    with db.Session() as s:
        audit_before = count(s, AuditLog)
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            vendors.update(s, "ana", second, {"doc_number": "40000001", "phone": "911222333"})
        s.commit()
    assert info.value.errors[0].field == "doc_number"
    with db.Session() as s:
        got = s.get(Vendor, second)
        assert got.doc_number == "40000002"
        assert got.phone is None
        assert count(s, AuditLog) == audit_before


def test_update_unknown_field_is_a_programming_error(db) -> None:
    vendor_id = register(db)
    with db.Session() as s, pytest.raises(ValueError, match="colour"):
        vendors.update(s, "ana", vendor_id, {"colour": "red"})


def test_update_missing_vendor(db) -> None:
    with db.Session() as s, pytest.raises(NotFoundError) as info:
        vendors.update(s, "ana", 999, {"phone": "987654321"})
    assert str(info.value) == "No existe el expositor 999."


def test_vendor_in_deactivated_category_can_still_be_edited(db) -> None:
    vendor_id = register(db, main_category="Artesanía")
    with db.Session.begin() as s:
        catalog.set_active(s, "ana", catalog.find_category(s, "Artesanía").id, False)
    with db.Session.begin() as s:
        vendors.update(s, "ana", vendor_id, {"phone": "987654321"})
    with db.Session() as s:
        assert s.get(Vendor, vendor_id).phone == "987654321"


# ---------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("suspended", "suspended"),
        ("Suspendida", "suspended"),
        ("withdrawn", "withdrawn"),
        ("RETIRADO", "withdrawn"),
    ],
)
def test_set_status_audited_never_deleted(db, word: str, status: str) -> None:
    vendor_id = register(db)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", vendor_id, word, reason="no asistió tres jornadas")
    with db.Session() as s:
        got = s.get(Vendor, vendor_id)
        assert got is not None
        assert got.status == status
        assert count(s, Vendor) == 1
        entry = last_audit(s, "vendor", vendor_id)
        assert entry.action == "status"
        assert entry.reason == "no asistió tres jornadas"
        assert json.loads(entry.before)["status"] == "active"
        assert json.loads(entry.after)["status"] == status


def test_set_status_back_to_active(db) -> None:
    vendor_id = register(db)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", vendor_id, "withdrawn")
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", vendor_id, "activa")
    with db.Session() as s:
        assert s.get(Vendor, vendor_id).status == "active"
        assert [e.action for e in audit.history(s, "vendor", vendor_id)] == [
            "create",
            "status",
            "status",
        ]


def test_set_status_unknown_refused(db) -> None:
    vendor_id = register(db)
    with db.Session() as s, pytest.raises(ValidationError) as info:
        vendors.set_status(s, "ana", vendor_id, "deleted")
    assert info.value.errors[0].field == "status"
    assert info.value.errors[0].message.render() == "debe ser activo, suspendido o retirado"


def test_set_status_missing_vendor(db) -> None:
    with db.Session() as s, pytest.raises(NotFoundError):
        vendors.set_status(s, "ana", 42, "suspended")


def test_vendors_module_has_no_delete() -> None:
    assert not any(name.startswith(("delete", "remove")) for name in dir(vendors))


def test_stall_holder_is_the_other_active_vendor_of_the_fair(db) -> None:
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Agroferia de Magdalena").id
        other = fairs.create_fair(s, "ana", name="Bioferia de Surquillo").id
    rosa = register(db, stall="A-12", fair=fair)
    juan = register(db, given_names="Juan", doc_number="40123457", stall="B-1", fair=fair)
    with db.Session.begin() as s:
        vendors.set_status(s, "ana", juan, "suspended")
    with db.Session() as s:
        found = vendors.stall_holder(s, fair, " a-12 ")
        assert found is not None and (found.id, found.full_name, found.code) == (
            rosa, "Rosa Quispe Mamani", "EXP-0001",
        )  # fmt: skip
        assert vendors.stall_holder(s, fair, "A-12", exclude_id=rosa) is None  # her own
        assert vendors.stall_holder(s, other, "A-12") is None  # another fair
        assert vendors.stall_holder(s, fair, "B-1") is None  # suspended: not holding it
        assert vendors.stall_holder(s, None, "A-12") is None
        assert vendors.stall_holder(s, fair, "  ") is None
        assert vendors.stall_holders(s) == {(fair, "A-12"): found}
        assert str(vendors.stall_taken("a-12", found)) == (
            "el puesto a-12 ya es de Rosa Quispe Mamani (EXP-0001)"
        )
