"""Offline, said once: when no site can be reached, ``download`` stops early with one message.

"Offline" is made real: every reading's host (127.0.0.1 to 127.0.0.12) is a local socket that
accepts each connection and resets it at once, the way a dead network refuses, and counts
them, so the test sees how many readings were even tried. A run that reaches one server is
not offline. The command runs in a subprocess.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.domain.library import OFFLINE_MESSAGE
from app.services.app_services import open_services
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import course_page
from tests.integration.pdf_server import PdfServer
from tests.pdfs import make_pdf

READINGS = 12


class Refuser:
    """Accepts connections on every 127.x address and resets each one; counts them."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("0.0.0.0", 0))  # every 127.x address reaches it
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.socket.accept()
            except OSError:  # closed by the test
                return
            self.connections += 1
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()  # a reset, before any answer

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)  # wakes the accept(); close alone does not
        self.socket.close()
        self._thread.join()


@pytest.fixture
def refuser() -> Iterator[Refuser]:
    made = Refuser()
    yield made
    made.close()


def publish(data_dir: Path, tmp_path: Path, readings: list[tuple[str, str]]) -> None:
    source = tmp_path / "index.md"
    source.write_text(course_page(readings), encoding="utf-8")
    services = open_services(data_dir)
    try:
        services.sync.sync(str(source), allow_removals=True)  # a small course, on purpose
    finally:
        services.close()


def test_offline_stops_early_with_one_message(
    fresh_data: Path, tmp_path: Path, refuser: Refuser
) -> None:
    links = [f"http://127.0.0.{n}:{refuser.port}/paper/{n}" for n in range(1, READINGS + 1)]
    publish(fresh_data, tmp_path, [(f"Paper {n}", link) for n, link in enumerate(links, 1)])

    result = run(fresh_data, "download")

    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"0 downloaded, {READINGS} not downloaded.",
        f"{OFFLINE_MESSAGE}: run the command again.",
    ]
    # Four workers start at once; the run is offline once two hosts failed, by which time
    # at most one worker has taken another reading: the other seven are never tried.
    assert refuser.connections <= 5
    assert "Traceback" not in result.stderr

    listed = json_of(run(fresh_data, "download", "--json"))  # Retry: still offline
    assert [(entry["state"], entry["error"]) for entry in listed] == [
        ("failed", OFFLINE_MESSAGE)
    ] * READINGS


def test_one_unreachable_site_among_answering_ones_is_that_sites_trouble(
    fresh_data: Path, tmp_path: Path, refuser: Refuser, server: PdfServer
) -> None:
    paper = server.serve("/paper.pdf", make_pdf(3))
    gone = [f"http://127.0.0.{n}:{refuser.port}/paper/{n}" for n in (2, 3)]
    publish(fresh_data, tmp_path, [("A paper", paper), ("Gone 1", gone[0]), ("Gone 2", gone[1])])

    result = run(fresh_data, "download", "--json")

    states = [(entry["state"], entry["error"]) for entry in json_of(result)]
    assert states[0] == ("ready", None)
    assert [state for state, _error in states[1:]] == ["failed", "failed"]
    assert all(error != OFFLINE_MESSAGE for _state, error in states[1:])
