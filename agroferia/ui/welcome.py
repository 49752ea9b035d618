"""The first run: no database yet. Create an empty one for the person's fair, or explore
the demo fair (with its accounts, one per role, and their passwords shown here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from agroferia.config import is_url
from agroferia.core import fairs
from agroferia.core.errors import ValidationError
from agroferia.core.network.urls import masked
from agroferia.i18n import _
from agroferia.ui.fairs.fair_form import FairForm
from agroferia.ui.main_window import app_icon
from agroferia.ui.signin.sign_in import demo_accounts_text
from agroferia.ui.widgets import heading, note

OWN, DEMO = "own", "demo"


def _first_words(location: str) -> str:
    if is_url(location):
        return _("La base de datos del servidor ({database}) está vacía. ¿Cómo quiere empezar?",
                 database=masked(location))  # fmt: skip
    return _("Todavía no hay una base de datos en {path}. ¿Cómo quiere empezar?", path=location)


class WelcomeDialog(QDialog):
    """``choice`` is OWN (with ``fair_values()``) or DEMO once accepted."""

    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Bienvenida a Agroferia"))
        self.setWindowIcon(app_icon())
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Bienvenida a Agroferia")))
        layout.addWidget(note(_first_words(location)))
        self.own = QRadioButton(_("Crear la base de datos de mi feria (vacía)"))
        self.demo = QRadioButton(_("Explorar la feria de demostración (datos inventados)"))
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.demo)
        self.own.setChecked(True)
        layout.addWidget(self.own)
        self.form = FairForm(with_address=False)
        layout.addWidget(self.form)
        layout.addWidget(self.demo)
        self.demo_note = QLabel(
            _(
                "La demostración tiene 84 expositores y un año de jornadas para probar todo. "
                "Después puede crear la base de su feria con Archivo → Nueva base de datos para otra feria."
            )
        )
        self.demo_note.setWordWrap(True)
        layout.addWidget(self.demo_note)
        self.network = QCheckBox(
            _("Con dos ferias más de la misma organización (una red de ferias: algunos "
              "productores venden en dos)")
        )  # fmt: skip
        self.network.setObjectName("demo_network")
        layout.addWidget(self.network)
        self.demo_accounts = QLabel(demo_accounts_text())
        self.demo_accounts.setObjectName("demo_accounts")
        self.demo_accounts.setTextFormat(Qt.TextFormat.RichText)
        self.demo_accounts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.demo_accounts)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Empezar"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Salir"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.own.toggled.connect(self._choice_changed)
        self.form.edited.connect(self._check)
        self._choice_changed()
        self.resize(560, self.sizeHint().height())
        self.form.name.setFocus()

    @property
    def choice(self) -> str:
        return OWN if self.own.isChecked() else DEMO

    @property
    def network_demo(self) -> bool:
        """The demo with the two other fairs of its network (``demo --network``)."""
        return self.choice == DEMO and self.network.isChecked()

    def fair_values(self) -> dict[str, Any]:
        return self.form.values()

    def _choice_changed(self) -> None:
        self.form.setEnabled(self.own.isChecked())
        self.demo_note.setEnabled(self.demo.isChecked())
        self.network.setEnabled(self.demo.isChecked())
        self.demo_accounts.setEnabled(self.demo.isChecked())

    def _errors(self) -> ValidationError | None:
        try:
            fairs.validate_fair(None, self.form.values())
        except ValidationError as error:
            return error
        return None

    def _check(self) -> None:
        self.form.show_errors(self._errors())

    def accept(self) -> None:
        if self.choice == OWN:
            error = self._errors()
            self.form.show_errors(error, all_fields=True)
            if error is not None:
                self.form.name.setFocus()
                return
        super().accept()
