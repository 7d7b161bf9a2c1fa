"""Annotating in the reader: the longest stall while highlighting, and opening a reading full of
annotations, each against a baseline measured in the same run.

The parent generates a 30-page paper (tests/reader/papers.py) and prepares one data directory:
the paper attached to a few readings of the term, one of which gets 500 annotations of mixed
kinds through ``services.annotations.create`` (where and what as in ``annotations.py``: 12
highlights in every 19, the other kinds once or twice, quotes from the words marked). Each
child opens the app's services over it as the app does (reads only; SQLAlchemy loads on the
first write) and shows a 1200 x 900 ``ReaderTab`` that annotates the reading.

Stall: the reader's own path, with QTest's mouse events on the page view's viewport. H takes
the highlighter; then, 200 times, the view scrolls on (three 16 ms steps: the 30 pages pass over
the session), the pointer comes to a run of three words of one line on screen, rests three
frames, presses, drags over them in four moves and lets go: the event filter, the selection,
``services.annotations.create`` (stored before it returns), the repaint. A 1 ms timer beats on
the GUI thread throughout; the longest gap between beats, less the beat's own millisecond, is
the stall (as ``reader_scroll`` measures it). Baseline: the same session with the Select tool
(the same gestures select the same text; nothing is stored). One process per session, sessions
in ABBA order, the worst of each side reported; the longest gap ending in each kind of gesture
(the first release apart: it makes the session's first write) goes to stderr.

Open: a new tab over the reading with 500 annotations until its first page is drawn with them
(a probe overlay, painted after the annotation layer's), against the same file attached to a
reading with none; one warm-up each, then N runs each in ABBA order, medians compared.

``python -m tests.bench.annotations_reader --measure stall|open DATA_DIR READING...`` is the
child that measures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.bench._harness import Figure, alternately, fresh_data_dir
from tests.bench._reader import papers, run_child, wait_for
from tests.bench.annotations import COUNT, PAGES, _plan

MODULE = "tests.bench.annotations_reader"
DEFAULT_RUNS = 20  # opens of each side; the stall takes min(runs, STALL_SESSIONS) sessions each
STALL_SESSIONS = 2
HIGHLIGHTS = 200
WINDOW = (1200, 900)
FRAME_MS = 16
SCROLL_STEPS = 3  # frames of scrolling before each highlight
REST_FRAMES = 3  # the pointer rests on the first word before pressing
DRAG_MOVES = 4
RUN_WORDS = 3
EDGE_PIXELS = 40  # words this close to the viewport's edge are not aimed at
# What the driver did last when a gap ended; the first release stores the session's first write.
GESTURES = ("scroll", "hover", "rest", "press", "drag", "first release", "release")


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    sessions = max(1, min(runs, STALL_SESSIONS))
    with papers(PAGES) as made, fresh_data_dir() as data:
        readings = _prepare(Path(data), made[PAGES], 2 + 2 * sessions)
        annotated, bare, fresh = readings[0], readings[1], iter(readings[2:])

        def session(tool: str) -> dict[str, float]:
            return run_child(MODULE, ["stall", data, next(fresh), "--tool", tool])

        highlighting, selecting = alternately(
            lambda: session("highlight"), lambda: session("select"), sessions
        )
        opened = run_child(MODULE, ["open", data, annotated, bare, "--runs", str(runs)])
    worst = max(highlighting, key=lambda result: result["stall_ms"])
    base = max(selecting, key=lambda result: result["stall_ms"])
    for side, result in (("highlight", worst), ("select", base)):
        gaps = ", ".join(f"{name} {result[name]:.1f}" for name in GESTURES)
        print(f"longest gap (ms) after each gesture, {side}: {gaps}", file=sys.stderr)
    return [
        Figure.compared(
            f"longest GUI stall creating {HIGHLIGHTS} highlights and scrolling"
            " vs selecting the same text (worst session)",
            worst["stall_ms"],
            base["stall_ms"],
            unit="ms",
            goal=f"value <= {FRAME_MS}",
        ),
        Figure.compared(
            f"open with {COUNT} annotations to first page drawn with them vs none",
            opened["subject"],
            opened["baseline"],
            goal="ratio <= 1.2",
        ),
    ]


# -- the data directory (parent) ----------------------------------------------------------------


def _prepare(data_dir: Path, paper: Path, count: int) -> list[str]:
    """Attach ``paper`` to ``count`` readings; the first gets the 500 annotations."""
    from app.domain.annotation import DEFAULT_PALETTE, AnnotationKind
    from app.domain.annotation_geometry import Point, Quad, Rect, Stroke
    from app.services.app_services import open_services

    services = open_services(data_dir)
    try:
        readings = [item.reading.id for item in services.library.items()][:count]
        assert len(readings) == count, "the embedded syllabus has too few readings"
        for reading_id in readings:
            services.library.attach(reading_id, paper)
        kinds = {kind.value: kind for kind in AnnotationKind} | {"text": AnnotationKind.FREETEXT}
        words = _words(paper)
        for number, (kind, page, (x0, y0, x1, y1), colour) in enumerate(_plan(paper)):
            geometry: dict[str, Any] = {}
            if kind in ("highlight", "underline", "strikeout", "squiggly"):
                geometry["quads"] = (Quad.from_rect(Rect(x0, y0, x1, y1)),)
                inside = [w[4] for w in words[page] if x0 <= w[0] and w[2] <= x1 and y0 <= w[1]]
                geometry["quote"] = " ".join(inside[:4])
            elif kind == "ink":
                points = (Point(x0, y1), Point((x0 + x1) / 2, y0), Point(x1, y1))
                geometry["strokes"] = (Stroke(points, width=1.5),)
            else:
                size = (18.0, 18.0) if kind == "note" else (160.0, 40.0)
                geometry["rect"] = Rect(x0, y0, x0 + size[0], y0 + size[1])
            services.annotations.create(
                readings[0],
                page=page,
                kind=kinds[kind],
                colour=DEFAULT_PALETTE[colour % len(DEFAULT_PALETTE)].colour,
                comment=f"comment {number}" if number % 3 == 0 or kind == "note" else "",
                text=f"box {number}" if kind == "text" else "",
                **geometry,
            )
        assert len(services.annotations.for_reading(readings[0])) == COUNT
    finally:
        services.close()
    return readings


def _words(paper: Path) -> list[list[tuple[Any, ...]]]:
    """PyMuPDF's words of each page: (x0, y0, x1, y1, text, block, line, word)."""
    import pymupdf

    document: Any = pymupdf.open(paper)  # type: ignore[no-untyped-call]
    try:
        return [page.get_text("words") for page in document]
    finally:
        document.close()


