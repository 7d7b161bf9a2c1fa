"""The reader's annotation panel and the way in from elsewhere: the list of the reading's
annotations, its filters, a click that jumps to one and flashes it, Markdown to the
clipboard; ``ReaderTab.reload_annotations`` after changes made elsewhere and
``ReadingTabs.open_annotation`` for the annotation browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind
from app.domain.annotation_geometry import Quad, Rect
from app.services.app_services import AppServices, open_services
from app.ui.reader.annotation_paint import FLASH
from app.ui.reader.reader_tab import ReaderTab
from app.ui.reading_tabs import ReadingTabs
from tests.reader import expected
from tests.reader.annotating.conftest import AnnotatingTab, Reading
from tests.reader.annotating.gestures import annotating, colour_button, key
from tests.reader.conftest import OPEN_TIMEOUT_MS, TAB_SIZE, settle
from tests.reader.helpers import drag, on_page, pixels_in, screen

YELLOW, RED, BLUE = DEFAULT_PALETTE[0].colour, DEFAULT_PALETTE[2].colour, DEFAULT_PALETTE[3].colour


def _three(services: AppServices, reading: Reading) -> list[Annotation]:
    """A highlight on page 1, an underline on page 3, a note on page 4: made elsewhere."""
    made = []
    for page, kind, colour, comment in (
        (0, AnnotationKind.HIGHLIGHT, YELLOW, "the main claim"),
        (2, AnnotationKind.UNDERLINE, RED, "not measured"),
    ):
        words = expected.words(reading.path, page)[30:33]
        box = Rect(words[0].x0, words[0].y0, words[-1].x1, words[-1].y1)
        made.append(
            services.annotations.create(
                reading.id,
                page=page,
                kind=kind,
                colour=colour,
                quads=[Quad.from_rect(box)],
                quote=" ".join(word.text for word in words),
                comment=comment,
            )
        )
    note = Rect(500, 600, 518, 618)
    made.append(
        services.annotations.create(
            reading.id, page=3, kind=AnnotationKind.NOTE, colour=BLUE, rect=note, comment="ask"
        )
    )
    return made


def _open_panel(qtbot: QtBot, tab: ReaderTab) -> None:
    key(
        qtbot,
        tab,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(annotating(tab).panel.isVisible)


def _click_row(qtbot: QtBot, tab: ReaderTab, annotation_id: str) -> None:
    rows = annotating(tab).panel.list
    row = rows.annotation_ids().index(annotation_id)
    index = rows.rows.index(row, 0)
    rows.view.scrollTo(index)
    where = rows.view.visualRect(index).center()
    qtbot.mouseClick(rows.view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def _shown(tab: ReaderTab, annotation: Annotation) -> bool:
    """Whether the annotation's box is inside the view on screen."""
    bounds = annotation.bounds
    assert bounds is not None
    area = QRectF(tab.view.viewport().rect())
    top_left = on_page(tab, annotation.page, bounds.x0, bounds.y0)
    bottom_right = on_page(tab, annotation.page, bounds.x1, bounds.y1)
    return area.contains(top_left) and area.contains(bottom_right)


def test_the_panel_lists_filters_and_jumps_to_an_annotation(
    annotating_tab: AnnotatingTab, services: AppServices, reading: Reading, qtbot: QtBot
) -> None:
    highlight, underline, note = _three(services, reading)
    tab = annotating_tab()
    _open_panel(qtbot, tab)
    panel = annotating(tab).panel
    assert annotating(tab).panel_action.isChecked()
    assert panel.list.annotation_ids() == [highlight.id, underline.id, note.id]  # paper order
    assert panel.heading.text() == "Annotations (3)"
    assert "“" + underline.quote + "”" in panel.list.row_texts()[1]
    assert "not measured" in panel.list.row_texts()[1]

    qtbot.keyClicks(panel.list.text_box, "ask")
    assert panel.list.annotation_ids() == [note.id]
    panel.list.text_box.clear()
    qtbot.keyClicks(panel.list.meaning_box, "weak")  # keyboard search in the colour box
    assert panel.list.annotation_ids() == [underline.id]

    assert not _shown(tab, underline)
    _click_row(qtbot, tab, underline.id)
    layer = annotating(tab).layer
    assert layer.selected_id == underline.id and layer.flash_shown
    settle(qtbot, tab)
    assert tab.view.current_page() == 2 and _shown(tab, underline)
    bounds = underline.bounds
    assert bounds is not None
    around = pixels_in(
        screen(tab),
        on_page(tab, 2, bounds.x0 - 6, bounds.y0 - 6),
        on_page(tab, 2, bounds.x1 + 6, bounds.y1 + 6),
    )
    assert FLASH.getRgb()[:3] in around  # the outline that says "here"
    qtbot.waitUntil(lambda: layer.flashing_id is None)  # it blinks a few times, then stops

    key(qtbot, tab, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # Back, as after a link
    assert tab.view.current_page() == 0


def test_copy_as_markdown(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    data_dir: Path,
    qtbot: QtBot,
) -> None:
    highlight, underline, _note = _three(services, reading)
    tab = annotating_tab()
    _open_panel(qtbot, tab)
    panel = annotating(tab).panel
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)

    copied = QGuiApplication.clipboard().text()
    later = open_services(data_dir)
    try:
        assert copied == later.annotations.markdown(reading.id)
    finally:
        later.close()
    for annotation in (highlight, underline):
        assert annotation.quote in copied and annotation.comment in copied
    assert "p. 3" in copied and "## Weakness" in copied
    assert panel.status.text() == "Copied 3 annotations as Markdown."


