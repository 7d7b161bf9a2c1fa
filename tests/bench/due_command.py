"""``study-companion due`` end to end, against starting Python and doing nothing.

The subject is a new process that reads the review deadlines from an existing database and
prints them; the baseline, ``python -c pass``, is the interpreter's own start-up, which no
command can beat. The warm-up run creates the database (and imports the embedded syllabus),
so the timed runs measure the everyday case.

A third process, the floor, imports just the standard modules ``due`` needs (``FLOOR``) and
exits: what the command costs before a line of ours runs. ``due`` against the floor is the gap
this code owns. All three are timed in the same rounds.
"""

from __future__ import annotations

import sys

from tests.bench._harness import Figure, fresh_data_dir, medians

GOAL = "ratio <= 4"
DEFAULT_RUNS = 20
# The standard library `due` cannot do without (found with `python -X importtime`): the
# command line, the database, dates in the course's time zone, the domain's records (frozen
# dataclasses and enums), JSON (settings' values, --json), logging, paths and typing, which
# our modules import for their annotations. What these import in turn comes with them.
FLOOR = (
    "argparse",
    "sqlite3",
    "datetime",
    "zoneinfo",
    "dataclasses",
    "enum",
    "json",
    "logging",
    "pathlib",
    "typing",
)


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    with fresh_data_dir() as data_dir:
        subject = [sys.executable, "-m", "app", "--data-dir", data_dir, "due"]
        baseline = [sys.executable, "-c", "pass"]
        floor = [sys.executable, "-c", f"import {', '.join(FLOOR)}"]
        subject_seconds, baseline_seconds, floor_seconds = medians([subject, baseline, floor], runs)
    return [
        Figure.compared(
            "due command vs python -c pass", subject_seconds, baseline_seconds, goal=GOAL
        ),
        Figure.compared(
            "floor: due's standard modules vs python -c pass", floor_seconds, baseline_seconds
        ),
        Figure.compared(
            "due command vs the floor (the gap we own)", subject_seconds, floor_seconds
        ),
    ]
