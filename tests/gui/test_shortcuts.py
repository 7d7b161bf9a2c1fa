"""Every keyboard shortcut README.md names, pressed once in the window, and what it does seen.

Keys go to the window through the window system's path (``QTest.keyClick`` on the window's
handle), where Qt matches shortcuts as it does for a real key press; no slot is called directly.
The README's shortcuts are read from its text, and a test fails if one has no case here, so a
shortcut added to the README comes with a test. Servers are on 127.0.0.1 (the course page from
pytest-httpserver, the readings' PDFs from ``PdfServer``); the reader's PDF is a generated
paper attached to a reading through the library service and opened from the reading's row.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pymupdf
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.domain.reading_position import ReadingPosition
from app.domain.review import ReviewStatus
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.reader.reader_tab import ReaderTab
from app.ui.reading_row import RowAction
from tests.conftest import REPO
from tests.forms.google_forms_server import GoogleFormsServer
from tests.gui.annotation_scene import annotated_week
from tests.gui.conftest import WindowFactory
from tests.gui.library_course import publish, relink_every_reading
from tests.gui.readings import press, wait_idle
from tests.gui.review_scene import field_of, open_editor, outbox_of, ready_on_form
from tests.gui.term import EXTRA_READING, MID_TERM, selected_number
from tests.integration import course_versions as cv
from tests.integration.pdf_server import PdfServer
from tests.integration.submit_term import ANSWERS
from tests.pdfs import make_pdf
from tests.reader.conftest import settle, wait_until_open
from tests.reader.helpers import click, drag, hover, on_page
from tests.reader.papers import MARGIN, MARKER, PAGE_WIDTH, Paper, make_paper

README = REPO / "README.md"
# "Ctrl+T", "Ctrl+Shift+D", "Ctrl + wheel", "Ctrl + plus/minus", "Alt+Left", and bare F-keys.
SHORTCUT = re.compile(
    r"\b(?:(?:Ctrl|Alt|Shift|Meta)\s*\+\s*)+[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*|\bF(?:[1-9]|1[0-2])\b"
)
MARKDOWN = "text/markdown; charset=utf-8"
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
NO_MODIFIER = Qt.KeyboardModifier.NoModifier
WAIT_MS = 15_000

PRESSED: set[str] = set()  # every shortcut some test below presses, lower case
Test = TypeVar("Test", bound=Callable[..., None])


def presses(*shortcuts: str) -> Callable[[Test], Test]:
    """Marks a test as the one that presses these shortcuts (checked against the README)."""

    def mark(test: Test) -> Test:
        PRESSED.update(shortcut.lower() for shortcut in shortcuts)
        return test

    return mark


def readme_shortcuts() -> set[str]:
    """The shortcuts README.md names, one per key ("Ctrl + plus/minus" is two), lower case."""
    found: set[str] = set()
    for match in SHORTCUT.finditer(README.read_text(encoding="utf-8")):
        *modifiers, keys = re.sub(r"\s+", "", match[0]).split("+")
        found.update("+".join([*modifiers, key]).lower() for key in keys.split("/"))
    return found


def key(qtbot: QtBot, window: MainWindow, pressed: Qt.Key, modifiers: Any = NO_MODIFIER) -> None:
    """One key press to the active window, as the window system delivers it."""
    # Shortcuts go to the active window only. waitActive is a context manager: called bare it
    # waits for nothing, and the first key would reach a window not active yet.
    with qtbot.waitActive(window):
        window.activateWindow()
    assert QApplication.activeWindow() is window
    QTest.keyClick(window.windowHandle(), pressed, modifiers)


def test_every_shortcut_the_readme_names_is_pressed_by_a_test() -> None:
    named = readme_shortcuts()
    assert {"ctrl+t", "f5", "ctrl+shift+d", "ctrl+plus", "alt+left"} <= named, named
    assert named - PRESSED == set(), "README shortcuts no test presses"


# -- the term -----------------------------------------------------------------------------------


def lecture_dates(course_index_text: str) -> list[date]:
    """The course page's own dates (its ``capture dates`` block), week 1 first."""
    block = re.search(r"\{% capture dates %\}(.*?)\{% endcapture %\}", course_index_text, re.S)
    assert block is not None
    return [
        date(2000 + int(year), int(month), int(day))
        for month, day, year in re.findall(r"(\d+)/(\d+)/(\d+)", block[1])
    ]


