"""``agroferia export planilla``: the paper planilla of a fair day, for an account that works
with people; a date without a fair day is refused, saying how to create it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from agroferia import cli
from agroferia.cli_auth import PASSWORD_VAR
from agroferia.core.demo import demo_password

DAY = ["--date", "2026-11-22"]


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The demo fair up to 22/11/2026, with the demo's accounts."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code, _, err = run(["--db", str(path), "demo", "--until", "2026-11-22"])
    assert code == 0, err
    return path


def as_user(monkeypatch, demo: Path, user: str) -> list[str]:
    monkeypatch.setenv(PASSWORD_VAR, demo_password(user))
    return ["--db", str(demo), "--user", user]


def text_of(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_the_treasurer_prints_the_planilla(demo, tmp_path, monkeypatch):
    target = tmp_path / "planilla.pdf"
    code, out, err = run([*as_user(monkeypatch, demo, "tesorero"), "export", "planilla", *DAY,
                          "--out", str(target)])  # fmt: skip
    assert code == 0, err
    pages = text_of(target)
    assert f"Planilla de {len(pages)} páginas guardada en {target}" in out
    assert len(pages) > 1
    assert all("Planilla de la jornada" in p and "Medio de pago" in p for p in pages)
    assert "Domingo, 22 de noviembre de 2026" in pages[0]
    assert len(re.findall(r"EXP-\d{4}", " ".join(pages))) == 84


def test_in_english_for_a_named_fair(demo, tmp_path, monkeypatch):
    target = tmp_path / "form.pdf"
    code, out, err = run([*as_user(monkeypatch, demo, "organizador"), "export", "planilla",
                          *DAY, "--fair", "agroferia campesina de magdalena", "--out",
                          str(target), "--lang", "en"])  # fmt: skip
    assert code == 0, err
    first = text_of(target)[0]
    assert f"Paper form of {len(text_of(target))} pages saved to {target}" in out
    assert "Fair day paper form" in first and "Sunday, 22 November 2026" in first
    assert "Payment method" in first and "Page 1 of" in first


def test_a_date_without_a_fair_day_says_how_to_create_it(demo, tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    code, _, err = run([*as_user(monkeypatch, demo, "tesorero"), "export", "planilla",
                        "--date", "2026-11-29", "--out", str(target)])  # fmt: skip
    assert code == 1
    assert "no tiene jornada el 29/11/2026" in err and "Jornadas" in err
    assert "Nueva jornada" in err
    assert not target.exists()


def test_names_are_not_for_a_viewer_nor_for_nobody(demo, tmp_path, monkeypatch):
    target = tmp_path / "x.pdf"
    code, _, err = run([*as_user(monkeypatch, demo, "consulta"), "export", "planilla", *DAY,
                        "--out", str(target)])  # fmt: skip
    assert code == 1 and "nombres de los expositores" in err
    code, _, err = run(["--db", str(demo), "export", "planilla", *DAY, "--out", str(target)])
    assert code == 1 and "--user" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([*DAY, "--out", "x.xlsx"], "debe terminar en .pdf"),
        (["--date", "22/11/2026", "--out", "x.pdf"], "no es una fecha válida"),
        (["--out", "x.pdf"], "--date"),
    ],
)
def test_bad_command_lines(demo, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["--db", str(demo), "export", "planilla", *args])
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []


def test_slips_instead_of_the_planilla(demo, tmp_path, monkeypatch):
    target = tmp_path / "registros.pdf"
    code, out, err = run([*as_user(monkeypatch, demo, "tesorero"), "export", "planilla", *DAY,
                          "--slips", "--out", str(target)])  # fmt: skip
    assert code == 0, err
    pages = text_of(target)
    assert f"Registros de ventas ({len(pages)} páginas) guardados en {target}" in out
    assert len(pages) == 11
    assert " ".join(pages).count("Registro de ventas del expositor") == 84
