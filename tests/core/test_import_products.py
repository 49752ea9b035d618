"""The products in the import files: what each producer offers (the padrón's ``Productos``)
and what a sale was of (the sales file's ``Producto``)."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from agroferia.core import audit, fairs, importing, padron, vendors
from agroferia.core.models import AuditLog, Category, Product, Sale, Vendor
from agroferia.core.products import catalogue
from agroferia.core.products.names import Names

TODAY = dt.date(2026, 11, 24)
SYSTEM = audit.SYSTEM
HEADER = "Nombres|Apellidos|DNI|Sexo|Rubro|Productos|Feria"
MAGDALENA = "Feria de Magdalena"


def write_csv(path: Path, *lines: str) -> Path:
    """A CSV separated by ``;`` from lines whose cells are separated by ``|`` (a cell of
    products, itself separated by ``;``, is quoted as a spreadsheet writes it)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, delimiter=";").writerows(line.split("|") for line in lines)
    return path


def write_xlsx(path: Path, *rows: list) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def offered(session, doc: str) -> list[str]:
    vendor = session.scalars(select(Vendor).where(Vendor.doc_number == doc)).one()
    return sorted(p.name for p in vendor.products)


@pytest.fixture
def fair(session):
    made = fairs.create_fair(session, SYSTEM, name=MAGDALENA)
    session.commit()
    return made


def test_the_padron_lists_what_each_producer_offers(session, tmp_path, fair):
    products_before = count(session, Product)
    path = write_csv(
        tmp_path / "padron.csv",
        HEADER,
        "Rosa|Quispe|40000001|F|Tubérculos, granos y menestras|papa nativa; OCA ;Papa huayro|",
        "Juan|Mamani|40000002|M|Frutas de costa y selva|Tuna;lúcuma;TUNA|",
        "Luz|Rojas|40000003|F|Hortalizas y verduras|Brócoli; papa HUAYRO|",
        "Ana|Soto|40000004|F|Hortalizas y verduras||",
    )
    checked = importing.import_vendors(session, SYSTEM, path, dry_run=True, today=TODAY)
    assert [str(e) for e in checked.errors] == []
    note = "Se añadirán 3 productos nuevos al catálogo, por revisar: Papa huayro, Tuna, Brócoli"
    assert note in checked.lines()
    assert count(session, Product) == products_before  # a dry run writes no product
    assert count(session, Vendor) == 0
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    session.commit()
    assert note.replace("Se añadirán", "Se añadieron") in report.lines()
    assert count(session, Product) == products_before + 3  # «TUNA», «papa HUAYRO»: the same
    assert offered(session, "40000001") == ["Oca", "Papa huayro", "Papa nativa"]
    assert offered(session, "40000002") == ["Lúcuma", "Tuna"]
    assert offered(session, "40000003") == ["Brócoli", "Papa huayro"]
    assert offered(session, "40000004") == []
    huayro = catalogue.find(session, "papa huayro")
    assert (huayro.reviewed, huayro.category.name) == (False, "Tubérculos, granos y menestras")
    tuna = catalogue.find(session, "tuna")
    assert (tuna.reviewed, tuna.category.name) == (False, "Frutas de costa y selva")
    # each vendor's audit entry names the products it offers
    entry = session.scalars(
        select(AuditLog).where(AuditLog.entity == "vendor", AuditLog.action == "import")
    ).first()
    assert entry is not None and '"products": [' in entry.after


def test_an_xlsx_padron_and_a_name_too_long_refused_with_its_row(session, tmp_path, fair):
    long_name = "Papa " + "muy " * 30
    path = write_xlsx(
        tmp_path / "padron.xlsx",
        ["Nombres", "Apellidos", "DNI", "Rubro", "Productos que ofrece"],
        ["Rosa", "Quispe", "40000001", "Tubérculos, granos y menestras", "Oca; " + long_name],
        ["Juan", "Mamani", "40000002", "Tubérculos, granos y menestras", "Maca"],
    )
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    errors = [str(e) for e in report.errors]
    assert len(errors) == 1
    assert errors[0].startswith("fila 2, columna Productos que ofrece:")
    assert "80" in errors[0]
    assert count(session, Vendor) == 0  # nothing written
    path = write_xlsx(
        tmp_path / "padron2.xlsx",
        ["Nombres", "Apellidos", "DNI", "Rubro", "Productos que ofrece"],
        ["Juan", "Mamani", "40000002", "Tubérculos, granos y menestras", "MACA;Yacon"],
    )
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    session.commit()
    assert report.written and offered(session, "40000002") == ["Maca", "Yacón"]
    assert not any("productos nuevos" in line for line in report.lines())


