"""The PDF layer on real generated files: opening and its failures, sizes, pixels, outline,
links, words in reading order, search, damaged files; and the layout arithmetic."""

from __future__ import annotations

import threading
from dataclasses import astuple
from pathlib import Path

import pymupdf
import pytest

from app.pdf.content import RenderedImage
from app.pdf.document import open_pdf
from app.pdf.errors import (
    DocumentClosedError,
    EmptyFileError,
    MissingFileError,
    NotPdfError,
    PasswordRequiredError,
    WrongPasswordError,
)
from app.pdf.text import selected_text
from tests.reader import expected
from tests.reader.conftest import Files
from tests.reader.expected import NIGHT_PAPER, RGB, close_to, night_grey
from tests.reader.papers import (
    EXTERNAL_URL,
    MARKER,
    MARKER_PAGES,
    PASSWORD,
    bar_samples,
    photo_colour,
)


def test_opens_a_paper_with_its_sizes_and_outline(files: Files) -> None:
    document = open_pdf(files.paper.path)
    try:
        assert document.page_count == 14
        assert not document.damaged
        assert {(size.width, size.height) for size in document.page_sizes} == {(612.0, 792.0)}
        outline = document.outline()
        assert [(entry.title, entry.page) for entry in outline] == [
            (title, page) for title, page, _y in files.paper.sections
        ]
        assert outline[2].y == pytest.approx(files.paper.sections[2][2])
    finally:
        document.close()


def test_renders_rgb_at_the_asked_scale_and_bands_line_up(files: Files) -> None:
    document = open_pdf(files.paper.path)
    try:
        whole = document.render(0, 2.0)
        assert (whole.width, whole.height) == (1224, 1584)
        assert whole.stride >= whole.width * 3
        assert len(whole.samples) == whole.stride * whole.height
        from app.pdf.content import Box

        band = document.render(0, 2.0, Box(0, 396, 612, 792))
        assert (band.x, band.y, band.width, band.height) == (0, 792, 1224, 792)
        start = band.y * whole.stride
        assert band.samples[:3000] == whole.samples[start : start + 3000]
    finally:
        document.close()


def pixel(image: RenderedImage, scale: float, x: float, y: float) -> RGB:
    """The colour at point (x, y) of the page in an image rendered at ``scale``."""
    offset = int(y * scale) * image.stride + int(x * scale) * 3
    red, green, blue = image.samples[offset : offset + 3]
    return red, green, blue


def test_night_render_inverts_text_and_paper_but_keeps_pictures_in_their_colours(
    files: Files,
) -> None:
    page = 7  # the page with both a photo and a bar chart
    photo, chart = files.paper.image_rects[page], files.paper.figure_rects[page]
    scale = 1.5  # big enough for text stems to reach full black
    document = open_pdf(files.paper.path)
    try:
        day = document.render(page, scale)
        # Drawn figures kept as drawn (reader.dark_figures = natural; by default they follow
        # the page: tests/reader/test_dark_figures.py).
        night = document.render(page, scale, night=True, natural_figures=True)
    finally:
        document.close()

    # The photo keeps the colours the generator put in it (within two steps of its gradient).
    for fx, fy in [(0.1, 0.1), (0.33, 0.5), (0.5, 0.9), (0.9, 0.3)]:
        x, y = photo.x0 + fx * photo.width, photo.y0 + fy * photo.height
        assert close_to(pixel(night, scale, x, y), photo_colour(photo, x, y), 6), (fx, fy)
    # Each bar of the chart keeps its fill.
    bars = bar_samples(chart)
    assert len(bars) == 5
    for (x, y), fill in bars:
        assert close_to(pixel(night, scale, x, y), fill, 1), (x, fill)
    # Paper and ink: every grey of a stretch of text becomes the documented dark-page grey.
    greys = []
    for y in range(int(500 * scale), int(560 * scale)):  # the left column's text
        for x in range(int(60 * scale), int(290 * scale)):
            offset = y * day.stride + x * 3
            red, green, blue = day.samples[offset : offset + 3]
            if red == green == blue:
                greys.append((red, tuple(night.samples[offset : offset + 3])))
    assert {0, 255} <= {grey for grey, _ in greys}  # black ink on white paper, in day colours
    wrong = [(grey, got) for grey, got in greys if not close_to(got, night_grey(grey), 1)]
    assert wrong == []
    assert pixel(night, scale, 20, 20) == NIGHT_PAPER  # the margin


def test_links_internal_and_external(files: Files) -> None:
    document = open_pdf(files.paper.path)
    try:
        links = document.page_text(0).links
    finally:
        document.close()
    internal = [link for link in links if link.is_internal]
    external = [link for link in links if not link.is_internal]
    assert files.paper.section_link is not None
    _page, rect, target = files.paper.section_link
    assert len(internal) == 1
    assert internal[0].page == target
    assert internal[0].box.x0 == pytest.approx(rect.x0)
    assert internal[0].y == pytest.approx(files.paper.sections[2][2])
    assert [link.uri for link in external] == [EXTERNAL_URL]


