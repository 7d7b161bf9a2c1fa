"""Issue 12, the command line: mistakes are refused in one clear line, empty answers are said,
and neither Qt nor MuPDF writes on the terminal. Each case runs ``python -m app`` in a
subprocess, as a student would, and reads only its exit code, output and files.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.integration.cli_process import MODULE, environment, run
from tests.reader.papers import make_paper, make_truncated

REPO = Path(__file__).resolve().parents[2]


def run_raw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The program with exactly ``args`` (the data directory is one of them, or not)."""
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [*MODULE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_a_data_dir_that_is_a_file_is_refused_in_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    for args in (["weeks"], []):  # a command, and the window
        result = run_raw("--data-dir", str(notes), *args, cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert f"--data-dir {notes} is a file, not a folder" in result.stderr
        assert notes.read_text() == "my notes\n"  # untouched


def test_an_empty_data_dir_is_refused_and_nothing_is_made(tmp_path: Path) -> None:
    before = sorted(Path(os.environ["HOME"]).rglob("*"))
    result = run_raw("--data-dir", "", "weeks", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("study-companion: --data-dir is empty")
    assert result.stderr.count("\n") == 1
    assert sorted(Path(os.environ["HOME"]).rglob("*")) == before  # no default data dir made
    assert list(tmp_path.iterdir()) == []


def test_sync_from_an_ftp_address_says_it_is_not_supported(tmp_path: Path) -> None:
    source = "ftp://example.org/course/index.md"
    for args in (["sync", "--source", source], ["syllabus", "parse", source]):
        result = run(tmp_path / "data", *args)
        assert result.returncode == 1
        assert result.stderr == (
            "study-companion: ftp:// addresses are not supported: give an http(s):// address"
            f" or a file's path ({source})\n"
        )


def test_readings_of_a_week_without_readings_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    weeks = json.loads(run(data, "weeks", "--json").stdout)
    empty = next(week for week in weeks if not week["readings"])
    full = next(week for week in weeks if week["readings"])
    result = run(data, "readings", "--week", str(empty["number"]))
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == f"Week {empty['number']} ({empty['title']}) has no readings.\n"
    assert json.loads(run(data, "readings", "--week", str(empty["number"]), "--json").stdout) == []
    listed = run(data, "readings", "--week", str(full["number"])).stdout
    assert "has no readings" not in listed and full["readings"][0]["title"] in listed


def test_screenshot_page_without_a_reading_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run_raw(
        "--data-dir", str(tmp_path / "data"), "screenshot", str(out), "--page", "3", cwd=REPO
    )
    assert result.returncode == 2 and not out.exists()
    assert result.stderr.startswith("study-companion: screenshot --page needs --reading ID")
    assert result.stderr.count("\n") == 1


def test_a_screenshot_writes_nothing_on_the_terminal(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = run_raw(
        "--data-dir", str(tmp_path / "data"), "screenshot", str(out), "--size", "800x600", cwd=REPO
    )
    assert result.returncode == 0 and out.stat().st_size > 0
    assert result.stderr == ""  # Qt's "does not support propagateSizeHints()" went to the log


def test_attaching_damaged_pdfs_prints_no_mupdf_messages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    readings = json.loads(run(data, "readings", "--json").stdout)
    paper = make_paper(tmp_path / "paper.pdf", 4)
    broken = []
    for keep in (0.3, 0.6, 0.9):
        path = tmp_path / f"cut-{keep}.pdf"
        make_truncated(path, paper.path, keep=keep)
        broken.append(path)
    for reading, path in zip(readings, broken, strict=False):
        result = run(data, "attach", reading["id"], str(path))
        assert "MuPDF" not in result.stderr and "format error" not in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
