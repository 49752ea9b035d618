"""One producer, several fairs: a vendor belongs to each fair of a network with a stall,
status and registration date of its own there, and is one person in the figures of all."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from agroferia.core import audit, day_sheet, fairs, importing, roster, stats, vendors
from agroferia.core.errors import ValidationError
from agroferia.core.models import Membership
from tests import network
from tests.core.test_importing import write_csv

MARCH = network.MARCH
TODAY = dt.date(2026, 4, 30)


@pytest.fixture
def net(db):
    """``tests.network``'s two fairs, with their members: Ana at both, with a stall at each."""
    with db.Session.begin() as s:
        ids = network.build(s)
        surco, angeles = ids["surco"], ids["angeles"]
        since = dt.date(2026, 1, 1)
        for name, places in (
            ("Ana", [(surco, "S-1"), (angeles, "A-7")]),
            ("Beto", [(surco, "S-2")]),
            ("Carla", [(angeles, "A-1")]),
            ("Dora", [(angeles, None)]),
            ("Eva", [(angeles, "A-2")]),
        ):
            wanted = [{"fair": f, "stall": stall, "registered_on": since} for f, stall in places]
            vendors.update(s, "t", ids[name], {"fairs": wanted}, today=TODAY)
    return db, ids


def places(db, vendor_id: int) -> dict[int, tuple]:
    with db.Session() as s:
        return {
            m.fair_id: (m.stall, m.status, m.registered_on)
            for m in s.scalars(select(Membership).where(Membership.vendor_id == vendor_id))
        }


def test_a_producer_of_two_fairs_is_counted_once_for_all_fairs(net) -> None:
    db, ids = net
    with db.Session() as s:
        everyone = stats.compute(s, *MARCH)
        surco = stats.compute(s, *MARCH, fair_id=ids["surco"])
        angeles = stats.compute(s, *MARCH, fair_id=ids["angeles"])
    assert (surco.vendors.registered, surco.vendors.present) == (2, 2)  # Ana, Beto
    assert (angeles.vendors.registered, angeles.vendors.present) == (4, 4)  # Ana, Carla, …
    # Ana once: 5 people, not 2 + 4
    assert (everyone.vendors.registered, everyone.vendors.present) == (5, 5)
    assert everyone.vendors.by_sex["F"] == 3 and everyone.vendors.youth == 2


def test_each_fairs_day_sheet_lists_its_members_with_the_stall_there(net) -> None:
    db, ids = net
    with db.Session.begin() as s:
        at_surco = fairs.add_fair_day(s, "t", ids["surco"], date=dt.date(2026, 4, 12)).id
        at_angeles = fairs.add_fair_day(s, "t", ids["angeles"], date=dt.date(2026, 4, 11)).id
    with db.Session() as s:
        surco = {r.vendor_id: r.stall for r in day_sheet.load(s, at_surco, today=TODAY).vendors}
        angeles = {r.vendor_id: r.stall for r in day_sheet.load(s, at_angeles, today=TODAY).vendors}
    assert surco == {ids["Ana"]: "S-1", ids["Beto"]: "S-2"}
    assert angeles == {ids["Ana"]: "A-7", ids["Carla"]: "A-1", ids["Dora"]: None,
                       ids["Eva"]: "A-2"}  # fmt: skip


def test_joining_another_fair_keeps_the_first_and_is_audited(net) -> None:
    db, ids = net
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Beto"], {"fair": ids["angeles"], "stall": "A-9"}, today=TODAY)
    assert places(db, ids["Beto"]) == {
        ids["surco"]: ("S-2", "active", dt.date(2026, 1, 1)),
        ids["angeles"]: ("A-9", "active", TODAY),  # joined today
    }
    with db.Session() as s:
        entry = audit.history(s, "vendor", ids["Beto"])[-1]
        before, after = json.loads(entry.before), json.loads(entry.after)
    assert [m["fair"] for m in before["fairs"]] == [ids["surco"]]
    assert [m["fair"] for m in after["fairs"]] == sorted([ids["surco"], ids["angeles"]])
    # a stall alone changes the stall of the vendor's only fair; among two it must be named
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Carla"], {"stall": "A-11"}, today=TODAY)
    assert places(db, ids["Carla"])[ids["angeles"]][0] == "A-11"
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Beto"], {"stall": "X-1"}, today=TODAY)
    assert "indique de qué feria es el puesto" in str(refused.value)


