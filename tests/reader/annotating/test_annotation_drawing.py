"""Annotations as the student sees them: each kind drawn in its colour on light and dark pages
at two zooms (the page's pixels grabbed from the screen), and a click takes the annotation
whose shape is under it, also on a two-column page where one passage's box spans both
columns."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke
from app.services.app_services import AppServices
from app.services.reader import Box, FitMode
from app.ui.reader.reader_tab import ReaderTab
from tests.reader import expected
from tests.reader.annotating.conftest import AnnotatingTab, Reading
from tests.reader.annotating.gestures import (
    annotating,
    commonest,
    hue_distance,
    key,
    line_boxes,
    quad_boxes,
    same_boxes,
    stored,
)
from tests.reader.conftest import settle
from tests.reader.expected import NIGHT_PAPER, RawWord
from tests.reader.helpers import click, drag, on_page, pixels_in, screen
from tests.reader.papers import COLUMN_WIDTH, GUTTER, MARGIN

YELLOW, GREEN, RED, BLUE, PURPLE = (entry.colour for entry in DEFAULT_PALETTE)
RIGHT_COLUMN = MARGIN + COLUMN_WIDTH + GUTTER  # where the generator starts the right column
PAPER = {False: QColor("#ffffff"), True: QColor.fromRgb(*NIGHT_PAPER)}


def _mark(services: AppServices, reading: Reading, words: list[RawWord], **options: object) -> str:
    """Text markup over ``words`` (one line), made through the service."""
    box = Rect(words[0].x0, min(w.y0 for w in words), words[-1].x1, max(w.y1 for w in words))
    options.setdefault("kind", AnnotationKind.HIGHLIGHT)
    made = services.annotations.create(
        reading.id,
        page=0,
        quads=[Quad.from_rect(box)],
        quote=" ".join(word.text for word in words),
        **options,  # type: ignore[arg-type]
    )
    return made.id


def _show(qtbot: QtBot, tab: ReaderTab, *, zoom: float, dark: bool, box: Box) -> None:
    """Zoom, light or dark pages (the toolbar's button), and ``box`` of page 1 in view."""
    tab.view.set_zoom(zoom)
    if dark:
        button = tab.toolbar.widgetForAction(tab.toolbar.dark)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    tab.view.ensure_visible(0, box)
    settle(qtbot, tab)


def _inner(tab: ReaderTab, box: tuple[float, float, float, float]) -> tuple[QPointF, QPointF]:
    """A box of page 1 on screen, a pixel in from each edge (no antialiased border)."""
    one = QPointF(1, 1)
    return on_page(tab, 0, box[0], box[1]) + one, on_page(tab, 0, box[2], box[3]) - one


def _luma(colour: QColor) -> float:
    return 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("zoom", [1.0, 2.0])
def test_a_highlight_tints_the_paper_with_its_colour_and_the_text_stays_readable(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    qtbot: QtBot,
    dark: bool,
    zoom: float,
) -> None:
    words = expected.words(reading.path, 0)
    # On lines 3 and 4 of the first paragraph, a few words in from the left edge of the
    # column: the words before them on their line are the page as it is, for comparison.
    yellow_words, blue_words = words[36:39], words[46:49]
    _mark(services, reading, yellow_words, colour=YELLOW)
    _mark(services, reading, blue_words, colour=BLUE)
    tab = annotating_tab()
    _show(qtbot, tab, zoom=zoom, dark=dark, box=Box(50, 180, 220, 215))
    image = screen(tab)

    for colour, run, before in ((YELLOW, yellow_words, words[34]), (BLUE, blue_words, words[44])):
        [box] = line_boxes(run)
        inside = commonest(image, *_inner(tab, box))
        outside = commonest(image, *_inner(tab, (before.x0, box[1], run[0].x0 - 3, box[3])))
        assert outside == PAPER[dark]  # the paper, not the text, is what most pixels show
        assert abs(_luma(inside) - _luma(outside)) > 20 or hue_distance(inside, outside) > 20
        assert inside.hslSaturationF() > 0.3, f"{inside.name()} is not a colour"
        assert hue_distance(inside, QColor(colour)) < 15, f"{inside.name()} vs {colour}"
        # The words under it still read: ink far from the tinted paper, dark on light pages,
        # light on dark ones.
        lumas = [_luma(QColor.fromRgb(*rgb)) for rgb in pixels_in(image, *_inner(tab, box))]
        ink = max(lumas) if dark else min(lumas)
        assert abs(ink - _luma(inside)) > 60


def _saturated_pixels(tab: ReaderTab, colour: str, box: tuple[float, float, float, float]) -> int:
    """How many pixels in ``box`` of page 1 have ``colour``'s hue (any lightness)."""
    area = on_page(tab, 0, box[0], box[1]), on_page(tab, 0, box[2], box[3])
    wanted = QColor(colour)
    colours = [QColor.fromRgb(*rgb) for rgb in pixels_in(screen(tab), *area)]
    return sum(c.hslSaturationF() > 0.35 and hue_distance(c, wanted) < 15 for c in colours)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_kind_is_drawn_in_its_colour(
    annotating_tab: AnnotatingTab,
    services: AppServices,
    reading: Reading,
    qtbot: QtBot,
    tmp_path: Path,
    dark: bool,
) -> None:
    words = expected.words(reading.path, 0)
    lines = {
        AnnotationKind.UNDERLINE: (words[26:30], GREEN),
        AnnotationKind.STRIKEOUT: (words[34:38], BLUE),
        AnnotationKind.SQUIGGLY: (words[44:48], RED),
    }
    for kind, (run, colour) in lines.items():
        _mark(services, reading, run, kind=kind, colour=colour)
    ink = Stroke(tuple(Point(60 + 6 * i, 470 + (i % 2) * 8) for i in range(20)), 2.0)
    notes = services.annotations
    notes.create(reading.id, page=0, kind=AnnotationKind.INK, colour=PURPLE, strokes=[ink])
    notes.create(
        reading.id, page=0, kind=AnnotationKind.NOTE, colour=YELLOW, rect=Rect(20, 300, 38, 318)
    )
    notes.create(
        reading.id,
        page=0,
        kind=AnnotationKind.FREETEXT,
        colour=GREEN,
        rect=Rect(330, 240, 470, 280),
        text="Compare with Orca",
    )
    # A shape of a kind the app keeps but does not edit, brought in from another viewer's PDF.
    elsewhere = tmp_path / "square.pdf"
    document = pymupdf.open(reading.path)  # type: ignore[no-untyped-call]
    square = document[0].add_rect_annot(pymupdf.Rect(330, 300, 470, 340))
    square.set_colors(stroke=(0.63, 0.54, 0.9))  # the palette's purple
    square.update()
    document.save(elsewhere)
    document.close()
    [imported] = services.annotations.import_pdf(reading.id, elsewhere).added
    assert imported.kind is AnnotationKind.OTHER

    tab = annotating_tab()
    _show(qtbot, tab, zoom=1.0, dark=dark, box=Box(10, 150, 480, 500))

    for run, colour in lines.values():
        [(x0, y0, x1, y1)] = line_boxes(run)
        assert _saturated_pixels(tab, colour, (x0, y0 - 2, x1, y1 + 2)) > 40, colour
    assert _saturated_pixels(tab, PURPLE, (55, 462, 180, 486)) > 30  # the pen stroke
    assert _saturated_pixels(tab, YELLOW, (20, 300, 38, 318)) > 100  # the note's icon
    assert _saturated_pixels(tab, GREEN, (328, 238, 472, 282)) > 100  # the text box's frame
    assert _saturated_pixels(tab, PURPLE, (327, 297, 473, 343)) > 100  # the imported square's
    # ... outline only: inside it the page shows through.
    image = screen(tab)
    inside = commonest(image, on_page(tab, 0, 340, 310), on_page(tab, 0, 460, 330))
    assert inside != QColor(PURPLE)
    # And the text box says what was typed: dark (light on dark pages) letters in it.
    first_line = on_page(tab, 0, 332, 242), on_page(tab, 0, 468, 255)
    ground = _luma(commonest(image, *first_line))
    letters = [_luma(QColor.fromRgb(*rgb)) for rgb in pixels_in(image, *first_line)]
    assert any(abs(luma - ground) > 80 for luma in letters)


def _right_column_line(words: list[RawWord], near_y: float) -> list[RawWord]:
    """The words of the right-column line nearest ``near_y`` (points)."""
    right = [word for word in words if word.x0 > RIGHT_COLUMN - 1]
    closest = min(right, key=lambda word: abs(word.y0 - near_y))
    return [word for word in right if (word.block, word.line) == (closest.block, closest.line)]


def test_a_click_takes_the_annotation_whose_words_are_under_it_on_two_columns(
    annotating_tab: AnnotatingTab, reading: Reading, data_dir: Path, qtbot: QtBot
) -> None:
    """A passage running from the foot of the left column to the head of the right one has a
    bounding box over both columns; a click in the right column's middle is not in it."""
    tab = annotating_tab(position=None)
    tab.view.set_fit(FitMode.PAGE)
    settle(qtbot, tab)
    words = expected.words(reading.path, 0)
    # The right column's first word: the first block that starts at that column's left edge.
    head = next(
        index
        for index, word in enumerate(words)
        if abs(word.x0 - RIGHT_COLUMN) < 1 and words[index - 1].block != word.block
    )
    foot = head - 1
    while (words[foot - 1].block, words[foot - 1].line) == (
        words[head - 1].block,
        words[head - 1].line,
    ):
        foot -= 1
    end = head
    while (words[end + 1].block, words[end + 1].line) == (words[head].block, words[head].line):
        end += 1
    crossing = words[foot : end + 1]  # the left column's last line, the right column's first
    middle = _right_column_line(words, 400.0)

    key(qtbot, tab, Qt.Key.Key_H)
    drag(tab, on_page(tab, 0, *crossing[0].centre), on_page(tab, 0, *crossing[-1].centre))
    key(qtbot, tab, Qt.Key.Key_2)
    drag(tab, on_page(tab, 0, *middle[0].centre), on_page(tab, 0, *middle[-1].centre))
    key(qtbot, tab, Qt.Key.Key_Escape)
    first, second = stored(data_dir)
    assert same_boxes(quad_boxes(first), line_boxes(crossing))  # two quads, two columns
    assert same_boxes(quad_boxes(second), line_boxes(middle))

    layer = annotating(tab).layer
    click(tab, on_page(tab, 0, *middle[1].centre))
    assert layer.selected_id == second["id"]
    below = _right_column_line(words, middle[0].y1 + 40)
    click(tab, on_page(tab, 0, *below[1].centre))  # inside the crossing passage's box only
    assert layer.selected_id is None
    click(tab, on_page(tab, 0, *crossing[1].centre))
    assert layer.selected_id == first["id"]
    click(tab, on_page(tab, 0, *crossing[-1].centre))  # its other column
    assert layer.selected_id == first["id"]
    gutter = RIGHT_COLUMN - GUTTER / 2
    click(tab, on_page(tab, 0, gutter, middle[0].centre[1]))  # beside the middle one
    assert layer.selected_id is None


def test_a_recoloured_pen_stroke_shows_its_new_colour_at_every_zoom(
    annotating_tab: AnnotatingTab, services: AppServices, reading: Reading, qtbot: QtBot
) -> None:
    """Pen strokes are painted from images made once per zoom: a change must not leave the
    old image on screen."""
    path = tuple(Point(60 + 6 * i, 470 + (i % 2) * 8) for i in range(20))
    services.annotations.create(
        reading.id, page=0, kind=AnnotationKind.INK, colour=PURPLE, strokes=[Stroke(path, 2.0)]
    )
    tab = annotating_tab()
    area = (55.0, 462.0, 180.0, 486.0)
    _show(qtbot, tab, zoom=1.0, dark=False, box=Box(*area))
    assert _saturated_pixels(tab, PURPLE, area) > 30

    click(tab, on_page(tab, 0, path[4].x, path[4].y))  # on the line
    key(qtbot, tab, Qt.Key.Key_2)  # green
    settle(qtbot, tab)
    assert _saturated_pixels(tab, GREEN, area) > 30 and _saturated_pixels(tab, PURPLE, area) == 0

    key(qtbot, tab, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)  # zoom in
    tab.view.ensure_visible(0, Box(*area))
    settle(qtbot, tab)
    assert _saturated_pixels(tab, GREEN, area) > 30 and _saturated_pixels(tab, PURPLE, area) == 0
