"""``study-companion due`` end to end, against starting Python and doing nothing.

The subject is a new process that reads the review deadlines from an existing database and
prints them; the baseline, ``python -c pass``, is the interpreter's own start-up, which no
command can beat. The warm-up run creates the database (and imports the embedded syllabus),
so the timed runs measure the everyday case.
"""

from __future__ import annotations

import sys

from tests.bench._harness import Figure, compare, fresh_data_dir

GOAL = "ratio <= 4"
DEFAULT_RUNS = 20


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    with fresh_data_dir() as data_dir:
        subject = [sys.executable, "-m", "app", "--data-dir", data_dir, "due"]
        baseline = [sys.executable, "-c", "pass"]
        subject_seconds, baseline_seconds = compare(subject, baseline, runs)
    return [
        Figure.compared(
            "due command vs python -c pass", subject_seconds, baseline_seconds, goal=GOAL
        )
    ]
