"""Removing a person on request: only a withdrawn vendor, nothing left that says who they were
(the database file scanned byte by byte), and every figure of every period exactly as it
was (``stats --json``, the Excel summary, the municipal PDF)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from agroferia import cli
from agroferia.core import audit, breakdowns, fairs, privacy, sales, settings, vendors
from agroferia.core.age import age_on, is_young
from agroferia.core.db import open_database
from agroferia.core.errors import OperationError
from agroferia.core.models import AuditLog, FairDay, Sale, Vendor
from agroferia.core.privacy import birth
from agroferia.core.ubigeo import fold
from agroferia.reports.excel import write_workbook
from agroferia.reports.pdf import write_pdf
from tests.accounts import add_account
from tests.conftest import copy_of

NOW = dt.datetime(2026, 11, 25, 9, 30)
YEAR = (dt.date(2025, 11, 24), dt.date(2026, 11, 24))  # the whole demo
NEW_PHONE, EMAIL = "955123478", "rosa.llave@correo.pe"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def stats_json(db, start: dt.date, end: dt.date) -> str:
    code, out, err = run(["--db", db.location, "stats", "--from", start.isoformat(),
                          "--to", end.isoformat(), "--json"])  # fmt: skip
    assert code == 0, err
    return out


@dataclass
class Person:
    id: int
    code: str
    given_names: str
    surnames: str
    doc_number: str
    phone: str
    born: dt.date
    days: list[dt.date]
    kept: birth.KeptBirthDate

    @property
    def identity(self) -> list[str]:
        """Every way the database could hold who they were."""
        full = f"{self.given_names} {self.surnames}"
        return [full, f"{self.surnames}, {self.given_names}", self.surnames, fold(full),
                fold(self.surnames), self.doc_number, self.phone, NEW_PHONE, EMAIL,
                self.born.isoformat(), self.born.strftime("%d/%m/%Y")]  # fmt: skip


def choose(session) -> Person:
    """A demo vendor with a birth date, present on many days before and after a birthday,
    whose surnames and birth date nobody else has (so that finding them anywhere means
    finding this person), and whose kept birth date is not their real one."""
    everyone = list(session.scalars(select(Vendor).order_by(Vendor.id)))
    surnames = Counter(v.surnames for v in everyone)
    born = Counter(v.birth_date for v in everyone)
    for v in everyone:
        if v.birth_date is None or surnames[v.surnames] > 1 or born[v.birth_date] > 1:
            continue
        days = sorted(birth.record_days(session, v.id))
        kept = birth.keep(v.birth_date, days)
        if len(days) >= 20 and kept.precision == birth.DAY and kept.value != v.birth_date:
            return Person(v.id, v.code, v.given_names, v.surnames, v.doc_number, v.phone,
                          v.birth_date, days, kept)  # fmt: skip
    raise AssertionError("no demo vendor fits")


def outputs(db, tmp: Path, label: str, person: Person) -> dict:
    """Everything published for the whole demo and for single days of the person."""
    single = [person.days[0], person.days[len(person.days) // 2], person.days[-1]]
    found = {
        "stats": {(YEAR[0], YEAR[1]): stats_json(db, *YEAR)},
        "files": {},
    }
    found["stats"][(dt.date(2026, 1, 1), dt.date(2026, 12, 31))] = stats_json(
        db, dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    )
    for day in person.days:
        found["stats"][(day, day)] = stats_json(db, day, day)
    with db.Session() as s:
        for start, end in [YEAR, *((d, d) for d in single)]:
            pdf = tmp / f"{label}-{start}-{end}.pdf"
            write_pdf(s, start, end, pdf, now=NOW)
            xlsx = tmp / f"{label}-{start}-{end}.xlsx"
            write_workbook(s, start, end, xlsx, now=NOW)
            found["files"][(start, end)] = (pdf.read_bytes(), xlsx)
        found["figures"] = {
            period: next(r for r in breakdowns.by_vendor(s, *period) if r.id == person.id)
            for period in [YEAR, *((d, d) for d in single)]
        }
    return found


def sheets(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book}
    finally:
        book.close()


def mentions(row: tuple, person: Person) -> bool:
    words = [person.code, privacy.ANONYMOUS, *person.identity]
    return any(isinstance(c, str) and any(w in c for w in words) for c in row)


@pytest.fixture(scope="module")
def anonymized(pytestconfig, demo_template, tmp_path_factory):
    """A demo vendor whose data went around (corrected phone and e-mail, notes, reasons, an
    export), withdrawn, then anonymized; what was published before and after.  Built once
    for the module (the tests only read it)."""
    tmp_path = tmp_path_factory.mktemp("anonymized")
    demo_db = open_database(copy_of(pytestconfig, demo_template, tmp_path, "demo.db"))
    yield _anonymized(demo_db, tmp_path)
    demo_db.close()


def _anonymized(demo_db, tmp_path: Path):
    with demo_db.Session.begin() as s:
        person = choose(s)
        full = f"{person.given_names} {person.surnames}"
        # the youth range ends at their age on their first day: their birthday makes them no
        # longer young, so a birth date kept less precisely than needed changes the figures
        settings.set_youth_range(s, "system", 15, age_on(person.born, person.days[0]))
        vendors.update(s, "ana", person.id, {"phone": NEW_PHONE, "email": EMAIL})
        neighbour = s.scalar(select(Vendor.id).where(Vendor.id != person.id).limit(1))
        vendors.update(s, "ana", neighbour, {"notes": f"Vecina de {full}, DNI {person.doc_number}"})
        day = s.scalar(select(FairDay).where(FairDay.date == person.days[0]))
        fairs.update_fair_day(s, "ana", day.id, notes=f"{full} trajo papas nativas")
        sale = s.scalar(select(Sale).where(Sale.vendor_id == person.id).limit(1))
        sales.correct_sale(s, "ana", sale.id, f"llamó desde el {NEW_PHONE}",
                           payment_method="plin")  # fmt: skip
        privacy.record_export(s, "ana", person.id, "pdf")
        vendors.set_status(s, "ana", person.id, "withdrawn", f"{full} se mudó a Juliaca")
        neighbour_notes_before = s.get(Vendor, neighbour).notes
    before = outputs(demo_db, tmp_path, "antes", person)
    with demo_db.Session.begin() as s:
        done = privacy.anonymize(s, "beto", person.id)
    privacy.compact(demo_db.engine)
    after = outputs(demo_db, tmp_path, "despues", person)
    return demo_db, person, done, before, after, (neighbour, neighbour_notes_before)


def test_stats_json_of_every_period_is_byte_identical(anonymized) -> None:
    _db, person, _done, before, after, _ = anonymized
    assert len(before["stats"]) == len(person.days) + 2
    for period, text in before["stats"].items():
        assert after["stats"][period] == text, period
    first, last = person.days[0], person.days[-1]
    assert before["figures"][(first, first)].young is True  # their birthday counts:
    assert before["figures"][(last, last)].young is False  # young, then no longer


def test_a_birth_date_kept_less_precisely_would_change_the_figures(anonymized) -> None:
    """The check above can fail: keeping only the year (1 July) or the month (the 1st)
    would count them young on a day they were not, or the other way round."""
    _db, person, _done, _before, _after, _ = anonymized
    youth = (15, age_on(person.born, person.days[0]))
    for coarse in (dt.date(person.born.year, 7, 1), person.born.replace(day=1)):
        assert any(is_young(coarse, d, youth) != is_young(person.born, d, youth)
                   for d in person.days)  # fmt: skip
    assert all(is_young(person.kept.value, d, youth) == is_young(person.born, d, youth)
               for d in person.days)  # fmt: skip


def test_the_municipal_pdf_is_byte_identical(anonymized) -> None:
    _db, _person, _done, before, after, _ = anonymized
    for period, (pdf, _xlsx) in before["files"].items():
        assert after["files"][period][0] == pdf, period


def test_the_excel_summary_keeps_every_figure(anonymized) -> None:
    """Every sheet without the person is identical cell by cell; in a sheet of people, every
    other row is, and the person still has as many rows (their figures: below)."""
    _db, person, _done, before, after, _ = anonymized
    compared = 0
    for period, (_pdf, xlsx) in before["files"].items():
        old, new = sheets(xlsx), sheets(after["files"][period][1])
        assert list(old) == list(new)
        for title, rows in old.items():
            mine = [r for r in rows if mentions(r, person)]
            if not mine:
                assert new[title] == rows, (period, title)
                compared += 1
                continue
            others = Counter(r for r in rows if not mentions(r, person))
            assert Counter(r for r in new[title] if not mentions(r, person)) == others
            assert len([r for r in new[title] if mentions(r, person)]) == len(mine)
            assert not any(w in str(c) for r in new[title] for c in r
                           for w in person.identity)  # fmt: skip
    assert compared >= 4 * len(before["files"])  # summary, days, rubros, participation …


def test_the_person_s_own_figures_stay_as_they_were(anonymized) -> None:
    _db, _person, _done, before, after, _ = anonymized
    for period, old in before["figures"].items():
        new = after["figures"][period]
        for name in ("days_present", "sales", "fees_due", "fees_paid", "fees_paid_later",
                     "sex", "region", "main_category", "young", "registered_on", "status",
                     "fair", "code"):  # fmt: skip
            assert getattr(new, name) == getattr(old, name), (period, name)


def test_the_record_keeps_only_what_the_figures_need(anonymized) -> None:
    db, person, done, _before, _after, _ = anonymized
    assert done.birth_date == person.kept and done.code == person.code
    with db.Session() as s:
        v = s.get(Vendor, person.id)
        assert v.full_name == f"Persona anonimizada {person.code}"
        assert v.anonymized_at is not None and v.status == "withdrawn"
        assert v.birth_date == person.kept.value != person.born
        assert (v.phone, v.email, v.province, v.district, v.ubigeo, v.association,
                v.notes, v.sgp_expires_on, v.other_categories) == (None,) * 8 + ([],)  # fmt: skip
        # still a member of its fairs, for their figures, but without a stall
        assert v.memberships and all(m.stall is None for m in v.memberships)
        assert v.doc_number == person.code  # a stand-in no document can equal
        assert vendors.by_document_number(s, person.doc_number) is None
        assert [r.id for r in vendors.search(s, person.code)] == [person.id]


def test_the_audit_trail_keeps_that_it_happened_not_who(anonymized) -> None:
    db, person, _done, _before, _after, (neighbour, notes_before) = anonymized
    with db.Session() as s:
        own = audit.history(s, "vendor", person.id)
        last = own[-1]
        assert (last.actor, last.action, last.entity_id) == ("beto", "anonymize", person.id)
        assert json.loads(last.after) == {"birth_date_kept": person.kept.precision}
        assert last.before is None and last.reason is None
        created = json.loads(own[0].after)
        assert created["given_names"] == created["doc_number"] == privacy.REMOVED
        assert created["sex"] != privacy.REMOVED and created["code"] == person.code
        status = next(e for e in own if e.action == "status")
        assert status.reason == privacy.REMOVED
        assert [e.action for e in own].count("export") == 1  # kept: who exported, when
        everything = " ".join(
            f"{e.before} {e.after} {e.reason}" for e in s.scalars(select(AuditLog))
        )
        for word in person.identity:
            assert word not in everything, word
        # the rest of what others wrote is left as it was
        assert s.get(Vendor, neighbour).notes == notes_before.replace(
            f"{person.given_names} {person.surnames}", privacy.REMOVED
        ).replace(person.doc_number, privacy.REMOVED)
        day = s.scalar(select(FairDay).where(FairDay.date == person.days[0]))
        assert day.notes == f"{privacy.REMOVED} trajo papas nativas"


@pytest.mark.sqlite_only  # the bytes of an SQLite file
def test_nothing_of_the_person_is_left_in_the_database_file(anonymized) -> None:
    db, person, _done, _before, _after, _ = anonymized
    path = Path(db.location)
    db.engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as conn:  # as a curious reader would
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = [p for p in (path, Path(f"{path}-wal")) if p.exists()]
    data = b"".join(p.read_bytes() for p in files)
    assert len(data) > 100_000  # the whole demo is there
    assert person.code.encode() in data  # and so is their record, under its code
    for word in person.identity:
        assert word.encode("utf-8") not in data, word
        assert word.lower().encode("utf-8") not in data.lower(), word


@pytest.mark.sqlite_only  # the bytes of an SQLite file
def test_the_compaction_alone_leaves_no_trace(demo_db) -> None:
    """What the app itself does after anonymizing (no extra VACUUM): the file is clean."""
    with demo_db.Session.begin() as s:
        person = choose(s)
        vendors.set_status(s, "ana", person.id, "withdrawn")
    with demo_db.Session.begin() as s:
        privacy.anonymize(s, "ana", person.id)
    privacy.compact(demo_db.engine)
    path = Path(demo_db.location)
    data = path.read_bytes() + (Path(f"{path}-wal").read_bytes()
                                if Path(f"{path}-wal").exists() else b"")  # fmt: skip
    for word in (person.doc_number, person.phone, person.surnames, person.born.isoformat()):
        assert word.encode("utf-8") not in data, word


@pytest.mark.sqlite_only  # the bytes of an SQLite file
def test_the_compaction_says_when_a_reader_keeps_the_old_pages(demo_db) -> None:
    """A connection that is reading keeps the old pages in the file: the compaction tries a
    few times, then says so; run again once the reader is done, it leaves nothing."""
    with demo_db.Session.begin() as s:
        person = choose(s)
        vendors.set_status(s, "ana", person.id, "withdrawn")
    with demo_db.Session.begin() as s:
        privacy.anonymize(s, "ana", person.id)
    path = Path(demo_db.location)
    files = (path, Path(f"{path}-wal"))
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM vendor").fetchone()
        with pytest.raises(privacy.StillOpenError) as info:
            privacy.compact(demo_db.engine, attempts=2, wait_ms=50)
        assert str(info.value) == (
            "El archivo de la base de datos aún guarda copias antiguas de lo que se borró: otro "
            "programa lo tiene abierto (otra ventana de Agroferia, una copia de seguridad…)."
        )
        data = b"".join(p.read_bytes() for p in files if p.exists())
        assert person.doc_number.encode() in data  # what it warns about
    finally:
        reader.execute("COMMIT")
        reader.close()
    privacy.compact(demo_db.engine, attempts=2, wait_ms=50)
    data = b"".join(p.read_bytes() for p in files if p.exists())
    assert person.doc_number.encode() not in data and person.surnames.encode() not in data


@pytest.mark.parametrize("status", ["active", "suspended"])
def test_only_a_withdrawn_vendor_is_anonymized(demo_db, status) -> None:
    with demo_db.Session.begin() as s:
        vendor = s.get(Vendor, 3)
        if status != "active":
            vendors.set_status(s, "ana", vendor.id, status)
        entries = s.scalar(select(func.count()).select_from(AuditLog))
    with demo_db.Session.begin() as s, pytest.raises(OperationError) as info:
        privacy.anonymize(s, "ana", vendor.id)
    assert str(info.value) == (
        f"Solo se anonimiza a un expositor retirado: retire primero a {vendor.full_name} "
        f"({vendor.code}) en Expositores (Retirar…) y luego anonimice sus datos."
    )
    with demo_db.Session() as s:
        again = s.get(Vendor, vendor.id)
        assert again.anonymized_at is None and again.doc_number == vendor.doc_number
        assert s.scalar(select(func.count()).select_from(AuditLog)) == entries


def test_an_anonymized_record_no_longer_changes(demo_db) -> None:
    with demo_db.Session.begin() as s:
        vendors.set_status(s, "ana", 5, "withdrawn")
        privacy.anonymize(s, "ana", 5)
    message = ("Los datos de EXP-0005 fueron anonimizados a su pedido: el registro ya no se "
               "modifica.")  # fmt: skip
    with demo_db.Session.begin() as s:
        with pytest.raises(OperationError) as info:
            vendors.set_status(s, "ana", 5, "active")
        assert str(info.value) == message
        with pytest.raises(OperationError):
            vendors.update(s, "ana", 5, {"given_names": "Rosa"})
        with pytest.raises(OperationError) as info:
            privacy.anonymize(s, "ana", 5)
        assert str(info.value) == "Los datos de EXP-0005 ya fueron anonimizados."


@pytest.mark.parametrize("role", ["viewer", "treasurer"])
def test_an_account_that_may_not_remove_personal_data_is_refused(demo_db, role) -> None:
    """As for the padrón: only an administrator's or organizer's account anonymizes."""
    with demo_db.Session.begin() as s:
        vendors.set_status(s, "ana", 5, "withdrawn")  # before any account: unprotected
        add_account(s, "mirona", role, "Mirona Vista")
        doc = s.get(Vendor, 5).doc_number
        entries = s.scalar(select(func.count()).select_from(AuditLog))
    with pytest.raises(OperationError) as info, demo_db.Session.begin() as s:
        privacy.anonymize(s, "Mirona", 5)
    assert str(info.value) == ("Anonimizar borra datos personales: solo una cuenta de "
                               "administrador o de organizador puede hacerlo.")  # fmt: skip
    with demo_db.Session() as s:
        kept = s.get(Vendor, 5)
        assert (kept.anonymized_at, kept.doc_number) == (None, doc)
        assert s.scalar(select(func.count()).select_from(AuditLog)) == entries
    with demo_db.Session.begin() as s:
        add_account(s, "lucia", "organizer", "Lucía Organiza")
    with demo_db.Session.begin() as s:
        assert privacy.anonymize(s, "lucia", 5).code == "EXP-0005"


def test_an_imported_vendor_loses_the_file_row_that_named_them(db, tmp_path) -> None:
    from agroferia.core import importing

    path = tmp_path / "padron_2026.csv"
    path.write_text("Nombres,Apellidos,DNI,Rubro,Consentimiento\n"
                    "Rufina,Ccahuana Llave,45678912,Artesanía,Firmado\n", encoding="utf-8")  # fmt: skip
    with db.Session.begin() as s:
        fairs.create_fair(s, "ana", name="Feria de Prueba")
        assert importing.import_vendors(s, "system", path).ok
        vendor_id = s.scalar(select(Vendor.id))
        vendors.set_status(s, "ana", vendor_id, "withdrawn")
        done = privacy.anonymize(s, "ana", vendor_id)
        assert done.birth_date == birth.KeptBirthDate(None, birth.NONE)  # no records
        entry = audit.history(s, "vendor", vendor_id)[0]
        assert entry.action == "import" and entry.reason == privacy.REMOVED
        assert "Ccahuana" not in entry.after and "45678912" not in entry.after


def test_a_namesake_keeps_their_name(db) -> None:
    """Two people of the same name: removing one leaves the other's name wherever it is
    (it may be theirs); the document, which is only the first one's, still goes."""
    with db.Session.begin() as s:
        fairs.create_fair(s, "ana", name="Feria de Prueba")
        data = {"given_names": "Rosa", "surnames": "Quispe Mamani",
                "main_category": "Artesanía"}  # fmt: skip
        first = vendors.register(s, "ana", {**data, "doc_number": "45678912"}).id
        other = vendors.register(s, "ana", {**data, "doc_number": "45678913",
                                            "notes": "no es la del DNI 45678912"}).id  # fmt: skip
        vendors.set_status(s, "ana", first, "withdrawn")
        privacy.anonymize(s, "ana", first)
        kept = s.get(Vendor, other)
        assert (kept.full_name, kept.notes) == ("Rosa Quispe Mamani",
                                                f"no es la del DNI {privacy.REMOVED}")  # fmt: skip
        created = json.loads(audit.history(s, "vendor", other)[0].after)
        assert created["search_key"] == "ROSA QUISPE MAMANI 45678913 EXP-0002"
        assert created["given_names"] == "Rosa"


