"""Names stored before the text rules (with escape sequences or bidirectional overrides)
are shown without them in the sheet's messages."""

from __future__ import annotations

from PySide6.QtCore import Qt

from agroferia.ui.sales.sheet_model import SALES_COL
from tests import dbread
from tests.ui.conftest import answer_dialog
from tests.ui.test_sales_page import add_day, make_page, start_typing

HIDDEN = ("\x1b", "\u202e", "\u2066")


def test_the_sheet_shows_stored_names_without_what_they_hide(qtbot, demo_ctx) -> None:
    dbread.execute(  # as a database written by an older version may hold them
        demo_ctx.db.location,
        "UPDATE vendor SET given_names = ? || given_names || ?, surnames = ? || surnames || ?",
        "\x1b[31m", "\u202e", "\u2066", "\x1b]0;x\x07",
    )  # fmt: skip
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

    dbread.execute(
        demo_ctx.db.location, "UPDATE vendor SET surnames = surnames || ?", "\u202ex\x1b"
    )
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
