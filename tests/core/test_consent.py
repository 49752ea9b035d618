"""Consent to keeping a person's data: the vendor record, its checks, the import column and
the registry's filter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from agroferia.core import audit, fairs, importing, roster, vendors
from agroferia.core.errors import ValidationError
from agroferia.core.models import Vendor
from agroferia.core.privacy import consent

TODAY = dt.date(2026, 11, 24)


def data(**overrides) -> dict:
    return {"given_names": "Rosa", "surnames": "Quispe Mamani", "doc_number": "40123456",
            "main_category": "Hortalizas y verduras", **overrides}  # fmt: skip


def messages(error: ValidationError) -> dict[str, str]:
    return {e.field: e.message.render() for e in error.errors}


def test_a_new_vendor_has_consent_not_recorded(session) -> None:
    vendor = vendors.register(session, "ana", data(), today=TODAY)
    assert (vendor.consent, vendor.consent_how, vendor.consent_on) == ("not_recorded", None, None)


def test_consent_given_with_how_and_when_round_trips(session) -> None:
    vendor = vendors.register(
        session, "ana",
        data(consent="given", consent_how="signed", consent_on="02/03/2025"), today=TODAY,
    )  # fmt: skip
    assert (vendor.consent, vendor.consent_how, vendor.consent_on) == (
        "given", "signed", dt.date(2025, 3, 2)
    )  # fmt: skip
    values = vendors.form_values(vendor)
    assert (values["consent"], values["consent_how"]) == ("given", "signed")
    vendors.update(session, "ana", vendor.id, {"consent": "refused", "consent_how": "verbal"},
                   today=TODAY)  # fmt: skip
    entry = audit.history(session, "vendor", vendor.id)[-1]
    assert '"consent": "refused"' in entry.after and '"consent": "given"' in entry.before


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"consent": "given"}, "consent_how",
         "indique cómo se registró: formulario firmado o verbal"),
        ({"consent_how": "signed"}, "consent_how",
         "solo se indica si se registró el consentimiento"),
        ({"consent_on": "01/01/2025"}, "consent_on",
         "solo se indica si se registró el consentimiento"),
        ({"consent": "given", "consent_how": "signed", "consent_on": "01/01/2027"},
         "consent_on", "no puede estar en el futuro"),
        ({"consent": "maybe"}, "consent",
         "debe ser dio su consentimiento, no lo dio o sin registrar"),
    ],
)  # fmt: skip
def test_consent_is_checked_and_nothing_is_written(session, given, field, message) -> None:
    with pytest.raises(ValidationError) as info:
        vendors.register(session, "ana", data(**given), today=TODAY)
    assert messages(info.value)[field] == message
    assert session.scalar(select(func.count()).select_from(Vendor)) == 0


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("Sí", ("given", "imported")), ("si", ("given", "imported")), ("YES", ("given", "imported")),
        ("Firmado", ("given", "signed")), ("sí, firmado", ("given", "signed")),
        ("Verbal", ("given", "verbal")), ("No", ("refused", "imported")),
        (True, ("given", "imported")), (False, ("refused", "imported")),
        ("", ("not_recorded", None)), (None, ("not_recorded", None)),
        ("Sin registrar", ("not_recorded", None)),
        # pasted with invisible characters: read as what shows
        ("\u200bSí\u202e", ("given", "imported")), ("\ufeffFirmado\u00ad", ("given", "signed")),
        ("No\u200d\t", ("refused", "imported")), ("Sí, \u200bverbal", ("given", "verbal")),
    ],
)  # fmt: skip
def test_the_import_cell_is_read_as_written(cell, read) -> None:
    assert consent.read_cell(cell) == read


@pytest.mark.parametrize("cell", ["X", "1", "ok", "quizás", "s/n"])
def test_an_import_cell_that_could_mean_either_is_refused(cell) -> None:
    with pytest.raises(consent.v.Invalid) as info:
        consent.read_cell(cell)
    assert "escriba Sí, No, Firmado o Verbal" in info.value.message.render()


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


HEADER = ["Nombres", "Apellidos", "DNI", "Rubro", "Consentimiento", "Fecha del consentimiento"]


@pytest.fixture
def fair(session):
    found = fairs.create_fair(session, "ana", name="Agroferia de Magdalena")
    session.commit()
    return found


def test_import_reads_consent_and_says_how_many_gave_it(session, tmp_path, fair) -> None:
    path = write_xlsx(tmp_path / "padron.xlsx", [
        HEADER,
        ["Rosa", "Quispe Mamani", "40123456", "Artesanía", "Firmado", dt.datetime(2025, 3, 2)],
        ["Juan", "Pérez Soto", "40123457", "Artesanía", "Sí", None],
        ["Ana", "Luna Ríos", "40123458", "Artesanía", None, None],
        ["Eva", "Cruz Paz", "40123459", "Artesanía", "No", None],
        ["Luis", "Mena Paz", "40123460", "Artesanía", True, None],
    ])  # fmt: skip
    report = importing.import_vendors(session, "system", path, today=TODAY)
    assert report.ok, report.lines()
    assert "Consentimiento: 3 de 5 expositores lo dieron, 1 no, 1 sin registrar." in report.lines()
    stored = {
        v.doc_number: (v.consent, v.consent_how, v.consent_on)
        for v in session.scalars(select(Vendor))
    }
    assert stored == {
        "40123456": ("given", "signed", dt.date(2025, 3, 2)),
        "40123457": ("given", "imported", None),
        "40123458": ("not_recorded", None, None),
        "40123459": ("refused", "imported", None),
        "40123460": ("given", "imported", None),
    }
    shown = roster.RosterFilter(consent=roster.CONSENT_MISSING).apply(roster.roster(session))
    assert sorted(r.doc_number for r in shown) == ["40123458", "40123459"]
    assert all(r.without_consent for r in shown)
    given = roster.RosterFilter(consent=roster.CONSENT_GIVEN).apply(roster.roster(session))
    assert sorted(r.doc_number for r in given) == ["40123456", "40123457", "40123460"]
    assert roster.counts(roster.roster(session)).without_consent == 2


def test_a_file_without_the_column_says_nobody_consented(session, tmp_path, fair) -> None:
    path = write_xlsx(tmp_path / "padron.xlsx", [HEADER[:4], ["Rosa", "Quispe", "40123456",
                                                               "Artesanía"]])  # fmt: skip
    report = importing.import_vendors(session, "system", path, today=TODAY)
    assert report.ok
    assert ("Consentimiento: el archivo no lo dice; 1 expositor queda sin consentimiento "
            "registrado.") in report.lines()  # fmt: skip
    assert session.scalars(select(Vendor.consent)).one() == "not_recorded"


def test_an_unreadable_consent_is_an_error_of_its_row_and_nothing_is_written(
    session, tmp_path, fair
) -> None:
    path = write_xlsx(tmp_path / "padron.xlsx", [
        HEADER,
        ["Rosa", "Quispe Mamani", "40123456", "Artesanía", "Firmado", None],
        ["Juan", "Pérez Soto", "40123457", "Artesanía", "X", None],
        ["Ana", "Luna Ríos", "40123458", "Artesanía", None, dt.datetime(2025, 1, 1)],
    ])  # fmt: skip
    report = importing.import_vendors(session, "system", path, today=TODAY)
    assert [str(p) for p in report.errors] == [
        "fila 3, columna Consentimiento: no se entiende «X»: escriba Sí, No, Firmado o Verbal "
        "(o deje la celda vacía si no se registró)",
        "fila 4, columna Fecha del consentimiento: solo se indica si se registró el consentimiento",
    ]
    assert not any(line.startswith("Consentimiento:") for line in report.lines())
    assert session.scalar(select(func.count()).select_from(Vendor)) == 0


def test_the_demo_asked_most_vendors(demo_db) -> None:
    with demo_db.Session() as s:
        rows = roster.roster(s)
    missing = [r for r in rows if r.without_consent]
    assert 0 < len(missing) < len(rows) / 5
    assert all(r.consent == "not_recorded" for r in missing)
