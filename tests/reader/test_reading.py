"""Reading a generated paper in a tab: open, scroll, zoom, search, select and copy, outline,
links and Back, dark pages, position round trips, several tabs.

Expected words, search hits and colours come from PyMuPDF and the generator (tests/reader/
expected.py, papers.py), never from the reader's own wrappers.
"""

from __future__ import annotations

from dataclasses import astuple

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from app.services.reader import FitMode, ReaderService, ReadingPosition
from app.ui.reader.layout import MARGIN
from app.ui.reader.reader_tab import ReaderTab
from tests.qt_support import Desktop
from tests.reader import expected
from tests.reader.conftest import Files, OpenTab, painted, settle, wait_until_open
from tests.reader.expected import NIGHT_PAPER, Hit, RawWord, close_to, night_grey
from tests.reader.helpers import (
    click,
    drag,
    hover,
    mouse,
    on_page,
    pixel,
    pixels_in,
    screen,
    shows,
)
from tests.reader.papers import EXTERNAL_URL, MARKER, bar_samples, photo_colour


def test_opens_with_the_first_page_drawn(open_tab: OpenTab, files: Files) -> None:
    tab = open_tab(files.paper.path)
    assert tab.state == "reading"
    assert 0 in painted(tab)
    assert tab.toolbar.page_box.value() == 1
    assert tab.toolbar.page_total.text() == "of 14"
    assert tab.view.fit == FitMode.WIDTH
    rect = tab.view.page_geometry(0).rect
    assert rect.width() == pytest.approx(tab.view.viewport().width() - 2 * MARGIN, abs=2)


