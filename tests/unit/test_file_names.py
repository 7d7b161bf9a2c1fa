"""Reading file names: readable, unique by reading id, and safe whatever a title holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.file_names import MAX_NAME_LENGTH, WINDOWS_RESERVED, pdf_file_name, slugify

READING_ID = "3fa85f6457b2"
SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*\.pdf$")


def test_apostrophes_do_not_split_words() -> None:
    assert slugify("Don't Stop: What’s Next") == "Dont-Stop-Whats-Next"


def test_a_plain_title_becomes_a_readable_name_with_the_id() -> None:
    name = pdf_file_name(READING_ID, "Attention Is All You Need")

    assert name == "Attention-Is-All-You-Need-3fa85f6457b2.pdf"


def test_accents_and_typography_fold_to_ascii() -> None:
    title = "Über “Großes” Lernen: Ærø’s résumé — naïve Łódź"

    assert slugify(title) == "Uber-Grosses-Lernen-AEros-resume-naive-Lodz"


@pytest.mark.parametrize(
    "title",
    [
        "../../etc/passwd",
        "..\\..\\Windows\\System32\\cmd.exe",
        "/absolute/path",
        "C:\\Users\\x",
        "name\x00with\x1fcontrol\nchars",
        ".hidden",
        "- starts with a dash",
        'a/b:c*d?e"f<g>h|i',
    ],
)
def test_nothing_in_a_title_reaches_outside_the_folder(title: str) -> None:
    name = pdf_file_name(READING_ID, title)

    assert SAFE.match(name), name
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.endswith(f"-{READING_ID}.pdf")


@pytest.mark.parametrize("title", ["CON", "nul", "Com1", "LPT9", "aux"])
def test_windows_reserved_names_never_come_out(title: str) -> None:
    name = pdf_file_name(READING_ID, title)

    assert name.split(".")[0].lower() not in WINDOWS_RESERVED


@pytest.mark.parametrize("title", ["", "   ", "深度学习", "!!!", "🙂🙂"])
def test_a_title_with_nothing_ascii_falls_back_to_the_id(title: str) -> None:
    assert pdf_file_name(READING_ID, title) == f"{READING_ID}.pdf"


def test_a_long_title_is_cut_at_a_word_and_keeps_the_id() -> None:
    title = "Scaling Distributed Machine Learning with the Parameter Server " * 5

    name = pdf_file_name(READING_ID, title)

    assert len(name) <= MAX_NAME_LENGTH
    assert name.endswith(f"-{READING_ID}.pdf")
    assert name.startswith("Scaling-Distributed-Machine-Learning-with-the-Parameter-Server-")
    assert not name.removesuffix(f"-{READING_ID}.pdf").endswith("-")


def test_same_titles_with_different_ids_never_clash() -> None:
    names = {pdf_file_name(f"{n:012x}", "Same Title") for n in range(50)}

    assert len(names) == 50


def test_the_id_is_cleaned_too() -> None:
    assert pdf_file_name("../AB12", "T itle x") == "T-itle-x-ab12.pdf"
    with pytest.raises(ValueError, match="reading id"):
        pdf_file_name("../", "Title")


@given(title=st.text(max_size=400), reading_id=st.from_regex(r"[0-9a-f]{12}", fullmatch=True))
def test_any_title_gives_a_safe_capped_name_with_its_id(title: str, reading_id: str) -> None:
    name = pdf_file_name(reading_id, title)

    assert SAFE.match(name), name
    assert len(name) <= MAX_NAME_LENGTH
    assert reading_id in name
    assert name.count(".") == 1


@given(title=st.text(max_size=200), length=st.integers(min_value=20, max_value=300))
def test_the_cap_holds_for_any_length(title: str, length: int) -> None:
    assert len(pdf_file_name(READING_ID, title, max_length=length)) <= length
