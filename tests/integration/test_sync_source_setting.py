"""``sync.source``: the course page chosen once with ``config set`` is where every later ``sync``
without ``--source`` reads, in a new process each time; ``--source`` still wins for one run;
an address the app cannot read is refused in the line ``sync --source`` uses.

Expected values are the page the test published and the requests its server saw.
"""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from tests.integration import course_versions as cv
from tests.integration.cli_process import json_of, run
from tests.integration.course_page import CourseSite
from tests.integration.reminder_runs import ok

EYERISS = "https://dspace.mit.edu/handle/1721.1/102369"


def test_sync_reads_the_course_page_chosen_in_the_settings(
    httpserver: HTTPServer, course_index_text: str, fresh_data: Path
) -> None:
    site = CourseSite(httpserver)
    site.publish(cv.remove_reading(course_index_text, EYERISS))

    assert ok(fresh_data, "config", "set", "sync.source", f"  {site.url} ") == (
        f"sync.source = {site.url}\n"
    )
    report = json_of(run(fresh_data, "sync", "--json"))

    assert len(site.seen) == 1, "sync did not fetch the chosen page"
    assert report["status"] == "updated"
    assert [(c["change"], c["item"], c["week"]) for c in report["changes"]] == [
        ("removed", "reading", 3)
    ]


def test_a_source_given_once_wins_over_the_setting(
    httpserver: HTTPServer, course_index_text: str, fresh_data: Path, tmp_path: Path
) -> None:
    site = CourseSite(httpserver)
    site.publish(course_index_text)
    ok(fresh_data, "config", "set", "sync.source", site.url)
    page = tmp_path / "index.md"
    page.write_text(cv.remove_reading(course_index_text, EYERISS), encoding="utf-8")

    report = json_of(run(fresh_data, "sync", "--source", str(page), "--json"))

    assert site.seen == []
    assert [(c["change"], c["week"]) for c in report["changes"]] == [("removed", 3)]


def test_an_empty_setting_is_the_courses_own_page_again(fresh_data: Path) -> None:
    ok(fresh_data, "config", "set", "sync.source", "https://example.org/index.md")
    ok(fresh_data, "config", "set", "sync.source", "")

    listed = json_of(run(fresh_data, "config", "list", "--json"))
    assert {
        k: v
        for k, v in next(i for i in listed if i["key"] == "sync.source").items()
        if k != "about"
    } == {"key": "sync.source", "value": "", "default": True}


def test_a_path_is_kept_whole_so_a_sync_from_another_folder_finds_it(
    fresh_data: Path, home: Path
) -> None:
    assert ok(fresh_data, "config", "set", "sync.source", "~/course/index.md") == (
        f"sync.source = {home / 'course' / 'index.md'}\n"
    )


def test_an_address_the_app_cannot_read_is_refused_as_sync_refuses_it(fresh_data: Path) -> None:
    ok(fresh_data, "config", "set", "sync.source", "https://example.org/index.md")

    refused = run(fresh_data, "config", "set", "sync.source", "ftp://example.org/index.md")
    by_sync = run(fresh_data, "sync", "--source", "ftp://example.org/index.md")
    vague = run(fresh_data, "config", "set", "sync.source", "course/index.md")

    assert (refused.returncode, refused.stdout) == (1, "")
    sync_line = by_sync.stderr.removeprefix("study-companion: ")
    assert refused.stderr == f"study-companion: sync.source: {sync_line}"
    assert "ftp:// addresses are not supported" in sync_line
    assert vague.stderr == (
        "study-companion: sync.source: 'course/index.md' is not an address: give an http(s)://"
        " address or a file's full path\n"
    )
    assert ok(fresh_data, "config", "get", "sync.source") == "https://example.org/index.md\n"
