"""Two people importing La Punta's padrón at the same moment, in two processes, against one
SQLite file and one database of a real PostgreSQL server, when some of its producers already
sell at Magdalena: each of them joins La Punta once, each new producer is registered once,
and the one who loses is told why in plain words."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agroferia.core import audit, fairs, vendors
from agroferia.core.db import open_database
from agroferia.core.models import AuditLog, Fair, Membership, Vendor
from tests.cli.test_concurrent_writers import at_once, cli, refused

BACKENDS = ("sqlite", "postgresql")
JOINING = 30  # producers of Magdalena in La Punta's padrón
NEW = 20  # and producers new to the network
_names = itertools.count(1)


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path) -> str:
    """Magdalena with ``JOINING`` producers, and La Punta without any: a file's path, or a
    database's URL."""
    if request.param == "sqlite":
        where = str(tmp_path / "agroferia.db")
    else:
        server = request.getfixturevalue("pg_server")
        name = f"inscripciones_{next(_names)}"
        where = server.create_database(name)
        request.addfinalizer(lambda: server.drop_database(name))
    database = open_database(where)
    with database.Session.begin() as s:
        magdalena = fairs.create_fair(s, audit.SYSTEM, name="Feria de Magdalena")
        fairs.create_fair(s, audit.SYSTEM, name="Feria de La Punta")
        for n in range(JOINING):
            vendors.register(
                s, audit.SYSTEM,
                {"given_names": f"Rosa{n}", "surnames": "Quispe", "doc_number": f"{60_000_000 + n}",
                 "main_category": "Artesanía", "fair": magdalena.id},
                today=dt.date(2026, 11, 24),
            )  # fmt: skip
    database.close()
    return where


def padron(path: Path) -> Path:
    lines = ["Nombres;Apellidos;DNI;Rubro;Feria"]
    lines += [
        f"Rosa{n};QUISPE;{60_000_000 + n};Artesanía;Feria de La Punta" for n in range(JOINING)
    ]
    lines += [f"Eva{n};Ríos;{70_000_000 + n};Artesanía;Feria de La Punta" for n in range(NEW)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def network(target: str) -> tuple[int, int, int, int]:
    """Vendors, distinct codes, members of La Punta, and the audit trail's updates."""
    database = open_database(target)
    try:
        with database.Session() as s:
            punta = s.scalar(select(Fair.id).where(Fair.name == "Feria de La Punta"))
            return (
                s.scalar(select(func.count()).select_from(Vendor)),
                s.scalar(select(func.count(Vendor.code.distinct()))),
                s.scalar(select(func.count()).where(Membership.fair_id == punta)),
                s.scalar(select(func.count()).where(AuditLog.action == "update")),
            )
    finally:
        database.close()


def test_one_padron_imported_twice_at_once_joins_each_producer_once(target, tmp_path) -> None:
    command = cli(target, "import", "vendors", str(padron(tmp_path / "la_punta.csv")))
    results = at_once(tmp_path, command, command)
    assert network(target) == (JOINING + NEW, JOINING + NEW, JOINING + NEW, JOINING)
    [winner] = [r.stdout for r in results if r.returncode == 0]
    assert f"Expositores ya registrados inscritos en otra feria: {JOINING}" in winner
    [loser] = refused(results)
    assert (
        "e inscrito en Feria de La Punta" in loser
        or "Otra persona acaba de" in loser
    ), loser  # fmt: skip
