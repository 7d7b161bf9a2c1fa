"""The PDF layer on real generated files: opening and its failures, sizes, pixels, outline,
links, words in reading order, search, damaged files; and the layout arithmetic."""

from __future__ import annotations

import threading
from pathlib import Path

import pymupdf
import pytest

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
from tests.reader.conftest import Files
from tests.reader.papers import EXTERNAL_URL, MARKER, PASSWORD


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


def test_night_render_inverts_text_but_not_the_photo(files: Files) -> None:
    page = next(iter(files.paper.image_rects))
    photo = files.paper.image_rects[page]
    document = open_pdf(files.paper.path)
    try:
        day = document.render(page, 1.0)
        night = document.render(page, 1.0, night=True)
    finally:
        document.close()

    def pixel(image: object, x: float, y: float) -> bytes:
        offset = int(y) * image.stride + int(x) * 3  # type: ignore[attr-defined]
        return bytes(image.samples[offset : offset + 3])  # type: ignore[attr-defined]

    inside = (photo.x0 + photo.width / 3, photo.y0 + photo.height / 2)
    assert pixel(night, *inside) == pixel(day, *inside)
    margin = (20, 20)  # white paper becomes dark
    assert pixel(day, *margin) == b"\xff\xff\xff"
    assert max(pixel(night, *margin)) < 60


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
    assert internal[0].page == target
    assert internal[0].box.x0 == pytest.approx(rect.x0)
    assert internal[0].y == pytest.approx(files.paper.sections[2][2])
    assert [link.uri for link in external] == [EXTERNAL_URL]


def test_words_follow_the_columns(files: Files) -> None:
    document = open_pdf(files.paper.path)
    try:
        words = document.page_text(1).words
    finally:
        document.close()
    middle = 306.0
    body = [word for word in words if word.box.y1 < 740]  # not the page number in the footer
    sides = ["left" if word.box.x1 < middle else "right" for word in body]
    first_right = sides.index("right")
    # The whole left column comes first, then the whole right one: a drag down the left column
    # selects that column only.
    assert all(side == "right" for side in sides[first_right:])
    assert first_right > 100


def test_search_ignores_case(files: Files) -> None:
    document = open_pdf(files.paper.path)
    try:
        lower = document.search(0, MARKER)
        upper = document.search(0, MARKER.upper())
    finally:
        document.close()
    assert lower and lower == upper


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
    document = open_pdf(files.truncated)
    try:
        assert document.damaged
        assert document.page_count >= 1
        document.render(0, 1.0)  # what survives still renders
    finally:
        document.close()


def test_closed_documents_refuse_work(files: Files) -> None:
    document = open_pdf(files.paper.path)
    document.close()
    document.close()  # twice is fine
    with pytest.raises(DocumentClosedError):
        document.render(0, 1.0)


def test_calls_from_many_threads_are_serialised(files: Files) -> None:
    document = open_pdf(files.paper.path)
    errors: list[BaseException] = []

    def work(page: int) -> None:
        try:
            for _ in range(3):
                document.render(page, 0.5)
                document.page_text(page)
                document.search(page, "model")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(page,)) for page in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    document.close()
    assert not errors


def test_rotated_pages_map_text_to_the_displayed_page(tmp_path: Path, files: Files) -> None:
    source = pymupdf.open(files.paper.path)  # type: ignore[no-untyped-call]
    source[1].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    source.save(rotated)
    source.close()
    document = open_pdf(rotated)
    try:
        size = document.page_sizes[1]
        assert (size.width, size.height) == (792.0, 612.0)
        for word in document.page_text(1).words:
            assert 0 <= word.box.x0 <= size.width and 0 <= word.box.y1 <= size.height
    finally:
        document.close()
