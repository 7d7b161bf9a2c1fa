"""The submitting tests' world: week 8's review written and marked ready on the fake Google Forms.

Every answer kind the form has is answered (a choice, a dropdown, checkboxes with Other, a
multi-line paragraph, a scale), and ``RECORDED`` is what the form's endpoint must record for
them, written out by the encoding rules of the design notes (checkboxes repeat the entry, Other
is ``__other_option__`` plus ``.other_option_response``, line breaks travel as CRLF), never by
the code under test.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.forms.google_forms_server import GoogleFormsServer
from tests.integration.cli_process import json_of
from tests.integration.review_term import (
    CODE_8,
    LEARNED_INDEX,
    PAPER,
    RATING,
    SECTION,
    SUMMARY,
    WEAKNESSES,
    WEEK,
    WELL,
    Student,
    key,
    week_8_review,
)

FORM_ID = week_8_review().form_id
SUMMARY_TEXT = "Learned models can replace the B-tree.\nThey are small and fast."
WEAKNESSES_TEXT = "Inserts and worst cases are left open."
ANSWERS: dict[str, Any] = {
    key(PAPER): LEARNED_INDEX,
    key(SECTION): "102",
    key(WELL): ["The evaluation", {"other": "Clear figures"}],
    key(SUMMARY): SUMMARY_TEXT,
    key(WEAKNESSES): WEAKNESSES_TEXT,
    key(RATING): "4",
}
RECORDED = [
    (key(PAPER), LEARNED_INDEX),
    (key(SECTION), "102"),
    (key(WELL), "The evaluation"),
    (key(WELL), "__other_option__"),
    (f"{key(WELL)}.other_option_response", "Clear figures"),
    (key(SUMMARY), "Learned models can replace the B-tree.\r\nThey are small and fast."),
    (key(WEAKNESSES), WEAKNESSES_TEXT),
    (key(RATING), "4"),
]


def ready_review(student: Student, google: GoogleFormsServer, **changes: Any) -> None:
    """Week 8's form published (edited by ``changes``) and fetched, the review written and
    marked ready, offline after the fetch."""
    google.publish(week_8_review(**changes), CODE_8)
    fetched = student.online("form", str(WEEK))
    assert fetched.returncode == 0, fetched.stderr
    written = student.set_answers(ANSWERS)
    assert written.returncode == 0, written.stderr
    ready = student.offline("review", "ready", str(WEEK))
    assert ready.returncode == 0, ready.stderr


def recorded(google: GoogleFormsServer) -> list[Counter[tuple[str, str]]]:
    """Each response the form recorded, as a multiset of its answer fields."""
    return [Counter(fields) for fields in google.responses(FORM_ID)]


def outbox(student: Student) -> list[dict[str, Any]]:
    """``outbox --json``, offline: looking at the outbox never needs the network."""
    return json_of(student.offline("outbox", "--json"))  # type: ignore[no-any-return]


def final_posts(google: GoogleFormsServer) -> int:
    """POSTs to the form's endpoint without ``continue=1``: the ones that may record."""
    return sum(
        1
        for seen in google.requests
        if seen.method == "POST" and ("continue", "1") not in seen.fields
    )
