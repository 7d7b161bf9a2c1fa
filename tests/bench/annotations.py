"""Export 500 annotations into a copy of a 30-page paper, against raw PyMuPDF doing the same.

The subject is what "Export annotated PDF" costs a student: ``export_annotated_copy`` with 500
annotations of mixed kinds (highlights, underlines, strike-outs, squigglies over real words,
sticky notes, ink, text boxes) spread over a generated 30-page paper (tests/reader/papers.py).
It hashes the source, opens it as the reader does, looks for annotations to replace, writes
each one (colour, author, comment, dates, /NM, appearance stream), saves with garbage
collection and compression to a temporary file, fsyncs it and renames it into place.

The baseline, in the same process, is the least any PyMuPDF program must do for the same copy:
open, the same ``add_*_annot`` calls with the same colours, opacity, author, comment and dates,
``update()`` for the appearance streams, and ``save`` with the same options (so the figure is
not about compression). Runs alternate (ABBA), each side after one warm-up; the figures are the
medians, and the slowest run of each side (a student notices the slow one).

``python -m tests.bench.annotations --measure PAPER --runs N`` is the child that measures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.bench._harness import Figure, alternately
from tests.bench._reader import papers, run_child

GOAL = "ratio <= 1.5"
DEFAULT_RUNS = 10
PAGES = 30
COUNT = 500
# Kinds in the proportions a student uses them: mostly highlights, some of everything else.
MIX = ("highlight",) * 12 + ("underline", "strikeout", "squiggly", "note", "note", "ink", "text")
COLOURS = ((1.0, 0.83, 0.0), (0.37, 0.7, 0.21), (1.0, 0.4, 0.4), (0.18, 0.66, 0.9))
AUTHOR = "Ada Student"
WHEN = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    with papers(PAGES) as made:
        result = run_child("tests.bench.annotations", [str(made[PAGES]), "--runs", str(runs)])
    name = f"export {COUNT} annotations on a {PAGES}-page paper vs raw PyMuPDF add+save"
    return [
        Figure.compared(name, result["subject"], result["baseline"], goal=GOAL),
        Figure.compared(
            f"{name}, slowest of {runs} runs",
            result["subject_worst"],
            result["baseline_worst"],
            goal=GOAL,
        ),
    ]


def _plan(path: Path) -> list[tuple[str, int, tuple[float, float, float, float], int]]:
    """(kind, page, box, colour index) for each annotation: markup boxes are runs of two to
    four words of one line, as PyMuPDF lists them; the others sit at a word's corner."""
    import pymupdf

    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    plan = []
    try:
        for number in range(COUNT):
            page = number % PAGES
            words = document[page].get_text("words")
            start = (number * 37) % (len(words) - 4)
            line = [w for w in words[start : start + 4] if w[5:7] == words[start][5:7]]
            box = (
                min(w[0] for w in line),
                min(w[1] for w in line),
                max(w[2] for w in line),
                max(w[3] for w in line),
            )
            plan.append((MIX[number % len(MIX)], page, box, number % len(COLOURS)))
    finally:
        document.close()
    return plan


def _annotations(path: Path, plan: list[Any]) -> list[Any]:
    """The plan as the app's annotations of the paper (its sha256)."""
    import hashlib

    from app.domain.annotation import Annotation, AnnotationKind
    from app.domain.annotation_geometry import Point, Quad, Rect, Stroke

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    kinds = {kind.value: kind for kind in AnnotationKind} | {"text": AnnotationKind.FREETEXT}
    made = []
    for number, (kind, page, (x0, y0, x1, y1), colour) in enumerate(plan):
        red, green, blue = (round(channel * 255) for channel in COLOURS[colour])
        geometry: dict[str, Any] = {}
        if kind in ("highlight", "underline", "strikeout", "squiggly"):
            geometry["quads"] = (Quad.from_rect(Rect(x0, y0, x1, y1)),)
        elif kind == "ink":
            points = (Point(x0, y1), Point((x0 + x1) / 2, y0), Point(x1, y1))
            geometry["strokes"] = (Stroke(points, width=2.0),)
        else:
            geometry["rect"] = (
                Rect(x0, y0, x0 + 18, y0 + 18)
                if kind == "note"
                else (Rect(x0, y0, x0 + 150, y0 + 30))
            )
        made.append(
            Annotation(
                id=f"bench-{number:04d}",
                reading_id="0123456789ab",
                pdf_sha256=digest,
                page=page,
                kind=kinds[kind],
                colour=f"#{red:02x}{green:02x}{blue:02x}",
                created=WHEN,
                modified=WHEN,
                author=AUTHOR,
                comment=f"comment {number}",
                text=f"box {number}" if kind == "text" else "",
                **geometry,
            )
        )
    return made


