"""The one-page summary of a fair day: one A4 page whose figures equal ``stats.compute`` for
that day and fair, the state of the fair day, Spanish or English, and a clear page when
nothing was sold.

Text is read back with pypdf, its whitespace collapsed, as in test_pdf.py: a table row comes
out as its cells in order ("Mujeres 11 24 1 36 54.5 %").
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from agroferia import i18n
from agroferia.core import catalog, fairs, fees, sales, settings, stats, vendors
from agroferia.core.audit import SYSTEM
from agroferia.core.errors import NotFoundError
from agroferia.core.models import FairDay, Fee
from agroferia.core.money import format_money
from agroferia.reports.day_pdf import write_day_summary
from agroferia.reports.pdf import PdfResult
from tests.accounts import add_account

D = dt.date
NOW = dt.datetime(2026, 11, 24, 9, 30)
LAST_SUNDAY = D(2026, 11, 22)


def page_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def one_page(path: Path) -> str:
    """The text of the file, which must have exactly one A4 portrait page."""
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    return page_texts(path)[0]


def money(cents: int) -> str:
    return format_money(cents, cents=True)


def pct(part: int, whole: int) -> str:
    return f"{stats.percentage(part, whole)} %"


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture
def small(session):
    """One fair, one fair day (1 March 2026) with four vendors, sales in three payment
    methods and fees partly paid."""
    settings.put(session, "system", "municipality_name", "Municipalidad de Prueba")
    fair = fairs.create_fair(
        session, SYSTEM, name="Feria de Cañete", district="San Vicente de Cañete", weekday=6
    )
    day = fairs.add_fair_day(session, SYSTEM, fair.id, date=D(2026, 3, 1), visitors=120)
    people = {}
    for key, data in {
        "rosa": dict(sex="F", birth_date=D(2000, 5, 17), doc_number="41234567",
                     main_category="Gastronomía"),
        "juan": dict(sex="M", birth_date=D(1970, 2, 3), doc_number="09876543",
                     main_category="Hortalizas y verduras"),
        "ana": dict(sex="F", doc_number="45678901", main_category="Artesanía"),
        "alex": dict(sex="other", birth_date=D(2005, 12, 24), doc_number="47777777",
                     main_category="Productos frescos"),
    }.items():  # fmt: skip
        people[key] = vendors.register(
            session,
            SYSTEM,
            {
                "given_names": key.title(),
                "surnames": "Quispe Huamán",
                "registered_on": D(2026, 1, 10),
                "fair": fair.id,
                **data,
            },
        ).id
    sales.record_sale(session, SYSTEM, day.id, people["rosa"], "150.50")
    sales.record_sale(session, SYSTEM, day.id, people["rosa"], "80", payment_method="Plin")
    sales.record_sale(session, SYSTEM, day.id, people["juan"], "1234.56", payment_method="Yape")
    sales.record_sale(session, SYSTEM, day.id, people["ana"], "99.90")
    sales.record_sale(session, SYSTEM, day.id, people["alex"], "45.00")
    for key, paid in (("rosa", 500), ("juan", 500), ("ana", 0), ("alex", 200)):
        session.add(Fee(fair_day_id=day.id, vendor_id=people[key], due_cents=500, paid_cents=paid))
    session.commit()
    return {"fair": fair.id, "day": day.id, "people": people}


@pytest.fixture
def lima_time():
    """The computer's clock in Peru's time (UTC-5, no summer time)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "PET5"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


# -------------------------------------------------------------------------------- tests


