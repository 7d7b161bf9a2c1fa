"""The window's look: light, dark or the desktop's scheme (``theme``), the palettes
(``palettes``), the app's meaningful colours (``colours``) and the focus ring
(``focus_style``)."""

from app.ui.theme.colours import Colours, colours, is_dark
from app.ui.theme.theme import Theme, ThemeMode, on_theme_change, text_in, theme

__all__ = [
    "Colours",
    "Theme",
    "ThemeMode",
    "colours",
    "is_dark",
    "on_theme_change",
    "text_in",
    "theme",
]