def test_leaving_a_fair_with_days_there_is_refused_withdrawing_is_not(net) -> None:
    db, ids = net
    only_surco = [{"fair": ids["surco"], "stall": "S-1", "status": "active"}]
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Ana"], {"fairs": only_surco}, today=TODAY)
    assert "estuvo 1 día en Ángeles: márquelo como retirado" in str(refused.value)
    assert len(places(db, ids["Ana"])) == 2  # nothing written
    withdrawn = [*only_surco, {"fair": ids["angeles"], "stall": "A-7", "status": "retirada"}]
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Ana"], {"fairs": withdrawn}, today=TODAY)
        day = fairs.add_fair_day(s, "t", ids["angeles"], date=dt.date(2026, 4, 11)).id
    with db.Session() as s:
        listed = {r.vendor_id for r in day_sheet.load(s, day, today=TODAY).vendors}
        angeles = stats.compute(s, *MARCH, fair_id=ids["angeles"])
        everyone = stats.compute(s, *MARCH)
    assert ids["Ana"] not in listed  # withdrawn there: not on its new days
    # still registered and present in March there, no longer active there; active elsewhere
    assert (angeles.vendors.registered, angeles.vendors.active) == (4, 3)
    assert everyone.vendors.active == 5
    # a fair never attended can be left: the membership goes
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Carla"], {"fair": ids["surco"]}, today=TODAY)
    assert set(places(db, ids["Carla"])) == {ids["surco"], ids["angeles"]}
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Carla"], {"fairs": [{"fair": ids["angeles"]}]}, today=TODAY)
    assert set(places(db, ids["Carla"])) == {ids["angeles"]}


def test_a_fair_named_twice_or_unknown_is_refused(net) -> None:
    db, ids = net
    twice = [{"fair": ids["surco"]}, {"fair": ids["surco"], "stall": "S-5"}]
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Beto"], {"fairs": twice}, today=TODAY)
    assert "la feria Surco está dos veces" in str(refused.value)
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Beto"], {"fairs": [{"fair": "Lurín"}]}, today=TODAY)
    assert "«Lurín» no es una feria registrada" in str(refused.value)
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Beto"], {"fairs": [{"fair": None, "stall": "Z"}]})
    assert "falta la feria de una de las filas" in str(refused.value)


def test_the_registry_of_one_fair_shows_its_members_with_the_stall_there(net) -> None:
    db, ids = net
    with db.Session() as s:
        rows = roster.roster(s, today=TODAY)
    ana = next(r for r in rows if r.id == ids["Ana"])
    assert ana.fair == "Surco; Ángeles" and ana.stall == "S-1 (Surco); A-7 (Ángeles)"
    at_surco = roster.RosterFilter(fair_id=ids["surco"]).apply(rows)
    assert {(r.id, r.stall) for r in at_surco} == {(ids["Ana"], "S-1"), (ids["Beto"], "S-2")}
    at_angeles = roster.RosterFilter(fair_id=ids["angeles"], text="carla").apply(rows)
    assert [(r.id, r.stall) for r in at_angeles] == [(ids["Carla"], "A-1")]
    with db.Session() as s:
        assert [v.id for v in vendors.search(s, fair_id=ids["surco"])] == [ids["Ana"], ids["Beto"]]


def test_a_sale_of_a_producer_of_two_fairs_must_say_which_fair(net, tmp_path) -> None:
    db, _ids = net
    path = write_csv(tmp_path / "v.csv", ["DNI;Fecha;Monto", "70000001;12/04/2026;25,00"])
    with db.Session() as s:
        report = importing.import_sales(s, "t", path, today=TODAY)
        assert [str(p) for p in report.errors] == [
            "fila 2, columna Feria: Ana Quispecahuana vende en varias ferias (Surco, Ángeles): "
            "añada la columna Feria o indique la feria al importar"
        ]
        s.rollback()
        assert importing.import_sales(s, "t", path, fair="Ángeles", today=TODAY).ok


