"""Reportes: the exports written from the window equal the statistics, and imports are
checked row by row and written all or nothing, driven like a person would (without the
file dialogs, which the page lets tests skip)."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook  # imported here so that the exports start quickly
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox
from sqlalchemy import func, select

from agroferia.core import catalog, padron, periods, roster, stats
from agroferia.core.models import AuditLog, FairDay, Sale, Vendor, VendorStatus
from agroferia.core.money import format_money, from_cents
from agroferia.ui.context import FAIRS, SALES, VENDORS
from agroferia.ui.reports.page import ReportsPage
from tests.accounts import add_account
from tests.ui.conftest import TODAY, answer_dialog

OK, YES = QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Yes
LAST_MONTH = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
NEW_DAY = dt.date(2026, 11, 23)  # the day after the demo's last fair day, before TODAY


@pytest.fixture
def out(tmp_path) -> Path:
    """A folder for the files the tests write (the test's database is in ``tmp_path``)."""
    folder = tmp_path / "archivos"
    folder.mkdir()
    return folder


@pytest.fixture
def page(qtbot, demo_ctx) -> ReportsPage:
    widget = ReportsPage(demo_ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def choose_kind(page: ReportsPage, kind: str) -> None:
    """The period combo, as a person picks it."""
    combo = page.exports.picker.kind
    combo.setCurrentIndex(combo.findData(kind))


def wait_done(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def without_progress_dialog(task) -> None:
    """The progress dialog would be the first modal window ``answer_dialog`` meets, were the
    work to last longer than its half second; the tests that answer a message box after a
    worker fails keep it from appearing."""
    task.dialog.setMinimumDuration(3_600_000)


def figures(ctx, start, end, fair_id) -> stats.Stats:
    return ctx.read(lambda s: stats.compute(s, start, end, fair_id))


def count(ctx, model) -> int:
    return ctx.read(lambda s: s.scalar(select(func.count()).select_from(model)))


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(path).pages)


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def free_dnis(ctx, n: int) -> list[str]:
    taken = set(ctx.read(lambda s: s.scalars(select(Vendor.doc_number)).all()))
    return [d for d in (f"4{i:07d}" for i in range(1000, 9999)) if d not in taken][:n]


def a_category(ctx) -> str:
    return ctx.read(lambda s: catalog.list_categories(s)[0].name)


def active_codes(ctx, n: int) -> list[str]:
    return ctx.read(
        lambda s: s.scalars(
            select(Vendor.code)
            .where(Vendor.status == VendorStatus.ACTIVE.value)
            .order_by(Vendor.id)
            .limit(n)
        ).all()
    )


def sales_of(ctx, day: dt.date) -> tuple[int, int]:
    """Entries and céntimos of the fair days on ``day``."""
    return ctx.read(
        lambda s: s.execute(
            select(func.count(Sale.id), func.coalesce(func.sum(Sale.amount_cents), 0))
            .join(FairDay, FairDay.id == Sale.fair_day_id)
            .where(FairDay.date == day)
        ).one()
    )


# ------------------------------------------------------------------------------ export


def test_excel_for_last_month_holds_the_period_total(qtbot, page, demo_ctx, out):
    choose_kind(page, periods.LAST_MONTH)
    period = page.exports.picker.value()
    assert (period.start, period.end) == LAST_MONTH
    expected = figures(demo_ctx, *LAST_MONTH, period.fair_id)
    assert expected.fair_days > 0 and expected.sales.total > 0
    note = f"{expected.fair_days} jornadas · ventas en total: "
    note += format_money(expected.sales.total, cents=True)
    qtbot.waitUntil(lambda: note in page.exports.days_note.text())

    path = out / "resumen.xlsx"
    wait_done(qtbot, page.export_excel(path))
    assert path.is_file()
    book = load_workbook(path)
    summary = book["Resumen"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row}
    names = set(demo_ctx.read(lambda s: s.scalars(select(Vendor.surnames)).all()))
    text = {c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
            if isinstance(c, str)}  # fmt: skip
    assert not {t for t in text for n in names if n in t.split()}  # no one's surname
    assert Decimal(str(values["Ventas totales"])) == from_cents(expected.sales.total)
    assert values["Jornadas realizadas"] == expected.fair_days

    saved = page.exports.saved
    assert not saved.isHidden() and str(path) in saved.label.text()
    assert saved.file_url().toLocalFile() == str(path)
    assert saved.folder_url().toLocalFile() == str(out)
    assert demo_ctx.prefs.last_folder("export") == str(out)


def test_pdf_for_other_dates_and_every_fair(qtbot, page, demo_ctx, out):
    start, end = dt.date(2026, 3, 1), dt.date(2026, 5, 31)
    page.exports.picker.set_fair(None)
    page.exports.picker.set_dates(start, end)
    expected = figures(demo_ctx, start, end, None)
    path = out / "reporte.pdf"
    wait_done(qtbot, page.export_pdf(path))
    text = pdf_text(path)
    assert "del 01/03/2026 al 31/05/2026" in text
    assert format_money(expected.sales.total, cents=True) in text
    assert expected.sales.total > 0
    assert page.exports.saved.file_url().toLocalFile() == str(path)


def test_the_file_dialog_offers_a_name_in_the_last_folder(qtbot, page, demo_ctx, out,
                                                          monkeypatch):  # fmt: skip
    choose_kind(page, periods.LAST_MONTH)
    demo_ctx.prefs.set_last_folder("export", out)
    offered = []

    def answer(_parent, _title, proposed, _filter):
        offered.append(proposed)
        return str(out / "octubre"), _filter  # typed without the suffix

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    wait_done(qtbot, page.exports.choose("pdf"))
    # the active fair is chosen at first, and its name goes into the file's
    assert page.exports.picker.fair_name() == "Agroferia Campesina de Magdalena"
    slug = "agroferia-campesina-de-magdalena"
    assert offered == [str(out / f"agroferia_{slug}_2026-10-01_2026-10-31.pdf")]
    assert (out / "octubre.pdf").is_file()


def test_a_period_without_fair_days_says_so_and_still_exports(qtbot, page, out):
    page.exports.picker.set_dates(dt.date(2020, 1, 1), dt.date(2020, 1, 31))
    qtbot.waitUntil(lambda: "no tiene jornadas" in page.exports.days_note.text())
    path = out / "vacio.pdf"
    wait_done(qtbot, page.export_pdf(path))
    assert "No se realizó ninguna jornada de feria" in pdf_text(path)


def test_dates_the_wrong_way_round_export_nothing(qtbot, page, out):
    page.exports.picker.set_dates(dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    qtbot.waitUntil(lambda: not page.exports.problem.isHidden())
    assert "posterior" in page.exports.problem.text()
    assert not page.exports.excel_button.isEnabled()
    assert not page.exports.pdf_button.isEnabled()
    assert not page.exports.roster_button.isEnabled()
    assert page.export_excel(out / "x.xlsx") is None
    assert page.export_roster(out / "p.xlsx") is None
    assert list(out.iterdir()) == []


def test_a_missing_folder_or_a_folder_as_name_is_explained(qtbot, page, out):
    missing = out / "no existe" / "resumen.xlsx"
    seen = answer_dialog(qtbot, OK)
    assert page.export_excel(missing) is None
    assert "No existe la carpeta" in seen["text"] and "no existe" in seen["text"]
    assert "a medio escribir" not in seen["text"]  # no writing had begun
    seen = answer_dialog(qtbot, OK)
    assert page.export_pdf(out) is None
    assert "es una carpeta" in seen["text"]
    assert list(out.iterdir()) == []
    assert page.exports.saved.isHidden()


def test_a_file_open_elsewhere_is_explained_and_nothing_is_left(qtbot, ctx, out,
                                                                 monkeypatch):  # fmt: skip
    """On Windows a file open in Excel cannot be replaced: the rename fails."""
    page = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    real_replace = pathlib.Path.replace

    def locked(self, target):
        if Path(target).name == "resumen.xlsx":
            raise PermissionError(13, "Permission denied", str(target))
        return real_replace(self, target)

    monkeypatch.setattr(pathlib.Path, "replace", locked)
    task = page.export_excel(out / "resumen.xlsx")
    without_progress_dialog(task)
    seen = answer_dialog(qtbot, OK)
    qtbot.waitUntil(lambda: "text" in seen, timeout=60_000)
    assert "abierto en otro programa" in seen["text"]
    assert "No quedó ningún archivo a medio escribir" in seen["text"]
    assert list(out.iterdir()) == []  # neither the file nor its temporary
    assert page.exports.saved.isHidden() and page.exports.excel_button.isEnabled()


def roster_exports(ctx) -> list[tuple[str, str]]:
    return ctx.read(lambda s: [(e.actor, e.after) for e in padron.exports(s)])


def test_the_municipal_excel_and_the_padron_are_two_buttons_apart(qtbot, page):
    exports = page.exports
    assert exports.roster_button.text() == "Exportar padrón (confidencial)…"
    assert exports.excel_button.text() == "Exportar resumen en Excel…"
    assert exports.findChild(QLabel, "roster_heading").text() == (
        "Solo para la organización: datos personales"
    )


def test_the_padron_asks_first_and_is_recorded(qtbot, page, demo_ctx, out):
    """The person is told what the file holds and confirms; the padrón of the fair, with
    the period's sales and fees, is written and the export is in the audit log."""
    choose_kind(page, periods.LAST_MONTH)
    path = out / "padron.xlsx"
    seen = answer_dialog(qtbot, "roster_yes")
    task = page.export_roster(path)
    assert "datos personales de 84 expositores" in seen["text"]
    assert "no lo envíe a la municipalidad" in seen["text"]
    wait_done(qtbot, task)
    book = load_workbook(path)
    assert book.sheetnames == ["Padrón", "Inscripción", "Ventas y cuotas", "Ventas (detalle)"]
    assert book.worksheets[0]["A1"].value == "CONFIDENCIAL — datos personales (Ley 29733)"
    saved = page.exports.saved
    assert "confidencial" in saved.label.text() and str(path) in saved.label.text()
    ((actor, after),) = roster_exports(demo_ctx)
    fair = demo_ctx.active_fair()
    assert actor == "prueba"
    assert json.loads(after) == {"people": 84, "fair": fair[1], "from": "2026-10-01",
                                 "to": "2026-10-31"}  # fmt: skip


def test_the_padron_is_not_written_when_the_person_says_no(qtbot, page, demo_ctx, out):
    answer_dialog(qtbot, QMessageBox.StandardButton.Cancel)
    assert page.export_roster(out / "padron.xlsx") is None
    assert list(out.iterdir()) == []
    assert roster_exports(demo_ctx) == []
    assert page.exports.saved.isHidden()


def test_an_account_that_may_not_export_the_padron_is_told_why(qtbot, demo_db, prefs, out):
    from agroferia.ui.context import AppContext

    with demo_db.Session.begin() as s:
        add_account(s, "rosa", "treasurer", "Rosa Cajera")
    ctx = AppContext(demo_db, prefs, actor="rosa")
    page = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(page)
    answer_dialog(qtbot, "roster_yes")
    task = page.export_roster(out / "padron.xlsx")
    without_progress_dialog(task)
    seen = answer_dialog(qtbot, OK)
    qtbot.waitUntil(lambda: "text" in seen, timeout=60_000)
    assert "administrador o de organizador" in seen["text"]
    assert list(out.iterdir()) == [] and roster_exports(ctx) == []


# ------------------------------------------------------------------------------ import


def test_a_vendor_file_with_a_bad_row_lists_it_and_writes_nothing(qtbot, page, demo_ctx,
                                                                  out):  # fmt: skip
    good, _other = free_dnis(demo_ctx, 2)
    rubro = a_category(demo_ctx)
    path = write_csv(
        out / "expositores.csv",
        "Nombres;Apellidos;DNI;Sexo;Rubro",
        f"Rosa;Quispe;{good};F;{rubro}",
        f"Juan;Paz;1234;M;{rubro}",
        f"(ejemplo) Ana;Cusi;{_other};F;{rubro}",
    )
    before = count(demo_ctx, Vendor)
    wait_done(qtbot, page.check_file("vendors", path))
    tab = page.imports
    assert page.tabs.currentWidget() is tab
    assert tab.report is not None and not tab.report.ok
    rows = tab.problems()
    assert ("3", "DNI", "el DNI debe tener exactamente 8 dígitos") in rows
    assert ("4", "—", "Se omite: fila de ejemplo de la plantilla") in rows
    assert len(rows) == 2
    assert not tab.import_button.isEnabled()
    assert tab.import_file() is None
    assert "Errores: 1" in tab.summary.text()
    assert count(demo_ctx, Vendor) == before


def test_a_good_vendor_file_is_written_whole_by_the_person(qtbot, page, demo_ctx, out):
    dnis = free_dnis(demo_ctx, 3)
    rubro = a_category(demo_ctx)
    path = write_csv(
        out / "expositores.csv",
        "Nombres,Apellidos,DNI,Sexo,Rubro",
        *(f"Nombre{i},Apellido{i},{dni},F,{rubro}" for i, dni in enumerate(dnis)),
    )
    before = count(demo_ctx, Vendor)
    changed: list[str] = []
    demo_ctx.changed.connect(changed.append)
    wait_done(qtbot, page.check_file("vendors", path))
    tab = page.imports
    assert tab.report.ok and tab.report.created == 3
    assert "Expositores por registrar: 3" in tab.summary.text()
    assert count(demo_ctx, Vendor) == before  # the check wrote nothing
    assert tab.import_button.isEnabled()

    wait_done(qtbot, tab.import_file())
    assert count(demo_ctx, Vendor) == before + 3
    assert tab.written is not None and tab.written.written
    assert "Expositores registrados: 3" in tab.summary.text()
    assert not tab.import_button.isEnabled()  # the same file is not imported twice
    assert VENDORS in changed
    actors = demo_ctx.read(
        lambda s: s.scalars(
            select(AuditLog.actor).where(AuditLog.action == "import", AuditLog.entity == "vendor")
        ).all()
    )
    assert actors == [demo_ctx.actor] * 3


def test_a_padron_with_only_m_asks_what_m_means_and_reads_the_answer(qtbot, page, demo_ctx,
                                                                     out):  # fmt: skip
    dnis = free_dnis(demo_ctx, 2)
    rubro = a_category(demo_ctx)
    path = write_csv(
        out / "padron.csv",
        "Nombres;Apellidos;DNI;Sexo;Rubro",
        *(f"Ana{i};Flores;{dni};M;{rubro}" for i, dni in enumerate(dnis)),
    )
    tab = page.imports
    assert tab.sex_m_row.isHidden()  # nothing to ask yet
    wait_done(qtbot, page.check_file("vendors", path))
    assert not tab.report.ok and tab.report.needs_sex_m
    assert tab.sex_m_row.isVisible() and tab.sex_m.currentData() is None
    assert any("escribe M en 2 filas" in row[2] for row in tab.problems())
    assert not tab.import_button.isEnabled()

    tab.sex_m.setCurrentIndex(tab.sex_m.findData("F"))  # «Mujer»: checks the file again
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.ok, timeout=60_000)
    assert "Sexo: M se lee como mujer (indicado al importar)" in tab.summary.text()
    wait_done(qtbot, tab.import_file())
    stored = demo_ctx.read(
        lambda s: s.scalars(select(Vendor.sex).where(Vendor.doc_number.in_(dnis))).all()
    )
    assert stored == ["F", "F"]

    wait_done(qtbot, page.check_file("sales", path))  # another kind: no such question
    assert tab.sex_m_row.isHidden() and tab.sex_m.currentData() is None


def test_warnings_are_listed_and_do_not_stop_the_import(qtbot, page, demo_ctx, out):
    holder = next(r for r in demo_ctx.read(roster.roster) if r.status == "active" and r.stall)
    (dni,) = free_dnis(demo_ctx, 1)
    path = write_csv(
        out / "padron.csv",
        "Nombres;Apellidos;DNI;Sexo;Rubro;Puesto",
        f"Ana;Flores;{dni};F;{a_category(demo_ctx)};{holder.stall}",
    )
    wait_done(qtbot, page.check_file("vendors", path))
    tab = page.imports
    assert tab.report.ok and tab.import_button.isEnabled()
    assert tab.problems() == [
        ("2", "Puesto",
         f"Aviso: el puesto {holder.stall} ya es de {holder.full_name} ({holder.code})"),
    ]  # fmt: skip
    assert "Avisos: 1 (no impiden importar)" in tab.summary.text()


def test_a_file_that_no_longer_passes_is_not_written(qtbot, page, demo_ctx, out):
    """Checked, then the same vendors registered by someone else: importing finds it out in
    its own transaction and writes nothing."""
    from agroferia.core import importing
    from agroferia.core.audit import SYSTEM

    dnis = free_dnis(demo_ctx, 2)
    rubro = a_category(demo_ctx)
    path = write_csv(
        out / "v.csv",
        "Nombres;Apellidos;DNI;Sexo;Rubro",
        *(f"Ana{i};Flores;{dni};F;{rubro}" for i, dni in enumerate(dnis)),
    )
    wait_done(qtbot, page.check_file("vendors", path))
    assert page.imports.import_button.isEnabled()
    with demo_ctx.db.Session.begin() as s:
        importing.import_vendors(s, SYSTEM, path, today=TODAY)
    after_other = count(demo_ctx, Vendor)
    wait_done(qtbot, page.import_file())
    tab = page.imports
    assert count(demo_ctx, Vendor) == after_other
    assert tab.written is None
    assert "No se importó nada" in tab.status.text()
    assert {row[:2] for row in tab.problems()} == {("2", "DNI"), ("3", "DNI")}


def test_sales_for_the_demo_vendors_import_with_the_checked_total(qtbot, page, demo_ctx,
                                                                  out):  # fmt: skip
    codes = active_codes(demo_ctx, 3)
    day = NEW_DAY.strftime("%d/%m/%Y")
    path = write_csv(
        out / "ventas.csv",
        "Código,Fecha,Monto",
        f'{codes[0]},{day},"1,234.50"',
        f"{codes[1]},{day},20",
        f"{codes[2]},{day},7.3",
    )
    changed: list[str] = []
    demo_ctx.changed.connect(changed.append)
    wait_done(qtbot, page.check_file("sales", path))
    tab = page.imports
    checked = tab.report
    assert checked.ok and checked.created == 3 and checked.total_cents == 126180
    assert sales_of(demo_ctx, NEW_DAY) == (0, 0)

    wait_done(qtbot, tab.import_file())
    assert tab.written.total_cents == checked.total_cents
    assert sales_of(demo_ctx, NEW_DAY) == (3, tab.written.total_cents)
    assert SALES in changed and FAIRS in changed
    # the export tab's note counts the new fair day
    month = figures(demo_ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30),
                    page.exports.picker.value().fair_id)  # fmt: skip
    qtbot.waitUntil(
        lambda: format_money(month.sales.total, cents=True) in page.exports.days_note.text()
    )

    # the same file again: that fair day has sales now, so only with «Reemplazar»
    wait_done(qtbot, page.check_file("sales", path))
    assert not tab.report.ok and not tab.import_button.isEnabled()
    assert any("ya tiene ventas registradas" in row[2] for row in tab.problems())
    tab.replace.setChecked(True)  # checks the file again
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.ok, timeout=60_000)
    assert tab.report.fair_days_replaced
    seen = answer_dialog(qtbot, YES, text_contains="23/11/2026")
    wait_done(qtbot, tab.import_file())
    assert seen["title"] == "Reemplazar ventas"
    assert sales_of(demo_ctx, NEW_DAY) == (3, checked.total_cents)  # replaced, not doubled


def test_a_file_that_cannot_be_read_is_said_on_the_page(qtbot, page, out):
    wait_done(qtbot, page.check_file("sales", out / "no-esta.xlsx"))
    tab = page.imports
    assert "No se encontró el archivo" in tab.status.text()
    assert tab.report is None and not tab.import_button.isEnabled()


def test_templates_are_written_in_the_window_language(qtbot, page, demo_ctx, out):
    path = out / "plantilla.xlsx"
    wait_done(qtbot, page.save_template("sales", path))
    assert load_workbook(path).sheetnames[:2] == ["Ventas", "Instrucciones"]
    saved = page.imports.template_saved
    assert not saved.isHidden() and saved.file_url().toLocalFile() == str(path)
    assert demo_ctx.prefs.last_folder("import") == str(out)


def test_show_import_switches_the_tab(qtbot, page):
    assert page.tabs.currentWidget() is page.exports
    page.show_import()
    assert page.tabs.currentWidget() is page.imports
