"""Start-up: the real entry point opens the window on a data directory and quits when shown."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from app.ui.launch import run_window
from app.ui.ui_state import STATE_FILE_NAME

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import sys
from app.ui.launch import run_window
code = run_window(sys.argv[1], exit_when_shown=True)
heavy = sorted(m for m in ("requests", "fitz", "pymupdf", "urllib3") if m in sys.modules)
print("heavy:", ",".join(heavy))
sys.exit(code)
"""


def test_run_window_opens_and_quits_when_shown(data_dir: Path) -> None:
    started = time.monotonic()
    assert run_window(data_dir, exit_when_shown=True) == 0
    assert time.monotonic() - started < 10  # the fallback timer is 10 s: it painted before
    assert (data_dir / STATE_FILE_NAME).is_file()  # closing saved the layout


def test_start_up_leaves_the_network_and_pdf_stacks_unloaded(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path / "data")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "heavy: \n" in result.stdout, result.stdout


def test_the_command_opens_the_window(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "d"), "--exit-when-shown"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "d" / STATE_FILE_NAME).is_file()
