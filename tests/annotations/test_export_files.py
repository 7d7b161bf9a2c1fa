"""The files an export touches: the source is never changed, the copy appears whole or not at
all, what cannot be exported is reported, and exporting over a copy that already holds the
annotations (ours, or imported from another viewer) replaces them instead of doubling them."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.domain.annotation import AnnotationKind
from app.domain.annotation_geometry import Rect
from app.domain.annotation_transfer import SkipReason, adopted
from app.pdf.annotations import export_annotated_copy, read_annotations
from app.pdf.errors import AnnotationExportError, PasswordRequiredError
from tests.annotations.conftest import Annotated
from tests.annotations.documents import annotation, phrase_quads, sha256_of
from tests.reader.papers import PASSWORD, make_encrypted

PHRASE = "measure throughput and latency"


def _subtypes(path: Path) -> Counter[tuple[int, str]]:
    """pypdf's count of (page, subtype) over every annotation but Popups."""
    counted: Counter[tuple[int, str]] = Counter()
    for index, page in enumerate(PdfReader(path).pages):
        for reference in page.get("/Annots") or []:
            subtype = str(reference.get_object()["/Subtype"])
            if subtype != "/Popup":
                counted[(index, subtype)] += 1
    return counted


def _names(path: Path) -> Counter[str]:
    return Counter(
        str(reference.get_object()["/NM"])
        for page in PdfReader(path).pages
        for reference in page.get("/Annots") or []
        if "/NM" in reference.get_object()
    )


def test_the_source_is_untouched_and_only_the_copy_appears(tmp_path: Path, text_pdf: Path) -> None:
    before = sha256_of(text_pdf)
    dest = tmp_path / "copy.pdf"
    dest.write_bytes(b"an older export, about to be replaced")
    highlight = annotation(
        text_pdf, AnnotationKind.HIGHLIGHT, quads=phrase_quads(text_pdf, 0, PHRASE), quote=PHRASE
    )
    export_annotated_copy(text_pdf, [highlight], dest)
    assert sha256_of(text_pdf) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["copy.pdf"]  # no temporary left
    assert _names(dest) == Counter({highlight.id: 1})


def test_what_cannot_be_exported_is_reported_and_left_out(tmp_path: Path, text_pdf: Path) -> None:
    quads = phrase_quads(text_pdf, 0, PHRASE)
    good = annotation(text_pdf, AnnotationKind.HIGHLIGHT, 1, quads=quads, quote=PHRASE)
    cases = {
        SkipReason.NOT_ANCHORED: replace(good, id="lost", anchored=False),
        SkipReason.OTHER_VERSION: replace(good, id="old", pdf_sha256="0" * 64),
        SkipReason.NO_SUCH_PAGE: replace(good, id="far", page=9),
        SkipReason.NO_GEOMETRY: replace(good, id="empty", quads=()),
        SkipReason.UNSUPPORTED_KIND: annotation(
            text_pdf, AnnotationKind.OTHER, 2, pdf_subtype="Stamp", rect=Rect(1, 2, 30, 40)
        ),
    }
    dest = tmp_path / "copy.pdf"
    report = export_annotated_copy(text_pdf, [good, *cases.values()], dest)
    assert report.exported == (good.id,)
    assert {skip.annotation_id: skip.reason for skip in report.skipped} == {
        wanted.id: reason for reason, wanted in cases.items()
    }
    stamp = next(s for s in report.skipped if s.reason is SkipReason.UNSUPPORTED_KIND)
    assert str(stamp) == (
        f"{stamp.annotation_id}: not exported,"
        " this kind of annotation cannot be written back (Stamp)"
    )
    assert _names(dest) == Counter({good.id: 1})


