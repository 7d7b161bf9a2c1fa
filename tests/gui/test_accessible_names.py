"""Every control a student can reach has a name a screen reader says: the window with a week's
readings, the Due view, a paper open in the reader with its annotations, the Review dock.

The name is what Qt's accessibility layer reports (``QAccessibleInterface.text(Name)``), the
same a screen reader asks for: a button's text, an action's text, or an accessible name set
on a control that shows only an icon or a value.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices
from tests.gui.annotation_scene import WEEK, annotated_week, open_reading
from tests.gui.conftest import WindowFactory
from tests.gui.review_scene import cache_form, open_editor

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)


def unnamed(root: QWidget) -> list[str]:
    """The visible controls under ``root`` a screen reader would announce with no name."""
    found = []
    for widget in root.findChildren(QWidget):
        if not (isinstance(widget, CONTROLS) and widget.isVisible()):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus and not isinstance(
            widget, QAbstractButton
        ):
            continue  # scroll bars and the like: pointer-only, announced by their role
        if isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
            continue  # the editor inside a spin or combo box: the box carries the name
        if isinstance(widget, QTabBar) and all(
            widget.tabText(index).strip() for index in range(widget.count())
        ):
            continue  # focus lands on a tab, announced by its text (docks' tab bars have no name)
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            parent = widget.parentWidget()
            found.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return found


def test_every_control_of_the_window_and_the_reader_has_a_name(
    qtbot: QtBot, make_window: WindowFactory, services: AppServices, tmp_path: Path
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    cache_form(services)
    window = make_window()
    window.resize(1280, 800)
    assert window.select_week(WEEK)
    assert unnamed(window) == []

    open_reading(qtbot, window, readings[0].reading_id)
    assert unnamed(window) == []

    window.tabs.setCurrentIndex(0)
    open_editor(qtbot, window)
    assert unnamed(window) == []
