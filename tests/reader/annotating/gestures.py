"""Driving the annotation tools as a student does, and what to expect from them, computed
apart from the code under test: PyMuPDF's own words for the text dragged over, the stored rows
read back with plain sqlite3.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QContextMenuEvent, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu, QToolButton
from pytestqt.qtbot import QtBot

from app.store.schema_version import DATABASE_NAME
from app.ui.reader.annotating import ReaderAnnotations
from app.ui.reader.annotation_tools import Tool
from app.ui.reader.reader_tab import ReaderTab
from tests.reader.expected import RawWord, Rect
from tests.reader.helpers import mouse, on_page

# -- the tab's parts ----------------------------------------------------------------------------


def annotating(tab: ReaderTab) -> ReaderAnnotations:
    assert tab.annotating is not None, "the tab was opened without the annotation service"
    return tab.annotating


def tool_button(tab: ReaderTab, tool: Tool) -> QToolButton:
    tools = annotating(tab).tools
    button = tools.widgetForAction(tools.tool_actions[tool])
    assert isinstance(button, QToolButton)
    return button


def colour_button(tab: ReaderTab, colour: str) -> QToolButton:
    tools = annotating(tab).tools
    action = next(action for action in tools.colour_actions if action.data() == colour)
    button = tools.widgetForAction(action)
    assert isinstance(button, QToolButton)
    return button


def key(qtbot: QtBot, tab: ReaderTab, pressed: str | Qt.Key, modifiers: Any = None) -> None:
    """A key press on the page view (the tab's shortcuts see it first, as in the app)."""
    modifier = modifiers if modifiers is not None else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(tab.view, pressed, modifier)


def click_menu_item(qtbot: QtBot, tab: ReaderTab, menu: QMenu, text: str) -> None:
    """Click the item of an open menu whose text starts with ``text``, with the mouse."""
    action = next((a for a in menu.actions() if a.text().startswith(text)), None)
    assert action is not None, f"no {text!r} in {[a.text() for a in menu.actions()]}"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    reactivate(qtbot, tab)


def close_menu(qtbot: QtBot, tab: ReaderTab, menu: QMenu) -> None:
    """Escape out of an open menu."""
    with qtbot.waitSignal(menu.destroyed):  # the app's event loop deletes a closed menu
        qtbot.keyClick(menu, Qt.Key.Key_Escape)
    reactivate(qtbot, tab)


def reactivate(qtbot: QtBot, tab: ReaderTab) -> None:
    """Give the tab's window back its activation after a menu closed: a window manager does
    that; the offscreen platform leaves the closed menu as the active window, and shortcuts
    only reach the active window."""
    handle = tab.window().windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is tab.window())


def choose_from_menu_button(qtbot: QtBot, tab: ReaderTab, button: QToolButton, text: str) -> None:
    """Press a tool button that pops up a menu and click the item starting with ``text``.
    The menu runs its own event loop, so the click is queued before the button is pressed."""

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text().startswith(text))
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())

    QTimer.singleShot(0, pick)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    reactivate(qtbot, tab)


def right_click(qtbot: QtBot, tab: ReaderTab, position: QPointF) -> QMenu:
    """Right-click on the pages; returns the context menu that opened.

    The events are those a desktop delivers for a right click on X11 and Wayland: the press
    and the context menu event to the viewport, then the release to the menu that opened
    (a popup takes the mouse).
    """
    viewport = tab.view.viewport()
    where = viewport.mapToGlobal(position.toPoint())
    right, none = Qt.MouseButton.RightButton, Qt.MouseButton.NoButton
    plain = Qt.KeyboardModifier.NoModifier
    press = QMouseEvent(QEvent.Type.MouseButtonPress, position, QPointF(where), right, right, plain)
    QApplication.sendEvent(viewport, press)
    asked = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position.toPoint(), where)
    QApplication.sendEvent(viewport, asked)
    menu = annotating(tab).context_menu
    assert menu is not None, "no context menu opened"
    qtbot.waitExposed(menu)
    local = QPointF(menu.mapFromGlobal(where))
    release = QMouseEvent(QEvent.Type.MouseButtonRelease, local, QPointF(where), right, none, plain)
    QApplication.sendEvent(menu, release)
    return menu


