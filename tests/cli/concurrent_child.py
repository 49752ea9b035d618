"""One of two processes that write to one database at the same moment
(``test_concurrent_writers.py``): it loads what it needs, says it is ready, waits for the
start, then writes once, as the command line or a window would.

    python -m tests.cli.concurrent_child FOLDER NAME cli ARGS…          (agroferia ARGS…)
    python -m tests.cli.concurrent_child FOLDER NAME sheet|payment|fair_day DB JSON

A refusal is told as the application tells it (``agroferia: error: …``, exit 1).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

START_WAIT = 60  # seconds


def _wait(folder: Path, name: str) -> None:
    """Ready; then waits until the test says go (both processes start writing at once)."""
    (folder / f"{name}.ready").touch()
    limit = time.monotonic() + START_WAIT
    while not (folder / "go").exists():
        if time.monotonic() > limit:
            raise SystemExit(f"{name}: never started")
        time.sleep(0.001)


def main(argv: list[str]) -> int:
    folder, name, kind, *rest = argv
    if kind == "cli":
        from agroferia import cli

        _wait(Path(folder), name)
        return cli.main(rest)

    from agroferia.core import day_sheet, fairs, fees, network
    from agroferia.core.db import open_database
    from agroferia.core.errors import AgroferiaError

    db = open_database(rest[0])
    data = json.loads(rest[1])
    try:
        if kind == "sheet":  # loaded before the start, as two windows showing the day
            with db.Session() as s:
                sheet = day_sheet.load(s, data["day"])
            for vendor_id, text in data["amounts"]:
                line = sheet.vendor(vendor_id).lines[0]
                sheet.set_amount(vendor_id, line.category_id, text)
            for vendor_id, text in data.get("paid", []):
                sheet.set_paid(vendor_id, text)

            def work() -> None:
                with db.Session.begin() as s:
                    day_sheet.save(s, "ana", sheet)

        elif kind == "payment":

            def work() -> None:
                with db.Session.begin() as s:
                    fees.record_payment(s, "ana", data["vendor"], data["amount"],
                                        fair_day_id=data["day"])  # fmt: skip

        elif kind == "fair_day":

            def work() -> None:
                with db.Session.begin() as s:
                    fairs.add_fair_day(s, "ana", data["fair"], date=data["date"])

        else:
            raise SystemExit(f"unknown kind {kind}")
        with db.engine.connect():  # connected before the start: both begin at once
            pass
        _wait(Path(folder), name)
        try:
            network.retrying(work)  # as the window does
        except AgroferiaError as refused:
            print(f"agroferia: error: {refused}", file=sys.stderr)
            return 1
        return 0
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