def test_a_producer_who_moved_to_another_fair_sells_there_without_naming_it(net, tmp_path):
    db, ids = net
    moved = [
        {"fair": ids["surco"], "status": "retirado"},  # days at Surco: withdrawn, not removed
        {"fair": ids["angeles"]},  # stall and date kept as they were
    ]
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Ana"], {"fairs": moved}, today=TODAY)
    assert places(db, ids["Ana"]) == {
        ids["surco"]: ("S-1", "withdrawn", dt.date(2026, 1, 1)),
        ids["angeles"]: ("A-7", "active", dt.date(2026, 1, 1)),
    }
    with db.Session.begin() as s:
        fairs.add_fair_day(s, "t", ids["angeles"], date=dt.date(2026, 4, 11))
    path = write_csv(tmp_path / "v.csv", ["DNI;Fecha;Monto", "70000001;11/04/2026;25,00"])
    with db.Session() as s:
        report = importing.import_sales(s, "t", path, today=TODAY)
        assert report.ok, [str(p) for p in report.errors]
        s.commit()
    with db.Session() as s:
        april = stats.compute(s, dt.date(2026, 4, 1), dt.date(2026, 4, 30), ids["angeles"])
    assert april.sales.total == 2500


def test_wrong_kinds_of_fairs_are_refused_in_words(net) -> None:
    db, ids = net
    for wrong in ("Surco", {"fair": ids["surco"]}, [1], 5, [{"fair": True}], [{"fair": 2**70}]):
        with db.Session() as s, pytest.raises(ValidationError) as refused:
            vendors.update(s, "t", ids["Beto"], {"fairs": wrong}, today=TODAY)
        text = str(refused.value)
        assert "debe ser una lista de ferias" in text or "no es una feria registrada" in text
        assert "estuvo" not in text  # a mistyped fair is not a fair left
    with db.Session() as s, pytest.raises(ValidationError) as refused:
        vendors.update(s, "t", ids["Beto"], {"fair": 2**70}, today=TODAY)
    assert "no es una feria registrada" in str(refused.value)


def test_the_shorthand_keeps_or_clears_the_stall_as_asked(net) -> None:
    db, ids = net
    with db.Session.begin() as s:  # the fair again, no stall said: the stall stays
        vendors.update(s, "t", ids["Beto"], {"fair": ids["surco"]}, today=TODAY)
    assert places(db, ids["Beto"])[ids["surco"]][0] == "S-2"
    with db.Session.begin() as s:  # a blank stall: no stall
        vendors.update(s, "t", ids["Beto"], {"stall": ""}, today=TODAY)
    assert places(db, ids["Beto"])[ids["surco"]][0] is None


def test_correcting_the_registration_date_moves_the_fairs_joined_that_day(net) -> None:
    db, ids = net
    with db.Session.begin() as s:
        vendors.update(s, "t", ids["Ana"], {"registered_on": dt.date(2025, 6, 1)}, today=TODAY)
    assert {d for _s, _st, d in places(db, ids["Ana"]).values()} == {dt.date(2025, 6, 1)}
    with db.Session.begin() as s:  # a fair joined before the registry's date still counts
        vendors.update(s, "t", ids["Beto"], {"registered_on": dt.date(2026, 3, 20),
                                             "fairs": [{"fair": ids["surco"],
                                                        "registered_on": dt.date(2025, 1, 1)}]},
                       today=TODAY)  # fmt: skip
    with db.Session() as s:
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        surco = stats.compute(s, *year, fair_id=ids["surco"])
        everyone = stats.compute(s, *year)
    assert surco.vendors.registered == 2  # Ana since June, Beto since January at Surco
    assert everyone.vendors.registered >= surco.vendors.registered
