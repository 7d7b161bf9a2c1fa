"""Light, dark or the desktop's scheme, applied to the whole application, live.

The choice is ``appearance.theme`` (light | dark | system). System follows Qt's colour scheme
hint (``QStyleHints.colorScheme`` and its change signal); where the desktop gives no hint
(Unknown: some X11 desktops, GTK themes without the portal) the darkness of the palette the
platform handed us at start decides. Either way the window is drawn with our own full palette
over Fusion, so what a student sees is what the tests measured.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.theme.colours import Colours, colours, is_dark
from app.ui.theme.focus_style import FocusRingStyle
from app.ui.theme.palettes import palette


class ThemeMode(StrEnum):
    LIGHT = "light"
    DARK = "dark"
    SYSTEM = "system"


class Theme(QObject):
    """The application's theme; ``changed`` fires after the palette switched."""

    changed = Signal()

    def __init__(self, app: QApplication, system_palette: QPalette | None = None) -> None:
        super().__init__(app)
        self._app = app
        self._system_palette = QPalette(system_palette or app.palette())
        hints = QGuiApplication.styleHints()
        self._scheme = hints.colorScheme()
        hints.colorSchemeChanged.connect(self._scheme_changed)
        self.mode = ThemeMode.SYSTEM
        self.dark = False
        self._applied = False

    @property
    def colours(self) -> Colours:
        return colours(self._app.palette())

    def system_is_dark(self) -> bool:
        if self._scheme == Qt.ColorScheme.Dark:
            return True
        if self._scheme == Qt.ColorScheme.Light:
            return False
        return is_dark(self._system_palette)

    def apply(self, mode: ThemeMode | str) -> None:
        """Draw the whole application in ``mode`` from now on (widgets follow at once)."""
        self.mode = ThemeMode(mode)
        hints = QGuiApplication.styleHints()
        # Ask the platform for the scheme too, so what it draws (window title bars, native
        # dialogs) matches; "system" gives the choice back to the desktop. Qt 6.8 added the
        # request; with 6.6 and 6.7 (pyproject allows them) only our palette changes.
        if hasattr(hints, "setColorScheme"):
            if self.mode == ThemeMode.SYSTEM:
                hints.unsetColorScheme()
                self._scheme = hints.colorScheme()
            else:
                dark = self.mode == ThemeMode.DARK
                hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
        self._refresh()

    @property
    def system_palette(self) -> QPalette:
        """The palette the platform gave (the desktop's theme), which decides "system" when
        the desktop sends no colour scheme."""
        return QPalette(self._system_palette)

    def set_system_palette(self, system: QPalette) -> None:
        """The platform's palette changed (or a test stands in for a desktop's)."""
        self._system_palette = QPalette(system)
        if self.mode == ThemeMode.SYSTEM and self._applied:
            self._refresh()

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        # The signal's value, not colorScheme(): the signal is what a desktop (or a test
        # standing in for one) reports. While a theme is chosen, the scheme is ours (asked
        # for in ``apply``), not the desktop's: it is read again on going back to system.
        if self.mode != ThemeMode.SYSTEM:
            return
        self._scheme = scheme
        if self._applied:
            self._refresh()

    def _refresh(self) -> None:
        dark = (
            self.system_is_dark() if self.mode == ThemeMode.SYSTEM else self.mode == ThemeMode.DARK
        )
        if self._applied and dark == self.dark:
            return
        if not isinstance(self._app.style(), FocusRingStyle):
            self._app.setStyle(FocusRingStyle())
        self.dark, self._applied = dark, True
        self._app.setPalette(palette(dark))
        # Widgets take the new palette from a posted event: deliver it now, so what
        # ``changed`` rebuilds reads the new colours from its own widget's palette.
        QApplication.sendPostedEvents(None, QEvent.Type.ApplicationPaletteChange)
        # A widget with a style sheet keeps the palette it was polished with (Qt restyles it
        # only when the sheet is set): setting the same sheet again takes the new one.
        for widget in QApplication.allWidgets():
            if widget.styleSheet():
                widget.setStyleSheet(widget.styleSheet())
        self.changed.emit()


_theme: Theme | None = None


def theme() -> Theme:
    """The application's theme (made on first use; it changes nothing until ``apply``)."""
    global _theme
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the theme needs a QApplication"
    if _theme is None or _theme.parent() is not app:
        _theme = Theme(app)
    return _theme


class _Follower(QObject):
    """Calls ``refresh`` on each theme change while its owner lives (a QObject receiver:
    Qt drops the connection when the owner is deleted, a bare function would outlive it)."""

    def __init__(self, owner: QObject, refresh: Callable[[], object]) -> None:
        super().__init__(owner)
        self._refresh = refresh
        theme().changed.connect(self._changed)

    @Slot()
    def _changed(self) -> None:
        self._refresh()


def on_theme_change(owner: QObject, refresh: Callable[[], object]) -> None:
    """Run ``refresh`` after every switch of the theme, for as long as ``owner`` exists:
    HTML and painted colours built from the palette are built again."""
    _Follower(owner, refresh)


def text_in(widget: QWidget, colour: str) -> None:
    """``widget``'s text in the theme's ``colour`` (a ``Colours`` field: "error", "success"),
    now and after every switch. The rest of its palette follows the application's."""

    def paint() -> None:
        palette = widget.palette()
        wanted = QColor(str(getattr(colours(QGuiApplication.palette()), colour)))
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
            palette.setColor(role, wanted)
        widget.setPalette(palette)

    paint()
    on_theme_change(widget, paint)
