"""Every text the term view draws reads at least 4.5:1 (WCAG AA) on what it is drawn on, in
the light theme, the dark one, and "system" over a GTK dark desktop (Adwaita-dark's palette
handed over by the platform, no colour-scheme hint).

Ink colours are those the widgets really use: the pens the week list's delegate draws each
text with (a painter that records them), the colours written into the labels' HTML (each
one checked to be among the label's pixels), the palette roles plain labels and list items
are drawn in. Grounds are read from rendered pixels. Contrast is WCAG's formula, computed in
``tests/gui/pixels.py``, not by the app.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QStyleOptionViewItem, QWidget
from pytestqt.qtbot import QtBot

from app.domain.library import FailureKind, FetchState, LibraryEntry
from app.ui.main_window import MainWindow
from app.ui.message_banner import BannerKind
from app.ui.theme import theme
from tests.gui.pixels import colours_in, contrast, ground, image_of
from tests.gui.term import BERKELEY
from tests.gui.test_theme import adwaita_dark

AA = 4.5
WEEK_8_DUE = datetime(2022, 3, 14, 13, 0, tzinfo=BERKELEY)
MOMENTS = {  # week 8's countdown at each urgency; earlier weeks are closed, later ones far
    "due today": datetime(2022, 3, 14, 9, 0, tzinfo=BERKELEY),
    "tomorrow": datetime(2022, 3, 13, 9, 0, tzinfo=BERKELEY),
    "in days": datetime(2022, 3, 10, 12, 0, tzinfo=BERKELEY),
}
HTML_INK = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")
HTML_GROUND = re.compile(r"background-color:\s*(#[0-9a-fA-F]{6})")


@pytest.fixture(params=["light", "dark", "gtk-dark"])
def themed(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    system = theme().system_palette
    if request.param == "gtk-dark":
        theme().set_system_palette(adwaita_dark())
        theme().apply("system")
    else:
        theme().apply(request.param)
    yield request.param
    theme().set_system_palette(system)
    theme().apply("light")


class RecordingPainter(QPainter):
    """A painter on an image that notes the pen of every text drawn (the delegate is Python:
    its calls come here)."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[tuple[str, QColor, QRect]] = []

    def drawText(self, *args: Any) -> None:  # noqa: N802 (Qt's name)
        rect, text = args[0], args[-1]
        if isinstance(rect, (QRect, QRectF)) and isinstance(text, str) and text.strip():
            self.texts.append((text, QColor(self.pen().color()), QRectF(rect).toRect()))
        elif isinstance(rect, (QPointF,)):
            raise AssertionError("a text drawn at a point: record its box too")
        super().drawText(*args)


def ground_under(image: QImage, rect: QRect) -> QColor:
    return ground(image.copy(rect.intersected(image.rect())))


def week_list_texts(window: MainWindow, selected: bool) -> list[tuple[str, QColor, QColor]]:
    """Each text of each week's card, with its pen and the ground it lands on."""
    view = window.week_list
    delegate = view.itemDelegate()
    found = []
    for row in range(window.model.rowCount()):
        index = window.model.index(row)
        size = delegate.sizeHint(QStyleOptionViewItem(), index)
        image = QImage(view.viewport().width(), size.height(), QImage.Format.Format_RGB32)
        image.fill(view.palette().color(QPalette.ColorRole.Base))
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = QRect(0, 0, image.width(), image.height())
        option.font = view.font()
        option.widget = view
        option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
        if selected:
            option.state |= QStyle.StateFlag.State_Selected
        painter = RecordingPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        found += [(text, pen, ground_under(image, rect)) for text, pen, rect in painter.texts]
    return found


def _distance(one: QColor, other: QColor) -> int:
    return (
        abs(one.red() - other.red())
        + abs(one.green() - other.green())
        + abs(one.blue() - other.blue())
    )


