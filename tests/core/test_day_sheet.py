"""The fair-day sheet: typed cells checked, live totals equal to the statistics, one save
for the whole day through the audited services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, catalog, cell_history, day_sheet, fairs, fees, stats, vendors
from agroferia.core.day_sheet import AMOUNT, DUE, PAID, PRESENT
from agroferia.core.errors import OperationError
from agroferia.core.models import Attendance, AuditLog, Fee, Sale, Vendor

NEW_DAY = dt.date(2026, 11, 29)


@pytest.fixture
def fair_id(demo_db) -> int:
    with demo_db.Session() as s:
        return fairs.default_fair(s).id


def new_day(db, fair_id: int, date: dt.date = NEW_DAY) -> int:
    with db.Session.begin() as s:
        return fairs.add_fair_day(s, "ana", fair_id, date=date).id


def load(db, day_id: int) -> day_sheet.DaySheet:
    with db.Session() as s:
        return day_sheet.load(s, day_id)


def save(db, sheet, actor: str = "ana") -> day_sheet.Saved:
    with db.Session.begin() as s:
        return day_sheet.save(s, actor, sheet)


def day_stats(db, fair_id: int, date: dt.date) -> stats.Stats:
    with db.Session() as s:
        return stats.compute(s, date, date, fair_id)


def assert_totals_equal_stats(totals: day_sheet.Totals, figures: stats.Stats) -> None:
    assert totals.sales_cents == figures.sales.total
    assert totals.women_cents == figures.sales.by_sex["F"]
    assert totals.youth_cents == figures.sales.youth
    assert totals.present == figures.vendors.present
    assert totals.women == figures.vendors.by_sex["F"]
    assert totals.youth == figures.vendors.youth
    assert totals.due_cents == figures.fees_due
    assert totals.paid_cents == figures.fees_paid
    assert totals.outstanding_cents == figures.fees_outstanding


def test_loads_the_latest_day_with_its_figures_equal_to_stats(demo_db, fair_id) -> None:
    with demo_db.Session() as s:
        latest = day_sheet.latest_day(s, fair_id)
        date = fairs.get_fair_day(s, latest).date
    sheet = load(demo_db, latest)
    assert date == dt.date(2026, 11, 22)
    assert len(sheet.vendors) == 84  # every active vendor of the fair
    stalls = [v.stall_key for v in sheet.vendors]
    assert stalls == sorted(stalls)
    several = [v for v in sheet.vendors if len(v.lines) > 1]
    assert several  # vendors who also sell in other rubros get a line per rubro
    assert all(v.lines[0].category_id != v.lines[1].category_id for v in several)
    assert sheet.usual_fee_cents == 1500
    assert not sheet.is_dirty()
    assert_totals_equal_stats(sheet.totals(), day_stats(demo_db, fair_id, date))


@pytest.mark.parametrize(("text", "cents"), [("12.50", 1250), ("12,50", 1250), ("S/ 12.50", 1250),
                                             ("1,234.50", 123450), ("", 0), ("0", 0)])  # fmt: skip
def test_amounts_typed_the_usual_ways(demo_db, fair_id, text, cents) -> None:
    sheet = load(demo_db, new_day(demo_db, fair_id))
    first = sheet.vendors[0]
    typed = sheet.set_amount(first.vendor_id, first.lines[0].category_id, text)
    assert (typed.cents, typed.error) == (cents, None)
    assert sheet.totals().sales_cents == cents
    assert sheet.present(first.vendor_id) == bool(cents)


def test_a_wrong_amount_is_marked_and_nothing_is_saved(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    a, b = sheet.vendors[0], sheet.vendors[1]
    sheet.set_amount(a.vendor_id, a.lines[0].category_id, "25")
    typed = sheet.set_amount(b.vendor_id, b.lines[0].category_id, "12.5.0")
    assert typed.cents is None and typed.error
    assert sheet.error(b.vendor_id, AMOUNT, b.lines[0].category_id) == typed.error
    assert sheet.totals().sales_cents == 2500 and sheet.totals().errors == 1
    with pytest.raises(OperationError, match="Hay 1 celda con errores; corríjala"):
        save(demo_db, sheet)
    with demo_db.Session() as s:
        assert s.scalar(select(func.count()).where(Sale.fair_day_id == day)) == 0
        assert s.scalar(select(func.count()).where(Attendance.fair_day_id == day)) == 0
    for text in ("-5", "abc", "2000000"):
        assert sheet.set_amount(b.vendor_id, b.lines[0].category_id, text).error


def test_a_whole_new_day_saved_at_once_equals_stats(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    assert sheet.usual_fee_cents == 1500
    for n, vendor in enumerate(sheet.vendors):
        if n % 5 == 4:
            continue  # one in five did not come
        for k, line in enumerate(vendor.lines):
            sheet.set_amount(vendor.vendor_id, line.category_id, f"{100 + n + k},{n % 10}0")
        assert sheet.due(vendor.vendor_id) == 1500  # the usual fee, offered
        if n % 3:
            sheet.set_paid(vendor.vendor_id, "15")
    sheet.set_method(sheet.vendors[0].vendor_id, "yape")
    totals = sheet.totals()
    saved = save(demo_db, sheet, actor="tesorera")
    assert saved.vendors == totals.present
    assert_totals_equal_stats(totals, day_stats(demo_db, fair_id, NEW_DAY))
    again = load(demo_db, day)
    assert not again.is_dirty()
    assert again.vendors[0].method == "yape"
    assert_totals_equal_stats(again.totals(), day_stats(demo_db, fair_id, NEW_DAY))
    with demo_db.Session() as s:
        actors = set(s.scalars(select(AuditLog.actor).where(AuditLog.entity == "sale")))
        assert "tesorera" in actors


def test_corrections_are_audited_and_the_cell_history_tells_them(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    vendor = sheet.vendors[0]
    cat = vendor.lines[0].category_id
    sheet.set_amount(vendor.vendor_id, cat, "40")
    save(demo_db, sheet, actor="ana")
    sheet = load(demo_db, day)
    sheet.set_amount(vendor.vendor_id, cat, "45.50")
    sheet.set_method(vendor.vendor_id, "plin")
    save(demo_db, sheet, actor="luis")
    with demo_db.Session() as s:
        (sale,) = s.scalars(select(Sale).where(Sale.fair_day_id == day))
        assert (sale.amount_cents, sale.payment_method) == (4550, "plin")
        created, fixed = audit.history(s, "sale", sale.id)
        assert (created.actor, fixed.actor, fixed.action) == ("ana", "luis", "update")
        assert fixed.reason == day_sheet.CORRECTION
        assert json.loads(fixed.before) == {"amount_cents": 4000, "payment_method": "cash"}
        lines = cell_history.history(s, day, vendor.vendor_id, AMOUNT, cat)
        present = cell_history.history(s, day, vendor.vendor_id, PRESENT)
        fee = cell_history.history(s, day, vendor.vendor_id, DUE)
    assert [c.actor for c in lines] == ["ana", "luis"]
    assert lines[0].text.startswith("Venta anotada: S/ 40.00 en ")
    assert (
        lines[1].text == "Venta corregida: monto S/ 40.00 → S/ 45.50, medio de pago Efectivo → Plin"
    )
    assert [c.text for c in present] == ["Marcado presente"]
    assert [c.text for c in fee] == ["Cuota: cuota S/ 15.00, pagado S/ 0.00"]


def _mixed_line(db, fair_id) -> tuple[int, int, int, dict[str, int]]:
    """A fair day, vendor and rubro of the demo paid in cash and another way, with its
    split as stored."""
    with db.Session() as s:
        day = day_sheet.latest_day(s, fair_id)
        vid, cat = s.execute(
            select(Sale.vendor_id, Sale.category_id)
            .where(Sale.fair_day_id == day)
            .group_by(Sale.vendor_id, Sale.category_id)
            .having(func.count(func.distinct(Sale.payment_method)) > 1)
            .limit(1)
        ).one()
        split = dict(
            s.execute(
                select(Sale.payment_method, func.sum(Sale.amount_cents))
                .where(Sale.fair_day_id == day, Sale.vendor_id == vid, Sale.category_id == cat)
                .group_by(Sale.payment_method)
            ).all()
        )
    return day, vid, cat, split


def methods_of_day(db, fair_id: int, date: dt.date) -> dict[str, int]:
    return {m: c for m, c in day_stats(db, fair_id, date).sales.by_payment_method.items() if c}


def test_a_mixed_line_asks_which_method_a_change_belongs_to_and_keeps_both(
    demo_db, fair_id
) -> None:
    day, vid, cat, split = _mixed_line(demo_db, fair_id)
    date = dt.date(2026, 11, 22)
    before = methods_of_day(demo_db, fair_id, date)
    sheet = load(demo_db, day)
    assert sheet.method(vid) is None and sheet.mixed(vid)  # shown as "Varios"
    assert sheet.split(vid, cat) == split
    old = sum(split.values())
    with pytest.raises(day_sheet.MixedMethods) as asked:
        sheet.set_amount(vid, cat, day_sheet.sheet.plain(old + 2090))
    assert asked.value.split == split and asked.value.change == 2090
    assert not sheet.is_dirty()  # nothing was taken while the question is open
    other = next(m for m in split if m != "cash")
    sheet.set_amount(vid, cat, day_sheet.sheet.plain(old + 2090), method=other)
    assert sheet.split(vid, cat) == {**split, other: split[other] + 2090}
    assert sheet.totals().sales_cents == sum(before.values()) + 2090
    save(demo_db, sheet)
    after = methods_of_day(demo_db, fair_id, date)
    assert after == {**before, other: before[other] + 2090}  # cash untouched, nothing merged
    again = load(demo_db, day)
    assert again.split(vid, cat) == {**split, other: split[other] + 2090}
    assert again.totals().by_method == tuple((m, after[m]) for m in day_sheet.METHODS if m in after)


def test_a_decrease_larger_than_a_methods_part_is_refused_for_that_method(demo_db, fair_id) -> None:
    day, vid, cat, split = _mixed_line(demo_db, fair_id)
    sheet = load(demo_db, day)
    least, most = min(split, key=split.get), max(split, key=split.get)
    smaller = sum(split.values()) - split[least] - 1
    with pytest.raises(day_sheet.MixedMethods) as asked:
        sheet.set_amount(vid, cat, day_sheet.sheet.plain(smaller))
    assert least not in asked.value.methods() and most in asked.value.methods()
    with pytest.raises(OperationError, match="solo hay"):
        sheet.set_amount(vid, cat, day_sheet.sheet.plain(smaller), method=least)
    assert not sheet.is_dirty()


def test_a_split_typed_for_every_line_is_saved_method_by_method(demo_db, fair_id) -> None:
    day, vid, cat, split = _mixed_line(demo_db, fair_id)
    date = dt.date(2026, 11, 22)
    before = methods_of_day(demo_db, fair_id, date)
    sheet = load(demo_db, day)
    sheet.set_split(vid, {cat: {"cash": 48890, "yape": 11020}})
    assert sheet.split(vid, cat) == {"cash": 48890, "yape": 11020}
    save(demo_db, sheet)
    after = methods_of_day(demo_db, fair_id, date)
    expected = dict(before)
    for method, cents in split.items():
        expected[method] -= cents
    expected["cash"] += 48890
    expected["yape"] = expected.get("yape", 0) + 11020
    assert after == {m: c for m, c in expected.items() if c}
    with demo_db.Session() as s:
        rows = s.execute(
            select(Sale.payment_method, Sale.amount_cents).where(
                Sale.fair_day_id == day, Sale.vendor_id == vid, Sale.category_id == cat
            )
        ).all()
    assert sorted(rows) == [("cash", 48890), ("yape", 11020)]


def test_one_method_for_all_keeps_the_entries_and_changes_their_method(demo_db, fair_id) -> None:
    day, vid, cat, split = _mixed_line(demo_db, fair_id)
    sheet = load(demo_db, day)
    sheet.set_method(vid, "yape")
    assert sheet.split(vid, cat) == {"yape": sum(split.values())}
    save(demo_db, sheet)
    with demo_db.Session() as s:
        rows = s.scalars(select(Sale).where(Sale.fair_day_id == day, Sale.vendor_id == vid,
                                            Sale.category_id == cat)).all()  # fmt: skip
        assert {r.payment_method for r in rows} == {"yape"}
        assert len(rows) == len(split)  # the entries corrected, not replaced
        fixed = [cell_history.history(s, day, vid, AMOUNT, cat)[-1].text]
    assert "medio de pago" in fixed[0]


def test_a_new_sale_is_cash_unless_the_vendor_uses_another_method(demo_db, fair_id) -> None:
    sheet = load(demo_db, new_day(demo_db, fair_id))
    first, second = sheet.vendors[0], sheet.vendors[1]
    assert sheet.method(first.vendor_id) is None  # nothing sold: nothing to show
    sheet.set_amount(first.vendor_id, first.lines[0].category_id, "30")
    assert sheet.method(first.vendor_id) == "cash" and not sheet.mixed(first.vendor_id)
    sheet.set_method(second.vendor_id, "plin")
    sheet.set_amount(second.vendor_id, second.lines[0].category_id, "30")
    assert sheet.split(second.vendor_id, second.lines[0].category_id) == {"plin": 3000}


def test_an_ambiguous_amount_is_marked_with_both_readings_and_never_saved(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    vendor = sheet.vendors[0]
    typed = sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "12.505")
    assert typed.cents is None
    assert "S/ 12,505.00" in typed.error and "12505" in typed.error
    typed = sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "1,250")
    assert typed.error == "¿S/ 1,250.00 o S/ 1.25? Escriba 1250 o 1.25"
    assert sheet.totals().sales_cents == 0 and sheet.totals().errors == 1
    with pytest.raises(OperationError):
        save(demo_db, sheet)
    with demo_db.Session() as s:
        assert s.scalar(select(func.count()).where(Sale.fair_day_id == day)) == 0
    assert sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "1250").cents == 125000


def test_a_day_far_above_the_usual_one_is_flagged_never_refused(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    with demo_db.Session() as s:
        sheet.usual_loader = lambda ids: day_sheet.usual_days(s, ids, NEW_DAY)
        regular = next(v for v in sheet.vendors if sheet.usual(v.vendor_id))
        usual = sheet.usual(regular.vendor_id)
        history = sorted(
            s.scalars(
                select(func.sum(Sale.amount_cents))
                .join(fairs.FairDay, fairs.FairDay.id == Sale.fair_day_id)
                .where(Sale.vendor_id == regular.vendor_id)
                .group_by(fairs.FairDay.date)
                .order_by(fairs.FairDay.date.desc())
                .limit(8)
            )
        )
    assert usual == history[3]  # the median (low) of the last eight days with sales
    cat = regular.lines[0].category_id
    sheet.set_amount(regular.vendor_id, cat, day_sheet.sheet.plain(usual * 10))
    assert sheet.unusual(regular.vendor_id) is None  # ten times is still believable
    sheet.set_amount(regular.vendor_id, cat, day_sheet.sheet.plain(usual * 10 + 1))
    flagged = sheet.unusual(regular.vendor_id)
    assert flagged is not None and flagged.usual_cents == usual
    assert "veces lo que vende en un día habitual" in flagged.message()
    newcomer = next(v for v in sheet.vendors if v.vendor_id != regular.vendor_id)
    sheet.usual_loader = lambda ids: {}  # as for vendors with no sales yet
    sheet.set_amount(newcomer.vendor_id, newcomer.lines[0].category_id, "5000")
    assert sheet.unusual(newcomer.vendor_id) is None  # S/ 5,000.00: the ceiling itself
    sheet.set_amount(newcomer.vendor_id, newcomer.lines[0].category_id, "5000.01")
    assert "supera S/ 5,000.00" in sheet.unusual(newcomer.vendor_id).message()
    assert [u.vendor_id for u in sheet.unusual_days()] == sorted(
        [regular.vendor_id, newcomer.vendor_id], key=[v.vendor_id for v in sheet.vendors].index
    )
    save(demo_db, sheet)  # flagged, asked about by the window, never refused
    assert day_stats(demo_db, fair_id, NEW_DAY).sales.total == usual * 10 + 1 + 500001


def test_a_day_that_has_not_come_takes_nothing(demo_db, fair_id) -> None:
    future = dt.date.today() + dt.timedelta(days=7)
    day = new_day(demo_db, fair_id, future)
    sheet = load(demo_db, day)
    assert sheet.day.future and sheet.day.locked
    vendor = sheet.vendors[0]
    with pytest.raises(OperationError, match="todavía no llega"):
        sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "10")
    with pytest.raises(OperationError, match="todavía no llega"):
        sheet.set_present(vendor.vendor_id, True)


def test_space_in_paid_means_the_whole_fee(demo_db, fair_id) -> None:
    sheet = load(demo_db, new_day(demo_db, fair_id))
    vid = sheet.vendors[0].vendor_id
    sheet.set_present(vid, True)
    assert sheet.pay_in_full(vid).cents == 1500
    assert sheet.paid(vid) == sheet.due(vid) == 1500 and sheet.error(vid, PAID) is None


def test_absent_with_sales_is_refused_and_the_offered_fee_goes_with_absence(
    demo_db, fair_id
) -> None:
    sheet = load(demo_db, new_day(demo_db, fair_id))
    a, b = sheet.vendors[0].vendor_id, sheet.vendors[1].vendor_id
    sheet.set_amount(a, sheet.vendor(a).lines[0].category_id, "10")
    assert "tiene ventas" in sheet.set_present(a, False)
    assert sheet.present(a)
    assert sheet.set_present(b, True) is None and sheet.due(b) == 1500
    assert sheet.set_present(b, False) is None
    assert sheet.due(b) is None
    assert sheet.vendor(b) and not sheet.changed(sheet.vendor(b))


def test_paid_above_due_is_wrong_until_the_due_allows_it(demo_db, fair_id) -> None:
    sheet = load(demo_db, new_day(demo_db, fair_id))
    vid = sheet.vendors[0].vendor_id
    sheet.set_present(vid, True)
    sheet.set_paid(vid, "20")
    assert sheet.error(vid, PAID) == "supera la cuota (S/ 15.00)"
    sheet.set_due(vid, "20")
    assert sheet.error(vid, PAID) is None
    assert sheet.set_due(vid, "quince").error


def test_a_closed_day_cannot_be_typed_in_or_saved(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    vendor = sheet.vendors[0]
    sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "10")
    with demo_db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", day)
    with pytest.raises(OperationError, match="cerrada"):
        save(demo_db, sheet)
    closed = load(demo_db, day)
    assert closed.day.closed
    with pytest.raises(OperationError, match="cerrada"):
        closed.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "10")
    with demo_db.Session() as s:
        assert s.scalar(select(func.count()).where(Sale.fair_day_id == day)) == 0
        assert s.scalar(select(func.count()).select_from(Fee).where(Fee.fair_day_id == day)) == 0


def test_withdrawn_and_suspended_vendors_only_when_they_have_records(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    gone, resting = sheet.vendors[0].vendor_id, sheet.vendors[1].vendor_id
    sheet.set_amount(resting, sheet.vendor(resting).lines[0].category_id, "30")
    save(demo_db, sheet)
    with demo_db.Session.begin() as s:
        vendors.set_status(s, "ana", gone, "withdrawn")
        vendors.set_status(s, "ana", resting, "suspended")
    listed = {v.vendor_id for v in load(demo_db, day).vendors}
    assert resting in listed and gone not in listed and len(listed) == 83


def test_a_deactivated_rubro_keeps_its_line(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    vendor = sheet.vendors[0]
    with demo_db.Session.begin() as s:
        catalog.set_active(s, "ana", vendor.lines[0].category_id, False)
    sheet = load(demo_db, day)
    sheet.set_amount(vendor.vendor_id, vendor.lines[0].category_id, "18")
    save(demo_db, sheet)
    assert day_stats(demo_db, fair_id, NEW_DAY).sales.total == 1800


def test_a_reopened_day_leaves_room_for_what_was_paid_after_closing(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    vid = sheet.vendors[0].vendor_id
    sheet.set_present(vid, True)  # the usual S/ 15.00 offered, nothing paid
    save(demo_db, sheet)
    with demo_db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", day)
    with demo_db.Session.begin() as s:
        fees.record_payment(s, "ana", vid, "10", fair_day_id=day, received_on=dt.date.today())
    with demo_db.Session.begin() as s:
        fairs.reopen_fair_day(s, "ana", day, "faltó una venta")
    sheet = load(demo_db, day)
    assert sheet.vendor(vid).paid_later_cents == 1000
    assert sheet.payable(vid) == 500
    assert sheet.totals().outstanding_cents == 500  # not 1500: S/ 10.00 came later
    sheet.set_paid(vid, "10")
    assert "ya pagó S/ 10.00 después" in sheet.error(vid, PAID)
    assert sheet.pay_in_full(vid).cents == 500 and sheet.error(vid, PAID) is None
    save(demo_db, sheet)
    with demo_db.Session() as s:
        (fee,) = [d for d in fees.statement(s, vid) if d.fair_day_id == day]
        assert fee.outstanding_cents == 0


@pytest.mark.parametrize("recent_days", [400, 30])
def test_the_usual_days_of_a_whole_fair_equal_each_vendors_own(
    demo_db, fair_id, monkeypatch, recent_days
) -> None:
    """One query for every vendor gives what the query for each gives, also for those with
    fewer days with sales in the recent window than the median needs."""
    from agroferia.core.day_sheet import loading

    monkeypatch.setattr(loading, "RECENT_DAYS", recent_days)
    with demo_db.Session() as s:
        ids = list(s.scalars(select(Vendor.id)))
        together = day_sheet.usual_days(s, ids, NEW_DAY)
        one_by_one = {vid: day_sheet.usual_day(s, vid, NEW_DAY) for vid in ids}
    assert together == one_by_one
    assert sum(v is not None for v in together.values()) > 70  # real histories compared


def test_a_red_cell_keeps_its_line_s_methods_and_blocks_the_split(demo_db, fair_id) -> None:
    """While a cell of a vendor paid two ways is being corrected, the vendor is still paid
    two ways (one method for all asks first), and the split cannot be typed over it."""
    day, vid, cat, split = _mixed_line(demo_db, fair_id)
    sheet = load(demo_db, day)
    assert sheet.set_amount(vid, cat, "1.250").error
    assert sheet.mixed(vid) and sheet.method(vid) is None
    assert sheet.vendor_split(vid) == sheet.vendor_split(vid) | split  # its methods stay
    with pytest.raises(OperationError, match="Corrija primero"):
        sheet.set_split(vid, {cat: {"cash": 100}})
    assert sheet.typed(vid, AMOUNT, cat).text == "1.250"  # what was typed is still there


def test_a_payment_recorded_meanwhile_is_never_overwritten(demo_db, fair_id) -> None:
    day = new_day(demo_db, fair_id)
    sheet = load(demo_db, day)
    a, b = sheet.vendors[0].vendor_id, sheet.vendors[1].vendor_id
    sheet.set_present(a, True)
    sheet.set_present(b, True)
    save(demo_db, sheet)
    sheet = load(demo_db, day)
    sheet.set_paid(a, "5")  # typed on the sheet, not yet saved
    sheet.set_amount(b, sheet.vendor(b).lines[0].category_id, "30")
    with demo_db.Session.begin() as s:  # meanwhile, Cuotas records S/ 10.00 for a
        fees.record_payment(s, "luis", a, "10", fair_day_id=day)
    with pytest.raises(day_sheet.SheetConflictError) as stale:
        save(demo_db, sheet)
    assert stale.value.vendor_ids == [a]
    assert sheet.vendor(a).full_name in str(stale.value)
    with demo_db.Session() as s:
        assert s.scalar(select(Fee.paid_cents).where(Fee.fair_day_id == day,
                                                     Fee.vendor_id == a)) == 1000  # fmt: skip
        assert s.scalar(select(func.count()).where(Sale.fair_day_id == day)) == 0
    fresh = load(demo_db, day)
    fresh.carry_edits(sheet, set(stale.value.vendor_ids))
    assert fresh.paid(a) == 1000 and fresh.vendor_sales(b) == 3000  # b's typing kept
    save(demo_db, fresh)
    assert day_stats(demo_db, fair_id, NEW_DAY).sales.total == 3000


def test_a_closed_day_keeps_its_date_visitors_and_notes(demo_db, fair_id) -> None:
    with demo_db.Session() as s:
        day = day_sheet.latest_day(s, fair_id)
    with demo_db.Session.begin() as s:
        fairs.close_fair_day(s, "ana", day)
    with pytest.raises(OperationError, match="cerrada"), demo_db.Session.begin() as s:
        fairs.update_fair_day(s, "ana", day, date=dt.date(2026, 11, 25), notes="movida")
    with demo_db.Session() as s:
        assert fairs.get_fair_day(s, day).date == dt.date(2026, 11, 22)