def test_one_page_with_the_figures_of_stats_for_that_day(demo_db, tmp_path):
    with demo_db.Session() as s:
        day = s.scalar(select(FairDay).where(FairDay.date == LAST_SUNDAY))
        fair = day.fair.name
        result = write_day_summary(s, day.id, tmp_path / "jornada.pdf", now=NOW)
        f = stats.compute(s, day.date, day.date, fair_id=day.fair_id)
    assert isinstance(result, PdfResult) and result.pages == 1
    assert result.path == tmp_path / "jornada.pdf"
    text = one_page(result.path)
    sa, v = f.sales, f.vendors
    assert sa.total > 0 and f.fees_due > f.fees_paid > 0  # a day worth checking

    assert "Resumen de la jornada" in text
    assert fair in text
    assert "Domingo, 22 de noviembre de 2026" in text
    assert "Jornada abierta (cifras provisionales)" in text
    assert f"Visitantes (estimado): {f.visitors:,}" in text
    # key figures
    assert f"{money(sa.total)} Ventas totales" in text
    assert f"{money(sa.by_sex['F'])} Ventas de mujeres {pct(sa.by_sex['F'], sa.total)}" in text
    assert f"{money(sa.youth)} Ventas de jóvenes de 15 a 29 años" in text
    assert format_money(f.average_per_vendor_day) in text
    assert f"{v.present} Expositores presentes" in text
    assert f"{money(f.fees_due)} Cuotas debidas" in text
    assert f"{money(f.fees_paid)} Cuotas cobradas" in text
    assert f"{money(f.fees_outstanding)} Cuotas pendientes" in text
    # by payment method and by category (every one of the day's categories is listed)
    for method, label in (("cash", "Efectivo"), ("yape", "Yape")):
        cents = sa.by_payment_method[method]
        assert f"{label} {money(cents)} {pct(cents, sa.total)}" in text
    for name, cents in sa.by_category.items():
        assert f"{name} {money(cents)} {pct(cents, sa.total)}" in text
    # vendors present and sales by sex and age group
    for code, label in (("F", "Mujeres"), ("M", "Hombres")):
        groups = v.by_sex_youth[code]
        counts = f"{groups['youth']} {groups['non_youth']} {groups['not_stated']} {v.by_sex[code]}"
        assert f"{label} {counts} {pct(v.by_sex[code], v.present)}" in text
        amounts = sa.by_sex_youth[code]
        row = " ".join(money(amounts[g]) for g in ("youth", "non_youth", "not_stated"))
        assert f"{label} {row} {money(sa.by_sex[code])}" in text
    assert f"Total {v.youth} " in text
    assert "Otro" not in text and "No indica" not in text  # only when someone is counted there
    # signatures and footer
    assert "Tesorero(a)" in text and "Coordinador(a)" in text
    assert "Generado el 24/11/2026 09:30" in text and "Página 1 de 1" in text


def test_the_figures_are_the_days_own(demo_db, tmp_path):
    """Another fair day gives its own figures, not the period's nor the last day's."""
    with demo_db.Session() as s:
        day = s.scalar(select(FairDay).where(FairDay.date == D(2026, 6, 14)))
        result = write_day_summary(s, day.id, tmp_path / "junio.pdf", now=NOW)
        own = stats.compute(s, day.date, day.date, fair_id=day.fair_id)
        last = stats.compute(s, LAST_SUNDAY, LAST_SUNDAY, fair_id=day.fair_id)
    text = one_page(result.path)
    assert own.sales.total != last.sales.total
    assert f"{money(own.sales.total)} Ventas totales" in text
    assert money(last.sales.total) not in text
    assert "Domingo, 14 de junio de 2026" in text


def test_open_and_closed_fair_day(small, session, tmp_path, lima_time):
    day_id = small["day"]
    opened = one_page(write_day_summary(session, day_id, tmp_path / "a.pdf").path)
    assert "Jornada abierta (cifras provisionales)" in opened
    assert "Jornada cerrada" not in opened

    add_account(session, "tesorera", "treasurer", "Rosa Quispe Mamani")
    day = fairs.close_fair_day(session, "tesorera", day_id)
    day.closed_at = dt.datetime(2026, 3, 1, 22, 15)  # UTC: 17:15 in Lima
    session.commit()
    closed = one_page(write_day_summary(session, day_id, tmp_path / "c.pdf").path)
    assert "Jornada cerrada el 01/03/2026 17:15 por Rosa Quispe Mamani" in closed
    assert "Jornada abierta" not in closed
    assert "provisionales" not in closed


def test_closed_by_an_unknown_account_shows_the_name_recorded(small, session, tmp_path):
    day = fairs.close_fair_day(session, SYSTEM, small["day"])
    day.closed_at = dt.datetime(2026, 3, 1, 22, 15)
    session.commit()
    text = one_page(write_day_summary(session, small["day"], tmp_path / "c.pdf").path)
    local = dt.datetime(2026, 3, 1, 22, 15, tzinfo=dt.UTC).astimezone()
    assert f"Jornada cerrada el {local:%d/%m/%Y %H:%M} por {SYSTEM}" in text


