"""settings.update: everything checked first, one audit entry, nothing written on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from agroferia.core import fairs, settings
from agroferia.core.errors import ValidationError
from agroferia.core.models import AuditLog


def audit_rows(session) -> list[AuditLog]:
    return list(session.scalars(select(AuditLog).where(AuditLog.entity == "setting")))


def write_image(path: Path, fmt: str = "PNG") -> Path:
    Image.new("RGB", (40, 20), (30, 120, 60)).save(path, fmt)
    return path


@pytest.fixture
def two_fairs(db) -> tuple[int, int]:
    with db.Session.begin() as s:
        one = fairs.create_fair(s, "ana", name="Feria Uno")
        two = fairs.create_fair(s, "ana", name="Feria Dos")
        return one.id, two.id


def test_current_on_a_new_database_gives_the_legal_youth_range(session):
    values = settings.current(session)
    assert values["organization_name"] is None
    assert values["logo_path"] is None
    assert (values["youth_min_age"], values["youth_max_age"]) == (15, 29)


def test_update_writes_every_value_and_one_audit_entry(db, tmp_path, two_fairs):
    logo = write_image(tmp_path / "logo.png")
    with db.Session.begin() as s:
        settings.update(
            s,
            "ana",
            {
                "organization_name": "  Asociación   de Productores ",
                "municipality_name": "Municipalidad de Lurín",
                "logo_path": str(logo),
                "default_fair_id": two_fairs[1],
                "youth_min_age": 18,
                "youth_max_age": 30,
            },
        )
    with db.Session() as s:
        assert settings.get(s, "organization_name") == "Asociación de Productores"
        assert settings.get(s, "municipality_name") == "Municipalidad de Lurín"
        assert settings.get(s, "logo_path") == str(logo)
        assert fairs.default_fair(s).id == two_fairs[1]
        assert settings.youth_range(s) == (18, 30)
        (entry,) = audit_rows(s)
        assert entry.actor == "ana" and entry.action == "update"
        before, after = json.loads(entry.before), json.loads(entry.after)
        assert before["organization_name"] is None
        assert after["organization_name"] == "Asociación de Productores"
        assert (after["youth_min_age"], after["youth_max_age"]) == ("18", "30")


def test_update_keeps_what_it_is_not_given_and_records_only_changes(db):
    with db.Session.begin() as s:
        settings.update(s, "ana", {"organization_name": "Org", "municipality_name": "Muni"})
    with db.Session.begin() as s:
        settings.update(s, "luis", {"municipality_name": "Otra"})
    with db.Session() as s:
        assert settings.get(s, "organization_name") == "Org"
        last = audit_rows(s)[-1]
        assert json.loads(last.before) == {"municipality_name": "Muni"}
        assert json.loads(last.after) == {"municipality_name": "Otra"}
        assert settings.youth_range(s) == (15, 29)


def test_update_without_changes_writes_nothing(db):
    with db.Session.begin() as s:
        settings.update(s, "ana", {"youth_min_age": 15, "youth_max_age": 29})
    with db.Session() as s:
        assert audit_rows(s) == []


def test_invalid_values_are_all_reported_and_nothing_is_written(db, tmp_path):
    text_file = tmp_path / "notas.png"
    text_file.write_text("no soy una imagen", encoding="utf-8")
    with db.Session.begin() as s, pytest.raises(ValidationError) as caught:
        settings.update(
            s,
            "ana",
            {
                "organization_name": "x" * 161,
                "logo_path": str(text_file),
                "youth_min_age": 30,
                "youth_max_age": 20,
                "default_fair_id": 999,
            },
        )
    error = caught.value
    assert {e.field for e in error.errors} == {
        "organization_name",
        "logo_path",
        "youth_range",
        "default_fair_id",
    }
    assert "160" in error.for_field("organization_name")[0].message.render()
    assert "no es una imagen PNG o JPG" in error.for_field("logo_path")[0].message.render()
    assert "mínima (30)" in error.for_field("youth_range")[0].message.render()
    with db.Session() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog)) == 0
        assert settings.get(s, "organization_name") is None


@pytest.mark.parametrize("age", [-1, 121, "quince", True])
def test_youth_ages_must_be_whole_numbers_from_0_to_120(session, age):
    with pytest.raises(ValidationError) as caught:
        settings.validate(session, {"youth_min_age": age})
    assert [e.field for e in caught.value.errors] == ["youth_range"]


def test_logo_must_be_an_absolute_path_to_a_readable_image(tmp_path):
    assert settings.check_logo("") is None
    jpg = write_image(tmp_path / "logo.jpg", "JPEG")
    assert settings.check_logo(str(jpg)) == str(jpg)
    broken = tmp_path / "roto.png"
    broken.write_bytes(write_image(tmp_path / "bueno.png").read_bytes()[:30])
    for bad, words in [
        ("logo.png", "ruta completa"),
        (str(tmp_path / "falta.png"), "no se encuentra"),
        (str(broken), "dañada"),
    ]:
        with pytest.raises(Exception) as caught:
            settings.check_logo(bad)
        assert words in caught.value.message.render()


def test_a_missing_logo_or_inactive_fair_already_stored_does_not_block_other_changes(
    db, tmp_path, two_fairs
):
    logo = write_image(tmp_path / "logo.png")
    with db.Session.begin() as s:
        settings.update(s, "ana", {"logo_path": str(logo), "default_fair_id": two_fairs[0]})
        fairs.set_fair_active(s, "ana", two_fairs[0], False)
    logo.unlink()
    with db.Session.begin() as s:
        settings.update(s, "ana", {"organization_name": "Org", "default_fair_id": two_fairs[0]})
    with db.Session() as s:
        assert settings.get(s, "organization_name") == "Org"
        assert settings.get(s, "logo_path") == str(logo)  # kept; the reports leave it out
        with pytest.raises(ValidationError) as caught:
            settings.validate(s, {"default_fair_id": two_fairs[1] + 100})
    assert "no existe esa feria" in caught.value.render()


def test_an_inactive_fair_cannot_be_chosen(db, two_fairs):
    with db.Session.begin() as s:
        fairs.set_fair_active(s, "ana", two_fairs[1], False)
    with db.Session() as s, pytest.raises(ValidationError) as caught:
        settings.validate(s, {"default_fair_id": two_fairs[1]})
    assert "desactivada" in caught.value.render()


def test_unknown_keys_are_a_programming_error(session):
    with pytest.raises(ValueError, match="unknown settings"):
        settings.update(session, "ana", {"language": "en"})


def test_set_youth_range_still_works(db):
    with db.Session.begin() as s:
        settings.set_youth_range(s, "system", 16, 30)
    with db.Session() as s:
        assert settings.youth_range(s) == (16, 30)
    with db.Session() as s, pytest.raises(ValidationError):
        settings.set_youth_range(s, "system", 30, 16)


def test_the_unusual_sale_ceiling_is_an_amount_never_guessed(db):
    with db.Session() as s:
        assert settings.current(s)["unusual_sale_cents"] == 500_000  # S/ 5,000.00 at first
    with db.Session.begin() as s:
        settings.update(s, "ana", {"unusual_sale_cents": "2500.00"})
    with db.Session() as s:
        assert settings.unusual_sale_cents(s) == 250_000
        (row,) = audit_rows(s)
    assert json.loads(row.after)["unusual_sale_cents"] == "250000"
    for text, message in (("2.500", "¿S/ 2,500.00 o S/ 2.50?"), ("0", "mayor que cero")):
        with pytest.raises(ValidationError) as refused, db.Session.begin() as s:
            settings.update(s, "ana", {"unusual_sale_cents": text})
        assert message in str(refused.value)
