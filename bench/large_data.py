"""A large database for benchmarks: ten years of weekly fair days and about a million sales.

    python -m bench.large_data OUT.db [--sales 1000000] [--vendors 2000] [--seed 1]

Rows go in through SQLAlchemy Core in batches (the services validate one row at a time,
which is right for people and far too slow for a million rows of known-good data).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from pathlib import Path

from sqlalchemy import insert, select

from agroferia.core.db import open_database
from agroferia.core.models import Attendance, Category, Fair, FairDay, Membership, Sale, Vendor

BATCH = 50_000


def build(path: Path, *, sales: int = 1_000_000, vendors: int = 2000, seed: int = 1) -> dict:
    rng = random.Random(seed)
    db = open_database(path)
    last = dt.date(2026, 11, 22)
    days = [last - dt.timedelta(weeks=w) for w in range(520)][::-1]
    per_day = max(1, sales // len(days))
    with db.Session.begin() as s:
        fair = Fair(name="Feria de prueba", weekday=6, active=True)
        s.add(fair)
        s.flush()
        categories = list(s.scalars(select(Category.id)))
        s.execute(
            insert(Vendor),
            [
                {
                    "code": f"EXP-{i:05d}",
                    "given_names": f"Nombre{i}",
                    "surnames": f"Apellido{i}",
                    "doc_type": "DNI",
                    "doc_number": f"{10_000_000 + i}",
                    "sex": rng.choice(("F", "M", "F", "M", "other", "not_stated")),
                    "birth_date": None
                    if rng.random() < 0.05
                    else dt.date(rng.randint(1950, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                    "region": rng.choice(("Lima", "Cusco", "Junín", "Puno", "Piura")),
                    "main_category_id": rng.choice(categories),
                    "status": "active",
                    "registered_on": dt.date(2016, 1, 1),
                    "search_key": f"NOMBRE{i} APELLIDO{i}",
                }
                for i in range(1, vendors + 1)
            ],
        )
        s.execute(
            insert(Membership),
            [
                {"vendor_id": vid, "fair_id": fair.id, "status": "active",
                 "registered_on": dt.date(2016, 1, 1)}
                for vid in s.scalars(select(Vendor.id))
            ],
        )  # fmt: skip
        s.execute(
            insert(FairDay), [{"fair_id": fair.id, "date": d, "visitors": 1500} for d in days]
        )
        day_ids = [i for (i,) in s.execute(select(FairDay.id).order_by(FairDay.date))]
    started = time.perf_counter()
    rows: list[dict] = []
    count = 0
    with db.engine.begin() as conn:
        for day_id in day_ids:
            present = rng.sample(range(1, vendors + 1), min(vendors, per_day))
            conn.execute(
                insert(Attendance), [{"fair_day_id": day_id, "vendor_id": v} for v in present]
            )
            for vendor_id in present:
                rows.append(
                    {
                        "fair_day_id": day_id,
                        "vendor_id": vendor_id,
                        "category_id": rng.choice(categories),
                        "amount_cents": rng.randint(1000, 90000),
                        "payment_method": rng.choice(("cash", "yape", "plin", "card")),
                        "entered_by": "bench",
                    }
                )
            if len(rows) >= BATCH:
                conn.execute(insert(Sale), rows)
                count += len(rows)
                rows = []
        if rows:
            conn.execute(insert(Sale), rows)
            count += len(rows)
    elapsed = time.perf_counter() - started
    db.close()
    return {"sales": count, "fair_days": len(days), "vendors": vendors, "insert_seconds": elapsed}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sales", type=int, default=1_000_000)
    parser.add_argument("--vendors", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    ns = parser.parse_args()
    if ns.out.exists():
        parser.error(f"{ns.out} exists; choose a new file")
    info = build(ns.out, sales=ns.sales, vendors=ns.vendors, seed=ns.seed)
    print(
        f"{info['sales']:,} sales, {info['fair_days']} fair days, {info['vendors']:,} vendors; "
        f"sales inserted at {info['sales'] / info['insert_seconds']:,.0f} rows/s"
    )
