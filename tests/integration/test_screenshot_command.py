"""``study-companion screenshot`` renders the window offscreen to a PNG, or says why not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from app.domain.reading_id import reading_id

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


def shoot_week(week: int, tmp_path: Path) -> QImage:
    out = tmp_path / "shots" / f"week{week}.png"
    result = run(str(out), "--week", str(week), "--size", "1000x700", data=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    return QImage(str(out))


def test_a_week_is_rendered_to_a_png_of_the_asked_size(tmp_path: Path) -> None:
    week_3, week_8 = shoot_week(3, tmp_path), shoot_week(8, tmp_path)
    assert (week_3.width(), week_3.height()) == (1000, 700)
    assert (week_8.width(), week_8.height()) == (1000, 700)
    # The asked week is what the picture shows: another week gives another picture (a blank
    # or a fixed image would be the same for both).
    assert week_3 != week_8


def test_a_reading_without_its_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    # Week 3's first paper, as the course page links it.
    mixed_precision = reading_id(
        "https://openreview.net/pdf?id=r1gs9JgRZ", "Mixed precision training."
    )
    result = run(str(tmp_path / "x.png"), "--reading", mixed_precision, data=tmp_path / "data")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert lines == [
        f"study-companion: reading {mixed_precision} has no PDF here yet: "
        "download or attach it first"
    ]
    assert not (tmp_path / "x.png").exists()