# -- the children -------------------------------------------------------------------------------


def _tab(services: Any, reading_id: str) -> Any:
    """A tab, not shown yet, that annotates ``reading_id`` (its library file)."""
    from app.ui.reader.reader_tab import ReaderTab

    [item] = [item for item in services.library.items() if item.reading.id == reading_id]
    tab = ReaderTab(
        services.reader,
        Path(item.entry.path),
        reading_id=reading_id,
        annotation_service=services.annotations,
        settings=services.settings,
    )
    tab.resize(*WINDOW)
    return tab


def _close(tab: Any) -> None:
    """Close the tab and delete it now, as the app's event loop would (no loop runs here, so
    ``deleteLater`` alone never frees it), then collect: each open starts from the same heap."""
    import gc

    from PySide6.QtCore import QCoreApplication, QEvent

    tab.close()
    tab.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def _measure_open(data_dir: Path, annotated: str, bare: str, runs: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from app.services.app_services import open_services

    _app = QApplication(sys.argv[:1])
    services = open_services(data_dir)

    def opened(reading_id: str, expected: int) -> float:
        started = time.perf_counter()
        tab = _tab(services, reading_id)
        layer = tab.annotating.layer
        drawn: list[float] = []

        def probe(_painter: object, geometry: Any) -> None:
            if geometry.page == 0 and layer.has_page(0) and 0 in tab.view.painted:
                drawn.append(time.perf_counter())

        tab.view.add_overlay(probe)  # after the layer's own: called once it has painted
        tab.show()
        wait_for(lambda: bool(drawn))
        wait_for(lambda: layer.loaded)  # the rest arrive from the worker, after the timing
        assert len(layer.all()) == expected, (len(layer.all()), expected)
        _close(tab)
        return drawn[0] - started

    opened(annotated, COUNT)  # warm-up: fonts, Qt's first widgets, the store's first reads
    opened(bare, 0)
    subjects, baselines = alternately(
        lambda: opened(annotated, COUNT), lambda: opened(bare, 0), runs
    )
    services.close()
    return {"subject": statistics.median(subjects), "baseline": statistics.median(baselines)}


def _measure_stall(data_dir: Path, reading_id: str, tool: str) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.services.app_services import open_services
    from app.ui.reader.annotation_tools import Tool

    app = QApplication(sys.argv[:1])
    services = open_services(data_dir)
    tab = _tab(services, reading_id)
    tab.show()
    tab.activateWindow()
    assert QTest.qWaitForWindowActive(tab)
    view, annotating = tab.view, tab.annotating
    wait_for(lambda: 0 in view.painted_pages and annotating.layer.loaded)
    wait_for(lambda: not tab.queue.busy)
    runs = _line_runs(Path(tab.path))
    if tool == "highlight":
        QTest.keyClick(view, Qt.Key.Key_H)
        assert annotating.tool is Tool.HIGHLIGHT, "H did not take the highlighter"
    rest_until = time.perf_counter() + 2.0  # a student's pause; the store's warm-up ends
    wait_for(lambda: time.perf_counter() > rest_until)

    viewport, bar = view.viewport(), view.verticalScrollBar()
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    step = max(1, round(bar.maximum() / (HIGHLIGHTS * SCROLL_STEPS)))

    def gestures() -> Iterator[str]:
        for number in range(HIGHLIGHTS):
            for _ in range(SCROLL_STEPS):
                bar.setValue(min(bar.maximum(), bar.value() + step))
                yield "scroll"
            start, end = _aim(view, runs, number)
            QTest.mouseMove(viewport, start)
            yield "hover"
            for _ in range(REST_FRAMES - 1):
                yield "rest"
            QTest.mousePress(viewport, left, none, start)
            yield "press"
            for move in range(1, DRAG_MOVES + 1):
                QTest.mouseMove(viewport, start + (end - start) * move / DRAG_MOVES)
                yield "drag"
            QTest.mouseRelease(viewport, left, none, end)
            yield "release" if number else "first release"

    clock = QElapsedTimer()
    clock.start()
    longest = dict.fromkeys(GESTURES, 0.0)  # the longest gap that ended during each gesture
    script = gestures()
    last_beat, gesture = 0.0, "scroll"

    def beat() -> None:
        nonlocal last_beat
        now = clock.nsecsElapsed() / 1e6
        if gesture:  # "" once the script is done
            longest[gesture] = max(longest[gesture], now - last_beat - 1.0)  # less its own ms
        last_beat = now

    def drive() -> None:
        nonlocal gesture
        gesture = next(script, "")

    heartbeat, driver = QTimer(), QTimer()
    for timer, interval, slot in ((heartbeat, 1, beat), (driver, FRAME_MS, drive)):
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        timer.start(interval)
    wait_for(lambda: not gesture, timeout=HIGHLIGHTS * 2.0)
    heartbeat.stop()
    driver.stop()
    made = len(services.annotations.for_reading(reading_id))
    assert made == (HIGHLIGHTS if tool == "highlight" else 0), f"{made} highlights made"
    tab.close()
    app.processEvents()
    services.close()
    return {"stall_ms": max(longest.values()), **longest}


def _line_runs(path: Path) -> list[list[tuple[float, float, float, float, float]]]:
    """Per page, every run of three words on one line, in points: the line's middle y, the
    run's x0 and x1, and the x of its first and of its last word's centre."""
    runs: list[list[tuple[float, float, float, float, float]]] = []
    for words in _words(path):
        page = []
        for index in range(len(words) - RUN_WORDS + 1):
            first, last = words[index], words[index + RUN_WORDS - 1]
            if first[5:7] == last[5:7]:
                y = (first[1] + first[3]) / 2
                page.append(
                    (y, first[0], last[2], (first[0] + first[2]) / 2, (last[0] + last[2]) / 2)
                )
        runs.append(page)
    return runs


def _aim(view: Any, runs: list[list[Any]], number: int) -> tuple[Any, Any]:
    """Viewport points of the first and last word's centres of a run well inside the view."""
    from PySide6.QtCore import QPointF

    area = view.viewport().rect().adjusted(EDGE_PIXELS, EDGE_PIXELS, -EDGE_PIXELS, -EDGE_PIXELS)
    shown = []
    for page in view.visible_pages():
        geometry = view.page_geometry(page)
        x0, y0 = geometry.to_page(QPointF(area.topLeft()))
        x1, y1 = geometry.to_page(QPointF(area.bottomRight()))
        shown += [
            (page, run)
            for run in runs[page]
            if y0 <= run[0] <= y1 and x0 <= run[1] and run[2] <= x1
        ]
    assert shown, "no words on screen to mark"
    page, (y, _x0, _x1, start, end) = shown[(number * 37) % len(shown)]
    return (
        view.page_to_viewport(page, start, y).toPoint(),
        view.page_to_viewport(page, end, y).toPoint(),
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", choices=("stall", "open"), required=True)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("readings", nargs="+")
    parser.add_argument("--tool", choices=("highlight", "select"), default="highlight")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    args = parser.parse_args()
    if args.measure == "open":
        annotated, bare = args.readings
        result = _measure_open(args.data_dir, annotated, bare, args.runs)
    else:
        result = _measure_stall(args.data_dir, args.readings[0], args.tool)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
