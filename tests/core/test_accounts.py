"""Accounts in the core: password hashing and policy, the first administrator, managing
accounts, signing in with waits after wrong passwords, and an audit trail that names the
account and never holds a password, hash or salt."""

from __future__ import annotations

import base64
import datetime as dt
import logging

import pytest
from sqlalchemy import select, text

from agroferia import logs
from agroferia.core import accounts
from agroferia.core.accounts import NotAllowedError, passwords
from agroferia.core.errors import OperationError, ValidationError
from agroferia.core.models import AuditLog, User
from tests.accounts import PASSWORD, add_account

NEW = "una clave nueva y larga"
T0 = dt.datetime(2026, 5, 1, 12, 0)


def fields(error: ValidationError) -> dict[str, str]:
    return {e.field: e.message.render() for e in error.errors}


# ----------------------------------------------------------------------------- hashing
def test_hashes_are_scrypt_with_their_own_salt():
    first, second = passwords.hash_password(PASSWORD), passwords.hash_password(PASSWORD)
    kind, n, r, p, salt, key = first.split("$")
    assert (kind, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 64
    assert first != second and first.split("$")[4] != second.split("$")[4]
    assert PASSWORD not in first
    assert accounts.verify_password(PASSWORD, first) and accounts.verify_password(PASSWORD, second)
    assert not accounts.verify_password(PASSWORD + "x", first)


@pytest.mark.parametrize(
    "stored",
    [None, "", "plain", "scrypt$", "scrypt$16384$8$1$***$***", "scrypt$x$8$1$AAAA$AAAA",
     "bcrypt$16384$8$1$AAAA$AAAA", "scrypt$16384$8$1$AAAA"],
)  # fmt: skip
def test_a_damaged_hash_never_matches(stored):
    assert not accounts.verify_password(PASSWORD, stored)
    assert not accounts.verify_password("", stored)


@pytest.mark.parametrize(
    ("password", "why"),
    [("corta", "al menos 10"), ("123456789", "al menos 10"), ("1234567890", "más usadas"),
     ("PassWord123", "más usadas"), ("CONTRASEÑA123", "más usadas"), ("aaaaaaaaaaaa", "más usadas"),
     ("abababababab", "más usadas")],
)  # fmt: skip
def test_password_policy(password, why):
    with pytest.raises(Exception) as refused:
        passwords.checked(password)
    assert why in refused.value.message.render()
    assert password not in refused.value.message.render()


def test_a_good_password_passes():
    assert passwords.checked("mi huerto de papas nativas") == "mi huerto de papas nativas"


# ----------------------------------------------------------------------------- creating
def test_the_first_account_needs_no_actor_and_must_be_an_administrator(session):
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "", "luis", "Luis", "viewer", PASSWORD)
    assert fields(refused.value) == {"role": "la primera cuenta debe ser de administrador"}
    user = accounts.create_user(session, "", "Luis", "Luis Mamani", "admin", PASSWORD)
    assert (user.username, user.role, user.active) == ("luis", "admin", True)
    entry = session.scalars(select(AuditLog).where(AuditLog.entity == "user")).one()
    assert (entry.actor, entry.user_id, entry.action) == ("luis", user.id, "create")


@pytest.mark.parametrize("role", ["organizer", "treasurer", "viewer"])
def test_later_accounts_need_an_administrator(session, role):
    add_account(session, "otro", role)
    for actor in ("otro", "nadie", ""):
        with pytest.raises(NotAllowedError):
            accounts.create_user(session, actor, "nuevo", "Nuevo", "viewer", PASSWORD)
    assert accounts.account(session, "nuevo") is None
    assert accounts.create_user(session, "admin", "nuevo", "Nuevo", "viewer", PASSWORD).id


def test_fields_are_checked_together(session):
    add_account(session, "ana", "viewer")
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "admin", "ANA", "", "jefe", "corta", repeated="otra")
    problems = fields(refused.value)
    assert problems["username"] == "ya existe"  # case-insensitive
    assert set(problems) == {"username", "display_name", "role", "password"}
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "admin", "dos palabras", "X", "viewer", NEW, repeated=NEW)
    assert fields(refused.value) == {"username": "una sola palabra, sin espacios"}
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "admin", "beto", "Beto", "viewer", NEW, repeated="otra")
    assert fields(refused.value) == {"repeated": "no coincide con la contraseña"}


