"""Review answers as the CLI prints and reads them, the word count, and the default template."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.form import QuestionKind
from app.domain.review_answers import (
    Answer,
    AnswerFormatError,
    Other,
    answer_from_json,
    answer_to_json,
    answers_from_json,
    answers_to_json,
    word_count,
)
from app.domain.review_template import default_template, slots
from tests.unit.review_forms import ANSOR, TVM

CLI_JSON = '{"entry.1": "text", "entry.2": ["a", {"other": "x"}], "entry.3": {"other": "x"}}'


def test_the_cli_json_reads_as_text_checkboxes_and_other() -> None:
    answers = answers_from_json(json.loads(CLI_JSON))
    assert answers == {"entry.1": "text", "entry.2": ("a", Other("x")), "entry.3": Other("x")}


def test_answers_print_as_the_cli_json() -> None:
    answers: dict[str, Answer] = {"entry.1": "text", "entry.2": ("a", Other("x"))}
    answers["entry.3"] = Other("x")
    assert json.dumps(answers_to_json(answers)) == CLI_JSON


_text = st.text(max_size=30)
_checkboxes = st.tuples(st.lists(_text, max_size=4), st.none() | _text.map(Other)).map(
    lambda boxes_and_other: (*boxes_and_other[0], *filter(None, [boxes_and_other[1]]))
)
_answers = st.one_of(_text, _text.map(Other), _checkboxes)


@given(_answers)
def test_every_answer_survives_a_trip_through_json_text(answer: Answer) -> None:
    assert answer_from_json(json.loads(json.dumps(answer_to_json(answer)))) == answer


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("5", 'entry.4: an answer is "text", {"other": "text"} or a list of those, not a number'),
        ("null", "entry.4: an answer is"),
        ('{"others": "x"}', 'entry.4: an Other answer is written {"other": "your text"}'),
        ('{"other": 3}', 'entry.4: an Other answer is written {"other": "your text"}'),
        ('[["a"]]', "entry.4: an answer is"),
        (
            '[{"other": "x"}, {"other": "y"}]',
            'entry.4: a checkbox answer takes at most one {"other"',
        ),
    ],
)
def test_json_that_is_no_answer_is_refused_naming_the_key(written: str, said: str) -> None:
    with pytest.raises(AnswerFormatError) as refused:
        answers_from_json({"entry.4": json.loads(written)})
    assert str(refused.value).startswith(said)
    assert "\n" not in str(refused.value)


def test_answers_must_be_a_json_object() -> None:
    with pytest.raises(AnswerFormatError, match="answers must be a JSON object, not a list"):
        answers_from_json(["text"])


def test_word_count_counts_what_the_student_wrote() -> None:
    answers: dict[str, Answer] = {
        "template.summary": "A compiler  for\ntensors.",  # 4 words, however spaced
        "entry.1008": ("Compilers", Other("very portable code")),  # the box is not theirs: 3
        "entry.1007": Other("two words"),  # 2
        "entry.1005": "   ",  # 0
    }
    assert word_count(answers) == 9


def test_word_count_of_nothing_is_zero() -> None:
    assert word_count({}) == 0


def test_the_default_template_asks_what_a_paper_review_asks() -> None:
    template = default_template()
    shown = [(s.key, s.title, s.question.kind) for s in slots(template)]
    assert shown == [
        ("template.paper", "Paper", QuestionKind.SHORT),
        ("template.summary", "Summary", QuestionKind.PARAGRAPH),
        ("template.strengths", "Strengths", QuestionKind.PARAGRAPH),
        ("template.weaknesses", "Weaknesses", QuestionKind.PARAGRAPH),
        ("template.questions", "Questions for the authors", QuestionKind.PARAGRAPH),
        ("template.rating", "Rating", QuestionKind.SCALE),
        ("template.confidence", "Confidence", QuestionKind.SCALE),
    ]
    rating = template.question("template.rating")
    assert rating is not None
    assert rating.options == ("1", "2", "3", "4", "5")


def test_the_template_offers_the_weeks_papers_in_a_dropdown() -> None:
    paper = default_template([TVM, ANSOR, TVM]).question("template.paper")
    assert paper is not None
    assert paper.kind is QuestionKind.DROPDOWN
    assert paper.options == (TVM, ANSOR)  # listed once, in the syllabus's order