def test_joining_another_fair_never_changes_the_products(session, tmp_path, fair):
    punta = fairs.create_fair(session, SYSTEM, name="Feria de La Punta")
    data = {"given_names": "María", "surnames": "Quispe", "doc_number": "41234567",
            "main_category": "Tubérculos, granos y menestras", "fair": fair.id, "products": "Oca; Maca"}  # fmt: skip
    maria = vendors.register(session, SYSTEM, data, today=TODAY)
    session.commit()
    before = count(session, Product)
    path = write_csv(
        tmp_path / "padron_punta.csv",
        HEADER,
        f"María|Quispe|41234567||Tubérculos, granos y menestras|Oca; Papa amarilla|{punta.name}",
    )
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    session.commit()
    assert [str(w) for w in report.warnings] == [
        "fila 2, columna DNI: DNI 41234567 ya está registrado (María Quispe, EXP-0001): se "
        "inscribe también en Feria de La Punta; sus datos registrados se mantienen: "
        "productos difiere"
    ]
    session.expire_all()
    assert sorted(p.name for p in maria.products) == ["Maca", "Oca"]
    assert count(session, Product) == before  # «Papa amarilla» is not added
    assert not any("productos nuevos" in line for line in report.lines())
    # the same products, written otherwise: nothing differs
    path = write_csv(
        tmp_path / "padron_otra.csv",
        HEADER,
        "María|Quispe|41234567||Tubérculos, granos y menestras|MACA;oca|Feria de Jesús María",
    )
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    assert [str(w) for w in report.warnings] != []
    assert str(report.warnings[0]).endswith("sus datos no cambian")


