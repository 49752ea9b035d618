"""Every role × every service: each public function of ``agroferia.core`` that takes an
``actor`` refuses a viewer (``NotAllowedError``) and leaves the database exactly as it was;
a new service with an ``actor`` and no entry in ``CALLS`` fails here.  Then which roles
may use a few representative services of each right."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

import agroferia.core
from agroferia.core import (
    accounts,
    audit_view,
    backup,
    catalog,
    day_sheet,
    demo,
    demo_network,
    fairs,
    fees,
    importing,
    padron,
    sales,
    settings,
    statements,
    summaries,
    vendors,
)
from agroferia.core.accounts import NotAllowedError
from agroferia.core.fees import receipts
from agroferia.core.models import Category, Fair, FairDay, Fee, Product, Sale, Vendor
from agroferia.core.privacy import person
from agroferia.core.products import catalogue as products
from tests import dbread
from tests.accounts import PASSWORD, add_account

anonymizing = importlib.import_module("agroferia.core.privacy.anonymize")  # the package
# itself names the function ``anonymize``

VIEWER = "mira"
ROLES = {"admin": "admin", "organiza": "organizer", "teso": "treasurer", VIEWER: "viewer"}
TODAY = dt.date(2026, 11, 24)

# Functions with an ``actor`` that are not services a person calls, and why.
NOT_SERVICES = {
    "agroferia.core.audit.record": "writes the entry its caller, a service, has checked",
    "agroferia.core.audit.record_many": "writes the entries its caller, a service, has checked",
    "agroferia.core.audit.account_id": "looks up the account its caller's entries name",
    "agroferia.core.accounts.rights.require": "the check itself",
    "agroferia.core.accounts.rights.rights_of": "says what an account may do",
    "agroferia.core.accounts.rights.account": "finds the account named by an actor",
    "agroferia.core.audit_view.query.require_reader": "the check of the readers",
    "agroferia.core.demo_replace.clear_data": "removes the demo's data for demo.build, which checks",
    "agroferia.core.imports.vendor_join.write": (
        "adds the memberships of a vendor import that importing.apply has checked"
    ),
    "agroferia.core.fees.receipts.issue": "numbers the receipts of a payment its caller checked",
    "agroferia.core.fees.receipts.for_day_sheet": "the receipts of a sheet day_sheet.save checked",
    "agroferia.core.accounts.manage.change_password": (
        "every account changes its own password (tests/core/test_accounts.py)"
    ),
}


def _sheet_save(s, w: dict, a: str) -> Any:
    sheet = day_sheet.load(s, w["day"], today=TODAY)
    vendor = sheet.vendors[0]
    sheet.set_present(vendor.vendor_id, not vendor.present)
    return day_sheet.save(s, a, sheet)


def _vendor_plan(s, w: dict, a: str) -> Any:
    plan = importing.prepare_vendors(s, w["vendors_csv"], today=TODAY)
    assert plan.report.ok, plan.report
    return importing.apply(s, a, plan)


# How ``a`` calls each service (a viewer, below); ``w`` holds ids and files of the demo.
CALLS: dict[str, Callable[[Any, dict, str], Any]] = {
    "agroferia.core.accounts.manage.create_user": lambda s, w, a: accounts.create_user(
        s, a, "nuevo", "Nuevo", "viewer", "una clave larga"),
    "agroferia.core.accounts.manage.update_user": lambda s, w, a: accounts.update_user(
        s, a, w["other_user"], role="admin"),
    "agroferia.core.accounts.manage.reset_password": lambda s, w, a: accounts.reset_password(
        s, a, w["other_user"], "otra clave larga"),
    "agroferia.core.audit_view.export.export_csv": lambda s, w, a: audit_view.export_csv(
        s, a, w["tmp"] / "registro.csv"),
    "agroferia.core.audit_view.query.choices": lambda s, w, a: audit_view.choices(s, a),
    "agroferia.core.audit_view.query.count": lambda s, w, a: audit_view.count(s, a),
    "agroferia.core.audit_view.query.page": lambda s, w, a: audit_view.page(s, a),
    "agroferia.core.backup.restore.check_may_restore": lambda s, w, a: backup.check_may_restore(
        s, a),
    "agroferia.core.backup.restore.check_may_take": lambda s, w, a: backup.check_may_take(s, a),
    "agroferia.core.backup.restore.check_restore_rights": (
        lambda s, w, a: backup.check_restore_rights(w["tmp"] / "roles.db", a, PASSWORD)),
    "agroferia.core.backup.restore.restore": lambda s, w, a: backup.restore(
        w["tmp"] / "copia.agroferia", w["tmp"] / "roles.db", actor=a, session=s),
    "agroferia.core.catalog.add_category": lambda s, w, a: catalog.add_category(
        s, a, "Rubro nuevo"),
    "agroferia.core.products.catalogue.add": lambda s, w, a: products.add(
        s, a, {"name": "Producto nuevo", "category": w["category"]}),
    "agroferia.core.products.catalogue.edit": lambda s, w, a: products.edit(
        s, a, w["product"], {"native": True}),
    "agroferia.core.products.catalogue.merge": lambda s, w, a: products.merge(
        s, a, w["product"], w["other_product"]),
    "agroferia.core.catalog.rename_category": lambda s, w, a: catalog.rename_category(
        s, a, w["category"], "Otro nombre"),
    "agroferia.core.catalog.set_active": lambda s, w, a: catalog.set_active(
        s, a, w["category"], False),
    "agroferia.core.day_sheet.saving.save": _sheet_save,
    "agroferia.core.demo.build": lambda s, w, a: demo.build(
        s, seed=1, until=TODAY, replace=True, actor=a),
    "agroferia.core.demo_network.build": lambda s, w, a: demo_network.build(
        s, seed=1, until=TODAY, replace=True, actor=a),
    "agroferia.core.fairs.add_fair_day": lambda s, w, a: fairs.add_fair_day(
        s, a, w["fair"], date=dt.date(2026, 12, 6)),
    "agroferia.core.fairs.close_fair_day": lambda s, w, a: fairs.close_fair_day(
        s, a, w["day"], today=TODAY),
    "agroferia.core.fairs.create_fair": lambda s, w, a: fairs.create_fair(
        s, a, name="Feria nueva"),
    "agroferia.core.fairs.ensure_fair_day": lambda s, w, a: fairs.ensure_fair_day(
        s, a, w["fair"], dt.date(2026, 12, 13)),
    "agroferia.core.fairs.reopen_fair_day": lambda s, w, a: fairs.reopen_fair_day(
        s, a, w["closed_day"], "un motivo"),
    "agroferia.core.fairs.mark_present": lambda s, w, a: fairs.mark_present(
        s, a, w["day"], w["withdrawn"], today=TODAY),
    "agroferia.core.fairs.set_attendance": lambda s, w, a: fairs.set_attendance(
        s, a, w["day"], w["vendor"], False, today=TODAY),
    "agroferia.core.fairs.set_default_fair": lambda s, w, a: fairs.set_default_fair(
        s, a, w["fair"]),
    "agroferia.core.fairs.set_fair_active": lambda s, w, a: fairs.set_fair_active(
        s, a, w["fair"], False),
    "agroferia.core.fairs.update_fair": lambda s, w, a: fairs.update_fair(
        s, a, w["fair"], name="Otro nombre"),
    "agroferia.core.fairs.update_fair_day": lambda s, w, a: fairs.update_fair_day(
        s, a, w["day"], visitors=999, today=TODAY),
    "agroferia.core.statements.check_may_issue": lambda s, w, a: statements.check_may_issue(
        s, a),
    "agroferia.core.statements.record": lambda s, w, a: statements.record(
        s, a, statements.gather(s, w["vendor"], dt.date(2026, 1, 1), TODAY, issued_on=TODAY)),
    "agroferia.core.statements.verify": lambda s, w, a: statements.verify(s, a, "ABCD-EFGH-JK"),
    "agroferia.core.fees.day.set_day_fee": lambda s, w, a: fees.set_day_fee(
        s, a, w["day"], w["vendor"], "20", "20", today=TODAY),
    "agroferia.core.fees.day.set_due": lambda s, w, a: fees.set_due(
        s, a, w["day"], w["vendor"], "20", today=TODAY),
    "agroferia.core.fees.payments.record_payment": lambda s, w, a: fees.record_payment(
        s, a, w["debtor"], "0.50", fair_day_id=w["debt_day"], today=TODAY),
    "agroferia.core.fees.receipts.void": lambda s, w, a: receipts.void(
        s, a, w["receipt"], "impreso dos veces"),
    "agroferia.core.importing.apply": _vendor_plan,
    "agroferia.core.importing.import_file": lambda s, w, a: importing.import_file(
        s, a, "vendors", w["vendors_csv"], today=TODAY),
    "agroferia.core.importing.import_sales": lambda s, w, a: importing.import_sales(
        s, a, w["sales_csv"], today=TODAY),
    "agroferia.core.importing.import_vendors": lambda s, w, a: importing.import_vendors(
        s, a, w["vendors_csv"], today=TODAY),
    "agroferia.core.padron.check_may_export": lambda s, w, a: padron.check_may_export(s, a),
    "agroferia.core.padron.record_export": lambda s, w, a: padron.record_export(
        s, a, people=3, fair_id=w["fair"], fair="Feria"),
    "agroferia.core.privacy.anonymize.anonymize": lambda s, w, a: anonymizing.anonymize(
        s, a, w["withdrawn"]),
    "agroferia.core.privacy.person.record_export": lambda s, w, a: person.record_export(
        s, a, w["vendor"], "json"),
    "agroferia.core.sales.correct_sale": lambda s, w, a: sales.correct_sale(
        s, a, w["sale"], "error", amount="1", today=TODAY),
    "agroferia.core.sales.record_sale": lambda s, w, a: sales.record_sale(
        s, a, w["day"], w["vendor"], "10", today=TODAY),
    "agroferia.core.sales.remove_sale": lambda s, w, a: sales.remove_sale(s, a, w["sale"]),
    "agroferia.core.summaries.service.rebuild_by": lambda s, w, a: summaries.rebuild_by(
        s, a),
    "agroferia.core.settings.update": lambda s, w, a: settings.update(
        s, a, {"organization_name": "Otra"}),
    "agroferia.core.settings.put": lambda s, w, a: settings.put(s, a, "idle_lock_minutes",
                                                                "100000"),
    "agroferia.core.settings.set_youth_range": lambda s, w, a: settings.set_youth_range(
        s, a, 1, 99),
    "agroferia.core.vendors.register": lambda s, w, a: vendors.register(
        s, a, {"given_names": "Nueva", "surnames": "Persona", "doc_number": "48881234",
                    "main_category": "Artesanía"}, today=TODAY),
    "agroferia.core.vendors.set_status": lambda s, w, a: vendors.set_status(
        s, a, w["vendor"], "suspended"),
    "agroferia.core.vendors.update": lambda s, w, a: vendors.update(
        s, a, w["vendor"], {"phone": "987000111"}, today=TODAY),
}  # fmt: skip


def services_with_actor() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(agroferia.core.__path__, "agroferia.core."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if fn.__module__ != module.__name__:
                continue  # imported: counted where it is defined
            if "actor" in inspect.signature(fn).parameters:
                found.add(f"{fn.__module__}.{fn.__qualname__}")
    return found


def test_every_service_with_an_actor_is_in_the_table():
    found = services_with_actor()
    missing = found - set(CALLS) - set(NOT_SERVICES)
    assert not missing, f"add to CALLS (or NOT_SERVICES, saying why): {sorted(missing)}"
    assert not (set(CALLS) - found), "entries for functions that no longer exist"
    assert not set(CALLS) & set(NOT_SERVICES)


@pytest.fixture(scope="module")
def world_template(pytestconfig, demo_template: Path, tmp_path_factory) -> tuple[Path, dict]:
    """The demo with one account per role, a closed day, a withdrawn vendor and import
    files, built once."""
    from agroferia.core.db import open_database
    from tests.conftest import copy_of

    folder = tmp_path_factory.mktemp("roles")
    path = copy_of(pytestconfig, demo_template, folder, "roles.db")
    db = open_database(path)
    with db.Session.begin() as s:
        for name, role in ROLES.items():
            add_account(s, name, role)
        fair = s.scalar(select(Fair.id))
        days = list(s.scalars(select(FairDay).where(FairDay.date <= TODAY)
                              .order_by(FairDay.date.desc()).limit(2)))  # fmt: skip
        sale = s.scalar(select(Sale).where(Sale.fair_day_id == days[0].id))
        withdrawn = s.scalars(select(Vendor).where(Vendor.id != sale.vendor_id)).first()
        world = {
            "fair": fair, "day": days[0].id, "closed_day": days[1].id, "sale": sale.id,
            "vendor": sale.vendor_id, "withdrawn": withdrawn.id,
            "category": s.scalar(select(Category.id)),
            "other_user": accounts.find(s, "teso").id,
            "product": s.scalar(select(Product.id).order_by(Product.id)),
            "other_product": s.scalar(select(Product.id).order_by(Product.id.desc())),
        }  # fmt: skip
        doc = s.get(Vendor, sale.vendor_id).doc_number
        debt = s.scalars(select(Fee).where(Fee.due_cents > Fee.paid_cents)
                         .join(FairDay).where(FairDay.date <= TODAY)).first()  # fmt: skip
        world["debtor"], world["debt_day"] = debt.vendor_id, debt.fair_day_id
    with db.Session.begin() as s:
        fairs.close_fair_day(s, "teso", world["closed_day"], today=TODAY)
        vendors.set_status(s, "organiza", world["withdrawn"], "withdrawn")
        [paid, *_] = fees.record_payment(s, "teso", world["debtor"], "0.10",
                                         fair_day_id=world["debt_day"], today=TODAY)  # fmt: skip
        world["receipt"] = paid.receipt_id
    db.close()
    (folder / "expositores.csv").write_text(
        "nombres;apellidos;dni;sexo;categoría\nNueva;Persona;48881234;F;Artesanía\n",
        encoding="utf-8",
    )
    (folder / "ventas.csv").write_text(
        f"DNI;Fecha;Monto\n{doc};{TODAY:%d/%m/%Y};12,50\n", encoding="utf-8"
    )
    world["vendors_csv"] = folder / "expositores.csv"
    world["sales_csv"] = folder / "ventas.csv"
    return path, world


@pytest.fixture
def world(world_template, copy_database, tmp_path):
    from agroferia.core.db import open_database

    template, ids = world_template
    path = copy_database(template, "roles.db")
    db = open_database(path)
    yield db, path, {**ids, "tmp": tmp_path}
    db.close()


dump = dbread.dump


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_viewer_is_refused_and_nothing_changes(world, name):
    db, path, w = world
    if name.startswith("agroferia.core.backup.restore") and dbread.on_server(path):
        pytest.skip("a server's database is not restored from the app's backups")
    before = dump(path)
    with db.Session() as s:
        with pytest.raises(NotAllowedError):
            CALLS[name](s, w, VIEWER)
        assert not (s.new or s.dirty or s.deleted)
        s.commit()  # whatever it wrote before refusing would stay
    assert dump(path) == before
    assert [p.name for p in w["tmp"].iterdir() if not p.name.startswith("roles.db")] == []


# ------------------------------------------------------------------------- role matrix
MATRIX = {
    "agroferia.core.sales.record_sale": {"admin", "teso"},
    "agroferia.core.fairs.close_fair_day": {"admin", "teso"},
    "agroferia.core.fees.payments.record_payment": {"admin", "teso"},
    "agroferia.core.fees.receipts.void": {"admin", "teso", "organiza"},
    "agroferia.core.vendors.register": {"admin", "organiza"},
    "agroferia.core.catalog.add_category": {"admin", "organiza"},
    "agroferia.core.products.catalogue.add": {"admin", "organiza"},
    "agroferia.core.products.catalogue.edit": {"admin", "organiza"},
    "agroferia.core.products.catalogue.merge": {"admin", "organiza"},
    "agroferia.core.importing.import_vendors": {"admin", "organiza"},
    "agroferia.core.padron.check_may_export": {"admin", "organiza"},
    "agroferia.core.privacy.person.record_export": {"admin", "organiza"},
    "agroferia.core.statements.check_may_issue": {"admin", "organiza"},
    "agroferia.core.audit_view.query.page": {"admin", "organiza"},
    "agroferia.core.fairs.reopen_fair_day": {"admin"},
    "agroferia.core.settings.update": {"admin"},
    "agroferia.core.backup.restore.check_may_take": {"admin"},
    "agroferia.core.backup.restore.check_may_restore": {"admin"},
    "agroferia.core.accounts.manage.create_user": {"admin"},
}


@pytest.mark.parametrize(("name", "actor"), [(n, a) for n in sorted(MATRIX) for a in sorted(ROLES)])
def test_role_matrix(world, name, actor):
    db, _path, w = world
    may = actor in MATRIX[name]
    with db.Session() as s:
        if may:
            CALLS[name](s, w, actor)
        else:
            with pytest.raises(NotAllowedError):
                CALLS[name](s, w, actor)
        s.rollback()
