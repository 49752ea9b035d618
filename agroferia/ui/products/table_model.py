"""The catalogue's table: a row per product (merged ones left out) with its rubro, kind,
whether it is a native variety, its other names, how many vendors offer it and whether an
organizer has reviewed it; filtered by rubro, native, unreviewed and a searched text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy.orm import Session

from agroferia.core.collation import text_key
from agroferia.core.products import catalogue
from agroferia.i18n import N_, _
from agroferia.ui.tables import Column, RowsModel

UNREVIEWED_BRUSH = QBrush(QColor("#8a5a00"))


@dataclass(frozen=True)
class ProductRow:
    id: int
    name: str
    category_id: int
    category: str
    kind: str
    native: bool
    scientific_name: str
    local_names: str
    vendors: int
    reviewed: bool
    same_as: str = ""  # the reviewed products it may be another name of (unreviewed ones)
    same_as_ids: tuple[int, ...] = ()

    @property
    def search_key(self) -> str:
        return catalogue.key(" ".join((self.name, self.scientific_name, self.local_names)))


def product_rows(session: Session) -> list[ProductRow]:
    offered = catalogue.offered_by(session)
    suggested = catalogue.likely_same(session)
    return [
        ProductRow(
            id=p.id,
            name=p.name,
            category_id=p.category_id,
            category=p.category.name,
            kind=p.kind,
            native=p.native,
            scientific_name=p.scientific_name or "",
            local_names=p.local_names or "",
            vendors=offered.get(p.id, 0),
            reviewed=p.reviewed,
            same_as=", ".join(other.name for other in suggested.get(p.id, ())),
            same_as_ids=tuple(other.id for other in suggested.get(p.id, ())),
        )
        for p in catalogue.products(session)
    ]


def _kind(row: ProductRow) -> str:
    label = catalogue.KIND_LABELS.get(row.kind)  # type: ignore[call-overload]
    return label.render() if label is not None else row.kind


def _native(row: ProductRow) -> str:
    return _("sí") if row.native else _("no")


def _reviewed(row: ProductRow) -> str:
    if row.reviewed:
        return _("revisado")
    if row.same_as:
        return _("por revisar: ¿{names}?", names=row.same_as)
    return _("por revisar")


COLUMNS: list[Column[ProductRow]] = [
    Column(N_("Producto"), lambda r: r.name, lambda r: text_key(r.name)),
    Column(N_("Rubro"), lambda r: r.category, lambda r: text_key(r.category)),
    Column(N_("Tipo"), _kind, _kind),
    Column(N_("Nativa"), _native, lambda r: not r.native,
           tip=N_("Variedad nativa del Perú (andina o amazónica)")),
    Column(N_("Nombre científico"), lambda r: r.scientific_name,
           lambda r: (not r.scientific_name, text_key(r.scientific_name))),
    Column(N_("Nombres locales"), lambda r: r.local_names,
           lambda r: (not r.local_names, text_key(r.local_names))),
    Column(N_("Expositores"), lambda r: str(r.vendors), lambda r: r.vendors, right=True,
           tip=N_("Expositores que dicen ofrecerlo")),
    Column(N_("Estado"), _reviewed, lambda r: r.reviewed,
           tip=N_("«por revisar»: un nombre nuevo que trajo un expositor o un archivo")),
]  # fmt: skip
(NAME_COLUMN, CATEGORY_COLUMN, KIND_COLUMN, NATIVE_COLUMN, SCIENTIFIC_COLUMN, LOCAL_COLUMN,
 VENDORS_COLUMN, STATUS_COLUMN) = range(8)  # fmt: skip


@dataclass(frozen=True)
class Filter:
    category_id: int | None = None
    native_only: bool = False
    unreviewed_only: bool = False
    text: str = ""


class ProductTableModel(RowsModel[ProductRow]):
    columns: ClassVar[list[Column]] = COLUMNS
    tiebreak = NAME_COLUMN

    def __init__(self, parent=None) -> None:
        super().__init__((NAME_COLUMN, Qt.SortOrder.AscendingOrder), parent)
        self.filter = Filter()

    def set_filter(self, wanted: Filter) -> None:
        self.filter = wanted
        self.refilter()

    def keep(self, row: ProductRow) -> bool:
        f = self.filter
        if f.category_id is not None and row.category_id != f.category_id:
            return False
        if f.native_only and not row.native:
            return False
        if f.unreviewed_only and row.reviewed:
            return False
        words = catalogue.key(f.text).split()
        return all(word in row.search_key for word in words)

    def product_at(self, row: int) -> ProductRow:
        return self.row_at(row)

    def extra(self, row: ProductRow, column: int, role: int) -> Any:
        if column == STATUS_COLUMN and not row.reviewed:
            if role == Qt.ItemDataRole.ForegroundRole:
                return UNREVIEWED_BRUSH
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole and row.same_as:
                return _(
                    "Un nombre nuevo que quizá sea {names} con otro nombre (uno de sus nombres "
                    "locales): si lo es, únalo con «Unir con…»; si no, revíselo con Editar….",
                    names=row.same_as,
                )
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Un nombre nuevo: revíselo con Editar… o únalo con otro producto.")
        if role == Qt.ItemDataRole.ToolTipRole and column == LOCAL_COLUMN and row.local_names:
            return row.local_names
        return None
