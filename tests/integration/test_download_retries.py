"""``download`` says each retry of a server error as it waits, then the file comes.

The server (pdf_server.py) answers 503 twice with ``Retry-After: 0``, then the PDF; the
command runs in a subprocess and is read only from what it prints.
"""

from __future__ import annotations

from pathlib import Path

from app.services.app_services import open_services
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import course_page
from tests.integration.pdf_server import PdfServer, Reply, Seen, file_reply, sha
from tests.pdfs import make_pdf


def test_download_prints_each_retry_then_the_file(
    fresh_data: Path, tmp_path: Path, server: PdfServer
) -> None:
    paper = make_pdf(3, seed=4)

    def flaky(seen: Seen) -> Reply:
        if seen.number <= 2:
            return Reply(503, {"Retry-After": "0"}, b"busy")
        return file_reply(paper, seen)

    link = server.route("/flaky.pdf", flaky)
    source = tmp_path / "index.md"
    source.write_text(course_page([("A flaky paper", link)]), encoding="utf-8")
    services = open_services(fresh_data)
    try:
        services.sync.sync(str(source), allow_removals=True)  # a small course, on purpose
    finally:
        services.close()

    result = run(fresh_data, "download", "--json")

    assert result.returncode == 0
    (entry,) = json_of(result)
    assert (entry["state"], entry["sha256"]) == ("ready", sha(paper))
    retries = [line for line in result.stderr.splitlines() if "retrying" in line]
    reason = f"127.0.0.1 answered 503 Service Unavailable for {link}"
    assert retries == [
        f"retrying A flaky paper · in 1 s (attempt 2 of 5): {reason}; the server is having "
        "trouble; try again later",
        f"retrying A flaky paper · in 1 s (attempt 3 of 5): {reason}; the server is having "
        "trouble; try again later",
    ]
