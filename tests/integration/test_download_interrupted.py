"""Ctrl+C on ``download`` stops it at once, even while the server is silent; the part stays.

The server sends the first 640 kB of a 4 MB paper and then nothing, without closing (the
read timeout is 30 s). The command runs in a subprocess and gets SIGINT, as from Ctrl+C,
once those bytes are on disk; it must end long before the read timeout (the bound is 10 s).
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from app.services.app_services import open_services
from tests.integration.cli_process import start
from tests.integration.course_page import course_page
from tests.integration.pdf_server import HANG_BOUND, Gate, PdfServer, Reply
from tests.pdfs import make_pdf

SENT = 640 * 1024


def test_ctrl_c_stops_a_download_from_a_silent_server_and_keeps_the_part(
    fresh_data: Path, tmp_path: Path, server: PdfServer
) -> None:
    paper = make_pdf(2, size=4_000_000)
    sent = Gate()  # the test waits here until the first bytes went out (never opened)
    link = server.route(
        "/silent.pdf", lambda _seen: Reply(200, {}, paper, gate=sent, gate_after=SENT)
    )
    source = tmp_path / "index.md"
    source.write_text(course_page([("A silent paper", link)]), encoding="utf-8")
    services = open_services(fresh_data)
    try:
        services.sync.sync(str(source), allow_removals=True)  # a small course, on purpose
    finally:
        services.close()
    library = fresh_data / "library"

    process = start(fresh_data, "download")
    assert sent.wait_for(1)  # the server sent 640 kB and holds the rest
    deadline = time.monotonic() + HANG_BOUND  # bounds a hang only
    while not [p for p in library.glob("*.part") if p.stat().st_size == SENT]:
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the bytes never reached the disk"
        time.sleep(0.01)  # polling the disk, as cli_process.kill_download_when does
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=10)

    assert process.returncode != 0
    assert "interrupted; run the command again to resume" in stderr
    assert "Traceback" not in stderr
    [part] = library.glob("*.part")
    assert part.stat().st_size == SENT  # kept for the resume
    assert len(server.seen("/silent.pdf")) == 1
    assert stdout == ""


def test_ctrl_c_stops_a_download_whose_server_accepted_and_says_nothing(
    fresh_data: Path, tmp_path: Path, server: PdfServer
) -> None:
    """No status line comes (the read timeout is 30 s): Ctrl+C still ends the command at once."""
    mute = Gate()  # never opened
    link = server.route("/mute.pdf", lambda _seen: Reply(gate=mute))
    source = tmp_path / "index.md"
    source.write_text(course_page([("A mute paper", link)]), encoding="utf-8")
    services = open_services(fresh_data)
    try:
        services.sync.sync(str(source), allow_removals=True)
    finally:
        services.close()

    process = start(fresh_data, "download")
    assert mute.wait_for(1)  # the request is in; the server says nothing
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=10)

    assert process.returncode != 0
    assert "interrupted; run the command again to resume" in stderr
    assert "Traceback" not in stderr
    assert not list((fresh_data / "library").glob("*.part"))
    assert len(server.seen("/mute.pdf")) == 1
    assert stdout == ""
