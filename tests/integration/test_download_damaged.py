"""A damaged PDF is never "ready": the check, the downloader, the library and ``download``.

Damaged files are made on purpose: pages whose content points at objects that do not exist
(so the pages that cannot be read are known before the check runs), and real PDFs cut short
at several points. Servers are real (pdf_server.py); the command runs in a subprocess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from app.domain.library import DamagedPdfError, FailureKind, FetchState
from app.net.downloader import Downloader, DownloadSettings
from app.net.part_file import PartFile, PartState
from app.net.retry import RetryPolicy
from app.pdf.validate import InvalidPdfError, count_pages, page_ranges
from app.services.app_services import AppServices, open_services
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import course_page
from tests.integration.library_runs import fetch
from tests.integration.pdf_server import PdfServer, sha
from tests.pdfs import make_pdf, not_a_pdf_but_starts_like_one

FAST = DownloadSettings(
    connect_timeout=2.0,
    read_timeout=2.0,
    chunk_size=64 * 1024,
    retry=RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, jitter=0.0),
)


def with_broken_pages(pages: int, broken: range) -> bytes:
    """A PDF of ``pages`` pages whose pages in ``broken`` (1-based) lost their content."""
    document: Any = pymupdf.open(stream=make_pdf(pages), filetype="pdf")  # type: ignore[no-untyped-call]
    for number in broken:
        document.xref_set_key(document[number - 1].xref, "Contents", "[999 0 R]")
    data: bytes = document.tobytes()
    document.close()
    return data


@pytest.fixture
def course(fresh_data: Path, tmp_path: Path) -> Callable[[str], Path]:
    """``course(page)``: a data directory whose syllabus is that course page."""

    def publish(page: str) -> Path:
        source = tmp_path / "index.md"
        source.write_text(page, encoding="utf-8")
        with opened(fresh_data) as services:
            services.sync.sync(str(source), allow_removals=True)  # replaces the embedded term
        return fresh_data

    return publish


@contextmanager
def opened(data_dir: Path) -> Iterator[AppServices]:
    services = open_services(data_dir)
    try:
        yield services
    finally:
        services.close()


@pytest.fixture
def downloader() -> Any:
    made = Downloader(count_pages, settings=FAST)
    yield made
    made.close()


def test_pages_that_cannot_be_read_are_named(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(with_broken_pages(16, range(5, 13)))

    with pytest.raises(DamagedPdfError) as caught:
        count_pages(path)

    assert caught.value.pages == 16
    assert caught.value.problem == "pages 5-12 cannot be read"


@pytest.mark.parametrize("fraction", [0.5, 0.8, 0.97])
def test_a_file_cut_short_is_damaged_not_ready(tmp_path: Path, fraction: float) -> None:
    whole = make_pdf(16)
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: int(len(whole) * fraction)])

    with pytest.raises(DamagedPdfError) as caught:
        count_pages(path)

    assert caught.value.problem  # in words, whatever part was lost


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.7\n", not_a_pdf_but_starts_like_one(20_000), make_pdf(16)[:300]]
)
def test_garbage_or_a_stub_is_no_pdf_at_all(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(data)
    with pytest.raises(InvalidPdfError):
        count_pages(path)


def test_a_good_pdf_is_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "good.pdf"
    path.write_bytes(make_pdf(16, size=300_000))
    assert count_pages(path) == 16


def test_page_ranges_read_as_words() -> None:
    assert page_ranges([3]) == "page 3"
    assert page_ranges([2, 5, 6, 7, 12]) == "pages 2, 5-7, 12"


def test_a_damaged_download_is_kept_and_says_what_is_wrong(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    broken = with_broken_pages(16, range(5, 13))
    url = server.serve("/broken.pdf", broken)

    result = downloader.download(url, tmp_path / "paper.pdf")

    assert result.damage == "pages 5-12 cannot be read"
    assert result.pages == 16
    assert (tmp_path / "paper.pdf").read_bytes() == broken  # kept, to open anyway


def test_a_file_that_changed_size_is_fetched_whole_not_spliced(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    old = make_pdf(4, size=200_000, seed=1)
    new = make_pdf(4, size=260_000, seed=2)
    dest = tmp_path / "paper.pdf"
    url = server.serve("/paper.pdf", new)  # no validators: a Range is answered from the new file
    part = PartFile(dest)
    part.path.write_bytes(old[:100_000])
    part.save_state(PartState(url=url, total=len(old)))

    result = downloader.download(url, dest)

    assert result.damage is None
    assert dest.read_bytes() == new
    ranges = [seen.headers.get("range") for seen in server.seen("/paper.pdf")]
    assert ranges[0] == "bytes=100000-" and ranges[-1] is None  # asked again from the start


def test_a_damaged_resume_is_fetched_whole_once_more(
    server: PdfServer, downloader: Downloader, tmp_path: Path
) -> None:
    paper = make_pdf(16)
    dest = tmp_path / "paper.pdf"
    url = server.serve("/paper.pdf", paper)
    part = PartFile(dest)
    part.path.write_bytes(b"%PDF-1.7\n" + b"x" * 200)  # bytes of some other answer
    part.save_state(PartState(url=url, total=len(paper)))

    result = downloader.download(url, dest)

    assert result.damage is None and dest.read_bytes() == paper
    assert [seen.headers.get("range") for seen in server.seen("/paper.pdf")] == [
        "bytes=209-",
        None,
    ]


def test_the_library_records_damaged_downloads_and_attachments(
    services: AppServices, tmp_path: Path
) -> None:
    item = services.library.to_fetch()[0]
    broken = with_broken_pages(16, range(5, 13))
    local = tmp_path / "mine.pdf"
    local.write_bytes(broken)
    attached = services.library.attach(item.reading.id, local)

    assert attached.state is FetchState.DAMAGED
    assert attached.error == "pages 5-12 cannot be read"
    assert attached.error_kind is FailureKind.DAMAGED
    assert attached.path is not None and Path(attached.path).read_bytes() == broken
    stored = {i.reading.id: i.entry for i in services.library.items()}[item.reading.id]
    assert (stored.state, stored.error) == (FetchState.DAMAGED, "pages 5-12 cannot be read")
    assert item.reading.id not in {i.reading.id for i in services.library.to_fetch()}


def test_a_damaged_download_is_recorded_as_damaged(
    course: Callable[[str], Path], server: PdfServer
) -> None:
    broken = with_broken_pages(8, range(8, 9))
    link = server.serve("/broken.pdf", broken)
    with opened(course(course_page([("A broken paper", link)]))) as services:
        entry = fetch(services, link)[link]
    assert (entry.state, entry.error, entry.pages) == (
        FetchState.DAMAGED,
        "page 8 cannot be read",
        8,
    )


def test_download_prints_and_lists_a_damaged_file(
    course: Callable[[str], Path], server: PdfServer
) -> None:
    broken = with_broken_pages(16, range(5, 13))
    good = make_pdf(4, size=150_000, seed=1)
    data_dir = course(
        course_page(
            [
                ("A broken paper", server.serve("/broken.pdf", broken)),
                ("A good paper", server.serve("/good.pdf", good)),
            ]
        )
    )

    result = run(data_dir, "download", "--json")

    assert result.returncode == 1  # a damaged copy is no success
    listed = {entry["state"]: entry for entry in json_of(result)}
    assert set(listed) == {"damaged", "ready"}
    assert listed["damaged"]["error"] == "pages 5-12 cannot be read"
    assert listed["damaged"]["pages"] == 16
    assert Path(listed["damaged"]["path"]).read_bytes() == broken
    assert listed["ready"]["sha256"] == sha(good)
    assert any(
        line.startswith("damaged  A broken paper · pages 5-12 cannot be read (kept: ")
        for line in result.stderr.splitlines()
    )

    again = run(data_dir, "download")  # a damaged copy is not fetched again by itself
    assert again.returncode == 0
    assert [seen.path for seen in server.seen("/broken.pdf")] == ["/broken.pdf"]


def test_download_summary_counts_damaged_files(
    course: Callable[[str], Path], server: PdfServer
) -> None:
    data_dir = course(
        course_page([("A broken paper", server.serve("/b.pdf", with_broken_pages(6, range(2, 3))))])
    )
    result = run(data_dir, "download")
    summary, reason = result.stdout.splitlines()
    assert summary == (
        "0 downloaded, 1 damaged (kept; open anyway, download again or attach a copy)."
    )
    assert reason.endswith(": damaged, page 2 cannot be read")
