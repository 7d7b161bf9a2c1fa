"""A Google Form's viewform page read into the form a student drafts against.

Every page is written by the test from a Python description of the form (form_spec.py), in the
shape Google serves; what the reader must find is derived from that same description, item by
item, never from the parser's output.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from app.domain.form import EmailMode, FormPage, QuestionKind
from app.net.forms import FormFailure, FormFetchError, parse_form_page
from tests.forms.form_spec import FILE_UPLOAD, Choices, Grid, Open, PageBreak, Scale, Unsupported
from tests.forms.google_forms_server import viewform_url
from tests.forms.review_forms import (
    DESCRIPTION,
    FILE_UPLOAD_ITEM,
    UNKNOWN_TYPE,
    WEEK_FORM_ID,
    WEEK_ITEMS,
    one_question,
    week_review,
)

URL = viewform_url(WEEK_FORM_ID)


def failure(html: str, url: str) -> FormFetchError:
    with pytest.raises(FormFetchError) as raised:
        parse_form_page(html, url)
    assert "\n" not in str(raised.value)
    assert url in str(raised.value)
    return raised.value


def test_the_week_review_reads_as_it_was_described() -> None:
    spec = week_review()

    fetched = parse_form_page(spec.page_html(), URL + "?usp=send_form")

    assert fetched.form == spec.expected(URL)
    assert fetched.fbzx == spec.fbzx
    assert fetched.form.form_id == WEEK_FORM_ID
    assert fetched.form.response_url == URL.removesuffix("viewform") + "formResponse"


def test_page_breaks_start_pages_with_their_own_titles() -> None:
    breaks = [item for item in WEEK_ITEMS if isinstance(item, PageBreak)]
    first, second = (WEEK_ITEMS.index(item) for item in breaks)

    form = parse_form_page(week_review().page_html(), URL).form

    assert form.pages == (FormPage(), *(FormPage(item.title, item.help) for item in breaks))
    on_second = [q.title for q in form.questions if q.page == 1]
    on_second += [item.title for item in form.items if item.page == 1]
    assert sorted(on_second) == sorted(item.title for item in WEEK_ITEMS[first + 1 : second])


def test_a_description_and_title_holding_semicolons_brackets_and_quotes_come_back_whole() -> None:
    title = 'Week 3 "review"]; part [2]; \\ done'
    spec = week_review(title=title)

    form = parse_form_page(spec.page_html(), URL).form

    assert (form.title, form.description) == (title, DESCRIPTION)
    assert len(form.questions) + len(form.items) + len(form.pages) - 1 == len(WEEK_ITEMS)


def test_without_a_title_the_form_goes_by_its_file_name() -> None:
    spec = week_review(title=None)

    assert parse_form_page(spec.page_html(), URL).form.title == spec.file_name


@pytest.mark.parametrize(
    ("mode", "email", "signin"),
    [(1, EmailMode.OFF, False), (2, EmailMode.VERIFIED, True), (3, EmailMode.INPUT, False)],
)
def test_the_email_mode_and_whether_it_needs_a_sign_in(
    mode: int, email: EmailMode, signin: bool
) -> None:
    form = parse_form_page(week_review(email_mode=mode).page_html(), URL).form

    assert (form.email, form.requires_signin) == (email, signin)


def test_a_form_flagged_for_sign_in_needs_one_whatever_its_email_mode() -> None:
    form = parse_form_page(week_review(signin=True, email_mode=3).page_html(), URL).form

    assert (form.email, form.requires_signin) == (EmailMode.INPUT, True)


def test_a_file_upload_is_kept_read_only_and_means_a_sign_in() -> None:
    spec = one_question(FILE_UPLOAD_ITEM)

    form = parse_form_page(spec.page_html(), URL).form

    (question,) = form.questions
    assert (question.kind, question.google_type) == (QuestionKind.UNSUPPORTED, FILE_UPLOAD)
    assert (question.title, question.entry_id) == (
        FILE_UPLOAD_ITEM.title,
        FILE_UPLOAD_ITEM.entry_id,
    )
    assert form.requires_signin


def test_types_the_app_does_not_know_are_kept_with_their_google_type() -> None:
    unknown = [i for i in WEEK_ITEMS if isinstance(i, Unsupported)]

    form = parse_form_page(week_review().page_html(), URL).form

    kept = [q for q in form.questions if q.kind is QuestionKind.UNSUPPORTED]
    assert [(q.item_id, q.title, q.google_type, q.entry_id) for q in kept] == [
        (i.item_id, i.title, i.google_type, i.entry_id) for i in unknown
    ]
    assert {q.google_type for q in kept} == {UNKNOWN_TYPE, UNKNOWN_TYPE + 1}
    assert not form.requires_signin


@pytest.mark.parametrize("kind", [QuestionKind.CHOICE, QuestionKind.CHECKBOXES])
def test_the_other_choice_is_a_flag_not_an_option(kind: QuestionKind) -> None:
    item = Choices(kind, 5001, 6001, "Which?", ("Alpha", "Beta", "Other things"), other=True)

    (question,) = parse_form_page(one_question(item).page_html(), URL).form.questions

    assert (question.kind, question.options, question.other) == (kind, item.options, True)


def test_choices_without_other_and_a_dropdown_list_their_options_only() -> None:
    items = (
        Choices(QuestionKind.CHOICE, 5001, 6001, "Radio", ("Yes", "No")),
        Choices(QuestionKind.DROPDOWN, 5002, 6002, "Pick", ("101", "102", "103")),
    )

    form = parse_form_page(week_review(items=items).page_html(), URL).form

    assert [(q.kind, q.options, q.other) for q in form.questions] == [
        (i.kind, i.options, False) for i in items
    ]


@pytest.mark.parametrize(("low", "high"), [(1, 5), (0, 10)])
def test_a_scale_offers_its_values_and_the_words_at_both_ends(low: int, high: int) -> None:
    item = Scale(5001, 6001, "How clear?", low, high, ("Murky", "Crystal clear"))

    (question,) = parse_form_page(one_question(item).page_html(), URL).form.questions

    assert question.kind is QuestionKind.SCALE
    assert question.options == tuple(str(n) for n in range(low, high + 1))
    assert question.scale_labels == ("Murky", "Crystal clear")


def test_a_grid_has_its_rows_each_answered_under_its_own_key_and_its_columns() -> None:
    item = Grid(5001, "Rate", ((6001, "Novelty"), (6002, "Clarity")), ("Low", "Mid", "High"), True)

    form = parse_form_page(one_question(item).page_html(), URL).form

    (question,) = form.questions
    assert [(row.entry_id, row.title) for row in question.rows] == list(item.rows)
    assert question.options == item.columns
    assert question.keys == ("entry.6001", "entry.6002")
    assert form.question("entry.6002") == question
    assert question.required


def test_required_flags_are_those_of_the_form() -> None:
    answered = [i for i in WEEK_ITEMS if isinstance(i, Open | Choices | Scale | Grid)]

    form = parse_form_page(week_review().page_html(), URL).form

    required = {
        q.title: q.required for q in form.questions if q.kind is not QuestionKind.UNSUPPORTED
    }
    assert required == {i.title: i.required for i in answered}
    assert True in required.values() and False in required.values()


def test_a_page_without_the_hidden_fbzx_still_reads() -> None:
    spec = week_review(fbzx="not-a-number")

    fetched = parse_form_page(spec.page_html(), URL)

    assert (fetched.fbzx, fetched.form) == (None, spec.expected(URL))


# -- pages that are no form to draft against ------------------------------------------------


def test_a_closed_form_is_told_by_its_url_even_though_its_page_holds_form_data() -> None:
    closed_url = URL.replace("viewform", "closedform")

    error = failure(week_review().page_html(), closed_url)

    assert error.kind is FormFailure.CLOSED


def test_googles_sign_in_page_means_a_sign_in() -> None:
    url = f"https://accounts.google.com/ServiceLogin?continue={URL}"

    assert failure(week_review().page_html(), url).kind is FormFailure.SIGNIN


def test_a_page_without_form_data_is_not_a_form() -> None:
    html = week_review().page_html().replace("FB_PUBLIC_LOAD_DATA_", "FB_PUBLIC_LOAD_STUFF")

    assert failure(html, URL).kind is FormFailure.NOT_A_FORM


def cut_short(page: str) -> str:
    """The page up to the middle of its form data: the array is never closed."""
    start = page.index("FB_PUBLIC_LOAD_DATA_")
    return page[: (start + page.index(";</script>", start)) // 2]


def not_json(page: str) -> str:
    assert page.count("FB_PUBLIC_LOAD_DATA_ = [null,") == 1
    return page.replace("FB_PUBLIC_LOAD_DATA_ = [null,", "FB_PUBLIC_LOAD_DATA_ = [nul,")


def not_a_forms_shape(page: str) -> str:
    start = page.index("var FB_PUBLIC_LOAD_DATA_")
    return page[:start] + 'var FB_PUBLIC_LOAD_DATA_ = [null, "form; ]"];</script>'


@pytest.mark.parametrize("damage", [cut_short, not_json, not_a_forms_shape])
def test_damaged_form_data_is_not_a_form(damage: Callable[[str], str]) -> None:
    page = damage(week_review().page_html())

    assert failure(page, URL).kind is FormFailure.NOT_A_FORM


def test_a_page_at_an_address_that_is_no_form_is_not_a_form() -> None:
    assert failure(
        week_review().page_html(), "https://docs.google.com/document/d/abc/edit"
    ).kind is (FormFailure.NOT_A_FORM)