@presses("Ctrl+T")
def test_ctrl_t_jumps_back_to_this_weeks_lecture(
    window: MainWindow, qtbot: QtBot, course_index_text: str
) -> None:
    dates = lecture_dates(course_index_text)
    today = MID_TERM.date()
    this_week = 1 + next(n for n, day in enumerate(dates) if day >= today)
    assert this_week != 2
    assert window.select_week(2)
    assert selected_number(window) == 2

    key(qtbot, window, Qt.Key.Key_T, CTRL)

    assert selected_number(window) == this_week
    assert window.detail.week is not None and window.detail.week.number == this_week


@presses("Ctrl+R", "F5")
@pytest.mark.parametrize(
    ("pressed", "modifiers"),
    [(Qt.Key.Key_R, CTRL), (Qt.Key.Key_F5, NO_MODIFIER)],
    ids=["Ctrl+R", "F5"],
)
def test_ctrl_r_and_f5_sync_the_course_page(
    pressed: Qt.Key,
    modifiers: Any,
    make_window: WindowFactory,
    httpserver: HTTPServer,
    course_url: str,
    modified_index: str,
    qtbot: QtBot,
) -> None:
    httpserver.expect_request("/index.md").respond_with_data(modified_index, content_type=MARKDOWN)
    window = make_window(sync_source=course_url)

    key(qtbot, window, pressed, modifiers)

    qtbot.waitUntil(lambda: window.change_dialog is not None, timeout=WAIT_MS)
    assert len(httpserver.log) == 1
    dialog = window.change_dialog
    assert dialog is not None and dialog.lines() == [f"Added reading: {EXTRA_READING}"]
    dialog.reject()


# -- downloads ----------------------------------------------------------------------------------


def served_paths(server: PdfServer) -> set[str]:
    return {seen.path for seen in server.requests}


def local_paths(text: str, server: PdfServer) -> set[str]:
    """The paths of the local server's links in this piece of the course page."""
    base = re.escape(server.url(""))
    return set(re.findall(rf"\]\({base}(/[^)\s]+)\)", text))


@presses("Ctrl+D", "Ctrl+Shift+D")
def test_ctrl_d_downloads_the_weeks_readings_and_ctrl_shift_d_the_terms(
    make_window: WindowFactory,
    services: AppServices,
    pdf_server: PdfServer,
    course_index_text: str,
    tmp_path: Path,
    qtbot: QtBot,
) -> None:
    paper = make_pdf(2, seed=5)
    page, count = relink_every_reading(
        course_index_text, lambda n: pdf_server.serve(f"/reading-{n}.pdf", paper)
    )
    publish(services, tmp_path / "site", page)
    week_8 = local_paths(cv.entry_body(page, 8), pdf_server)
    every = local_paths(page, pdf_server)
    assert len(every) == count and 0 < len(week_8) < count
    window = make_window()
    assert selected_number(window) == 8

    key(qtbot, window, Qt.Key.Key_D, CTRL)
    qtbot.waitUntil(lambda: served_paths(pdf_server) == week_8, timeout=WAIT_MS)
    wait_idle(qtbot, window)
    ready = [i for i in services.library.items() if i.entry.state is FetchState.READY]
    assert {i.listed.week for i in ready} == {8} and len(ready) == len(week_8)

    key(qtbot, window, Qt.Key.Key_D, CTRL | SHIFT)
    qtbot.waitUntil(lambda: served_paths(pdf_server) == every, timeout=60_000)
    wait_idle(qtbot, window, timeout=60_000)
    assert all(i.entry.state is FetchState.READY for i in services.library.items())


@presses("Ctrl+J")
def test_ctrl_j_shows_and_hides_the_downloads_panel(window: MainWindow, qtbot: QtBot) -> None:
    assert not window.downloads_panel.isVisible()

    key(qtbot, window, Qt.Key.Key_J, CTRL)
    assert window.downloads_panel.isVisible()

    key(qtbot, window, Qt.Key.Key_J, CTRL)
    assert not window.downloads_panel.isVisible()


# -- a reading open in its tab ------------------------------------------------------------------


@dataclass
class OpenReading:
    window: MainWindow
    tab: ReaderTab
    paper: Paper
    reading_id: str