# ----------------------------------------------------------------------------- managing
def test_update_and_deactivate_never_delete(session):
    user = add_account(session, "rosa", "treasurer")
    accounts.update_user(session, "admin", user.id, display_name="Rosa Q.", role="organizer")
    accounts.update_user(session, "admin", user.id, active=False)
    assert (user.display_name, user.role, user.active) == ("Rosa Q.", "organizer", False)
    assert accounts.get(session, user.id) is user
    assert accounts.rights_of(session, "rosa") == frozenset()
    with pytest.raises(NotAllowedError):
        accounts.update_user(session, "rosa", user.id, active=True)
    accounts.update_user(session, "admin", user.id, active=True)
    assert accounts.rights_of(session, "rosa") == accounts.ROLE_RIGHTS["organizer"]


def test_the_last_active_administrator_is_protected(session):
    admin = add_account(session, "admin", "admin")
    for change in ({"active": False}, {"role": "viewer"}):
        with pytest.raises(OperationError, match="única cuenta de administrador activa"):
            accounts.update_user(session, "admin", admin.id, **change)
        assert (admin.role, admin.active) == ("admin", True)
    other = add_account(session, "segunda", "admin")
    accounts.update_user(session, "admin", admin.id, role="viewer")
    with pytest.raises(OperationError):
        accounts.update_user(session, "segunda", other.id, active=False)


def test_reset_sets_must_change_and_clears_the_waits(session):
    user = add_account(session, "rosa", "treasurer")
    for _ in range(6):
        accounts.authenticate(session, "rosa", "mal", now=T0)
    with pytest.raises(NotAllowedError):
        accounts.reset_password(session, "rosa", user.id, NEW)
    accounts.reset_password(session, "admin", user.id, NEW)
    assert user.must_change_password and user.failed_logins == 0 and user.wait_until is None
    assert accounts.authenticate(session, "rosa", NEW, now=T0).user is user


def test_change_password(session):
    user = add_account(session, "rosa", "viewer")
    user.must_change_password = True
    with pytest.raises(ValidationError) as refused:
        accounts.change_password(session, "rosa", "mal", NEW, NEW)
    assert fields(refused.value) == {"current": "la contraseña actual no es correcta"}
    with pytest.raises(ValidationError) as refused:
        accounts.change_password(session, "rosa", PASSWORD, NEW, NEW + "!")
    assert fields(refused.value) == {"repeated": "no coincide con la contraseña"}
    with pytest.raises(ValidationError) as refused:
        accounts.change_password(session, "rosa", PASSWORD, PASSWORD, PASSWORD)
    assert fields(refused.value) == {"password": "debe ser distinta de la actual"}
    with pytest.raises(OperationError, match="Inicie sesión"):
        accounts.change_password(session, "nadie", PASSWORD, NEW, NEW)
    accounts.change_password(session, "rosa", PASSWORD, NEW, NEW)
    assert accounts.verify_password(NEW, user.password_hash) and not user.must_change_password


def test_guessing_the_current_password_counts_as_signing_in_wrong(db):
    """Wrong current passwords count (though each change is refused and rolled back): after
    five, even the right one waits, as signing in does."""
    with db.Session.begin() as s:
        add_account(s, "rosa", "viewer")
    outcomes = []
    for guess in ["uno", "dos", "tres", "cuatro", "cinco", PASSWORD]:
        try:
            with db.Session.begin() as s:
                accounts.change_password(s, "rosa", guess, NEW, NEW, now=T0)
            outcomes.append("changed")
        except (ValidationError, OperationError) as refused:
            outcomes.append(type(refused).__name__)
            message = str(refused)
    assert outcomes == ["ValidationError"] * 4 + ["OperationError"] * 2
    assert message == ("Demasiadas contraseñas equivocadas seguidas: espere 30 segundos antes "
                       "de volver a intentarlo.")  # fmt: skip
    with db.Session() as s:
        user = accounts.find(s, "rosa")
        assert user.failed_logins == 5 and user.wait_until == T0 + dt.timedelta(seconds=30)
        assert accounts.verify_password(PASSWORD, user.password_hash)  # unchanged
    with db.Session.begin() as s:  # once the wait is over, the right one changes it
        accounts.change_password(s, "rosa", PASSWORD, NEW, NEW, now=T0 + dt.timedelta(minutes=1))
    with db.Session() as s:
        user = accounts.find(s, "rosa")
        assert user.failed_logins == 0 and accounts.verify_password(NEW, user.password_hash)


