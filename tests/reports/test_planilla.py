"""The paper planilla of a fair day: the vendors of the day's sheet in its order (stall,
then name), with their stalls, rubros and fees and empty boxes to fill in; column headers
and the fair's day on every page, ``Página N de M``; a fair day still to come lists the
fair's active members; Spanish or English; only for an account that works with people.  The
per-vendor sales slips: one per vendor, eight to a page, in the same order.

Text is read back with pypdf, its whitespace collapsed (as in test_day_pdf.py).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia.core import day_sheet, fairs, vendors
from agroferia.core.accounts import NotAllowedError
from agroferia.core.audit import SYSTEM
from agroferia.core.errors import NotFoundError
from agroferia.core.models import Fair, FairDay, Fee
from agroferia.core.money import format_money
from agroferia.reports.planilla import write_planilla
from agroferia.reports.planilla_slips import SLIPS_PER_PAGE, write_slips
from tests.accounts import add_account

D = dt.date
NOW = dt.datetime(2026, 11, 21, 18, 0)
LAST_SUNDAY = D(2026, 11, 22)
CODE = re.compile(r"EXP-\d{4}")


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def money(cents: int) -> str:
    return format_money(cents, cents=True)


@pytest.fixture
def small(session):
    """A fair with four active members (stalls out of alphabetical order, one without a
    stall, one with two rubros), a withdrawn one, and a fair day a week ahead with no fee
    recorded yet; an earlier day says the usual fee is S/ 5.00."""
    fair = fairs.create_fair(session, SYSTEM, name="Feria de Cañete", district="Cañete",
                             weekday=6)  # fmt: skip
    earlier = fairs.add_fair_day(session, SYSTEM, fair.id, date=D(2026, 11, 22))
    ahead = fairs.add_fair_day(session, SYSTEM, fair.id, date=D(2026, 11, 29))
    people = {}
    for key, stall, extra in (
        ("rosa", "A-10", {"other_categories": ["Gastronomía"]}),
        ("juan", "A-2", {}),
        ("ana", None, {}),
        ("alex", "B-1", {}),
        ("eva", "A-1", {"status": "withdrawn"}),
    ):
        data = {"given_names": key.title(), "surnames": "Quispe Huamán", "sex": "F",
                "registered_on": D(2026, 1, 10), "fair": fair.id,
                "main_category": "Hortalizas y verduras", "doc_number": f"4512345{len(people)}",
                "phone": "987654321", **extra}  # fmt: skip
        if stall:
            data["stall"] = stall
        people[key] = vendors.register(session, SYSTEM, data).id
    for key in ("rosa", "juan"):
        session.add(Fee(fair_day_id=earlier.id, vendor_id=people[key], due_cents=500))
    session.commit()
    return {"fair": fair.id, "ahead": ahead.id, "people": people}


def test_a_day_to_come_lists_the_active_members_by_stall(session, small, tmp_path):
    result = write_planilla(session, small["ahead"], tmp_path / "p.pdf", now=NOW)
    assert result.pages == 1
    reader = PdfReader(result.path)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait
    (text,) = page_texts(result.path)
    assert "Planilla de la jornada" in text and "Feria de Cañete" in text
    assert "Domingo, 29 de noviembre de 2026" in text
    assert "Para llenar a mano durante la jornada" in text
    headers = "Puesto Expositor Rubro Presente Ventas (S/) Medio de pago Cuota Pagado (S/)"
    assert headers in text
    # by stall (A-2 before A-10), the one without a stall last; the withdrawn one left out
    rows = re.findall(r"(?:(A-2|A-10|B-1) )?(\w+) Quispe Huamán", text)
    assert rows == [("A-2", "Juan"), ("A-10", "Rosa"), ("B-1", "Alex"), ("", "Ana")]
    assert "Eva" not in text
    # the rubros as the sheet lists them, the main one first
    assert re.search(r"Rosa Quispe Huamán EXP-\d{4} Hortalizas y verduras .*Gastronomía", text)
    # no fee recorded for the day: the usual one, as the sheet offers it, on every line
    assert text.count(money(500)) == 4 + 1  # and once in the note that says so
    assert "la habitual (S/ 5.00)" in text
    for box_label in ("Efectivo", "Yape", "Plin", "Otro"):
        assert text.count(box_label) == 4
    assert "Totales del día" in text and "Tesorero(a): nombre y firma" in text
    assert "Página 1 de 1" in text
    # a working paper with names only: no document number, no phone
    assert "987654321" not in text and not re.search(r"\b4\d{8}\b", text)


def test_it_follows_the_sheet_of_the_day(session, small, tmp_path):
    result = write_planilla(session, small["ahead"], tmp_path / "p.pdf", now=NOW)
    sheet = day_sheet.load(session, small["ahead"])
    text = " ".join(page_texts(result.path))
    assert CODE.findall(text) == [v.code for v in sheet.vendors]


def test_a_recorded_fee_is_shown_rather_than_the_usual_one(session, small, tmp_path):
    people = small["people"]
    for key, cents in (("alex", 1234), ("juan", 500), ("rosa", 500)):
        session.add(Fee(fair_day_id=small["ahead"], vendor_id=people[key], due_cents=cents))
    session.commit()
    (text,) = page_texts(write_planilla(session, small["ahead"], tmp_path / "p.pdf").path)
    assert re.search(r"B-1 Alex Quispe Huamán EXP-\d{4} Hortalizas y verduras "
                     r"Efectivo Yape Plin Otro S/ 12.34", text)  # fmt: skip
    # Juan and Rosa's, and Ana's (none recorded: the usual one), and the note's
    assert text.count(money(500)) == 3 + 1 and text.count(money(1234)) == 1


def test_the_demo_fair_on_several_pages(demo_year, tmp_path):
    with demo_year.Session() as s:
        day = s.scalar(select(FairDay).where(FairDay.date == LAST_SUNDAY))
        sheet = day_sheet.load(s, day.id)
        result = write_planilla(s, day.id, tmp_path / "planilla.pdf", now=NOW)
        fair = s.get(Fair, day.fair_id).name
    assert len(sheet.vendors) == 84
    lines = sum(len(v.lines) for v in sheet.vendors)
    # 22 lines on the first page (below its header) and 26 on the others, at the most
    assert result.pages == 1 + -(-(lines - 22) // 26)
    pages = page_texts(result.path)
    assert len(pages) == result.pages
    headers = "Puesto Expositor Rubro Presente Ventas (S/) Medio de pago Cuota Pagado (S/)"
    for n, text in enumerate(pages, 1):
        assert headers in text, n
        assert f"Página {n} de {result.pages}" in text
        assert "Domingo, 22 de noviembre de 2026" in text and fair in text
        assert 15 <= len(CODE.findall(text)) <= 26
    text = " ".join(pages)
    assert CODE.findall(text) == [v.code for v in sheet.vendors]
    stalls = re.findall(r"\b([A-H]-\d\d) [^\d]", text)
    assert stalls == [v.stall for v in sheet.vendors]
    for vendor in sheet.vendors:
        due = vendor.due_cents if vendor.due_cents is not None else sheet.usual_fee_cents
        assert re.search(rf"{vendor.code} .*?{re.escape(money(due))}", text)
    assert "Totales del día" in pages[-1] and "Totales del día" not in pages[0]


def test_in_english(session, small, tmp_path):
    result = write_planilla(session, small["ahead"], tmp_path / "p.pdf", lang="en", now=NOW)
    (text,) = page_texts(result.path)
    assert "Fair day paper form" in text and "To fill in by hand during the fair day" in text
    assert "Sunday, 29 November 2026" in text
    assert "Stall Vendor Category Present Sales (S/) Payment method Stall fee Paid (S/)" in text
    for box_label in ("Cash", "Yape", "Plin", "Other"):
        assert text.count(box_label) == 4
    assert "Page 1 of 1" in text and "Treasurer: name and signature" in text
    assert "Efectivo" not in text and "Planilla" not in text


def test_the_same_day_gives_the_same_bytes(session, small, tmp_path):
    one = write_planilla(session, small["ahead"], tmp_path / "1.pdf", now=NOW).path
    two = write_planilla(session, small["ahead"], tmp_path / "2.pdf", now=NOW).path
    assert one.read_bytes() == two.read_bytes()


def test_only_an_account_that_works_with_people_prints_it(session, small, tmp_path):
    add_account(session, "tesorero", "treasurer")
    add_account(session, "consulta", "viewer")
    session.commit()
    with pytest.raises(NotAllowedError, match="nombres de los expositores"):
        write_planilla(session, small["ahead"], tmp_path / "v.pdf", actor="consulta")
    with pytest.raises(NotAllowedError):
        write_planilla(session, small["ahead"], tmp_path / "v.pdf")  # nobody signed in
    assert not (tmp_path / "v.pdf").exists()
    result = write_planilla(session, small["ahead"], tmp_path / "t.pdf", actor="tesorero")
    assert result.path.exists()


def test_an_unknown_fair_day(session, tmp_path):
    with pytest.raises(NotFoundError):
        write_planilla(session, 999, tmp_path / "p.pdf")
    assert not (tmp_path / "p.pdf").exists()


# ------------------------------------------------------------------ per-vendor sales slips


def test_slips_one_per_vendor_in_the_sheets_order(demo_year, tmp_path):
    with demo_year.Session() as s:
        day = s.scalar(select(FairDay).where(FairDay.date == LAST_SUNDAY))
        sheet = day_sheet.load(s, day.id)
        result = write_slips(s, day.id, tmp_path / "slips.pdf", now=NOW)
    assert result.pages == -(-84 // SLIPS_PER_PAGE) == 11
    pages = page_texts(result.path)
    assert len(pages) == 11
    for n, text in enumerate(pages, 1):
        assert f"Página {n} de 11" in text
        slips = len(CODE.findall(text))
        assert slips == (SLIPS_PER_PAGE if n < 11 else 84 - 10 * SLIPS_PER_PAGE)
        assert text.count("Registro de ventas del expositor") == slips
        assert text.count("Domingo, 22 de noviembre de 2026") == slips
        assert text.count("Total del día") == slips == text.count("Firma del expositor")
    text = " ".join(pages)
    assert CODE.findall(text) == [v.code for v in sheet.vendors]
    # each slip: stall, name, code, then its rubros' boxes
    for vendor in sheet.vendors:
        rubros = " ".join(line.category for line in vendor.lines)
        assert f"{vendor.stall} {vendor.full_name} {vendor.code} Ventas (S/) {rubros} " in text


def test_slips_in_english_and_not_for_a_viewer(session, small, tmp_path):
    result = write_slips(session, small["ahead"], tmp_path / "s.pdf", lang="en", now=NOW)
    (text,) = page_texts(result.path)
    assert text.count("Vendor's sales record") == 4 and "Sunday, 29 November 2026" in text
    assert "Day's total" in text and "Vendor's signature" in text and "Page 1 of 1" in text
    assert "987654321" not in text and "Eva" not in text
    add_account(session, "consulta", "viewer")
    session.commit()
    with pytest.raises(NotAllowedError):
        write_slips(session, small["ahead"], tmp_path / "v.pdf", actor="consulta")
    assert not (tmp_path / "v.pdf").exists()


def test_the_heading_says_whether_the_day_is_to_come_open_or_closed(session, small, tmp_path):
    def state() -> str:
        (text,) = page_texts(write_planilla(session, small["ahead"], tmp_path / "p.pdf",
                                            now=now).path)  # fmt: skip
        return text

    now = dt.datetime(2026, 11, 29, 7, 30)  # printed on the morning of the day
    assert "Jornada abierta: para llenar a mano" in state()
    fairs.close_fair_day(session, SYSTEM, small["ahead"], today=D(2026, 11, 29))
    session.commit()
    assert "Jornada ya cerrada el" in state()
