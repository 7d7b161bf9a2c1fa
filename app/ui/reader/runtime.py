"""A process-wide setting the reader needs to stay smooth.

``freeze_startup_heap``: Python's full garbage collections walk every object the process
holds, Qt's and PyMuPDF's wrappers and all modules included: 10-15 ms measured here, on the GUI
thread or in the middle of the worker's job, felt as a stall while scrolling. Objects alive once
the first document is open live as long as the app; ``gc.freeze`` takes them out of those walks.
Called once, after the first reading opens.

(PySide6 6.12.0's reference-counting bug on Python 3.11, which once needed a guard here, is
kept out by the version range in pyproject.toml.)
"""

from __future__ import annotations

import gc

_frozen = False


def freeze_startup_heap() -> None:
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
