"""Start-up: the real entry point opens the window on a data directory and quits when shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListView, QWidget

from app.ui.launch import SHOWN_TIMEOUT_MS, run_window
from app.ui.ui_state import STATE_FILE_NAME
from app.ui.week_list import WeekListModel

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import sys
from app.ui.launch import run_window
code = run_window(sys.argv[1], exit_when_shown=True)
heavy = sorted(m for m in ("requests", "fitz", "pymupdf", "urllib3") if m in sys.modules)
print("heavy:", ",".join(heavy))
sys.exit(code)
"""


class _StartUpWatch(QObject):
    """Counts the week list's paints, and whether start-up's fallback timer ever fired."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0
        self.fallback_fired = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            view = watched.parent()
            if isinstance(view, QListView) and isinstance(view.model(), WeekListModel):
                self.paints += 1
        elif (
            event.type() == QEvent.Type.Timer
            and isinstance(watched, QTimer)
            and watched.interval() == SHOWN_TIMEOUT_MS
        ):
            self.fallback_fired = True
        return False


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_window_opens_and_quits_when_shown(data_dir: Path, qapp: QApplication) -> None:
    watch = _StartUpWatch()
    qapp.installEventFilter(watch)
    try:
        assert run_window(data_dir, exit_when_shown=True) == 0
    finally:
        qapp.removeEventFilter(watch)
    # It quit because the term was on screen, not because the fallback gave up waiting.
    assert watch.paints >= 1 and not watch.fallback_fired
    assert (data_dir / STATE_FILE_NAME).is_file()  # closing saved the layout


def test_start_up_leaves_the_network_and_pdf_stacks_unloaded(tmp_path: Path) -> None:
    result = _run("-c", _PROBE, str(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert "heavy: \n" in result.stdout, result.stdout


def test_the_command_opens_the_window(tmp_path: Path) -> None:
    result = _run("-m", "app", "--data-dir", str(tmp_path / "d"), "--exit-when-shown")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "d" / STATE_FILE_NAME).is_file()
