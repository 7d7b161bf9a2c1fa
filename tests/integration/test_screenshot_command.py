"""``study-companion screenshot`` renders the window offscreen to a PNG, or says why not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from app.domain.annotation import DEFAULT_PALETTE
from app.domain.reading_id import reading_id
from app.services.app_services import AppServices
from tests.gui.annotation_scene import FIRST_MARKS, WEEK, annotated_week

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


# -- views ---------------------------------------------------------------------------------------


def other_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """What the command wrote to stderr, without the offscreen platform's notices."""
    return [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]


def colours_in(image: QImage) -> set[str]:
    """The exact colours of a picture's pixels, as #rrggbb (every second pixel is plenty)."""
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_an_unknown_view_is_refused_in_one_line_naming_the_views(tmp_path: Path) -> None:
    result = run(str(tmp_path / "x.png"), "--view", "gallery", data=tmp_path / "data")
    assert result.returncode == 1
    [line] = other_lines(result)
    prefix = "study-companion: there is no view 'gallery': choose one of "
    assert line.startswith(prefix)
    assert set(line.removeprefix(prefix).split(", ")) == {
        *("term", "reader", "annotations", "review", "due", "outbox"),
        *("welcome", "settings", "about", "shortcuts", "damaged-database"),
    }
    assert not (tmp_path / "x.png").exists()


def test_the_reader_view_needs_a_reading(tmp_path: Path) -> None:
    result = run(str(tmp_path / "x.png"), "--view", "reader", data=tmp_path / "data")
    assert result.returncode == 1
    assert other_lines(result) == ["study-companion: --view reader needs --reading ID"]


def test_the_annotations_views_show_every_colour_the_student_used(
    services: AppServices, fresh_data: Path, tmp_path: Path
) -> None:
    first = annotated_week(services, tmp_path / "pdfs")[0]
    services.close()  # the command opens the data directory itself
    used = {mark.colour for mark in FIRST_MARKS}
    assert used == {entry.colour for entry in DEFAULT_PALETTE}
    shots = tmp_path / "shots"

    def shoot(name: str, *args: str) -> QImage:
        out = shots / f"{name}.png"
        result = run(str(out), "--size", "1000x640", "--week", str(WEEK), *args, data=fresh_data)
        assert result.returncode == 0, result.stderr
        return QImage(str(out))

    term = shoot("term", "--view", "term")
    week = shoot("week", "--view", "annotations")
    # The week pane scrolled to "Your annotations": each colour's swatch, as it is stored.
    assert used <= colours_in(week)
    assert not used <= colours_in(term)  # the term view starts at the top of the week
    reader = shoot("reader", "--view", "reader", "--reading", first.reading_id)
    panel = shoot("panel", "--view", "annotations", "--reading", first.reading_id)
    assert (panel.width(), panel.height()) == (1000, 640)
    assert reader != panel  # the same tab, with the annotation panel beside the pages


def alarm_red_pixels(image: QImage) -> int:
    """Pixels of a strong red, as the Due view draws overdue reviews (and nothing else here)."""
    count = 0
    for x in range(0, image.width(), 2):
        for y in range(0, image.height(), 2):
            colour = QColor(image.pixel(x, y))
            count += colour.red() > 150 and colour.green() < 90 and colour.blue() < 90
    return count


def test_now_pictures_the_term_as_of_that_moment(tmp_path: Path) -> None:
    """--now stops the clock: mid-term, weeks 2-6 are overdue (in red); today, the 2022 term
    is long over and nothing is an alarm."""
    mid_term, today = tmp_path / "mid-term.png", tmp_path / "today.png"
    for out, extra in ((mid_term, ("--now", "2022-03-10T12:00-08:00")), (today, ())):
        result = run(str(out), "--view", "due", "--theme", "light", *extra, data=tmp_path / "d")
        assert result.returncode == 0, result.stderr

    assert alarm_red_pixels(QImage(str(mid_term))) > 100
    assert alarm_red_pixels(QImage(str(today))) == 0
