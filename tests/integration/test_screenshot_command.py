"""``study-companion screenshot`` renders the window offscreen to a PNG, or says why not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(data), "screenshot", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_week_is_rendered_to_a_png_of_the_asked_size(tmp_path: Path) -> None:
    out = tmp_path / "shots" / "week3.png"
    result = run(str(out), "--week", "3", "--size", "1000x700", data=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)
    assert len({image.pixel(x, 350) for x in range(0, 1000, 25)}) > 3  # drawn, not blank


def test_a_reading_without_its_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    result = run(str(tmp_path / "x.png"), "--reading", "9dd86b05175a", data=tmp_path / "data")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert lines == [
        "study-companion: reading 9dd86b05175a has no PDF here yet: download or attach it first"
    ]
    assert not (tmp_path / "x.png").exists()
