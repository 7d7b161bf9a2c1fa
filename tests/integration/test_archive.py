"""A reading that leaves the syllabus keeps its PDF, library state and reading position, and gets
them back, under the same id, when the course page brings it back.

All through the app's own path: a first-start data directory, the course page synced from
local files (the real index.md, edited the way the staff edits it), a PDF downloaded from a
server on 127.0.0.1 or attached from disk through the library service, a position saved through
the progress service, and the archive checked on the command line (``readings --json``).
"""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from app import cli
from app.domain.library import FetchState
from app.domain.reading_position import FitMode, ReadingPosition
from app.domain.reading_progress import ReadingProgress
from app.services.app_services import AppServices
from tests.integration import course_versions as cv
from tests.integration.pdf_server import PdfServer
from tests.pdfs import make_pdf, write_pdf

# Two week-3 readings of the real course page, by their links there.
MIXED_PRECISION = "https://openreview.net/pdf?id=r1gs9JgRZ"
ROOFLINE = "https://people.eecs.berkeley.edu/~kubitron/cs252/handouts/papers/RooflineVyNoYellow.pdf"

WHERE = ReadingPosition(page=3, offset=0.4, zoom=1.75, fit=FitMode.NONE)
READ = ReadingProgress(frozenset({0, 1, 2, 3}), 905.5)


class CoursePage:
    """The course page as local files: each ``publish`` is a new version, synced at once."""

    def __init__(self, services: AppServices, folder: Path) -> None:
        self.services, self.folder, self.versions = services, folder, 0

    def publish(self, text: str) -> None:
        self.versions += 1
        page = self.folder / f"index-v{self.versions}.md"
        page.write_text(text, encoding="utf-8")
        self.services.sync.sync(str(page))


def week_3_reading_id(services: AppServices, link: str) -> str:
    [reading_id] = [
        item.reading.id for item in services.course.readings(3) if item.reading.url == link
    ]
    return reading_id


def listed_on_the_command_line(data_dir: Path, reading_id: str) -> dict[str, Any]:
    """The reading as ``study-companion readings --json`` lists it."""
    out, err = io.StringIO(), io.StringIO()
    args = cli.build_parser().parse_args(["--data-dir", str(data_dir), "readings", "--json"])
    assert cli.run(args, out, err) == 0, err.getvalue()
    [listed] = [row for row in json.loads(out.getvalue()) if row["id"] == reading_id]
    return dict(listed)


def give_a_downloaded_pdf(
    services: AppServices, page: CoursePage, server: PdfServer, course: str
) -> tuple[str, str, bytes]:
    """The staff links a local copy of Mixed precision training; the student downloads it.

    Returns the reading's id, the course page with that link, and the PDF's bytes.
    """
    reading_id = week_3_reading_id(services, MIXED_PRECISION)
    data = make_pdf(6, seed=11, title="Mixed precision training")
    local = server.serve("/mixed-precision.pdf", data)
    course = cv.change_reading_link(course, MIXED_PRECISION, local)
    page.publish(course)
    wanted = [item for item in services.library.to_fetch(3) if item.reading.id == reading_id]
    assert len(wanted) == 1
    [entry] = services.library.download(wanted)
    assert entry.state is FetchState.READY, entry.error
    return reading_id, course, data


def attach_a_pdf(
    services: AppServices, page: CoursePage, folder: Path, course: str
) -> tuple[str, str, bytes]:
    """The student attaches a PDF from disk to Roofline (its own link is left alone)."""
    reading_id = week_3_reading_id(services, ROOFLINE)
    own_copy = folder / "roofline-from-the-library.pdf"
    data = write_pdf(own_copy, pages=5, seed=12)
    entry = services.library.attach(reading_id, own_copy)
    assert entry.state is FetchState.ATTACHED
    return reading_id, course, data


@pytest.mark.parametrize("how", ["downloaded", "attached"])
def test_an_archived_reading_keeps_its_pdf_state_and_position_and_gets_them_back(
    how: str,
    services: AppServices,
    data_dir: Path,
    tmp_path: Path,
    course_index_text: str,
) -> None:
    page = CoursePage(services, tmp_path)
    with PdfServer() as server:
        if how == "downloaded":
            reading_id, course, data = give_a_downloaded_pdf(
                services, page, server, course_index_text
            )
        else:
            reading_id, course, data = attach_a_pdf(services, page, tmp_path, course_index_text)
    services.progress.save(reading_id, WHERE, READ)
    before = listed_on_the_command_line(data_dir, reading_id)
    assert before["archived"] is False and before["state"] in ("ready", "attached")
    pdf = Path(before["path"])
    assert pdf.read_bytes() == data
    link = before["url"]

    # The staff takes the reading off the page.
    page.publish(cv.remove_reading(course, link))

    archived = listed_on_the_command_line(data_dir, reading_id)
    assert archived["archived"] is True and archived["week"] == 3
    assert {key: archived[key] for key in ("state", "path", "sha256", "pages")} == {
        key: before[key] for key in ("state", "path", "sha256", "pages")
    }
    assert archived["sha256"] == hashlib.sha256(data).hexdigest()
    assert pdf.read_bytes() == data, "the file of an archived reading was touched"
    assert services.progress.load(reading_id) == (WHERE, READ)
    assert reading_id not in {item.reading.id for item in services.library.to_fetch()}, (
        "Download All would fetch an archived reading"
    )

    # The staff puts it back.
    page.publish(course)

    back = listed_on_the_command_line(data_dir, reading_id)
    assert back["archived"] is False and back["week"] == 3 and back["url"] == link
    assert back == before
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    assert services.progress.load(reading_id) == (WHERE, READ)
    assert reading_id not in {item.reading.id for item in services.library.to_fetch()}, (
        "the returning reading's PDF would be fetched again"
    )
