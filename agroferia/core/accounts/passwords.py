"""Passwords: stored as scrypt hashes (never the password), and a policy for new ones — long
enough and not among the most common."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from agroferia.core import validation as v
from agroferia.i18n import lazy

MIN_LENGTH = 10
_N, _R, _P = 2**14, 8, 1

# The most common passwords (breach lists, in Spanish and English) and their obvious kin:
# each is refused whatever its case.  Short ones are refused by the length already.
COMMON = frozenset(
    [
        "1234567890",
        "0123456789",
        "0987654321",
        "1111111111",
        "1234512345",
        "1122334455",
        "1q2w3e4r5t",
        "qwertyuiop",
        "asdfghjkl1",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "contrasena",
        "contraseña",
        "contrasena1",
        "contraseña1",
        "contrasena123",
        "contraseña123",
        "micontrasena",
        "micontraseña",
        "administrador",
        "administrator",
        "admin12345",
        "admin123456",
        "adminadmin",
        "iloveyou12",
        "teamo12345",
        "teamomucho",
        "1234567890a",
        "abc1234567",
        "abcdefghij",
        "qwerty1234",
        "qwerty12345",
        "qwertyuiop1",
        "zxcvbnm123",
        "superman12",
        "batman1234",
        "princesa12",
        "princesa123",
        "futbol1234",
        "alianzalima",
        "universitario",
        "sportingcristal",
        "peru123456",
        "perú123456",
        "lima123456",
        "agroferia1",
        "agroferia123",
        "agroferia2024",
        "agroferia2025",
        "agroferia2026",
        "feria12345",
        "magdalena1",
        "tesorero123",
        "organizador",
        "usuario123",
        "usuario1234",
        "bienvenido",
        "bienvenido1",
        "welcome123",
        "letmein123",
        "trustno1234",
        "dragon1234",
        "monkey1234",
        "football12",
        "baseball12",
        "sunshine12",
        "master1234",
        "starwars12",
        "whatever12",
        "shadow1234",
        "michael123",
        "jennifer12",
        "1234qwerty",
        "12345qwert",
        "123456789a",
        "123456789q",
        "a123456789",
        "q123456789",
        "password01",
        "password00",
        "00000000000",
        "9999999999",
        "8888888888",
        "7777777777",
        "5555555555",
        "1231231231",
        "1212121212",
        "6969696969",
        "ninguna123",
        "secreto123",
        "clave12345",
        "clavesecreta",
        "miclave123",
    ]
)


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return (
        f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"
    )


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    try:
        _, n, r, p, salt, key = stored.split("$")
        candidate = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p)
        )
        return hmac.compare_digest(candidate, base64.b64decode(key))
    except (ValueError, binascii.Error):  # a damaged hash never matches
        return False


def checked(value: object) -> str:
    """A new password as given, or ``Invalid`` saying what is wrong with it (never echoing
    it)."""
    text = "" if value is None else str(value)
    if len(text) < MIN_LENGTH:
        raise v.Invalid(lazy("debe tener al menos {n} caracteres", n=MIN_LENGTH))
    folded = text.casefold()
    if folded in COMMON or len(set(folded)) <= 2:
        raise v.Invalid(lazy("es de las más usadas y fáciles de adivinar; elija otra"))
    return text
