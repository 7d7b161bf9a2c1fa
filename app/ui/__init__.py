"""Front door 2: the PySide6 windows. Qt is imported only under this package."""
