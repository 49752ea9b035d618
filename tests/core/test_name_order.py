"""Names are listed in the order of a Spanish dictionary, the same on SQLite and on a
PostgreSQL server whatever its collation: accents and case count only to break ties, Ñ is
a letter after N."""

from __future__ import annotations

import datetime as dt
import itertools

import openpyxl
import pytest
from sqlalchemy import select

from agroferia.core import catalog, fairs, padron, roster, ubigeo, vendors
from agroferia.core.collation import blank_last, name_key, text_key
from agroferia.core.collation_sql import bytewise
from agroferia.core.db import open_database
from agroferia.core.models import Vendor
from agroferia.reports.workbook.padron import write_roster
from tests.reports.workbooks import table

TODAY = dt.date(2026, 11, 24)
NOW = dt.datetime(2026, 11, 24, 9, 0)

# (surnames, given names), in the order expected
PEOPLE = [
    ("Álvarez", "Rosa"),
    ("Ávila", "Juan"),
    ("Cárdenas", "Ana"),
    ("Castillo", "Luis"),
    ("Chávez", "Elena"),
    ("Choque", "Pedro"),
    ("De La Cruz", "Marta"),  # equal but for case: the exact text decides
    ("de la Cruz", "Marta"),
    ("de la Cruz Mamani", "Ana"),
    ("Núñez", "Ana"),
    ("Núñez", "Luz"),
    ("Nuñovero", "Carlos"),
    ("Ñahui", "Teodora"),
    ("Ortiz", "José"),
    ("ortiz", "José"),
    ("Öztürk", "Ali"),
    ("Zapata", "Irma"),
]
# codes as a file may bring them: the same order on every database, that of the code points
CODES = ["b-2", "B1", "a 3", "A-10", "A-9", "á1", "Á2", "A9", "a10", "ñ1", "N1", "n-2", "o1",
         "Z", "z", "AB", "ab"]  # fmt: skip
FAIRS = ["Ate", "Jesús María", "Jesus Nazareno", "Magdalena", "Ñaña", "Surco"]

_numbers = itertools.count(1)


def test_the_key_is_a_spanish_dictionarys_order():
    names = ["Zapata", "Ñahui", "Nuñez", "Nuez", "Ortiz", "Ávila", "avila", "Avila", "Chávez"]
    assert sorted(names, key=text_key) == [
        "Avila", "avila", "Ávila", "Chávez", "Nuez", "Nuñez", "Ñahui", "Ortiz", "Zapata",
    ]  # fmt: skip
    # a total order: equal names are told apart by the id
    assert name_key("Quispe", "Rosa", 2) > name_key("Quispe", "Rosa", 1)
    # surnames first, as whole words: "de la Cruz" before "de la Cruz Mamani"
    assert name_key("de la Cruz", "Rosa") < name_key("de la Cruz Mamani", "Ana")
    assert text_key(None) == text_key("")
    # a missing text after every other one, whatever it starts with
    assert sorted([None, "Ñaña", "", "Ate"], key=blank_last) == ["Ate", "Ñaña", None, ""]


def test_places_are_listed_in_the_same_order():
    # "Canta" before "Cañete": Ñ is a letter after N, not an N
    assert ubigeo.provinces("Lima")[2:4] == ["Canta", "Cañete"]
    assert ubigeo.regions()[:3] == ["Amazonas", "Áncash", "Apurímac"]


def _fill(url_or_path) -> None:
    database = open_database(url_or_path)
    try:
        with database.Session.begin() as s:
            category = catalog.list_categories(s)[0].name
            # registered in an order that is neither the expected one nor its reverse
            for surnames, given in PEOPLE[1::2] + PEOPLE[::2]:
                vendors.register(
                    s, "ana",
                    {"given_names": given, "surnames": surnames, "main_category": category,
                     "doc_number": f"{40000000 + next(_numbers)}"},
                    today=TODAY,
                )  # fmt: skip
            for name in FAIRS[::-1]:
                fairs.create_fair(s, "ana", name=name)
            for vendor, code in zip(s.scalars(select(Vendor)), CODES, strict=True):
                vendor.code = code
    finally:
        database.close()


def _orders(url_or_path, tmp_path) -> dict[str, list]:
    database = open_database(url_or_path)
    try:
        with database.Session() as s:
            path = tmp_path / "padron.xlsx"
            write_roster(s, "ana", path, now=NOW)
            _headers, rows = table(openpyxl.load_workbook(path)["Padrón"], "Código")
            return {
                "padron_sheet": [(r[1].value, r[2].value) for r in rows],
                "padron": [(r.surnames, r.given_names) for r in padron.rows(s, today=TODAY)],
                "roster": [(r.surnames, r.given_names) for r in roster.roster(s, TODAY)],
                "search": [(v.surnames, v.given_names) for v in vendors.search(s)],
                "fairs": [f.name for f in fairs.list_fairs(s) if f.name in FAIRS],
                "codes": list(s.scalars(select(Vendor.code).order_by(bytewise(Vendor.code)))),
            }
    finally:
        database.close()


def _check(orders: dict[str, list]) -> None:
    for what in ("padron_sheet", "padron", "roster", "search"):
        assert orders[what] == PEOPLE, what
    assert orders["fairs"] == FAIRS
    assert orders["codes"] == sorted(CODES)


def test_names_sort_in_spanish_order_on_this_backend(db_path, tmp_path):
    _fill(db_path)
    _check(_orders(db_path, tmp_path))


# databases whose own order of text differs: bytes (as SQLite's), and Spanish
COLLATIONS = {
    "c": "LC_COLLATE 'C' LC_CTYPE 'C'",
    "icu_es": "LOCALE_PROVIDER icu ICU_LOCALE 'es' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
}


@pytest.mark.parametrize("collation", sorted(COLLATIONS))
def test_names_sort_alike_whatever_the_servers_collation(pg_server, tmp_path, collation):
    name = f"orden_{collation}"
    with pg_server.admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 {COLLATIONS[collation]}')
    url = pg_server.url(name)
    try:
        _fill(url)
        _check(_orders(url, tmp_path))
        # the server's own order is not that one: the names' order with bytes, the codes'
        # with a language's rules
        if collation == "c":
            assert _by_database(url)[-4:] == ["Álvarez", "Ávila", "Ñahui", "Öztürk"]
        else:
            assert _by_database(url, "code") != sorted(CODES)
    finally:
        pg_server.drop_database(name)


def _by_database(url_or_path, column: str = "surnames") -> list[str]:
    """The surnames (or codes) in the database's own order of text."""
    database = open_database(url_or_path)
    try:
        with database.engine.connect() as conn:
            query = f"SELECT {column} FROM vendor ORDER BY {column}, given_names, id"
            return [row[0] for row in conn.exec_driver_sql(query)]
    finally:
        database.close()


def test_sqlite_alone_would_put_accented_names_last(tmp_path):
    path = tmp_path / "orden.db"
    _fill(path)
    assert _by_database(path)[-4:] == ["Álvarez", "Ávila", "Ñahui", "Öztürk"]
    _check(_orders(path, tmp_path))
