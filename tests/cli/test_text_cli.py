"""The command line never prints an escape sequence or a bidirectional control that a name
holds: names imported now are stored without them, and those stored before (or read from
a file) are shown without them."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

from agroferia import cli
from tests import dbread

HIDDEN = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200b", "\r")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def csv_file(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def clean(text: str) -> bool:
    return not any(char in text for char in HIDDEN)


rows = dbread.query


def write_as_an_older_version(db: Path, sql: str, *params: object) -> None:
    """What a database written before these rules (or by another program) may hold."""
    dbread.execute(db, sql, *params)


def test_imported_names_are_stored_without_escapes_or_overrides(db_path, tmp_path):
    vendors = csv_file(
        tmp_path / "v.csv",
        "Nombres;Apellidos;DNI;Rubro",
        "\x1b[31mRosa\x1b[0m;Quispe\u202e;41234567;Gastronomía",
        "\u200b\u200b;Paz;42345678;Gastronomía",
    )
    code, out, err = run(["--db", str(db_path), "import", "vendors", str(vendors),
                          "--fair", "\x1b]0;pwned\x07Feria\u2066 Sur"])  # fmt: skip
    assert code == 1 and clean(out + err)
    assert "fila 3, columna Nombres: es obligatorio" in err
    vendors = csv_file(tmp_path / "v.csv", *vendors.read_text().splitlines()[:2])
    code, out, err = run(["--db", str(db_path), "import", "vendors", str(vendors),
                          "--fair", "\x1b]0;pwned\x07Feria\u2066 Sur"])  # fmt: skip
    assert code == 0, err
    assert clean(out + err) and "Ferias creadas: Feria Sur" in out
    assert rows(db_path, "SELECT given_names, surnames FROM vendor") == [("Rosa", "Quispe")]
    assert rows(db_path, "SELECT name FROM fair") == [("Feria Sur",)]


def test_names_stored_before_are_printed_without_them(db_path, tmp_path):
    db = str(db_path)
    vendors = csv_file(tmp_path / "v.csv", "Nombres;Apellidos;DNI;Rubro",
                       "Rosa;Quispe;41234567;Gastronomía")  # fmt: skip
    assert run(["--db", db, "import", "vendors", str(vendors), "--fair", "Feria Sur"])[0] == 0
    sales = csv_file(tmp_path / "s.csv", "DNI;Fecha;Monto", "41234567;22/11/2026;25.50")
    assert run(["--db", db, "import", "sales", str(sales)])[0] == 0
    write_as_an_older_version(
        db_path,
        "UPDATE vendor SET given_names = ?, surnames = ?",
        "\x1b[31mRosa\x1b]2;título\x07",
        "\u202eQuispe\x1b[2J\r",
    )
    write_as_an_older_version(db_path, "UPDATE fair SET name = ?", "Feria\x1b[5m Sur\u2066")
    write_as_an_older_version(
        db_path, "UPDATE category SET name = ? WHERE name = 'Gastronomía'", "\x9b1mGastronomía"
    )

    # an import naming the stored vendor: its document is already registered
    again = csv_file(tmp_path / "w.csv", "Nombres;Apellidos;DNI;Rubro",
                     "Eva;Ríos;41234567;Artesanía")  # fmt: skip
    code, out, err = run(["--db", db, "import", "vendors", str(again)])
    assert code == 1 and clean(out + err), err
    assert "ya está registrado para Rosa Quispe (EXP-0001)" in err

    # the terminal summary names the rubros; an error names the fair
    code, out, err = run(["--db", db, "stats", "--from", "2026-11-01", "--to", "2026-11-30"])
    assert code == 0 and clean(out + err), err
    assert "1mGastronomía: S/ 25.50" in out
    code, out, err = run(["--db", db, "export", "day", "--date", "2026-11-15", "--fair",
                          "Feria\x1b[5m Sur\u2066", "--out", str(tmp_path / "d.pdf")])  # fmt: skip
    assert code == 1 and clean(out + err)
    assert "La feria «Feria Sur» no tiene jornada el 15/11/2026." in err

    # the bytes a terminal receives from the command itself
    done = subprocess.run(
        [sys.executable, "-m", "agroferia", "--db", db, "import", "vendors", str(again)],
        capture_output=True, stdin=subprocess.DEVNULL, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert "ya está registrado para Rosa Quispe".encode() in done.stderr
    assert b"\x1b" not in done.stdout + done.stderr
    assert not any(c.encode() in done.stdout + done.stderr for c in HIDDEN)
