"""Tab walks the window as a student reads it: from the weeks into the selected week, top to
bottom and left to right (the review link, each reading's links and buttons, the week's links,
the slides), then round through the tabs and the Due view back to the weeks.

The expected order is the widgets' places on screen, measured here, not the code's list."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.reading_row import ReadingRow

LIMIT = 300  # Tab presses before a walk is called endless


def _walk(window: MainWindow, qtbot: QtBot, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (repeats collapsed: a label
    with two links keeps the focus for two presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start)
    visited: list[QWidget] = []
    for _ in range(LIMIT):
        widget = QApplication.focusWidget()
        assert widget is not None and widget.window() is window
        if not visited or visited[-1] is not widget:
            visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return visited
    raise AssertionError("Tab never came back to where it started")


def _shown(window: MainWindow, qtbot: QtBot, week: int) -> None:
    """Choose a week and wait until its reading rows are on screen (shown by the event loop)."""
    assert window.select_week(week)
    rows = window.detail.readings.rows.values()
    qtbot.waitUntil(lambda: all(row.isVisible() for row in rows))


def _place(widget: QWidget, body: QWidget) -> tuple[int, int]:
    at = widget.mapTo(body, QPoint(0, 0))
    return at.y(), at.x()


def _said(widget: QWidget) -> str:
    if widget.accessibleName():
        return widget.accessibleName()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return widget.text()[:30] if isinstance(widget, QLabel) else type(widget).__name__


def test_tab_goes_from_the_weeks_through_the_week_top_to_bottom(
    window: MainWindow, qtbot: QtBot
) -> None:
    _shown(window, qtbot, 6)  # readings required and optional, links and slides
    pane = window.detail
    body = pane.widget()
    visited = _walk(window, qtbot, window.week_list)
    assert visited[1] is pane  # the weeks, then the week shown beside them
    inside = [w for w in visited if body.isAncestorOf(w)]
    on_screen = sorted(inside, key=lambda w: _place(w, body))
    assert [_said(w) for w in inside] == [_said(w) for w in on_screen]
    # Every reading's title and every button it shows is on the way.
    for row in pane.readings.rows.values():
        assert row.title in inside, row.reading.title
        for button in row.buttons.values():
            assert (button in inside) == button.isVisible(), (row.reading.title, button.text())
    assert pane.slides in inside and inside[-1] is pane.slides  # the slides come last


def test_tab_order_follows_a_newly_chosen_week(window: MainWindow, qtbot: QtBot) -> None:
    _shown(window, qtbot, 3)
    _shown(window, qtbot, 8)  # rows made anew, after the labels below them
    body = window.detail.widget()
    inside = [w for w in _walk(window, qtbot, window.week_list) if body.isAncestorOf(w)]
    assert inside == sorted(inside, key=lambda w: _place(w, body))
    rows = [w for w in inside if isinstance(w.parentWidget(), ReadingRow)]
    assert [w.parentWidget().reading.title for w in rows][:1] == [  # type: ignore[union-attr]
        "The Case for Learned Index Structures"
    ]


def test_after_the_week_tab_comes_round_by_the_tabs_and_the_due_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    due = window.review.due
    tab_bar = window.tabs.tabBar()

    def region(widget: QWidget) -> str:
        if widget is window.week_list:
            return "weeks"
        if widget is window.detail or window.detail.isAncestorOf(widget):
            return "week"
        if widget is tab_bar:
            return "tabs"
        if widget is due or due.isAncestorOf(widget):
            return "due"
        return "other"

    regions: list[str] = []
    for widget in _walk(window, qtbot, window.week_list):
        name = region(widget)
        if name != "other" and (not regions or regions[-1] != name):
            regions.append(name)
    assert regions == ["weeks", "week", "tabs", "due"]