def _raw(source: Path, plan: list[Any], dest: Path) -> None:
    """The same annotations with PyMuPDF alone: add, colour, describe, update, save."""
    import pymupdf

    stamp = WHEN.strftime("D:%Y%m%d%H%M%SZ")
    document: Any = pymupdf.open(source)  # type: ignore[no-untyped-call]
    try:
        for number, (kind, page_number, box, colour) in enumerate(plan):
            page = document[page_number]
            rect = pymupdf.Rect(*box)
            rgb = COLOURS[colour]
            if kind == "note":
                annot = page.add_text_annot(rect.tl, f"comment {number}", icon="Note")
            elif kind == "ink":
                middle = ((rect.x0 + rect.x1) / 2, rect.y0)
                annot = page.add_ink_annot([[tuple(rect.bl), middle, tuple(rect.br)]])
                annot.set_border(width=2.0)
            elif kind == "text":
                area = pymupdf.Rect(rect.x0, rect.y0, rect.x0 + 150, rect.y0 + 30)
                annot = page.add_freetext_annot(
                    area, f"box {number}", fontsize=11, text_color=(0, 0, 0), fill_color=rgb
                )
            else:
                add = getattr(page, f"add_{kind}_annot")
                annot = add(quads=[rect.quad])
                if kind == "highlight":
                    annot.set_opacity(0.5)
            if kind != "text":
                annot.set_colors(stroke=rgb)
            annot.set_info(
                title=AUTHOR, content=f"comment {number}", creationDate=stamp, modDate=stamp
            )
            annot.update()
        document.save(dest, garbage=1, deflate=True)
    finally:
        document.close()


def _count(path: Path) -> int:
    """How many annotations PyMuPDF finds in the PDF at ``path``."""
    import pymupdf

    document: Any = pymupdf.open(path)  # type: ignore[no-untyped-call]
    try:
        return sum(len(list(page.annots())) for page in document)
    finally:
        document.close()


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _measure(paper: Path, runs: int) -> dict[str, float]:
    from app.pdf.annotations import export_annotated_copy

    plan = _plan(paper)
    annotations = _annotations(paper, plan)
    with tempfile.TemporaryDirectory(prefix="study-companion-export-") as folder:
        ours, theirs = Path(folder) / "ours.pdf", Path(folder) / "theirs.pdf"

        def subject() -> float:
            report: list[Any] = []
            elapsed = _timed(lambda: report.append(export_annotated_copy(paper, annotations, ours)))
            assert len(report[0].exported) == COUNT, report[0].skipped[:3]
            return elapsed

        def baseline() -> float:
            return _timed(lambda: _raw(paper, plan, theirs))

        subject()  # warm-up: fonts, PyMuPDF's first annotations
        baseline()
        subjects, baselines = alternately(subject, baseline, runs)
        assert _count(ours) == _count(theirs) == COUNT, "the two copies differ"
    return {
        "subject": statistics.median(subjects),
        "baseline": statistics.median(baselines),
        "subject_worst": max(subjects),
        "baseline_worst": max(baselines),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    args = parser.parse_args()
    print(json.dumps(_measure(args.measure, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
