"""A student who types a review in the window until the program is killed, for the SIGKILL test.

``type_until_killed(data_dir, text)`` starts the child below, waits for it to say ``saved``,
SIGKILLs it and returns. The child, ``python -m tests.gui.review_until_killed DATA_DIR TEXT``,
builds the window offscreen over DATA_DIR, opens week 8's review in the Review dock, types TEXT
into its Summary with key events, waits for the autosave's ``saved`` signal, prints ``saved``
and runs its event loop until it is killed: what it said was saved must be in the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.integration.cli_process import environment

REPO = Path(__file__).resolve().parent.parent.parent
WEEK = 8


def type_until_killed(data_dir: Path, text: str) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", __name__, str(data_dir), text],
        cwd=REPO,
        env={**environment(), "QT_QPA_PLATFORM": "offscreen"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child prints (or ends)
        assert line == "saved\n", f"the child said {line!r}"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        _rest, errors = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, errors


def main(data_dir: str, text: str) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(["study-companion"])
    from app.services.app_services import open_services
    from app.ui.launch import build_main_window

    services = open_services(Path(data_dir))
    window = build_main_window(services)
    window.show()
    assert window.review.open_week(WEEK)
    editor = window.review.editor
    editor.autosave.setInterval(30)
    summary = next(
        field.findChild(QPlainTextEdit)
        for field in editor.fields
        if field.question.title == "Summary"
    )
    assert summary is not None
    editor.saved.connect(lambda _week: print("saved", flush=True))

    def type_it() -> None:
        summary.setFocus()
        QTest.keyClicks(summary, text)

    QTimer.singleShot(0, type_it)
    return app.exec()  # until killed


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
