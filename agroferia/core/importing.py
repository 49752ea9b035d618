"""Importing vendors and sales from spreadsheets: every row is checked first, and only a
file without errors is written, in the caller's one transaction (all or nothing).

Two steps, so that a window can show the check before the user confirms::

    plan = prepare_vendors(session, "expositores.xlsx")   # reads and validates, writes nothing
    if plan.report.ok:
        apply(session, actor, plan)                        # writes everything

``import_vendors`` / ``import_sales`` do both (``dry_run`` stops after the check).  The
parts live in ``agroferia.core.imports``; this module is their one entry point.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from agroferia.core import accounts
from agroferia.core.accounts import Right
from agroferia.core.imports.report import ImportPlan, ImportReport, Problem
from agroferia.core.imports.sales_plan import prepare_sales
from agroferia.core.imports.sales_write import INSERT_BATCH
from agroferia.core.imports.vendor_plan import prepare_vendors

__all__ = [
    "INSERT_BATCH",
    "ImportPlan",
    "ImportReport",
    "Problem",
    "apply",
    "import_file",
    "import_sales",
    "import_vendors",
    "prepare_sales",
    "prepare_vendors",
]


def apply(session: Session, actor: str, plan: ImportPlan) -> None:
    """Writes a checked plan (its report must be ok)."""
    accounts.require(session, actor, Right.REGISTRY)
    if not plan.report.ok:
        raise ValueError("an import with errors is never written")
    plan.apply(session, actor)


def import_vendors(
    session: Session,
    actor: str,
    path: Path | str,
    *,
    fair: str | None = None,
    sex_m: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    accounts.require(session, actor, Right.REGISTRY)
    return import_file(
        session, actor, "vendors", path, fair=fair, sex_m=sex_m, dry_run=dry_run, today=today
    )


def import_sales(
    session: Session,
    actor: str,
    path: Path | str,
    *,
    fair: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    accounts.require(session, actor, Right.REGISTRY)
    return import_file(
        session, actor, "sales", path, fair=fair, replace=replace, dry_run=dry_run, today=today
    )


def import_file(
    session: Session,
    actor: str,
    kind: str,
    path: Path | str,
    *,
    fair: str | None = None,
    replace: bool = False,
    sex_m: str | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
) -> ImportReport:
    """``import_vendors`` or ``import_sales`` (``kind`` "vendors" or "sales"), as the
    command line and the window both offer them; ``replace`` concerns sales only, ``sex_m``
    (what the letter M means: the code F or M) vendors only."""
    accounts.require(session, actor, Right.REGISTRY)
    if kind == "vendors":
        plan = prepare_vendors(session, path, fair=fair, sex_m=sex_m, today=today)
    elif kind == "sales":
        plan = prepare_sales(session, path, fair=fair, replace=replace, today=today)
    else:
        raise ValueError(f"unknown import kind {kind!r}")
    if plan.report.ok and not dry_run:
        apply(session, actor, plan)
    return plan.report
