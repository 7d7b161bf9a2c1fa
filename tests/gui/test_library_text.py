"""The words a reading's row, the downloads panel and the week list use for library states."""

from __future__ import annotations

import pytest

from app.domain.library import FetchState, LibraryEntry
from app.ui import library_text as lt

RID = "0123456789ab"


def entry(state: FetchState, **fields: object) -> LibraryEntry:
    return LibraryEntry(RID, state, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1_000, "1.0 kB"),
        (820_400, "820 kB"),
        (1_449_000, "1.4 MB"),
        (12_300_000, "12 MB"),
        (999_600_000, "1.0 GB"),
        (2_500_000_000, "2.5 GB"),
    ],
)
def test_sizes_read_as_a_file_manager_shows_them(size: int, text: str) -> None:
    assert lt.size_text(size) == text


def test_each_state_has_its_line() -> None:
    assert lt.status_text(entry(FetchState.NOT_FETCHED)) == "Not downloaded"
    assert lt.status_text(entry(FetchState.NOT_FETCHED), has_link=False).startswith("No link")
    assert lt.status_text(entry(FetchState.QUEUED)) == "Waiting to download"
    assert lt.status_text(entry(FetchState.DOWNLOADING)) == "Connecting…"
    moving = entry(FetchState.DOWNLOADING, bytes=1_200_000, total_bytes=4_000_000)
    assert lt.status_text(moving) == "Downloading 30 % · 1.2 MB of 4.0 MB"
    unsized = entry(FetchState.DOWNLOADING, bytes=1_200_000)
    assert lt.status_text(unsized) == "1.2 MB"
    ready = entry(FetchState.READY, bytes=1_449_000, pages=12)
    assert lt.status_text(ready) == "PDF ready · 12 pages · 1.4 MB"
    one_page = entry(FetchState.ATTACHED, bytes=20_000, pages=1)
    assert lt.status_text(one_page) == "Your PDF · 1 page · 20 kB"
    assert lt.status_text(entry(FetchState.FAILED, error="x")) == "Could not download"
    assert lt.status_text(entry(FetchState.WEB)) == "Web page · read it in the browser"


def test_a_download_left_by_a_stopped_run_reads_as_interrupted() -> None:
    left = entry(FetchState.DOWNLOADING, bytes=500_000, total_bytes=2_000_000)
    assert lt.status_text(left, active=False) == "Interrupted · 500 kB of 2.0 MB kept"
    assert lt.status_text(entry(FetchState.QUEUED), active=False) == "Interrupted"


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (
            "This link leads to a login page at https://x.org/a; open it in the browser",
            "This link leads to a login page at https://x.org/a; open it in the browser.",
        ),
        ("could not write the file: disk full", "Could not write the file: disk full."),
        ("http://a.org/p.pdf needs a login.", "http://a.org/p.pdf needs a login."),
        ("arxiv.org answered 404 Not Found", "arxiv.org answered 404 Not Found."),
        (None, "It failed for an unknown reason."),
    ],
)
def test_reasons_become_sentences_without_mangling_addresses(
    error: str | None, advice: str
) -> None:
    assert lt.advice(error) == advice


def test_the_panel_sums_up_a_running_session_and_a_finished_one() -> None:
    running = [
        entry(FetchState.READY, bytes=1_000_000, total_bytes=1_000_000, pages=3),
        entry(FetchState.DOWNLOADING, bytes=500_000, total_bytes=2_000_000),
        entry(FetchState.QUEUED),
    ]
    assert lt.summary_text(running, running=True) == "1 of 3 done · 1.5 MB received"
    started = running[:2]
    assert lt.summary_text(started, running=True) == "1 of 2 done · 1.5 MB of 3.0 MB"
    finished = [
        entry(FetchState.READY, pages=3, bytes=10),
        entry(FetchState.ATTACHED, pages=3, bytes=10),
        entry(FetchState.FAILED, error="no"),
        entry(FetchState.WEB),
        entry(FetchState.WEB),
        entry(FetchState.NOT_FETCHED),
    ]
    assert lt.summary_text(finished, running=False) == (
        "Finished: 2 ready, 1 failed, 2 web pages, 1 cancelled"
    )
    assert lt.summary_text([], running=False) == "No downloads yet"
    assert lt.short_status(running[1]) == "25 % · 500 kB of 2.0 MB"
    assert lt.short_status(entry(FetchState.NOT_FETCHED)) == "Cancelled"


def test_the_week_list_counts_ready_readings() -> None:
    assert lt.readings_count(3, 0) == "3 readings"
    assert lt.readings_count(3, 2) == "3 readings · 2 ready"
    assert lt.readings_count(3, 3) == "3 readings · all ready"
    assert lt.readings_count(1, 1) == "1 reading · 1 ready"


def test_the_bar_counts_bytes_a_size_once_its_server_said_it() -> None:
    done = entry(FetchState.READY, bytes=2_000_000, total_bytes=2_000_000)
    coming = entry(FetchState.DOWNLOADING, bytes=1_000_000, total_bytes=8_000_000)
    unsized = entry(FetchState.DOWNLOADING, bytes=300_000)  # no Content-Length yet
    waiting = entry(FetchState.QUEUED)
    failed = entry(FetchState.FAILED, error="gone")
    assert lt.byte_progress([done, coming, unsized, waiting, failed]) == (3_300_000, 10_300_000)
    assert lt.byte_progress([]) == (0, 0)


def test_a_run_that_left_readings_failed_says_so_once() -> None:
    ready = entry(FetchState.READY)
    failed = entry(FetchState.FAILED, error="x")
    damaged = entry(FetchState.DAMAGED, error="page 2 cannot be read")
    assert lt.outcome_text([ready]) is None
    assert (
        lt.outcome_text([ready, failed]) == "1 reading could not be downloaded: its row says why."
    )
    assert lt.outcome_text([failed, failed, damaged]) == (
        "2 readings could not be downloaded and 1 came in damaged: their rows say why."
    )


def test_before_any_download_the_panel_says_how_the_term_stands() -> None:
    assert lt.library_text([entry(FetchState.NOT_FETCHED)], 30) == lt.EMPTY_PANEL
    paused = entry(FetchState.NOT_FETCHED, bytes=5)
    here = [entry(FetchState.READY), entry(FetchState.ATTACHED)]
    assert lt.library_text([*here, entry(FetchState.FAILED), paused], 30) == (
        "Library: 2 of 30 readings here, 1 failed, 1 paused"
    )
