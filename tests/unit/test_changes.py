"""plan_merge: which stored week and reading each new one continues, and the change list.

Versions are the course's real history (tests/fixtures/index_versions, whose README lists the
expected change lists by hand) and edits of the real file (tests/integration/course_versions.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.changes import Change, ChangeItem, ChangeKind, plan_merge
from app.domain.course import Reading, Speaker, Syllabus
from app.domain.reading_id import reading_id
from app.syllabus.jekyll_index import parse_index_md
from tests.integration import course_versions as cv

EYERISS = "https://dspace.mit.edu/handle/1721.1/102369"
PIPEDREAM = "https://arxiv.org/pdf/1806.03377.pdf"


def parse(text: str) -> Syllabus:
    return parse_index_md(text).syllabus


def described(changes: tuple[Change, ...]) -> set[str]:
    return {str(change) for change in changes}


@pytest.fixture(scope="module")
def real(course_index_text: str) -> Syllabus:
    return parse(course_index_text)


# -- the course's own history -----------------------------------------------------------------


@pytest.mark.parametrize(
    "previous, current",
    list(zip(cv.history(), cv.history()[1:], strict=False)),
    ids=lambda path: path.name[:3],
)
def test_each_historical_version_reports_the_changes_checked_by_hand(
    previous: Path, current: Path
) -> None:
    expected = cv.expected_changes()[current.name]
    plan = plan_merge(parse(previous.read_text()), parse(current.read_text()))
    assert described(plan.changes) == expected


def test_the_history_ends_with_the_real_file(course_index_text: str) -> None:
    assert len(cv.history()) == 9
    assert cv.history()[-1].read_text(encoding="utf-8") == course_index_text


def test_the_gemmini_link_change_keeps_the_stored_id() -> None:
    v02, v03 = (parse(path.read_text()) for path in cv.history()[1:3])
    plan = plan_merge(v02, v03)
    old = next(r for _, r in v02.readings if r.title.startswith("Gemmini"))
    new = next(r for _, r in v03.readings if r.title.startswith("Gemmini"))
    assert old.id != new.id
    assert plan.kept_ids == {new.id: old.id}


# -- edits of the real file -------------------------------------------------------------------


def test_an_unchanged_syllabus_has_no_changes_and_keeps_every_week(real: Syllabus) -> None:
    plan = plan_merge(real, real)
    assert plan.changes == ()
    assert plan.week_pairs == tuple((i, i) for i in range(16))
    assert plan.kept_ids == {}


def test_an_inserted_holiday_shifts_later_weeks_instead_of_reassigning_them(
    real: Syllabus, course_index_text: str
) -> None:
    shifted = parse(cv.insert_holiday(course_index_text, 6, "Holiday (Snow Day)"))
    plan = plan_merge(real, shifted)

    assert plan.week_pairs[:5] == tuple((i, i) for i in range(5))
    assert plan.week_pairs[5] == (None, 5)  # the new row takes week 6's slot, nobody's data
    assert plan.week_pairs[6:] == tuple((i, i + 1) for i in range(5, 16))
    kinds = {(c.change, c.item) for c in plan.changes}
    assert (ChangeKind.ADDED, ChangeItem.READING) not in kinds
    assert (ChangeKind.REMOVED, ChangeItem.READING) not in kinds
    assert "week 7: week changed: renumbered from week 6" in described(plan.changes)
    assert "week 7: review form changed: deadline moved" in described(plan.changes)


def test_two_lectures_that_trade_dates_keep_their_readings_and_forms(
    real: Syllabus, course_index_text: str
) -> None:
    week10, week11 = cv.entry_body(course_index_text, 10), cv.entry_body(course_index_text, 11)
    swapped = course_index_text.replace(week10 + cv.ENTRY + week11, week11 + cv.ENTRY + week10)
    assert swapped != course_index_text
    plan = plan_merge(real, parse(swapped))

    assert plan.week_pairs[9:11] == ((10, 9), (9, 10))
    assert {c.item for c in plan.changes} == {ChangeItem.WEEK, ChangeItem.REVIEW_FORM}
    assert "week 10: week changed: renumbered from week 11" in described(plan.changes)
    assert "week 11: review form changed: deadline moved" in described(plan.changes)


def test_a_renamed_week_is_the_same_week(real: Syllabus, course_index_text: str) -> None:
    plan = plan_merge(real, parse(cv.rename_week(course_index_text, 3, "Accelerators")))
    assert plan.week_pairs[2] == (2, 2)
    assert described(plan.changes) == {
        "week 3: week changed: title “Hardware for Machine Learning” → “Accelerators”"
    }


def test_a_form_pasted_into_the_wrong_week_then_moved(course_index_text: str) -> None:
    base = cv.remove_review_link(course_index_text, 4)
    wrong = cv.add_review_link(base, 5, "https://forms.gle/rCsHe1oFqMSiKjgw7")
    right = cv.move_review_link(wrong, 5, 4)

    first = plan_merge(parse(base), parse(wrong))
    then = plan_merge(parse(wrong), parse(right))

    assert described(first.changes) == {
        "week 5: review form added: https://forms.gle/rCsHe1oFqMSiKjgw7"
    }
    assert described(then.changes) == {
        "week 4: review form added: https://forms.gle/rCsHe1oFqMSiKjgw7 (moved from week 5)",
        "week 5: review form removed: moved to week 4",
    }


def test_a_reading_moved_to_another_week_is_one_change(
    real: Syllabus, course_index_text: str
) -> None:
    plan = plan_merge(real, parse(cv.move_reading(course_index_text, PIPEDREAM, 6)))
    assert described(plan.changes) == {
        "week 6: reading changed: PipeDream: Fast and Efficient Pipeline Parallel DNN Training: "
        "moved from week 4; now required"
    }


def test_a_swapped_reading_is_one_removal_and_one_addition(
    real: Syllabus, course_index_text: str
) -> None:
    new = "https://arxiv.org/abs/1807.07928"
    plan = plan_merge(real, parse(cv.swap_reading(course_index_text, EYERISS, "Eyeriss v2", new)))
    assert described(plan.changes) == {
        "week 3: reading added: Eyeriss v2",
        "week 3: reading removed: Eyeriss: A Spatial Architecture for Energy-Efficient "
        "Dataflow for Convolutional Neural Networks",
    }
    assert plan.kept_ids == {}


def test_a_reading_retitled_under_the_same_link(real: Syllabus, course_index_text: str) -> None:
    plan = plan_merge(real, parse(cv.rename_reading(course_index_text, EYERISS, "Eyeriss")))
    [change] = plan.changes
    assert (change.change, change.item, change.week) == ("changed", "reading", 3)
    assert change.detail.startswith("Eyeriss: title was “Eyeriss: A Spatial Architecture")
    assert "[SIGRAPH, 2016]" not in change.detail
    assert "venue SIGRAPH, 2016 → None" in change.detail


def test_an_equivalent_arxiv_link_is_the_same_paper(real: Syllabus, course_index_text: str) -> None:
    edited = cv.change_reading_link(
        course_index_text,
        "https://arxiv.org/abs/1904.03257",
        "https://arxiv.org/pdf/1904.03257v2.pdf",
    )
    plan = plan_merge(real, parse(edited))
    assert plan.kept_ids == {}
    assert [(c.change, c.item, c.week) for c in plan.changes] == [("changed", "reading", 1)]


BOOK = "https://www.sciencedirect.com/book/9780123749574/principles-of-computer-system-design"
LIBRARY_PDF = "https://library.example.edu/principles-of-computer-system-design.pdf"


def stored_ids(new: Syllabus, kept: Mapping[str, str]) -> list[str]:
    """The store row each new reading is written to (see CourseStore.apply_sync)."""
    return [kept.get(r.id, r.id) for _, r in new.readings]


def as_stored(new: Syllabus, kept: Mapping[str, str]) -> Syllabus:
    return replace(
        new,
        weeks=tuple(
            replace(w, readings=tuple(replace(r, id=kept.get(r.id, r.id)) for r in w.readings))
            for w in new.weeks
        ),
    )


def test_a_newcomer_with_a_relinked_readings_old_link_gets_its_own_id(
    real: Syllabus, course_index_text: str
) -> None:
    relinked = cv.change_reading_link(course_index_text, BOOK, LIBRARY_PDF)
    chapter_two = cv.replace_text(
        relinked,
        "* [A Few Useful Things",
        f"* Read Chapter 2 of [_Principles of Computer System Design_]({BOOK}).\n"
        "* [A Few Useful Things",
    )
    first = plan_merge(real, parse(relinked))
    stored = as_stored(parse(relinked), first.kept_ids)
    book_id = next(r.id for _, r in real.readings if r.url == BOOK)
    assert next(r.id for _, r in stored.readings if r.url == LIBRARY_PDF) == book_id

    new = parse(chapter_two)
    second = plan_merge(stored, new)

    ids = stored_ids(new, second.kept_ids)
    assert len(ids) == len(set(ids)) == 61, "two readings would share one stored row"
    assert second.kept_ids[reading_id(LIBRARY_PDF, "x")] == book_id  # the student's data stays
    assert described(second.changes) == {
        "week 1: reading added: Principles of Computer System Design"
    }
    # Once stored, the newcomer keeps its own id in later syncs.
    third = plan_merge(as_stored(new, second.kept_ids), new)
    assert third.changes == () and stored_ids(new, third.kept_ids) == ids


def test_a_relinked_reading_back_from_the_archive_is_the_stored_reading_again(
    real: Syllabus, course_index_text: str
) -> None:
    relinked = cv.change_reading_link(course_index_text, BOOK, LIBRARY_PDF)
    stored = as_stored(parse(relinked), plan_merge(real, parse(relinked)).kept_ids)
    book_id = next(r.id for _, r in real.readings if r.url == BOOK)
    archived = next(r for _, r in stored.readings if r.url == LIBRARY_PDF)
    assert archived.id == book_id  # the relinked reading kept its first id while live
    without = parse(cv.remove_reading(relinked, LIBRARY_PDF))
    assert all(r.url != LIBRARY_PDF for _, r in without.readings)
    back = parse(relinked)
    returning_id = reading_id(LIBRARY_PDF, archived.title)
    assert returning_id != book_id

    # Told of the archive, the merge writes the returning paper to its stored row ...
    plan = plan_merge(without, back, archived=[archived])
    assert plan.kept_ids.get(returning_id) == book_id
    assert described(plan.changes) == {f"week 1: reading added: {archived.title}"}
    # ... which a merge that does not know the archive cannot do: a second, empty reading.
    assert returning_id not in plan_merge(without, back).kept_ids


def test_slides_posted_changed_and_taken_down(real: Syllabus, course_index_text: str) -> None:
    posted = cv.post_slides(course_index_text, 13, "assets/lec13.pdf", "assets/lec13.pptx")
    relinked = cv.replace_text(posted, "assets/lec13.pptx", "assets/lec13-v2.pptx")
    taken_down = cv.replace_text(
        relinked, "* Lecture slides: [PDF](assets/lec13.pdf), [PPTX](assets/lec13-v2.pptx)\n", ""
    )
    assert described(plan_merge(real, parse(posted)).changes) == {
        "week 13: slides changed: Lecture slides (PDF) posted",
        "week 13: slides changed: Lecture slides (PPTX) posted",
    }
    assert described(plan_merge(parse(posted), parse(relinked)).changes) == {
        "week 13: slides changed: Lecture slides (PPTX) link changed"
    }
    assert described(plan_merge(parse(relinked), parse(taken_down)).changes) == {
        "week 13: slides removed: Lecture slides (PDF)",
        "week 13: slides removed: Lecture slides (PPTX)",
    }


def test_a_new_guest_speaker(real: Syllabus, course_index_text: str) -> None:
    edited = cv.replace_text(
        course_index_text,
        "## [Guest Speaker: Reynold Xin (Databricks)](https://en.wikipedia.org/wiki/Reynold_Xin)",
        "## [Guest Speaker: Michael Armbrust (Databricks)](https://example.org/armbrust)",
    )
    assert described(plan_merge(real, parse(edited)).changes) == {
        "week 2: speaker added: Michael Armbrust",
        "week 2: speaker removed: Reynold Xin",
    }


def test_a_lecture_moved_to_another_day_moves_its_deadline(
    real: Syllabus, course_index_text: str
) -> None:
    edited = parse(cv.replace_text(course_index_text, "2/14/22\n", "2/16/22\n"))
    assert described(plan_merge(real, edited).changes) == {
        "week 4: week changed: date 2022-02-14 → 2022-02-16",
        "week 4: review form changed: deadline moved",
    }


def test_a_week_that_left_the_syllabus_takes_its_readings_with_it(
    real: Syllabus, course_index_text: str
) -> None:
    body = cv.entry_body(course_index_text, 13)
    without = parse(cv.replace_text(course_index_text, cv.ENTRY + body, ""))
    plan = plan_merge(real, without)
    assert (12, None) in plan.week_pairs
    assert "week 13: week removed: Benchmarking Machine Learning Workloads" in described(
        plan.changes
    )
    removed = [c for c in plan.changes if c.item == ChangeItem.READING]
    assert {c.week for c in removed} == {13} and len(removed) == 3
    assert all(c.change == ChangeKind.REMOVED for c in removed)


def test_changes_come_sorted_by_week_then_item() -> None:
    v07, v08 = (parse(path.read_text()) for path in cv.history()[6:8])
    changes = plan_merge(v07, v08).changes
    # Several weeks and several kinds of item (README of index_versions), so order can go wrong.
    assert {c.week for c in changes} == {10, 11}
    assert {c.item for c in changes if c.week == 11} == {
        ChangeItem.READING,
        ChangeItem.REVIEW_FORM,
        ChangeItem.SPEAKER,
    }
    order = list(ChangeItem)
    keys = [(c.week or 0, order.index(c.item)) for c in changes]
    assert keys == sorted(keys)


def test_a_change_reads_as_one_line() -> None:
    change = Change(ChangeKind.ADDED, ChangeItem.REVIEW_FORM, 3, "https://forms.gle/x")
    assert str(change) == "week 3: review form added: https://forms.gle/x"
    assert str(Change(ChangeKind.CHANGED, ChangeItem.SPEAKER, None, "A")) == "speaker changed: A"


# -- properties over the real syllabus --------------------------------------------------------


def relinked(reading: Reading) -> Reading:
    url = f"https://example.org/moved/{reading.id}.pdf"
    return replace(reading, url=url, id=reading_id(url, reading.title))


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_removed_and_relinked_readings_are_reported_exactly(
    real: Syllabus, data: st.DataObject
) -> None:
    everything = [r.id for _, r in real.readings]
    removed = data.draw(st.sets(st.sampled_from(everything), max_size=6), label="removed")
    relink = data.draw(
        st.sets(st.sampled_from([i for i in everything if i not in removed]), max_size=6),
        label="relinked",
    )
    weeks = tuple(
        replace(
            week,
            readings=tuple(
                relinked(r) if r.id in relink else r for r in week.readings if r.id not in removed
            ),
        )
        for week in real.weeks
    )
    plan = plan_merge(real, replace(real, weeks=weeks))

    assert plan.week_pairs == tuple((i, i) for i in range(16))
    assert set(plan.kept_ids.values()) == relink
    by_id = {r.id: (w.number, r) for w, r in real.readings}
    assert described(plan.changes) == {
        f"week {by_id[i][0]}: reading removed: {by_id[i][1].title}" for i in removed
    } | {
        f"week {by_id[i][0]}: reading changed: {by_id[i][1].title}: "
        f"link {by_id[i][1].url} → https://example.org/moved/{i}.pdf"
        for i in relink
    }


@settings(max_examples=15, deadline=None)
@given(
    names=st.lists(st.text(st.characters(categories=["L"]), min_size=1, max_size=12), max_size=3)
)
def test_speakers_are_compared_by_name(real: Syllabus, names: list[str]) -> None:
    week = real.weeks[1]
    speakers = tuple(Speaker(name) for name in dict.fromkeys(names))
    edited = replace(real, weeks=(real.weeks[0], replace(week, speakers=speakers), *real.weeks[2:]))
    changes = plan_merge(real, edited).changes
    before = {s.name for s in week.speakers}
    after = {s.name for s in speakers}
    assert {c.detail for c in changes if c.change == ChangeKind.ADDED} == after - before
    assert {c.detail for c in changes if c.change == ChangeKind.REMOVED} == before - after
    assert all(c.item == ChangeItem.SPEAKER and c.week == 2 for c in changes)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_new_reading_gets_a_stored_row_of_its_own(
    real: Syllabus, data: st.DataObject
) -> None:
    everything = [r.id for _, r in real.readings]
    relink = data.draw(st.sets(st.sampled_from(everything), min_size=1, max_size=8), label="relink")
    back = data.draw(st.sets(st.sampled_from(sorted(relink))), label="old link reused")
    by_id = {r.id: r for _, r in real.readings}
    relinked = replace(
        real,
        weeks=tuple(
            replace(w, readings=tuple(relinked_reading(r, relink) for r in w.readings))
            for w in real.weeks
        ),
    )
    first = plan_merge(real, relinked)
    stored = as_stored(relinked, first.kept_ids)
    newcomers = tuple(
        Reading(i, f"Companion to {by_id[i].title}", by_id[i].url, required=False)
        for i in sorted(back)
    )
    last = relinked.weeks[-1]
    grown = replace(relinked, weeks=(*relinked.weeks[:-1], replace(last, readings=newcomers)))

    plan = plan_merge(stored, grown)

    ids = stored_ids(grown, plan.kept_ids)
    assert len(ids) == len(set(ids))
    for i in relink:
        assert plan.kept_ids[reading_id(f"https://example.org/moved/{i}.pdf", "")] == i
    assert described(plan.changes) == {f"week 16: reading added: {r.title}" for r in newcomers}


def relinked_reading(reading: Reading, relink: set[str]) -> Reading:
    return relinked(reading) if reading.id in relink else reading