def test_words_follow_the_columns(files: Files) -> None:
    path = files.paper.path
    document = open_pdf(path)
    try:
        words = document.page_text(1).words
    finally:
        document.close()
    # The words, and their order, are PyMuPDF's (what a selection follows and a copy holds).
    assert [word.text for word in words] == [word.text for word in expected.words(path, 1)]
    middle = 306.0
    body = [word for word in words if word.box.y1 < 740]  # not the page number in the footer
    sides = ["left" if word.box.x1 < middle else "right" for word in body]
    first_right = sides.index("right")
    # The whole left column comes first, then the whole right one: a drag down the left column
    # selects that column only.
    assert all(side == "right" for side in sides[first_right:])
    assert first_right > 100


def test_search_finds_what_pymupdf_finds_whatever_the_case(files: Files) -> None:
    truth = expected.search_hits(files.paper.path, MARKER)
    assert {hit.page for hit in truth} == set(MARKER_PAGES)  # where the generator wrote it
    document = open_pdf(files.paper.path)
    try:
        found = {
            page: sorted(astuple(box) for box in document.search(page, MARKER.upper()))
            for page in range(document.page_count)
        }
    finally:
        document.close()
    assert found == {
        page: sorted(hit.rect for hit in truth if hit.page == page)
        for page in range(files.paper.pages)
    }


def test_selected_text_joins_lines_and_hyphens() -> None:
    from app.pdf.content import Box, Word

    def word(text: str, block: int, line: int) -> Word:
        return Word(Box(0, 0, 1, 1), text, block, line)

    runs = [[word("Pipe-", 0, 0), word("lines", 0, 1), word("are", 0, 1), word("Next", 1, 0)]]
    assert selected_text(runs) == "Pipelines are\nNext"


def test_errors_say_what_is_wrong(files: Files, tmp_path: Path) -> None:
    with pytest.raises(EmptyFileError, match="empty"):
        open_pdf(files.empty)
    with pytest.raises(NotPdfError, match="web page"):
        open_pdf(files.html)
    noise = tmp_path / "noise.pdf"
    noise.write_bytes(b"\x89PNG\r\n" + bytes(200))
    with pytest.raises(NotPdfError, match="not a PDF"):
        open_pdf(noise)
    with pytest.raises(MissingFileError):
        open_pdf(tmp_path / "gone.pdf")
    with pytest.raises(PasswordRequiredError) as asked:
        open_pdf(files.encrypted)
    assert not isinstance(asked.value, WrongPasswordError)
    with pytest.raises(WrongPasswordError):
        open_pdf(files.encrypted, "guess")
    unlocked = open_pdf(files.encrypted, PASSWORD)
    assert unlocked.page_count == 14
    unlocked.close()


def test_a_truncated_file_opens_repaired(files: Files) -> None:
    surviving = expected.page_count(files.truncated)  # what PyMuPDF's repair recovers
    assert surviving >= 1
    document = open_pdf(files.truncated)
    try:
        assert document.damaged
        assert document.page_count == surviving
        assert document.render(0, 1.0).width == 612  # what survives still renders
    finally:
        document.close()


def test_closed_documents_refuse_work(files: Files) -> None:
    document = open_pdf(files.paper.path)
    document.close()
    document.close()  # twice is fine
    with pytest.raises(DocumentClosedError):
        document.render(0, 1.0)


def test_calls_from_many_threads_are_serialised(files: Files) -> None:
    """Six threads at once, each on its own page, get what PyMuPDF gives one caller alone."""
    path = files.paper.path
    pages = range(6)
    wanted = {
        page: (
            [word.text for word in expected.words(path, page)],
            sorted(hit.rect for hit in expected.search_hits(path, "model") if hit.page == page),
        )
        for page in pages
    }
    assert all(texts and hits for texts, hits in wanted.values())
    document = open_pdf(path)
    alone = {page: document.render(page, 0.5).samples for page in pages}
    errors: list[BaseException] = []
    wrong: list[tuple[int, str]] = []

    def work(page: int) -> None:
        try:
            for _ in range(3):
                if document.render(page, 0.5).samples != alone[page]:
                    wrong.append((page, "pixels"))
                if [word.text for word in document.page_text(page).words] != wanted[page][0]:
                    wrong.append((page, "words"))
                if (
                    sorted(astuple(box) for box in document.search(page, "model"))
                    != wanted[page][1]
                ):
                    wrong.append((page, "search"))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(page,)) for page in pages]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    document.close()
    assert errors == []
    assert wrong == []


def test_rotated_pages_map_text_to_the_displayed_page(tmp_path: Path, files: Files) -> None:
    source = pymupdf.open(files.paper.path)  # type: ignore[no-untyped-call]
    source[1].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    source.save(rotated)
    source.close()
    document = open_pdf(rotated)
    try:
        size = document.page_sizes[1]
        words = document.page_text(1).words
    finally:
        document.close()
    assert (size.width, size.height) == (792.0, 612.0)
    # Turned a quarter clockwise, a point (x, y) of the 612 x 792 page shows at (792 - y, x).
    unrotated = expected.words(files.paper.path, 1)
    assert len(unrotated) > 100
    assert [(word.text, astuple(word.box)) for word in words] == [
        (word.text, pytest.approx((792 - word.y1, word.x0, 792 - word.y0, word.x1)))
        for word in unrotated
    ]
