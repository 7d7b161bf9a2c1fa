"""Scroll a 300-page two-column paper from top to bottom at a steady pace.

The child process opens the paper in a 1200 x 900 ``ReaderTab`` (fit width, the default 256 MB
page cache) and moves the scroll bar on a 16 ms timer so that it travels at a steady five pages
a second, as a student skimming would. Meanwhile a 1 ms heartbeat timer runs on the GUI thread:
the longest gap between two beats is the longest stall the student could have felt. Each page
is timed from the moment it enters the view to the moment the view first draws it complete
(the ``page_painted`` signal). Resident memory is read before scrolling (the app's baseline,
with the paper open and its first page drawn) and at its peak afterwards.

Figures: the longest stall against a 16 ms frame, the slowest page against 100 ms, and the
peak RSS against the baseline plus the cache cap (also as growth against the cap alone); the
render process's growth against the limit of MuPDF's store there.

``python -m tests.bench.reader_scroll --measure PATH`` is the child that measures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tests.bench._harness import Figure
from tests.bench._reader import papers, rss_bytes, run_child, wait_for

PAGES = 300
PAGES_PER_SECOND = 5.0
WINDOW = (1200, 900)
FRAME_MS = 16.0
DRAWN_WITHIN_MS = 100.0
MB = 1024 * 1024


def run(runs: int = 1) -> list[Figure]:
    """One scroll per run (a run takes a minute); the worst run is reported."""
    results = []
    with papers(PAGES) as made:
        for _ in range(max(runs, 1)):
            results.append(run_child("tests.bench.reader_scroll", [str(made[PAGES])]))
    stalls = ", ".join(f"{result['stall_ms']:.1f}" for result in results)
    print(f"reader_scroll: longest stall of each run (ms): {stalls}", file=sys.stderr)
    worst = max(results, key=lambda result: result["stall_ms"])
    renderer_growth = max(
        result["renderer_peak_rss"] - result["renderer_rss"] for result in results
    )
    slowest = max(result["slowest_page_ms"] for result in results)
    peak = max(result["peak_rss"] for result in results)
    base, cap = worst["baseline_rss"], worst["cache_cap"]
    return [
        Figure.compared(
            f"longest GUI-thread stall scrolling {PAGES} pages vs a 16 ms frame",
            worst["stall_ms"],
            FRAME_MS,
            unit="ms",
            goal="ratio <= 1",
        ),
        Figure.compared(
            "slowest page drawn after entering the view vs 100 ms",
            slowest,
            DRAWN_WITHIN_MS,
            unit="ms",
            goal="ratio <= 1",
        ),
        Figure.compared(
            "peak RSS vs app baseline + cache cap",
            peak / MB,
            (base + cap) / MB,
            unit="MB",
            goal="ratio <= 1",
        ),
        Figure.compared(
            "RSS growth while scrolling vs cache cap",
            (peak - base) / MB,
            cap / MB,
            unit="MB",
            goal="ratio <= 1",
        ),
        Figure.compared(
            "render process RSS growth while scrolling vs its MuPDF store cap",
            renderer_growth / MB,
            worst["store_cap"] / MB,
            unit="MB",
            goal="ratio <= 1",
        ),
    ]


def _measure(path: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from app.pdf import render_process
    from app.pdf.render_worker import STORE_CAP_BYTES
    from app.services.reader import ReaderService
    from app.ui.reader.reader_tab import ReaderTab

    app = QApplication(sys.argv[:1])
    tab = ReaderTab(ReaderService(), path)
    renderer = render_process.shared()
    tab.resize(*WINDOW)
    tab.show()
    view = tab.view
    wait_for(lambda: 0 in view.painted_pages)
    wait_for(lambda: not tab.queue.busy)  # outline, page sizes, neighbours: all settled
    wait_for(lambda: renderer.ready)  # the first pages may have been drawn while it started
    Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM: the peak from here on
    baseline_rss = rss_bytes()
    renderer_status = Path(f"/proc/{renderer.pid}/status")
    Path(f"/proc/{renderer.pid}/clear_refs").write_text("5")
    renderer_rss = rss_bytes(status=renderer_status)

    clock = QElapsedTimer()
    clock.start()
    entered: dict[int, float] = {}
    drawn: dict[int, float] = {}
    view.page_painted.connect(lambda page: drawn.setdefault(page, clock.nsecsElapsed() / 1e6))
    for page in view.painted_pages:  # already on screen before the clock started
        drawn[page] = 0.0
    bar = view.verticalScrollBar()
    page_step = view.layout_.page_rect(1).top() - view.layout_.page_rect(0).top()
    speed = PAGES_PER_SECOND * page_step / 1000  # pixels per millisecond
    beats = {"last": 0.0, "longest": 0.0}

    def beat() -> None:
        now = clock.nsecsElapsed() / 1e6
        beats["longest"] = max(beats["longest"], now - beats["last"])
        beats["last"] = now

    def step() -> None:
        now = clock.nsecsElapsed() / 1e6
        bar.setValue(min(bar.maximum(), round(speed * now)))
        for page in view.visible_pages():
            entered.setdefault(page, now)

    heartbeat, scroller = QTimer(), QTimer()
    for timer, interval, slot in ((heartbeat, 1, beat), (scroller, 16, step)):
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        timer.start(interval)
    for page in view.visible_pages():
        entered.setdefault(page, 0.0)
    wait_for(lambda: bar.value() >= bar.maximum(), timeout=PAGES / PAGES_PER_SECOND * 3)
    end = time.perf_counter() + 0.5
    wait_for(lambda: time.perf_counter() > end)
    heartbeat.stop()
    scroller.stop()
    waits = [drawn.get(page, float("inf")) - when for page, when in entered.items()]
    never = [page for page in entered if page not in drawn]
    if never:
        print(f"pages never drawn: {never}", file=sys.stderr)
    result = {
        "stall_ms": beats["longest"] - 1.0,  # the heartbeat's own millisecond is no stall
        "slowest_page_ms": max(waits),
        "pages_entered": float(len(entered)),
        "baseline_rss": float(baseline_rss),
        "peak_rss": float(rss_bytes("VmHWM")),
        "cache_cap": float(tab.cache.cap),
        "renderer_rss": float(renderer_rss),
        "renderer_peak_rss": float(rss_bytes("VmHWM", renderer_status)),
        "store_cap": float(STORE_CAP_BYTES),
    }
    tab.close()
    app.processEvents()
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(_measure(args.measure)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
