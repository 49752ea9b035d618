"""``agroferia export excel|pdf``: the files equal ``agroferia stats --json``; ``export
roster`` writes the confidential padrón and records it in the audit log."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from agroferia import cli
from agroferia.core.money import format_money

PERIOD = ["--from", "2026-01-01", "--to", "2026-06-30"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code, _, err = run(["--db", str(path), "demo", "--until", "2026-11-22"])
    assert code == 0, err
    return path


@pytest.fixture(scope="module")
def figures(demo) -> dict:
    code, out, err = run(["--db", str(demo), "stats", *PERIOD, "--json"])
    assert code == 0, err
    return json.loads(out)


def soles(amount: str) -> str:
    return format_money(Decimal(amount))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_equals_stats(demo, figures, tmp_path):
    out = tmp_path / "informe.pdf"
    code, stdout, err = run(["--db", str(demo), "export", "pdf", *PERIOD, "--out", str(out)])
    assert code == 0, err
    assert str(out) in stdout
    text = pdf_text(out)
    assert soles(figures["sales"]["total"]) in text
    assert soles(figures["sales"]["average_per_vendor_day"]) in text
    # each rubro with its sales, or, resting on fewer than three vendors, added into «Otros»
    by_category = figures["sales"]["by_category"]
    folded = [c for c, amount in by_category.items() if soles(amount) not in text]
    assert 0 < len(folded) < len(by_category)
    assert all(c in text for c in by_category)
    others = sum(Decimal(by_category[c]) for c in folded)
    flat = " ".join(text.split())
    assert f"Otros {len(folded)} rubros" in flat and soles(str(others)) in flat
    assert f"«Otros {len(folded)} rubros»: " in flat
    assert all(c in flat.split(f"«Otros {len(folded)} rubros»: ")[1][:200] for c in folded)
    assert "del 01/01/2026 al 30/06/2026" in text
    assert "Página 1 de" in text


def test_pdf_in_english(demo, tmp_path):
    out = tmp_path / "report.pdf"
    code, _, err = run(["--db", str(demo), "export", "pdf", *PERIOD, "--out", str(out),
                        "--lang", "en"])  # fmt: skip
    assert code == 0, err
    text = pdf_text(out)
    assert "Page 1 of" in text and "Página" not in text


def test_excel_equals_stats(demo, figures, tmp_path):
    out = tmp_path / "resumen.xlsx"
    code, _, err = run(["--db", str(demo), "export", "excel", *PERIOD, "--out", str(out)])
    assert code == 0, err
    book = load_workbook(out)
    money = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, int | float | Decimal)]  # fmt: skip
    total = Decimal(figures["sales"]["total"])
    assert any(Decimal(str(v)) == total for v in money)
    # the municipal summary: no one's document number or name
    text = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]  # fmt: skip
    assert book.sheetnames == [
        "Resumen",
        "Por jornada",
        "Por rubro",
        "Participación",
        "Regiones",
        "Agrobiodiversidad",
    ]
    assert not [t for t in text if re.search(r"\b\d{8}\b|EXP-\d{4}", t)]


@pytest.fixture
def as_admin(monkeypatch) -> list[str]:
    """``--user admin``, the demo's administrator, with its password in the environment."""
    monkeypatch.setenv("AGROFERIA_PASSWORD", "demo-admin")
    return ["--user", "admin"]


def audit_exports(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as con:
        return con.execute(
            "SELECT actor, action, entity, entity_id, after FROM audit_log "
            "WHERE entity = 'padron' ORDER BY id"
        ).fetchall()


def test_roster_is_the_confidential_padron_and_is_recorded(demo, tmp_path, as_admin):
    out = tmp_path / "padron.xlsx"
    before = audit_exports(demo)
    code, stdout, err = run(["--db", str(demo), *as_admin, "export", "roster", "--out", str(out)])
    assert code == 0, err
    assert f"Padrón de 84 expositores guardado en {out}." in stdout
    assert "datos personales" in err  # said where a person reading the screen sees it
    book = load_workbook(out)
    assert book.sheetnames == ["Padrón", "Inscripción"]
    assert book.worksheets[0]["A1"].value == "CONFIDENCIAL — datos personales (Ley 29733)"
    documents = [c.value for (c,) in book["Padrón"].iter_rows(min_col=5, max_col=5)]
    assert sum(1 for d in documents if isinstance(d, str) and re.fullmatch(r"\d{8}", d)) == 84
    (entry,) = audit_exports(demo)[len(before) :]
    assert entry[:4] == ("admin", "export", "padron", None)
    assert json.loads(entry[4]) == {"people": 84, "fair": None, "from": None, "to": None}


def test_roster_of_a_fair_and_a_period_in_english(demo, tmp_path, as_admin):
    out = tmp_path / "roster.xlsx"
    code, _, err = run(["--db", str(demo), *as_admin, "export", "roster", "--out", str(out),
                        "--fair", "Agroferia Campesina de Magdalena", *PERIOD, "--lang",
                        "en"])  # fmt: skip
    assert code == 0, err
    book = load_workbook(out)
    assert book.sheetnames == ["Roster", "Registration", "Sales and fees", "Sales (entries)"]
    assert "CONFIDENTIAL" in book.worksheets[0]["A1"].value
    after = json.loads(audit_exports(demo)[-1][4])
    assert after == {"people": 84, "fair": "Agroferia Campesina de Magdalena",
                     "from": "2026-01-01", "to": "2026-06-30"}  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message", "status"),
    [
        (["--from", "2026-01-01"], "--from y --to van juntos", 2),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "es posterior a la final", 2),
        (["--fair", "Feria que no existe"], "Feria que no existe", 1),
    ],
)
def test_roster_bad_command_lines(demo, tmp_path, as_admin, args, message, status):
    out = tmp_path / "padron.xlsx"
    before = audit_exports(demo)
    code, _, err = run(["--db", str(demo), *as_admin, "export", "roster", "--out", str(out),
                        *args])  # fmt: skip
    assert code == status and message in err
    assert not out.exists()
    assert audit_exports(demo) == before
    code, _, err = run(["--db", str(demo), "export", "roster", "--out", str(tmp_path / "p.pdf")])
    assert code == 2 and "debe terminar en .xlsx" in err


