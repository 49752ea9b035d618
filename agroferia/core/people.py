"""How a person's name is shown and sorted, for the rows that carry a vendor's names."""

from __future__ import annotations

from agroferia.core.collation import name_key


class Named:
    """``full_name`` ("Rosa Quispe Mamani") and ``sort_name`` (the key it is listed by:
    surnames first, in the order of ``collation.name_key``) of a row with ``given_names``
    and ``surnames``."""

    __slots__ = ()
    given_names: str
    surnames: str

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"

    @property
    def sort_name(self) -> tuple:
        return name_key(self.surnames, self.given_names)
