"""``agroferia summary --check`` and ``--rebuild`` on real database files: a sale changed by
hand, outside the application, is found and mended; only an administrator rebuilds."""

from __future__ import annotations

from tests import dbread
from tests.cli.test_accounts_cli import as_user, demo, demo_template, dump, query, run  # noqa: F401

FOUND = "Los resúmenes de las estadísticas no coinciden con las ventas de una jornada"


def summary(path) -> list[tuple]:
    return query(path, "SELECT * FROM sales_summary ORDER BY 1, 2, 3, 4, 5")


def _by_hand(path) -> tuple[str, str]:
    """Adds a céntimo to the first sale and removes the last attendance, in SQL; the date of
    the sale's fair day and the year of the attendance's."""
    year = dbread.scalar(
        path,
        "SELECT d.date FROM attendance a JOIN fair_day d "
        "ON d.id = a.fair_day_id ORDER BY a.id DESC LIMIT 1",
    )
    dbread.execute(path, "UPDATE sale SET amount_cents = amount_cents + 1 WHERE id = 1")
    dbread.execute(path, "DELETE FROM attendance WHERE id = (SELECT max(id) FROM attendance)")
    date = dbread.scalar(
        path, "SELECT d.date FROM sale s JOIN fair_day d ON d.id = s.fair_day_id WHERE s.id = 1"
    )
    y, m, d = str(date).split("-")
    return f"{d}/{m}/{y}", str(year)[:4]


def test_check_finds_a_sale_changed_by_hand_and_rebuild_mends_it(demo, monkeypatch):  # noqa: F811
    code, out, err = run(["--db", str(demo), "summary", "--check"])
    assert (
        code == 0
        and out.startswith("Los resúmenes de las estadísticas coinciden con las ventas y la ")
        and not err
    )
    day, year = _by_hand(demo)
    before, summary_before = dump(demo), summary(demo)
    code, out, err = run(["--db", str(demo), "summary", "--check"])
    assert code == 1 and not out
    assert (
        f"{FOUND} ({day}) ni con la asistencia del año {year}. "
        "Reconstrúyalos con: agroferia summary --rebuild"
    ) in err
    assert dump(demo) == before  # a check writes nothing
    code, out, err = run(["--db", str(demo), *as_user(monkeypatch, "tesorero"), "summary",
                          "--rebuild"])  # fmt: skip
    assert code == 1 and "agroferia: error:" in err and "Traceback" not in err
    assert summary(demo) == summary_before  # (the sign-in itself is recorded)
    code, out, err = run(["--db", str(demo), *as_user(monkeypatch, "admin"), "summary",
                          "--rebuild"])  # fmt: skip
    assert code == 0 and out.startswith("Resúmenes de las estadísticas reconstruidos: ")
    code, out, _err = run(["--db", str(demo), "summary", "--check"])
    assert code == 0 and "coinciden" in out


def test_summary_asks_what_to_do(demo):  # noqa: F811
    code, _out, err = run(["--db", str(demo), "summary"])
    assert code == 2 and "hace falta uno de estos argumentos: --check --rebuild" in err
    code, _out, err = run(["--db", str(demo), "summary", "--check", "--rebuild"])
    assert code == 2 and "argumento --rebuild: no va junto con --check" in err
