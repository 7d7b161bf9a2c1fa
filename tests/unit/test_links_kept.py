"""No link of a syllabus entry is lost: each one ends up somewhere in the parsed week.

The links are found by a scan written here, independent of the parser: a regular expression
over each entry's raw Markdown (comments removed, since the page hides what they hold), and
the site URL read from the page's GitHub link. Each link, made absolute against that site,
must be one of the week's URLs in the JSON that ``syllabus parse`` prints: a reading or one of
its extra links, a slide, the review form, a speaker, or one of the week's links.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from app.syllabus import json_format
from app.syllabus.jekyll_index import parse_index_md

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    [
        *(ROOT / "tests/fixtures/index_versions").glob("*.md"),
        *(ROOT / "tests/fixtures/other_offerings").glob("*.md"),
        ROOT / "resources/course/index.md",
    ]
)
PAGES = [page for page in PAGES if page.name != "README.md"]

HIDDEN = re.compile(r"<!--.*?-->|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
ENTRY = "{% include syllabus_entry %}"
TABLE_END = re.compile(r"^\s*</(?:td|tr|tbody|table)>", re.M)
# ](href) with the href possibly broken over a line, and <a href="...">
MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^()\s<>]*)>?\s*\)")
HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']([^\"']*)[\"']", re.I)
REPOSITORY = re.compile(r"\(https://github\.com/([\w.-]+)/([\w.-]+)\)")


def entry_links(text: str) -> list[list[str]]:
    """Each entry's hrefs, in page order, entries in page order."""
    shown = HIDDEN.sub("", text)
    entries = shown.split(ENTRY)[1:]
    found = []
    for entry in entries:
        body = entry[: end.start()] if (end := TABLE_END.search(entry)) else entry
        hrefs = MARKDOWN_LINK.findall(body) + HTML_LINK.findall(body)
        found.append([href for href in hrefs if href.strip()])  # "()" leads nowhere
    return found


def site_of(text: str) -> str:
    owner, name = REPOSITORY.search(text).groups()  # type: ignore[union-attr]
    return f"https://{owner.lower()}.github.io/{name}/"


def week_urls(week: dict[str, Any]) -> set[str]:
    urls = {reading["url"] for reading in week["readings"]}
    urls |= {link["url"] for reading in week["readings"] for link in reading["extra_links"]}
    urls |= {slide["url"] for slide in week["slides"]}
    urls |= {speaker["url"] for speaker in week["speakers"]}
    urls |= {link["url"] for link in week["links"]}
    if week["review"]:
        urls.add(week["review"]["form_url"])
    return urls - {None}


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_link_of_every_entry_is_in_its_parsed_week(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    site = site_of(text)
    parsed = json_format.to_json(parse_index_md(text).syllabus)
    per_entry = entry_links(text)

    assert parsed["course"]["site_url"] == site
    assert len(parsed["weeks"]) == len(per_entry)
    missing = [
        (week["number"], urljoin(site, href.strip()))
        for week, hrefs in zip(parsed["weeks"], per_entry, strict=True)
        for href in hrefs
        if urljoin(site, href.strip()) not in week_urls(week)
    ]
    assert missing == []
    assert sum(map(len, per_entry)) > 10  # the scan did find the page's links