def test_an_exported_padron_gives_the_products_back(session, tmp_path, fair):
    from agroferia.reports.workbook.padron import write_roster

    data = {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40000001",
            "main_category": "Tubérculos, granos y menestras", "fair": fair.id,
            "products": "Papa nativa; Oca; Papa huayro"}  # fmt: skip
    vendors.register(session, SYSTEM, data, today=TODAY)
    session.commit()
    assert [r.products for r in padron.rows(session)] == [("Oca", "Papa huayro", "Papa nativa")]
    out = tmp_path / "padron.xlsx"
    write_roster(session, SYSTEM, out)
    sheet = load_workbook(out)["Inscripción"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(row for row in rows if row and "Productos" in row)
    cell = rows[rows.index(head) + 1][head.index("Productos")]
    assert cell == "Oca; Papa huayro; Papa nativa"
    # the cell, read as the import reads it, names the same products
    again = catalogue.offers(session, cell)
    assert [o.name for o in again] == ["Oca", "Papa huayro", "Papa nativa"]
    assert all(o.product_id is not None for o in again)


def test_names_resolve_in_memory_following_merges(session):
    oca = catalogue.find(session, "oca")
    extra = catalogue.add(session, SYSTEM, {"name": "Oca roja", "category": oca.category_id})
    catalogue.merge(session, SYSTEM, extra.id, oca.id)
    names = Names(session)
    assert names.find("OCA  ROJA") == (oca.id, "Oca")
    assert names.find("óca") == (oca.id, "Oca")
    assert names.find("Zapallo azul de Marte") is None
    assert "Oca" in names.closest("Occa")
    assert "Oca roja" not in names.closest("Oca roj")  # merged names are not offered


SALES_HEADER = "DNI|Fecha|Monto|Producto"


@pytest.fixture
def seller(session, fair):
    data = {"given_names": "Rosa", "surnames": "Quispe", "doc_number": "40000001",
            "main_category": "Tubérculos, granos y menestras", "fair": fair.id}  # fmt: skip
    vendor = vendors.register(session, SYSTEM, data, today=TODAY)
    session.commit()
    return vendor


def sales_of(session) -> list[tuple[int, str | None]]:
    rows = session.execute(
        select(Sale.amount_cents, Product.name)
        .outerjoin(Product, Product.id == Sale.product_id)
        .order_by(Sale.id)
    )
    return [tuple(row) for row in rows]


def test_a_sale_may_name_its_product(session, tmp_path, seller):
    oca = catalogue.find(session, "oca")
    roja = catalogue.add(session, SYSTEM, {"name": "Oca roja", "category": oca.category_id})
    catalogue.merge(session, SYSTEM, roja.id, oca.id)
    session.commit()
    path = write_xlsx(
        tmp_path / "ventas.xlsx",
        ["DNI", "Fecha", "Monto", "Producto", "Rubro"],
        ["40000001", "22/11/2026", "10.00", "MACA", None],
        ["40000001", "22/11/2026", "20.00", "oca roja", None],  # merged: the one it now is
        ["40000001", "22/11/2026", "30.00", None, None],
        ["40000001", "23/11/2026", "40.00", "lucuma", "Artesanía"],
        ["40000001", "23/11/2026", "50.00", "lucuma", None],
    )
    report = importing.import_sales(session, SYSTEM, path, today=TODAY)
    session.commit()
    assert report.ok and report.written, [str(e) for e in report.errors]
    assert sales_of(session) == [
        (1000, "Maca"), (2000, "Oca"), (3000, None), (4000, "Lúcuma"), (5000, "Lúcuma")
    ]  # fmt: skip
    # a sale of a product is of the product's rubro, unless the file says another
    named = {c.id: c.name for c in session.scalars(select(Category))}
    rubros = [named[c] for c in session.scalars(select(Sale.category_id).order_by(Sale.id))]
    assert rubros[2:] == ["Tubérculos, granos y menestras", "Artesanía", "Frutas de costa y selva"]
    logged = session.scalars(
        select(AuditLog.after).where(AuditLog.entity == "sale").order_by(AuditLog.entity_id)
    ).all()
    assert [json.loads(entry)["product_id"] for entry in logged] == [
        catalogue.find(session, "maca").id,
        oca.id,
        None,
        *[catalogue.find(session, "lúcuma").id] * 2,
    ]


def test_an_unknown_product_refuses_its_row_offering_the_closest(session, tmp_path, seller):
    path = write_csv(
        tmp_path / "ventas.csv",
        SALES_HEADER,
        "40000001|22/11/2026|10.00|Olluco",
        "40000001|22/11/2026|20.00|Ollucco",
        "40000001|22/11/2026|30.00|Zzxq",
    )
    report = importing.import_sales(session, SYSTEM, path, today=TODAY)
    errors = [str(e) for e in report.errors]
    assert errors[0].startswith(
        "fila 3, columna Producto: «Ollucco» no está en el catálogo de productos; ¿quiso decir"
    )
    assert "Olluco" in errors[0]
    assert errors[1] == (
        "fila 4, columna Producto: «Zzxq» no está en el catálogo de productos; añádalo primero "
        "(agroferia products add) o deje la celda vacía"
    )
    assert len(errors) == 2 and count(session, Sale) == 0


def test_a_file_without_the_column_writes_no_product_and_asks_no_more(session, tmp_path, seller):
    from sqlalchemy import event

    path = write_csv(
        tmp_path / "ventas.csv",
        "DNI|Fecha|Monto",
        *(f"40000001|{day:02d}/11/2026|{day}.50" for day in range(1, 23)),
    )
    with_column = write_csv(
        tmp_path / "ventas_producto.csv",
        SALES_HEADER,
        *(f"40000001|{day:02d}/10/2026|{day}.50|Maca" for day in range(1, 23)),
    )
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        report = importing.import_sales(session, SYSTEM, path, today=TODAY)
        without = list(statements)
        statements.clear()
        report_with = importing.import_sales(session, SYSTEM, with_column, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    session.commit()
    assert report.written and report_with.written
    assert not any("FROM product" in s for s in without)  # the catalogue is not even read
    assert session.scalar(select(func.count()).where(Sale.product_id.is_(None))) == 22
    assert session.scalar(select(func.count()).where(Sale.product_id.is_not(None))) == 22
    # naming the product costs one reading of the catalogue per file, not one per row
    assert len(statements) <= len(without) + 1


def test_the_templates_have_the_columns_and_their_example_imports(session, tmp_path, fair):
    from agroferia.core.templates import write_template

    for kind, header in (("vendors", "Productos"), ("sales", "Producto")):
        out = tmp_path / f"{kind}.xlsx"
        write_template(session, kind, out)
        book = load_workbook(out)
        assert header in [cell.value for cell in book.worksheets[0][1]]
    # the vendors template, its example row written over with a real vendor who offers
    # what the example says, imports
    book = load_workbook(tmp_path / "vendors.xlsx")
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    mine = {"Nombres": "Rosa", "Apellidos": "Quispe", "Documento": "40000009"}
    for cell, header in zip(sheet[2], headers, strict=True):
        if header not in ("Rubro", "Productos"):
            cell.value = mine.get(header)
    assert sheet[2][headers.index("Productos")].value == "Papa nativa; Oca; Olluco"
    book.save(tmp_path / "filled.xlsx")
    report = importing.import_vendors(session, SYSTEM, tmp_path / "filled.xlsx", today=TODAY)
    assert report.ok, [str(e) for e in report.errors]
    session.commit()
    assert offered(session, "40000009") == ["Oca", "Olluco", "Papa nativa"]


def test_a_product_of_a_deactivated_rubro_refuses_its_row(session, tmp_path, seller):
    from agroferia.core import catalog

    crafts = session.scalars(select(Category).where(Category.name == "Artesanía")).one()
    catalog.set_active(session, SYSTEM, crafts.id, False)
    session.commit()
    path = write_csv(
        tmp_path / "ventas.csv", SALES_HEADER, "40000001|22/11/2026|10.00|Mate burilado"
    )
    report = importing.import_sales(session, SYSTEM, path, today=TODAY)
    assert [str(e) for e in report.errors] == [
        "fila 2, columna Producto: el rubro «Artesanía» está desactivado"
    ]
    assert count(session, Sale) == 0


@pytest.mark.parametrize("cell", [dt.datetime(2026, 1, 1), 3.5, True])
def test_a_products_cell_that_is_no_text_refuses_its_row(session, tmp_path, fair, cell):
    path = write_xlsx(
        tmp_path / "padron.xlsx",
        ["Nombres", "Apellidos", "DNI", "Rubro", "Productos"],
        ["Rosa", "Quispe", "40000011", "Artesanía", cell],
        ["Luz", "Mamani", "40000012", "Artesanía", "Mate burilado"],
    )
    report = importing.import_vendors(session, SYSTEM, path, today=TODAY)
    errors = [str(e) for e in report.errors]
    assert len(errors) == 1 and errors[0].startswith("fila 2, columna Productos")
    assert "separados por «;»" in errors[0]
    assert count(session, Vendor) == 0
