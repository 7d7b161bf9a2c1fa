"""Cold start to the main window shown with the term loaded, against a bare PySide6 window.

Each run is a new process (that is what "cold" means here; the OS file cache stays warm):
``python -m app --data-dir DIR --exit-when-shown`` quits as soon as its main window is shown
with the term loaded. The data directory follows the term at its own pace from the coming
Monday (``schedule shift``), so review deadlines lie ahead and the window opens with the Due
view above the weeks, as it does for a student during the term. The baseline,
``python -m tests.bench.bare_window``, imports QtWidgets, shows an empty QMainWindow and quits
the same way, so the ratio is what the app adds on top of Qt. Both run on the offscreen
platform. The warm-up run creates the database.
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from tests.bench._harness import Figure, compare, fresh_data_dir, run_once

GOAL = "ratio <= 2.5"
DEFAULT_RUNS = 10
QT_ENV = {"QT_QPA_PLATFORM": "offscreen"}


def coming_monday(today: date) -> date:
    """The next Monday after ``today`` (a week ahead on a Monday): every review is ahead."""
    return today + timedelta(days=7 - today.weekday())


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    with fresh_data_dir() as data_dir:
        app = [sys.executable, "-m", "app", "--data-dir", data_dir]
        start = coming_monday(date.today()).isoformat()
        run_once([*app, "schedule", "shift", "--start", start])
        subject = [*app, "--exit-when-shown"]
        baseline = [sys.executable, "-m", "tests.bench.bare_window"]
        subject_seconds, baseline_seconds = compare(subject, baseline, runs, env=QT_ENV)
    return [
        Figure.compared(
            "window shown with term and Due view vs bare window",
            subject_seconds,
            baseline_seconds,
            goal=GOAL,
        )
    ]