@pytest.mark.parametrize("fmt", ["excel", "pdf"])
def test_fair_filter_and_unknown_fair(demo, tmp_path, fmt):
    out = tmp_path / ("x.xlsx" if fmt == "excel" else "x.pdf")
    code, _, err = run(["--db", str(demo), "export", fmt, *PERIOD, "--out", str(out),
                        "--fair", "Feria que no existe"])  # fmt: skip
    assert code == 1 and "Feria que no existe" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-01", "--to", "2026-01-01"], "es posterior a la final"),
        (PERIOD, "debe terminar en .pdf"),
    ],
)
def test_bad_command_lines(demo, tmp_path, args, message):
    out = tmp_path / ("x.pdf" if "posterior" in message else "x.xlsx")
    code, _, err = run(["--db", str(demo), "export", "pdf", *args, "--out", str(out)])
    assert code == 2 and message in err
    assert not out.exists()


def test_missing_database_is_not_created(tmp_path):
    db = tmp_path / "nueva.db"
    code, _, err = run(
        ["--db", str(db), "export", "pdf", *PERIOD, "--out", str(tmp_path / "x.pdf")]
    )
    assert code == 1 and err
    assert not db.exists() and not (tmp_path / "x.pdf").exists()


# ------------------------------------------------------------------ export day (one fair day)

DAY = ["--date", "2026-11-22"]


def test_day_summary_equals_stats_for_that_day(demo, tmp_path):
    code, out, err = run(["--db", str(demo), "stats", "--from", "2026-11-22", "--to",
                          "2026-11-22", "--json"])  # fmt: skip
    assert code == 0, err
    day = json.loads(out)
    target = tmp_path / "jornada.pdf"
    code, stdout, err = run(["--db", str(demo), "export", "day", *DAY, "--out", str(target)])
    assert code == 0, err
    assert str(target) in stdout
    assert len(PdfReader(target).pages) == 1
    text = " ".join(pdf_text(target).split())
    assert "Resumen de la jornada" in text
    assert "Domingo, 22 de noviembre de 2026" in text
    assert f"{soles(day['sales']['total'])} Ventas totales" in text
    assert f"{soles(day['fees']['paid'])} Cuotas cobradas" in text
    assert f"{soles(day['fees']['outstanding'])} Cuotas pendientes" in text


def test_day_summary_of_a_named_fair_in_english(demo, tmp_path):
    target = tmp_path / "day.pdf"
    code, _, err = run(["--db", str(demo), "export", "day", *DAY, "--fair",
                        "agroferia campesina de magdalena", "--out", str(target),
                        "--lang", "en"])  # fmt: skip
    assert code == 0, err
    text = " ".join(pdf_text(target).split())
    assert "Sunday, 22 November 2026" in text and "Page 1 of 1" in text


def test_day_summary_without_a_fair_day_on_that_date(demo, tmp_path):
    target = tmp_path / "x.pdf"
    code, _, err = run(["--db", str(demo), "export", "day", "--date", "2026-11-21",
                        "--out", str(target)])  # fmt: skip
    assert code == 1
    assert "no tiene jornada el 21/11/2026" in err and "Agroferia Campesina" in err
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_day_summary_of_an_unknown_fair(demo, tmp_path):
    target = tmp_path / "x.pdf"
    code, _, err = run(["--db", str(demo), "export", "day", *DAY, "--fair", "Feria que no existe",
                        "--out", str(target)])  # fmt: skip
    assert code == 1 and "Feria que no existe" in err
    assert not target.exists()


def test_day_summary_needs_a_fair_when_there_is_no_default(tmp_path):
    from agroferia.core import fairs
    from agroferia.core.audit import SYSTEM
    from agroferia.core.db import open_database

    path = tmp_path / "dos.db"
    db = open_database(path)
    with db.Session() as s:
        for name in ("Feria del Norte", "Feria del Sur"):
            fair = fairs.create_fair(s, SYSTEM, name=name)
            fairs.add_fair_day(s, SYSTEM, fair.id, date=dt.date(2026, 11, 22))
        s.commit()
    db.close()
    target = tmp_path / "x.pdf"
    code, _, err = run(["--db", str(path), "export", "day", *DAY, "--out", str(target)])
    assert code == 1 and "No hay una feria predeterminada" in err and "--fair" in err
    assert not target.exists()
    code, _, err = run(["--db", str(path), "export", "day", *DAY, "--fair", "Feria del Sur",
                        "--out", str(target)])  # fmt: skip
    assert code == 0, err
    assert "Feria del Sur" in pdf_text(target)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*DAY, "--out", "x.xlsx"], "debe terminar en .pdf"),
        (["--date", "22/11/2026", "--out", "x.pdf"], "no es una fecha válida"),
        (["--out", "x.pdf"], "--date"),
    ],
)
def test_day_summary_bad_command_lines(demo, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["--db", str(demo), "export", "day", *args])
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []
