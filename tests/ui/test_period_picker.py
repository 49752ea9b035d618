import datetime as dt

from PySide6.QtCore import QDate

from agroferia.core import fairs, periods
from agroferia.core.periods import Period
from agroferia.ui.period import PeriodPicker
from tests.ui.conftest import TODAY


def test_starts_on_this_month_and_the_active_fair(qtbot, demo_ctx):
    picker = PeriodPicker(demo_ctx, today=TODAY)
    qtbot.addWidget(picker)
    fair = demo_ctx.read(lambda s: fairs.default_fair(s).id)
    assert picker.value() == Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30), fair)
    assert picker.fair.itemText(0) == "Todas las ferias"


def test_each_kind_sets_its_dates_and_says_so_once(qtbot, demo_ctx):
    picker = PeriodPicker(demo_ctx, today=TODAY)
    qtbot.addWidget(picker)
    seen = []
    picker.changed.connect(lambda: seen.append(picker.value()))
    picker.kind.setCurrentIndex(picker.kind.findData(periods.LAST_MONTH))
    assert [(p.start, p.end) for p in seen] == [(dt.date(2026, 10, 1), dt.date(2026, 10, 31))]
    picker.set_fair(None)
    assert seen[-1].fair_id is None and len(seen) == 2


def test_editing_a_date_means_other_dates(qtbot, demo_ctx):
    picker = PeriodPicker(demo_ctx, today=TODAY)
    qtbot.addWidget(picker)
    picker.start.setDate(QDate(2026, 3, 15))
    assert picker.kind.currentData() == periods.CUSTOM
    assert picker.value().start == dt.date(2026, 3, 15)
    assert picker.value().end == dt.date(2026, 11, 30)


def test_dates_the_wrong_way_round_are_refused(qtbot, demo_ctx):
    picker = PeriodPicker(demo_ctx, today=TODAY)
    qtbot.addWidget(picker)
    picker.set_dates(dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert picker.value() is None
    assert "posterior" in picker.problem()


def test_last_year_is_offered_for_the_january_report(qtbot, demo_ctx):
    january = dt.date(2027, 1, 6)
    picker = PeriodPicker(demo_ctx, today=january)
    qtbot.addWidget(picker)
    kinds = [picker.kind.itemData(i) for i in range(picker.kind.count())]
    assert kinds == list(periods.KINDS)
    labels = [picker.kind.itemText(i) for i in range(picker.kind.count())]
    assert "Año pasado" in labels
    seen = []
    picker.changed.connect(lambda: seen.append(picker.value()))
    picker.kind.setCurrentIndex(picker.kind.findData(periods.LAST_YEAR))
    assert [(p.start, p.end) for p in seen] == [(dt.date(2026, 1, 1), dt.date(2026, 12, 31))]
    assert picker.start.date() == QDate(2026, 1, 1)
    assert picker.end.date() == QDate(2026, 12, 31)
    assert picker.kind.currentData() == periods.LAST_YEAR  # not turned into "other dates"
