"""Accounts, roles and sign-in: who may do what (``rights``), passwords (``passwords``) and
managing the accounts themselves (``manage``).

Each name is loaded from its module the first time it is used, so that a command that only
asks whether the database has accounts does not load the managing of them."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agroferia.core.accounts.manage import (
        DISPLAY_NAME,
        FREE_TRIES,
        PASSWORD,
        REPEATED,
        ROLE,
        USERNAME,
        SignIn,
        authenticate,
        change_password,
        create_user,
        find,
        get,
        reset_password,
        too_many,
        update_user,
        users,
        wait_text,
    )
    from agroferia.core.accounts.passwords import MIN_LENGTH, hash_password, verify_password
    from agroferia.core.accounts.rights import (
        ROLE_LABELS,
        ROLE_RIGHTS,
        WITH_PEOPLE,
        NotAllowedError,
        Right,
        account,
        has_accounts,
        require,
        rights_of,
    )

_MODULES = {
    "manage": (
        "DISPLAY_NAME", "FREE_TRIES", "PASSWORD", "REPEATED", "ROLE", "USERNAME", "SignIn",
        "authenticate", "change_password", "create_user", "find", "get", "reset_password",
        "too_many", "update_user", "users", "wait_text",
    ),
    "passwords": ("MIN_LENGTH", "hash_password", "verify_password"),
    "rights": (
        "ROLE_LABELS", "ROLE_RIGHTS", "WITH_PEOPLE", "NotAllowedError", "Right", "account",
        "has_accounts", "require", "rights_of",
    ),
}  # fmt: skip
_WHERE = {name: module for module, names in _MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "DISPLAY_NAME",
    "FREE_TRIES",
    "MIN_LENGTH",
    "PASSWORD",
    "REPEATED",
    "ROLE",
    "ROLE_LABELS",
    "ROLE_RIGHTS",
    "USERNAME",
    "WITH_PEOPLE",
    "NotAllowedError",
    "Right",
    "SignIn",
    "account",
    "authenticate",
    "change_password",
    "create_user",
    "find",
    "get",
    "has_accounts",
    "hash_password",
    "require",
    "reset_password",
    "rights_of",
    "too_many",
    "update_user",
    "users",
    "verify_password",
    "wait_text",
]
