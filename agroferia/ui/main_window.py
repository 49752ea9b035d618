"""The main window: a list of pages on the left, the page on the right, the open database,
the active fair and the signed-in account in the status bar.  Pages are built the first time
they are shown, and again for another account.  After a while without use the window locks
until the account's password is given again (what was typed stays)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from agroferia import __version__, logs
from agroferia.config import is_url
from agroferia.core import accounts
from agroferia.core.accounts import Right
from agroferia.core.db import Database
from agroferia.core.network.urls import is_postgresql, masked
from agroferia.i18n import _, translate
from agroferia.ui import server_dialog, shortcuts, signin
from agroferia.ui.backup import BackupController
from agroferia.ui.context import FAIRS, SETTINGS, Account, AppContext
from agroferia.ui.page import Page
from agroferia.ui.permissions import READ_ONLY, allow
from agroferia.ui.prefs import Prefs
from agroferia.ui.shell import PAGES, app_icon, navigation_list, place
from agroferia.ui.signin import IdleWatcher, SignInDialog
from agroferia.ui.signin.session import SessionMixin
from agroferia.ui.widgets import confirm, settle_unsaved

# pages that show people (names, their sales and fees): only for accounts that work with
# them; a viewer (the Panel and the municipal reports) has none of these rights
PEOPLE_PAGES = {
    "vendors": tuple(accounts.WITH_PEOPLE),
    "sales": (Right.SALES, Right.REGISTRY),
}


def _built(module: str, name: str) -> Callable[[AppContext], Page]:
    """A page's maker that imports its module only when the page is first shown."""

    def make(ctx: AppContext) -> Page:
        from importlib import import_module

        return getattr(import_module(module), name)(ctx)

    return make


MODULES = {  # where each page is made
    "panel": ("agroferia.ui.dashboard.page", "PanelPage"),
    "vendors": ("agroferia.ui.vendors.page", "VendorsPage"),
    "sales": ("agroferia.ui.sales.page", "SalesPage"),
    "fairs": ("agroferia.ui.fairs.page", "FairsPage"),
    "categories": ("agroferia.ui.categories.page", "CategoriesPage"),
    "products": ("agroferia.ui.products.page", "ProductsPage"),
    "reports": ("agroferia.ui.reports.page", "ReportsPage"),
    "settings": ("agroferia.ui.settings.page", "SettingsPage"),
}


def _page_factories() -> list[tuple[str, str, Callable[[AppContext], Page]]]:
    return [(key, title, _built(*MODULES[key])) for key, title in PAGES]


