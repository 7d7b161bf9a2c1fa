"""Reading a generated paper in a tab: open, scroll, zoom, search, select and copy, outline,
links and Back, dark pages, position round trips, several tabs."""

from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication, QWheelEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from app.services.reader import FitMode, ReaderService, ReadingPosition
from app.ui.reader.layout import MARGIN
from app.ui.reader.reader_tab import ReaderTab
from tests.reader.conftest import Files, OpenTab, painted, settle, wait_until_open
from tests.reader.helpers import centre, click, drag, hover, mouse, on_page, pixel, screen
from tests.reader.papers import EXTERNAL_URL, MARKER


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
    assert all(key.zoom == view.zoom for key in list(tab.cache.keys()) if key.page in painted(tab))


def expected_hits(files: Files) -> list[int]:
    document = pymupdf.open(files.paper.path)  # type: ignore[no-untyped-call]
    pages = [page.number for page in document for _ in page.search_for(MARKER)]
    document.close()
    return pages


def test_search_counts_highlights_and_steps(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    hits = expected_hits(files)
    field = tab.toolbar.search_field
    qtbot.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert field.hasFocus()
    qtbot.keyClicks(field, MARKER.upper())  # case does not matter
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.search.running, timeout=5000)
    assert tab.search.count == len(hits)
    assert tab.toolbar.hit_label.text() == f"1 of {len(hits)}"
    assert sorted(tab.view.hits) == sorted(set(hits))  # every page's hits are highlighted
    on_first = hits.count(0)
    for _ in range(on_first):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    current = tab.search.current()
    assert current is not None and current[0] == hits[on_first] != 0
    assert tab.view.current_page() == current[0] or current[0] in tab.view.visible_pages()
    assert tab.toolbar.hit_label.text() == f"{on_first + 1} of {len(hits)}"
    qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert tab.search.current_index == on_first - 1
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert tab.view.hits == {} and tab.toolbar.hit_label.text() == ""


def test_select_by_drag_and_copy(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    text = tab.view.page_text(0)
    assert text is not None
    words = text.words
    first = next(i for i, word in enumerate(words) if word.text == "Gradient")
    last = first + 12
    drag(tab, on_page(tab, 0, *centre(words[first].box)), on_page(tab, 0, *centre(words[last].box)))
    assert tab.view.selection is not None
    qtbot.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied == " ".join(word.text for word in words[first : last + 1])


def test_double_click_word_and_triple_click_line(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    text = tab.view.page_text(0)
    assert text is not None
    words = text.words
    index = next(i for i, word in enumerate(words) if word.text == "Gradient")
    point = on_page(tab, 0, *centre(words[index].box))
    click(tab, point, timestamp=5000)
    mouse(tab, QEvent.Type.MouseButtonDblClick, point, timestamp=5100)
    mouse(
        tab, QEvent.Type.MouseButtonRelease, point, buttons=Qt.MouseButton.NoButton, timestamp=5100
    )
    assert tab.selected_text() == "Gradient"
    click(tab, point, timestamp=5200)  # the third click
    line = [w.text for w in words if (w.block, w.line) == (words[index].block, words[index].line)]
    assert tab.selected_text() == " ".join(line)
    assert len(line) > 3


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


class _Browser(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url.toString())


def test_external_link_shows_the_address_then_opens(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    browser = _Browser()
    QDesktopServices.setUrlHandler("https", browser, "open")
    try:
        tab = open_tab(files.paper.path)  # no hover first: a click reads the links itself
        assert files.paper.external_link is not None
        _page, rect = files.paper.external_link
        click(tab, on_page(tab, 0, rect.x0 + 20, (rect.y0 + rect.y1) / 2))
        prompt = tab.link_prompt
        assert prompt is not None and prompt.isVisible()
        assert prompt.informativeText() == EXTERNAL_URL
        assert browser.opened == []  # nothing opens before the student agrees
        prompt.button(QMessageBox.StandardButton.Open).click()
        assert browser.opened == [EXTERNAL_URL]
        assert tab.link_prompt is None
    finally:
        QDesktopServices.unsetUrlHandler("https")


def test_dark_pages_keep_the_photo_natural(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    page, photo = next(iter(files.paper.image_rects.items()))
    tab = open_tab(files.paper.path)
    tab.view.go_to(page)
    settle(qtbot, tab)
    inside = on_page(tab, page, photo.x0 + photo.width / 3, photo.y0 + photo.height / 2)
    paper = on_page(tab, page, 30, 400)  # the left margin: bare paper
    text_line = on_page(tab, page, 200, 300)  # inside the left column's text
    light = screen(tab)
    tab.toolbar.dark.trigger()
    settle(qtbot, tab)
    dark = screen(tab)
    assert pixel(light, paper) == (255, 255, 255)
    assert max(pixel(dark, paper)) < 60
    assert all(
        abs(a - b) <= 2 for a, b in zip(pixel(light, inside), pixel(dark, inside), strict=True)
    )
    light_band = [pixel(light, text_line + QPointF(dx, 0)) for dx in range(0, 200, 2)]
    dark_band = [pixel(dark, text_line + QPointF(dx, 0)) for dx in range(0, 200, 2)]
    assert sum(map(sum, dark_band)) < sum(map(sum, light_band)) / 2  # text on dark paper
    assert any(min(rgb) > 150 for rgb in dark_band)  # ... in light ink
    tab.toolbar.dark.trigger()
    settle(qtbot, tab)
    assert pixel(screen(tab), paper) == (255, 255, 255)


def test_position_round_trip_and_restart(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    seen: list[ReadingPosition] = []
    tab.position_changed.connect(seen.append)
    wanted = ReadingPosition(page=5, offset=0.25, zoom=1.5, fit=FitMode.NONE)
    tab.set_position(wanted)
    got = tab.position()
    assert (got.page, got.zoom, got.fit) == (5, 1.5, FitMode.NONE)
    assert got.offset == pytest.approx(0.25, abs=0.002)
    assert seen and seen[-1] == got
    tab.close()
    again = open_tab(files.paper.path, position=got)  # as after a restart
    restored = again.position()
    assert (restored.page, restored.zoom, restored.fit) == (5, 1.5, FitMode.NONE)
    assert restored.offset == pytest.approx(0.25, abs=0.002)
    assert again.view.current_page() == 5 and 5 in painted(again)


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
    tabs.show()
    try:
        qtbot.waitExposed(tabs)
        wait_until_open(qtbot, first)
        first.search.start(MARKER)
        tabs.setCurrentWidget(second)
        wait_until_open(qtbot, second)
        assert second.view.hits == {}
        second.set_dark(True)
        assert not first.view.dark
        tabs.setCurrentWidget(first)
        qtbot.waitUntil(lambda: not first.search.running)
        assert first.search.count == len(expected_hits(files))
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
