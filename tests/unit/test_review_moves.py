"""A review drafted offline meets the week's real form: answers find their questions, none lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.domain.form import EMAIL_KEY, EmailMode, QuestionKind
from app.domain.review import EMAIL_TITLE, ReviewDraft, ReviewStatus, form_fingerprint
from app.domain.review_answers import Answer, Other, is_empty
from app.domain.review_moves import move_onto_form
from app.domain.review_template import default_template, slots
from tests.unit.review_forms import (
    CONFIDENCE,
    PAPER,
    QUESTIONS,
    RATING,
    STRENGTHS,
    SUMMARY,
    TVM,
    WEAKNESSES,
    edited,
    week_form,
    without,
)

DRAFTED_OFFLINE: dict[str, Answer] = {
    "template.paper": TVM,
    "template.summary": "TVM compiles tensor programs\nfor many back ends.",
    "template.strengths": "Portable.\nFast kernels.",
    "template.weaknesses": "Search cost.",
    "template.questions": "How long does tuning take?",
    "template.rating": "4",
    "template.confidence": "3",
}


def test_a_template_draft_lands_on_the_real_forms_questions_by_title() -> None:
    draft = ReviewDraft(8, DRAFTED_OFFLINE, ReviewStatus.DRAFTING)
    moved = move_onto_form(draft, week_form())
    assert moved.answers == {
        SUMMARY: "TVM compiles tensor programs\nfor many back ends.",  # "Paper summary": close
        STRENGTHS: "Portable. Fast kernels.",  # "Main strengths": close; short, so one line
        WEAKNESSES: "Search cost.",  # "WEAKNESSES?": same words
        QUESTIONS: "How long does tuning take?",  # "Questions to the authors": close
        RATING: "4",  # same title; 4 is on the 1-10 scale
    }
    # "Which paper?" is too far from "Paper"; "3" is none of Confidence's Low/Medium/High.
    assert moved.not_on_form == {"Paper": TVM, "Confidence": "3"}
    assert moved.status is ReviewStatus.NEEDS_ATTENTION
    assert moved.form_snapshot == form_fingerprint(week_form())
    assert moved.week == 8


def test_values_are_converted_where_the_question_allows() -> None:
    form = edited(week_form(), "Which paper?", title="Paper")
    form = edited(form, "Confidence", kind=QuestionKind.SCALE, options=("1", "2", "3", "4", "5"))
    typed = {"template.paper": TVM.upper(), "template.confidence": "3.0"}
    moved = move_onto_form(ReviewDraft(8, typed), form)
    assert moved.answers == {PAPER: TVM, CONFIDENCE: "3"}  # the option's own spelling
    assert moved.not_on_form == {}


def test_a_paper_the_choice_does_not_list_becomes_its_other_answer() -> None:
    form = edited(week_form(), "Which paper?", title="Paper")
    moved = move_onto_form(ReviewDraft(8, {"template.paper": "Halide"}), form)
    assert moved.answers == {PAPER: Other("Halide")}


def test_a_value_the_question_cannot_take_is_kept_aside() -> None:
    form = edited(week_form(), "Rating", options=("1", "2", "3"))
    form = edited(form, "Which paper?", title="Paper", other=False)
    moved = move_onto_form(ReviewDraft(8, {"template.rating": "5", "template.paper": "x"}), form)
    assert moved.answers == {}
    assert moved.not_on_form == {"Rating": "5", "Paper": "x"}


def test_each_question_takes_one_answer_the_second_is_kept() -> None:
    draft = ReviewDraft(8, {"template.rating": "4"}, not_on_form={"Rating": "5"})
    moved = move_onto_form(draft, week_form())
    assert moved.answers == {RATING: "4"}
    assert moved.not_on_form == {"Rating": "5"}


def test_answers_left_aside_earlier_find_a_place_on_a_later_form() -> None:
    form = edited(week_form(), "Confidence", kind=QuestionKind.SCALE, options=("1", "2", "3"))
    draft = ReviewDraft(8, {RATING: "4"}, ReviewStatus.DRAFTING, not_on_form={"Confidence": "3"})
    moved = move_onto_form(draft, form, written_against=week_form())
    assert moved.answers == {RATING: "4", CONFIDENCE: "3"}
    assert moved.not_on_form == {}
    assert moved.status is ReviewStatus.DRAFTING


def test_a_question_retitled_on_the_form_keeps_its_answer_by_key() -> None:
    form = edited(week_form(), "Paper summary", title="Synopsis")
    draft = ReviewDraft(8, {SUMMARY: "A compiler."}, ReviewStatus.DRAFTING)
    moved = move_onto_form(draft, form, written_against=week_form())
    assert moved.answers == {SUMMARY: "A compiler."}
    assert moved.status is ReviewStatus.DRAFTING


def test_an_answer_to_a_deleted_question_is_kept_under_its_title() -> None:
    draft = ReviewDraft(8, {STRENGTHS: "Fast.", RATING: "4"})
    moved = move_onto_form(draft, without(week_form(), "Main strengths"), week_form())
    assert moved.answers == {RATING: "4"}
    assert moved.not_on_form == {"Main strengths": "Fast."}


def test_two_leftovers_of_one_title_both_stay() -> None:
    draft = ReviewDraft(8, {"template.paper": "TVM"}, not_on_form={"Paper": "Ansor"})
    moved = move_onto_form(draft, week_form())
    assert moved.not_on_form == {"Paper": "TVM", "Paper (2)": "Ansor"}


def test_the_typed_address_goes_where_the_form_takes_one() -> None:
    draft = ReviewDraft(8, {EMAIL_KEY: "student@berkeley.edu"})
    assert move_onto_form(draft, week_form()).answers == {EMAIL_KEY: "student@berkeley.edu"}
    verified = move_onto_form(draft, week_form(EmailMode.VERIFIED))
    assert verified.answers == {}
    assert verified.not_on_form == {EMAIL_TITLE: "student@berkeley.edu"}


def test_a_ready_draft_that_now_misses_a_required_answer_needs_attention() -> None:
    draft = ReviewDraft(8, {"template.rating": "4"}, ReviewStatus.READY)
    assert move_onto_form(draft, week_form()).status is ReviewStatus.NEEDS_ATTENTION


def test_a_submitted_review_stays_submitted() -> None:
    draft = ReviewDraft(8, DRAFTED_OFFLINE, ReviewStatus.SUBMITTED)
    assert move_onto_form(draft, week_form()).status is ReviewStatus.SUBMITTED


_template_keys = [s.key for s in slots(default_template())]


@given(st.dictionaries(st.sampled_from(_template_keys), st.text(max_size=40), min_size=1))
def test_no_written_answer_is_ever_lost(answers: dict[str, str]) -> None:
    moved = move_onto_form(ReviewDraft(8, answers), week_form())
    written = [value for value in answers.values() if not is_empty(value)]
    assert len(moved.answers) + len(moved.not_on_form) == len(written)
    assert set(moved.not_on_form) <= {s.title for s in slots(default_template())}


def test_moving_twice_changes_nothing_more() -> None:
    once = move_onto_form(ReviewDraft(8, DRAFTED_OFFLINE), week_form())
    twice = move_onto_form(once, week_form(), written_against=week_form())
    assert twice == once
