"""The treasurer's sheet for one fair day: choose the fair and the day (the latest at
first), type the sales, attendance and fees from the keyboard, watch the totals, save the
whole day at once; close the day, reopen it with a reason, print its summary or its paper
planilla."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.core import cell_history, day_sheet, fairs, labels, network
from agroferia.core.accounts import Right
from agroferia.core.day_sheet import AMOUNT, DUE, PAID, PRESENT, DaySheet, MixedMethods
from agroferia.core.errors import AgroferiaError
from agroferia.core.money import format_money
from agroferia.core.plain_text import shown
from agroferia.core.stats import percentage
from agroferia.core.ubigeo import fold
from agroferia.i18n import _, _n
from agroferia.reports.common import local_time
from agroferia.ui import shortcuts
from agroferia.ui.context import CATEGORIES, FAIRS, SALES, SETTINGS, VENDORS, AppContext
from agroferia.ui.errors import show_error
from agroferia.ui.permissions import allow, refusal
from agroferia.ui.reports.common import EXPORT, start_folder, with_suffix
from agroferia.ui.sales import planilla_export
from agroferia.ui.sales.dialogs import HistoryDialog, ReopenDialog, ask_method
from agroferia.ui.sales.sheet_model import (
    CATEGORY,
    DUE_COL,
    NAME,
    PAID_COL,
    PRESENT_COL,
    SALES_COL,
    WIDEST_AMOUNT,
    SheetModel,
)
from agroferia.ui.sales.sheet_view import EnterSelectsFirst, SheetView
from agroferia.ui.sales.split_dialog import SplitDialog
from agroferia.ui.tasks import run_blocking
from agroferia.ui.widgets import confirm, date_text, error_label, note, run_dialog, settle_unsaved

COLUMN_FIELD = {SALES_COL: AMOUNT, PRESENT_COL: PRESENT, DUE_COL: DUE, PAID_COL: PAID}
MONEY_COLUMNS = (SALES_COL, DUE_COL, PAID_COL)
SPLIT_KEY = "Ctrl+M"


def _money(cents: int) -> str:
    return format_money(cents, cents=True)


@dataclass(frozen=True)
class DayRead:
    """What the panel shows of a day, read in one go: the fair's days and the sheet."""

    fair_id: int | None
    days: list
    sheet: DaySheet


def _read_day(session, fair_id: int | None, day_id: int) -> DayRead:
    days = fairs.day_choices(session, fair_id) if fair_id else []
    return DayRead(fair_id, days, day_sheet.load(session, day_id))


class DayPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fair = QComboBox()
        self.fair.setObjectName("sheet_fair")
        self.day = PickCombo()
        self.day.setObjectName("sheet_day")
        self.day.setMinimumContentsLength(22)
        self.new_day_button = QPushButton(_("Nueva jornada…"))
        self.new_day_button.setToolTip(
            _("Crea la jornada de otra fecha para esta feria ({key})",
              key=QKeySequence(shortcuts.NEW_FAIR_DAY).toString(QKeySequence.NativeText))
        )  # fmt: skip
        self.find = QLineEdit()
        self.find.setObjectName("sheet_find")
        self.find.setPlaceholderText(_("Ir al expositor…"))
        self.find.setToolTip(_("Escriba parte del nombre, el código o el puesto y Enter"))
        self.find.setClearButtonEnabled(True)
        self.find.installEventFilter(EnterSelectsFirst(self.find, self.go_to_vendor))
        top = QHBoxLayout()
        for text, widget in ((_("&Feria:"), self.fair), (_("&Jornada:"), self.day)):
            label = QLabel(text)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addWidget(self.new_day_button)
        top.addStretch(1)
        top.addWidget(self.find, 1)

        self.state = QLabel()
        self.state.setObjectName("sheet_state")
        self.state.setWordWrap(True)  # wraps rather than widen the window
        self.save_button = QPushButton(_("&Guardar la jornada"))
        self.save_button.setToolTip(_("Guarda todas las ventas, asistencias y cuotas de la "
                                      "jornada a la vez (Ctrl+S)"))  # fmt: skip
        self.discard_button = QPushButton(_("&Descartar cambios"))
        self.history_button = QPushButton(_("&Historial de la celda"))
        self.history_button.setToolTip(_("Quién cambió la celda elegida y cuándo (Ctrl+H)"))
        self.close_button = QPushButton(_("&Cerrar jornada…"))
        self.reopen_button = QPushButton(_("&Reabrir jornada…"))
        self.pdf_button = QPushButton(_("Resumen en &PDF…"))
        self.planilla_button = QPushButton(_("Imprimir p&lanilla…"))
        self.planilla_button.setToolTip(_("La planilla en papel de la jornada, para llenar a "
                                          "mano en la feria, con los expositores en el orden "
                                          "de esta hoja"))  # fmt: skip
        self.split_button = QPushButton(_("&Medios de pago…"))
        self.split_button.setToolTip(
            _("Cuánto cobró el expositor elegido por cada medio de pago ({key})",
              key=QKeySequence(SPLIT_KEY).toString(QKeySequence.NativeText))
        )  # fmt: skip
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.save_button, self.discard_button, self.split_button,
                       self.history_button, self.close_button, self.reopen_button,
                       self.pdf_button, self.planilla_button):  # fmt: skip
            actions.addWidget(button)

        self.model = SheetModel(self)
        self.model.writable = ctx.may(Right.SALES)
        self.table = SheetView()
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setResizeContentsPrecision(200)  # widths from the first rows, not thousands
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.message = error_label("sheet_message")
        self.message.hide()
        self.totals = QLabel()
        self.totals.setObjectName("sheet_totals")
        self.totals.setTextFormat(Qt.TextFormat.RichText)
        self.totals.setWordWrap(True)
        self.empty = note("")
        self.empty.hide()
        self.saved_note = note("")
        self.saved_note.setObjectName("sheet_saved")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addLayout(actions)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.totals)
        layout.addWidget(self.saved_note)

        self.sheet: DaySheet | None = None
        self._stale = False
        self._saving = False
        self._day_id: int | None = None
        self._fair_id: int | None = None
        allow(self.new_day_button, ctx, Right.REGISTRY, Right.SALES)
        for button in (self.save_button, self.split_button, self.close_button):
            allow(button, ctx, Right.SALES)
        allow(self.reopen_button, ctx, Right.ADMIN)
        allow(self.planilla_button, ctx, Right.SALES, Right.REGISTRY, Right.PERSONAL_DATA)
        self.fair.currentIndexChanged.connect(self._fair_chosen)
        self.day.currentIndexChanged.connect(self._day_chosen)
        self.day.picked.connect(self._focus_sheet)
        self.new_day_button.clicked.connect(self.new_day)
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        self.history_button.clicked.connect(self.show_history)
        self.close_button.clicked.connect(self.close_day)
        self.reopen_button.clicked.connect(self.reopen_day)
        self.pdf_button.clicked.connect(self.choose_pdf)
        self.planilla_button.clicked.connect(lambda: planilla_export.choose(self))
        self.split_button.clicked.connect(self.split_current)
        self.model.typed.connect(self._typed)
        self.model.refused.connect(self._refused)
        queued = Qt.ConnectionType.QueuedConnection  # asked once the cell's editor has closed
        self.model.method_asked.connect(self._ask_method, queued)
        self.model.one_method_asked.connect(self._ask_one_method, queued)
        self.model.split_asked.connect(self.open_split, queued)
        self.table.selectionModel().currentChanged.connect(lambda *_a: self._show_cell_message())
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+H"), self, self.show_history)
        QShortcut(QKeySequence(SPLIT_KEY), self, self.split_current)
        ctx.changed.connect(self._changed_elsewhere)
        self.last_pdf: Path | None = None
        self.last_planilla: Path | None = None  # the planilla last written
        self.reload_fairs()

    # choosing the fair and the day ----------------------------------------------------
    def reload_fairs(self) -> None:
        def load(session):
            active = fairs.default_fair(session)
            return [
                (f.id, f.name) for f in fairs.list_fairs(session)
            ], active.id if active else None

        listed, active = self.ctx.read(load)
        self._stale = False
        keep = self._fair_id or active
        self.fair.blockSignals(True)
        self.fair.clear()
        for fair_id, name in listed:
            self.fair.addItem(name, fair_id)
        self.fair.setCurrentIndex(max(self.fair.findData(keep), 0))
        self.fair.blockSignals(False)
        self._fair_id = self.fair.currentData()
        self.reload_days()

    def reload_days(
        self, choose: int | None = None, cell: tuple | None = None, read: DayRead | None = None
    ) -> None:
        """The fair's days, newest first; keeps the day shown (and the cursor's cell)
        unless told which, and opens at first on the latest day that has come. ``read``:
        the fair's days and a day's sheet already read (``_read_day``)."""
        fair_id = self._fair_id
        if read is not None and read.fair_id == fair_id:
            days = read.days
        else:
            read = None
            days = self.ctx.read(lambda s: fairs.day_choices(s, fair_id)) if fair_id else []
        today = dt.date.today()
        come = next((d.id for d in days if d.date <= today), None)
        keep = choose or self._day_id or come
        if cell is None and not choose:
            cell = self._cell()
        self.day.blockSignals(True)
        self.day.clear()
        for day in days:
            text = date_text(day.date) + (_(" (cerrada)") if day.closed else "")
            self.day.addItem(text, day.id)
        index = self.day.findData(keep)
        self.day.setCurrentIndex(index if index >= 0 else 0)
        self.day.blockSignals(False)
        day_id = self.day.currentData()
        self._load_day(day_id, cell, read.sheet if read and read.sheet.day.id == day_id else None)

    def _fair_chosen(self, _index: int) -> None:
        wanted = self.fair.currentData()
        if not self.may_leave_day():
            wanted = self._fair_id  # the person stays on the day they were typing
        self.fair.blockSignals(True)
        self.fair.setCurrentIndex(max(self.fair.findData(wanted), 0))
        self.fair.blockSignals(False)
        if self.fair.currentData() != self._fair_id:
            self._fair_id, self._day_id = self.fair.currentData(), None
            self.reload_days()

    def _day_chosen(self, _index: int) -> None:
        wanted = self.day.currentData()
        if wanted == self._day_id:
            return
        if not self.may_leave_day():
            wanted = self._day_id
        self.day.blockSignals(True)
        self.day.setCurrentIndex(max(self.day.findData(wanted), 0))
        self.day.blockSignals(False)
        if wanted != self._day_id or self.sheet is None or self.sheet.day.id != wanted:
            self._load_day(wanted)

    def choose_day(self, day_id: int) -> bool:
        """Shows that fair day (asking first about unsaved changes)."""
        index = self.day.findData(day_id)
        if index < 0:
            return False
        self.day.setCurrentIndex(index)
        return self._day_id == day_id

    def _load_day(
        self, day_id: int | None, keep: tuple | None = None, loaded: DaySheet | None = None
    ) -> None:
        """Shows the day; ``keep`` (from ``_cell``) puts the cursor back where it was;
        ``loaded``: its sheet, already read."""
        if day_id != self._day_id:
            self.saved_note.setText("")  # it spoke of another day
        # the day shown again after its save: its columns keep their widths (measuring
        # them again reads the first rows' every cell, a moment on a large fair)
        again = loaded is not None and self.sheet is not None and self.sheet.day.id == day_id
        self._day_id = day_id
        if loaded is None and day_id:
            loaded = self.ctx.read(lambda s: day_sheet.load(s, day_id))
        self.sheet = loaded if day_id else None
        if self.sheet is not None:
            date, read = self.sheet.day.date, self.ctx.read
            self.sheet.usual_loader = lambda ids: read(lambda s: day_sheet.usual_days(s, ids, date))
        if self._fair_id is None:
            self.empty.setText(_("No hay ferias activas. Cree una en la página Jornadas."))
        else:
            self.empty.setText(_("Esta feria no tiene jornadas todavía: cree la primera con "
                                 "«Nueva jornada…»."))  # fmt: skip
        self.empty.setVisible(self.sheet is None)
        self.model.load(self.sheet)
        if not again:
            self._fit_columns()
        self._show_state()
        if self.sheet is not None and self.model.rowCount():
            self.table.setCurrentIndex(self._index_of(keep) or self.model.index(0, SALES_COL))

    def _fit_columns(self) -> None:
        self.table.resizeColumnsToContents()
        metrics = self.table.fontMetrics()
        rubro = metrics.horizontalAdvance("Hortalizas y verduras") + 16  # longer ones elide
        self.table.setColumnWidth(CATEGORY, min(self.table.columnWidth(CATEGORY), rubro))
        widest = metrics.horizontalAdvance(WIDEST_AMOUNT) + 28
        for column in MONEY_COLUMNS:  # the whole amount shows while it is typed
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), widest))
        self.table.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)

    def _cell(self) -> tuple | None:
        """Where the cursor is, in terms that survive a reload: vendor, rubro, column."""
        index = self.table.currentIndex()
        if self.sheet is None or not index.isValid():
            return None
        row = self.model.rows[index.row()]
        return (self.sheet.day.id, row.vendor.vendor_id, row.category_id, index.column())

    def _index_of(self, cell: tuple | None):
        if cell is None or self.sheet is None or cell[0] != self.sheet.day.id:
            return None
        _day, vendor_id, category_id, column = cell
        row = self.model.row_of(vendor_id, category_id)
        return self.model.index(row, column) if row is not None else None

    # what the person sees -------------------------------------------------------------
    def _show_state(self) -> None:
        sheet = self.sheet
        open_day = sheet is not None and not sheet.day.closed
        if sheet is None:
            self.state.setText("")
        elif sheet.day.closed:
            closed = local_time(sheet.day.closed_at)
            self.state.setText(
                "<b>" + _("Jornada cerrada el {when} por {who}.",
                          when=closed.strftime("%d/%m/%Y %H:%M"), who=sheet.day.closed_by or "?")
                + "</b> " + _("Para corregirla, reábrala.")
            )  # fmt: skip
        elif sheet.day.future:
            self.state.setText(
                "<b>" + _("La jornada del {date} todavía no llega.",
                          date=date_text(sheet.day.date)) + "</b> "
                + _("Sus ventas, asistencia y cuotas se anotan desde ese día.")
            )  # fmt: skip
        elif not self.model.writable:  # why the sheet does not take what is typed
            self.state.setText(_("Jornada abierta. {why}", why=refusal(self.ctx, Right.SALES)))
        else:
            self.state.setText(_("Jornada abierta. Escriba el monto y Enter (baja) o Tab "
                                 "(columna siguiente); Espacio en Pagado: pagó toda la cuota."))  # fmt: skip
        open_day = open_day and not sheet.day.future
        self.new_day_button.setEnabled(self._fair_id is not None)
        self.close_button.setVisible(sheet is None or not sheet.day.closed)
        self.close_button.setEnabled(open_day)
        self.split_button.setEnabled(open_day)
        self.reopen_button.setVisible(sheet is not None and sheet.day.closed)
        self.pdf_button.setEnabled(sheet is not None and not sheet.day.future)
        self.history_button.setEnabled(sheet is not None and not sheet.day.future)

    def _typed(self) -> None:
        sheet = self.sheet
        dirty = sheet is not None and sheet.is_dirty()
        self.save_button.setEnabled(dirty)
        self.discard_button.setEnabled(dirty)
        if sheet is None:
            self.totals.setText("")
            self.message.hide()
            return
        t = sheet.totals()
        self.totals.setText(
            _("Presentes: <b>{n}</b> (mujeres {women}, jóvenes {youth})", n=t.present,
              women=t.women, youth=t.youth)
            + " · " + _("Ventas: <b>{total}</b>", total=_money(t.sales_cents))
            + " · " + _("mujeres {amount} ({pct} %)", amount=_money(t.women_cents),
                        pct=percentage(t.women_cents, t.sales_cents))
            + " · " + _("jóvenes {amount} ({pct} %)", amount=_money(t.youth_cents),
                        pct=percentage(t.youth_cents, t.sales_cents))
            + "<br>" + _("Por medio de pago: {parts}", parts=self._by_method(t.by_method))
            + "<br>" + _("Cuotas cobradas: <b>{paid}</b> de {due} (pendiente {outstanding})",
                        paid=_money(t.paid_cents), due=_money(t.due_cents),
                        outstanding=_money(t.outstanding_cents))
        )  # fmt: skip
        if dirty:
            self.saved_note.setText(_("Hay cambios sin guardar (en amarillo)."))
        self._show_cell_message()

    @staticmethod
    def _by_method(parts: tuple[tuple[str, int], ...]) -> str:
        if not parts:
            return _("sin ventas")
        return " · ".join(
            f"{labels.PAYMENT_METHOD[m].render()}\u00a0{_money(c)}".replace(" ", "\u00a0")
            for m, c in parts
        )

    def _show_cell_message(self) -> None:
        """The current cell's problem, else how many cells are wrong and the first one."""
        if self.sheet is None:
            return
        here = (
            self.model.error(self.table.currentIndex())
            if self.table.currentIndex().isValid()
            else None
        )
        wrong = self.sheet.errors()
        unusual = self._unusual_here()
        if here:
            row = self.model.rows[self.table.currentIndex().row()]
            title = self.model.headerData(self.table.currentIndex().column(),
                                          Qt.Orientation.Horizontal, 0)  # fmt: skip
            text = f"{shown(row.vendor.full_name)} · {title}: {here}"
        elif wrong:
            vendor_id, _field, _cat, message = wrong[0]
            name = self.sheet.vendor(vendor_id).full_name
            text = _n(len(wrong), "1 celda con errores (en rojo), de {name}: {message}",
                      "{n} celdas con errores (en rojo); la primera, de {name}: {message}",
                      name=name, message=message)  # fmt: skip
        elif unusual:
            text = unusual
        else:
            text = ""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _unusual_here(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.column() != SALES_COL:
            return None
        vendor = self.model.rows[index.row()].vendor
        unusual = self.sheet.unusual(vendor.vendor_id)
        if unusual is None:
            return None
        return _("{name}: {message}. Se pedirá confirmarlo al guardar.",
                 name=vendor.full_name, message=unusual.message())  # fmt: skip

    def _refused(self, reason: str) -> None:
        self.message.setText(reason)
        self.message.show()

    def go_to_vendor(self, text: str) -> None:
        """Jumps to the first vendor whose name, code or stall holds the words typed."""
        words = fold(text).split()
        if not words or self.sheet is None:
            return
        for row_number, row in enumerate(self.model.rows):
            vendor = row.vendor
            key = fold(f"{vendor.full_name} {vendor.code} {vendor.stall or ''}")
            if row.first and all(w in key for w in words):
                self.table.go_to(self.model.index(row_number, SALES_COL))
                self.table.setFocus()
                self.find.clear()  # the next search starts empty
                return
        self.message.setText(_("Ningún expositor de la jornada coincide con «{text}».", text=text))
        self.message.show()

    # saving ---------------------------------------------------------------------------
    def has_unsaved_changes(self) -> bool:
        """What was typed and is not saved (not while it is being saved: the window may
        close then, the save ends before the process does)."""
        return not self._saving and self.sheet is not None and self.sheet.is_dirty()

    def save(self) -> bool:
        """Writes the whole day in one transaction; a wrong cell keeps everything unsaved."""
        sheet = self.sheet
        if self._saving:  # already being written (Ctrl+S pressed again meanwhile)
            return False
        if sheet is None or not sheet.is_dirty():
            return True
        wrong = sheet.errors()
        if wrong:
            self._show_cell_message()
            vendor_id, field, category_id, _message = wrong[0]
            row = self.model.row_of(vendor_id, category_id if field == AMOUNT else None)
            column = {AMOUNT: SALES_COL, DUE: DUE_COL, PAID: PAID_COL}[field]
            if row is not None:
                self.table.go_to(self.model.index(row, column))
            QMessageBox.warning(self, _("No se guardó"),
                                _n(len(wrong), "Hay 1 celda con errores (en rojo). Corríjala o "
                                   "bórrela; no se guardó nada.", "Hay {n} celdas con errores (en "
                                   "rojo). Corríjalas o bórrelas; no se guardó nada."))  # fmt: skip
            self.table.setFocus()  # on the first wrong cell, ready to type over it
            return False
        keep, focused = self._cell(), self.table.hasFocus()
        db, actor, fair_id = self.ctx.db, self.ctx.actor, self._fair_id

        def attempt(progress):
            with db.Session.begin() as session:
                return day_sheet.save(session, actor, sheet, progress)

        def work(progress):
            # once more after a conflict with another writer (on a server), then told
            saved = network.retrying(lambda: attempt(progress))
            with db.Session() as session:  # the day as it now is, to show it again
                return saved, _read_day(session, fair_id, sheet.day.id)

        self._saving = True  # the day is reloaded below, once
        frozen = self._freeze()
        try:
            # the vendors' usual days are read for the check off the window's thread too
            unusual = run_blocking(self, _("Comprobando los montos…"),
                                   lambda _progress: sheet.unusual_days())  # fmt: skip
            if not self._confirm_unusual(unusual):
                return False
            saved, shown_again = run_blocking(self, _("Guardando la jornada…"), work)
            self.ctx.changed.emit(SALES)  # the other pages showing the day refresh
        except day_sheet.SheetConflictError as stale:
            self._thaw(frozen)
            self._saving = False
            self._rebase(stale, keep)
            return False
        except AgroferiaError as refused:
            self._thaw(frozen)
            show_error(self, refused)
            return False
        finally:
            self._thaw(frozen)
            self._saving = False
        self.saved_note.setText(
            _n(saved.vendors, "Guardado: 1 expositor actualizado a las {time}.",
               "Guardado: {n} expositores actualizados a las {time}.",
               time=dt.datetime.now().strftime("%H:%M"))
        )  # fmt: skip
        self._reload(keep, shown_again)
        if focused:
            self.table.setFocus()
        return True

    def _freeze(self) -> dict[QWidget, bool] | None:
        """While the day is written (off the window's thread, the window still answering):
        the sheet takes nothing typed and nothing else can be started from the panel. What
        was enabled, for ``_thaw``."""
        if self.model.writable is False:
            return None
        self.model.writable = False
        widgets = (self.fair, self.day, self.new_day_button, self.save_button,
                   self.discard_button, self.split_button, self.close_button,
                   self.reopen_button, self.pdf_button, self.history_button)  # fmt: skip
        enabled = {w: w.isEnabled() for w in widgets}
        for widget in widgets:
            widget.setEnabled(False)
        return enabled

    def _thaw(self, frozen: dict[QWidget, bool] | None) -> None:
        if frozen is None or self.model.writable:
            return
        self.model.writable = True
        for widget, enabled in frozen.items():
            widget.setEnabled(enabled)

    def _rebase(self, stale: day_sheet.SheetConflictError, keep: tuple | None) -> None:
        """Someone changed what the sheet was about to overwrite: the day is read again,
        what was typed for everyone else stays, and the person is told whose cells now show
        what is saved (to type again if need be)."""
        older = self.sheet
        fresh = self.ctx.read(lambda s: day_sheet.load(s, older.day.id))
        fresh.usual_loader = older.usual_loader
        fresh.carry_edits(older, set(stale.vendor_ids))
        self.sheet = fresh
        self.model.load(fresh)
        self.table.setCurrentIndex(self._index_of(keep) or self.model.index(0, SALES_COL))
        QMessageBox.warning(
            self, _("No se guardó"),
            str(stale) + "\n\n" + _("Sus celdas muestran ahora lo guardado; lo que escribió "
                                     "para los demás sigue en la hoja. Revise y guarde de "
                                     "nuevo."),
        )  # fmt: skip
        self.table.setFocus()

    def _confirm_unusual(self, unusual: list[day_sheet.Unusual]) -> bool:
        """Days far above a vendor's usual one (``unusual``, from ``unusual_days``) are
        saved only once the person confirms them (never refused); otherwise the cursor goes
        to the first of them."""
        if not unusual:
            return True
        lines = [
            f"• {shown(self.sheet.vendor(u.vendor_id).full_name)}: {u.message()}"
            for u in unusual[:8]
        ]
        if len(unusual) > 8:
            lines.append(_("… y {n} más", n=len(unusual) - 8))
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Montos poco comunes"))
        box.setText(
            _n(
                len(unusual),
                "Este monto es mucho más alto de lo habitual. ¿Es correcto?",
                "Estos montos son mucho más altos de lo habitual. ¿Son correctos?",
            )
        )
        box.setInformativeText("\n".join(lines))
        save = box.addButton(_("Sí, guardar así"), QMessageBox.ButtonRole.AcceptRole)
        review = box.addButton(_("Revisar"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(review)
        box.exec()
        if box.clickedButton() is save:
            return True
        row = self.model.row_of(unusual[0].vendor_id)
        if row is not None:
            self.table.go_to(self.model.index(row, SALES_COL))
        self.table.setFocus()
        return False

    def discard(self) -> None:
        question = _("¿Descartar lo escrito desde la última vez que se guardó?")
        if self.has_unsaved_changes() and not confirm(self, _("Descartar cambios"), question):
            return
        self.saved_note.setText("")
        self.sheet.discard()
        self._reload()

    def _reload(self, keep: tuple | None = None, read: DayRead | None = None) -> None:
        """After saving or discarding: the fair list too if it changed meanwhile. ``read``:
        the fair's days and the day's sheet, already read (off the window's thread)."""
        if self._stale:
            self.reload_fairs()
        else:
            self.reload_days(cell=keep, read=read)

    def may_leave_day(self) -> bool:
        """Asks about unsaved changes before another day or fair is shown."""
        return not self.has_unsaved_changes() or settle_unsaved(self, self.save, self.model.discard)

    def _changed_elsewhere(self, what: str) -> None:
        """Another page changed what the sheet shows: reload, unless the person is typing
        (then after they save or discard)."""
        if self._saving:
            return
        if self.has_unsaved_changes():
            self._stale = self._stale or what == FAIRS
            return
        if what == FAIRS:
            self.reload_fairs()
        elif what in (VENDORS, CATEGORIES, SALES, SETTINGS):
            self.reload_days()

    def main_control(self) -> QWidget:
        return self.table

    def _focus_sheet(self) -> None:
        """After a day is picked from its list, the keys go to the sheet."""
        if self.sheet is not None:
            self.table.setFocus()

    # payment methods ------------------------------------------------------------------
    def split_current(self) -> None:
        """The split of the vendor on the current row (Ctrl+M)."""
        index = self.table.currentIndex()
        if self.sheet is None or self.sheet.day.locked or not index.isValid():
            return
        if not self.model.writable:
            return
        row = self.model.rows[index.row()]
        self.open_split(row.vendor.vendor_id, row.category_id)

    def open_split(self, vendor_id: int, category_id: int, target: int | None = None) -> bool:
        """How the vendor's day splits by method; ``target``: a new amount typed for the
        rubro, which the split must add up to."""
        if self.sheet is None or self.sheet.day.locked:
            return False
        if self.sheet.wrong_amounts(vendor_id):
            self._refused(_("Corrija primero la celda de ventas en rojo de {name}.",
                            name=self.sheet.vendor(vendor_id).full_name))  # fmt: skip
            return False
        dialog = SplitDialog(self.sheet, vendor_id, self, category_id=category_id,
                             target=target)  # fmt: skip
        accepted = run_dialog(dialog)
        if accepted:
            self.sheet.set_split(vendor_id, dialog.splits)
            self.model.vendor_changed(vendor_id)
        self.table.setFocus()
        return accepted

    def _ask_method(self, question: MixedMethods, text: str) -> None:
        """A new amount for a line paid several ways: which method the change is."""
        vendor = self.sheet.vendor(question.vendor_id)
        line = next(ln for ln in vendor.lines if ln.category_id == question.category_id)
        choice = ask_method(self, vendor.full_name, line.category, question)
        try:
            if choice == "split":
                self.open_split(question.vendor_id, question.category_id, question.cents)
            elif choice:
                self.sheet.set_amount(question.vendor_id, question.category_id, text, choice)
                self.model.vendor_changed(question.vendor_id)
        except AgroferiaError as refused:
            self._refused(str(refused))
        self.table.setFocus()

    def _ask_one_method(self, vendor_id: int, method: str) -> None:
        vendor = self.sheet.vendor(vendor_id)
        split = self.sheet.vendor_split(vendor_id)
        text = _("{name} cobró de varias formas: {split}. ¿Pasar todas sus ventas del día a "
                 "{method} ({total})?", name=vendor.full_name,
                 split=day_sheet.split_text(split),
                 method=labels.PAYMENT_METHOD[method].render(),
                 total=_money(sum(split.values())))  # fmt: skip
        if confirm(self, _("Un solo medio de pago"), text):
            self.sheet.set_method(vendor_id, method)
            self.model.vendor_changed(vendor_id)
        self.table.setFocus()

    # the day itself -------------------------------------------------------------------
    def new_day(self) -> None:
        from agroferia.ui.fairs.day_dialog import DayDialog

        if self._fair_id is None or not self.new_day_button.isEnabled():
            return
        if not self.may_leave_day():
            return
        dialog = DayDialog(self.ctx, self._fair_id, None, self)
        if run_dialog(dialog) and dialog.saved_id is not None:
            self.reload_days(choose=dialog.saved_id)
            self.table.setFocus()  # the first sales cell, ready for the first amount

    def close_day(self) -> None:
        sheet = self.sheet
        if sheet is None or sheet.day.closed:
            return
        if sheet.is_dirty() and not self.save():
            return
        text = _("¿Cerrar la jornada del {date}? Sus ventas, asistencia y cuotas ya no se podrán "
                 "cambiar, salvo reabriéndola con un motivo.",
                 date=date_text(sheet.day.date))  # fmt: skip
        if not confirm(self, _("Cerrar jornada"), text):
            return
        try:
            self._change_day(_("Cerrando la jornada…"), fairs.close_fair_day)
        except AgroferiaError as refused:
            show_error(self, refused)

    def reopen_day(self) -> None:
        sheet = self.sheet
        if sheet is None or not sheet.day.closed:
            return

        def reopen(reason: str) -> None:
            self._change_day(_("Reabriendo la jornada…"),
                             lambda s, actor, day_id: fairs.reopen_fair_day(s, actor, day_id,
                                                                            reason))  # fmt: skip

        run_dialog(ReopenDialog(sheet.day.id, date_text(sheet.day.date), reopen, self))

    def _change_day(self, title: str, change) -> None:
        """``change(session, actor, day_id)`` (closing or reopening the day shown) written
        off the window's thread, the day read again there too; what it raises is raised."""
        db, actor, fair_id, day_id = self.ctx.db, self.ctx.actor, self._fair_id, self.sheet.day.id

        def work(_progress) -> DayRead:
            with db.Session.begin() as session:
                change(session, actor, day_id)
            with db.Session() as session:  # the day as it now is, to show it again
                return _read_day(session, fair_id, day_id)

        self._saving = True  # the day is shown again below, once
        frozen = self._freeze()
        try:
            changed = run_blocking(self, title, work)
            for what in (SALES, FAIRS):  # the other pages showing the day refresh
                self.ctx.changed.emit(what)
        finally:
            self._thaw(frozen)
            self._saving = False
        self._reload(None, changed)

    def show_history(self) -> None:
        index = self.table.currentIndex()
        if self.sheet is None or not index.isValid():
            return
        row = self.model.rows[index.row()]
        column = index.column() if index.column() in COLUMN_FIELD else SALES_COL
        if column != SALES_COL and not row.first:
            column = SALES_COL
        field = COLUMN_FIELD.get(column, AMOUNT)
        category = row.category_id if field == AMOUNT else None
        day_id, vendor_id = self.sheet.day.id, row.vendor.vendor_id
        changes = self.ctx.read(
            lambda s: cell_history.history(s, day_id, vendor_id, field, category)
        )
        what = {
            AMOUNT: _("ventas en {category}", category=row.vendor.lines[row.line].category),
            PRESENT: _("asistencia"),
            DUE: _("cuota"),
            PAID: _("cuota"),
        }[field]
        name = shown(row.vendor.full_name)
        title = f"<b>{name}</b> · {what} · {date_text(self.sheet.day.date)}"
        run_dialog(HistoryDialog(title, changes, self))

    # the day's summary in PDF ---------------------------------------------------------
    def choose_pdf(self) -> None:
        if self.sheet is None:
            return
        if self.sheet.is_dirty() and not self.may_leave_day():
            return
        name = f"jornada_{self.sheet.day.date.isoformat()}.pdf"
        start = str(start_folder(self.ctx.prefs, EXPORT) / name)
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Guardar el resumen de la jornada"), start, _("Documentos PDF (*.pdf)")
        )
        if path:
            self.export_pdf(with_suffix(path, ".pdf"))

    def export_pdf(self, path: Path, open_when_done: bool = True):
        """Writes the day's one-page summary off the GUI thread, then opens it."""
        from agroferia.reports.day_pdf import write_day_summary

        def kept(result) -> str:
            self.last_pdf = result.path
            return _("Resumen guardado en {path}", path=result.path)

        return planilla_export.write_day_document(
            self, path, write_day_summary, kept, _("Escribiendo el resumen de la jornada…"),
            open_when_done,
        )  # fmt: skip


class PickCombo(QComboBox):
    """A combo that says when the person picked from its list (or pressed Enter on it), as
    opposed to stepping through it with the arrows."""

    picked = Signal()

    def hidePopup(self) -> None:  # noqa: N802 (Qt's name)
        super().hidePopup()
        self.picked.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.picked.emit()
            return
        super().keyPressEvent(event)