def test_the_panel_follows_changes_made_on_the_page(
    annotating_tab: AnnotatingTab, reading: Reading, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    _open_panel(qtbot, tab)
    rows = annotating(tab).panel.list
    assert rows.annotation_ids() == []
    assert rows.empty_text.startswith("No annotations yet")

    words = expected.words(reading.path, 0)
    key(qtbot, tab, Qt.Key.Key_H)
    with qtbot.waitSignal(tab.annotations_changed):
        drag(tab, on_page(tab, 0, *words[40].centre), on_page(tab, 0, *words[43].centre))
    [made] = annotating(tab).layer.all()
    assert rows.annotation_ids() == [made.id]
    key(qtbot, tab, Qt.Key.Key_Escape)
    with qtbot.waitSignal(tab.annotations_changed):
        key(qtbot, tab, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows.annotation_ids() == []


def test_reload_shows_what_changed_elsewhere(
    annotating_tab: AnnotatingTab, reading: Reading, data_dir: Path, qtbot: QtBot
) -> None:
    tab = annotating_tab()
    _open_panel(qtbot, tab)
    elsewhere = open_services(data_dir)  # another program on the same data: the command line
    try:
        made = _three(elsewhere, reading)
        elsewhere.annotations.rename_meaning(YELLOW, "central claim")
    finally:
        elsewhere.close()
    assert annotating(tab).layer.all() == []

    tab.reload_annotations()
    assert [a.id for a in annotating(tab).layer.all()] == [a.id for a in made]  # drawn ...
    assert annotating(tab).panel.list.annotation_ids() == [a.id for a in made]  # ... and listed
    assert colour_button(tab, YELLOW).toolTip() == "Colour: central claim (1)"
    assert "central claim" in annotating(tab).panel.list.row_texts()[0]


@pytest.fixture
def reading_tabs(qtbot: QtBot, services: AppServices) -> Iterator[ReadingTabs]:
    """The window's tabs over the services, as launch.py builds them; all closed after."""
    tabs = ReadingTabs(
        lambda: services.reader,
        services.progress,
        annotations=lambda: services.annotations,
        settings=lambda: services.settings,
    )
    tabs.set_term_page(QWidget(), "Term")
    tabs.resize(*TAB_SIZE)
    with qtbot.waitExposed(tabs):
        tabs.show()
    yield tabs
    tabs.close_all()
    tabs.close()
    tabs.deleteLater()
    qtbot.wait(1)


def test_open_annotation_opens_the_reading_at_it_or_goes_to_its_tab(
    reading_tabs: ReadingTabs, services: AppServices, reading: Reading, qtbot: QtBot
) -> None:
    highlight, _underline, note = _three(services, reading)
    reading_tabs.open_annotation(reading.id, reading.title, str(reading.path), note.id)
    tab = reading_tabs.reading_tab(reading.id)
    assert tab is not None and reading_tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: annotating(tab).layer.selected_id == note.id, timeout=OPEN_TIMEOUT_MS)
    settle(qtbot, tab)
    assert tab.view.current_page() == 3 and _shown(tab, note)

    reading_tabs.setCurrentIndex(0)
    reading_tabs.open_annotation(reading.id, reading.title, str(reading.path), highlight.id)
    assert reading_tabs.count() == 2 and reading_tabs.currentWidget() is tab  # no second tab
    assert annotating(tab).layer.selected_id == highlight.id
    settle(qtbot, tab)
    assert _shown(tab, highlight)
