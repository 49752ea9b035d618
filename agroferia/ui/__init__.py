"""The desktop interface (PySide6): a thin layer over the core services."""
