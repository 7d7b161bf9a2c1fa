"""Week 8's readings with PDFs attached and annotated through the services, for the annotation
views' tests, the screenshot command's tests and the README's screenshot.

The PDFs are the annotation tests' text documents (tests/annotations/documents.py): known lines,
so a quote is known to be on its page. Each mark says what it is in plain values, so a test can
state what a view must show from the marks, not from what the app stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind
from app.services.app_services import AppServices
from app.ui.main_window import MainWindow
from app.ui.reader.reader_tab import ReaderTab
from app.ui.reading_row import RowAction
from tests.annotations.documents import PAGE_ONE, PAGE_TWO, write_text_pdf
from tests.gui.readings import press

WEEK = 8
OPEN_MS = 10_000
KEY_IDEA, STRENGTH, WEAKNESS, QUESTION, METHOD = (entry.colour for entry in DEFAULT_PALETTE)


@dataclass(frozen=True)
class Mark:
    """One annotation to make: by quote (text markup) or at a point (a sticky note)."""

    page: int  # 0-based
    kind: AnnotationKind
    colour: str
    quote: str = ""
    comment: str = ""


# On the first reading: every colour, a markup of each common kind, a note on page 2.
FIRST_MARKS = (
    Mark(0, AnnotationKind.HIGHLIGHT, KEY_IDEA, "measure throughput and latency", "The claim"),
    Mark(0, AnnotationKind.HIGHLIGHT, STRENGTH, "threefold speedup", "Large, if it holds"),
    Mark(0, AnnotationKind.UNDERLINE, WEAKNESS, "memory pressure", "Only at large batches?"),
    Mark(0, AnnotationKind.HIGHLIGHT, METHOD, "overlaps communication"),
    Mark(1, AnnotationKind.NOTE, QUESTION, comment="How do they pick the stage sizes?"),
)
# On the second reading: one highlight, so the week view mixes two readings.
SECOND_MARKS = (
    Mark(1, AnnotationKind.HIGHLIGHT, QUESTION, "every device busy", "Bubbles at the ends?"),
)


@dataclass(frozen=True)
class AnnotatedReading:
    reading_id: str
    title: str
    pdf: Path
    annotations: tuple[Annotation, ...]


def attach_text_pdf(services: AppServices, folder: Path, reading_id: str) -> Path:
    """A two-page text PDF (tests/annotations/documents.py) attached as the reading's file."""
    folder.mkdir(parents=True, exist_ok=True)
    source = write_text_pdf(folder / f"{reading_id}.pdf", [PAGE_ONE, PAGE_TWO])
    services.library.attach(reading_id, source)
    entry = services.library.items()
    path = next(item.entry.path for item in entry if item.reading.id == reading_id)
    assert path is not None, "the PDF did not attach"
    return Path(path)


def make_marks(services: AppServices, reading_id: str, marks: tuple[Mark, ...]) -> list[Annotation]:
    made = []
    for mark in marks:
        if mark.quote:
            made.append(
                services.annotations.add_by_quote(
                    reading_id,
                    page=mark.page,
                    quote=mark.quote,
                    kind=mark.kind,
                    colour=mark.colour,
                    comment=mark.comment,
                )
            )
        else:
            made.append(
                services.annotations.add_at(
                    reading_id,
                    page=mark.page,
                    x=400,
                    y=120,
                    kind=mark.kind,
                    colour=mark.colour,
                    comment=mark.comment,
                )
            )
    return made


def annotated_week(services: AppServices, folder: Path) -> list[AnnotatedReading]:
    """Week 8's first two readings with PDFs and the marks above; the third has a PDF and no
    annotations (its row must not appear in the week's annotations)."""
    readings = [listed.reading for listed in services.course.readings(WEEK)]
    done = []
    for reading, marks in zip(readings, (FIRST_MARKS, SECOND_MARKS, ()), strict=False):
        pdf = attach_text_pdf(services, folder, reading.id)
        made = make_marks(services, reading.id, marks)
        done.append(AnnotatedReading(reading.id, reading.title, pdf, tuple(made)))
    return done


def open_reading(qtbot: QtBot, window: MainWindow, reading_id: str) -> ReaderTab:
    """The reading opened as a student opens it (its row's Open PDF), its pages shown."""
    window.select_week(WEEK)
    press(qtbot, window, reading_id, RowAction.OPEN)
    tab = window.tabs.reading_tab(reading_id)
    assert tab is not None, "Open PDF opened no tab"
    qtbot.waitUntil(lambda: tab.document is not None, timeout=OPEN_MS)
    return tab


def shown_page(tab: ReaderTab) -> int:
    """The 0-based page the reader's page box says the student is on."""
    return tab.toolbar.page_box.value() - 1