class MainWindow(SessionMixin, QMainWindow):
    """``user``: the account signed in to ``db`` (None only for a database without
    accounts, which is then unprotected)."""

    def __init__(self, db: Database, prefs: Prefs, user: Account | None = None) -> None:
        super().__init__()
        self.prefs = prefs
        self.setWindowIcon(app_icon())
        self.nav = navigation_list()
        self.stack = QStackedWidget()
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.db_label = QLabel()
        self.fair_label = QLabel()
        self.user_label = QLabel()
        self.user_label.setObjectName("user_label")
        self.read_only_label = QLabel()  # says so when the database cannot be written
        self.read_only_label.setObjectName("read_only_label")
        self.read_only_label.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; padding: 2px 8px; font-weight: bold; }"
        )
        self.read_only_label.hide()
        self.statusBar().addWidget(self.read_only_label)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.fair_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self.nav.currentRowChanged.connect(self._show_row)
        self.pages: dict[str, Page] = {}
        self.ctx: AppContext | None = None
        self._factories = _page_factories()
        # the lock: after ``idle_lock_ms`` (None: the database's setting) without use
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.lock)
        self.idle_lock_ms: int | None = None
        self.lock_dialog: SignInDialog | None = None
        self.window_covers: list[QLabel] = []
        self.cover = QLabel(self)
        self.cover.setObjectName("lock_cover")
        self.cover.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cover.setAutoFillBackground(True)
        self.cover.hide()
        self.backups = BackupController(self)  # its menu commands, status and timer
        self._use(db, user)
        place(self, prefs)

    # pages ---------------------------------------------------------------------------
    @property
    def keys(self) -> list[str]:
        return [key for key, _title, _make in self._factories]

    def page(self, key: str) -> Page:
        """The page, built the first time it is needed."""
        if key not in self.pages:
            make = dict((k, m) for k, _t, m in self._factories)[key]
            assert self.ctx is not None
            page = make(self.ctx)
            page.setObjectName(f"page_{key}")
            if key == "settings":
                allow(page.save_button, self.ctx, Right.ADMIN)  # type: ignore[attr-defined]
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def may_see(self, key: str) -> bool:
        """Whether the account may open the page (pages that show people need a right to
        work with them)."""
        rights = PEOPLE_PAGES.get(key)
        return rights is None or (self.ctx is not None and self.ctx.sees(*rights))

    def _unseen(self) -> str:
        role = self.ctx.user.role_label if self.ctx and self.ctx.user else ""
        return _("Su cuenta ({role}) no puede ver datos de las personas: sus nombres, ventas "
                 "y cuotas.", role=role)  # fmt: skip

    def show_page(self, key: str) -> Page:
        self.nav.setCurrentRow(self.keys.index(key))
        return self.pages[key]

    def go_to(self, key: str) -> Page:
        """Shows the page and puts the keyboard in its main control (the list of pages
        keeps it when the page is chosen there with the arrows)."""
        page = self.show_page(key)
        page.focus_main()
        return page

    def current_key(self) -> str:
        return self.keys[max(self.nav.currentRow(), 0)]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(self.keys[row])
        self.stack.setCurrentWidget(page)

    # building and rebuilding (another database, another language) ----------------------
    def _use(self, db: Database, user: Account | None) -> None:
        if self.ctx is not None:
            self.ctx.db.close()
        self.ctx = AppContext(db, self.prefs, user=user)
        self.ctx.changed.connect(self._on_changed)
        self.ctx.language_requested.connect(self.set_language)
        if is_postgresql(db.location):  # kept without its password
            self.prefs.add_recent(server_dialog.without_password(db.location))
        elif not is_url(db.location):
            self.prefs.add_recent(db.location)
        self._rebuild("panel")
        self._arm_lock()

    def _adopt(self, db: Database) -> None:
        """Another database, once its account signed in (or its first administrator was
        created); if the person cancels, it is closed and the one in use stays."""
        user = None if signin.read_without_account(db) else signin.start(self, db, self.prefs)
        if user is None and not signin.read_without_account(db):
            db.close()
            return
        self._use(db, user)

    def _rebuild(self, key: str) -> None:
        self._drop_pages()
        if not self.may_see(key):  # another account, which may not open that page
            key = "panel"
        self._show_user()
        self._build_menus()
        self.nav.blockSignals(True)
        self.nav.clear()
        for each, title, _make in self._factories:
            item = QListWidgetItem(translate(title), self.nav)
            if not self.may_see(each):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self._unseen())
        self.nav.blockSignals(False)
        self.show_page(key)
        self._update_status()

    def set_language(self, lang: str) -> None:
        """Rebuilds the pages in the other language, after asking about unsaved changes."""
        from agroferia.ui.app import apply_language

        if not self._may_leave():
            settings = self.pages.get("settings")
            if settings is not None:  # its language choice goes back to the one in use
                settings.show_language()  # type: ignore[attr-defined]
            return
        apply_language(lang)
        self.prefs.set_language(lang)
        self._rebuild(self.current_key())

    def _on_changed(self, what: str) -> None:
        if what in (FAIRS, SETTINGS):
            self._update_status()
        if what == SETTINGS:
            self._arm_lock()

    def _show_user(self) -> None:
        assert self.ctx is not None
        title = _("Agroferia {version}", version=__version__)
        user = self.ctx.user
        if self.ctx.read_only:
            self.read_only_label.setText(_("Solo lectura: no se puede cambiar nada"))
            self.read_only_label.setToolTip(_("Solo lectura: {reason}; no se puede cambiar nada.",
                                              reason=READ_ONLY))  # fmt: skip
            self.read_only_label.setMinimumWidth(self.read_only_label.sizeHint().width())
        self.read_only_label.setVisible(self.ctx.read_only)
        if user is None:
            self.setWindowTitle(title)
            self.user_label.setText(
                _("Sin cuentas") if self.ctx.read_only
                else _("Sin cuentas: cualquiera puede cambiar los datos")
            )  # fmt: skip
            return
        self.setWindowTitle(_("{title} — {name} ({role})", title=title,
                              name=user.display_name, role=user.role_label))  # fmt: skip
        self.user_label.setText(_("Sesión: {name} ({role})", name=user.display_name,
                                  role=user.role_label))  # fmt: skip

    def _update_status(self) -> None:
        assert self.ctx is not None
        self.db_label.setText(_("Base de datos: {path}", path=masked(self.ctx.db.location)))
        active = self.ctx.active_fair()
        self.fair_label.setText(
            _("Feria activa: {name}", name=active[1])
            if active
            else _("Sin feria activa (elíjala en Configuración)")
        )
        self.backups.refresh()

    # menus ---------------------------------------------------------------------------
    def _action(
        self, menu: QMenu, text: str, slot: Callable[[], object], shortcut: str | None = None
    ) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(_("&Archivo"))
        file_menu.setToolTipsVisible(True)  # why a command is disabled for the account
        ctx = self.ctx
        assert ctx is not None
        new_vendor = self._action(file_menu, _("Nuevo expositor…"), self.new_vendor, "Ctrl+N")
        allow(new_vendor, ctx, Right.REGISTRY)
        importing = self._action(
            file_menu, _("Importar expositores o ventas…"), self.import_file, "Ctrl+I"
        )
        allow(importing, ctx, Right.REGISTRY)
        file_menu.addSeparator()
        self._action(file_menu, _("Abrir base de datos…"), self.choose_database, "Ctrl+O")
        self._action(file_menu, _("Abrir base de datos de un servidor…"), self.choose_server)
        self.recent_menu = file_menu.addMenu(_("Abrir reciente"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, _("Nueva base de datos para otra feria…"), self.new_database)
        file_menu.addSeparator()
        self.backups.add_actions(file_menu)
        file_menu.addSeparator()
        signed_in = self.ctx is not None and self.ctx.user is not None
        self.switch_action = self._action(file_menu, _("Cambiar de usuario…"), self.switch_user)
        self.log_out_action = self._action(file_menu, _("Cerrar sesión"), self.log_out)
        self.switch_action.setEnabled(signed_in)
        self.log_out_action.setEnabled(signed_in)
        file_menu.addSeparator()
        quit_action = self._action(file_menu, _("Salir"), self.close, "Ctrl+Q")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        edit_menu = bar.addMenu(_("&Editar"))
        edit_menu.setToolTipsVisible(True)
        find = self._action(edit_menu, _("Buscar expositor"), self.find_vendor, "Ctrl+F")
        if not self.may_see("vendors"):
            find.setEnabled(False)
            find.setToolTip(self._unseen())
        sales_menu = bar.addMenu(_("&Ventas"))
        sales_menu.setToolTipsVisible(True)
        new_day = self._action(
            sales_menu, _("Nueva jornada…"), self.new_fair_day, shortcuts.NEW_FAIR_DAY
        )
        allow(new_day, ctx, Right.REGISTRY, Right.SALES)
        payment = self._action(
            sales_menu, _("Registrar pago de cuotas…"), self.record_payment,
            shortcuts.RECORD_PAYMENT,
        )  # fmt: skip
        allow(payment, ctx, Right.SALES)
        go_menu = bar.addMenu(_("&Ir a"))
        go_menu.setToolTipsVisible(True)
        for number, (key, title, _make) in enumerate(self._factories, start=1):
            go = self._action(go_menu, translate(title), lambda k=key: self.go_to(k),
                              f"Ctrl+{number}")  # fmt: skip
            if not self.may_see(key):
                go.setEnabled(False)
                go.setToolTip(self._unseen())
        help_menu = bar.addMenu(_("A&yuda"))
        self._action(help_menu, _("Acerca de Agroferia"), self.about)
        self._account_menus(file_menu, quit_action, edit_menu)

    # accounts and the audit trail ------------------------------------------------------
    def _account_menus(self, file_menu: QMenu, before: QAction, edit_menu: QMenu) -> None:
        """Archivo → Cambiar mi contraseña…; Editar → Registro de cambios…"""
        password = QAction(_("Cambiar mi contraseña…"), file_menu)
        password.triggered.connect(lambda _checked=False: self.change_my_password())
        file_menu.insertAction(before, password)
        file_menu.insertSeparator(before)
        edit_menu.addSeparator()
        self._action(edit_menu, _("Registro de cambios…"), self.show_audit)

    def change_my_password(self) -> None:
        from agroferia.ui.settings.account_dialogs import ChangePasswordDialog, open_dialog

        assert self.ctx is not None
        open_dialog(ChangePasswordDialog(self.ctx, self))

    def show_audit(self) -> None:
        from agroferia.ui.audit.dialog import open_audit

        assert self.ctx is not None
        open_audit(self.ctx, self)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.prefs.recent()
        if not recent:
            self.recent_menu.addAction(_("(ninguna todavía)")).setEnabled(False)
        for location in recent:
            self._action(self.recent_menu, masked(location), lambda loc=location: self._reopen(loc))

    def _reopen(self, location: str) -> None:
        """A recent file is opened; a recent server is asked for again (its password)."""
        if is_postgresql(location):
            self.choose_server(location)
        else:
            self.open_database(location)

    # commands ------------------------------------------------------------------------
    def new_vendor(self) -> None:
        self.show_page("vendors").new_vendor()  # type: ignore[attr-defined]

    def import_file(self) -> None:
        self.show_page("reports").show_import()  # type: ignore[attr-defined]

    def new_fair_day(self) -> None:
        self.go_to("sales").new_fair_day()  # type: ignore[attr-defined]

    def record_payment(self) -> None:
        self.go_to("sales").record_payment()  # type: ignore[attr-defined]

    def find_vendor(self) -> None:
        self.show_page("vendors").focus_search()  # type: ignore[attr-defined]

    def about(self) -> None:
        assert self.ctx is not None
        QMessageBox.about(
            self,
            _("Acerca de Agroferia"),
            "<h3>{title}</h3><p>{what}</p><p>{db}<br>{log}</p>".format(
                title=_("Agroferia {version}", version=__version__),
                what=_(
                    "Registro de expositores, ventas y jornadas de las ferias de productores, "
                    "con reportes para la municipalidad. Funciona sin internet."
                ),
                db=_("Base de datos: {path}", path=masked(self.ctx.db.location)),
                log=_("Registro de errores: {path}", path=logs.log_file()),
            ),
        )

    def _may_leave(self, *, may_save: bool = True) -> bool:
        """False when the person chose to stay on a page with unsaved changes.
        ``may_save`` False (a locked window: whoever is at it has not given the password):
        the changes can only be left behind."""
        for page in self.pages.values():
            if page.has_unsaved_changes():
                self.stack.setCurrentWidget(page)
                if may_save:
                    if not settle_unsaved(self, page.save):
                        return False
                elif not confirm(
                    self,
                    _("Cambios sin guardar"),
                    _("Hay cambios sin guardar de la sesión bloqueada. Si cambia de usuario "
                      "se perderán. ¿Cambiar de usuario de todos modos?"),
                ):  # fmt: skip
                    return False
        return True

    def _drop_pages(self) -> None:
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.cover.setGeometry(self.rect())

    def choose_database(self) -> None:
        # beside the open file; a server's URL is no folder (and holds its password)
        start = "" if self.ctx is None or is_url(self.ctx.db.location) else self.ctx.db.location
        start = str(Path(start).parent) if start else ""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Abrir base de datos"),
            start,
            _("Bases de datos de Agroferia (*.db *.sqlite *.sqlite3);;Todos los archivos (*)"),
        )
        if path:
            self.open_database(path)

    def choose_server(self, known: str | None = None) -> None:
        """A server's database: the one given, else the one open, else the latest used."""
        if known is None:
            servers = [r for r in self.prefs.recent() if is_postgresql(r)]
            here = self.ctx.db.location if self.ctx is not None else ""
            known = here if is_postgresql(here) else next(iter(servers), None)
        location = server_dialog.ask(self, known)
        if location:
            self.open_database(location)

    def open_database(self, location: str) -> None:
        if not self._may_leave():
            return
        from agroferia.ui import databases  # its dialogs and the demo, only when needed

        databases.open_existing(self, location, self._adopt, self.prefs.remove_recent)

    def new_database(self) -> None:
        if not self._may_leave():
            return
        from agroferia.ui import databases

        databases.create_new(self, self._adopt)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self._may_leave():
            event.ignore()
            return
        self.idle.remove()
        self.backups.on_close()  # the automatic backup when the window closes
        self.prefs.set_geometry(self.saveGeometry())
        self.prefs.sync()
        event.accept()
