"""Issue 12: dragging a selection past the bottom (or top) edge scrolls the pages and keeps
selecting, so a passage longer than a screen is selected in one drag. The pointer is held
outside the view; the test waits on the scroll bar, not on a clock."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from pytestqt.qtbot import QtBot

from tests.reader import expected
from tests.reader.conftest import Files, OpenTab, settle
from tests.reader.helpers import mouse, on_page


def test_dragging_below_the_view_scrolls_and_extends_the_selection(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    settle(qtbot, tab)
    view = tab.view
    first = expected.words(files.paper.path, 0)[0]  # the title's first word, as PyMuPDF reads it
    start = on_page(tab, 0, *first.centre)
    last_visible = max(view.visible_pages())
    mouse(tab, QEvent.Type.MouseButtonPress, start, timestamp=1000)
    mouse(tab, QEvent.Type.MouseMove, start + QPointF(0, 40), timestamp=1020)
    below = QPointF(start.x(), view.viewport().height() + 80)
    mouse(tab, QEvent.Type.MouseMove, below, timestamp=1040)
    assert tab.view.input.drag_scroll.active
    # Held there, the pages scroll by themselves until a page beyond the first screen is in.
    qtbot.waitUntil(lambda: min(view.visible_pages()) > last_visible, timeout=10_000)
    mouse(
        tab, QEvent.Type.MouseButtonRelease, below, buttons=Qt.MouseButton.NoButton, timestamp=1060
    )
    assert not tab.view.input.drag_scroll.active  # the release stopped the scrolling
    selection = view.selection
    assert selection is not None and selection.start.page == 0
    assert selection.end.page > last_visible  # selected down into pages that were not in view
    assert tab.selected_text().startswith(first.text)


def test_dragging_above_the_view_scrolls_back_up(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    tab.view.go_to(3)
    settle(qtbot, tab)
    view = tab.view
    top_page = min(view.visible_pages())
    words = expected.words(files.paper.path, 3)
    start = on_page(tab, 3, *words[len(words) // 2].centre)
    mouse(tab, QEvent.Type.MouseButtonPress, start, timestamp=1000)
    mouse(tab, QEvent.Type.MouseMove, start - QPointF(0, 40), timestamp=1020)
    mouse(tab, QEvent.Type.MouseMove, QPointF(start.x(), -60), timestamp=1040)
    qtbot.waitUntil(lambda: min(view.visible_pages()) < top_page - 1, timeout=10_000)
    mouse(
        tab,
        QEvent.Type.MouseButtonRelease,
        QPointF(start.x(), -60),
        buttons=Qt.MouseButton.NoButton,
        timestamp=1060,
    )
    selection = view.selection
    assert selection is not None and selection.end.page == 3 and selection.start.page < top_page
