"""The review commands' world: a term whose week links a form on the fake Google Forms, the
command line on it (online through the fake's proxy, or offline), and week 8's review form.

The term is the real course page, synced from a local copy in which the staff's link of a week
points at a form the test publishes (tests/forms/google_forms_server.py, reached through the
proxy the ``google`` fixture sets). Offline, the command line gets a proxy on a closed port:
nothing it asks for leaves the machine, and every request fails as a cut cable would.

``form_json`` is what ``form --json`` must print for a published form, written from the form's
description (``FormSpec.expected``, which never runs our parser) by the command's contract.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.domain.form import QuestionKind
from app.services.app_services import open_services
from app.store.schema_version import DATABASE_NAME
from tests.forms.form_spec import Choices, FormSpec, Open, PageBreak, Scale
from tests.forms.google_forms_server import viewform_url
from tests.integration import course_versions as cv
from tests.integration.cli_process import json_of, run
from tests.integration.local_network import closed_port

WEEK = 8  # Machine learning Applied to Systems: three required readings, a review due 14 March
COURSE_LINK_8 = "https://forms.gle/NhtiFZ4GsxYuug3W6"  # the staff's own link on the page
CODE_8 = "Wk8rEvQ3mZp7LsX2a"
LINK_8 = f"https://forms.gle/{CODE_8}"
LEARNED_INDEX = "The Case for Learned Index Structures"  # week 8's readings, as the page has them
PLACEMENT = "Device Placement Optimization with Reinforcement Learning"
PENSIEVE = "Neural Adaptive Video Streaming with Pensieve"
BEFORE_WEEK_8_DUE = "2022-03-10T09:00:00-08:00"

# Week 8's review, with entry ids shaped like Google's. Some titles are the template's
# ("Paper", "Summary", "Weaknesses", "Rating"), one differs from it in punctuation only, and it
# has no "Strengths" or "Confidence": what a student drafted under those has no place on it.
PAPER, SECTION, WELL, SUMMARY, WEAKNESSES, QUESTIONS, RATING = range(1203948571, 1203948578)
WEEK_8_ITEMS = (
    Choices(
        QuestionKind.CHOICE,
        584019201,
        PAPER,
        "Paper",
        (LEARNED_INDEX, PLACEMENT, PENSIEVE),
        required=True,
    ),
    Choices(QuestionKind.DROPDOWN, 584019202, SECTION, "Section", ("101", "102", "103")),
    Choices(
        QuestionKind.CHECKBOXES,
        584019203,
        WELL,
        "What did the paper do well?",
        ("The problem", "The evaluation", "The writing"),
        other=True,
    ),
    PageBreak(584019204, "Your review"),
    Open(QuestionKind.PARAGRAPH, 584019205, SUMMARY, "Summary", required=True),
    Open(QuestionKind.PARAGRAPH, 584019206, WEAKNESSES, "Weaknesses", required=True),
    Open(QuestionKind.PARAGRAPH, 584019207, QUESTIONS, "Questions for the authors?"),
    Scale(584019208, RATING, "Rating", 1, 5, ("Poor", "Excellent"), required=True),
)


def key(entry_id: int) -> str:
    """The answer key of a question: ``entry.<id>``, as the form's endpoint takes it."""
    return f"entry.{entry_id}"


def week_8_review(**changes: Any) -> FormSpec:
    """Week 8's review form (with ``changes``: as the staff edited it)."""
    spec = FormSpec(
        form_id="1FAIpQLSe8Wk8Rv5nB2xT7cL4mQ9pZ3hJ6gF1dS8aK2wE5rY7uI0oPl",
        title="Week 8 review: ML applied to systems",
        items=WEEK_8_ITEMS,
    )
    return replace(spec, **changes)


def linked_term(data_dir: Path, course_index_text: str, folder: Path, link: str = LINK_8) -> Path:
    """``data_dir`` after a sync from a copy of the course page whose week 8 links ``link``."""
    page = folder / "index.md"
    page.write_text(cv.replace_text(course_index_text, COURSE_LINK_8, link), encoding="utf-8")
    services = open_services(data_dir)
    try:
        services.sync.sync(str(page))
    finally:
        services.close()
    return data_dir


class Student:
    """``python -m app`` on one data directory, as a student at the terminal runs it."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def online(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Through the proxy of the ``google`` fixture (its variables are set while it runs)."""
        proxies = {name: os.environ[name] for name in ("HTTPS_PROXY", "HTTP_PROXY")}
        return run(self.data_dir, *args, env=proxies)

    def offline(self, *args: str) -> subprocess.CompletedProcess[str]:
        nowhere = f"http://127.0.0.1:{closed_port()}"
        return run(self.data_dir, *args, env={"HTTPS_PROXY": nowhere, "HTTP_PROXY": nowhere})

    def draft(self) -> Any:
        """``review show 8 --json``, offline: a draft never needs the network."""
        return json_of(self.offline("review", "show", str(WEEK), "--json"))

    def set_answers(self, answers: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        """``review set 8`` with ``answers`` written to a JSON file beside the data directory."""
        path = self.data_dir.parent / "answers.json"
        path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
        return self.offline("review", "set", str(WEEK), "--answers", str(path))


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command says on stderr (exit 1, nothing on stdout)."""
    assert (result.returncode, result.stdout) == (1, ""), result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("study-companion: ")
    return line


def succeeded(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json_of(result)


def cached_forms(data_dir: Path) -> list[str | None]:
    """The ``form`` column of every cached form row, read with plain sqlite3."""
    with closing(sqlite3.connect(data_dir / DATABASE_NAME)) as connection:
        return [row[0] for row in connection.execute("SELECT form FROM review_forms")]


def form_json(spec: FormSpec, link: str, week: int = WEEK) -> dict[str, Any]:
    """``form WEEK --json`` for the published ``spec`` (without ``fetched_at`` and ``cached``)."""
    form = spec.expected(viewform_url(spec.form_id))
    questions = []
    for question in form.questions:
        if question.rows:  # a grid: one answer per row, each under its own entry
            keys = [f"entry.{row.entry_id}" for row in question.rows]
        else:
            keys = [] if question.entry_id is None else [f"entry.{question.entry_id}"]
        questions.append(
            {
                "entry_id": question.entry_id,
                "title": question.title,
                "help": question.help,
                "kind": question.kind.value,
                "required": question.required,
                "options": list(question.options),
                "other": question.other,
                "page": question.page,
                "rows": [row.title for row in question.rows],
                "keys": keys,
            }
        )
    return {
        "week": week,
        "url": link,
        "form_id": spec.form_id,
        "title": form.title,
        "description": form.description,
        "email": form.email.value,
        "requires_signin": form.requires_signin,
        "pages": [{"title": page.title, "description": page.description} for page in form.pages],
        "questions": questions,
    }


def without_moment(shown: dict[str, Any]) -> dict[str, Any]:
    """``form --json`` without ``fetched_at`` and ``cached``, to compare with ``form_json``."""
    return {key: value for key, value in shown.items() if key not in ("fetched_at", "cached")}