def test_keys_scroll_through_the_pages(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    view = tab.view
    bar = view.verticalScrollBar()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert bar.value() == round(view.viewport().height() * 0.9)
    qtbot.keyClick(view, Qt.Key.Key_J)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    after_lines = bar.value()
    qtbot.keyClick(view, Qt.Key.Key_K)
    assert bar.value() == after_lines - bar.singleStep()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == after_lines - bar.singleStep()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.current_page() == 13
    assert tab.toolbar.page_box.value() == 14
    settle(qtbot, tab)
    assert 13 in painted(tab)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert bar.value() == 0 and view.current_page() == 0


def test_page_box_goes_to_a_page(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    box = tab.toolbar.page_box
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "9")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert tab.view.current_page() == 8
    settle(qtbot, tab)
    assert 8 in painted(tab)


def test_zoom_fit_and_steps(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    view = tab.view
    tab.toolbar.fit_page.trigger()
    assert view.fit == FitMode.PAGE
    assert view.page_geometry(0).rect.height() <= view.viewport().height() - 2 * MARGIN + 1
    assert tab.toolbar.zoom_box.currentText() == "Fit page"
    before = view.zoom
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.fit == FitMode.NONE
    assert view.zoom > before
    stepped = view.zoom
    wheel = QWheelEvent(
        QPointF(100, 100),
        QPointF(view.viewport().mapToGlobal(QPoint(100, 100))),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom == pytest.approx(stepped * 1.15, rel=1e-3)
    combo = tab.toolbar.zoom_box
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, "150")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert view.zoom == pytest.approx(1.5)
    assert combo.currentText() == "150 %"
    tab.toolbar.fit_width.trigger()
    settle(qtbot, tab)
    assert view.page_geometry(0).rect.width() == pytest.approx(
        view.viewport().width() - 2 * MARGIN, abs=2
    )
    # The pages on screen are drawn again at the new zoom, not shown stretched from the old one.
    drawn = [key for key in list(tab.cache.keys()) if key.page in painted(tab)]
    assert {key.page for key in drawn} >= set(view.visible_pages())
    assert {key.zoom for key in drawn} == {view.zoom}


def current_hit(tab: ReaderTab) -> Hit | None:
    """The hit the search is on, and the one the view highlights as current (they must agree)."""
    current = tab.search.current()
    assert tab.view.current_hit == current
    return None if current is None else Hit(current[0], astuple(current[1]))


def test_search_counts_highlights_and_steps(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    truth = expected.search_hits(files.paper.path, MARKER)
    on_first_page = [hit for hit in truth if hit.page == 0]
    # Hits on the first page and on later ones: stepping goes down a page and across pages.
    assert len(on_first_page) >= 2 and len(truth) > len(on_first_page)
    tab = open_tab(files.paper.path)
    field = tab.toolbar.search_field
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert field.hasFocus()
    qtbot.keyClicks(field, MARKER.upper())  # case does not matter
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.search.running, timeout=5000)
    assert tab.search.count == len(truth)
    highlighted = {
        page: sorted(astuple(box) for box in boxes) for page, boxes in tab.view.hits.items()
    }
    assert highlighted == {
        page: sorted(hit.rect for hit in truth if hit.page == page)
        for page in {h.page for h in truth}
    }
    for step in range(len(truth) + 1):  # every hit in reading order, then round to the first
        index = step % len(truth)
        assert tab.toolbar.hit_label.text() == f"{index + 1} of {len(truth)}"
        assert current_hit(tab) == truth[index]
        assert shows(tab, truth[index].page, truth[index].rect), f"hit {index + 1} is off screen"
        if step < len(truth):
            qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert current_hit(tab) == truth[-1]
    assert shows(tab, truth[-1].page, truth[-1].rect)
    assert tab.toolbar.hit_label.text() == f"{len(truth)} of {len(truth)}"
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert tab.view.hits == {} and tab.toolbar.hit_label.text() == ""


def gradient_words(files: Files) -> tuple[list[RawWord], int]:
    """Page 1's words as PyMuPDF gives them, and where the first 'Gradient' is among them."""
    words = expected.words(files.paper.path, 0)
    return words, next(i for i, word in enumerate(words) if word.text == "Gradient")


def test_select_by_drag_and_copy(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    words, first = gradient_words(files)
    chosen = words[first : first + 13]
    # One paragraph over two lines and no hyphen at a line end: the copy is the words, spaced.
    assert len({word.block for word in chosen}) == 1
    assert len({word.line for word in chosen}) == 2
    assert not any(word.text.endswith("-") for word in chosen)
    tab = open_tab(files.paper.path)
    drag(tab, on_page(tab, 0, *chosen[0].centre), on_page(tab, 0, *chosen[-1].centre))
    qtbot.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == " ".join(word.text for word in chosen)


def test_double_click_word_and_triple_click_line(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    words, index = gradient_words(files)
    gradient = words[index]
    line = [
        word.text for word in words if (word.block, word.line) == (gradient.block, gradient.line)
    ]
    assert len(line) > 1  # a line of several words, so a line is told from a word
    tab = open_tab(files.paper.path)
    point = on_page(tab, 0, *gradient.centre)
    click(tab, point, timestamp=5000)
    mouse(tab, QEvent.Type.MouseButtonDblClick, point, timestamp=5100)
    mouse(
        tab, QEvent.Type.MouseButtonRelease, point, buttons=Qt.MouseButton.NoButton, timestamp=5100
    )
    assert tab.selected_text() == "Gradient"
    click(tab, point, timestamp=5200)  # the third click
    assert tab.selected_text() == " ".join(line)


def test_outline_jumps_and_back_returns(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    tree = tab.sidebar.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == len(files.paper.sections))
    item = tree.topLevelItem(4)
    title, page, _y = files.paper.sections[4]
    assert item.text(0) == title
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center()
    )
    assert tab.view.current_page() == page
    settle(qtbot, tab)
    assert page in painted(tab)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.view.current_page() == 0
    assert tab.view.verticalScrollBar().value() == 0


def test_internal_link_jumps_and_alt_left_goes_back(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    tab.view.verticalScrollBar().setValue(40)
    assert files.paper.section_link is not None
    _page, rect, target = files.paper.section_link
    link = on_page(tab, 0, (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    hover(tab, link)  # the page's links are read when the pointer comes over it
    qtbot.waitUntil(lambda: 0 in tab.view.texts)
    hover(tab, link)
    assert tab.view.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor
    click(tab, link)
    assert tab.view.current_page() == target
    assert tab.toolbar.back.isEnabled()
    qtbot.keyClick(tab.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert tab.view.verticalScrollBar().value() == 40
    assert tab.toolbar.forward.isEnabled() and not tab.toolbar.back.isEnabled()


def test_external_link_shows_the_address_then_opens(
    open_tab: OpenTab, files: Files, desktop: Desktop
) -> None:
    tab = open_tab(files.paper.path)  # no hover first: a click reads the links itself
    assert files.paper.external_link is not None
    _page, rect = files.paper.external_link
    click(tab, on_page(tab, 0, rect.x0 + 20, (rect.y0 + rect.y1) / 2))
    prompt = tab.link_prompt
    assert prompt is not None and prompt.isVisible()
    assert prompt.informativeText() == EXTERNAL_URL
    assert desktop.opened == []  # nothing opens before the student agrees
    prompt.button(QMessageBox.StandardButton.Open).click()
    assert [url.toString() for url in desktop.opened] == [EXTERNAL_URL]
    assert tab.link_prompt is None


def test_dark_pages_invert_text_and_keep_pictures_in_their_colours(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    page = 7  # a photo and a bar chart side by side at the top, text under them
    photo, chart = files.paper.image_rects[page], files.paper.figure_rects[page]
    text_band = (60.0, 300.0, 290.0, 340.0)  # in the left column, under the chart
    # Drawn figures as drawn (reader.dark_figures = natural); by default they follow the page
    # (tests/reader/test_dark_figures.py).
    tab = open_tab(files.paper.path, natural_figures=True)
    tab.view.go_to(page)
    settle(qtbot, tab)
    assert shows(tab, page, (photo.x0, photo.y0, photo.x1, photo.y1))
    assert shows(tab, page, (chart.x0, chart.y0, chart.x1, chart.y1))
    assert shows(tab, page, text_band)
    light = screen(tab)
    tab.toolbar.dark.trigger()
    settle(qtbot, tab)
    dark = screen(tab)

    # The photo shows the colours drawn into the PDF (within two steps of its gradient).
    for fx, fy in [(0.1, 0.1), (0.33, 0.5), (0.5, 0.9), (0.9, 0.3)]:
        x, y = photo.x0 + fx * photo.width, photo.y0 + fy * photo.height
        assert close_to(pixel(dark, on_page(tab, page, x, y)), photo_colour(photo, x, y), 6)
    # So does each bar of the chart.
    bars = bar_samples(chart)
    assert len(bars) == 5
    for (x, y), fill in bars:
        assert close_to(pixel(dark, on_page(tab, page, x, y)), fill, 1), fill
    # Text: black ink on white paper by day; each grey becomes the documented dark-page grey.
    corners = on_page(tab, page, *text_band[:2]), on_page(tab, page, *text_band[2:])
    pairs = list(zip(pixels_in(light, *corners), pixels_in(dark, *corners), strict=True))
    greys = [(day[0], night) for day, night in pairs if day[0] == day[1] == day[2]]
    assert len(greys) == len(pairs)  # nothing coloured in this band
    assert {0, 255} <= {grey for grey, _ in greys}
    wrong = [(grey, night) for grey, night in greys if not close_to(night, night_grey(grey), 1)]
    assert wrong == []
    assert pixel(dark, on_page(tab, page, 30, 400)) == NIGHT_PAPER  # the margin

    tab.toolbar.dark.trigger()
    settle(qtbot, tab)
    assert screen(tab) == light  # and back to the day page, pixel for pixel


def test_a_position_set_on_a_tab_is_where_it_is_and_where_a_new_tab_opens(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    """The tab's side of reopening where the student left off (the window's, through the
    store and a new window, is in tests/gui/test_reading_tabs.py)."""
    tab = open_tab(files.paper.path)
    seen: list[ReadingPosition] = []
    tab.position_changed.connect(seen.append)
    wanted = ReadingPosition(page=5, offset=0.25, zoom=1.5, fit=FitMode.NONE)
    tab.set_position(wanted)
    got = tab.position()
    assert (got.page, got.zoom, got.fit) == (5, 1.5, FitMode.NONE)
    assert got.offset == pytest.approx(0.25, abs=0.002)
    assert seen and seen[-1] == got
    # On screen: a quarter of page 6 is above the top of the view, at 150 %.
    page_top = tab.view.page_to_viewport(5, 0, 0).y()
    page_height = tab.view.page_geometry(5).rect.height()
    assert -page_top / page_height == pytest.approx(0.25, abs=0.002)
    assert tab.toolbar.page_box.value() == 6 and tab.toolbar.zoom_box.currentText() == "150 %"
    top = tab.view.verticalScrollBar().value()
    tab.close()
    again = open_tab(files.paper.path, position=got)
    settle(qtbot, again)
    assert again.view.verticalScrollBar().value() == top  # the same place, to the pixel
    assert again.toolbar.page_box.value() == 6 and again.toolbar.zoom_box.currentText() == "150 %"
    assert 5 in painted(again)


def test_thumbnails_when_there_is_no_outline(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.plain.path)
    panel = tab.sidebar
    qtbot.waitUntil(lambda: not panel.showing_outline)
    thumbnails = panel.thumbnails
    assert thumbnails.count() == 4
    qtbot.waitUntil(lambda: panel.rendered == {0, 1, 2, 3})
    item = thumbnails.item(2)
    qtbot.mouseClick(
        thumbnails.viewport(),
        Qt.MouseButton.LeftButton,
        pos=thumbnails.visualItemRect(item).center(),
    )
    assert tab.view.current_page() == 2


def test_two_readings_at_once(qtbot: QtBot, files: Files) -> None:
    service = ReaderService()
    tabs = QTabWidget()
    first = ReaderTab(service, files.paper.path)
    second = ReaderTab(service, files.plain.path)
    tabs.addTab(first, first.title)
    tabs.addTab(second, second.title)
    tabs.resize(1000, 760)
    try:
        with qtbot.waitExposed(tabs):
            tabs.show()
        wait_until_open(qtbot, first)
        first.search.start(MARKER)
        tabs.setCurrentWidget(second)
        wait_until_open(qtbot, second)
        assert second.view.hits == {}
        second.set_dark(True)
        assert not first.view.dark
        tabs.setCurrentWidget(first)
        qtbot.waitUntil(lambda: not first.search.running)
        assert first.search.count == len(expected.search_hits(files.paper.path, MARKER))
        second.close()
        tabs.removeTab(1)
        first.view.go_to(10)
        settle(qtbot, first)
        assert 10 in painted(first)
    finally:
        for tab in (first, second):
            tab.close()
        tabs.close()
        tabs.deleteLater()
        qtbot.wait(1)
