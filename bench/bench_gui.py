"""How quickly the window is usable, and how quickly the registry filters 10,000 vendors.

    python -m bench.bench_gui [--repeat 5] [--vendors 10000]

Start-up: a fresh process opens the demo database, signed in as its administrator (the
sign-in dialog itself is not timed), and reports when the main window is painted and when the panel's figures (computed on a worker thread) are on screen; the time
counts from the process start, Python and the imports included.  Filtering: a registry page
over N vendors with realistic names, typing a search one key at a time and changing each
filter; the figure is the time from the change to the page (table, counts) being updated.
Runs offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

STARTUP = r"""
import time, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
from agroferia.core.db import open_database
from agroferia.ui.main_window import MainWindow
from agroferia.ui.prefs import Prefs
from agroferia.core import accounts
from agroferia.ui.context import Account
app = QApplication([])
db = open_database(sys.argv[1], create=False)
with db.Session() as s:  # signed in as the demo's administrator (the dialog is not timed)
    user = Account.of(accounts.find(s, "admin"))
window = MainWindow(db, Prefs(), user)
window.show()
app.processEvents()
print("painted", time.time(), flush=True)
sales = window.pages["panel"].findChild(QLabel, "card_sales")
def poll():
    if "S/" in sales.text():
        print("figures", time.time(), flush=True)
        app.quit()
    else:
        QTimer.singleShot(5, poll)
QTimer.singleShot(0, poll)  # within the event loop: a quit before it starts would be lost
app.exec()
"""


def startup(db: Path, repeat: int) -> None:
    painted, figures = [], []
    env = {**os.environ, "AGROFERIA_CONFIG_DIR": tempfile.mkdtemp()}
    for _ in range(repeat):
        start = time.time()
        out = subprocess.run([sys.executable, "-c", STARTUP, str(db)], env=env,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
        marks = dict(line.split() for line in out.splitlines() if line.split()[0] in
                     ("painted", "figures"))  # fmt: skip
        painted.append(float(marks["painted"]) - start)
        figures.append(float(marks["figures"]) - start)
    print(f"start-up to a painted window: median {statistics.median(painted):.2f} s "
          f"(min {min(painted):.2f}, max {max(painted):.2f})")  # fmt: skip
    print(f"start-up to the panel's figures: median {statistics.median(figures):.2f} s "
          f"(min {min(figures):.2f}, max {max(figures):.2f})")  # fmt: skip


def many_vendors(path: Path, n: int) -> None:
    from agroferia.core import demo, fairs, vendors
    from agroferia.core.db import open_database
    from agroferia.core.models import Category, Membership, Vendor
    from agroferia.core.ubigeo import fold

    rng = random.Random(7)
    db = open_database(path)
    with db.Session.begin() as s:
        categories = list(s.scalars(select(Category.id)))
        rows = []
        for i in range(n):
            female = rng.random() < 0.55
            given = rng.choice(demo.WOMEN_GIVEN if female else demo.MEN_GIVEN)
            surnames = f"{rng.choice(demo.SURNAMES)} {rng.choice(demo.SURNAMES)}"
            doc = f"{10_000_000 + i}"
            association = f"Asociación {rng.choice(demo.SURNAMES)} {i % 300}"
            rows.append({
                "code": f"EXP-{i + 1:05d}", "given_names": given, "surnames": surnames,
                "doc_type": "DNI", "doc_number": doc, "sex": "F" if female else "M",
                "birth_date": dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(21000)),
                "region": rng.choice(("Lima", "Cusco", "Junín", "Puno", "Piura", "Ica")),
                "association": association, "main_category_id": rng.choice(categories),
                "status": rng.choice(("active",) * 8 + ("suspended", "withdrawn")),
                "registered_on": dt.date(2020, 1, 1),
                "search_key": fold(f"{given} {surnames} {doc} {association} EXP-{i + 1:05d}"),
            })  # fmt: skip
        s.execute(insert(Vendor), rows)
        fair_id = fairs.create_fair(s, "system", name="Feria de prueba").id
        by_code = dict(s.execute(select(Vendor.code, Vendor.id)).all())
        s.execute(insert(Membership), [
            {"vendor_id": by_code[f"EXP-{i + 1:05d}"], "fair_id": fair_id, "status": "active",
             "registered_on": dt.date(2020, 1, 1), "stall": f"{'ABCD'[i % 4]}-{i % 90}"}
            for i in range(n)
        ])  # fmt: skip
        assert vendors.search(s, "quispe", limit=1)
    db.close()


def filtering(path: Path, repeat: int) -> None:
    from PySide6.QtWidgets import QApplication

    from agroferia.core.db import open_database
    from agroferia.ui.context import AppContext
    from agroferia.ui.prefs import Prefs
    from agroferia.ui.vendors.page import VendorsPage

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(open_database(path), Prefs(Path(tempfile.mkdtemp()) / "p.ini"))
    loads, keys, combos = [], [], []
    page = VendorsPage(ctx)
    page.resize(1200, 700)
    page.show()
    for _ in range(repeat):
        start = time.perf_counter()
        page.refresh()
        app.processEvents()
        loads.append(time.perf_counter() - start)
        for text in ("q", "qu", "qui", "quis", "quisp", "quispe", "quispe m", "quispe ma"):
            start = time.perf_counter()
            page.search.setText(text)
            app.processEvents()
            keys.append(time.perf_counter() - start)
        page.search.clear()
        for combo in (page.sex, page.age, page.status, page.region, page.category):
            for index in (1, 0):
                start = time.perf_counter()
                combo.setCurrentIndex(index)
                app.processEvents()
                combos.append(time.perf_counter() - start)
    rows = len(page.model.all_rows())
    print(f"{rows} vendors: loading the registry {statistics.median(loads) * 1000:.0f} ms "
          f"(median of {len(loads)})")  # fmt: skip
    print(f"  one keystroke of search: median {statistics.median(keys) * 1000:.1f} ms, "
          f"max {max(keys) * 1000:.1f} ms ({len(keys)} keystrokes)")  # fmt: skip
    print(f"  one filter change: median {statistics.median(combos) * 1000:.1f} ms, "
          f"max {max(combos) * 1000:.1f} ms ({len(combos)} changes)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--vendors", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        demo_db = Path(folder) / "demo.db"
        subprocess.run([sys.executable, "-m", "agroferia", "--db", str(demo_db), "demo"],
                       check=True, capture_output=True)  # fmt: skip
        startup(demo_db, args.repeat)
        big = Path(folder) / "many.db"
        many_vendors(big, args.vendors)
        filtering(big, args.repeat)


if __name__ == "__main__":
    main()
