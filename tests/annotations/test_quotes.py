"""Finding a quote in a PDF (for re-anchoring and ``annotations add --quote``): where PyMuPDF's
own word boxes and search say the text is, across line breaks and hyphens, on rotated pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.annotation_geometry import bounding_rect
from app.pdf.annotations import find_quote, quads_for_quote_on_page
from app.pdf.errors import NoSuchPageError, NotPdfError, PasswordRequiredError, WrongPasswordError
from tests.annotations.documents import close, phrase_quads, write_text_pdf
from tests.reader.expected import search_hits
from tests.reader.papers import MARKER, PASSWORD, Paper, make_encrypted, make_html


def test_every_place_of_a_quote_comes_back_nearest_the_hint_first(paper: Paper) -> None:
    hits = search_hits(paper.path, MARKER)
    assert len({hit.page for hit in hits}) >= 3, "the paper must say the marker on three pages"
    matches = find_quote(paper.path, MARKER, page_hint=4)
    assert sorted(match.page for match in matches) == sorted(hit.page for hit in hits)
    distances = [abs(match.page - 4) for match in matches]
    assert distances == sorted(distances)
    for match in matches:
        assert len(match.quads) == 1
        on_page = [hit.rect for hit in hits if hit.page == match.page]
        assert any(close(match.quads[0].rect.to_json(), rect) for rect in on_page)


@pytest.fixture
def hyphenated(tmp_path: Path) -> Path:
    return write_text_pdf(
        tmp_path / "hyphen.pdf",
        [["Each worker hands its batch to the pipeline sched-", "uler which runs every stage"]],
    )


@pytest.mark.parametrize(
    "quote",
    [
        "pipeline scheduler which",  # as a student types it
        "pipeline sched-\nuler which",  # as copied from the page
        "  PIPELINE   scheduler, which ",  # other case, spacing and punctuation
    ],
)
def test_a_quote_is_found_across_a_hyphenated_line_break(hyphenated: Path, quote: str) -> None:
    matches = find_quote(hyphenated, quote)
    assert [match.page for match in matches] == [0]
    wanted = phrase_quads(hyphenated, 0, "pipeline sched- uler which")
    assert len(wanted) == 2  # one quad per line
    assert len(matches[0].quads) == 2
    for found, expected in zip(matches[0].quads, wanted, strict=True):
        assert close(found.to_json(), expected.to_json())


def test_quads_on_a_rotated_cropped_page_cover_the_words_as_shown(text_pdf: Path) -> None:
    phrase = "keep every device busy"
    quads = quads_for_quote_on_page(text_pdf, 1, phrase)
    wanted = phrase_quads(text_pdf, 1, phrase)
    assert len(quads) == len(wanted) == 1
    # Corner by corner: the text's upper left is where PyMuPDF's rotation puts it.
    assert close(quads[0].to_json(), wanted[0].to_json())
    # On a page turned by 90 degrees a line of text runs down the page.
    box = bounding_rect(quads)
    assert box.height > box.width


def test_a_quote_not_on_the_page_gives_no_quads(text_pdf: Path) -> None:
    assert quads_for_quote_on_page(text_pdf, 0, "keep every device busy") == ()
    assert quads_for_quote_on_page(text_pdf, 0, "...") == ()
    assert find_quote(text_pdf, "— ,") == []


def test_a_page_beyond_the_document_is_named_in_one_line(text_pdf: Path) -> None:
    with pytest.raises(NoSuchPageError) as raised:
        quads_for_quote_on_page(text_pdf, 6, "anything")
    assert str(raised.value) == "text.pdf has 2 pages: there is no page 7."


def test_files_that_cannot_be_read_say_why(tmp_path: Path, paper: Paper) -> None:
    html = tmp_path / "sign-in.pdf"
    make_html(html)
    with pytest.raises(NotPdfError, match=r"sign-in\.pdf is a web page"):
        find_quote(html, "anything")
    locked = tmp_path / "locked.pdf"
    make_encrypted(locked, paper.path)
    with pytest.raises(PasswordRequiredError, match=r"locked\.pdf is protected by a password"):
        find_quote(locked, MARKER)
    with pytest.raises(WrongPasswordError):
        find_quote(locked, MARKER, password="guess")
    assert [m.page for m in find_quote(locked, MARKER, password=PASSWORD)] == [
        m.page for m in find_quote(paper.path, MARKER)
    ]
