"""A producer's «constancia de participación y ventas»: its figures are the app's (the
vendor's row of ``breakdowns.by_vendor``, ``fees.balance``), it names no other vendor, its
verification code is stable and found again, and issuing it is audited and allowed only to
accounts that may take personal data out of the app."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia.core import breakdowns, fees, privacy, sales, statements, vendors
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import AuditLog, Sale, Vendor
from agroferia.core.money import format_money
from agroferia.reports.person_text import ACTIONS, describe
from agroferia.reports.statement import export_statement, month_text, write_statement
from tests.accounts import add_account

PERSON = 12
START, END = dt.date(2026, 7, 1), dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 25, 9, 30)
CODE = re.compile(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{2}")


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def issue(db, path, actor="ana", vendor_id=PERSON, start=START, end=END, **kw):
    with db.Session.begin() as s:
        return write_statement(s, actor, vendor_id, start, end, path, now=NOW, **kw)


def statement_entries(db) -> list[AuditLog]:
    with db.Session() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == "statement")))


def test_the_figures_are_the_app_s(demo_db, tmp_path) -> None:
    path = tmp_path / "constancia.pdf"
    st = issue(demo_db, path)
    text = pdf_text(path)
    with demo_db.Session() as s:
        row = next(r for r in breakdowns.by_vendor(s, START, END) if r.id == PERSON)
        owed = fees.balance(s, PERSON).outstanding
        by_month: dict[dt.date, int] = defaultdict(int)
        by_rubro: dict[str, int] = defaultdict(int)
        for sale in breakdowns.iter_sales(s, START, END):
            if sale.vendor_code == row.code:
                by_month[sale.date.replace(day=1)] += sale.amount
                by_rubro[sale.category] += sale.amount
        vendor = s.get(Vendor, PERSON)
        memberships = [m.fair.name for m in vendor.memberships]
    assert row.sales and row.days_present and row.fees_due  # a vendor with something to show
    assert (st.days_present, st.sales_cents, st.fees_due, st.fees_paid, st.fees_paid_later) == (
        row.days_present, row.sales, row.fees_due, row.fees_paid, row.fees_paid_later
    )  # fmt: skip
    assert st.fees_outstanding == row.fees_outstanding
    assert format_money(owed) == format_money(st.owed_now, cents=True)
    assert {m: st.month_total(m) for m in st.months} == dict(by_month)
    assert {r: st.category_total(r) for r in st.categories} == dict(by_rubro)
    flat = " ".join(text.split())
    for expected in (
        "Constancia de participación y ventas",
        f"{row.given_names} {row.surnames}",
        f"DNI {row.doc_number}",
        row.code,
        "Periodo: del 01/07/2026 al 30/11/2026",
        f"Código de verificación: {st.verification}",
        format_money(row.sales, cents=True),
        format_money(row.fees_due, cents=True),
        format_money(row.fees_outstanding, cents=True),
        format_money(owed),
        "Presidente(a)",
        "Tesorero(a)",
        "25 de noviembre de 2026",
        *memberships,
        *(month_text(m) for m in by_month),
        *(format_money(c, cents=True) for c in by_month.values()),
        *(format_money(c, cents=True) for c in by_rubro.values()),
    ):
        assert expected in flat, expected
    assert f"({row.days_present})" in flat  # the days present, by fair
    assert (
        len(re.findall(r"(?<![\d/])\d\d/\d\d(?![\d/])", flat)) == row.days_present
    )  # and their dates


def test_nothing_about_any_other_vendor(demo_db, tmp_path) -> None:
    path = tmp_path / "constancia.pdf"
    st = issue(demo_db, path)
    text = " ".join(pdf_text(path).split())
    with demo_db.Session() as s:
        others = list(s.scalars(select(Vendor).where(Vendor.id != PERSON)))
    assert len(others) > 50
    for other in others:
        assert other.full_name not in text
        assert other.code not in text
        assert other.doc_number not in text
    [entry] = statement_entries(demo_db)
    after = json.loads(entry.after)
    assert (entry.actor, entry.entity, entry.entity_id) == ("ana", "vendor", PERSON)
    assert after == {
        "verification": st.verification, "from": "2026-07-01", "to": "2026-11-30",
        "issued_on": "2026-11-25", "days_present": st.days_present,
        "sales": f"{st.sales_cents / 100:.2f}", "fees_due": f"{st.fees_due / 100:.2f}",
        "fees_paid": f"{(st.fees_paid + st.fees_paid_later) / 100:.2f}", "format": "pdf",
    }  # fmt: skip
    with demo_db.Session() as s:  # no name or document, of the person or anyone else
        people = list(s.scalars(select(Vendor)))
    for person in people:
        assert person.surnames not in entry.after and person.doc_number not in entry.after


def test_the_verification_code_is_stable_and_found_again(demo_db, tmp_path) -> None:
    first, second = tmp_path / "una.pdf", tmp_path / "otra.pdf"
    st = issue(demo_db, first)
    again = issue(demo_db, second)
    assert CODE.fullmatch(st.verification)
    assert again.verification == st.verification
    assert first.read_bytes() == second.read_bytes()  # the same data and time: the same file
    with demo_db.Session() as s:
        other = statements.gather(s, PERSON, START, END, issued_on=dt.date(2026, 11, 26))
        assert other.verification != st.verification  # another issue date, another code
        typed = st.verification.lower().replace("-", " ")
        found = statements.verify(s, "ana", typed)
        name = s.get(Vendor, PERSON).full_name
    assert (found.verification, found.vendor_id, found.vendor_name) == (
        st.verification, PERSON, name
    )  # fmt: skip
    assert (found.start, found.end, found.issued_on, found.still_matches) == (
        START, END, NOW.date(), True
    )  # fmt: skip
    with demo_db.Session.begin() as s:  # a sale of the period corrected since
        sale = s.scalar(
            select(Sale).where(Sale.vendor_id == PERSON).order_by(Sale.id.desc()).limit(1)
        )
        sales.correct_sale(s, "ana", sale.id, "se anotó mal", amount="999.90")
    with demo_db.Session() as s:
        assert not statements.verify(s, "ana", st.verification).still_matches
        with pytest.raises(NotFoundError, match="Ninguna constancia emitida tiene el código"):
            statements.verify(s, "ana", "AAAA-BBBB-CC")
        with pytest.raises(OperationError, match="no es un código de verificación"):
            statements.verify(s, "ana", "12345")


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_an_account_that_may_not_take_personal_data_out_is_refused(demo_db, tmp_path, role):
    with demo_db.Session.begin() as s:
        add_account(s, "mirona", role, "Mirona Vista")
        entries = len(list(s.scalars(select(AuditLog.id))))
    with pytest.raises(OperationError) as info:
        export_statement(demo_db.Session, "mirona", PERSON, START, END, tmp_path / "c.pdf")
    assert str(info.value) == ("Una constancia de ventas lleva datos personales: solo una "
                               "cuenta de administrador o de organizador puede emitirla.")  # fmt: skip
    assert not (tmp_path / "c.pdf").exists()
    with demo_db.Session.begin() as s:
        assert len(list(s.scalars(select(AuditLog.id)))) == entries
        add_account(s, "lucia", "organizer", "Lucía Organiza")
    st = export_statement(demo_db.Session, "lucia", PERSON, START, END, tmp_path / "c.pdf")
    assert st.verification in " ".join(pdf_text(tmp_path / "c.pdf").split())
    [entry] = statement_entries(demo_db)
    assert entry.actor == "lucia"


def test_refusals_say_why_and_write_nothing(demo_db, tmp_path) -> None:
    with pytest.raises(OperationError, match=r"EXP-0012 no tiene jornadas, ventas ni cuotas "
                       r"del 01/01/2020 al 31/12/2020\."):  # fmt: skip
        issue(demo_db, tmp_path / "c.pdf", start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))
    with pytest.raises(OperationError, match="posterior a la final"):
        issue(demo_db, tmp_path / "c.pdf", start=END, end=START)
    with pytest.raises(OperationError, match=r"terminar en \.pdf"):
        issue(demo_db, tmp_path / "c.txt")
    with pytest.raises(NotFoundError):
        issue(demo_db, tmp_path / "c.pdf", vendor_id=9999)
    with demo_db.Session.begin() as s:
        vendors.set_status(s, "ana", PERSON, "withdrawn", "se mudó")
        privacy.anonymize(s, "ana", PERSON)
    with pytest.raises(OperationError, match="EXP-0012 fue anonimizado a su pedido"):
        export_statement(demo_db.Session, "ana", PERSON, START, END, tmp_path / "c.pdf")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.db")] == []
    assert statement_entries(demo_db) == []


def test_in_english(demo_db, tmp_path) -> None:
    path = tmp_path / "statement.pdf"
    st = issue(demo_db, path, lang="en")
    text = " ".join(pdf_text(path).split())
    for expected in ("Certificate of participation and sales", "Sales by month and rubro",
                     "Verification code", "President", "Treasurer", "25 November 2026",
                     "November 2026", format_money(st.sales_cents, cents=True)):  # fmt: skip
        assert expected in text, expected
    assert "Constancia" not in text and "Jornadas" not in text


def test_the_person_s_own_export_names_the_statement(demo_db, tmp_path) -> None:
    st = issue(demo_db, tmp_path / "c.pdf")
    with demo_db.Session() as s:
        data = privacy.gather(s, PERSON)
    [entry] = [e for e in data.audit if e.action == "statement"]
    assert entry.after["verification"] == st.verification
    described = describe(entry, {})
    for expected in (f"Código de verificación: {st.verification}", "Desde: 01/07/2026",
                     "Hasta: 30/11/2026", "Emitida el: 25/11/2026",
                     f"Ventas: {format_money(st.sales_cents, cents=True)}"):  # fmt: skip
        assert expected in described, described
    assert ACTIONS["statement"].render() == "constancia de participación y ventas"


def test_many_rubros_are_listed_month_by_month(tmp_path) -> None:
    """A producer selling in more rubros than fit across the page: a line per month and
    rubro with the month's total, then the totals per rubro."""
    from agroferia.reports.common import Header
    from agroferia.reports.statement import _StatementReport

    rubros = [f"Rubro {letter}" for letter in "ABCDEFGH"]
    months = [dt.date(2025, m, 1) for m in range(1, 13)]
    st = statements.Statement(
        1, "EXP-0001", "Rosa Quispe Mamani", "DNI", "40123456",
        [statements.FairLine("Feria Uno", "A-1", "active", dt.date(2020, 1, 5), None)],
        dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 10),
        present={"Feria Uno": [m.replace(day=5) for m in months]},
        sales={(m, r): 1000 * (i + 1) + 7 * j for i, m in enumerate(months)
               for j, r in enumerate(rubros)},
        fees_due=12000, fees_paid=11000,
    )  # fmt: skip
    head = Header("Asociación de prueba", None, None, None, None, st.start, st.end,
                  dt.datetime(2026, 1, 10, 8, 0))  # fmt: skip
    path = tmp_path / "muchos.pdf"
    path.write_bytes(_StatementReport(st, head).render())
    text = " ".join(pdf_text(path).split())
    for rubro in rubros:
        assert f"{rubro} {format_money(st.category_total(rubro), cents=True)}" in text
    for month in months:
        total = format_money(st.month_total(month), cents=True)
        assert f"Total de {month_text(month)} {total}" in text
    assert f"Total {format_money(st.sales_cents, cents=True)}" in text
    assert "Pendiente de las jornadas del periodo S/ 10.00" in text