def test_the_name_is_found_in_any_case_or_accents_as_whole_words_only(db) -> None:
    """Removing Rosa Mamani Cárdenas: a note that writes her ROSA MAMANI CARDENAS or
    «mamani cárdenas, rosa» loses those words; Rosa Mamani Cárdenas Quispe, another vendor
    whose longer name holds hers, keeps hers everywhere (notes, her own audit entries and
    search key), and so does Rosalía Mamani Cárdenas, whose name only starts alike."""
    with db.Session.begin() as s:
        fair = fairs.create_fair(s, "ana", name="Feria de Prueba")
        day = fairs.add_fair_day(s, "ana", fair.id, date=dt.date(2026, 3, 1))
        data = {"main_category": "Artesanía"}
        gone = vendors.register(s, "ana", {**data, "given_names": "Rosa",
                                           "surnames": "Mamani Cárdenas",
                                           "doc_number": "45678912"}).id  # fmt: skip
        longer = vendors.register(s, "ana", {**data, "given_names": "Rosa",
                                             "surnames": "Mamani Cárdenas Quispe",
                                             "doc_number": "45678913"}).id  # fmt: skip
        alike = vendors.register(s, "ana", {**data, "given_names": "Rosalía",
                                            "surnames": "Mamani Cárdenas",
                                            "doc_number": "45678914"}).id  # fmt: skip
        notes = ("ROSA MAMANI CARDENAS no pagó; mamani cárdenas, rosa avisó; "
                 "Rosa Mamani Cárdenas Quispe y Rosalía Mamani Cárdenas sí")  # fmt: skip
        fairs.update_fair_day(s, "ana", day.id, notes=notes)
        vendors.update(s, "ana", alike, {"notes": "Hermana de rosa mamani cardenas"})
        vendors.set_status(s, "ana", gone, "withdrawn", reason="Rosa Mamani Cárdenas se mudó")
        before = {v: [(e.before, e.after, e.reason) for e in audit.history(s, "vendor", v)]
                  for v in (longer,)}  # fmt: skip
        privacy.anonymize(s, "ana", gone)
        assert s.get(FairDay, day.id).notes == (
            f"{privacy.REMOVED} no pagó; {privacy.REMOVED} avisó; "
            "Rosa Mamani Cárdenas Quispe y Rosalía Mamani Cárdenas sí"
        )
        assert s.get(Vendor, alike).notes == f"Hermana de {privacy.REMOVED}"
        assert s.get(Vendor, longer).full_name == "Rosa Mamani Cárdenas Quispe"
        assert s.get(Vendor, longer).search_key == "ROSA MAMANI CARDENAS QUISPE 45678913 EXP-0002"
        assert [(e.before, e.after, e.reason) for e in audit.history(s, "vendor", longer)] == (
            before[longer]
        )
        everything = " ".join(
            f"{e.before} {e.after} {e.reason}" for e in s.scalars(select(AuditLog))
        )
        assert fold("Rosa Mamani Cárdenas") + " 45678912" not in fold(everything)
        assert "Rosalía" in everything and "ROSALIA MAMANI CARDENAS 45678914" in everything