# ----------------------------------------------------------------------------- signing in
def test_authenticate_ignores_the_case_of_the_username_and_refuses_inactive(session):
    user = add_account(session, "rosa", "viewer")
    signed = accounts.authenticate(session, "  ROSA ", PASSWORD, now=T0)
    assert signed.user is user and user.last_sign_in == T0
    accounts.update_user(session, "admin", user.id, active=False)
    assert accounts.authenticate(session, "rosa", PASSWORD, now=T0) == accounts.SignIn(None)
    assert accounts.authenticate(session, "nadie", PASSWORD, now=T0) == accounts.SignIn(None)


def test_waits_after_five_failures_growing_and_capped(session):
    user = add_account(session, "rosa", "viewer")
    now = T0
    waits = []
    for _ in range(12):
        result = accounts.authenticate(session, "rosa", "mal", now=now)
        assert result.user is None
        waits.append(result.wait)
        if result.wait:
            still = accounts.authenticate(session, "rosa", PASSWORD, now=now)
            assert still.user is None and still.wait == result.wait  # even the right one
            now += result.wait
    seconds = [w.total_seconds() if w else 0 for w in waits]
    assert seconds[:4] == [0, 0, 0, 0]
    assert seconds[4:9] == [30, 60, 120, 240, 480]
    assert seconds[9:] == [900, 900, 900]  # 15 minutes at most
    assert accounts.authenticate(session, "rosa", PASSWORD, now=now).user is user
    assert user.failed_logins == 0 and user.wait_until is None


# ----------------------------------------------------------------------------- the trail
def test_account_changes_are_audited_with_the_account_and_without_secrets(db, caplog):
    caplog.set_level(logging.DEBUG)
    logs.setup()  # the app's log file, as the app writes it
    with db.Session.begin() as s:
        user = add_account(s, "rosa", "treasurer", password=NEW)
        accounts.update_user(s, "admin", user.id, role="viewer")
        accounts.reset_password(s, "admin", user.id, "restablecida larga")
        accounts.change_password(s, "rosa", "restablecida larga", "la de rosa ahora", None)
        user_id = user.id
    with db.Session() as s:
        hashes = list(s.scalars(select(User.password_hash)))
        entries = list(s.scalars(select(AuditLog).where(AuditLog.entity == "user")))
        trail = " ".join(str(v) for row in s.execute(text("SELECT * FROM audit_log")) for v in row)
        admin_id = accounts.find(s, "admin").id
    assert [e.action for e in entries] == ["create", "create", "update", "reset_password",
                                           "change_password"]  # fmt: skip
    assert [e.user_id for e in entries[1:]] == [admin_id, admin_id, admin_id, user_id]
    logging.getLogger("agroferia").info("accounts changed")  # the file exists and is read
    log_text = logs.log_file().read_text()
    for secret in (PASSWORD, NEW, "restablecida larga", "la de rosa ahora", "scrypt", "$"):
        assert secret not in trail
        assert secret not in log_text and secret not in caplog.text
    for stored in hashes:
        salt = stored.split("$")[4]
        assert salt not in trail and salt not in log_text


@pytest.mark.parametrize("name", ["system", "SYSTEM", "escritorio"])
def test_names_the_trail_uses_for_no_account_are_reserved(session, name):
    """An account named ``system`` would take every entry the demo and imports wrote."""
    with pytest.raises(ValidationError) as refused:
        accounts.create_user(session, "", name, "Alguien", "admin", PASSWORD)
    assert fields(refused.value) == {
        "username": f"«{name.lower()}» lo usa la aplicación en el historial; elija otro"
    }
