"""Proof that the GUI thread runs while a worker waits on the network.

A timer on the GUI thread records, at each tick, how many requests the server is holding at a
gate (tests/integration/pdf_server.py). Ticks taken while requests are held happened while the
workers were provably inside blocking network calls: the event loop did not wait for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QTimer

from tests.integration.pdf_server import Gate


@contextmanager
def held_at_ticks(held: Gate) -> Iterator[list[int]]:
    """While inside: a 10 ms timer appends ``held.holding()`` to the list at each tick.

    Leaving stops the timer and opens the gate, so no request stays held after the check.
    """
    seen: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(held.holding()))
    timer.start(10)
    try:
        yield seen
    finally:
        timer.stop()
        held.open()
