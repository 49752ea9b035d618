"""The demo fair with a year of history, for the workbook tests (built once per module:
the exports only read it)."""

from __future__ import annotations

import datetime as dt

import pytest

from agroferia.core import demo
from agroferia.core.db import open_database
from agroferia.core.models import Vendor
from tests.conftest import copy_of


@pytest.fixture(scope="module")
def demo_year(pytestconfig, template_db, tmp_path_factory):
    """84 vendors, 52 Sundays up to 22/11/2026; every vendor also has an e-mail and a note
    (the demo gives none), so that a workbook can be searched for them."""
    path = copy_of(pytestconfig, template_db, tmp_path_factory.mktemp("demo"), "agroferia.db")
    database = open_database(path)
    with database.Session() as s:
        demo.build(s, seed=2026, until=dt.date(2026, 11, 22), with_accounts=False)
        for vendor in s.query(Vendor):
            vendor.email = (
                f"{vendor.given_names.split()[0].lower()}.{vendor.code.lower()}@correo.pe"
            )
            vendor.notes = f"Trae su propia balanza ({vendor.code})"
        s.commit()
    yield database
    database.close()
