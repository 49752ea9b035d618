"""How a person's name is shown and sorted, for the rows that carry a vendor's names."""

from __future__ import annotations


class Named:
    """``full_name`` ("Rosa Quispe Mamani") and ``sort_name`` (surnames first, case folded)
    of a row with ``given_names`` and ``surnames``."""

    __slots__ = ()
    given_names: str
    surnames: str

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surnames}"

    @property
    def sort_name(self) -> str:
        return f"{self.surnames} {self.given_names}".casefold()
