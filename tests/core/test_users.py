"""User accounts: scrypt password hashes, validation, authentication."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, users
from agroferia.core.errors import ValidationError
from agroferia.core.models import AuditLog, User


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


# ---------------------------------------------------------------- hashing


def test_hash_format_and_verification() -> None:
    stored = users.hash_password("clave-secreta")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
    assert salt and key
    assert "clave-secreta" not in stored
    assert users.verify_password("clave-secreta", stored) is True
    assert users.verify_password("clave-secretA", stored) is False
    assert users.verify_password("", stored) is False


def test_same_password_gets_a_different_salt() -> None:
    first, second = users.hash_password("contraseña1"), users.hash_password("contraseña1")
    assert first != second
    assert users.verify_password("contraseña1", first)
    assert users.verify_password("contraseña1", second)


def test_non_ascii_passwords() -> None:
    stored = users.hash_password("Ñandú-año-2025")
    assert users.verify_password("Ñandú-año-2025", stored)
    assert not users.verify_password("Nandu-ano-2025", stored)


@pytest.mark.parametrize("stored", [None, "", "plaintext", "bcrypt$2b$12$abc", "md5$x"])
def test_verify_refuses_missing_or_foreign_hashes(stored: str | None) -> None:
    assert users.verify_password("anything", stored) is False


@pytest.mark.parametrize("stored", ["scrypt$", "scrypt$16384$8$1$onlysalt"])
def test_verify_malformed_scrypt_hash_is_false(stored: str) -> None:
    assert users.verify_password("anything", stored) is False


# ---------------------------------------------------------------- create_user


def test_create_user(db) -> None:
    with db.Session.begin() as s:
        user = users.create_user(s, "admin", "  Ana ", "Ana Torres", "treasurer", "clave-segura")
        user_id = user.id
    with db.Session() as s:
        got = s.get(User, user_id)
        assert got.username == "ana"
        assert got.display_name == "Ana Torres"
        assert got.role == "treasurer"
        assert got.active is True
        assert users.verify_password("clave-segura", got.password_hash)
        [entry] = audit.history(s, "user", user_id)
        assert (entry.actor, entry.action) == ("admin", "create")
        after = json.loads(entry.after)
        assert after["username"] == "ana"
        assert "password_hash" not in after
        assert "clave-segura" not in entry.after


@pytest.mark.parametrize("role", ["admin", "organizer", "treasurer", "viewer"])
def test_every_role(db, role: str) -> None:
    with db.Session.begin() as s:
        assert users.create_user(s, "admin", f"u_{role}", "U", role, "12345678").role == role


def test_create_user_reports_every_bad_field(db) -> None:
    with db.Session() as s:
        with pytest.raises(ValidationError) as info:
            users.create_user(s, "admin", "", "", "superuser", "corta")
        s.commit()
    assert [e.field for e in info.value.errors] == ["username", "display_name", "role", "password"]
    assert info.value.for_field("role")[0].message.render() == (
        "debe ser admin, organizer, treasurer o viewer"
    )
    assert info.value.for_field("password")[0].message.render() == (
        "debe tener al menos 8 caracteres"
    )
    with db.Session() as s:
        assert count(s, User) == 0
        assert count(s, AuditLog) == 0


@pytest.mark.parametrize("password", ["", "1234567", "        "])
def test_short_or_blank_password_refused(db, password: str) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        users.create_user(s, "admin", "ana", "Ana", "viewer", password)
    assert [e.field for e in info.value.errors] == ["password"]


def test_username_too_long(db) -> None:
    with db.Session() as s, pytest.raises(ValidationError) as info:
        users.create_user(s, "admin", "a" * 61, "Ana", "viewer", "12345678")
    assert [e.field for e in info.value.errors] == ["username"]


def test_duplicate_username_refused_ignoring_case(db) -> None:
    with db.Session.begin() as s:
        users.create_user(s, "admin", "ana", "Ana", "viewer", "12345678")
    with db.Session() as s, pytest.raises(ValidationError) as info:
        users.create_user(s, "admin", "ANA", "Otra Ana", "admin", "87654321")
    assert [e.field for e in info.value.errors] == ["username"]
    assert str(info.value) == "Usuario: ya existe"
    with db.Session() as s:
        assert count(s, User) == 1


# ---------------------------------------------------------------- authenticate


@pytest.fixture
def ana(db) -> int:
    with db.Session.begin() as s:
        return users.create_user(s, "admin", "ana", "Ana", "organizer", "clave-segura").id


def test_authenticate(db, ana) -> None:
    with db.Session() as s:
        assert users.authenticate(s, "ana", "clave-segura").id == ana
        assert users.authenticate(s, "  ANA ", "clave-segura").id == ana
        assert users.authenticate(s, "ana", "Clave-segura") is None
        assert users.authenticate(s, "luis", "clave-segura") is None


def test_inactive_user_cannot_log_in(db, ana) -> None:
    with db.Session.begin() as s:
        s.get(User, ana).active = False
    with db.Session() as s:
        assert users.authenticate(s, "ana", "clave-segura") is None


def test_user_without_password_cannot_log_in(db, ana) -> None:
    with db.Session.begin() as s:
        s.get(User, ana).password_hash = None
    with db.Session() as s:
        assert users.authenticate(s, "ana", "") is None
