"""Application settings stored in the database (organization, youth range, language…).

``get``/``put`` read and write one key; ``update`` changes the settings the Configuración
page edits, all checked first and recorded in the audit trail as one change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agroferia.core import accounts, audit
from agroferia.core.accounts import Right
from agroferia.core.age import DEFAULT_YOUTH
from agroferia.core.errors import ValidationError
from agroferia.core.models import Fair, Setting
from agroferia.core.validation import Checker, Invalid, blank, positive_cents, text
from agroferia.i18n import lazy

ORGANIZATION = lazy("Nombre de la organización")
MUNICIPALITY = lazy("Municipalidad")
LOGO = lazy("Logo")
DEFAULT_FAIR = lazy("Feria activa")
YOUTH_MIN = lazy("Edad mínima de juventud")
YOUTH_MAX = lazy("Edad máxima de juventud")
YOUTH_RANGE = lazy("Rango de edad de juventud")
UNUSUAL_SALE = lazy("Confirmar ventas mayores a")
UNUSUAL_SALE_KEY = "unusual_sale_cents"
DEFAULT_UNUSUAL_SALE_CENTS = 500_000  # S/ 5,000.00
IDLE_LOCK = lazy("Bloquear la ventana tras minutos sin uso")
IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 24 * 60
SIGN_IN_TO_READ = lazy("Pedir cuenta también para consultar cifras")
SIGN_IN_TO_READ_KEY = "sign_in_to_read"  # "1": reading aggregates needs an account too
SECOND_FOLDER = lazy("Segunda carpeta de copias de seguridad")
SECOND_FOLDER_KEY = "backup_second_folder"  # a USB stick or a synced folder; blank: none

NAME_MAX = 160
MAX_YOUTH_AGE = 120
# The keys ``update`` accepts; the youth range is checked as one field, "youth_range".
EDITABLE = (
    "organization_name",
    "municipality_name",
    "logo_path",
    "default_fair_id",
    "youth_min_age",
    "youth_max_age",
    UNUSUAL_SALE_KEY,
    IDLE_LOCK_KEY,
    SIGN_IN_TO_READ_KEY,
    SECOND_FOLDER_KEY,
)
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"


def get(session: Session, key: str, default: str | None = None) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value in (None, "") else value


def put(
    session: Session, actor: str, key: str, value: str | None, *, right: Right = Right.ADMIN
) -> None:
    """Stores one setting as given (``update`` checks them first): an administrator's, or
    ``right``'s for a setting another role keeps (the active fair: the registry)."""
    accounts.require(session, actor, right)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def youth_range(session: Session) -> tuple[int, int]:
    low = get(session, "youth_min_age")
    high = get(session, "youth_max_age")
    return (
        int(low) if low else DEFAULT_YOUTH[0],
        int(high) if high else DEFAULT_YOUTH[1],
    )


def unusual_sale_cents(session: Session) -> int:
    """Above this, the day of a vendor with no sales history yet asks to be confirmed."""
    stored = get(session, UNUSUAL_SALE_KEY)
    return int(stored) if stored and stored.isdigit() else DEFAULT_UNUSUAL_SALE_CENTS


def idle_lock_minutes(session: Session) -> int:
    """After this many minutes without use the window locks and asks for the password."""
    stored = get(session, IDLE_LOCK_KEY)
    return int(stored) if stored and stored.isdigit() else DEFAULT_IDLE_LOCK_MINUTES


def sign_in_to_read(session: Session) -> bool:
    """Whether reading aggregates (statistics, the municipal reports) needs an account too,
    once accounts exist (off unless chosen)."""
    return get(session, SIGN_IN_TO_READ_KEY) == "1"


def backup_second_folder(session: Session) -> Path | None:
    """The folder each automatic backup is copied to as well, if one was chosen."""
    stored = get(session, SECOND_FOLDER_KEY)
    return Path(stored) if stored else None


