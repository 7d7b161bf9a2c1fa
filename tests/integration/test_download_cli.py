"""``download`` and ``readings`` through the real entry point, ``python -m app``.

Each test runs the program in a subprocess as a user would (tests/integration/cli_process.py:
no terminal on stdin, so nobody is asked for a login; no keyring, as on a bare machine)
against the PDF server on 127.0.0.1, and reads only what it prints, its exit code and the files
it leaves. The data directory is prepared by syncing a small course page (course_page.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.services.app_services import open_services
from tests.integration.cli_process import has_bytes_on_disk, json_of, kill_download_when, run
from tests.integration.course_page import course_page
from tests.integration.pdf_server import Gate, PdfServer, Reply, Seen, sha
from tests.pdfs import make_pdf

FIELDS = {"id", "title", "state", "path", "bytes", "pages", "sha256", "error"}


@pytest.fixture
def course(fresh_data: Path, tmp_path: Path) -> Callable[[str], Path]:
    """``course(page)``: a data directory whose syllabus is that course page."""

    def publish(page: str) -> Path:
        source = tmp_path / "index.md"
        source.write_text(page, encoding="utf-8")
        services = open_services(fresh_data)
        try:
            services.sync.sync(str(source), allow_removals=True)  # replaces the embedded term
        finally:
            services.close()
        return fresh_data

    return publish


def needs_login(seen: Seen) -> Reply:
    return Reply(401, {"WWW-Authenticate": 'Basic realm="library"'}, b"sign in")


def mixed_first_week(server: PdfServer, paper: bytes, *, moved: bool) -> str:
    """Week 1: a paper, an essay, (a moved paper,) a paper behind a login; week 2: a paper."""
    week = [
        ("A paper", server.serve("/paper.pdf", paper)),
        ("An essay", server.route("/essay", lambda seen: Reply(200, {}, b"<p>Hi</p>"))),
    ]
    if moved:
        week.append(("A moved paper", server.url("/moved.pdf")))  # no route: 404
    week.append(("A paper behind a login", server.route("/private.pdf", needs_login)))
    return course_page(week, [("Next week's paper", server.serve("/next.pdf", paper))])


# -- what the command prints and how it exits -------------------------------------------------


def test_a_week_with_failures_prints_a_summary_and_exits_non_zero(
    course: Any, server: PdfServer
) -> None:
    paper = make_pdf(4, size=150_000, seed=1)
    data_dir = course(mixed_first_week(server, paper, moved=True))

    result = run(data_dir, "download", "--week", "1")

    assert result.returncode == 1
    summary, *reasons = result.stdout.splitlines()
    assert summary == (
        "1 downloaded, 1 web readings (open in the browser, or attach a PDF), 2 failed."
    )
    assert len(reasons) == 2
    assert reasons[0].startswith("  A moved paper (")
    assert f"answered 404 Not Found for {server.url('/moved.pdf')}" in reasons[0]
    assert f"{server.url('/private.pdf')} needs a login; open it in the browser" in reasons[1]
    # stderr: one line per finished reading (this is no terminal, so no progress bar)
    lines = result.stderr.splitlines()
    assert len(lines) == 4, result.stderr
    assert "ready    A paper · 4 pages, 0.2 MB" in lines  # named by title, with its state
    essay = server.url("/essay")
    assert f"web      An essay · not a PDF: open {essay} in the browser" in lines
    assert all("Traceback" not in line and "unexpected" not in line for line in lines)
    assert not any(server.seen("/next.pdf"))  # --week 1 only


def test_download_json_lists_the_weeks_readings_and_readings_json_agrees(
    course: Any, server: PdfServer
) -> None:
    paper = make_pdf(4, size=150_000, seed=1)
    data_dir = course(mixed_first_week(server, paper, moved=False))

    result = run(data_dir, "download", "--week", "1", "--json")

    assert result.returncode == 1  # the login wall failed
    printed = json_of(result)
    assert [set(entry) for entry in printed] == [FIELDS] * 3
    ready, web, failed = printed
    assert ready["state"] == "ready" and ready["error"] is None
    assert (ready["bytes"], ready["pages"], ready["sha256"]) == (len(paper), 4, sha(paper))
    assert Path(ready["path"]).read_bytes() == paper
    assert Path(ready["path"]).parent == data_dir / "library"
    assert [entry["title"] for entry in printed] == [
        "A paper",
        "An essay",
        "A paper behind a login",
    ]
    assert web == {
        "id": web["id"],
        "title": "An essay",
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


def test_each_line_names_the_reading_by_its_title_cut_at_a_word(
    course: Any, server: PdfServer
) -> None:
    long_title = "Efficient Memory Management for Large Language Model Serving with PagedAttention"
    data_dir = course(
        course_page(
            [
                (long_title, server.serve("/paged.pdf", make_pdf(3, seed=2))),
                ("A moved paper", server.url("/gone.pdf")),  # no route: 404
            ]
        )
    )

    result = run(data_dir, "download")

    lines = result.stderr.splitlines()
    shown = "Efficient Memory Management for Large Language Model…"  # cut at 60, at a word
    # The readings finish in any order; each line starts with its state and its title.
    assert sorted(line.split(" · ")[0] for line in lines) == [
        "failed   A moved paper",
        f"ready    {shown}",
    ]
    summary, reason = result.stdout.splitlines()
    assert summary == "1 downloaded, 1 failed."
    assert reason.startswith("  A moved paper (") and "answered 404 Not Found" in reason


# -- killed mid-file --------------------------------------------------------------------------


def test_a_download_killed_mid_file_never_leaves_a_broken_file_and_resumes(
    course: Any, server: PdfServer
) -> None:
    big = make_pdf(12, size=3_000_000, seed=7)
    etag = '"big-v1"'
    held = Gate()  # the first 600 kB come, then the server holds the rest
    url = server.serve_slowly(
        "/big.pdf", big, piece=64 * 1024, pause=0.0, gate=held, gate_after=600_000, etag=etag
    )
    data_dir = course(course_page([("A long paper", url)]))
    library = data_dir / "library"

    in_place = kill_download_when(
        data_dir, lambda: held.holding() == 1 and has_bytes_on_disk(library), "--json"
    )

    [part] = library.glob("*.part")
    assert in_place == sorted([part.name, part.name + ".json"])  # the bytes so far, no file
    part_size = part.stat().st_size
    assert 0 < part_size <= 600_000  # what had come when it died; nothing after the gate
    assert part.read_bytes() == big[:part_size]
    final = part.with_name(part.name.removesuffix(".part"))
    assert not final.exists()
    [left] = [r for r in json_of(run(data_dir, "readings", "--json")) if not r["archived"]]
    assert (left["state"], left["path"]) == ("downloading", None)

    held.open()  # the network came back
    again = run(data_dir, "download", "--json")

    assert again.returncode == 0, again.stderr
    [entry] = json_of(again)
    assert entry["state"] == "ready"
    assert (entry["path"], entry["bytes"], entry["sha256"]) == (str(final), len(big), sha(big))
    assert entry["pages"] == 12
    assert final.read_bytes() == big
    first, resumed = server.seen("/big.pdf")
    assert "range" not in first.headers
    # The rest only, not the whole file again, and only if the file is still the same one.
    assert (resumed.headers["range"], resumed.headers["if-range"]) == (f"bytes={part_size}-", etag)
    assert sorted(path.name for path in library.iterdir()) == [final.name]


def test_a_run_killed_while_readings_wait_their_turn_fetches_them_all_next_time(
    course: Any, server: PdfServer
) -> None:
    papers = [make_pdf(1 + n, size=50_000, seed=n) for n in range(3)]
    held = Gate()  # every answer waits before its status line
    links = [server.serve_slowly(f"/{n}.pdf", data, gate=held) for n, data in enumerate(papers)]
    data_dir = course(course_page([(f"Paper {n}", link) for n, link in enumerate(links)]))

    # Two requests held (two per host at most), the third reading waiting for a slot.
    in_place = kill_download_when(data_dir, lambda: held.holding() == 2)

    assert in_place == []  # nothing had come: no file, not even a .part
    left = [r for r in json_of(run(data_dir, "readings", "--json")) if not r["archived"]]
    assert sorted(reading["state"] for reading in left) == ["downloading", "downloading", "queued"]

    held.open()
    again = run(data_dir, "download", "--json")

    assert again.returncode == 0, again.stderr
    assert [entry["sha256"] for entry in json_of(again)] == [sha(data) for data in papers]
    assert [len(server.seen(f"/{n}.pdf")) for n in range(3)] == [2, 2, 1]


def test_detach_unlinks_an_attached_pdf_and_keeps_the_file_aside(
    course: Any, server: PdfServer, tmp_path: Path
) -> None:
    data_dir = course(course_page([("A paper", server.serve("/paper.pdf", make_pdf(3)))]))
    [listed] = [r for r in json_of(run(data_dir, "readings", "--json")) if not r["archived"]]
    mine = tmp_path / "mine.pdf"
    mine_bytes = make_pdf(2, seed=7)
    mine.write_bytes(mine_bytes)
    assert run(data_dir, "attach", listed["id"], str(mine)).returncode == 0

    result = run(data_dir, "detach", listed["id"])

    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    kept = data_dir / "library" / "detached"
    [aside] = kept.iterdir()
    assert line == f"detached your PDF from {listed['id']}; the file waits in {aside}"
    assert aside.read_bytes() == mine_bytes
    [after] = [r for r in json_of(run(data_dir, "readings", "--json")) if not r["archived"]]
    assert (after["state"], after["path"]) == ("not_fetched", None)
    # The link's PDF can be downloaded again; a second detach has nothing to do.
    assert run(data_dir, "download").returncode == 0
    again = run(data_dir, "detach", listed["id"])
    assert again.returncode == 1
    assert again.stderr == ("study-companion: this reading has no PDF of yours attached\n")
