"""Issue 12, the reader: outline and page thumbnails both at hand, outline entries with their
page numbers, thumbnails drawn as sheets of paper, Forward beside Back, and a link's target
shown while the pointer rests on it.

Expected pages and addresses come from the paper's generator (tests/reader/papers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.ui.reader.reader_tab import ReaderTab
from tests.reader.conftest import Files, OpenTab, settle
from tests.reader.expected import NIGHT_PAPER
from tests.reader.helpers import click, hover, on_page, pixel, screen
from tests.reader.papers import EXTERNAL_URL, MARKER, make_paper


def test_outline_entries_show_their_page_numbers(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    tree = tab.sidebar.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == len(files.paper.sections))
    shown = [
        (tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1))
        for i in range(tree.topLevelItemCount())
    ]
    assert shown == [(title, str(page + 1)) for title, page, _y in files.paper.sections]
    # The number is on screen, at the right of its title, not cut off.
    first = tree.topLevelItem(0)
    title_rect, number_rect = (
        tree.visualItemRect(first),
        tree.visualRect(tree.indexFromItem(first, 1)),
    )
    assert (
        number_rect.left() >= title_rect.left() and number_rect.right() <= tree.viewport().width()
    )
    assert number_rect.width() >= tree.fontMetrics().horizontalAdvance("14")


def test_pages_and_outline_can_be_switched(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    panel = tab.sidebar
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0)
    assert panel.showing_outline and panel.pages_button.isEnabled()
    qtbot.mouseClick(panel.pages_button, Qt.MouseButton.LeftButton)
    assert not panel.showing_outline and panel.thumbnails.isVisible()
    assert panel.thumbnails.count() == files.paper.pages
    qtbot.waitUntil(lambda: {0, 1, 2} <= panel.rendered)
    item = panel.thumbnails.item(2)
    qtbot.mouseClick(
        panel.thumbnails.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.thumbnails.visualItemRect(item).center(),
    )
    assert tab.view.current_page() == 2
    qtbot.mouseClick(panel.outline_button, Qt.MouseButton.LeftButton)
    assert panel.showing_outline and panel.tree.isVisible()


def test_without_an_outline_the_pages_show_and_outline_is_off(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.plain.path)
    panel = tab.sidebar
    qtbot.waitUntil(lambda: not panel.showing_outline)
    assert panel.pages_button.isChecked() and not panel.outline_button.isEnabled()


def _grey(image: QImage, x: int, y: int) -> int:
    return image.pixelColor(x, y).lightness()


def test_a_white_thumbnail_has_an_edge_on_the_white_panel(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.plain.path)
    panel = tab.sidebar
    qtbot.waitUntil(lambda: 0 in panel.rendered)
    view = panel.thumbnails
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    rect = view.visualItemRect(view.item(1))  # not the selected (tinted) one
    background = _grey(image, 1, round(rect.center().y() * ratio))
    row = [_grey(image, x, round(rect.center().y() * ratio)) for x in range(image.width())]
    # Across the middle of the page: the panel, then a dark edge, then the page's white margin.
    edge = next(x for x, grey in enumerate(row) if grey < background - 40)
    assert row[edge + round(4 * ratio)] > background - 10  # the page's margin, inside the edge
    # Leaving the page on the right: the edge again and a shadow before the panel.
    right = max(x for x, grey in enumerate(row) if grey < background - 10)
    assert right > edge + 50 * ratio
    # The page number sits right under the page: the text is within a line of its bottom.
    page_bottom = max(
        y
        for y in range(round(rect.top() * ratio), round(rect.bottom() * ratio))
        if _grey(image, edge, y) < background - 40
    )
    label = [
        y
        for y in range(page_bottom + 1, round(rect.bottom() * ratio) + 1)
        if any(_grey(image, x, y) < background - 60 for x in range(edge + 10, right - 10))
    ]
    assert label and label[0] - page_bottom <= view.fontMetrics().height() * ratio


def test_forward_is_beside_back_and_returns_after_back(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    bar = tab.toolbar
    back, forward = bar.widgetForAction(bar.back), bar.widgetForAction(bar.forward)
    assert back is not None and forward is not None and forward.isVisible()
    assert forward.x() > back.x() and forward.x() - back.geometry().right() < 20
    assert not forward.isEnabled()
    _title, page, _y = files.paper.sections[4]
    tab.jump(page)
    qtbot.mouseClick(back, Qt.MouseButton.LeftButton)
    assert tab.view.current_page() == 0 and forward.isEnabled()
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert tab.view.current_page() == page
    assert not forward.isEnabled() and back.isEnabled()


def test_hovering_a_link_shows_where_it_goes(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    assert files.paper.section_link is not None and files.paper.external_link is not None
    _page, rect, target = files.paper.section_link
    internal = on_page(tab, 0, (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    hover(tab, internal)  # the page's links are read when the pointer first comes over it
    qtbot.waitUntil(lambda: 0 in tab.view.texts)
    hover(tab, internal)
    assert tab.view.viewport().toolTip() == f"Go to page {target + 1}"
    _page, url_rect = files.paper.external_link
    hover(tab, on_page(tab, 0, url_rect.x0 + 20, (url_rect.y0 + url_rect.y1) / 2))
    assert tab.view.viewport().toolTip() == EXTERNAL_URL
    hover(tab, on_page(tab, 0, 300, 600))  # plain text: no tooltip left behind
    assert tab.view.viewport().toolTip() == ""
    click(tab, internal)
    assert tab.view.current_page() == target


def test_an_external_link_with_no_browser_says_so(
    open_tab: OpenTab, files: Files, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No browser: no xdg-open on the PATH (and offscreen Qt has no desktop services at all).
    monkeypatch.setenv("PATH", str(tmp_path))
    tab = open_tab(files.paper.path)
    assert files.paper.external_link is not None
    _page, rect = files.paper.external_link
    click(tab, on_page(tab, 0, rect.x0 + 20, (rect.y0 + rect.y1) / 2))
    prompt = tab.link_prompt
    assert prompt is not None
    prompt.button(QMessageBox.StandardButton.Open).click()
    assert tab.banner.isVisible()
    assert "No web browser could be opened" in tab.banner.text and EXTERNAL_URL in tab.banner.text


def _button_places(tab: ReaderTab) -> list[tuple[str, int]]:
    bar = tab.toolbar
    places = []
    for action in bar.actions():
        widget = bar.widgetForAction(action)
        if widget is not None and widget.isVisible():
            places.append((action.text(), widget.x()))
    return places


def test_the_toolbar_does_not_shift_between_readings(
    open_tab: OpenTab, files: Files, qtbot: QtBot, tmp_path: Path
) -> None:
    long_paper = make_paper(tmp_path / "long.pdf", 120, toc=False)
    short, long = open_tab(files.plain.path), open_tab(long_paper.path)
    assert long.document is not None and long.document.page_count == 120
    long.jump(117)  # "118 of 120" against "1 of 4"
    long.toolbar.search_field.setText(MARKER)
    long.toolbar.search_field.step.emit(True)
    qtbot.waitUntil(lambda: not long.search.running and long.search.count > 0)
    assert long.toolbar.hit_label.text() and not short.toolbar.hit_label.text()
    assert _button_places(short) == _button_places(long)
    assert len(_button_places(short)) > 8


def test_a_reading_opens_dark_when_it_was_left_dark_and_says_when_switched(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path, dark=True)
    settle(qtbot, tab)
    assert tab.dark and tab.toolbar.dark.isChecked()
    assert pixel(screen(tab), on_page(tab, 0, 30, 400)) == NIGHT_PAPER  # the margin, dark
    switched: list[bool] = []
    tab.dark_changed.connect(switched.append)
    tab.toolbar.dark.trigger()  # the student's choice: told, to be remembered
    assert switched == [False] and not tab.dark
    settle(qtbot, tab)
    assert pixel(screen(tab), on_page(tab, 0, 30, 400)) == (255, 255, 255)
    tab.set_dark(True)  # the program's own (a restore): nothing to remember
    assert switched == [False] and tab.dark
