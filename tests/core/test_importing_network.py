"""Importing one fair's padrón into a network where some of its producers are already
registered at another fair: they join the fair, and nothing else of their record changes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agroferia import cli
from agroferia.core import audit, fairs, importing, vendors
from agroferia.core.models import AuditLog, Membership, Vendor
from agroferia.core.network.conflicts import WriteConflictError
from agroferia.i18n import language

TODAY = dt.date(2026, 11, 24)
SYSTEM = audit.SYSTEM
HEADER = "Nombres;Apellidos;DNI;Sexo;Teléfono;Región;Rubro;Puesto;Fecha de inscripción;Feria"
PUNTA = "Feria de La Punta"


def write_csv(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def import_vendors(session, path, **kw):
    return importing.import_vendors(session, SYSTEM, path, today=TODAY, **kw)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def shown(problems) -> list[str]:
    return [str(p) for p in problems]


def fairs_of(vendor: Vendor) -> list[tuple[str, str | None, str, dt.date]]:
    return sorted(
        (m.fair.name, m.stall, m.status, m.registered_on) for m in vendor.memberships
    )  # fmt: skip


@pytest.fixture
def network(session):
    """Magdalena with María Quispe (EXP-0001) at stall A-1, and La Punta without vendors."""
    magdalena = fairs.create_fair(session, SYSTEM, name="Feria de Magdalena")
    punta = fairs.create_fair(session, SYSTEM, name=PUNTA)
    maria = vendors.register(
        session, SYSTEM,
        {"given_names": "María", "surnames": "Quispe Huamán", "doc_number": "41234567",
         "sex": "F", "phone": "987654321", "region": "Junín", "birth_date": "1980-03-02",
         "main_category": "Hortalizas y verduras", "fair": magdalena.id, "stall": "A-1",
         "registered_on": "2025-01-10"},
        today=TODAY,
    )  # fmt: skip
    session.commit()
    return magdalena, punta, maria


def record(vendor: Vendor) -> dict:
    """What of the registry must not change when the vendor joins a fair."""
    snap = vendors.snapshot(vendor)
    snap.pop("fairs")
    return snap


def test_a_producer_of_another_fair_joins_the_padron_fair(session, tmp_path, network):
    _magdalena, punta, maria = network
    before = record(maria)
    entries = count(session, AuditLog)
    path = write_csv(
        tmp_path / "padron_la_punta.csv",
        HEADER,
        "Luz;Rojas;45555555;F;;Lima;Artesanía;C-7;;Feria de La Punta",
        "MARIA ;quispe  huaman;41234567;Mujer;987 654 321;JUNIN;Hortalizas y verduras;B-3;"
        "01/10/2026;feria de la punta",
    )
    report = import_vendors(session, path)
    session.commit()
    assert shown(report.errors) == []
    assert shown(report.warnings) == [
        "fila 3, columna DNI: DNI 41234567 ya está registrado (María Quispe Huamán, EXP-0001): "
        "se inscribe también en Feria de La Punta; sus datos no cambian"
    ]
    assert (report.created, report.joined, report.written) == (1, 1, True)
    lines = report.lines()
    assert "Expositores registrados: 1" in lines
    assert "Expositores ya registrados inscritos en otra feria: 1" in lines
    session.expire_all()
    assert fairs_of(maria) == [
        ("Feria de La Punta", "B-3", "active", dt.date(2026, 10, 1)),
        ("Feria de Magdalena", "A-1", "active", dt.date(2025, 1, 10)),
    ]
    assert record(maria) == before  # the row's spelling of her names is not written
    assert (maria.given_names, maria.surnames) == ("María", "Quispe Huamán")
    assert count(session, Vendor) == 2
    # her record's history: the fair joined, with the file and row as reason
    entry = audit.history(session, "vendor", maria.id)[-1]
    assert (entry.action, entry.reason) == ("update", "padron_la_punta.csv, fila 3")
    assert len(json.loads(entry.before)["fairs"]) == 1
    assert json.loads(entry.after)["fairs"][-1] == {
        "fair": punta.id, "stall": "B-3", "status": "active", "registered_on": "2026-10-01"
    }  # fmt: skip
    assert count(session, AuditLog) == entries + 2  # Luz's import and María's update
    assert vendors.search(session, fair_id=punta.id) != []
    assert {v.code for v in vendors.search(session, fair_id=punta.id)} == {"EXP-0001", "EXP-0002"}


def test_the_fields_that_differ_are_named_and_kept(session, tmp_path, network):
    _magdalena, _punta, maria = network
    before = record(maria)
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER + ";Correo electrónico",
        "María;Quispe Huamán;41234567;F;912 345 678;Cusco;Hortalizas y verduras;;;"
        "Feria de La Punta;",
    )
    report = import_vendors(session, path)
    session.commit()
    assert shown(report.warnings) == [
        "fila 2, columna DNI: DNI 41234567 ya está registrado (María Quispe Huamán, EXP-0001): "
        "se inscribe también en Feria de La Punta; sus datos registrados se mantienen: "
        "teléfono, región difieren"
    ]
    session.expire_all()
    assert record(maria) == before
    assert (maria.phone, maria.region) == ("987654321", "Junín")
    # registered today, when the row does not say when
    assert ("Feria de La Punta", None, "active", TODAY) in fairs_of(maria)


def test_one_differing_field_and_in_english(session, tmp_path, network):
    path = write_csv(
        tmp_path / "padron.csv",
        "Nombres;Apellidos;DNI;Sexo;Rubro;Estado",
        "María;Quispe Huamán;41234567;Hombre;Hortalizas y verduras;activo",
    )
    report = import_vendors(session, path, fair=PUNTA, dry_run=True)
    [warning] = report.warnings
    assert str(warning.message).endswith("sus datos registrados se mantienen: sexo difiere")
    with language("en"):
        text = warning.render()
        lines = report.lines()
    assert "Feria de La Punta" in text and "sex differs" in text, text
    assert "Registered vendors who join another fair: 1" in lines, lines
    assert "Expositores ya registrados que se inscriben en otra feria: 1" in report.lines()
    assert count(session, Membership) == 1  # a check only


def test_a_withdrawn_producer_joins_but_stays_withdrawn_and_is_told(session, tmp_path, network):
    _magdalena, punta, maria = network
    vendors.set_status(session, SYSTEM, maria.id, "withdrawn")
    session.commit()
    path = write_csv(
        tmp_path / "padron.csv",
        "Nombres;Apellidos;DNI;Rubro",
        "María;Quispe Huamán;41234567;Hortalizas y verduras",
    )
    report = import_vendors(session, path, fair=PUNTA)
    session.commit()
    assert str(report.warnings[0].message).endswith(
        "sus datos registrados se mantienen: estado difiere"
    )
    session.expire_all()
    assert maria.status == "withdrawn"
    assert maria.membership(punta.id).status == "active"
    assert vendors.search(session, fair_id=punta.id, statuses=["active"]) == []


def test_same_document_other_names_is_refused_with_both_names(session, tmp_path, network):
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "Marina;Quispe Huamán;41234567;F;;;Artesanía;;;Feria de La Punta",
    )
    report = import_vendors(session, path)
    session.commit()
    assert shown(report.errors) == [
        "fila 2, columna DNI: ya está registrado para María Quispe Huamán (EXP-0001), y esta "
        "fila dice Marina Quispe Huamán: si es la misma persona, escriba sus nombres y "
        "apellidos como en el registro"
    ]
    assert (report.written, report.joined) == (False, 0)
    assert count(session, Membership) == 1


def test_already_a_member_of_the_fair_is_refused(session, tmp_path, network):
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "Luz;Rojas;45555555;F;;Lima;Artesanía;C-7;;Feria de La Punta",
        "María;Quispe Huamán;41234567;F;;;Artesanía;;;Feria de Magdalena",
    )
    report = import_vendors(session, path)
    session.commit()
    assert shown(report.errors) == [
        "fila 3, columna DNI: ya está registrado para María Quispe Huamán (EXP-0001) e inscrito "
        "en Feria de Magdalena"
    ]
    assert count(session, Vendor) == 1 and count(session, Membership) == 1  # all or nothing


def test_a_new_person_twice_in_the_file_is_refused_on_the_second_row(session, tmp_path, network):
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "Luz;Rojas;45555555;F;;Lima;Artesanía;C-7;;Feria de La Punta",
        "Luz;Rojas;45555555;F;;Lima;Artesanía;;;Feria de Magdalena",
    )
    report = import_vendors(session, path)
    assert shown(report.errors) == [
        "fila 3, columna DNI: el documento 45555555 ya aparece en la fila 2"
    ]
    assert count(session, Vendor) == 1


def test_a_joining_stall_already_given_at_the_fair_is_a_warning(session, tmp_path, network):
    _magdalena, punta, _maria = network
    vendors.register(
        session, SYSTEM,
        {"given_names": "Eva", "surnames": "Ríos", "doc_number": "43333333",
         "main_category": "Artesanía", "fair": punta.id, "stall": "B-3"},
        today=TODAY,
    )  # fmt: skip
    session.commit()
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "María;Quispe Huamán;41234567;;;;Hortalizas y verduras;b-3;;Feria de La Punta",
        "Luz;Rojas;45555555;F;;Lima;Artesanía;B-3;;Feria de La Punta",
    )
    report = import_vendors(session, path)
    session.commit()
    assert shown(report.warnings)[1:] == [
        "fila 2, columna Puesto: el puesto b-3 ya es de Eva Ríos (EXP-0002)",
        "fila 3, columna Puesto: el puesto B-3 ya es de Eva Ríos (EXP-0002)",
    ]
    assert shown(report.warnings)[0].endswith("sus datos no cambian")
    assert report.written and report.joined == 1


def test_a_fair_named_when_importing_is_created_and_joined(session, tmp_path, network):
    _magdalena, _punta, maria = network
    path = write_csv(
        tmp_path / "padron.csv",
        "Nombres;Apellidos;DNI;Rubro",
        "María;Quispe Huamán;41234567;Hortalizas y verduras",
    )
    report = import_vendors(session, path, fair="Bioferia de Surco")
    session.commit()
    assert report.fairs_created == ["Bioferia de Surco"] and report.joined == 1
    assert "se inscribe también en Bioferia de Surco" in str(report.warnings[0])
    session.expire_all()
    assert [name for name, *_ in fairs_of(maria)] == ["Bioferia de Surco", "Feria de Magdalena"]


def test_a_vendor_joined_meanwhile_refuses_the_whole_file(session, tmp_path, network):
    _magdalena, punta, maria = network
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "Luz;Rojas;45555555;F;;Lima;Artesanía;C-7;;Feria de La Punta",
        "María;Quispe Huamán;41234567;F;;;Hortalizas y verduras;B-3;;Feria de La Punta",
    )
    plan = importing.prepare_vendors(session, path, today=TODAY)
    assert plan.report.ok and plan.report.joined == 1
    # another writer gives her La Punta between the check and the write
    vendors.update(session, SYSTEM, maria.id, {"fair": punta.id, "stall": "D-4"}, today=TODAY)
    session.commit()
    with pytest.raises(WriteConflictError) as caught:
        importing.apply(session, SYSTEM, plan)
    session.rollback()
    assert "Otra persona acaba de cambiar el registro de María Quispe Huamán (EXP-0001)" in str(
        caught.value
    )
    assert count(session, Vendor) == 1
    session.expire_all()
    assert ("Feria de La Punta", "D-4", "active", TODAY) in fairs_of(maria)
    # checked again, the file now refuses her row
    report = import_vendors(session, path)
    assert [p.row for p in report.errors] == [3]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def test_the_command_line_prints_the_joining_rows(db_path, tmp_path):
    db = str(db_path)
    magdalena = write_csv(
        tmp_path / "magdalena.csv",
        "Nombres;Apellidos;DNI;Sexo;Teléfono;Rubro",
        "María;Quispe;41234567;F;987654321;Gastronomía",
        "Juan;Paz;01234567;M;;Artesanía",
    )
    code, out, err = run(["--db", db, "import", "vendors", str(magdalena),
                          "--fair", "Feria de Magdalena"])  # fmt: skip
    assert code == 0, err
    punta = write_csv(
        tmp_path / "punta.csv",
        "Nombres;Apellidos;DNI;Sexo;Teléfono;Rubro",
        "Maria;QUISPE;41234567;F;911111111;Gastronomía",
        "Juan;Paz;01234567;M;;Artesanía",
        "Eva;Ríos;43333333;F;;Artesanía",
    )
    code, out, err = run(["--db", db, "import", "vendors", str(punta), "--fair", PUNTA])
    assert code == 0, err
    lines = out.splitlines()
    assert "Avisos: 2 (no impiden importar)" in lines
    assert (
        "  fila 2, columna DNI: DNI 41234567 ya está registrado (María Quispe, EXP-0001): se "
        "inscribe también en Feria de La Punta; sus datos registrados se mantienen: teléfono "
        "difiere"
    ) in lines
    assert (
        "  fila 3, columna DNI: DNI 01234567 ya está registrado (Juan Paz, EXP-0002): se "
        "inscribe también en Feria de La Punta; sus datos no cambian"
    ) in lines
    assert "Expositores registrados: 1" in lines
    assert "Expositores ya registrados inscritos en otra feria: 2" in lines
    # once more: every row is refused now
    code, out, err = run(["--db", db, "import", "vendors", str(punta), "--fair", PUNTA])
    assert code == 1 and "e inscrito en Feria de La Punta" in err
