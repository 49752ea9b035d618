"""How long the statistics take on a PostgreSQL server compared with a SQLite file, on ten
years of history (about a million sales rows), each against a bare baseline measured in
the same run.

    python -m bench.bench_network [--db /work/benchdata/large.db] [--repeat 7]

The database (built by ``bench.large_data`` when missing) is never written: it is copied to
a temporary folder and brought to the current schema there, then loaded into a database of
a throw-away PostgreSQL cluster (``tests/pgserver.py``: started here and removed at the
end, or the server named by ``AGROFERIA_TEST_POSTGRES``) with ``COPY``, table by table in
the order of their foreign keys; the sequences follow and ``VACUUM ANALYZE`` gives the
planner its statistics.  Interleaved in each repeat, in process, on each backend:

* baseline: three aggregates over the raw tables of the period (the sales' total, the
  vendors present, the fees due) with the bare driver (``sqlite3``, ``psycopg``);
* ``core.stats.compute`` for the period, every figure of the Panel and the reports.

Prints medians for one year and ten years on each backend, the ratio PostgreSQL / SQLite
(target ≤ 2×) and each one's ratio to its baseline; then checks that both backends gave the
same figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import psycopg
from sqlalchemy import inspect

from agroferia.core import stats
from agroferia.core.db import open_database
from bench.bench_stats import BASELINE, END, LARGE_DB, prepared, timed
from tests import pgserver

PERIODS = {"one year": END - dt.timedelta(days=365), "ten years": dt.date(2016, 1, 1)}
TARGET = 2.0  # PostgreSQL within twice SQLite's time
NAME = "bench_network"


def load(path: Path, server: pgserver.Server) -> str:
    """The URL of a server database holding what the SQLite file at ``path`` holds."""
    url = server.create_database(NAME, template="template0")
    database = open_database(url)  # the schema, at the current revision
    order = inspect(database.engine).get_sorted_table_and_fkc_names()
    database.close()
    tables = [name for name, _keys in order if name and name != "alembic_version"]
    source = sqlite3.connect(path)
    in_file = {n for (n,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert set(tables) <= in_file, f"not in the file: {sorted(set(tables) - in_file)}"
    started = time.perf_counter()
    rows = 0
    with (
        psycopg.connect(server.url(NAME).replace("+psycopg", "")) as conn,
        conn.cursor() as cur,
    ):
        cur.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        with_id = []
        for table in tables:
            columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
            if "id" in columns:
                with_id.append(table)
            names = ", ".join(columns)
            with cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
                    rows += 1
        for table in with_id:
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
            sequence = cur.fetchone()[0]
            if sequence is not None:
                cur.execute(
                    f"SELECT setval(%s, coalesce(max(id), 0) + 1, false) FROM {table}",
                    (sequence,),
                )
    source.close()
    with psycopg.connect(server.url(NAME).replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"loaded {rows:,} rows into PostgreSQL in {time.perf_counter() - started:.1f} s")
    return url


def baseline_sqlite(con: sqlite3.Connection, start: dt.date, end: dt.date) -> None:
    for sql in BASELINE:
        con.execute(sql, (start.isoformat(), end.isoformat())).fetchall()


def baseline_postgresql(con: psycopg.Connection, start: dt.date, end: dt.date) -> None:
    for sql in BASELINE:
        con.execute(sql.replace("?", "%s"), (start, end)).fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=LARGE_DB)
    parser.add_argument("--repeat", type=int, default=7)
    ns = parser.parse_args()
    server = pgserver.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = prepared(ns.db, Path(tmp))
            url = load(path, server)
            run(path, url, server, max(5, ns.repeat))
    finally:
        server.drop_database(NAME)
        server.stop()


def run(path: Path, url: str, server: pgserver.Server, repeat: int) -> None:
    databases = {"sqlite": open_database(path), "postgresql": open_database(url)}
    bare = {
        "sqlite": (sqlite3.connect(path), baseline_sqlite),
        "postgresql": (
            psycopg.connect(server.url(NAME).replace("+psycopg", ""), autocommit=True),
            baseline_postgresql,
        ),
    }
    sessions = {name: db.Session() for name, db in databases.items()}
    times = {
        (backend, period, kind): []
        for backend in databases
        for period in PERIODS
        for kind in ("app", "bare")
    }
    figures = {}
    try:
        for backend, s in sessions.items():  # warm the caches, and keep the figures
            con, bare_run = bare[backend]
            for period, start in PERIODS.items():
                figures[backend, period] = stats.compute(s, start, END).to_json()
                bare_run(con, start, END)
        for _ in range(repeat):
            for period, start in PERIODS.items():
                for backend, s in sessions.items():
                    con, bare_run = bare[backend]
                    times[backend, period, "bare"].append(
                        timed(lambda c=con, b=bare_run, st=start: b(c, st, END))
                    )
                    times[backend, period, "app"].append(
                        timed(lambda s=s, st=start: stats.compute(s, st, END))
                    )
                    s.rollback()
    finally:
        for s in sessions.values():
            s.close()
        for con, _run in bare.values():
            con.close()
        for db in databases.values():
            db.close()
    med = {key: statistics.median(values) * 1000 for key, values in times.items()}
    print(f"stats.compute, median of {repeat}")
    print(f"{'':<11}{'SQLite':>10}{'bare':>9}{'PostgreSQL':>12}{'bare':>9}{'PG/SQLite':>11}"
          f"{'bare PG/SQLite':>16}   target")  # fmt: skip
    for period in PERIODS:
        lite, lite_bare = med["sqlite", period, "app"], med["sqlite", period, "bare"]
        pg, pg_bare = med["postgresql", period, "app"], med["postgresql", period, "bare"]
        met = f"≤ {TARGET:.0f}×: " + ("met" if pg / lite <= TARGET else "NOT met")
        print(f"{period:<11}{lite:>8.1f}ms{lite_bare:>7.1f}ms{pg:>10.1f}ms{pg_bare:>7.1f}ms"
              f"{pg / lite:>10.2f}×{pg_bare / lite_bare:>15.2f}×   {met}")  # fmt: skip
    for period in PERIODS:
        same = figures["sqlite", period] == figures["postgresql", period]
        print(f"{period}: the same figures on both backends: {'yes' if same else 'NO'}")
    print(f"(PostgreSQL {server.host}:{server.port} over TCP on this machine)")


if __name__ == "__main__":
    main()
