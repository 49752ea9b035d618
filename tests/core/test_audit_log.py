"""The Registro de cambios read from the core: who may read it, filters, keyset pages over a
long trail, display names, and the CSV export without any vendor's personal data."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import time

import pytest
from sqlalchemy import func, insert, select

from agroferia.core import audit, audit_view, catalog, fairs, vendors
from agroferia.core.accounts import NotAllowedError
from agroferia.core.audit_view import Filters
from agroferia.core.models import AuditLog
from tests.accounts import add_account

TODAY = dt.date(2025, 6, 15)
PERSON = {
    "given_names": "Eulogia Fortunata",
    "surnames": "Huamanchumo Ccallo",
    "doc_number": "47110815",
    "phone": "987654321",
    "email": "eulogia.h@example.pe",
    "birth_date": "1961-03-14",
    "association": "Asociación Ccallo Unidos",
    "stall": "B-17",
    "fair": "Feria de Prueba",
    "notes": "vive frente a la posta de Chaclacayo",
    "main_category": "Hortalizas y verduras",
}
SECRETS = ["Eulogia", "Huamanchumo", "Ccallo", "47110815", "987654321", "eulogia.h@",
           "1961", "Chaclacayo", "posta", "999888777", "cambia de puesto por su salud"]  # fmt: skip


@pytest.fixture
def trail(db):
    """Accounts of each role, an entry written before accounts (an OS user name), a vendor
    registered, edited and suspended with a reason naming them."""
    with db.Session.begin() as s:
        audit.record(s, "jperez", "create", "category", None, after={"name": "antigua"})
    with db.Session.begin() as s:
        for name, role in (("organiza", "organizer"), ("teso", "treasurer"), ("mira", "viewer")):
            add_account(s, name, role, f"Persona {name}")
    with db.Session.begin() as s:
        fairs.create_fair(s, "admin", name="Feria de Prueba")
    with db.Session.begin() as s:
        vendor = vendors.register(s, "organiza", PERSON, today=TODAY)
        vendor_id = vendor.id
    with db.Session.begin() as s:
        vendors.update(s, "organiza", vendor_id, {"phone": "999888777", "stall": "C-02"},
                       today=TODAY)  # fmt: skip
        vendors.set_status(s, "admin", vendor_id, "suspended",
                           "Huamanchumo cambia de puesto por su salud")  # fmt: skip
    return db, vendor_id


@pytest.mark.parametrize("who", ["mira", "teso", "nadie"])
def test_only_organizers_and_administrators_read_it(trail, who):
    db, _vendor = trail
    with db.Session() as s:
        for read in (
            lambda: audit_view.page(s, who),
            lambda: audit_view.count(s, who),
            lambda: audit_view.choices(s, who),
        ):
            with pytest.raises(NotAllowedError):
                read()


def test_a_refused_export_writes_no_file(trail, tmp_path):
    db, _vendor = trail
    folder = tmp_path / "exports"
    folder.mkdir()
    with db.Session() as s, pytest.raises(NotAllowedError):
        audit_view.export_csv(s, "teso", folder / "registro.csv")
    assert list(folder.iterdir()) == []


def test_newest_first_with_display_names_and_codes(trail):
    db, vendor_id = trail
    with db.Session() as s:
        entries = audit_view.page(s, "organiza")
        assert audit_view.count(s, "admin") == len(entries)
        code = vendors.get(s, vendor_id).code
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    status, update, create = entries[:3]
    assert (status.action, status.who, status.code) == ("status", "Administración", code)
    assert status.summary.startswith("status: active → suspended"), status.summary
    assert status.reason == "Huamanchumo cambia de puesto por su salud"  # shown, not exported
    assert (update.who, update.code) == ("Persona organiza", code)
    assert "fairs" in update.summary and "phone" in update.summary
    assert "C-02" not in update.summary and "B-17" not in update.summary
    assert create.summary.startswith("con datos personales")
    oldest = entries[-1]
    assert (oldest.who, oldest.entity) == ("jperez", "category")  # before accounts
    for entry in entries:
        assert not any(secret in entry.summary for secret in SECRETS), entry.summary
        assert not any(secret in entry.code for secret in SECRETS)


def test_filters_by_person_entity_action_and_local_dates(trail):
    db, _vendor = trail
    with db.Session() as s:
        people, entities, actions = audit_view.choices(s, "admin")
        labels = [p.label for p in people]
        assert labels[:4] == ["Administración", "Persona mira", "Persona organiza",
                              "Persona teso"]  # fmt: skip
        assert labels[4:] == ["jperez"]
        assert {"vendor", "user", "category"} <= set(entities)
        assert {"create", "update", "status"} <= set(actions)
        organizer = next(p for p in people if p.label == "Persona organiza")
        theirs = audit_view.page(s, "admin", Filters(user_id=organizer.user_id))
        assert [e.action for e in theirs] == ["update", "create"]
        old = audit_view.page(s, "admin", Filters(actor="jperez"))
        assert [e.who for e in old] == ["jperez"]
        assert [e.action for e in audit_view.page(s, "admin", Filters(action="status"))] == [
            "status"
        ]
        assert {e.entity for e in audit_view.page(s, "admin", Filters(entity="user"))} == {"user"}
        today = dt.datetime.now().date()
        assert audit_view.count(s, "admin", Filters(start=today, end=today)) == audit_view.count(
            s, "admin"
        )
        assert audit_view.count(s, "admin", Filters(end=today - dt.timedelta(days=1))) == 0
        assert audit_view.count(s, "admin", Filters(start=today + dt.timedelta(days=1))) == 0


def test_an_entry_written_before_the_account_keeps_its_own_name(trail):
    """Only the entry's account says who acted: an entry written (before accounts) by the
    same name an account took later is not that account's person's."""
    db, _vendor = trail
    with db.Session.begin() as s:
        s.add(AuditLog(actor="organiza", user_id=None, action="update", entity="setting"))
    with db.Session() as s:
        assert audit_view.page(s, "admin", limit=1)[0].who == "organiza"


def test_pages_follow_each_other_without_gaps_on_a_long_trail(db):
    """100,000 entries: a page and the count stay fast, and paging by the last entry shown
    neither repeats nor skips one."""
    start = dt.datetime(2024, 1, 1)
    rows = [
        {"at": start + dt.timedelta(seconds=i // 3), "actor": "system", "action": "update",
         "entity": "sale", "entity_id": i, "after": '{"amount_cents": 100}'}
        for i in range(100_000)
    ]  # fmt: skip
    with db.Session.begin() as s:
        s.execute(insert(AuditLog), rows)
    with db.Session() as s:
        began = time.perf_counter()
        first = audit_view.page(s, "system")  # an unprotected database: anyone
        total = audit_view.count(s, "system")
        second = audit_view.page(s, "system", after=first[-1].position)
        elapsed = time.perf_counter() - began
        deep = audit_view.page(s, "system", after=(start + dt.timedelta(seconds=10), 31))
    assert total == 100_000
    assert len(first) == len(second) == audit_view.PAGE_SIZE
    ids = [e.id for e in first + second]
    assert ids == list(range(ids[0], ids[0] - 2 * audit_view.PAGE_SIZE, -1))
    assert [e.entity_id for e in deep] == list(range(29, -1, -1))
    assert elapsed < 2.0, elapsed


def test_export_has_no_personal_data_no_formulas_and_is_private(trail, tmp_path):
    db, vendor_id = trail
    with db.Session.begin() as s:
        catalog.add_category(s, "admin", '=HYPERLINK("http://x","ver")')
        # a reason typed on another record that names the person
        fair = fairs.create_fair(s, "admin", name="Feria del registro")
        day = fairs.add_fair_day(s, "admin", fair.id, date=dt.date(2026, 3, 1))
        fairs.close_fair_day(s, "admin", day.id, today=dt.date(2026, 3, 2))
        fairs.reopen_fair_day(s, "admin", day.id, reason="Eulogia Huamanchumo (47110815) no "
                              "estaba en la hoja")  # fmt: skip
    target = tmp_path / "registro.csv"
    with db.Session.begin() as s:
        written = audit_view.export_csv(s, "organiza", target, Filters())
        code = vendors.get(s, vendor_id).code
        total = audit_view.count(s, "admin")
    text = target.read_text(encoding="utf-8-sig")
    for secret in SECRETS:
        assert secret not in text, secret
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][:5] == ["Fecha y hora", "Persona", "Acción", "Entidad", "Código"]
    assert len(rows) == written + 1 and written == total - 1  # all but the export's own
    vendor_rows = [r for r in rows if r[4] == code]
    assert [r[2] for r in vendor_rows] == ["cambio de estado", "cambio", "alta"]
    assert set(json.loads(vendor_rows[1][8])) == {"updated_at"}  # personal fields changed…
    assert "phone" in vendor_rows[1][5] and "fairs" in vendor_rows[1][5]  # …named only
    assert "C-02" not in text and "B-17" not in text  # the stalls too
    created = json.loads(vendor_rows[2][8])
    assert created["code"] == code and "given_names" not in created and "notes" not in created
    assert vendor_rows[0][6] == "(texto libre, no se exporta)"  # the reason typed about them
    reopened = next(r for r in rows if r[2] == "reapertura")
    assert reopened[6] == "(texto libre, no se exporta)"  # nor any other reason
    category = next(r for r in rows if r[3] == "rubro" and r[2] == "alta")
    assert category[4] == '\'=HYPERLINK("http://x","ver")'
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_is_audited_without_personal_data(trail, tmp_path):
    db, _vendor = trail
    with db.Session.begin() as s:
        organizer = audit_view.choices(s, "admin")[0][2]
        written = audit_view.export_csv(
            s, "admin", tmp_path / "r.csv", Filters(user_id=organizer.user_id, entity="vendor")
        )
    assert written == 2
    with db.Session() as s:
        entry = s.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
        assert (entry.actor, entry.action, entry.entity) == ("admin", "export", "audit_log")
        after = json.loads(entry.after)
        assert after["entries"] == 2
        assert after["filters"] == {"user_id": organizer.user_id, "actor": None, "from": None,
                                    "to": None, "entity": "vendor", "action": None}  # fmt: skip
        assert entry.user_id is not None
        everything = " ".join(str(v) for v in s.execute(select(AuditLog.after)).scalars())
        assert s.scalar(select(func.count()).select_from(AuditLog)) > 0
    assert "Eulogia" in everything  # the vendor's own entries keep their data…
    assert not any(secret in entry.after for secret in SECRETS)  # …the export's never