@pytest.fixture
def reading(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> OpenReading:
    """A generated paper attached to week 8's first reading, opened from its row."""
    paper = make_paper(tmp_path / "paper.pdf", 8)
    reading_id = services.course.readings(8)[0].reading.id
    services.library.attach(reading_id, paper.path)
    window = make_window()
    assert window.select_week(8)
    press(qtbot, window, reading_id, RowAction.OPEN)
    tab = window.tabs.reading_tab(reading_id)
    assert tab is not None and window.tabs.currentWidget() is tab
    wait_until_open(qtbot, tab)
    assert tab.state == "reading"
    return OpenReading(window, tab, paper, reading_id)


def search_hits(path: Path, needle: str) -> list[int]:
    """The page of every hit, in document order, as PyMuPDF finds them."""
    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        return [page.number for page in document for _ in page.search_for(needle)]
    finally:
        document.close()


@presses("Ctrl+F", "Enter", "Shift+Enter")
def test_ctrl_f_opens_the_search_and_enter_steps_through_the_hits(
    reading: OpenReading, qtbot: QtBot
) -> None:
    window, tab = reading.window, reading.tab
    hits = search_hits(reading.paper.path, MARKER)
    assert len(hits) >= 2
    field = tab.toolbar.search_field
    assert not field.hasFocus()

    key(qtbot, window, Qt.Key.Key_F, CTRL)
    assert field.hasFocus() and field.isVisible()

    qtbot.keyClicks(field, MARKER)
    key(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not tab.search.running and tab.search.count > 0, timeout=WAIT_MS)
    assert tab.toolbar.hit_label.text() == f"1 of {len(hits)}"
    current = tab.search.current()
    assert current is not None and current[0] == hits[0]

    key(qtbot, window, Qt.Key.Key_Return)
    assert tab.toolbar.hit_label.text() == f"2 of {len(hits)}"
    current = tab.search.current()
    assert current is not None and current[0] == hits[1]
    assert hits[1] in tab.view.visible_pages()

    key(qtbot, window, Qt.Key.Key_Return, SHIFT)
    assert tab.toolbar.hit_label.text() == f"1 of {len(hits)}"
    current = tab.search.current()
    assert current is not None and current[0] == hits[0]


def wheel_up(tab: ReaderTab, modifiers: Any) -> None:
    """One notch of the wheel over the pages (Qt has no QTest call for the wheel)."""
    viewport = tab.view.viewport()
    where = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(
        where,
        QPointF(viewport.mapToGlobal(where.toPoint())),
        QPoint(),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


@presses("Ctrl+plus", "Ctrl+minus", "Ctrl+wheel")
def test_ctrl_plus_minus_and_wheel_zoom(reading: OpenReading, qtbot: QtBot) -> None:
    window, tab = reading.window, reading.tab
    start = tab.view.zoom

    key(qtbot, window, Qt.Key.Key_Plus, CTRL)
    bigger = tab.view.zoom
    assert bigger > start
    assert tab.toolbar.zoom_box.currentText() == f"{round(bigger * 100)} %"

    key(qtbot, window, Qt.Key.Key_Minus, CTRL)
    smaller = tab.view.zoom
    assert smaller < bigger
    assert tab.toolbar.zoom_box.currentText() == f"{round(smaller * 100)} %"

    wheel_up(tab, CTRL)
    assert tab.view.zoom == pytest.approx(smaller * 1.15, rel=1e-3)
    wheel_up(tab, NO_MODIFIER)  # without Ctrl the wheel scrolls: the zoom stays
    assert tab.view.zoom == pytest.approx(smaller * 1.15, rel=1e-3)
    settle(qtbot, tab)


@presses("Alt+Left", "Alt+Right")
def test_alt_left_goes_back_and_alt_right_forward_after_an_internal_link(
    reading: OpenReading, qtbot: QtBot
) -> None:
    window, tab, paper = reading.window, reading.tab, reading.paper
    assert paper.section_link is not None
    page, rect, target = paper.section_link
    assert target != page
    tab.view.verticalScrollBar().setValue(40)
    link = on_page(tab, page, (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2)
    hover(tab, link)  # the page's links are read when the pointer comes over it
    qtbot.waitUntil(lambda: page in tab.view.texts, timeout=WAIT_MS)
    click(tab, link)
    assert tab.view.current_page() == target

    key(qtbot, window, Qt.Key.Key_Left, ALT)

    assert tab.view.current_page() == page
    assert tab.view.verticalScrollBar().value() == 40

    key(qtbot, window, Qt.Key.Key_Right, ALT)

    assert tab.view.current_page() == target


def a_line_of_words(path: Path) -> list[tuple[float, float, float, float, str]]:
    """The words of the first long body line in page 1's left column, as PyMuPDF reads them."""
    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        words = document[0].get_text("words")
    finally:
        document.close()
    lines: dict[tuple[int, int], list[Any]] = {}
    for x0, y0, x1, y1, text, block, line, _number in words:
        if x1 < PAGE_WIDTH / 2 and y0 > MARGIN + 84:  # below the title, in the left column
            lines.setdefault((block, line), []).append((x0, y0, x1, y1, text))
    long_lines = [line for line in lines.values() if len(line) >= 8]
    assert long_lines, "the paper has no long line in its left column"
    return sorted(long_lines, key=lambda line: line[0][1])[0]


@presses("Ctrl+C")
def test_ctrl_c_copies_the_selected_words(reading: OpenReading, qtbot: QtBot) -> None:
    window, tab = reading.window, reading.tab
    line = a_line_of_words(reading.paper.path)
    first, last = line[1], line[6]
    start = on_page(tab, 0, (first[0] + first[2]) / 2, (first[1] + first[3]) / 2)
    end = on_page(tab, 0, (last[0] + last[2]) / 2, (last[1] + last[3]) / 2)
    hover(tab, start)
    qtbot.waitUntil(lambda: 0 in tab.view.texts, timeout=WAIT_MS)
    QGuiApplication.clipboard().setText("nothing copied yet")
    drag(tab, start, end)
    tab.view.setFocus()

    key(qtbot, window, Qt.Key.Key_C, CTRL)

    assert QGuiApplication.clipboard().text() == " ".join(word[4] for word in line[1:7])


@presses("Ctrl+W")
def test_ctrl_w_closes_the_reader_tab_and_keeps_the_place(
    reading: OpenReading, services: AppServices, qtbot: QtBot
) -> None:
    window, tab = reading.window, reading.tab
    tab.set_position(ReadingPosition(3, 0.25, tab.view.zoom, tab.view.fit))
    qtbot.waitUntil(lambda: tab.position().page == 3, timeout=WAIT_MS)
    assert services.progress.load(reading.reading_id)[0] is None  # not saved yet

    key(qtbot, window, Qt.Key.Key_W, CTRL)

    assert window.tabs.count() == 1 and window.tabs.reading_tab(reading.reading_id) is None
    assert tab.closed
    position, progress = services.progress.load(reading.reading_id)
    assert position is not None and position.page == 3 and 3 in progress.pages_seen
    assert position.offset == pytest.approx(0.25, abs=0.01)
    key(qtbot, window, Qt.Key.Key_W, CTRL)  # the term is no tab to close
    assert window.tabs.count() == 1


# -- reviews ----------------------------------------------------------------------------------


@presses("Ctrl+E")
def test_ctrl_e_opens_this_weeks_review_beside_the_term_and_closes_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert selected_number(window) == 8 and not window.review.dock.isVisible()

    key(qtbot, window, Qt.Key.Key_E, CTRL)

    qtbot.waitUntil(window.review.dock.isVisible, timeout=WAIT_MS)
    assert window.review.editor.week == 8
    assert "Week 8" in window.review.editor.heading.text()
    key(qtbot, window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not window.review.dock.isVisible(), timeout=WAIT_MS)


@presses("Ctrl+Return")
def test_ctrl_return_in_a_ready_review_shows_what_will_be_sent_and_cancel_sends_nothing(
    window: MainWindow, services: AppServices, google: GoogleFormsServer, qtbot: QtBot
) -> None:
    form_id = ready_on_form(services, google, 8, ANSWERS)
    outbox = outbox_of(window)
    editor = open_editor(qtbot, window)
    box = field_of(editor, "Summary").findChild(QPlainTextEdit)
    assert box is not None
    with qtbot.waitActive(window):
        window.activateWindow()
    box.setFocus()

    QTest.keyClick(box, Qt.Key.Key_Return, CTRL)

    qtbot.waitUntil(lambda: outbox.submit_dialog is not None, timeout=WAIT_MS)
    dialog = outbox.submit_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
    assert google.responses(form_id) == []
    assert services.reviews.draft(8).draft.status is ReviewStatus.READY
    outbox.runner.stop()
    assert outbox.runner.wait(30_000)


@presses("Ctrl+Shift+O")
def test_ctrl_shift_o_shows_the_outbox_and_hides_it(window: MainWindow, qtbot: QtBot) -> None:
    dock = outbox_of(window).dock
    assert not dock.isVisible()

    key(qtbot, window, Qt.Key.Key_O, CTRL | SHIFT)

    qtbot.waitUntil(dock.isVisible, timeout=WAIT_MS)
    key(qtbot, window, Qt.Key.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not dock.isVisible(), timeout=WAIT_MS)


# -- annotations ------------------------------------------------------------------------------


@presses("Ctrl+Shift+F")
def test_ctrl_shift_f_searches_the_annotations_of_every_reading(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    readings = annotated_week(services, tmp_path / "pdfs")
    window = make_window()
    panel = window.annotations.search
    assert not panel.isVisible()

    key(qtbot, window, Qt.Key.Key_F, CTRL | SHIFT)
    assert panel.isVisible() and panel.query.hasFocus()

    qtbot.keyClicks(panel.query, "busy")  # the second reading's only quote
    key(qtbot, window, Qt.Key.Key_Return)
    rows = panel.results.row_texts()
    assert len(rows) == 1 and readings[1].title in rows[0] and "every device busy" in rows[0]


@presses("Ctrl+Shift+A")
def test_ctrl_shift_a_shows_and_hides_the_readings_annotation_panel(
    reading: OpenReading, qtbot: QtBot
) -> None:
    window, tab = reading.window, reading.tab
    assert tab.annotating is not None
    panel = tab.annotating.panel
    assert not panel.isVisible()
    tab.view.setFocus()

    key(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    assert panel.isVisible()
    assert panel.list.empty_text.startswith("No annotations yet")

    key(qtbot, window, Qt.Key.Key_A, CTRL | SHIFT)
    assert not panel.isVisible()


@presses("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y")
def test_ctrl_z_undoes_a_highlight_and_ctrl_shift_z_and_ctrl_y_redo_it(
    reading: OpenReading, services: AppServices, qtbot: QtBot
) -> None:
    window, tab = reading.window, reading.tab
    line = a_line_of_words(reading.paper.path)
    start = on_page(tab, 0, (line[1][0] + line[1][2]) / 2, (line[1][1] + line[1][3]) / 2)
    end = on_page(tab, 0, (line[4][0] + line[4][2]) / 2, (line[4][1] + line[4][3]) / 2)
    hover(tab, start)
    qtbot.waitUntil(lambda: 0 in tab.view.texts, timeout=WAIT_MS)
    drag(tab, start, end)
    tab.view.setFocus()
    key(qtbot, window, Qt.Key.Key_H)  # the selected words highlighted
    quote = " ".join(word[4] for word in line[1:5])

    def quotes() -> list[str]:
        return [a.quote for a in services.annotations.for_reading(reading.reading_id)]

    qtbot.waitUntil(lambda: quotes() == [quote], timeout=WAIT_MS)
    for pressed, modifiers, wanted in (
        (Qt.Key.Key_Z, CTRL, []),
        (Qt.Key.Key_Z, CTRL | SHIFT, [quote]),
        (Qt.Key.Key_Z, CTRL, []),
        (Qt.Key.Key_Y, CTRL, [quote]),
    ):
        key(qtbot, window, pressed, modifiers)
        qtbot.waitUntil(lambda wanted=wanted: quotes() == wanted, timeout=WAIT_MS)


# -- settings and help -----------------------------------------------------------------------


@presses("F1")
def test_f1_opens_the_keyboard_shortcuts_and_ctrl_comma_the_settings(
    window: MainWindow, qtbot: QtBot
) -> None:
    from app.ui.settings.settings_dialog import SettingsDialog
    from app.ui.shortcuts_dialog import ShortcutsDialog

    key(qtbot, window, Qt.Key.Key_F1)
    [shortcuts] = [d for d in window.findChildren(ShortcutsDialog) if d.isVisible()]
    assert ("File", "Sync", "Ctrl+R, F5") in shortcuts.visible_rows()
    shortcuts.reject()

    key(qtbot, window, Qt.Key.Key_Comma, CTRL)  # README's Ctrl+, (the pattern skips the comma)
    [settings] = [d for d in window.findChildren(SettingsDialog) if d.isVisible()]
    assert "sync.source" in settings.fields
    settings.reject()
