"""``download`` and ``readings`` through the real entry point, ``python -m app``.

Each test runs the program in a subprocess as a user would (no terminal on stdin, so nobody is
asked for a login; no keyring, as on a bare machine: see tests/conftest.py) against servers on
127.0.0.1, and reads only what it prints, its exit code and the files it leaves. The data
directory is prepared by syncing a small course page (test_library.course_page).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from app.services.app_services import open_services
from tests.integration.local_network import PROXY_VARIABLES
from tests.integration.pdf_server import PdfServer, Reply, Seen
from tests.integration.test_library import TrickleFile, course_page
from tests.pdfs import make_pdf

MODULE = (sys.executable, "-m", "app")
FIELDS = {"id", "state", "path", "bytes", "pages", "sha256", "error"}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def environment() -> dict[str, str]:
    """This environment without proxies or a data directory (each test passes --data-dir)."""
    return {
        name: value
        for name, value in os.environ.items()
        if name.upper() not in PROXY_VARIABLES and name != "STUDY_COMPANION_DATA_DIR"
    }


def start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*MODULE, "--data-dir", str(data_dir), *args],
        cwd=data_dir.parent,
        env=environment(),
        stdin=subprocess.DEVNULL,  # not a terminal: a login is not asked for
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    process = start(data_dir, *args)
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def json_of(result: subprocess.CompletedProcess[str]) -> Any:
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("first-start") / "data"
    open_services(directory).close()
    return directory


@pytest.fixture
def course(first_start: Path, tmp_path: Path) -> Iterator[Any]:
    """``course(page)``: a data directory whose syllabus is that course page."""
    data_dir = tmp_path / "data"
    shutil.copytree(first_start, data_dir)

    def publish(page: str) -> Path:
        source = tmp_path / "index.md"
        source.write_text(page, encoding="utf-8")
        services = open_services(data_dir)
        try:
            services.sync.sync(str(source))
        finally:
            services.close()
        return data_dir

    yield publish


@pytest.fixture
def server() -> Iterator[PdfServer]:
    with PdfServer() as running:
        yield running


def needs_login(seen: Seen) -> Reply:
    return Reply(401, {"WWW-Authenticate": 'Basic realm="library"'}, b"sign in")


# -- what the command prints and how it exits -------------------------------------------------


def test_a_week_with_failures_prints_a_summary_and_exits_non_zero(
    course: Any, server: PdfServer
) -> None:
    paper = make_pdf(4, size=150_000, seed=1)
    data_dir = course(
        course_page(
            [
                ("A paper", server.serve("/paper.pdf", paper)),
                ("An essay", server.route("/essay", lambda seen: Reply(200, {}, b"<p>Hi</p>"))),
                ("A moved paper", server.url("/moved.pdf")),  # no route: 404
                ("A paper behind a login", server.route("/private.pdf", needs_login)),
            ],
            [("Next week's paper", server.serve("/next.pdf", paper))],
        )
    )

    result = run(data_dir, "download", "--week", "1")

    assert result.returncode == 1
    summary, *reasons = result.stdout.splitlines()
    assert summary == (
        "1 downloaded, 1 web readings (open in the browser, or attach a PDF), 2 failed."
    )
    assert len(reasons) == 2
    assert f"answered 404 Not Found for {server.url('/moved.pdf')}" in reasons[0]
    assert f"{server.url('/private.pdf')} needs a login; open it in the browser" in reasons[1]
    # stderr: one line per finished reading (this is no terminal, so no progress bar)
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert any(line.endswith("ready   4 pages, 0.2 MB") for line in lines)
    assert all("Traceback" not in line and "unexpected" not in line for line in lines)
    assert not any(server.seen("/next.pdf"))  # --week 1 only


def test_download_json_lists_the_weeks_readings_and_readings_json_agrees(
    course: Any, server: PdfServer
) -> None:
    paper = make_pdf(4, size=150_000, seed=1)
    data_dir = course(
        course_page(
            [
                ("A paper", server.serve("/paper.pdf", paper)),
                ("An essay", server.route("/essay", lambda seen: Reply(200, {}, b"<p>Hi</p>"))),
                ("A paper behind a login", server.route("/private.pdf", needs_login)),
            ],
            [("Next week's paper", server.serve("/next.pdf", paper))],
        )
    )

    result = run(data_dir, "download", "--week", "1", "--json")

    assert result.returncode == 1  # the login wall failed
    printed = json_of(result)
    assert [set(entry) for entry in printed] == [FIELDS] * 3
    ready, web, failed = printed
    assert ready["state"] == "ready" and ready["error"] is None
    assert (ready["bytes"], ready["pages"], ready["sha256"]) == (len(paper), 4, sha(paper))
    assert Path(ready["path"]).read_bytes() == paper
    assert Path(ready["path"]).parent == data_dir / "library"
    assert web == {
        "id": web["id"],
        "state": "web",
        "path": None,
        "bytes": None,
        "pages": None,
        "sha256": None,
        "error": None,
    }
    assert failed["state"] == "failed" and failed["path"] is None
    assert "needs a login; open it in the browser or attach the PDF" in failed["error"]

    listed = json_of(run(data_dir, "readings", "--json"))
    by_id = {reading["id"]: reading for reading in listed if not reading["archived"]}
    for entry in printed:
        assert {name: by_id[entry["id"]][name] for name in FIELDS} == entry
    [next_week] = [reading for reading in by_id.values() if reading["week"] == 2]
    assert (next_week["state"], next_week["path"], next_week["error"]) == (
        "not_fetched",
        None,
        None,
    )


def test_a_run_with_nothing_failed_exits_zero_and_a_second_run_fetches_nothing(
    course: Any, server: PdfServer
) -> None:
    papers = [make_pdf(2 + n, size=100_000, seed=n) for n in range(3)]
    data_dir = course(
        course_page(
            [(f"Paper {n}", server.serve(f"/{n}.pdf", data)) for n, data in enumerate(papers)]
        )
    )

    first = run(data_dir, "download", "--all", "--json")
    second = run(data_dir, "download")

    assert first.returncode == 0, first.stderr
    assert [entry["sha256"] for entry in json_of(first)] == [sha(data) for data in papers]
    assert second.returncode == 0, second.stderr
    assert second.stdout == "0 downloaded, 3 already here.\n"
    assert len(server.requests) == 3  # one request per paper, in both runs together


# -- killed mid-file --------------------------------------------------------------------------


@pytest.fixture
def trickle_server() -> Iterator[HTTPServer]:
    running = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    running.start()
    yield running
    running.clear()
    running.stop()


def wait_for_part(library: Path, size: int, process: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        parts = list(library.glob("*.part")) if library.exists() else []
        if parts and parts[0].stat().st_size >= size:
            return parts[0]
        assert process.poll() is None, "the download ended before it could be killed"
        time.sleep(0.005)
    raise AssertionError("the .part file never grew")


def test_a_download_killed_mid_file_never_leaves_a_broken_file_and_resumes(
    course: Any, trickle_server: HTTPServer
) -> None:
    big = make_pdf(12, size=3_000_000, seed=7)
    trickle = TrickleFile(big, piece=32 * 1024, pause=0.02)  # about 1.6 MB/s
    trickle_server.expect_request("/big.pdf").respond_with_handler(trickle)
    data_dir = course(course_page([("A long paper", trickle_server.url_for("/big.pdf"))]))
    library = data_dir / "library"

    process = start(data_dir, "download", "--json")
    try:
        part = wait_for_part(library, 600_000, process)
        in_place = [path.name for path in library.iterdir() if not path.name.endswith(".json")]
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.communicate(timeout=30)

    assert process.returncode == -signal.SIGKILL
    assert in_place == [part.name]  # at kill time: the bytes so far, and no file in place
    part_size = part.stat().st_size
    assert 600_000 <= part_size < len(big)
    final = part.with_name(part.name.removesuffix(".part"))
    assert not final.exists()
    [left] = [r for r in json_of(run(data_dir, "readings", "--json")) if not r["archived"]]
    assert (left["state"], left["path"]) == ("downloading", None)

    trickle.fast = True
    again = run(data_dir, "download", "--json")

    assert again.returncode == 0, again.stderr
    [entry] = json_of(again)
    assert entry["state"] == "ready"
    assert (entry["path"], entry["bytes"], entry["sha256"]) == (str(final), len(big), sha(big))
    assert entry["pages"] == 12
    assert final.read_bytes() == big
    assert trickle.ranges == [None, f"bytes={part_size}-"]  # the rest, not the whole file again
    assert sorted(path.name for path in library.iterdir()) == [final.name]
