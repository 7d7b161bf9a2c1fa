"""Make README's picture of the annotation panel: a generated two-column paper attached to week
8's first reading, annotated in every colour through the services, then shot by the app itself.

    .venv/bin/python -m tests.gui.annotation_screenshot docs/screenshots/annotations.png

The quotes are runs of words read from the paper's own lines (PyMuPDF), so each is on its
page; the shot is ``study-companion screenshot --view annotations --reading ID``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pymupdf

from app.domain.annotation import AnnotationKind
from app.domain.annotation_geometry import Point, Stroke
from app.services.app_services import open_services
from tests.gui.annotation_scene import KEY_IDEA, METHOD, QUESTION, STRENGTH, WEAKNESS, WEEK
from tests.reader.papers import MARGIN, make_paper

# (page, line number in the page's body, kind, colour, comment)
MARKS = (
    (0, 2, AnnotationKind.HIGHLIGHT, KEY_IDEA, "The core claim: the model replaces the index."),
    (0, 5, AnnotationKind.HIGHLIGHT, METHOD, ""),
    (0, 9, AnnotationKind.UNDERLINE, WEAKNESS, "Only measured on read-only workloads?"),
    (0, 14, AnnotationKind.HIGHLIGHT, STRENGTH, "Big win on memory; cite in the review."),
    (1, 3, AnnotationKind.SQUIGGLY, QUESTION, "What happens on inserts?"),
)


def body_lines(path: Path, page: int) -> list[str]:
    """The page's lines of body text (below the title block), as PyMuPDF reads them."""
    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        words = document[page].get_text("words")
    finally:
        document.close()
    lines: dict[tuple[int, int], list[str]] = {}
    for _x0, y0, _x1, _y1, text, block, line, _number in words:
        if y0 > MARGIN + 84:
            lines.setdefault((block, line), []).append(text)
    return [" ".join(found) for found in lines.values() if len(found) >= 7]


def build(data_dir: Path) -> str:
    """The data directory with the annotated reading; returns the reading's id."""
    services = open_services(data_dir)
    try:
        reading = services.course.readings(WEEK)[0].reading
        paper = make_paper(data_dir / "paper.pdf", 6)
        services.library.attach(reading.id, paper.path)
        for page, line, kind, colour, comment in MARKS:
            quote = " ".join(body_lines(paper.path, page)[line].split()[1:6])
            services.annotations.add_by_quote(
                reading.id, page=page, quote=quote, kind=kind, colour=colour, comment=comment
            )
        services.annotations.add_at(  # a note in the right margin
            reading.id,
            page=0,
            x=562,
            y=300,
            colour=QUESTION,
            comment="Compare with the B-tree baseline in section 4.",
        )
        bracket = Stroke(  # a pen bracket in the left margin, beside the first paragraph
            (Point(50, 150), Point(44, 152), Point(43, 190), Point(44, 228), Point(50, 230)),
            width=1.5,
        )
        services.annotations.create(
            reading.id, page=0, kind=AnnotationKind.INK, colour=WEAKNESS, strokes=(bracket,)
        )
        return reading.id
    finally:
        services.close()


def main(out: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        reading_id = build(data_dir)
        command = [sys.executable, "-m", "app", "--data-dir", str(data_dir), "screenshot", out]
        command += ["--view", "annotations", "--reading", reading_id, "--size", "1280x800"]
        return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
