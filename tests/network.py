"""Two fairs of a network whose every figure was computed by hand (youth range 15–29), for
the tests of the comparison of fairs.

  Surco    01/03: Ana 100.00, Beto 20.00      08/03: Ana 50.00, Beto present (no sale)
           05/04 (out of March): Beto 999.00
  Ángeles  07/03: Ana 30.00, Carla 45.50, Dora present (no sale), Eva 10.00

  Ana   F  born 01/01/2000 (young)   at both fairs
  Beto  M  born 1970
  Carla F  born 1980
  Dora  F  no birth date
  Eva   M  born 01/06/2005 (young)

March, Surco:   2 days, 2 present, 1 woman (50.0 %), 1 young (50.0 %), 4 vendor-days,
                S/ 170.00, S/ 42.50 per vendor-day.
       Ángeles: 1 day, 4 present, 3 women (75.0 %), 2 young (50.0 %), 4 vendor-days,
                S/ 85.50, S/ 21.38 per vendor-day (21.375 half up).
       Network: 3 days, 5 present (Ana once), 3 women (60.0 %), 2 young (40.0 %),
                8 vendor-days, S/ 255.50, S/ 31.94 per vendor-day; 1 at both fairs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from agroferia.core import fairs, sales, vendors

D = dt.date
MARCH = (D(2026, 3, 1), D(2026, 3, 31))
PEOPLE = {
    "Ana": dict(sex="F", birth_date=D(2000, 1, 1)),
    "Beto": dict(sex="M", birth_date=D(1970, 2, 2)),
    "Carla": dict(sex="F", birth_date=D(1980, 3, 3)),
    "Dora": dict(sex="F"),
    "Eva": dict(sex="M", birth_date=D(2005, 6, 1)),
}
SURNAME = "Quispecahuana"  # a name no figure of a report contains


def build(session: Session, actor: str = "t") -> dict[str, int]:
    """The two fairs, their fair days, the people, their sales and attendance; the ids of
    the fairs (``surco``, ``angeles``) and of the people (by given name)."""
    surco = fairs.create_fair(session, actor, name="Surco")
    angeles = fairs.create_fair(session, actor, name="Ángeles")
    ids: dict[str, int] = {"surco": surco.id, "angeles": angeles.id}
    for n, (name, data) in enumerate(PEOPLE.items(), 1):
        ids[name] = vendors.register(
            session,
            actor,
            {"given_names": name, "surnames": SURNAME, "doc_number": f"7{n:07d}",
             "main_category": "Gastronomía", "registered_on": D(2026, 1, 1), **data},
        ).id  # fmt: skip
    s1 = fairs.add_fair_day(session, actor, surco.id, date=D(2026, 3, 1)).id
    s8 = fairs.add_fair_day(session, actor, surco.id, date=D(2026, 3, 8)).id
    april = fairs.add_fair_day(session, actor, surco.id, date=D(2026, 4, 5)).id
    a7 = fairs.add_fair_day(session, actor, angeles.id, date=D(2026, 3, 7)).id
    for day, name, amount in (
        (s1, "Ana", "100.00"), (s1, "Beto", "20.00"), (s8, "Ana", "50.00"),
        (april, "Beto", "999.00"),
        (a7, "Ana", "30.00"), (a7, "Carla", "45.50"), (a7, "Eva", "10.00"),
    ):  # fmt: skip
        sales.record_sale(session, actor, day, ids[name], amount)
    fairs.set_attendance(session, actor, s8, ids["Beto"], True)
    fairs.set_attendance(session, actor, a7, ids["Dora"], True)
    return ids
