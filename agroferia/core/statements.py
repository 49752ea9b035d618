"""A producer's «constancia de participación y ventas»: for one vendor and a period, the fair
days they were present, their sales by month and rubro, and the fees of those days, with a
verification code the organization can look up later.

The figures are the app's own: the vendor's days, sales and fees come from
``privacy.gather`` (as the person export gives them), narrowed to the fair days of the
period, so they add up to what ``breakdowns.by_vendor`` shows for the vendor and period;
what is still owed over every fair day is ``fees.balance``.  Nothing about any other vendor.

The verification code is deterministic: the first ten characters of the base32 SHA-256 of
the vendor's code, the period, the totals and the issue date, written ``XXXX-XXXX-XX``.
Issuing a statement records it in the audit trail (``record``) with that code, the period
and the totals, never a name or document; ``verify`` finds it again and says whether the
figures still give the same code.  ``reports.statement`` prints it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit, fees, privacy, vendors
from agroferia.core.accounts import Right
from agroferia.core.collation import text_key
from agroferia.core.errors import NotFoundError, OperationError
from agroferia.core.models import AuditLog, Vendor
from agroferia.core.money import plain, to_cents
from agroferia.i18n import lazy

ACTION, ENTITY = "statement", "vendor"
CODE_LENGTH = 10
REFUSED = lazy(
    "Una constancia de ventas lleva datos personales: solo una cuenta de administrador o de "
    "organizador puede emitirla."
)


@dataclass(frozen=True)
class FairLine:
    """A fair the vendor belongs to (``vendor.memberships``)."""

    name: str
    stall: str | None
    status: str
    registered_on: dt.date
    district: str | None


@dataclass
class Statement:
    vendor_id: int
    code: str
    full_name: str
    doc_type: str
    doc_number: str | None
    fairs: list[FairLine]
    start: dt.date
    end: dt.date
    issued_on: dt.date
    present: dict[str, list[dt.date]] = field(default_factory=dict)  # fair -> dates
    sales: dict[tuple[dt.date, str], int] = field(default_factory=dict)  # (month, rubro)
    fees_due: int = 0  # céntimos, the fees of the period's fair days
    fees_paid: int = 0  # on those days themselves
    fees_paid_later: int = 0  # received after those days were closed
    owed_now: int = 0  # still owed over every fair day, at issue

    @property
    def days_present(self) -> int:
        return sum(len(days) for days in self.present.values())

    @property
    def months(self) -> list[dt.date]:
        return sorted({month for month, _rubro in self.sales})

    @property
    def categories(self) -> list[str]:
        return sorted({rubro for _month, rubro in self.sales}, key=text_key)

    def month_total(self, month: dt.date) -> int:
        return sum(c for (m, _r), c in self.sales.items() if m == month)

    def category_total(self, rubro: str) -> int:
        return sum(c for (_m, r), c in self.sales.items() if r == rubro)

    @property
    def sales_cents(self) -> int:
        return sum(self.sales.values())

    @property
    def fees_outstanding(self) -> int:
        return self.fees_due - self.fees_paid - self.fees_paid_later

    @property
    def empty(self) -> bool:
        return not self.present and not self.sales and not self.fees_due

    @property
    def verification(self) -> str:
        return verification_code(
            self.code, self.start, self.end, self.issued_on,
            (self.days_present, self.sales_cents, self.fees_due,
             self.fees_paid + self.fees_paid_later),
        )  # fmt: skip


def verification_code(
    vendor_code: str, start: dt.date, end: dt.date, issued_on: dt.date, totals: tuple[int, ...]
) -> str:
    """``XXXX-XXXX-XX``: the first ten base32 characters of the SHA-256 of what the
    statement certifies."""
    content = "|".join(
        [vendor_code, start.isoformat(), end.isoformat(), issued_on.isoformat(),
         *(str(t) for t in totals)]
    )  # fmt: skip
    digest = base64.b32encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii")
    head = digest[:CODE_LENGTH]
    return f"{head[:4]}-{head[4:8]}-{head[8:]}"


def normalized(code: str) -> str:
    """A code as typed (lower case, spaces, dashes or none) in its printed form."""
    letters = re.sub(r"[^A-Z2-7]", "", code.upper())
    if len(letters) != CODE_LENGTH:
        raise OperationError(
            lazy("«{code}» no es un código de verificación (diez letras y números, como "
                 "ABCD-EFGH-JK).", code=code.strip())
        )  # fmt: skip
    return f"{letters[:4]}-{letters[4:8]}-{letters[8:]}"


def gather(
    session: Session, vendor_id: int, start: dt.date, end: dt.date, *, issued_on: dt.date
) -> Statement:
    """The statement of ``vendor_id`` for the fair days from ``start`` to ``end``.  An
    anonymized vendor, or a period without any day, sale or fee of theirs, is refused."""
    if start > end:
        raise OperationError(
            lazy("la fecha inicial ({start}) es posterior a la final ({end})",
                 start=start.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
        )  # fmt: skip
    vendor = vendors.get(session, vendor_id)
    if vendor.anonymized_at is not None:
        raise OperationError(
            lazy("{code} fue anonimizado a su pedido: ya no tiene nombre ni documento a los "
                 "que extender una constancia.", code=vendor.code)
        )  # fmt: skip
    data = privacy.gather(session, vendor_id)
    fairs = sorted(
        (FairLine(m.fair.name, m.stall, m.status, m.registered_on, m.fair.district)
         for m in vendor.memberships),
        key=lambda f: (f.registered_on, text_key(f.name)),
    )  # fmt: skip
    st = Statement(vendor_id, vendor.code, vendor.full_name, vendor.doc_type,
                   vendor.doc_number, fairs, start, end, issued_on)  # fmt: skip
    present: dict[str, list[dt.date]] = defaultdict(list)
    sales: dict[tuple[dt.date, str], int] = defaultdict(int)
    for day in data.days:
        if not start <= day.date <= end:
            continue
        if day.present:
            present[day.fair].append(day.date)
        for line in day.sales:
            sales[(day.date.replace(day=1), line.category)] += line.cents
        if day.fee_due is not None:
            st.fees_due += day.fee_due
            st.fees_paid += day.fee_paid
            st.fees_paid_later += day.paid_later_cents
    st.present = {fair: sorted(present[fair]) for fair in sorted(present, key=text_key)}
    st.sales = {key: cents for key, cents in sales.items() if cents}
    st.owed_now = to_cents(fees.balance(session, vendor_id).outstanding)
    if st.empty:
        raise OperationError(
            lazy("{code} no tiene jornadas, ventas ni cuotas del {start} al {end}.",
                 code=vendor.code, start=start.strftime("%d/%m/%Y"),
                 end=end.strftime("%d/%m/%Y"))
        )  # fmt: skip
    return st


def check_may_issue(session: Session, actor: str) -> None:
    """Refuses (``NotAllowedError``) an account that may not take personal data out of the
    app: a statement names the person and their document."""
    accounts.require(session, actor, Right.PERSONAL_DATA, refusal=REFUSED)


def record(session: Session, actor: str, st: Statement, kind: str = "pdf") -> AuditLog:
    """The audit entry of an issued statement: its verification code, period, issue date
    and totals; no name or document."""
    check_may_issue(session, actor)
    return audit.record(session, actor, ACTION, ENTITY, st.vendor_id, after={
        "verification": st.verification,
        "from": st.start.isoformat(),
        "to": st.end.isoformat(),
        "issued_on": st.issued_on.isoformat(),
        "days_present": st.days_present,
        "sales": plain(st.sales_cents),
        "fees_due": plain(st.fees_due),
        "fees_paid": plain(st.fees_paid + st.fees_paid_later),
        "format": kind,
    })  # fmt: skip


@dataclass(frozen=True)
class Issued:
    """A statement found by its code."""

    verification: str
    at: dt.datetime  # naive UTC, when it was issued
    actor: str
    vendor_id: int
    vendor_code: str
    vendor_name: str | None  # None once anonymized
    start: dt.date
    end: dt.date
    issued_on: dt.date
    days_present: int
    sales: str  # soles, ``1234.50``
    fees_due: str
    fees_paid: str
    still_matches: bool  # the figures recorded today still give the same code


def verify(session: Session, actor: str, code: str) -> Issued:
    """The statement issued with ``code``, or ``NotFoundError``: a statement whose code is
    not in the audit trail was not issued by this app from this database."""
    accounts.require(session, actor, *accounts.WITH_PEOPLE)
    wanted = normalized(code)
    entries = session.scalars(
        select(AuditLog)
        .where(AuditLog.action == ACTION, AuditLog.entity == ENTITY,
               AuditLog.after.contains(f'"{wanted}"'))
        .order_by(AuditLog.id)
    ).all()  # fmt: skip
    for entry in entries:
        after = json.loads(entry.after or "{}")
        if after.get("verification") != wanted or entry.entity_id is None:
            continue
        vendor = session.get(Vendor, entry.entity_id)
        start, end = dt.date.fromisoformat(after["from"]), dt.date.fromisoformat(after["to"])
        issued_on = dt.date.fromisoformat(after["issued_on"])
        matches = False
        if vendor is not None and vendor.anonymized_at is None:
            try:
                now = gather(session, vendor.id, start, end, issued_on=issued_on)
                matches = now.verification == wanted
            except OperationError:
                matches = False
        return Issued(
            verification=wanted, at=entry.at, actor=entry.actor, vendor_id=entry.entity_id,
            vendor_code=vendor.code if vendor else "?",
            vendor_name=vendor.full_name if vendor and vendor.anonymized_at is None else None,
            start=start, end=end, issued_on=issued_on,
            days_present=int(after.get("days_present", 0)), sales=after.get("sales", "0.00"),
            fees_due=after.get("fees_due", "0.00"), fees_paid=after.get("fees_paid", "0.00"),
            still_matches=matches,
        )  # fmt: skip
    raise NotFoundError(
        lazy("Ninguna constancia emitida tiene el código {code}: no es auténtica, o no se "
             "emitió desde esta base de datos.", code=wanted)
    )  # fmt: skip
