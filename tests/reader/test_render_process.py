"""Pages drawn in the render process: the same pixels as PyMuPDF draws, the same answers on
opening, and a renderer that dies fails one page, then comes back."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from app.pdf.content import Box
from app.pdf.document import open_pdf
from app.pdf.errors import DamagedPdfError, PageError, PasswordRequiredError, WrongPasswordError
from app.pdf.render_process import RenderProcess
from tests.reader.conftest import Files
from tests.reader.papers import PASSWORD

START_TIMEOUT = 60.0  # seconds; a wait on an event, not a sleep


@pytest.fixture
def renderer() -> Iterator[RenderProcess]:
    process = RenderProcess()
    process.start()
    assert process.wait_ready(START_TIMEOUT), "the render process did not start"
    yield process
    process.stop()


def pymupdf_pixels(path: Path, page: int, scale: float, clip: Box | None = None) -> bytes:
    """What PyMuPDF alone draws, straight from the page (no display list, no process)."""
    document = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        area = None if clip is None else pymupdf.Rect(clip.x0, clip.y0, clip.x1, clip.y1)
        matrix = pymupdf.Matrix(scale, scale)
        pixmap = document[page].get_pixmap(matrix=matrix, clip=area, alpha=False)
        return bytes(pixmap.samples)
    finally:
        document.close()


def test_pages_drawn_there_are_the_pages_pymupdf_draws(
    files: Files, renderer: RenderProcess
) -> None:
    document = open_pdf(files.paper.path, renderer=renderer)
    try:
        whole = document.render(7, 1.5)  # the page with a photo and a bar chart
        assert bytes(whole.samples) == pymupdf_pixels(files.paper.path, 7, 1.5)
        band = Box(0, 396, 612, 792)
        lower = document.render(7, 1.5, band)
        assert (lower.x, lower.y, lower.width) == (0, 594, 918)
        assert bytes(lower.samples) == pymupdf_pixels(files.paper.path, 7, 1.5, band)
    finally:
        document.close()


def test_night_pages_drawn_there_match_those_drawn_here(
    files: Files, renderer: RenderProcess
) -> None:
    there = open_pdf(files.paper.path, renderer=renderer)
    here = open_pdf(files.paper.path)
    try:
        assert (
            bytes(there.render(7, 1.0, night=True).samples)
            == here.render(7, 1.0, night=True).samples
        )
    finally:
        there.close()
        here.close()


def test_opening_there_describes_the_file_as_opening_here(
    files: Files, renderer: RenderProcess
) -> None:
    there = open_pdf(files.paper.path, renderer=renderer)
    here = open_pdf(files.paper.path)
    try:
        assert there.page_count == here.page_count == 14
        assert there.page_sizes == here.page_sizes
        assert there.title == here.title
        assert not there.damaged
        # Words and the outline come from this process's own copy, opened on first use.
        assert there.outline() == here.outline()
        assert there.page_text(2).words == here.page_text(2).words
    finally:
        there.close()
        here.close()


def test_files_that_do_not_open_there_fail_as_they_do_here(
    files: Files, renderer: RenderProcess, tmp_path: Path
) -> None:
    with pytest.raises(PasswordRequiredError) as asked:
        open_pdf(files.encrypted, renderer=renderer)
    assert not isinstance(asked.value, WrongPasswordError)
    with pytest.raises(WrongPasswordError):
        open_pdf(files.encrypted, "not it", renderer=renderer)
    unlocked = open_pdf(files.encrypted, PASSWORD, renderer=renderer)
    try:
        assert bytes(unlocked.render(0, 0.5).samples) == pymupdf_pixels(files.paper.path, 0, 0.5)
    finally:
        unlocked.close()
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(DamagedPdfError):
        open_pdf(garbage, renderer=renderer)


def test_a_renderer_that_dies_fails_one_page_then_comes_back(
    files: Files, renderer: RenderProcess
) -> None:
    document = open_pdf(files.paper.path, renderer=renderer)
    try:
        first_pid = renderer.pid
        assert first_pid is not None
        os.kill(first_pid, signal.SIGKILL)
        with pytest.raises(PageError, match="renderer stopped"):
            document.render(1, 0.5)
        assert renderer.crashes == 1
        # Until the new process is up, pages are drawn here; then there again.
        assert bytes(document.render(2, 0.5).samples) == pymupdf_pixels(files.paper.path, 2, 0.5)
        assert renderer.wait_ready(START_TIMEOUT)
        assert renderer.pid not in (None, first_pid)
        assert bytes(document.render(3, 0.5).samples) == pymupdf_pixels(files.paper.path, 3, 0.5)
    finally:
        document.close()
