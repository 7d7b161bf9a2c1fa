"""The shrink rule: a plan that would archive more than a quarter of the live weeks or readings.

Pages are the real course file, its real history (tests/fixtures/index_versions) and the file
cut short at an entry boundary; expected counts come from the parsed pages themselves.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.changes import Archiving, plan_merge
from app.domain.course import Syllabus
from app.syllabus.jekyll_index import parse_index_md
from tests.integration import course_versions as cv

ENTRY = "{% include syllabus_entry %}"


def parse(text: str) -> Syllabus:
    return parse_index_md(text).syllabus


def cut_after(text: str, weeks: int) -> str:
    start = -1
    for _ in range(weeks + 1):
        start = text.index(ENTRY, start + 1)
    return text[:start]


@pytest.fixture(scope="module")
def real(course_index_text: str) -> Syllabus:
    return parse(course_index_text)


def test_a_page_cut_after_week_6_of_16_is_held_back(real: Syllabus, course_index_text: str) -> None:
    plan = plan_merge(real, parse(cut_after(course_index_text, 6)))
    lost_readings = sum(len(w.readings) for w in real.weeks[6:])
    assert plan.archiving == Archiving(10, 16, lost_readings, len(real.readings))
    assert plan.archiving.held_back
    assert {c.week for c in plan.removals if c.item == "week"} == set(range(7, 17))


@pytest.mark.parametrize(("kept", "held"), [(15, False), (12, False), (11, True)])
def test_the_line_is_more_than_a_quarter_of_the_weeks(
    real: Syllabus, kept: int, held: bool
) -> None:
    """4 of 16 weeks gone is a quarter, not more: applied; 5 of 16 is held back. (Weeks
    without readings here, so the weeks alone decide.)"""
    bare = replace(real, weeks=tuple(replace(w, readings=()) for w in real.weeks))
    plan = plan_merge(bare, replace(bare, weeks=bare.weeks[:kept]))
    assert plan.archiving == Archiving(16 - kept, 16, 0, 0)
    assert plan.archiving.held_back is held


def test_readings_count_on_their_own(real: Syllabus) -> None:
    """Every week still there, but the reading lists of the first weeks gone."""
    total = len(real.readings)
    emptied, lost = [], 0
    for week in real.weeks:
        if (lost + len(week.readings)) * 4 <= total:
            lost += len(week.readings)
            week = replace(week, readings=())
        emptied.append(week)
    at_a_quarter = plan_merge(real, replace(real, weeks=tuple(emptied)))
    assert at_a_quarter.archiving.weeks == 0
    assert at_a_quarter.archiving.readings == lost and not at_a_quarter.archiving.held_back

    fewer = [replace(w, readings=()) for w in real.weeks[: len(real.weeks) // 2]]
    gone = sum(len(w.readings) for w in real.weeks[: len(real.weeks) // 2])
    plan = plan_merge(real, replace(real, weeks=(*fewer, *real.weeks[len(fewer) :])))
    assert plan.archiving == Archiving(0, 16, gone, total)
    assert gone * 4 > total and plan.archiving.held_back


def test_a_schedule_back_to_tba_is_held_back(real: Syllabus) -> None:
    plan = plan_merge(real, replace(real, weeks=()))
    assert plan.archiving == Archiving(16, 16, len(real.readings), len(real.readings))
    assert plan.archiving.held_back


def test_a_first_sync_and_a_term_without_weeks_are_never_held_back(real: Syllabus) -> None:
    nothing = replace(real, weeks=())
    assert not plan_merge(nothing, real).archiving.held_back
    assert not plan_merge(nothing, nothing).archiving.held_back


@pytest.mark.parametrize(
    ("previous", "current"),
    list(zip(cv.history(), cv.history()[1:], strict=False)),
    ids=lambda path: path.name[:3],
)
def test_no_step_of_the_real_terms_history_is_held_back(previous: Path, current: Path) -> None:
    plan = plan_merge(parse(previous.read_text()), parse(current.read_text()))
    assert not plan.archiving.held_back


def test_the_counts_read_as_a_sentence() -> None:
    assert Archiving(10, 16, 40, 63).describe() == "10 of 16 weeks and 40 of 63 readings"
    assert Archiving(1, 1, 0, 1).describe() == "1 of 1 week and 0 of 1 reading"


# -- what left comes back ----------------------------------------------------------------------


def test_archived_weeks_come_back_as_themselves(real: Syllabus, course_index_text: str) -> None:
    cut = parse(cut_after(course_index_text, 6))
    archived = tuple(reversed(real.weeks[6:]))  # as the store lists them: newest first
    plan = plan_merge(cut, real, archived_weeks=archived)
    assert {ni: archived[ai].title for ni, ai in plan.revived_weeks.items()} == {
        i: real.weeks[i].title for i in range(6, 16)
    }


def test_a_different_week_in_an_archived_weeks_slot_does_not_take_its_place(
    real: Syllabus, course_index_text: str
) -> None:
    """Week 7 archived; a new week 7 with another title, readings and form is a new week."""
    cut = parse(cut_after(course_index_text, 6))
    stranger = replace(real.weeks[6], title="Something else", readings=(), review=None)
    new = replace(cut, weeks=(*cut.weeks, stranger))
    assert plan_merge(cut, new, archived_weeks=(real.weeks[6],)).revived_weeks == {}