def test_small_day_every_sex_and_method_that_counts(small, session, tmp_path):
    """The day's figures, hand-made: someone of sex "other" shows; methods without sales
    do not; fees due, paid and outstanding; visitors."""
    text = one_page(write_day_summary(session, small["day"], tmp_path / "d.pdf", now=NOW).path)
    total = 15050 + 8000 + 123456 + 9990 + 4500
    assert f"{money(total)} Ventas totales 5 registros de venta" in text
    assert f"Efectivo {money(15050 + 9990 + 4500)} " in text
    assert f"Yape {money(123456)} " in text and f"Plin {money(8000)} " in text
    assert "Tarjeta" not in text
    assert f"{money(2000)} Cuotas debidas" in text
    assert f"{money(1200)} Cuotas cobradas 60.0 % de lo debido" in text
    assert f"{money(800)} Cuotas pendientes" in text
    # rosa (young) and ana (no birth date); juan; alex, "other", young
    assert "Mujeres 1 0 1 2 50.0 %" in text
    assert "Hombres 0 1 0 1 25.0 %" in text
    assert "Otro 1 0 0 1 25.0 %" in text
    assert "Total 2 1 1 4 100.0 %" in text
    assert "Visitantes (estimado): 120" in text
    assert "Feria de Cañete — San Vicente de Cañete" in text
    assert "Municipalidad de Prueba" in text
    assert "Domingo, 1 de marzo de 2026" in text


def test_notes_of_the_fair_day(small, session, tmp_path):
    day = session.get(FairDay, small["day"])
    day.notes = "Lluvia por la mañana; se adelantó el cierre."
    day.visitors = None
    session.commit()
    text = one_page(write_day_summary(session, day.id, tmp_path / "n.pdf").path)
    assert "Notas: Lluvia por la mañana; se adelantó el cierre." in text
    assert "Visitantes: sin estimación" in text


def test_english(small, session, tmp_path, monkeypatch):
    english = i18n.catalogue("en")
    for msgid, fallback in (
        ("Jornada abierta (cifras provisionales)", "Fair day open (provisional figures)"),
        ("Página {page} de {pages}", "Page {page} of {pages}"),
    ):
        monkeypatch.setitem(english, msgid, english.get(msgid) or fallback)
    result = write_day_summary(session, small["day"], tmp_path / "day.pdf", lang="en", now=NOW)
    text = one_page(result.path)
    assert "Sunday, 1 March 2026" in text
    assert english["Jornada abierta (cifras provisionales)"] in text
    assert "Jornada abierta" not in text
    assert "Page 1 of 1" in text and "Página" not in text
    assert "Women 1 0 1 2 50.0 %" in text and "Mujeres 1 0 1 2" not in text
    assert "Total sales" in text and "Fees paid" in text
    # the amounts do not change with the language
    assert money(15050 + 8000 + 123456 + 9990 + 4500) in text
    assert i18n.get_language() == "es"  # the language did not leak out of the summary


def test_day_without_sales(small, session, tmp_path):
    empty = fairs.add_fair_day(session, SYSTEM, small["fair"], date=D(2026, 3, 8))
    session.commit()
    text = one_page(write_day_summary(session, empty.id, tmp_path / "vacia.pdf", now=NOW).path)
    assert "Sin ventas registradas" in text
    assert "No se registraron ventas en esta jornada." in text
    assert f"{money(0)} Ventas totales 0 registros de venta" in text
    assert "0 Expositores presentes" in text
    assert "Mujeres 0 0 0 0" in text and "Hombres 0 0 0 0" in text
    assert "Ventas por rubro" not in text and "Ventas por medio de pago" not in text
    assert "Domingo, 8 de marzo de 2026" in text


