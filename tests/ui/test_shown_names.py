"""Names stored before the text rules (with escape sequences or bidirectional overrides)
are shown without them in the sheet's messages."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from agroferia.ui.sales.sheet_model import SALES_COL
from tests.ui.conftest import answer_dialog
from tests.ui.test_sales_page import add_day, make_page, start_typing

HIDDEN = ("\x1b", "\u202e", "\u2066")


def test_the_sheet_shows_stored_names_without_what_they_hide(qtbot, demo_ctx) -> None:
    conn = sqlite3.connect(demo_ctx.db.location)
    with conn:  # as a database written by an older version may hold them
        conn.execute(
            "UPDATE vendor SET given_names = char(27) || '[31m' || given_names || char(8238),"
            " surnames = char(8294) || surnames || char(27) || ']0;x' || char(7)"
        )
    conn.close()
    add_day(demo_ctx)
    page = make_page(qtbot, demo_ctx)
    panel = page.day
    keys = start_typing(qtbot, page)
    keys.enter("12.505")  # a wrong cell: the message under the sheet names its vendor
    name = panel.model.rows[0].vendor.full_name
    assert "\x1b" in name  # as stored
    assert "S/ 12,505.00" in panel.message.text()
    assert not any(c in panel.message.text() for c in HIDDEN)
    panel.table.go_to(panel.model.index(0, SALES_COL))
    keys.enter("12505")  # unusual: the confirmation lists the vendor
    seen = answer_dialog(qtbot, "Revisar")
    keys.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "text" in seen)
    assert "S/ 12,505.00" in seen["text"]
    assert not any(c in seen["text"] for c in HIDDEN)


def test_the_registry_and_the_fee_list_show_stored_names_without_what_they_hide(
    qtbot, demo_ctx
) -> None:
    from agroferia.ui.sales.fees_panel import FeesPanel
    from agroferia.ui.vendors.page import VendorsPage

    conn = sqlite3.connect(demo_ctx.db.location)
    with conn:
        conn.execute("UPDATE vendor SET surnames = surnames || char(8238) || 'x' || char(27)")
    conn.close()
    page = VendorsPage(demo_ctx)
    qtbot.addWidget(page)
    fees = FeesPanel(demo_ctx)
    qtbot.addWidget(fees)
    fees.set_fair(demo_ctx.active_fair()[0])
    fees.debt_only.setChecked(False)
    for model in (page.model, fees.model):
        texts = [
            model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ]
        assert model.rowCount() > 0
        assert not any(h in (t or "") for t in texts for h in HIDDEN)
