"""The command line through its real entry points: ``python -m app`` and the installed script.

Each test runs the program as a user would, in a subprocess with its own environment, and
reads only what it prints, its exit code and the files it leaves.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
from pytest_httpserver import HTTPServer

from app.resources import embedded_syllabus_path, schema_path
from app.services.app_services import open_services
from app.store.schema_version import DATABASE_NAME
from tests.integration import course_versions as cv
from tests.integration.cli_process import MODULE, environment
from tests.integration.course_page import CourseSite
from tests.integration.local_network import closed_port
from tests.integration.store_rows import table_rows

EYERISS = "https://dspace.mit.edu/handle/1721.1/102369"
FORM_13 = "https://forms.gle/Bench13ReviewForm"


def console_script() -> str:
    """The ``study-companion`` script installed next to this interpreter."""
    script = Path(sys.executable).with_name("study-companion")
    assert script.exists(), f"the console script is not installed: {script}"
    return str(script)


def start(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    program: tuple[str, ...] = MODULE,
) -> subprocess.Popen[str]:
    """Start the program with a clean environment: no proxy, no data directory but ``env``'s."""
    return subprocess.Popen(
        [*program, *args],
        cwd=cwd,
        env={**environment(), **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    program: tuple[str, ...] = MODULE,
) -> subprocess.CompletedProcess[str]:
    return finish(start(*args, cwd=cwd, env=env, program=program))


def succeeded(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def failed_with_one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("study-companion: ")
    return lines[0]


def test_syllabus_parse_prints_the_committed_syllabus_json(
    course_index_path: Path, tmp_path: Path
) -> None:
    result = run("syllabus", "parse", str(course_index_path), cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout == embedded_syllabus_path().read_text(encoding="utf-8")
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(schema_path().read_text(encoding="utf-8")))
    assert len(document["weeks"]) == 16
    # What was not understood is said once, with its line, on stderr.
    assert result.stderr.splitlines() == [
        f"{course_index_path}: line 334: reading without a link skipped: "
        "'More reading coming soon ...'"
    ]


def test_first_start_imports_the_embedded_syllabus_without_the_network(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    proxy = f"http://127.0.0.1:{httpserver.port}"  # every request would pass through here
    env = {"STUDY_COMPANION_DATA_DIR": str(tmp_path / "data")}
    env |= {"HTTP_PROXY": proxy, "HTTPS_PROXY": proxy}

    weeks = succeeded(run("weeks", "--json", cwd=tmp_path, env=env, program=(console_script(),)))

    assert httpserver.log == [], "the first start went to the network"
    assert [w["number"] for w in weeks] == list(range(1, 17))
    assert weeks[0]["title"] == "Introduction and Course Overview"
    assert [w["kind"] for w in weeks if w["kind"] != "lecture"] == [
        "holiday",
        "presentations",
        "break",
        "break",
        "presentations",
    ]
    assert (tmp_path / "data" / DATABASE_NAME).exists()


def test_due_marks_past_today_and_upcoming_in_the_data_dir_given(tmp_path: Path) -> None:
    flag_dir, env_dir = tmp_path / "flag", tmp_path / "env"
    result = run(
        "--data-dir",
        str(flag_dir),
        "due",
        "--now",
        "2022-02-07T10:00:00-08:00",
        "--json",
        cwd=tmp_path,
        env={"STUDY_COMPANION_DATA_DIR": str(env_dir)},
    )
    deadlines = succeeded(result)

    status = {d["week"]: d["status"] for d in deadlines}
    assert (status[2], status[3], status[4]) == ("past", "due today", "upcoming")
    assert [d["week"] for d in deadlines] == [2, 3, 4, 6, 8, 10, 11, 12]  # soonest first
    due = {d["week"]: d["due"] for d in deadlines}
    assert due[6] == "2022-02-28T13:00:00-08:00" and due[8] == "2022-03-14T13:00:00-07:00"
    assert (flag_dir / DATABASE_NAME).exists() and not env_dir.exists()


def test_due_shows_deadlines_in_the_users_time_zone(tmp_path: Path) -> None:
    result = run(
        "due",
        "--now",
        "2022-02-07T10:00:00-08:00",
        cwd=tmp_path,
        env={"STUDY_COMPANION_DATA_DIR": str(tmp_path / "data"), "TZ": "Europe/Berlin"},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Mon Feb 07 2022 22:00 CET" in lines[1] and "due today" in lines[1]
    assert "in 3 h 0 min" in lines[1]
    assert "Mon Mar 14 2022 21:00 CET" in lines[4]


def test_sync_then_readings_then_an_unchanged_sync(
    httpserver: HTTPServer, course_index_text: str, tmp_path: Path
) -> None:
    site = CourseSite(httpserver)
    site.publish(cv.add_review_link(cv.remove_reading(course_index_text, EYERISS), 13, FORM_13))
    env = {"STUDY_COMPANION_DATA_DIR": str(tmp_path / "data")}

    first = run("sync", "--source", site.url, "--json", cwd=tmp_path, env=env)
    readings = run("readings", "--week", "3", "--json", cwd=tmp_path, env=env)
    again = run("sync", "--source", site.url, "--json", cwd=tmp_path, env=env)

    report = succeeded(first)
    assert report["status"] == "updated"
    assert sorted((c["change"], c["item"], c["week"]) for c in report["changes"]) == [
        ("added", "review_form", 13),
        ("removed", "reading", 3),
    ]
    assert all(set(c) == {"change", "item", "week", "detail"} for c in report["changes"])
    assert first.stderr.count("More reading coming soon") == 1
    listed = succeeded(readings)
    assert [(r["week"], r["archived"]) for r in listed] == [(3, False)] * 5 + [(3, True)]
    assert listed[-1]["url"] == EYERISS and listed[-1]["title"].startswith("Eyeriss")
    unchanged = succeeded(again)
    assert {key: unchanged[key] for key in ("status", "changes")} == {
        "status": "unchanged",
        "changes": [],
    }
    assert unchanged["applied"] is True and unchanged["removals"] == []
    assert "If-None-Match" in site.seen[-1] and len(site.seen) == 2


def test_a_failed_sync_says_why_in_one_line_and_keeps_the_store(
    tmp_path: Path, data_dir: Path
) -> None:
    open_services(data_dir).close()
    before = table_rows(data_dir)
    url = f"http://127.0.0.1:{closed_port()}/index.md"

    result = run("--data-dir", str(data_dir), "sync", "--source", url, cwd=tmp_path)

    assert "cannot reach 127.0.0.1" in failed_with_one_line(result)
    assert table_rows(data_dir) == before


FAILURES = {
    ("readings", "--week", "99"): "there is no week 99",
    ("syllabus", "parse", "missing.md"): "no such file",
    ("syllabus", "parse", "not-a-syllabus.md"): "not a course syllabus",
    ("--data-dir", "not-a-syllabus.md", "weeks"): "not-a-syllabus.md is a file, not a folder",
}


def test_commands_that_cannot_do_their_job_say_why_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "not-a-syllabus.md").write_text("# Notes\n\nNothing to see here.\n")
    env = {"STUDY_COMPANION_DATA_DIR": str(tmp_path / "data")}
    # Independent commands, started together: each one is a whole program start-up.
    running = {args: start(*args, cwd=tmp_path, env=env) for args in FAILURES}
    results = {args: finish(process) for args, process in running.items()}
    for args, reason in FAILURES.items():
        assert reason in failed_with_one_line(results[args]), args


def test_a_damaged_database_file_is_reported_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / DATABASE_NAME).write_bytes(b"not a database, a text file\n" * 100)
    result = run("--data-dir", str(tmp_path / "data"), "weeks", cwd=tmp_path)
    assert "database" in failed_with_one_line(result)
