"""The data model (SQLAlchemy 2, typed mappings).

Money is stored as integer céntimos (``*_cents``).  Youth is computed from the birth date on
the date concerned (see ``core.stats``); only ``SalesSummary``, which is derived from the
sales and kept current with them, holds it.  Vendors are never deleted;
their ``status`` changes instead.  Timestamps are naive UTC.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Sex(enum.StrEnum):
    FEMALE = "F"
    MALE = "M"
    OTHER = "other"
    NOT_STATED = "not_stated"


class DocType(enum.StrEnum):
    DNI = "DNI"
    CE = "CE"
    RUC = "RUC"


class VendorStatus(enum.StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"


class Consent(enum.StrEnum):
    """Whether the person agreed to their data being kept (Ley 29733)."""

    GIVEN = "given"
    REFUSED = "refused"
    NOT_RECORDED = "not_recorded"


class ConsentHow(enum.StrEnum):
    """How that answer was recorded: a signed form, said aloud, or read from a file."""

    SIGNED = "signed"
    VERBAL = "verbal"
    IMPORTED = "imported"


class PaymentMethod(enum.StrEnum):
    CASH = "cash"
    YAPE = "yape"
    PLIN = "plin"
    CARD = "card"
    TRANSFER = "transfer"
    OTHER = "other"


class ProductKind(enum.StrEnum):
    FRESH = "fresh"
    PROCESSED = "processed"
    PREPARED = "prepared"
    HANDICRAFT = "handicraft"


class Role(enum.StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    TREASURER = "treasurer"
    VIEWER = "viewer"


def _in(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Fair(Base):
    __tablename__ = "fair"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    district: Mapped[str | None] = mapped_column(String(80))
    municipality: Mapped[str | None] = mapped_column(String(160))
    address: Mapped[str | None] = mapped_column(String(200))
    weekday: Mapped[int | None] = mapped_column(Integer)  # 0 = Monday … 6 = Sunday
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    days: Mapped[list[FairDay]] = relationship(back_populates="fair", order_by="FairDay.date")

    __table_args__ = (CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),)


class FairDay(Base):
    __tablename__ = "fair_day"

    id: Mapped[int] = mapped_column(primary_key=True)
    # the old values are loaded before a change, for the statistics' summaries
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), active_history=True)
    date: Mapped[dt.date] = mapped_column(Date, index=True, active_history=True)
    visitors: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(60))

    fair: Mapped[Fair] = relationship(back_populates="days")

    __table_args__ = (
        UniqueConstraint("fair_id", "date"),
        CheckConstraint("visitors IS NULL OR visitors >= 0", name="visitors"),
    )


class Category(Base):
    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


vendor_category = Table(
    "vendor_category",
    Base.metadata,
    Column("vendor_id", ForeignKey("vendor.id"), primary_key=True),
    Column("category_id", ForeignKey("category.id"), primary_key=True),
)


class Product(Base):
    """A product of the catalogue: what vendors say they offer and, optionally, what a sale
    was of.  Seeded with the products common at Peruvian agroferias; a name a vendor offers
    that the catalogue lacks is added unreviewed, and an organizer reviews it or merges it
    into another product (``merged_into_id``), so that the old name still finds the new."""

    __tablename__ = "product"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # the name upper case, without accents, single spaces: unique, so that «Papa Huayro» and
    # «papa huayro» are one product even when two writers add them at once
    name_key: Mapped[str] = mapped_column(String(80), unique=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=ProductKind.FRESH.value)
    native: Mapped[bool] = mapped_column(Boolean, default=False)
    scientific_name: Mapped[str | None] = mapped_column(String(120))
    local_names: Mapped[str | None] = mapped_column(String(200))
    # how it is grown or made, when it says something (agroecological, SGP, …)
    practice: Mapped[str | None] = mapped_column(String(200))
    reviewed: Mapped[bool] = mapped_column(Boolean, default=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    category: Mapped[Category] = relationship()

    __table_args__ = (CheckConstraint(_in("kind", ProductKind), name="kind"),)


vendor_product = Table(
    "vendor_product",
    Base.metadata,
    Column("vendor_id", ForeignKey("vendor.id"), primary_key=True),
    Column("product_id", ForeignKey("product.id"), primary_key=True, index=True),
)


class Vendor(Base):
    __tablename__ = "vendor"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    given_names: Mapped[str] = mapped_column(String(80))
    surnames: Mapped[str] = mapped_column(String(80), index=True)
    doc_type: Mapped[str] = mapped_column(String(3))
    doc_number: Mapped[str] = mapped_column(String(12))
    # the old value is loaded before a change, for the statistics' summaries (core.summaries)
    sex: Mapped[str] = mapped_column(String(10), default=Sex.NOT_STATED.value, active_history=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, active_history=True)
    phone: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(60))
    province: Mapped[str | None] = mapped_column(String(60))
    district: Mapped[str | None] = mapped_column(String(60))
    ubigeo: Mapped[str | None] = mapped_column(String(6))
    association: Mapped[str | None] = mapped_column(String(160))
    main_category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    sgp_certified: Mapped[bool] = mapped_column(Boolean, default=False)
    sgp_expires_on: Mapped[dt.date | None] = mapped_column(Date)
    # the person's status and first registration in the organization's registry; each fair
    # the vendor belongs to has its own (``Membership``)
    status: Mapped[str] = mapped_column(String(10), default=VendorStatus.ACTIVE.value)
    registered_on: Mapped[dt.date] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    consent: Mapped[str] = mapped_column(String(12), default=Consent.NOT_RECORDED.value)
    consent_on: Mapped[dt.date | None] = mapped_column(Date)
    consent_how: Mapped[str | None] = mapped_column(String(10))
    # set when the person's data were removed on request (``core.privacy.anonymize``): the
    # row stays, with a neutral name, for the sales and fees it owns
    anonymized_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # names, document, association and code, upper case without accents, for search
    search_key: Mapped[str] = mapped_column(String(400), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    main_category: Mapped[Category] = relationship()
    other_categories: Mapped[list[Category]] = relationship(
        secondary=vendor_category, order_by="Category.name"
    )
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="vendor", cascade="all, delete-orphan", order_by="Membership.fair_id"
    )
    products: Mapped[list[Product]] = relationship(
        secondary=vendor_product, order_by="Product.name"
    )

    __table_args__ = (
        UniqueConstraint("doc_type", "doc_number"),
        CheckConstraint(_in("sex", Sex), name="sex"),
        CheckConstraint(_in("doc_type", DocType), name="doc_type"),
        CheckConstraint(_in("status", VendorStatus), name="status"),
        CheckConstraint(_in("consent", Consent), name="consent"),
        CheckConstraint(
            f"consent_how IS NULL OR {_in('consent_how', ConsentHow)}", name="consent_how"
        ),
    )

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"

    def membership(self, fair_id: int | None) -> Membership | None:
        """The vendor's membership of that fair, if any."""
        return next((m for m in self.memberships if m.fair_id == fair_id), None)