def test_exporting_over_an_exported_copy_replaces_instead_of_doubling(
    tmp_path: Path, text_pdf: Path
) -> None:
    first = tmp_path / "first.pdf"
    highlight = annotation(
        text_pdf, AnnotationKind.HIGHLIGHT, quads=phrase_quads(text_pdf, 0, PHRASE), quote=PHRASE
    )
    note = annotation(text_pdf, AnnotationKind.NOTE, rect=Rect(400, 90, 420, 110), comment="v1")
    export_annotated_copy(text_pdf, [highlight, note], first)
    # The student edits the note and exports again, this time from the annotated copy.
    edited = replace(note, comment="v2", pdf_sha256=sha256_of(first))
    second = tmp_path / "second.pdf"
    report = export_annotated_copy(
        first, [replace(highlight, pdf_sha256=sha256_of(first)), edited], second
    )
    assert report.replaced == 2
    assert _names(second) == Counter({highlight.id: 1, note.id: 1})
    comments = {r.pdf_id: r.comment for r in read_annotations(second)}
    assert comments[note.id] == "v2"


def test_annotations_imported_from_another_viewer_replace_their_originals(
    tmp_path: Path, viewers_pdf: Annotated
) -> None:
    source = viewers_pdf.path
    digest = sha256_of(source)
    now = datetime(2022, 3, 10, tzinfo=UTC)
    adopted_all = [
        adopted(found, annotation_id=f"db-{n}", reading_id="r", pdf_sha256=digest, now=now)
        for n, found in enumerate(read_annotations(source))
    ]
    assert len(adopted_all) == len(viewers_pdf.written)
    dest = tmp_path / "round.pdf"
    report = export_annotated_copy(source, adopted_all, dest)
    # Kinds PyMuPDF cannot make again are skipped, and their originals stay in the copy.
    kept = {s.detail for s in report.skipped}
    assert kept == {"Caret", "Stamp", "Redact", "3D"}
    assert all(s.reason is SkipReason.UNSUPPORTED_KIND for s in report.skipped)
    assert report.replaced == len(report.exported)
    # Nothing doubled, nothing lost: the same annotations (links and form fields too).
    assert _subtypes(dest) == _subtypes(source)
    assert {
        r.pdf_id for r in read_annotations(dest) if r.pdf_id and r.pdf_id.startswith("db-")
    } == set(report.exported)


def test_an_encrypted_source_gives_an_encrypted_copy(tmp_path: Path, text_pdf: Path) -> None:
    locked = tmp_path / "locked.pdf"
    make_encrypted(locked, text_pdf)
    highlight = annotation(
        locked, AnnotationKind.HIGHLIGHT, quads=phrase_quads(text_pdf, 0, PHRASE), quote=PHRASE
    )
    dest = tmp_path / "locked-annotated.pdf"
    with pytest.raises(PasswordRequiredError):
        export_annotated_copy(locked, [highlight], dest)
    assert not dest.exists()
    export_annotated_copy(locked, [highlight], dest, password=PASSWORD)
    assert PdfReader(dest).is_encrypted
    with pytest.raises(PasswordRequiredError):
        read_annotations(dest)
    assert [(r.pdf_id, r.quote) for r in read_annotations(dest, PASSWORD)] == [
        (highlight.id, PHRASE)
    ]


def test_a_copy_cannot_replace_its_source_or_go_nowhere(tmp_path: Path, text_pdf: Path) -> None:
    note = annotation(text_pdf, AnnotationKind.NOTE, rect=Rect(1, 1, 21, 21))
    before = sha256_of(text_pdf)
    with pytest.raises(AnnotationExportError, match=r"cannot replace the original text\.pdf"):
        export_annotated_copy(text_pdf, [note], text_pdf)
    link = tmp_path / "link.pdf"
    link.symlink_to(text_pdf)
    with pytest.raises(AnnotationExportError, match="cannot replace the original"):
        export_annotated_copy(text_pdf, [note], link)
    with pytest.raises(AnnotationExportError, match="does not exist"):
        export_annotated_copy(text_pdf, [note], tmp_path / "missing" / "copy.pdf")
    assert sha256_of(text_pdf) == before
