"""Re-anchoring: a new version of a paper arrives, and each highlight moves to where its quote
is now (the nearest page first), or is marked not anchored when its quote is gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_geometry import Quad, Rect
from app.domain.annotation_transfer import QuoteMatch, SkipReason, choose_match, reanchored
from app.pdf.annotations import export_annotated_copy, find_quote
from tests.annotations.documents import (
    MODIFIED,
    annotation,
    close,
    make_annotation,
    phrase_quads,
    sha256_of,
    write_text_pdf,
)


def _match(page: int, top: float) -> QuoteMatch:
    return QuoteMatch(page, (Quad.from_rect(Rect(72, top, 200, top + 12)),))


def test_the_same_page_wins_over_any_other() -> None:
    matches = [_match(0, 100), _match(3, 100), _match(5, 100)]
    assert choose_match(3, matches) == matches[1]


def test_else_the_nearest_page_and_on_a_tie_the_earlier_one() -> None:
    assert choose_match(4, [_match(0, 100), _match(6, 100), _match(9, 100)]) == _match(6, 100)
    assert choose_match(4, [_match(6, 100), _match(2, 100)]) == _match(2, 100)


def test_on_one_page_the_match_nearest_the_old_place_wins() -> None:
    matches = [_match(2, 100), _match(2, 480), _match(2, 700)]
    assert choose_match(2, matches, old_top=500) == matches[1]


def test_no_match_is_no_anchor() -> None:
    assert choose_match(2, []) is None


def _highlight(page: int, top: float, quote: str = "a claim") -> Annotation:
    return make_annotation(
        AnnotationKind.HIGHLIGHT, page=page, quads=_match(page, top).quads, quote=quote
    )


def test_a_highlight_moves_with_its_quote_and_changes_version() -> None:
    moved = reanchored(_highlight(2, 300), [_match(3, 90)], pdf_sha256="b" * 64, page_count=9)
    assert (moved.page, moved.quads, moved.pdf_sha256) == (3, _match(3, 90).quads, "b" * 64)
    assert moved.anchored
    assert moved.modified == MODIFIED  # the student changed nothing


def test_a_highlight_whose_quote_is_gone_stays_put_not_anchored() -> None:
    old = _highlight(2, 300)
    lost = reanchored(old, [], pdf_sha256="b" * 64, page_count=9)
    assert not lost.anchored
    assert (lost.page, lost.quads) == (old.page, old.quads)
    # A highlight without a quote (over a figure) cannot be followed either.
    blank = reanchored(
        _highlight(2, 300, quote=" "), [_match(2, 300)], pdf_sha256="b" * 64, page_count=9
    )
    assert not blank.anchored


@pytest.mark.parametrize(("page_count", "anchored"), [(9, True), (2, False)])
def test_a_note_stays_on_its_page_if_the_new_version_has_it(
    page_count: int, anchored: bool
) -> None:
    note = make_annotation(
        AnnotationKind.NOTE, page=4, rect=Rect(10, 10, 30, 30), comment="see appendix"
    )
    placed = reanchored(note, [], pdf_sha256="b" * 64, page_count=page_count)
    assert (placed.page, placed.rect, placed.anchored) == (4, note.rect, anchored)


CLAIM = "batching requests doubles serving throughput"
FILLER = ["Introduction to model serving", "Background on accelerators"]


@pytest.fixture
def versions(tmp_path: Path) -> dict[str, Path]:
    """The preprint (claim on page 1), the camera-ready version (a page inserted before it, the
    claim lower down on page 2) and a rewrite without the claim."""
    return {
        "preprint": write_text_pdf(tmp_path / "v1.pdf", [[*FILLER, CLAIM], ["Evaluation"]]),
        "camera-ready": write_text_pdf(
            tmp_path / "v2.pdf", [["Abstract"], [*FILLER, "More background", CLAIM], ["End"]]
        ),
        "rewrite": write_text_pdf(tmp_path / "v3.pdf", [FILLER, ["Evaluation"]]),
    }


def test_a_highlight_follows_its_text_to_another_page_of_a_new_version(
    versions: dict[str, Path],
) -> None:
    preprint, camera_ready = versions["preprint"], versions["camera-ready"]
    old = annotation(
        preprint, AnnotationKind.HIGHLIGHT, quads=phrase_quads(preprint, 0, CLAIM), quote=CLAIM
    )
    matches = find_quote(camera_ready, old.quote, page_hint=old.page)
    new = reanchored(old, matches, pdf_sha256=sha256_of(camera_ready), page_count=3)
    assert new.anchored
    assert new.page == 1
    wanted = phrase_quads(camera_ready, 1, CLAIM)
    assert len(new.quads) == len(wanted) == 1
    assert close(new.quads[0].to_json(), wanted[0].to_json())
    # The moved highlight is exported onto the new version like any other.
    report = export_annotated_copy(camera_ready, [new], camera_ready.with_name("out.pdf"))
    assert report.exported == (new.id,)


def test_a_highlight_whose_text_was_rewritten_is_not_anchored_and_not_exported(
    versions: dict[str, Path],
) -> None:
    preprint, rewrite = versions["preprint"], versions["rewrite"]
    old = annotation(
        preprint, AnnotationKind.HIGHLIGHT, quads=phrase_quads(preprint, 0, CLAIM), quote=CLAIM
    )
    assert find_quote(rewrite, old.quote, page_hint=old.page) == []
    lost = reanchored(old, [], pdf_sha256=sha256_of(rewrite), page_count=2)
    assert not lost.anchored
    report = export_annotated_copy(rewrite, [lost], rewrite.with_name("out.pdf"))
    assert report.exported == ()
    assert [(s.annotation_id, s.reason) for s in report.skipped] == [
        (old.id, SkipReason.NOT_ANCHORED)
    ]