class Membership(Base):
    """A vendor's place in one fair of the network: a producer who sells at two fairs is one
    vendor with two memberships, each with its own stall, status and registration date.  A
    vendor is active at a fair when both the vendor and the membership are active."""

    __tablename__ = "membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"), index=True)
    stall: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default=VendorStatus.ACTIVE.value)
    registered_on: Mapped[dt.date] = mapped_column(Date)

    vendor: Mapped[Vendor] = relationship(back_populates="memberships")
    fair: Mapped[Fair] = relationship()

    __table_args__ = (
        UniqueConstraint("vendor_id", "fair_id"),
        CheckConstraint(_in("status", VendorStatus), name="status"),
    )


class Attendance(Base):
    """A vendor present on a fair day, with or without sales."""

    __tablename__ = "attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_day_id: Mapped[int] = mapped_column(ForeignKey("fair_day.id"))
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)

    __table_args__ = (UniqueConstraint("fair_day_id", "vendor_id"),)


class Sale(Base):
    """One sales entry of a vendor on a fair day; the day's sales are the sum of entries."""

    __tablename__ = "sale"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_day_id: Mapped[int] = mapped_column(ForeignKey("fair_day.id"), active_history=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True, active_history=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(10), default=PaymentMethod.CASH.value)
    # what was sold, when the entry says it
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), index=True)
    entered_by: Mapped[str] = mapped_column(String(60))
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        Index("ix_sale_fair_day_vendor", "fair_day_id", "vendor_id"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(_in("payment_method", PaymentMethod), name="payment_method"),
    )


