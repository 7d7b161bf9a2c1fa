"""Dark pages: photos keep their colours; a drawn figure follows the page by default (its
white block turns to the dark paper instead of glaring), or keeps its own colours with
``reader.dark_figures = natural``; in this process and in the render process alike. And a
reading nobody chose dark or light for opens in the window's theme, following it live."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.pdf.content import RenderedImage
from app.pdf.document import open_pdf
from app.pdf.render_process import RenderProcess
from app.ui.theme import theme
from tests.gui.pixels import ground, image_of, luminance
from tests.reader.conftest import OpenTab, settle
from tests.reader.expected import NIGHT_PAPER, close_to

SCALE = 2.0
PHOTO = pymupdf.Rect(72, 300, 192, 380)  # a photo: a placed image of one colour
PHOTO_RGB = (214, 48, 32)
FIGURE = pymupdf.Rect(300, 300, 540, 460)  # a chart: a white block, framed, with lines on it
INSIDE_FIGURE = (320.0, 320.0)  # white in day colours: no line passes there
MARGIN = (20.0, 20.0)
START_TIMEOUT = 60.0


@pytest.fixture(scope="module")
def figure_paper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "figures.pdf"
    document = pymupdf.open()  # type: ignore[no-untyped-call]
    page = document.new_page(width=612, height=792)
    page.insert_text((72, 100), "Some words above a photo and a chart.", fontsize=12)
    photo = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 16, 16), False)
    photo.set_rect(photo.irect, PHOTO_RGB)
    page.insert_image(PHOTO, pixmap=photo)
    page.draw_rect(FIGURE, color=(0, 0, 0), fill=(1, 1, 1), width=1)
    for step in range(1, 5):  # the chart's lines, well away from INSIDE_FIGURE
        y = FIGURE.y0 + step * 30
        page.draw_line((FIGURE.x0 + 60, y), (FIGURE.x1 - 10, y + 10), color=(0.1, 0.3, 0.8))
    document.save(path)
    document.close()
    return path


def pixel(image: RenderedImage, x: float, y: float) -> tuple[int, int, int]:
    offset = int(y * SCALE) * image.stride + int(x * SCALE) * 3
    red, green, blue = image.samples[offset : offset + 3]
    return red, green, blue


def night_pages(path: Path, renderer: RenderProcess | None = None) -> dict[str, RenderedImage]:
    document = open_pdf(path, renderer=renderer)
    try:
        return {
            "day": document.render(0, SCALE),
            "follow": document.render(0, SCALE, night=True),
            "natural": document.render(0, SCALE, night=True, natural_figures=True),
        }
    finally:
        document.close()


def check_night_pages(pages: dict[str, RenderedImage]) -> None:
    centre = (PHOTO.x0 + PHOTO.width / 2, PHOTO.y0 + PHOTO.height / 2)
    assert pixel(pages["day"], *INSIDE_FIGURE) == (255, 255, 255)  # the block is white
    for mode in ("follow", "natural"):
        assert close_to(pixel(pages[mode], *centre), PHOTO_RGB, 2), mode  # the photo as it is
        assert pixel(pages[mode], *MARGIN) == NIGHT_PAPER, mode  # the page is dark
    assert close_to(pixel(pages["follow"], *INSIDE_FIGURE), NIGHT_PAPER, 1)  # no glare
    assert pixel(pages["natural"], *INSIDE_FIGURE) == (255, 255, 255)  # as drawn


def test_a_drawn_figure_follows_dark_pages_unless_kept_natural(figure_paper: Path) -> None:
    check_night_pages(night_pages(figure_paper))


@pytest.fixture
def renderer() -> Iterator[RenderProcess]:
    process = RenderProcess()
    process.start()
    assert process.wait_ready(START_TIMEOUT), "the render process did not start"
    yield process
    process.stop()


def test_the_render_process_takes_the_figures_choice_with_each_page(
    figure_paper: Path, renderer: RenderProcess
) -> None:
    there = night_pages(figure_paper, renderer)
    check_night_pages(there)
    here = night_pages(figure_paper)
    assert all(bytes(there[mode].samples) == bytes(here[mode].samples) for mode in here)


@pytest.fixture
def dark_theme(qapp: QApplication) -> Iterator[None]:
    theme().apply("dark")
    yield
    theme().apply("light")


def page_ground(tab: object) -> tuple[int, int, int]:
    from app.ui.reader.reader_tab import ReaderTab

    assert isinstance(tab, ReaderTab)
    image = tab.view.viewport().grab().toImage()
    rect = tab.view.page_geometry(tab.view.current_page()).rect
    colour = image.pixelColor(int(rect.left()) + 8, int(rect.top()) + 8)  # the page's margin
    return colour.red(), colour.green(), colour.blue()


def test_a_reading_never_switched_opens_in_the_windows_theme_and_follows_it(
    figure_paper: Path, open_tab: OpenTab, qtbot: QtBot, dark_theme: None
) -> None:
    tab = open_tab(figure_paper)  # no choice remembered for it
    settle(qtbot, tab)
    assert tab.dark
    assert page_ground(tab) == NIGHT_PAPER
    assert luminance(ground(image_of(tab.sidebar.tree.viewport()))) < 0.05  # the chrome too

    theme().apply("light")
    settle(qtbot, tab)
    assert not tab.dark
    assert page_ground(tab) == (255, 255, 255)
    # The outline list has a style sheet: it follows a live switch as well.
    assert luminance(ground(image_of(tab.sidebar.tree.viewport()))) > 0.9


def backdrop(tab: object) -> QColor:
    """The ground beside the pages (the viewport's corner: pages are centred with a margin)."""
    from app.ui.reader.reader_tab import ReaderTab

    assert isinstance(tab, ReaderTab)
    return tab.view.viewport().grab().toImage().pixelColor(2, 2)


def test_the_ground_around_the_pages_follows_the_windows_theme(
    figure_paper: Path, open_tab: OpenTab, qtbot: QtBot, dark_theme: None
) -> None:
    theme().apply("light")  # the fixture puts it back to light after, whatever happens
    tab = open_tab(figure_paper, dark=False)  # light pages, chosen: only the chrome may move
    settle(qtbot, tab)
    in_light = backdrop(tab)
    theme().apply("dark")
    qtbot.waitUntil(lambda: backdrop(tab) != in_light)
    assert luminance(backdrop(tab)) < 0.02 < luminance(in_light)
    assert not tab.dark  # the pages stay as chosen


def test_a_reading_the_student_set_keeps_its_pages(
    figure_paper: Path, open_tab: OpenTab, qtbot: QtBot, dark_theme: None
) -> None:
    chosen_light = open_tab(figure_paper, dark=False)
    settle(qtbot, chosen_light)
    assert page_ground(chosen_light) == (255, 255, 255)

    following = open_tab(figure_paper)
    following.toolbar.dark.trigger()  # the student turns dark pages off: their choice now
    theme().apply("light")
    theme().apply("dark")
    settle(qtbot, following)
    assert not following.dark
    assert page_ground(following) == (255, 255, 255)


def test_each_readings_choice_of_pages_is_kept_light_or_dark(tmp_path: Path) -> None:
    from app.services.app_services import open_services

    services = open_services(tmp_path / "data")
    try:
        settings = services.settings
        assert settings.dark_choice("aaaaaaaaaaaa") is None  # never chosen: the theme's
        settings.remember_dark("aaaaaaaaaaaa", False)
        settings.remember_dark("bbbbbbbbbbbb", True)
    finally:
        services.close()
    again = open_services(tmp_path / "data")  # a later start
    try:
        assert again.settings.dark_choice("aaaaaaaaaaaa") is False
        assert again.settings.dark_choice("bbbbbbbbbbbb") is True
        again.settings.remember_dark("bbbbbbbbbbbb", False)
        assert again.settings.dark_choice("bbbbbbbbbbbb") is False
    finally:
        again.close()
