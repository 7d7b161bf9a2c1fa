"""Unit fixtures: the course's own Spring 2022 syllabus, parsed once from its page."""

from __future__ import annotations

import pytest

from app.domain.course import Syllabus
from app.syllabus.jekyll_index import parse_index_md


@pytest.fixture(scope="session")
def spring_2022(course_index_text: str) -> Syllabus:
    """Sixteen Monday weeks from 2022-01-24, a holiday in week 5, reviews due 1:00 PM."""
    return parse_index_md(course_index_text).syllabus
