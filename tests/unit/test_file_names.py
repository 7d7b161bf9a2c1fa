"""Reading file names: readable, unique by reading id, and safe whatever a title holds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.file_names import MAX_NAME_LENGTH, pdf_file_name, slugify

READING_ID = "3fa85f6457b2"
ID_ALONE = f"{READING_ID}.pdf"  # the name when the title gives nothing
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


# Windows' device names, written out here rather than taken from the code under test.
DEVICES = ["CON", "PRN", "AUX", "NUL"] + [
    f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)
]


def windows_refuses(name: str) -> bool:
    """Windows' rule: a device name before the first dot (trailing spaces ignored), any case,
    whatever follows; COM and LPT also with a superscript digit or 0."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return re.fullmatch(r"(?i)con|prn|aux|nul|(com|lpt)[0-9\u00b9\u00b2\u00b3]", stem) is not None


def test_the_reserved_name_check_itself_can_fail() -> None:
    assert windows_refuses("con.pdf") and windows_refuses("Lpt9.tar.gz") and windows_refuses("NUL")
    assert windows_refuses("aux .txt")
    assert not windows_refuses("console.pdf") and not windows_refuses("con-3fa85f6457b2.pdf")


def variants(device: str) -> list[str]:
    """A device name as a title might hold it: its cases, with extensions, with spaces."""
    return [
        device,
        device.lower(),
        device.capitalize(),
        f"{device}.txt",
        f"{device.lower()}.pdf",
        f"{device.capitalize()}.tar.gz",
        f" {device} ",
        f"{device} .pdf",
        f"{device}.",
    ]


@pytest.mark.parametrize("device", DEVICES)
def test_windows_reserved_names_never_come_out_of_a_title(device: str) -> None:
    names = {title: pdf_file_name(READING_ID, title) for title in variants(device)}

    refused = {title: name for title, name in names.items() if windows_refuses(name)}
    assert refused == {}
    # A bare device name says nothing about the paper: the name is the id alone.
    assert names[device] == names[device.lower()] == ID_ALONE
    assert all(SAFE.match(name) and READING_ID in name for name in names.values()), names


@pytest.mark.parametrize("device", DEVICES)
def test_an_id_spelled_like_a_device_does_not_name_a_file_alone(device: str) -> None:
    """Reading ids are hex, which cannot spell a device; but an id is only cleaned, not
    checked, so the file name must hold even for one that does."""
    for reading_id in (device, device.lower()):
        for title in ("", "!!!", device):
            name = pdf_file_name(reading_id, title)
            assert not windows_refuses(name), (reading_id, title, name)
            assert SAFE.match(name) and device.lower() in name, name


@pytest.mark.parametrize("title", ["", "   ", "深度学习", "!!!", "🙂🙂"])
def test_a_title_with_nothing_ascii_falls_back_to_the_id(title: str) -> None:
    assert pdf_file_name(READING_ID, title) == ID_ALONE


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


@given(
    title=st.text(max_size=200),
    length=st.integers(min_value=len(ID_ALONE), max_value=300),
)
def test_the_cap_holds_for_any_length(title: str, length: int) -> None:
    """Down to the shortest cap that holds the id: then the name is the id alone."""
    name = pdf_file_name(READING_ID, title, max_length=length)

    assert len(name) <= length
    assert name.endswith(ID_ALONE)


def test_a_cap_of_exactly_the_id_gives_the_id_alone() -> None:
    title = "Scaling Distributed Machine Learning"
    assert pdf_file_name(READING_ID, title, max_length=len(ID_ALONE)) == ID_ALONE
    with pytest.raises(ValueError, match="cannot hold"):
        pdf_file_name(READING_ID, title, max_length=len(ID_ALONE) - 1)