class SalesSummary(Base):
    """The sales of each fair day added up by what the statistics break them down by: the
    vendor's sex and age group on that day (under the configured youth range), the rubro
    and the payment method.  Derived data, never edited: ``core.summaries`` keeps it
    current in the transaction of every write that changes it and can rebuild it."""

    __tablename__ = "sales_summary"

    fair_day_id: Mapped[int] = mapped_column(
        ForeignKey("fair_day.id", ondelete="CASCADE"), primary_key=True
    )
    sex: Mapped[str] = mapped_column(String(10), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), primary_key=True)
    payment_method: Mapped[str] = mapped_column(String(10), primary_key=True)
    sales: Mapped[int] = mapped_column(Integer)  # how many sales entries
    amount_cents: Mapped[int] = mapped_column(BigInteger)


class PresenceSummary(Base):
    """Each vendor's attendance at a fair in a calendar year: the days present and, of them,
    the days the vendor was young (under the configured youth range).  Derived data, like
    ``SalesSummary``: the statistics of whole years read it instead of every attendance."""

    __tablename__ = "presence_summary"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(
        ForeignKey("fair.id", ondelete="CASCADE"), primary_key=True
    )
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), primary_key=True)
    days: Mapped[int] = mapped_column(Integer)
    young_days: Mapped[int] = mapped_column(Integer)


class Fee(Base):
    """The stall fee of a vendor for a fair day: what was due and what was paid."""

    __tablename__ = "fee"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_day_id: Mapped[int] = mapped_column(ForeignKey("fair_day.id"))
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)
    due_cents: Mapped[int] = mapped_column(Integer, default=0)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("fair_day_id", "vendor_id"),
        CheckConstraint("due_cents >= 0", name="due"),
        CheckConstraint("paid_cents >= 0", name="paid"),
    )


class LaterPayment(Base):
    """A payment of a closed fair day's fee, received on a date of its own (a later Sunday,
    say). The closed day's ``Fee`` row never changes: what is still owed for that day is its
    due, less what was paid on the day, less these payments."""

    __tablename__ = "later_payment"

    id: Mapped[int] = mapped_column(primary_key=True)
    fee_id: Mapped[int] = mapped_column(ForeignKey("fee.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(10), default=PaymentMethod.CASH.value)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    recorded_by: Mapped[str] = mapped_column(String(60))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(_in("payment_method", PaymentMethod), name="payment_method"),
    )


class Receipt(Base):
    """A numbered receipt of one fee payment (*recibo de cuota*): numbers run per fair,
    without gaps, and are never reused nor changed. A receipt printed wrongly is voided
    (``voided_at``, ``voided_by``, ``void_reason``) and stays; voiding leaves the payment
    as it is. ``payment_method`` is None for what was typed as paid on a fair day's sheet,
    which does not say how."""

    __tablename__ = "receipt"

    id: Mapped[int] = mapped_column(primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fair.id"))
    number: Mapped[int] = mapped_column(Integer)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendor.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[str | None] = mapped_column(String(10))
    issued_by: Mapped[str] = mapped_column(String(60))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    voided_by: Mapped[str | None] = mapped_column(String(60))
    void_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("fair_id", "number"),
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("amount_cents > 0", name="amount_positive"),
        CheckConstraint(
            "payment_method IS NULL OR " + _in("payment_method", PaymentMethod),
            name="payment_method",
        ),
    )


class ReceiptLine(Base):
    """What a receipt pays: a fair day's fee, with the céntimos of the payment that went
    to it (added to the fee's *paid*, or the ``LaterPayment`` of a closed day)."""

    __tablename__ = "receipt_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipt.id"), index=True)
    fee_id: Mapped[int] = mapped_column(ForeignKey("fee.id"), index=True)
    later_payment_id: Mapped[int | None] = mapped_column(ForeignKey("later_payment.id"))
    amount_cents: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount_positive"),)


class User(Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(12))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    wait_until: Mapped[dt.datetime | None] = mapped_column(DateTime)  # no try before then
    last_sign_in: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (CheckConstraint(_in("role", Role), name="role"),)


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(60))
    # the account that acted (entries written before accounts, or by no account: none)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[str | None] = mapped_column(Text)  # JSON
    after: Mapped[str | None] = mapped_column(Text)  # JSON
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class Setting(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str | None] = mapped_column(Text)