def double_click(tab: ReaderTab, position: QPointF) -> None:
    """Press, release, double-click, release: what a real double click delivers."""
    mouse(tab, QEvent.Type.MouseButtonPress, position, timestamp=5000)
    mouse(tab, QEvent.Type.MouseButtonRelease, position, buttons=Qt.MouseButton.NoButton)
    mouse(tab, QEvent.Type.MouseButtonDblClick, position, timestamp=5100)
    mouse(tab, QEvent.Type.MouseButtonRelease, position, buttons=Qt.MouseButton.NoButton)


def stroke(tab: ReaderTab, page: int, points: Sequence[tuple[float, float]]) -> None:
    """Press at the first point of ``page``, move through the others, release at the last."""
    at = [on_page(tab, page, x, y) for x, y in points]
    mouse(tab, QEvent.Type.MouseButtonPress, at[0], timestamp=1000)
    for step, point in enumerate(at[1:], start=1):
        mouse(tab, QEvent.Type.MouseMove, point, timestamp=1000 + step * 15)
    mouse(tab, QEvent.Type.MouseButtonRelease, at[-1], buttons=Qt.MouseButton.NoButton)


# -- expectations from PyMuPDF ------------------------------------------------------------------


def line_boxes(words: Sequence[RawWord]) -> list[Rect]:
    """One box per line of ``words`` (PyMuPDF's block and line numbers), the words' boxes
    united: what marking these words must store as quads."""
    boxes: list[Rect] = []
    current: tuple[int, int] | None = None
    for word in words:
        if (word.block, word.line) == current:
            x0, y0, x1, y1 = boxes[-1]
            boxes[-1] = (min(x0, word.x0), min(y0, word.y0), max(x1, word.x1), max(y1, word.y1))
        else:
            boxes.append((word.x0, word.y0, word.x1, word.y1))
            current = (word.block, word.line)
    return boxes


def two_line_run(words: Sequence[RawWord], start: int = 30) -> list[RawWord]:
    """From word ``start``, the words to the third word of the next line of the same block:
    a drag across a line break."""
    first = words[start]
    for index in range(start + 1, len(words)):
        word = words[index]
        if word.block == first.block and word.line != first.line:
            return list(words[start : index + 3])
    raise AssertionError("no second line in that block")


# -- what the database holds --------------------------------------------------------------------


def stored(data_dir: Path) -> list[dict[str, Any]]:
    """Every annotation row, read with plain sqlite3, geometry decoded, oldest first."""
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT * FROM annotations ORDER BY created, id").fetchall()
    finally:
        connection.close()
    result = []
    for row in rows:
        values = dict(row)
        values["geometry"] = json.loads(values["geometry"])
        result.append(values)
    return result


def quad_boxes(row: dict[str, Any]) -> list[Rect]:
    """A stored row's quads as boxes (x0, y0, x1, y1): upright text's quads are boxes."""
    boxes = []
    for quad in row["geometry"]["quads"]:
        xs, ys = quad[0::2], quad[1::2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def same_boxes(actual: Sequence[Rect], wanted: Sequence[Rect], tolerance: float = 0.01) -> bool:
    return len(actual) == len(wanted) and all(
        abs(a - w) <= tolerance
        for box, goal in zip(actual, wanted, strict=True)
        for a, w in zip(box, goal, strict=True)
    )


# -- what the screen shows ----------------------------------------------------------------------


def commonest(image: QImage, top_left: QPointF, bottom_right: QPointF) -> QColor:
    """The colour most pixels between two viewport points have: the paper (or the highlight
    over it) in a box of text, not the glyphs."""
    ratio = image.devicePixelRatio()
    counts: dict[int, int] = {}
    for y in range(round(top_left.y() * ratio), round(bottom_right.y() * ratio)):
        for x in range(round(top_left.x() * ratio), round(bottom_right.x() * ratio)):
            rgb = image.pixel(QPoint(x, y))
            counts[rgb] = counts.get(rgb, 0) + 1
    assert counts, "an empty area"
    return QColor.fromRgb(max(counts, key=lambda rgb: counts[rgb]))


def hue_distance(first: QColor, second: QColor) -> float:
    """Degrees between two hues around the colour wheel."""
    gap = abs(first.hslHueF() - second.hslHueF()) * 360
    return min(gap, 360 - gap)


def wait_for_focus(qtbot: QtBot, widget: Any) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
