"""Writing a sheet's changes in one batch: what the day holds is read in a few queries, the
differences worked out vendor by vendor exactly as the services would make them (the same
checks, the same entries corrected, removed or added, the same audit entries in the same
order), then written with a handful of Core statements and one insert of audit entries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session, selectinload

from agroferia.core import audit, fairs, fees, labels, sales, summaries, vendors
from agroferia.core.day_sheet.sheet import CORRECTION, DaySheet, Split, VendorDay, plain
from agroferia.core.errors import OperationError
from agroferia.core.models import (
    Attendance,
    Category,
    FairDay,
    Fee,
    Product,
    Sale,
    Vendor,
    utcnow,
)
from agroferia.core.money import format_money, from_cents
from agroferia.core.plain_text import stored
from agroferia.i18n import Text, _, lazy

Progress = Callable[[int, int], None]
CHUNK = 5_000  # ids per DELETE … IN (…)


class _New:
    """A row inserted by the batch, whose id is known only once it is written."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.id: int | None = None


class Batch:
    """The changes of one save, worked out before anything is written."""

    def __init__(self, session: Session, actor: str, sheet: DaySheet, day: FairDay) -> None:
        self.session, self.actor, self.sheet, self.day = session, actor, sheet, day
        self.now = utcnow()
        self.reason = stored(CORRECTION) or None
        self.entries: list[tuple] = []  # (action, entity, id or _New, before, after, reason)
        self.present: list[dict[str, int]] = []
        self.absent: list[int] = []
        self.removed: list[int] = []
        self.corrected: list[dict[str, Any]] = []
        self.added: list[_New] = []
        self.fees_changed: list[dict[str, Any]] = []
        self.fees_added: list[_New] = []
        self.came = False  # something needs a day that has come
        day_id = day.id
        table = Sale.__table__
        self.sales: dict[int, list[dict[str, Any]]] = {}
        for row in session.execute(
            select(table).where(table.c.fair_day_id == day_id).order_by(table.c.id)
        ).mappings():
            self.sales.setdefault(row["vendor_id"], []).append(dict(row))
        self.attendance = dict(
            session.execute(
                select(Attendance.vendor_id, Attendance.id).where(Attendance.fair_day_id == day_id)
            ).all()
        )
        self.fee_of = {
            row["vendor_id"]: dict(row)
            for row in session.execute(
                select(Fee.__table__).where(Fee.__table__.c.fair_day_id == day_id)
            ).mappings()
        }
        self.later = fees.paid_later(session, day_id)

    def load_vendors(self, vendor_ids: list[int]) -> None:
        """The changed vendors and every rubro into the session (and held here, so that it
        keeps them), so that the services' checks find them without a query each."""
        self.held: list[object] = list(self.session.scalars(select(Category)))
        for start in range(0, len(vendor_ids), CHUNK):
            chunk = vendor_ids[start : start + CHUNK]
            self.held += self.session.scalars(
                select(Vendor)
                .where(Vendor.id.in_(chunk))
                .options(selectinload(Vendor.other_categories))
            ).all()

    # working out ----------------------------------------------------------------------
    def vendor(self, vendor: VendorDay) -> int:
        """What the sheet changes for the vendor, in the services' order: present, each
        line's entries, absent, the fee. The number of entries written."""
        sheet, vid = self.sheet, vendor.vendor_id
        person = vendors.get(self.session, vid)
        if sheet.present(vid) and vid not in self.attendance:
            self.came = True
            self.attendance[vid] = 0  # written below
            self.present.append({"fair_day_id": self.day.id, "vendor_id": vid})
            where = {"fair_day_id": self.day.id, "vendor_id": vid}
            self.entries.append(("present", "attendance", None, None, audit.dumps(where), None))
        written = 0
        current = self.sales.get(vid, [])
        for line in vendor.lines:
            entries = [s for s in current if s["category_id"] == line.category_id]
            written += self._line(person, line.category_id, entries)
        if not sheet.present(vid):
            if self.sales.get(vid):
                raise OperationError(
                    lazy("El expositor tiene ventas en esta jornada; no puede marcarse ausente.")
                )
            if self.attendance.get(vid):
                self.absent.append(self.attendance.pop(vid))
                where = {"fair_day_id": self.day.id, "vendor_id": vid}
                self.entries.append(("absent", "attendance", None, audit.dumps(where), None, None))
        due, paid = sheet.due(vid), sheet.paid(vid)
        if (due or 0, paid) != (vendor.due_cents or 0, vendor.paid_cents):
            self._fee(vid, plain(due or 0), plain(paid))
        return written

    def _line(self, vendor: Vendor, cid: int, entries: list[dict[str, Any]]) -> int:
        """Makes the line's entries add up to its split, method by method: an entry corrected
        where one is enough, else the method's entries replaced by one. Nothing of one method
        is ever moved into another unless the person chose that method for all of it."""
        target: Split = self.sheet.split(vendor.id, cid)
        now: Split = {}
        for entry in entries:
            now[entry["payment_method"]] = (
                now.get(entry["payment_method"], 0) + entry["amount_cents"]
            )
        if target == now:
            return 0
        written = 0
        if len(target) == 1 and len(entries) == 1:  # one entry, one method: corrected in place
            ((method, cents),) = target.items()
            self._correct(vendor, entries[0], amount=plain(cents), payment_method=method)
            return 1
        if len(target) == 1 and sum(target.values()) == sum(now.values()):
            (method,) = target  # the same money, now all in one method: the entries keep theirs
            for entry in entries:
                if entry["payment_method"] != method:
                    self._correct(vendor, entry, payment_method=method)
                    written += 1
            return written
        for method in sorted(set(target) | set(now)):
            want = target.get(method, 0)
            of_method = [e for e in entries if e["payment_method"] == method]
            if sum(e["amount_cents"] for e in of_method) == want:
                continue
            if len(of_method) == 1 and want:
                self._correct(vendor, of_method[0], amount=plain(want))
                written += 1
                continue
            products = {e.get("product_id") for e in of_method}
            have = sum(e["amount_cents"] for e in of_method)
            if products != {None} and 0 < have < want:
                # the entries name products: they stay, and what was added is one more
                self._add(vendor, cid, plain(want - have), method)
                written += 1
                continue
            if len(products) > 1 and want:
                raise OperationError(self._products_apart(vendor, cid, method, of_method))
            for entry in of_method:
                self._remove(entry)
                written += 1
            if want:
                product = next(iter(products), None)  # the one product of all, if any
                self._add(vendor, cid, plain(want), method, product)
                written += 1
        return written

    def _products_apart(
        self, vendor: Vendor, cid: int, method: str, entries: list[dict[str, Any]]
    ) -> Text:
        """Why a lower total cannot replace entries that name different products."""
        names = dict(self.session.execute(select(Product.id, Product.name)).all())
        items = "; ".join(
            f"{names.get(e.get('product_id'), _('sin producto'))} "
            f"{format_money(e['amount_cents'], cents=True)}"
            for e in entries
        )
        return lazy(
            "{name}: las ventas de «{rubro}» en {method} nombran productos distintos ({items})"
            " y el total escrito es menor: no se sabe de cuál descontar. Escriba 0, guarde y"
            " vuelva a escribir el total (las ventas quedan sin producto), o corrija el archivo"
            " de ventas y vuelva a importarlo.",
            name=vendor.full_name, rubro=self.session.get(Category, cid).name,
            method=labels.PAYMENT_METHOD[method], items=items,
        )  # fmt: skip

    def _correct(self, vendor: Vendor, entry: dict[str, Any], **changes: Any) -> None:
        """As ``sales.correct_sale``."""
        self.came = True
        current = {
            "amount": from_cents(entry["amount_cents"]),
            "category": entry["category_id"],
            "payment_method": entry["payment_method"],
            "product": entry.get("product_id"),  # kept: the sheet does not show it
        }
        clean = sales.check_entry(
            self.session, vendor, {**current, **changes}, keep=(entry["category_id"],)
        )
        before = audit.snapshot_row(Sale, entry)
        entry.update(clean)
        self.corrected.append({"_id": entry["id"], **clean})
        old, new = audit.changes(before, audit.snapshot_row(Sale, entry))
        self.entries.append(
            ("update", "sale", entry["id"], audit.dumps(old), audit.dumps(new), self.reason)
        )

    def _remove(self, entry: dict[str, Any]) -> None:
        """As ``sales.remove_sale``."""
        self.removed.append(entry["id"])
        self.sales[entry["vendor_id"]].remove(entry)
        before = audit.dumps(audit.snapshot_row(Sale, entry))
        self.entries.append(("delete", "sale", entry["id"], before, None, self.reason))

    def _add(
        self, vendor: Vendor, cid: int, amount: str, method: str, product: int | None = None
    ) -> None:
        """As ``sales.record_sale``."""
        self.came = True
        sales.require_selling(vendor)
        data = {"amount": amount, "category": cid, "payment_method": method, "product": product}
        clean = sales.check_entry(self.session, vendor, data)
        new = _New(
            {"fair_day_id": self.day.id, "vendor_id": vendor.id, "category_id": clean["category_id"],
             "amount_cents": clean["amount_cents"], "payment_method": clean["payment_method"],
             "product_id": clean["product_id"], "entered_by": self.actor, "entered_at": self.now}
        )  # fmt: skip
        self.added.append(new)
        self.sales.setdefault(vendor.id, []).append(new.row)
        self.entries.append(("create", "sale", new, None, None, None))

    def _fee(self, vid: int, due: str, paid: str) -> None:
        """As ``fees.set_day_fee``."""
        fee = self.fee_of.get(vid)
        due_cents, paid_cents = fees.check_day_fee(due, paid, self.later.get(vid, 0))
        if due_cents or paid_cents:
            self.came = True
        if fee is None and due_cents == 0 and paid_cents == 0:
            return
        if fee is not None and (fee["due_cents"], fee["paid_cents"]) == (due_cents, paid_cents):
            return
        if fee is None:
            paid_at = self.now if paid_cents else None
            new = _New({"fair_day_id": self.day.id, "vendor_id": vid, "due_cents": due_cents,
                        "paid_cents": paid_cents, "paid_at": paid_at})  # fmt: skip
            self.fees_added.append(new)
            self.entries.append(("create", "fee", new, None, None, None))
            return
        before = audit.snapshot_row(Fee, fee)
        if paid_cents != fee["paid_cents"]:
            fee["paid_at"] = self.now if paid_cents else None
        fee["due_cents"], fee["paid_cents"] = due_cents, paid_cents
        self.fees_changed.append({"_id": fee["id"], "due_cents": due_cents,
                                  "paid_cents": paid_cents, "paid_at": fee["paid_at"]})  # fmt: skip
        old, new_values = audit.changes(before, audit.snapshot_row(Fee, fee))
        self.entries.append(
            ("update", "fee", fee["id"], audit.dumps(old), audit.dumps(new_values), None)
        )

    # writing --------------------------------------------------------------------------
    def write(self) -> None:
        """Every change in a few statements, then the audit entries in one insert."""
        if self.came:
            fairs.require_not_future(self.day)
        session = self.session
        session.flush()  # anything pending in the session goes first, once
        attendance, sale, fee = Attendance.__table__, Sale.__table__, Fee.__table__
        if self.present:
            session.execute(insert(attendance), self.present)
        for start in range(0, len(self.removed), CHUNK):
            chunk = self.removed[start : start + CHUNK]
            session.execute(delete(sale).where(sale.c.id.in_(chunk)))
        if self.corrected:
            session.execute(update(sale).where(sale.c.id == bindparam("_id")), self.corrected)
        _insert(session, sale, self.added, ("vendor_id", "category_id", "payment_method"))
        for start in range(0, len(self.absent), CHUNK):
            chunk = self.absent[start : start + CHUNK]
            session.execute(delete(attendance).where(attendance.c.id.in_(chunk)))
        if self.removed or self.corrected or self.added or self.present or self.absent:
            summaries.refresh_days(session, [self.day.id])  # the statistics' summaries
        if self.fees_changed:
            session.execute(update(fee).where(fee.c.id == bindparam("_id")), self.fees_changed)
        _insert(session, fee, self.fees_added, ("vendor_id",))
        audit.record_many(session, self.actor, (self._entry(*e) for e in self.entries))
        for obj in list(session.identity_map.values()):  # what the session held is stale now
            if isinstance(obj, Sale | Fee | Attendance):
                session.expire(obj)

    def _entry(self, action, entity, entity_id, before, after, reason) -> tuple:
        if isinstance(entity_id, _New):  # a row created: its snapshot, id first
            kind = Sale if entity == "sale" else Fee
            after = audit.dumps(audit.snapshot_row(kind, {"id": entity_id.id, **entity_id.row}))
            entity_id = entity_id.id
        return (action, entity, entity_id, before, after, reason)


def _insert(session: Session, table, rows: list[_New], key: tuple[str, ...]) -> None:
    """Inserts the rows in one statement, then reads their ids back: the rows of the day
    above the highest id before, told apart by ``key`` (one new row per key and save)."""
    if not rows:
        return
    day_id = rows[0].row["fair_day_id"]
    highest = session.scalar(select(func.max(table.c.id))) or 0
    session.execute(insert(table), [r.row for r in rows])
    columns = [table.c[name] for name in key]
    ids = {
        tuple(found[1:]): found[0]
        for found in session.execute(
            select(table.c.id, *columns).where(table.c.fair_day_id == day_id, table.c.id > highest)
        )
    }
    for new in rows:
        new.id = ids[tuple(new.row[name] for name in key)]