def check_folder(value: object) -> str | None:
    """The absolute path of a folder, or None for none. It need not exist now (a USB
    stick may be plugged in later); the backups say when it is missing."""
    if blank(value):
        return None
    path = Path(str(value).strip()).expanduser()
    if not path.is_absolute():
        raise Invalid(lazy("indique la ruta completa de la carpeta"))
    if path.exists() and not path.is_dir():
        raise Invalid(lazy("{path} no es una carpeta", path=path))
    return str(path)


def _idle_minutes(value: object) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | str)
        or not str(value).strip().isdigit()
    ):
        raise Invalid(lazy("debe ser un número entero de minutos"))
    minutes = int(str(value).strip())
    if not 1 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise Invalid(lazy("debe estar entre 1 y {max} minutos", max=MAX_IDLE_LOCK_MINUTES))
    return minutes


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip() in ("0", "1", ""):
        return str(value).strip() == "1"
    raise Invalid(lazy("debe ser sí o no"))


def _unusual_sale(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if value <= 0:
            raise Invalid(lazy("debe ser mayor que cero"))
        return value
    return positive_cents(value)


def set_youth_range(session: Session, actor: str, low: int, high: int) -> None:
    accounts.require(session, actor, Right.ADMIN)
    if not 0 <= low <= high <= MAX_YOUTH_AGE:
        raise ValidationError.single(
            "youth_range",
            YOUTH_RANGE,
            lazy("debe ir de una edad menor a una mayor, entre 0 y 120"),
        )
    put(session, actor, "youth_min_age", str(low))
    put(session, actor, "youth_max_age", str(high))


def current(session: Session) -> dict[str, Any]:
    """The editable settings as stored (the youth range with its legal default)."""
    chosen = get(session, "default_fair_id")
    low, high = youth_range(session)
    return {
        "organization_name": get(session, "organization_name"),
        "municipality_name": get(session, "municipality_name"),
        "logo_path": get(session, "logo_path"),
        "default_fair_id": int(chosen) if chosen and chosen.isdigit() else None,
        "youth_min_age": low,
        "youth_max_age": high,
        UNUSUAL_SALE_KEY: unusual_sale_cents(session),
        IDLE_LOCK_KEY: idle_lock_minutes(session),
        SIGN_IN_TO_READ_KEY: sign_in_to_read(session),
        SECOND_FOLDER_KEY: get(session, SECOND_FOLDER_KEY),
    }


def check_logo(value: object) -> str | None:
    """The absolute path of a PNG or JPG file that can be read, or None for no logo."""
    if blank(value):
        return None
    path = Path(str(value).strip()).expanduser()
    if not path.is_absolute():
        raise Invalid(lazy("indique la ruta completa del archivo"))
    if not path.is_file():
        raise Invalid(lazy("no se encuentra el archivo {path}", path=path))
    try:
        with path.open("rb") as fh:
            start = fh.read(8)
    except OSError:
        raise Invalid(lazy("no se puede leer el archivo {path}", path=path)) from None
    if not (start.startswith(_PNG) or start.startswith(_JPEG)):
        raise Invalid(lazy("el archivo {name} no es una imagen PNG o JPG", name=path.name))
    from PIL import Image  # what the PDF report reads images with (through reportlab)

    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise Invalid(
            lazy("la imagen {name} está dañada o no se puede leer", name=path.name)
        ) from None
    return str(path)


def _youth_age(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise Invalid(lazy("debe ser un número entero"))
    try:
        age = int(value)
    except ValueError:
        raise Invalid(lazy("debe ser un número entero")) from None
    if not 0 <= age <= MAX_YOUTH_AGE:
        raise Invalid(lazy("debe estar entre 0 y {max} años", max=MAX_YOUTH_AGE))
    return age


def _fair_id(session: Session, value: object, stored: int | None) -> int | None:
    if blank(value):
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise Invalid(lazy("no existe esa feria"))
    fair = session.get(Fair, int(str(value).strip()))
    if fair is None:
        raise Invalid(lazy("no existe esa feria"))
    if not fair.active and fair.id != stored:
        raise Invalid(lazy("la feria «{name}» está desactivada; elija otra", name=fair.name))
    return fair.id


def validate(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (any of ``EDITABLE``) merged over the stored settings and checked, or a
    ValidationError by field. The logo and the fair are checked only when they change, so
    that a logo file deleted since, or a fair deactivated since, never blocks other changes."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    stored = current(session)
    merged = {**stored, **values}
    c = Checker()
    clean: dict[str, Any] = {
        "organization_name": c.check(
            "organization_name", ORGANIZATION, text, merged["organization_name"], max_len=NAME_MAX
        ),
        "municipality_name": c.check(
            "municipality_name", MUNICIPALITY, text, merged["municipality_name"], max_len=NAME_MAX
        ),
        "logo_path": merged["logo_path"],
        "default_fair_id": stored["default_fair_id"],
        "youth_min_age": c.check("youth_range", YOUTH_MIN, _youth_age, merged["youth_min_age"]),
        "youth_max_age": c.check("youth_range", YOUTH_MAX, _youth_age, merged["youth_max_age"]),
        UNUSUAL_SALE_KEY: c.check(
            UNUSUAL_SALE_KEY, UNUSUAL_SALE, _unusual_sale, merged[UNUSUAL_SALE_KEY]
        ),
        IDLE_LOCK_KEY: c.check(IDLE_LOCK_KEY, IDLE_LOCK, _idle_minutes, merged[IDLE_LOCK_KEY]),
        SIGN_IN_TO_READ_KEY: c.check(
            SIGN_IN_TO_READ_KEY, SIGN_IN_TO_READ, _flag, merged[SIGN_IN_TO_READ_KEY]
        ),
        SECOND_FOLDER_KEY: merged[SECOND_FOLDER_KEY],
    }
    if merged[SECOND_FOLDER_KEY] != stored[SECOND_FOLDER_KEY]:
        clean[SECOND_FOLDER_KEY] = c.check(
            SECOND_FOLDER_KEY, SECOND_FOLDER, check_folder, merged[SECOND_FOLDER_KEY]
        )
    if merged["logo_path"] != stored["logo_path"]:
        clean["logo_path"] = c.check("logo_path", LOGO, check_logo, merged["logo_path"])
    if merged["default_fair_id"] != stored["default_fair_id"]:
        clean["default_fair_id"] = c.check(
            "default_fair_id", DEFAULT_FAIR, _fair_id, session, merged["default_fair_id"],
            stored["default_fair_id"],
        )  # fmt: skip
    low, high = clean["youth_min_age"], clean["youth_max_age"]
    if low is not None and high is not None and low > high:
        c.add(
            "youth_range",
            YOUTH_RANGE,
            lazy("la edad mínima ({low}) es mayor que la máxima ({high})", low=low, high=high),
        )
    c.done()
    return clean


def _stored_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "1" if value else "0"
    return None if value is None else str(value)


def update(session: Session, actor: str, values: dict[str, Any]) -> None:
    """Checks every value first (nothing is written on error), writes the ones that changed
    and records them in one audit entry with the values before and after."""
    accounts.require(session, actor, Right.ADMIN)
    clean = validate(session, values)
    before = {key: get(session, key) for key in EDITABLE}
    # the defaults in effect
    before[UNUSUAL_SALE_KEY] = str(unusual_sale_cents(session))
    before[IDLE_LOCK_KEY] = str(idle_lock_minutes(session))
    before[SIGN_IN_TO_READ_KEY] = _stored_text(sign_in_to_read(session))
    after = {key: _stored_text(clean[key]) for key in EDITABLE}
    changed = [key for key in EDITABLE if before[key] != after[key]]
    if not changed:
        return
    for key in changed:
        put(session, actor, key, after[key])
    audit.record(session, actor, "update", "setting", None, before, after)
