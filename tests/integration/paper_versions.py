"""Two versions of one paper for the annotation tests of the command line and the services, and
what tools other than ours say about them.

The first version is tests/annotations/documents.py's PAGE_ONE then PAGE_TWO (the second page
turned by /Rotate 90). The second version, a camera-ready copy, puts a new page in front (so
every line moves one page on) and drops PAGE_ONE's second line (so the lines after it move up,
and a quote on that line is nowhere any more).

The expectations come from elsewhere than ``app``: where a phrase is, from PyMuPDF's word boxes
(``documents.phrase_quads``, ``phrase_quad_points``); what an exported copy holds, from pypdf;
what the store holds, from plain sqlite3.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf
from pypdf import PdfReader

from app.store.schema_version import DATABASE_NAME
from tests.annotations.documents import PAGE_ONE, PAGE_SIZE, PAGE_TWO, phrase_quads, write_text_pdf
from tests.annotations.other_tools import Written

TURN = 90  # the rotation of the page that shows PAGE_TWO
PREFACE = ("Camera ready version", "This page was put in front of the paper")
DROPPED_LINE = PAGE_ONE[1]
GONE_PHRASE = "measure throughput and latency"  # on the dropped line: lost in the new version
MOVED_PHRASE = "overlaps communication"  # page 1 -> page 2, one line higher
LAST_PHRASE = "sparse models"  # page 1 -> page 2, one line higher
TURNED_PHRASE = "partition models across"  # on the turned page: page 2 -> page 3

# What `annotations add --colour MEANING` must give: the default palette, written out here.
PALETTE = {
    "key idea": "#ffd400",  # yellow
    "strength": "#5fb236",  # green
    "weakness": "#ff6666",  # red
    "question": "#2ea8e5",  # blue
    "method": "#a28ae5",  # purple
}
# The keys of an annotation's JSON (the command line's contract).
JSON_KEYS = {
    "id",
    "reading",
    "kind",
    "page",
    "rects",
    "colour",
    "meaning",
    "quote",
    "comment",
    "author",
    "created",
    "modified",
    "anchored",
}
# The PDF /Subtype each kind of `annotations add` is exported as (ISO 32000-1, 12.5.6).
SUBTYPES = {
    "highlight": "/Highlight",
    "underline": "/Underline",
    "strikeout": "/StrikeOut",
    "squiggly": "/Squiggly",
    "note": "/Text",
    "freetext": "/FreeText",
}
# The JSON kind of the PDF subtypes the app edits; any other is its subtype in lower case.
VIEWER_KINDS = {
    "Highlight": "highlight",
    "Underline": "underline",
    "StrikeOut": "strikeout",
    "Squiggly": "squiggly",
    "Ink": "ink",
    "FreeText": "freetext",
    "Text": "note",
}


@dataclass(frozen=True)
class Versions:
    first: Path  # PAGE_ONE, PAGE_TWO (turned)
    second: Path  # PREFACE, PAGE_ONE without DROPPED_LINE, PAGE_TWO (turned)


def write_versions(folder: Path) -> Versions:
    folder.mkdir(parents=True, exist_ok=True)
    first = write_text_pdf(folder / "paper-v1.pdf", [PAGE_ONE, PAGE_TWO], rotations={1: TURN})
    kept = tuple(line for line in PAGE_ONE if line != DROPPED_LINE)
    second = write_text_pdf(folder / "paper-v2.pdf", [PREFACE, kept, PAGE_TWO], rotations={2: TURN})
    return Versions(first, second)


def write_encrypted(source: Path, dest: Path, password: str = "open sesame") -> Path:
    """``source`` saved with a user password: it opens only with the password."""
    document: Any = pymupdf.open(source)  # type: ignore[no-untyped-call]
    try:
        document.save(
            dest, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password
        )
    finally:
        document.close()
    return dest


def write_bad_files(folder: Path, paper: Path) -> dict[str, Path]:
    """Files a student might give instead of a paper, by name, with ``paper`` itself and a
    destination that must stay unwritten: not a PDF, damaged, encrypted, missing."""
    folder.mkdir(parents=True, exist_ok=True)
    not_pdf = folder / "notes.pdf"
    not_pdf.write_text("my notes on the paper\n", encoding="utf-8")
    damaged = folder / "damaged.pdf"
    damaged.write_bytes(paper.read_bytes()[:400])  # the header, then nothing
    return {
        "paper": paper,
        "not_pdf": not_pdf,
        "damaged": damaged,
        "encrypted": write_encrypted(paper, folder / "encrypted.pdf"),
        "missing": folder / "gone.pdf",
        "out": folder / "out.pdf",
    }


def kind_of(written: Written) -> str:
    """The JSON kind of an annotation another tool wrote: ours, or its subtype in lower case."""
    return VIEWER_KINDS.get(written.subtype, written.subtype.lower())


def phrase_rects(path: Path, page: int, phrase: str) -> list[list[float]]:
    """``[x0, y0, x1, y1]`` per line of ``phrase`` on ``page`` (0-based), in points on the page
    as shown from its top left corner: the box around PyMuPDF's word boxes, turned with the
    page."""
    rects = []
    for quad in phrase_quads(path, page, phrase):
        xs = [corner.x for corner in quad.corners]
        ys = [corner.y for corner in quad.corners]
        rects.append([min(xs), min(ys), max(xs), max(ys)])
    return rects


def near(
    got: Sequence[Sequence[float]], wanted: Sequence[Sequence[float]], tolerance: float = 0.5
) -> bool:
    """Two lists of rectangles (or of number lists) equal within ``tolerance`` points."""
    return len(got) == len(wanted) and all(
        len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))
        for a, b in zip(got, wanted, strict=True)
    )


def pdf_space(rect: Sequence[float]) -> list[float]:
    """A rectangle of an upright page (top-left origin) in the PDF's bottom-up space."""
    x0, y0, x1, y1 = rect
    return [x0, PAGE_SIZE[1] - y1, x1, PAGE_SIZE[1] - y0]


def channels(colour: str) -> list[float]:
    """``#rrggbb`` as the PDF's /C: red, green, blue from 0 to 1."""
    return [int(colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]


def pdf_annotations(path: Path) -> dict[str, tuple[int, Any]]:
    """pypdf's view of a PDF: each annotation with a /NM, as (0-based page, dictionary)."""
    found: dict[str, tuple[int, Any]] = {}
    for index, page in enumerate(PdfReader(path).pages):
        for reference in page.get("/Annots") or []:
            dictionary = reference.get_object()
            if "/NM" in dictionary:
                found[str(dictionary["/NM"])] = (index, dictionary)
    return found


def stored_columns(data_dir: Path, *names: str) -> dict[str, tuple[Any, ...]]:
    """These columns of the annotations table by annotation id, read with plain sqlite3."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        rows = connection.execute(f"SELECT id, {', '.join(names)} FROM annotations").fetchall()
    return {row[0]: tuple(row[1:]) for row in rows}
