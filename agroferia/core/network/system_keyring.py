"""A server's password kept in the system keyring (GNOME Keyring, KWallet, the Windows
Credential Manager), when the ``keyring`` package is installed: an optional third place
beside ``PGPASSWORD`` and ``~/.pgpass``, which psycopg (libpq) reads by itself.

The entry is the service ``agroferia`` and the name ``user@host:port``, as saved with
``keyring set agroferia feria@servidor:5432``.  It is read only when the URL holds no
password and ``PGPASSWORD`` is not set; a keyring that cannot be read is passed over (the
server then asks for the password, and its message says where to give it)."""

from __future__ import annotations

import getpass
import logging
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL

log = logging.getLogger(__name__)

KEYRING_SERVICE = "agroferia"
DEFAULT_PORT = 5432


def keyring_name(url: URL) -> str:
    """The name of ``url``'s entry in the keyring: ``user@host:port``."""
    user = url.username or os.environ.get("PGUSER") or getpass.getuser()
    host = url.host or os.environ.get("PGHOST") or "localhost"
    return f"{user}@{host}:{url.port or DEFAULT_PORT}"


def from_keyring(url: URL) -> str | None:
    """The password of ``url`` kept in the system keyring, or None (none kept, the URL or
    ``PGPASSWORD`` gives one, or the ``keyring`` package is not installed)."""
    if url.password is not None or os.environ.get("PGPASSWORD"):
        return None
    try:
        import keyring
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_name(url)) or None
    except Exception as exc:  # no keyring service running, a locked keyring…
        log.warning("the system keyring could not be read: %s", type(exc).__name__)
        return None
