"""The import tab shows which rows of a padrón are producers already registered at another
fair, who join the padrón's fair."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from agroferia.core import catalog, fairs
from agroferia.core.models import Vendor, VendorStatus
from tests.ui.test_reports_page import page

__all__ = ["page"]  # the page's fixture, shared

PUNTA = "Feria de La Punta"


def wait_done(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=60_000)


def padron(ctx, folder: Path, *, new: bool) -> tuple[Path, Vendor]:
    """La Punta's padrón (a new fair) naming an active producer of the demo, and a new one
    when ``new``: the file, and the demo's producer."""
    with ctx.write() as s:
        fairs.create_fair(s, ctx.actor, name=PUNTA)
    known = ctx.read(
        lambda s: s.scalars(
            select(Vendor)
            .where(Vendor.status == VendorStatus.ACTIVE.value, Vendor.doc_number.is_not(None))
            .order_by(Vendor.id)
            .limit(1)
        ).one()
    )
    rubro = ctx.read(lambda s: catalog.list_categories(s)[0].name)
    lines = [
        "Nombres;Apellidos;Tipo de documento;DNI;Rubro;Feria",
        f"{known.given_names.upper()};{known.surnames};{known.doc_type};{known.doc_number};"
        f"{rubro};{PUNTA}",
    ]
    if new:
        taken = set(ctx.read(lambda s: s.scalars(select(Vendor.doc_number)).all()))
        dni = next(d for d in (f"4{i:07d}" for i in range(1000, 9999)) if d not in taken)
        lines.append(f"Rosa;Quispe;DNI;{dni};{rubro};{PUNTA}")
    path = folder / "padron_la_punta.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, known


def test_a_producer_joining_the_fair_is_shown_before_and_after_importing(
    qtbot, page, demo_ctx, tmp_path
):
    path, known = padron(demo_ctx, tmp_path, new=True)
    wait_done(qtbot, page.check_file("vendors", path))
    tab = page.imports
    assert tab.report.ok and (tab.report.created, tab.report.joined) == (1, 1)
    summary = tab.summary.text()
    assert "Expositores por registrar: 1" in summary
    assert "Expositores ya registrados que se inscriben en otra feria: 1" in summary
    [(row, column, message)] = tab.problems()
    assert (row, column) == ("2", "DNI")
    assert message.startswith(f"Aviso: {known.doc_type} {known.doc_number} ya está registrado (")
    assert f"{known.code}): se inscribe también en {PUNTA}" in message
    assert tab.import_button.isEnabled()

    wait_done(qtbot, tab.import_file())
    assert tab.written is not None and tab.written.written
    assert "Expositores ya registrados inscritos en otra feria: 1" in tab.summary.text()
    punta = demo_ctx.read(lambda s: fairs.find_fair(s, PUNTA).id)
    joined = demo_ctx.read(lambda s: s.get(Vendor, known.id).membership(punta) is not None)
    assert joined


def test_a_padron_of_producers_all_registered_elsewhere_can_be_imported(
    qtbot, page, demo_ctx, tmp_path
):
    path, _known = padron(demo_ctx, tmp_path, new=False)
    wait_done(qtbot, page.check_file("vendors", path))
    tab = page.imports
    assert tab.report.ok and (tab.report.created, tab.report.joined) == (0, 1)
    assert tab.import_button.isEnabled()