def test_twenty_categories_still_fit_on_one_page(small, session, tmp_path):
    day, rosa = small["day"], small["people"]["rosa"]
    for n in range(1, 21):
        name = f"Rubro de prueba número {n:02d}, con un nombre bastante largo"
        catalog.add_category(session, SYSTEM, name)
        sales.record_sale(session, SYSTEM, day, rosa, f"{n * 10}.00", category=name)
    session.commit()
    f = stats.compute(session, D(2026, 3, 1), D(2026, 3, 1), fair_id=small["fair"])
    assert len(f.sales.by_category) == 24
    result = write_day_summary(session, day, tmp_path / "rubros.pdf", now=NOW)
    text = one_page(result.path)
    assert result.pages == 1
    assert f"{money(f.sales.total)} Ventas totales" in text
    # the largest categories are listed; the others add up in one row
    found = re.search(r"Otros rubros \((\d+)\) (S/ [\d,]+\.\d\d)", text)
    assert found is not None
    folded = int(found.group(1))
    ranked = list(f.sales.by_category.items())
    listed, rest = ranked[: len(ranked) - folded], ranked[len(ranked) - folded :]
    assert len(listed) >= 4
    for name, cents in listed:
        assert f"{name} {money(cents)}" in text
    assert found.group(2) == money(sum(c for _name, c in rest))
    # the participation table and the signatures are still there
    assert "Mujeres 1 0 1 2" in text and "Tesorero(a)" in text


def test_youth_range_follows_the_settings(small, session, tmp_path):
    settings.set_youth_range(session, "system", 18, 35)
    session.commit()
    text = one_page(write_day_summary(session, small["day"], tmp_path / "j.pdf").path)
    assert "Ventas de jóvenes de 18 a 35 años" in text
    assert "Jóvenes: de 18 a 35 años cumplidos." in text


def test_unknown_fair_day_writes_nothing(session, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NotFoundError, match="jornada"):
        write_day_summary(session, 999, out / "x.pdf")
    assert list(out.iterdir()) == []


def test_replaces_an_old_file_without_leaving_temporary_ones(small, session, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "jornada.pdf"
    target.write_bytes(b"old")
    write_day_summary(session, small["day"], target, now=NOW)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in out.iterdir()] == ["jornada.pdf"]


def test_a_very_long_header_and_notes_still_fit_on_one_page(small, session, tmp_path):
    settings.put(
        session, "system", "organization_name", "Asociación de Productores Agroecológicos " * 20
    )
    day = session.get(FairDay, small["day"])
    day.notes = "Se cerró temprano por la lluvia. " * 60
    session.commit()
    result = write_day_summary(session, day.id, tmp_path / "larga.pdf", now=NOW)
    text = one_page(result.path)
    assert result.pages == 1
    assert "Tesorero(a)" in text and "Página 1 de 1" in text
    assert "…" in text  # the notes are cut short


# ------------------------------------------------------------- payments received later


def test_a_closed_days_summary_never_changes_after_a_later_payment(small, session, tmp_path):
    """01/03 closes with Ana's S/ 5.00 and S/ 3.00 of Alex's fee unpaid; on 08/03 Ana pays
    hers by Yape and Alex S/ 1.00 in cash. The summary of 01/03 is the same file before and
    after, byte for byte; the one of 08/03 lists the payments, apart from its own figures."""
    people = small["people"]
    fairs.close_fair_day(session, "tesorera", small["day"], today=D(2026, 3, 1))
    session.commit()
    closed_before = write_day_summary(session, small["day"], tmp_path / "antes.pdf", now=NOW)
    text = one_page(closed_before.path)
    assert f"{money(800)} Cuotas pendientes al cierre de la jornada" in text

    week_later = fairs.add_fair_day(session, SYSTEM, small["fair"], date=D(2026, 3, 8))
    for who, amount, method in (("ana", "5", "Yape"), ("alex", "1", "")):
        fees.record_payment(
            session, "tesorera", people[who], amount, method=method,
            received_on=D(2026, 3, 8), today=D(2026, 3, 9),
        )  # fmt: skip
    session.commit()
    assert session.scalar(select(Fee.paid_cents).where(Fee.vendor_id == people["ana"])) == 0
    closed_after = write_day_summary(session, small["day"], tmp_path / "despues.pdf", now=NOW)
    assert closed_after.path.read_bytes() == closed_before.path.read_bytes()

    received = one_page(write_day_summary(session, week_later.id, tmp_path / "8.pdf", now=NOW).path)
    code = {p: vendors.get(session, people[p]).code for p in ("ana", "alex")}
    assert "Pagos de cuotas de jornadas anteriores" in received
    assert f"Quispe Huamán, Alex {code['alex']} 01/03/2026 Efectivo {money(100)}" in received
    assert f"Quispe Huamán, Ana {code['ana']} 01/03/2026 Yape {money(500)}" in received
    assert f"Total (2 pagos) {money(600)}" in received
    assert "Cuentan para la jornada que pagan, no para las cifras de esta jornada." in received
    assert "Agroferia · cifras agregadas y pagos recibidos" in received
    # the day's own fees: nothing due or paid on 08/03
    assert f"{money(0)} Cuotas debidas" in received and f"{money(0)} Cuotas cobradas" in received
    # and 01/03 itself lists nothing, since nothing was received on that date
    assert "Pagos de cuotas" not in text and "solo cifras agregadas" in text


