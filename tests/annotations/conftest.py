"""Annotation fixtures: a two-page text PDF (the second page rotated and cropped), the same PDF
annotated as other viewers annotate, and a generated paper. Built once per session; tests that
write go to their own ``tmp_path``, and a test checks that exporting never changes a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.annotations.documents import PAGE_ONE, PAGE_TWO, write_text_pdf
from tests.annotations.other_tools import Written, annotate_like_viewers
from tests.reader.papers import Paper, make_paper

ROTATION = 90
CROPBOX = (30.0, 40.0, 582.0, 752.0)  # PyMuPDF's top-left coordinates within the MediaBox


@dataclass(frozen=True)
class Annotated:
    path: Path
    written: list[Written]


@pytest.fixture(scope="session")
def text_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PAGE_ONE upright; PAGE_TWO turned by /Rotate 90 with a CropBox offset from the
    MediaBox (both change where things are on the page as shown)."""
    folder = tmp_path_factory.mktemp("text-pdf")
    return write_text_pdf(
        folder / "text.pdf",
        [PAGE_ONE, PAGE_TWO],
        rotations={1: ROTATION},
        cropboxes={1: CROPBOX},
    )


@pytest.fixture(scope="session")
def viewers_pdf(tmp_path_factory: pytest.TempPathFactory, text_pdf: Path) -> Annotated:
    folder = tmp_path_factory.mktemp("viewers")
    dest = folder / "annotated-elsewhere.pdf"
    return Annotated(dest, annotate_like_viewers(text_pdf, dest))


@pytest.fixture(scope="session")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    """A generated two-column paper (tests/reader/papers.py) of six pages."""
    return make_paper(tmp_path_factory.mktemp("paper") / "paper.pdf", 6)
