"""``agroferia products list|add|merge``: the catalogue from the command line."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from agroferia import cli
from agroferia.core import fairs, sales, vendors
from agroferia.core.db import open_database
from agroferia.core.models import AuditLog, Product, Sale, Vendor, vendor_product
from agroferia.core.products import catalogue
from tests.accounts import PASSWORD, add_account

DAY = dt.date(2025, 6, 1)
FAIR = "Feria de Magdalena"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def fair_db(db_path) -> str:
    """Rosa offers «Oca» and «Oca roja» (a name she added), and sold S/ 10.00 of the latter."""
    database = open_database(db_path)
    try:
        with database.Session.begin() as s:
            fair = fairs.create_fair(s, "ana", name=FAIR, weekday=6).id
            data = {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40000001",
                    "main_category": "Tubérculos, granos y menestras", "fair": fair,
                    "products": "Oca; Oca roja"}  # fmt: skip
            rosa = vendors.register(s, "ana", data, today=DAY).id
            day = fairs.add_fair_day(s, "ana", fair, date=DAY).id
            sales.record_sale(s, "ana", day, rosa, "10", product="Oca roja")
    finally:
        database.close()
    return str(db_path)


def counts(path: str) -> tuple[int, int, int]:
    """Products merged, vendor offers, audit entries."""
    database = open_database(path)
    try:
        with database.Session() as s:
            merged = s.scalar(
                select(func.count()).select_from(Product).where(Product.merged_into_id.is_not(None))
            )
            offers = s.scalar(select(func.count()).select_from(vendor_product))
            return merged, offers, s.scalar(select(func.count()).select_from(AuditLog))
    finally:
        database.close()


def test_list_filters_and_json(fair_db) -> None:
    code, said, err = run(["--db", fair_db, "products", "list", "--unreviewed"])
    assert code == 0, err
    lines = said.splitlines()
    assert lines[0].split()[:2] == ["Oca", "roja"]
    assert "1 expositor" in lines[0] and "por revisar" in lines[0]
    assert lines[-1] == "1 producto"
    code, said, err = run(["--db", fair_db, "products", "list", "--native", "--json"])
    assert code == 0, err
    rows = json.loads(said)
    assert rows and all(row["native"] for row in rows)
    oca = next(row for row in rows if row["name"] == "Oca")
    assert oca["rubro"] == "Tubérculos, granos y menestras" and oca["vendors"] == 1
    assert oca["kind"] == "fresh" and oca["scientific_name"] == "Oxalis tuberosa"
    assert "Oca roja" not in {row["name"] for row in rows}  # not native
    code, said, err = run(["--db", fair_db, "products", "list", "--rubro", "artesania", "--json"])
    assert code == 0, err
    assert {row["rubro"] for row in json.loads(said)} == {"Artesanía"}


def test_add_a_product_and_refusals_in_one_line(fair_db) -> None:
    add = ["--db", fair_db, "products", "add"]
    code, said, err = run([*add, "--name", "Papa amarilla tumbay", "--rubro",
                           "tuberculos, granos y menestras", "--native", "--kind", "fresco",
                           "--scientific", "Solanum goniocalyx", "--local-names", "tumbay"])  # fmt: skip
    assert code == 0, err
    assert "Producto añadido al catálogo: Papa amarilla tumbay" in said
    database = open_database(fair_db)
    try:
        with database.Session() as s:
            made = catalogue.find(s, "papa amarilla tumbay")
            assert (made.native, made.reviewed, made.kind) == (True, True, "fresh")
            assert (made.scientific_name, made.local_names) == ("Solanum goniocalyx", "tumbay")
    finally:
        database.close()
    for argv, message in (
        ([*add, "--name", "Otra", "--rubro", "Minería"], "No existe el rubro «Minería»."),
        ([*add, "--name", "OCA", "--rubro", "Artesanía"], "ya existe: «Oca»"),
        ([*add, "--name", "Otra", "--rubro", "Artesanía", "--kind", "congelado"],
         "debe ser fresco, transformado, preparado o artesanía"),
    ):  # fmt: skip
        code, said, err = run(argv)
        assert code == 1 and message in err and "Traceback" not in err, err
        assert len([line for line in err.splitlines() if line.startswith("agroferia:")]) == 1


def test_merge_says_first_and_merges_with_yes(fair_db) -> None:
    merge = ["--db", fair_db, "products", "merge", "--from", "oca ROJA", "--into", "Oca"]
    before = counts(fair_db)
    code, said, err = run(merge)
    assert code == 0, err
    assert "Si se une «Oca roja» a «Oca», pasan a «Oca»: 1 expositor, 1 venta." in said
    assert "--yes" in said
    assert counts(fair_db) == before  # nothing written
    code, said, err = run([*merge, "--yes"])
    assert code == 0, err
    assert "«Oca roja» se unió a «Oca»: 1 expositor, 1 venta." in said
    database = open_database(fair_db)
    try:
        with database.Session() as s:
            oca = catalogue.find(s, "Oca")
            rosa = s.scalars(select(Vendor)).one()
            assert [p.name for p in rosa.products] == ["Oca"]
            assert s.scalars(select(Sale.product_id)).all() == [oca.id]
            assert catalogue.find(s, "oca roja").id == oca.id  # the old name finds it
    finally:
        database.close()
    code, _said, err = run([*merge, "--yes"])  # once merged, it cannot be merged again
    assert code == 1 and "«Oca roja» ya se unió a otro producto." in err


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("Oca", "ÓCA", "Un producto no se puede unir consigo mismo."),
        ("Zapallo de Marte", "Oca", "No hay un producto «Zapallo de Marte» en el catálogo."),
        ("Oca", "Zapallo de Marte", "No hay un producto «Zapallo de Marte» en el catálogo."),
    ],
)
def test_merge_refusals_are_one_line(fair_db, source, target, message) -> None:
    before = counts(fair_db)
    code, said, err = run(["--db", fair_db, "products", "merge", "--from", source,
                           "--into", target, "--yes"])  # fmt: skip
    assert code == 1 and message in err and "Traceback" not in err and said == ""
    assert counts(fair_db) == before


def test_in_english(fair_db) -> None:
    code, said, err = run(["--db", fair_db, "--lang", "en", "products", "merge", "--from",
                           "Oca roja", "--into", "Oca"])  # fmt: skip
    assert code == 0, err
    assert "If “Oca roja” is merged into “Oca”, these move to “Oca”: 1 vendor, 1 sale." in said
    code, _said, err = run(["--db", fair_db, "--lang", "en", "products", "add", "--name", "X",
                            "--rubro", "Minería"])  # fmt: skip
    assert code == 1 and "There is no rubro “Minería”." in err


def test_a_protected_database_asks_who_and_may_refuse(fair_db, monkeypatch) -> None:
    database = open_database(fair_db)
    try:
        with database.Session.begin() as s:
            add_account(s, "consulta", "viewer")
            add_account(s, "organiza", "organizer")
    finally:
        database.close()
    monkeypatch.setenv("AGROFERIA_PASSWORD", PASSWORD)
    merge = ["products", "merge", "--from", "Oca roja", "--into", "Oca", "--yes"]
    before = counts(fair_db)
    code, _said, err = run(["--db", fair_db, *merge])
    assert code == 1 and "--user" in err
    code, _said, err = run(["--db", fair_db, "--user", "consulta", *merge])
    assert code == 1 and "Traceback" not in err and err.strip()
    assert counts(fair_db)[:2] == before[:2]
    code, said, err = run(["--db", fair_db, "--user", "organiza", *merge])
    assert code == 0, err
    assert "se unió" in said
    database = open_database(fair_db)
    try:
        with database.Session() as s:
            entry = s.scalars(select(AuditLog).where(AuditLog.entity == "product")).all()[-1]
            assert (entry.action, entry.actor) == ("merge", "organiza")
    finally:
        database.close()


def test_listing_the_catalogue_needs_no_account(fair_db, monkeypatch) -> None:
    database = open_database(fair_db)
    try:
        with database.Session.begin() as s:
            add_account(s, "organiza", "organizer")
    finally:
        database.close()
    monkeypatch.delenv("AGROFERIA_PASSWORD", raising=False)
    code, said, err = run(["--db", fair_db, "products", "list", "--native"])
    assert code == 0, err
    assert "Quinua" in said and "Mango" not in said
    code, _said, err = run(
        ["--db", fair_db, "products", "add", "--name", "X", "--rubro", "Artesanía"]
    )
    assert code == 1 and "--user" in err