def drawn(colour: QColor, counts: dict[int, int], back: QColor) -> bool:
    """Some pixels are ``colour``, or well on the way to it from the ground (small type's
    thin stems never reach their full colour)."""
    return any(_distance(QColor(rgb), colour) <= _distance(back, colour) // 2 for rgb in counts)


def label_texts(label: QLabel) -> list[tuple[str, QColor, QColor]]:
    """The label's text colours (its palette's and its HTML's), each with each ground it may
    sit on (the label's commonest pixel and the HTML's own backgrounds)."""
    image = image_of(label)
    counts = colours_in(image)
    grounds = [ground(image), *(QColor(c) for c in HTML_GROUND.findall(label.text()))]
    palette = label.palette()
    inks = [palette.color(label.foregroundRole())]
    if "<a " in label.text():
        inks.append(palette.color(QPalette.ColorRole.Link))
    for written in HTML_INK.findall(label.text()):
        colour = QColor(written)
        assert drawn(colour, counts, grounds[0]), f"{written} is in {label.text()!r}, not drawn"
        inks.append(colour)
    return [(label.text()[:60], ink, back) for ink in inks for back in grounds]


def check(texts: list[tuple[str, QColor, QColor]], where: str) -> None:
    low = [
        f"{text!r}: {ink.name()} on {back.name()} = {contrast(ink, back):.2f}"
        for text, ink, back in texts
        if contrast(ink, back) < AA
    ]
    assert texts, f"nothing measured in {where}"
    assert not low, f"{where}:\n" + "\n".join(low)


def test_the_week_list_reads_in_every_theme(window: MainWindow, themed: str) -> None:
    for moment in MOMENTS.values():
        window.model.set_now(moment)
        for selected in (False, True):
            texts = week_list_texts(window, selected)
            check(texts, f"week list ({themed}, selected={selected}, {moment:%b %d %H:%M})")
    days_off = [t for t in week_list_texts(window, False) if t[0].startswith(("Holiday", "Spring"))]
    assert days_off, "the holiday rows were drawn"


def test_a_weeks_pane_reads_in_every_theme(window: MainWindow, themed: str) -> None:
    assert window.select_week(8)
    rows = list(window.detail.readings.rows.values())
    ready, failed = rows[0], rows[1]
    ready.set_entry(LibraryEntry(ready.reading.id, FetchState.READY, path="/x.pdf"), active=False)
    failed.set_entry(
        LibraryEntry(
            failed.reading.id,
            FetchState.FAILED,
            error="403 Forbidden",
            error_kind=FailureKind.HTTP_STATUS,
        ),
        active=False,
    )
    for moment in MOMENTS.values():
        window.detail.set_now(moment)
        labels = [window.detail.header, window.detail.links, window.detail.slides]
        for row in rows:
            labels += [row.title, row.meta, row.status]
        texts = [t for label in labels if label.isVisibleTo(window) for t in label_texts(label)]
        check(texts, f"week pane ({themed}, {moment:%b %d %H:%M})")
    ready_ink = QColor(re.findall(r"#[0-9a-fA-F]{6}", ready.status.styleSheet())[0])
    failed_ink = QColor(re.findall(r"#[0-9a-fA-F]{6}", failed.status.styleSheet())[0])
    assert ready_ink != failed_ink  # the two states are told apart by colour too
    behind = ground(image_of(ready))
    check([("ready", ready_ink, behind), ("failed", failed_ink, behind)], "reading states")


def test_the_due_view_reads_in_every_theme(window: MainWindow, themed: str) -> None:
    due = window.review.due
    due.setVisible(True)
    due.set_now(MOMENTS["tomorrow"])
    assert due.sections.overdue and due.sections.ahead
    behind = ground(image_of(due.viewport()))
    texts = []
    for number in range(due.count()):
        item = due.item(number)
        brush = item.foreground()
        ink = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else None
        texts.append((item.text(), ink or due.palette().color(QPalette.ColorRole.Text), behind))
    check(texts, f"Due view ({themed})")


@pytest.mark.parametrize("kind", list(BannerKind))
def test_banners_read_in_every_theme(window: MainWindow, themed: str, kind: BannerKind) -> None:
    window.banner.show_message(kind, "The course page could not be reached", "Retry")
    label = window.banner.findChild(QLabel)
    assert isinstance(label, QLabel)
    behind = ground(image_of(window.banner))
    ink = label.palette().color(label.foregroundRole())
    check([(label.text(), ink, behind)], f"{kind} banner ({themed})")


def test_the_theme_is_what_the_tests_think(window: MainWindow, themed: str) -> None:
    dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
    assert dark == (themed != "light")
    assert isinstance(window, QWidget)


def test_the_review_editor_reads_in_every_theme(
    window: MainWindow, themed: str, qtbot: QtBot
) -> None:
    assert window.review.open_week(8)
    editor = window.review.editor
    qtbot.waitUntil(lambda: bool(editor.fields))
    labels = [label for label in editor.findChildren(QLabel) if label.isVisibleTo(window)]
    marked = [label for label in labels if label.property("question") is not None]
    assert any("*" in label.text() for label in marked)  # required questions are marked
    texts = [t for label in labels if label.text() for t in label_texts(label)]
    check(texts, f"review editor ({themed})")
