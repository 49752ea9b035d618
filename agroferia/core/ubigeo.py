"""Peru's regions (departamentos), provinces and districts, matched ignoring case and accents.

``CANETE``, ``cañete`` and ``Cañete`` are the same province; the canonical spelling (title
case with accents, from INEI) is what gets stored.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from agroferia.config import resources_dir
from agroferia.core.collation import text_key


def fold(name: str) -> str:
    """Upper case, no accents (Ñ becomes N), single spaces: the key names are matched on."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", bare).strip().upper()


def _key(name: str) -> str:
    """Names are matched ignoring case, accents and spaces (``CASAGRANDE`` is Casa Grande)."""
    return fold(name).replace(" ", "")


@dataclass(frozen=True)
class Place:
    region: str
    province: str | None = None
    district: str | None = None
    ubigeo: str | None = None  # six digits for a district, else the region's or province's prefix


class _Index:
    def __init__(self) -> None:
        self.regions: dict[str, str] = {}  # folded -> canonical
        self.provinces: dict[str, dict[str, str]] = {}  # region -> folded -> canonical
        self.districts: dict[tuple[str, str], dict[str, tuple[str, str]]] = {}
        self.codes: dict[tuple[str, ...], str] = {}
        path = resources_dir() / "ubigeo" / "ubigeo_peru.csv"
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                code, reg, prov, dist = (
                    row["ubigeo"],
                    row["departamento"],
                    row["provincia"],
                    row["distrito"],
                )
                self.regions.setdefault(_key(reg), reg)
                self.provinces.setdefault(reg, {}).setdefault(_key(prov), prov)
                self.districts.setdefault((reg, prov), {})[_key(dist)] = (dist, code)
                self.codes.setdefault((reg,), code[:2])
                self.codes.setdefault((reg, prov), code[:4])


@cache
def _index() -> _Index:
    return _Index()


def regions() -> list[str]:
    return sorted(_index().regions.values(), key=text_key)


def provinces(region: str) -> list[str]:
    canonical = find_region(region)
    return sorted(_index().provinces.get(canonical or "", {}).values(), key=text_key)


def districts(region: str, province: str) -> list[str]:
    reg = find_region(region)
    prov = find_province(reg, province) if reg else None
    found = _index().districts.get((reg or "", prov or ""), {})
    return sorted((name for name, _ in found.values()), key=text_key)


def find_region(name: str) -> str | None:
    return _index().regions.get(_key(name))


def find_province(region: str, name: str) -> str | None:
    return _index().provinces.get(region, {}).get(_key(name))


def find_district(region: str, province: str, name: str) -> tuple[str, str] | None:
    """(canonical name, six-digit ubigeo) or None."""
    return _index().districts.get((region, province), {}).get(_key(name))


def code_of(region: str, province: str | None = None) -> str:
    key = (region,) if province is None else (region, province)
    return _index().codes[key]
