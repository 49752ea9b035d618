"""Backups in the window: Archivo → Copia de seguridad… and Restaurar…, the automatic ones
(when the window closes, once a day) with the status bar's word on the last one, and the
backups' section of Configuración."""

from agroferia.ui.backup.controller import BackupController

__all__ = ["BackupController"]
