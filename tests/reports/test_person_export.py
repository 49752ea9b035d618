"""Giving a person their data: the PDF (read back with pypdf) and the JSON hold their days,
sales, fees (later payments too) and audit entries, nothing about anyone else, and every
export is audited without personal data."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia.core import audit, fairs, fees, privacy, sales, vendors
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import Attendance, AuditLog, FairDay, Fee, Sale, Vendor
from agroferia.core.money import format_money
from agroferia.reports.person import export_person, write_person_export
from tests.accounts import add_account

PERSON = 12
NOW = dt.datetime(2026, 11, 25, 9, 30)


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def person(demo_db):
    """Vendor 12 of the demo, whose phone was corrected, with a debt of a closed day paid
    on a later Sunday, a corrected sale, a deleted one, and a day marked present."""
    with demo_db.Session.begin() as s:
        vendors.update(s, "ana", PERSON, {"phone": "955123478"})
        owed = fees.statement(s, PERSON)[0]
        fees.set_day_fee(s, "ana", owed.fair_day_id, PERSON, owed.due_cents, 0)  # unpaid
        fairs.close_fair_day(s, "ana", owed.fair_day_id)
        later = s.scalar(select(FairDay).where(FairDay.date > owed.date).order_by(FairDay.date))
        applied = fees.record_payment(
            s, "ana", PERSON, "5.00", fair_day_id=owed.fair_day_id, method="yape",
            received_on=later.date, today=dt.date(2026, 11, 24),
        )  # fmt: skip
        assert [a.later is not None for a in applied] == [True]
        mine = list(s.scalars(select(Sale).where(Sale.vendor_id == PERSON, Sale.fair_day_id
                                                 != owed.fair_day_id).limit(2)))  # fmt: skip
        sales.correct_sale(s, "ana", mine[0].id, "se anotó mal", payment_method="plin")
        sales.remove_sale(s, "ana", mine[1].id, "repetida")
        present = set(
            s.scalars(select(Attendance.fair_day_id).where(Attendance.vendor_id == PERSON))
        )
        absent = s.scalar(select(FairDay.id).where(FairDay.id.not_in(present)).limit(1))
        fairs.set_attendance(s, "ana", absent, PERSON, True)
    return demo_db


def others(session) -> list[Vendor]:
    return list(session.scalars(select(Vendor).where(Vendor.id != PERSON)))


def test_the_json_holds_everything_about_them_and_nothing_else(person, tmp_path) -> None:
    out = tmp_path / "datos.json"
    with person.Session.begin() as s:
        write_person_export(s, "ana", PERSON, out)
        vendor = s.get(Vendor, PERSON)
        statement = fees.statement(s, PERSON)
        other_people = others(s)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["vendor"]["doc_number"] == vendor.doc_number
    assert data["vendor"]["phone"] == "955123478"
    assert data["vendor"]["birth_date"] == (vendor.birth_date and vendor.birth_date.isoformat())
    assert data["vendor"]["consent"] == vendor.consent
    days = {d["date"]: d for d in data["days"]}
    for fee in statement:
        day = days[fee.date.isoformat()]
        assert Decimal(day["fee"]["due"]) * 100 == fee.due_cents
        assert [Decimal(p["amount"]) * 100 for p in day["fee"]["paid_later"]] == [
            p.cents for p in fee.later
        ]
    paid_later = [p for d in data["days"] if d["fee"] for p in d["fee"]["paid_later"]]
    assert paid_later and paid_later[0]["payment_method"] == "yape"
    assert data["totals"]["days_present"] == sum(d["present"] for d in data["days"]) > 10
    assert sum(Decimal(d["sales_total"]) for d in data["days"]) == Decimal(data["totals"]["sales"])
    actions = [(e["entity"], e["action"]) for e in data["audit"]]
    assert ("vendor", "create") in actions and ("vendor", "update") in actions
    assert ("fee", "update") in actions and ("later_payment", "payment") in actions
    assert ("sale", "update") in actions and ("sale", "delete") in actions
    assert ("attendance", "present") in actions
    with person.Session() as s:  # and every entry is about them

        def owner(e: dict) -> int | None:
            values = {**(e["before"] or {}), **(e["after"] or {})}
            if e["entity"] == "vendor":
                return e["entity_id"]
            if e["entity"] == "sale":
                sale = s.get(Sale, e["entity_id"])
                return sale.vendor_id if sale else values["vendor_id"]
            if e["entity"] == "fee":
                return s.get(Fee, e["entity_id"]).vendor_id
            if e["entity"] == "later_payment":
                return s.get(Fee, values["fee_id"]).vendor_id
            return values["vendor_id"]

        assert {owner(e) for e in data["audit"]} == {PERSON}
        assert len(data["audit"]) < len(list(s.scalars(select(AuditLog.id)))) / 10
    changed = next(e for e in data["audit"] if e["action"] == "update" and e["entity"] == "vendor")
    assert changed["after"]["phone"] == "955123478"
    text = out.read_text(encoding="utf-8")
    for other in other_people:
        assert other.doc_number not in text and other.full_name not in text
        assert f'"vendor_id": {other.id},' not in text


def test_the_pdf_says_the_same_for_people(person, tmp_path) -> None:
    out = tmp_path / "datos.pdf"
    with person.Session.begin() as s:
        write_person_export(s, "ana", PERSON, out, now=NOW)
        vendor = s.get(Vendor, PERSON)
        data = privacy.gather(s, PERSON)
        other_people = others(s)
    text = pdf_text(out)
    flat = re.sub(r"\s+", " ", text)
    assert "CONFIDENCIAL — datos personales (Ley 29733)" in text
    assert vendor.full_name in flat and vendor.doc_number in text and "955123478" in text
    assert format_money(data.sales_cents, cents=True) in text
    for day in data.days:
        assert day.date.strftime("%d/%m/%Y") in text
    assert "Pagos recibidos después del cierre de la jornada" in text
    assert "Teléfono: de " in flat and " a 955123478" in flat
    assert "Historial de cambios (registro de auditoría)" in text
    assert "Página 1 de" in text
    for other in other_people:
        assert other.doc_number not in text and other.full_name not in flat


def test_the_pdf_in_english(person, tmp_path) -> None:
    out = tmp_path / "data.pdf"
    with person.Session.begin() as s:
        write_person_export(s, "ana", PERSON, out, lang="en")
    text = pdf_text(out)
    assert "CONFIDENTIAL" in text and "CONFIDENCIAL" not in text


def test_every_export_is_audited_without_personal_data(person, tmp_path) -> None:
    with person.Session() as s:
        vendor = s.get(Vendor, PERSON)
        secrets = [vendor.doc_number, vendor.given_names, vendor.surnames, "955123478"]
    export_person(person.Session, "beto", PERSON, tmp_path / "a.pdf")
    export_person(person.Session, "beto", PERSON, tmp_path / "a.json")
    with person.Session() as s:
        exports = [e for e in audit.history(s, "vendor", PERSON) if e.action == "export"]
    assert [(e.actor, json.loads(e.after), e.before, e.reason) for e in exports] == [
        ("beto", {"format": "pdf"}, None, None),
        ("beto", {"format": "json"}, None, None),
    ]
    assert not any(word in exports[0].after for word in secrets)


def test_a_refused_export_writes_nothing_and_records_nothing(person, tmp_path) -> None:
    with person.Session() as s:
        entries = len(list(s.scalars(select(AuditLog.id))))
    with pytest.raises(OperationError):
        export_person(person.Session, "ana", PERSON, tmp_path / "datos.txt")
    with pytest.raises(NotFoundError):
        export_person(person.Session, "ana", 9999, tmp_path / "datos.pdf")
    with pytest.raises(FileNotFoundError):
        export_person(person.Session, "ana", PERSON, tmp_path / "no" / "datos.pdf")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")] == []
    with person.Session() as s:
        assert len(list(s.scalars(select(AuditLog.id)))) == entries


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_an_account_that_may_not_take_personal_data_out_is_refused(person, tmp_path, role):
    """As for the padrón: only an administrator's or organizer's account (or who is not an
    account: the computer's user, the command line) exports a person's data."""
    with person.Session.begin() as s:
        add_account(s, "mirona", role, "Mirona Vista")
        entries = len(list(s.scalars(select(AuditLog.id))))
    for name in ("datos.pdf", "datos.json"):
        with pytest.raises(OperationError) as info:
            export_person(person.Session, "mirona", PERSON, tmp_path / name)
        assert str(info.value) == ("Los datos de una persona son datos personales: solo una "
                                   "cuenta de administrador o de organizador puede "
                                   "exportarlos.")  # fmt: skip
    assert not (tmp_path / "datos.pdf").exists() and not (tmp_path / "datos.json").exists()
    with person.Session.begin() as s:
        assert len(list(s.scalars(select(AuditLog.id)))) == entries
        add_account(s, "lucia", "admin", "Lucía Organiza")
    export_person(person.Session, "Lucia", PERSON, tmp_path / "datos.json")
    assert json.loads((tmp_path / "datos.json").read_text())["vendor"]["code"] == "EXP-0012"


def test_find_by_document(person) -> None:
    with person.Session() as s:
        vendor = s.get(Vendor, PERSON)
        spaced = f"{vendor.doc_number[:4]} {vendor.doc_number[4:]}"
        assert privacy.find(s, spaced).id == PERSON
        with pytest.raises(NotFoundError) as info:
            privacy.find(s, "00000001")
        assert str(info.value) == "No hay ningún expositor con el documento 00000001."


def sale_entries(session, vendor_id: int, sale_id: int) -> list[tuple[str, str | None]]:
    """(action, reason) of the entries about that sale in the vendor's data."""
    return [(e.action, e.reason) for e in privacy.gather(session, vendor_id).audit
            if e.entity == "sale" and e.entity_id == sale_id]  # fmt: skip


@pytest.mark.sqlite_only  # a PostgreSQL server never gives an id twice
def test_a_reused_sale_id_does_not_carry_another_vendor_s_entries(demo_db) -> None:
    """SQLite gives a new sale the id of the last one deleted: each vendor's data keep only
    the entries of their own sale (created, corrected, deleted)."""
    other = PERSON + 1
    with demo_db.Session.begin() as s:
        day = s.scalar(select(FairDay.id).where(FairDay.closed_at.is_(None)).limit(1))
        first = sales.record_sale(s, "ana", day, PERSON, "777.77").id
        sales.correct_sale(s, "ana", first, "se anotó de más", amount="77.77")
        sales.remove_sale(s, "ana", first, "no vendió ese día")
    with demo_db.Session.begin() as s:
        second = sales.record_sale(s, "ana", day, other, "10.00").id
        assert second == first  # the same id, another person's sale
        sales.correct_sale(s, "ana", second, "pagó con Yape", payment_method="yape")
    with demo_db.Session() as s:
        assert sale_entries(s, PERSON, first) == [
            ("create", None),
            ("update", "se anotó de más"),
            ("delete", "no vendió ese día"),
        ]
        assert sale_entries(s, other, first) == [("create", None), ("update", "pagó con Yape")]


@pytest.mark.sqlite_only  # a PostgreSQL server never gives an id twice
def test_a_correction_of_a_sale_an_import_replaced_is_never_given_to_another(
    demo_db, tmp_path
) -> None:
    """When the id of a corrected sale an import replaced goes to another vendor's sale,
    the first vendor's entries (the import, the correction, the removal) stay theirs and
    the second's are only their own."""
    from agroferia.core import importing

    other = PERSON + 1
    with demo_db.Session() as s:
        docs = {v.id: v.doc_number for v in s.scalars(select(Vendor).where(
            Vendor.id.in_([PERSON, other])))}  # fmt: skip
    path = tmp_path / "ventas.csv"
    today = dt.date(2026, 11, 24)
    with demo_db.Session.begin() as s:
        path.write_text(f"DNI,Fecha,Monto\n{docs[PERSON]},23/11/2026,50\n")
        assert importing.import_sales(s, "ana", path, today=today).ok
        first = s.scalar(select(Sale.id).where(Sale.vendor_id == PERSON).order_by(Sale.id.desc()))
        sales.correct_sale(s, "ana", first, "se equivocó de medio", payment_method="plin",
                           today=today)  # fmt: skip
    with demo_db.Session() as s:
        assert sale_entries(s, PERSON, first) == [
            ("import", "ventas.csv, fila 2"), ("update", "se equivocó de medio")
        ]  # fmt: skip
    with demo_db.Session.begin() as s:
        path.write_text(f"DNI,Fecha,Monto\n{docs[other]},23/11/2026,20\n")
        assert importing.import_sales(s, "ana", path, replace=True, today=today).ok
        second = s.scalar(select(Sale.id).where(Sale.vendor_id == other).order_by(Sale.id.desc()))
        assert second == first
        sales.correct_sale(s, "ana", second, "era Yape", payment_method="yape", today=today)
    with demo_db.Session() as s:
        assert sale_entries(s, other, first) == [
            ("import", "ventas.csv, fila 2"), ("update", "era Yape")
        ]  # fmt: skip
        assert ("update", "era Yape") not in sale_entries(s, PERSON, first)
        assert ("update", "se equivocó de medio") not in sale_entries(s, other, first)


def test_long_notes_changed_twice_are_printed_whole(demo_db, tmp_path) -> None:
    """Notes may take 2,000 characters: the change from one such note to another is taller
    than a page, and goes on on the next one, header repeated, nothing left out."""
    words = "Observación sobre el puesto y los productos que ofrece cada semana en la feria. "
    first, second = (words * 40)[:2000].strip(), ("Corregido: " + words * 40)[:2000].strip()
    with demo_db.Session.begin() as s:
        vendors.update(s, "ana", PERSON, {"notes": first})
    with demo_db.Session.begin() as s:
        vendors.update(s, "ana", PERSON, {"notes": second})
    out = tmp_path / "datos.pdf"
    with demo_db.Session.begin() as s:
        write_person_export(s, "ana", PERSON, out, now=NOW)
    pages = PdfReader(out).pages
    footer, header = ("Generado el", "Página ", "CONFIDENCIAL"), {"Fecha y hora", "Usuario",
                                                                 "Qué", "Detalle"}  # fmt: skip
    body = " ".join(line for page in pages for line in page.extract_text().splitlines()
                    if not line.startswith(footer) and line.strip() not in header)  # fmt: skip
    flat = " ".join(body.split())
    change = f"Notas: de {first} a {second}"
    assert change in flat
    assert f"Notas {second}" in flat  # and the record


def test_the_products_they_offer_are_in_both_exports(person, tmp_path) -> None:
    with person.Session.begin() as s:
        vendor = s.get(Vendor, PERSON)
        before = sorted(p.name for p in vendor.products)
        vendors.update(s, "ana", PERSON, {"products": "Oca; Maca; Papa huayro roja"})
    out_json, out_pdf = tmp_path / "datos.json", tmp_path / "datos.pdf"
    with person.Session.begin() as s:
        write_person_export(s, "ana", PERSON, out_json)
        write_person_export(s, "ana", PERSON, out_pdf, now=NOW)
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["vendor"]["products"] == ["Maca", "Oca", "Papa huayro roja"]
    flat = re.sub(r"\s+", " ", pdf_text(out_pdf))
    assert "Productos Maca, Oca, Papa huayro roja" in flat
    # the change in the history names the products, not their ids
    assert "Productos: de " in flat and " a Maca, Oca, Papa huayro roja" in flat
    assert before == [] or ", ".join(before) in flat
