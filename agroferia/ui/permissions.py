"""What the signed-in account may not do is disabled, and says why on hover.

The services check the rights themselves (``NotAllowedError``); this only spares people a
button that would refuse.  A control disabled here stays so whatever the page does with
it afterwards (a selection that would enable it, say)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from agroferia.core.accounts import Right
from agroferia.i18n import Text, lazy
from agroferia.ui.context import AppContext

# what each right is: "Su cuenta (Consulta) no puede <this>."
_WHAT: dict[Right, Text] = {
    Right.SALES: lazy("registrar ventas, cuotas y pagos"),
    Right.REGISTRY: lazy("cambiar expositores, rubros, ferias y jornadas, e importar"),
    Right.PERSONAL_DATA: lazy("manejar datos personales"),
    Right.ADMIN: lazy("administrar (cuentas, configuración, reabrir jornadas)"),
}


READ_ONLY = lazy("la base de datos está en una carpeta (o es un archivo) de solo lectura")


def refusal(ctx: AppContext, right: Right) -> str:
    """Why the account may not: "Su cuenta (Consulta) no puede …", or that the database is
    read-only."""
    if ctx.read_only:
        return lazy("Solo lectura: {reason}.", reason=READ_ONLY).render()
    what = _WHAT[right]
    if ctx.user is None:
        return lazy("Sin una cuenta no se puede {what}.", what=what).render()
    return lazy("Su cuenta ({role}) no puede {what}.", role=ctx.user.role_label, what=what).render()


class _KeepDisabled(QObject):
    """Puts a control back to disabled, with its reason, whenever something enables it or
    gives it another tooltip."""

    def __init__(self, widget: QWidget, reason: str) -> None:
        super().__init__(widget)
        self.reason = reason

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(watched, QWidget):
            return False
        if event.type() == QEvent.Type.EnabledChange and watched.isEnabled():
            watched.setEnabled(False)
        elif event.type() == QEvent.Type.ToolTipChange and watched.toolTip() != self.reason:
            watched.setToolTip(self.reason)
        return False


def allow(widget: QWidget | QAction, ctx: AppContext, *rights: Right) -> bool:
    """Leaves ``widget`` (or a menu's command) as it is when the account holds one of
    ``rights``; otherwise disables it for good with the reason as its tooltip.  True when
    allowed."""
    if ctx.may(*rights):
        return True
    reason = refusal(ctx, rights[0])
    widget.setEnabled(False)
    widget.setToolTip(reason)
    if isinstance(widget, QWidget):
        widget.installEventFilter(_KeepDisabled(widget, reason))
    return False
