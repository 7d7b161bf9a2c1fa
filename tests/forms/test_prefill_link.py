"""The pre-filled link for forms that need the browser, read back with urllib.

Parsed with ``urllib.parse`` and compared with the answers themselves: every answer must be in
it, under its key, in the shape Google's own pre-filled links use (a date ``YYYY-MM-DD``, a
time ``HH:MM``, checkboxes repeated, Other as ``__other_option__`` plus its text).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from app.domain.review_answers import Answer, Other
from app.domain.submission import prefill_link
from tests.forms.review_forms import WEEK_FORM_ID, week_review

URL = f"https://docs.google.com/forms/d/e/{WEEK_FORM_ID}/viewform"
ANSWERS: dict[str, Answer] = {
    "emailAddress": "ada@berkeley.edu",
    "entry.1045378231": "Ada Lovelace & co",
    "entry.1045378232": "3031234567",
    "entry.1045378233": Other("Both; compared = fair?"),
    "entry.1045378234": "102",
    "entry.1045378235": ("The problem", Other("the #figures"), "The writing"),
    "entry.1045378238": "Line one.\nLine two: 50% + more",
    "entry.1045378239": "4",
    "entry.1045378240": "Strong",
    "entry.1045378241": "Fair",
    "entry.1045378242": "Weak",
    "entry.1045378243": "2022-02-03",
    "entry.1045378244": "7:05",
}


def test_the_link_opens_the_forms_page_with_every_answer() -> None:
    form = week_review(email_mode=3).expected(URL)

    link = prefill_link(form, ANSWERS)

    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "docs.google.com",
        f"/forms/d/e/{WEEK_FORM_ID}/viewform",
    )
    assert parts.fragment == ""
    assert parse_qsl(parts.query, keep_blank_values=True) == [
        ("usp", "pp_url"),
        ("emailAddress", "ada@berkeley.edu"),
        ("entry.1045378231", "Ada Lovelace & co"),
        ("entry.1045378232", "3031234567"),
        ("entry.1045378233", "__other_option__"),
        ("entry.1045378233.other_option_response", "Both; compared = fair?"),
        ("entry.1045378234", "102"),
        ("entry.1045378235", "The problem"),
        ("entry.1045378235", "__other_option__"),
        ("entry.1045378235", "The writing"),
        ("entry.1045378235.other_option_response", "the #figures"),
        ("entry.1045378238", "Line one.\nLine two: 50% + more"),
        ("entry.1045378239", "4"),
        ("entry.1045378240", "Strong"),
        ("entry.1045378241", "Fair"),
        ("entry.1045378242", "Weak"),
        ("entry.1045378243", "2022-02-03"),
        ("entry.1045378244", "07:05"),
    ]


def test_spaces_are_percent_encoded_not_plus_signs() -> None:
    form = week_review().expected(URL)

    link = prefill_link(form, {"entry.1045378231": "Ada Lovelace"})

    assert link == f"{URL}?usp=pp_url&entry.1045378231=Ada%20Lovelace"


def test_a_form_url_with_a_query_still_leads_to_viewform() -> None:
    form = week_review().expected(URL.replace("viewform", "formResponse") + "?usp=send_form")

    link = prefill_link(form, {})

    assert link == f"{URL}?usp=pp_url"
