"""Open a paper to its first page visible, against raw PyMuPDF doing the same work.

The subject is what a student waits for: a ``ReaderTab`` is built and shown on a 1200 x 900
window, opens the PDF on its worker thread, renders page 1 at fit width and paints it (the
view's ``page_painted`` signal). The baseline, in the same process, is the least any PyMuPDF +
Qt reader must do: ``pymupdf.open`` + render page 1 at the same scale + conversion to a
``QImage``. Runs alternate (ABBA), each after one warm-up; medians are compared. Both the
14-page and the 300-page paper are measured (the reader also reads every page's size).

``python -m tests.bench.reader_open --measure PATH --runs N`` is the child that measures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from tests.bench._harness import Figure
from tests.bench._reader import papers, run_child, wait_for

GOAL = "ratio <= 2"
DEFAULT_RUNS = 20
WINDOW = (1200, 900)


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    figures = []
    with papers(14, 300) as made:
        for count, path in made.items():
            result = run_child("tests.bench.reader_open", [str(path), "--runs", str(runs)])
            figures.append(
                Figure.compared(
                    f"open {count}-page paper to first page visible vs PyMuPDF open+render+QImage",
                    result["subject"],
                    result["baseline"],
                    goal=GOAL,
                )
            )
    return figures


def _measure(path: Path, runs: int) -> dict[str, float]:
    import pymupdf
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from app.services.reader import ReaderService
    from app.ui.reader.reader_tab import ReaderTab

    app = QApplication(sys.argv[:1])
    service = ReaderService()
    scale = 1.0

    def subject() -> float:
        nonlocal scale
        started = time.perf_counter()
        tab = ReaderTab(service, path)
        tab.resize(*WINDOW)
        tab.show()
        wait_for(lambda: 0 in tab.view.painted_pages)
        elapsed = time.perf_counter() - started
        scale = tab.view.layout_.scale(tab.view.dpr)
        tab.close()
        tab.deleteLater()
        app.processEvents()
        return elapsed

    def baseline() -> float:
        started = time.perf_counter()
        document = pymupdf.open(path)  # type: ignore[no-untyped-call]
        pixmap = document[0].get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        image = QImage(
            pixmap.samples, pixmap.width, pixmap.height, pixmap.stride, QImage.Format.Format_RGB888
        ).convertToFormat(QImage.Format.Format_RGB32)
        elapsed = time.perf_counter() - started
        assert not image.isNull()
        document.close()
        return elapsed

    subject()  # warm-up: fonts, Qt's first widgets; also learns the scale shown
    baseline()
    # The first open starts the render process (pages are drawn here until it is up, ~0.3 s):
    # later opens, the ones measured, find it running.
    from app.pdf import render_process

    wait_for(lambda: render_process.shared().ready)
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for index in range(runs):
        if index % 2 == 0:
            subject_times.append(subject())
            baseline_times.append(baseline())
        else:
            baseline_times.append(baseline())
            subject_times.append(subject())
    return {
        "subject": statistics.median(subject_times),
        "baseline": statistics.median(baseline_times),
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
