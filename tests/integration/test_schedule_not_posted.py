"""``syllabus parse`` on a course page before its schedule: the course, no weeks, one warning.

A page with no syllabus section at all is still refused: it is not a course page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def parse(page: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "syllabus", "parse", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("schedule", ["TBA\n", "", '<table class="syllabus">\n</table>\n'])
def test_a_page_before_its_schedule_prints_the_course_with_no_weeks(
    course_index_text: str, tmp_path: Path, schedule: str
) -> None:
    header = course_index_text[: course_index_text.index("{% capture dates %}")]
    page = tmp_path / "index.md"
    page.write_text(header + schedule, encoding="utf-8")
    heading = header.splitlines().index("## Course Syllabus") + 1

    result = parse(page)

    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["weeks"] == []
    course = printed["course"]
    assert (course["title"], course["term"]) == ("Machine Learning Systems", "Spring 2022")
    assert [(i["name"], i["role"]) for i in course["instructors"]] == [
        ("Joseph E. Gonzalez", "Instructor"),
        ("Amir Gholami", "Co-Instructor"),
    ]
    assert result.stderr.splitlines() == [
        f"{page}: line {heading}: the schedule is not posted yet: no syllabus entries"
    ]


def test_a_page_with_no_syllabus_section_is_not_a_course(tmp_path: Path) -> None:
    page = tmp_path / "notes.md"
    page.write_text("# Notes\n\nNothing to see here.\n", encoding="utf-8")
    result = parse(page)
    assert result.returncode != 0 and "not a course syllabus" in result.stderr
    assert result.stdout == ""
