"""A run of the app that annotates a reading through its window, then waits to be killed.

``test_annotation_persistence`` starts it in a process of its own over a prepared data
directory: it builds the main window (offscreen), opens the reading in its tab, makes a
highlight, a note with a comment and a pen stroke with real mouse and key events, prints
``done`` and waits in the event loop, as the app waits for the student's next move. The test
then kills it with SIGKILL (no chance to save anything) and reads the database.

    python -m tests.reader.annotating.annotate_then_wait DATA_DIR READING_ID
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.app_services import open_services
from app.ui.launch import build_main_window
from tests.reader import expected
from tests.reader.annotating.gestures import stroke
from tests.reader.helpers import click, drag, on_page

HIGHLIGHTED = slice(40, 46)  # the words of page 1 dragged over with the highlighter
NOTE_AT = (40.0, 250.0)  # where the note is pinned on page 1, in points
COMMENT = "kept through a kill"
INK = [(90.0, 470.0), (110.0, 482.0), (130.0, 466.0), (150.0, 488.0)]
WAIT_MS = 20_000


def wait_until(condition: Callable[[], bool]) -> None:
    """Run the event loop until ``condition`` holds (for at most WAIT_MS: a hang guard)."""
    waited = 0
    while not condition():
        assert waited < WAIT_MS, "gave up waiting"
        QTest.qWait(10)
        waited += 10


def main(data_dir: str, reading_id: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the tests set it; by hand, too
    app = QApplication(sys.argv[:1])
    services = open_services(data_dir)
    window = build_main_window(services)
    window.resize(1200, 900)
    window.show()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    [item] = [item for item in services.library.items() if item.reading.id == reading_id]
    assert item.entry.path is not None
    tab = window.tabs.open_reading(reading_id, item.reading.title, item.entry.path)
    annotating = tab.annotating
    assert annotating is not None
    wait_until(lambda: annotating.layer.loaded)  # the first page is up

    words = expected.words(tab.path, 0)[HIGHLIGHTED]
    QTest.keyClick(tab.view, Qt.Key.Key_H)
    drag(tab, on_page(tab, 0, *words[0].centre), on_page(tab, 0, *words[-1].centre))
    QTest.keyClick(tab.view, Qt.Key.Key_N)
    click(tab, on_page(tab, 0, *NOTE_AT))
    editor = annotating.editors.comment_editor
    assert editor is not None
    QTest.keyClicks(editor.field, COMMENT)
    QTest.keyClick(editor.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(tab.view, Qt.Key.Key_P)
    stroke(tab, 0, INK)
    print("done", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