def test_who_paid_is_named_only_to_an_account_that_works_with_people(small, session, tmp_path):
    """Once the database has accounts, the summary written without one (``export day``
    reads figures without signing in) or by a viewer shows the payers' codes, not their
    names; a treasurer's shows the names."""
    people = small["people"]
    fairs.close_fair_day(session, SYSTEM, small["day"], today=D(2026, 3, 1))
    later = fairs.add_fair_day(session, SYSTEM, small["fair"], date=D(2026, 3, 8))
    fees.record_payment(session, SYSTEM, people["ana"], "5", received_on=D(2026, 3, 8),
                        today=D(2026, 3, 9))  # fmt: skip
    add_account(session, "tesorera", "treasurer")
    add_account(session, "mira", "viewer")
    session.commit()
    code = vendors.get(session, people["ana"]).code
    for actor, named in ((None, False), ("mira", False), ("tesorera", True)):
        path = tmp_path / f"{actor}.pdf"
        text = one_page(write_day_summary(session, later.id, path, now=NOW, actor=actor).path)
        shown = f"— {code} 01/03/2026 Efectivo {money(500)}"
        assert ("Quispe Huamán, Ana" in text) is named, actor
        assert (shown in text) is not named, actor


def test_a_reopened_day_shows_what_is_left_after_later_payments(small, session, tmp_path):
    ana = small["people"]["ana"]
    fairs.close_fair_day(session, "tesorera", small["day"], today=D(2026, 3, 1))
    fees.record_payment(
        session, "tesorera", ana, "2", received_on=D(2026, 3, 3), today=D(2026, 3, 3)
    )
    fairs.reopen_fair_day(session, "tesorera", small["day"], "corrección de una venta")
    session.commit()
    text = one_page(write_day_summary(session, small["day"], tmp_path / "r.pdf", now=NOW).path)
    assert f"{money(600)} Cuotas pendientes descontados {money(200)} pagados después" in text
    # closed again: what was paid later by then counts; what is paid since does not
    fairs.close_fair_day(session, "tesorera", small["day"], today=D(2026, 3, 4))
    session.commit()
    closed = write_day_summary(session, small["day"], tmp_path / "c1.pdf", now=NOW)
    assert f"{money(600)} Cuotas pendientes al cierre de la jornada" in one_page(closed.path)
    fees.record_payment(
        session, "tesorera", ana, "3", received_on=D(2026, 3, 5), today=D(2026, 3, 5)
    )
    session.commit()
    again = write_day_summary(session, small["day"], tmp_path / "c2.pdf", now=NOW)
    assert again.path.read_bytes() == closed.path.read_bytes()


def test_the_same_data_and_time_give_the_same_file(small, session, tmp_path):
    first = write_day_summary(session, small["day"], tmp_path / "1.pdf", now=NOW)
    time.sleep(1.1)  # a clock in the file would show
    second = write_day_summary(session, small["day"], tmp_path / "2.pdf", now=NOW)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert PdfReader(first.path).metadata.creation_date.replace(tzinfo=None) == NOW
    other = write_day_summary(session, small["day"], tmp_path / "3.pdf", now=NOW.replace(hour=10))
    assert other.path.read_bytes() != first.path.read_bytes()
