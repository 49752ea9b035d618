"""``agroferia template`` and ``agroferia import`` from the command line."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from agroferia import cli
from tests import dbread


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


count = dbread.count


def csv_file(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


VENDORS = (
    "Nombres;Apellidos;DNI;Sexo;Rubro",
    "Rosa;Quispe;41234567;F;Gastronomía",
    "Juan;Paz;01234567;M;Artesanía",
)


def test_templates_in_both_languages(db_path, tmp_path):
    code, out, _ = run(
        ["--db", str(db_path), "template", "vendors", "--out", str(tmp_path / "v.xlsx")]
    )
    assert code == 0 and "Plantilla guardada en" in out
    assert load_workbook(tmp_path / "v.xlsx").sheetnames == [
        "Expositores",
        "Instrucciones",
        "Listas",
    ]
    code, _, _ = run(["--db", str(db_path), "template", "sales", "--lang", "en",
                      "--out", str(tmp_path / "s.xlsx")])  # fmt: skip
    book = load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["Sales", "Instructions", "Lists"]
    assert [c.value for c in book["Sales"][1]][:4] == ["Document", "Code", "Vendor", "Date"]


def test_template_refuses_a_wrong_suffix_or_folder(db_path, tmp_path):
    code, _, err = run(
        ["--db", str(db_path), "template", "vendors", "--out", str(tmp_path / "v.csv")]
    )
    assert code == 2 and "debe terminar en .xlsx" in err
    missing = tmp_path / "no" / "v.xlsx"
    code, _, err = run(["--db", str(db_path), "template", "vendors", "--out", str(missing)])
    assert code == 2 and "no existe la carpeta" in err


def test_import_vendors_then_sales(db_path, tmp_path):
    db = str(db_path)
    code, out, err = run(["--db", db, "import", "vendors", str(csv_file(tmp_path / "v.csv", *VENDORS)),
                          "--fair", "Feria de Prueba"])  # fmt: skip
    assert code == 0, err
    assert "Expositores registrados: 2" in out and "Ferias creadas: Feria de Prueba" in out
    sales = csv_file(tmp_path / "s.csv", "DNI,Fecha,Monto", '41234567,22/11/2026,"1,234.50"',
                     "01234567,22/11/2026,20")  # fmt: skip
    code, out, err = run(["--db", db, "import", "sales", str(sales)])
    assert code == 0, err
    assert "Ventas registradas: 2 (S/ 1,254.50)" in out
    assert "Jornadas creadas: 1 (Feria de Prueba 22/11/2026)" in out
    assert (count(db_path, "sale"), count(db_path, "attendance")) == (2, 2)
    code, out, err = run(["--db", db, "import", "sales", str(sales)])
    assert code == 1 and "ya tiene ventas registradas" in err and "No se importó nada" in err
    assert count(db_path, "sale") == 2
    code, out, err = run(["--db", db, "import", "sales", str(sales), "--replace"])
    assert code == 0 and "Ventas anteriores reemplazadas (borradas)" in out
    assert count(db_path, "sale") == 2


def test_import_errors_exit_1_and_write_nothing(db_path, tmp_path):
    bad = csv_file(tmp_path / "v.csv", *VENDORS, "Eva;Ríos;123;F;Gastronomía")
    code, _, err = run(["--db", str(db_path), "import", "vendors", str(bad)])
    assert code == 1
    assert "fila 4, columna DNI: el DNI debe tener exactamente 8 dígitos" in err
    assert count(db_path, "vendor") == 0 and count(db_path, "fair") == 0


def test_dry_run(db_path, tmp_path):
    code, out, _ = run(["--db", str(db_path), "import", "vendors", "--dry-run",
                        str(csv_file(tmp_path / "v.csv", *VENDORS))])  # fmt: skip
    assert code == 0 and "Expositores por registrar: 2" in out and "no se escribió nada" in out
    assert count(db_path, "vendor") == 0


def test_unreadable_file_and_missing_database(db_path, tmp_path):
    code, _, err = run(["--db", str(db_path), "import", "vendors", str(tmp_path / "nada.xlsx")])
    assert code == 1 and "No se encontró el archivo" in err
    code, _, err = run(["--db", str(tmp_path / "otra.db"), "import", "vendors",
                        str(csv_file(tmp_path / "v.csv", *VENDORS))])  # fmt: skip
    assert code == 1 and not (tmp_path / "otra.db").exists()


def test_import_in_english_as_a_subprocess(db_path, tmp_path):
    bad = csv_file(tmp_path / "v.csv", *VENDORS, "Eva;Ríos;123;F;Gastronomía")
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", "--db", str(db_path), "--lang", "en", "import",
         "vendors", str(bad)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    assert "row 4, column DNI: the DNI must have exactly 8 digits" in done.stderr


def test_sex_m_answers_what_a_padron_leaves_open(db_path, tmp_path):
    padron = csv_file(tmp_path / "v.csv", "Nombres;Apellidos;DNI;Sexo;Rubro",
                      "Rosa;Quispe;41234567;M;Gastronomía", "Eva;Ríos;42345678;M;Artesanía")  # fmt: skip
    code, _, err = run(["--db", str(db_path), "import", "vendors", str(padron)])
    assert code == 1 and "escribe M en 2 filas y no usa ni H ni F" in err
    assert "--sex-m mujer o --sex-m hombre" in err
    code, _, err = run(["--db", str(db_path), "import", "vendors", str(padron), "--sex-m", "x"])
    assert code == 2 and "--sex-m" in err
    code, out, err = run(["--db", str(db_path), "import", "vendors", str(padron),
                          "--sex-m", "Mujer"])  # fmt: skip
    assert code == 0, err
    assert "Sexo: M se lee como mujer (indicado al importar)" in out
    assert dbread.query(db_path, "SELECT DISTINCT sex FROM vendor") == [("F",)]


def test_sex_m_in_english(db_path, tmp_path):
    padron = csv_file(tmp_path / "v.csv", "Nombres;Apellidos;DNI;Sexo;Rubro",
                      "Juan;Paz;41234567;M;Gastronomía")  # fmt: skip
    code, _, err = run(["--db", str(db_path), "--lang", "en", "import", "vendors", str(padron),
                        "--sex-m", "male"])  # fmt: skip
    assert code == 0, err
    assert count(db_path, "vendor") == 1
