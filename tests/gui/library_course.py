"""The real course page with week 8's readings pointed at a test server, synced into services.

Week 8 ("Machine learning Applied to Systems") has three required readings; ``point_week_8``
relinks them (and can add more), the way the course staff edits the page, and ``publish``
syncs the result into the store like a new version of the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from app.services.app_services import AppServices
from tests.integration import course_versions as cv

WEEK_8_LINKS = (
    "https://arxiv.org/abs/1712.01208",
    "https://arxiv.org/pdf/1706.04972.pdf",
    "https://people.csail.mit.edu/hongzi/content/publications/Pensieve-Sigcomm17.pdf",
)
WEEK_8_TITLES = (
    "The Case for Learned Index Structures",
    "Device Placement Optimization with Reinforcement Learning",
    "Neural Adaptive Video Streaming with Pensieve",
)


def point_week_8(text: str, links: Sequence[str], extra: Sequence[tuple[str, str]] = ()) -> str:
    """Week 8's readings link to ``links`` (in order); ``extra`` (title, link) are added."""
    if len(links) != len(WEEK_8_LINKS):
        raise ValueError(f"week 8 has {len(WEEK_8_LINKS)} readings, got {len(links)} links")
    for old, new in zip(WEEK_8_LINKS, links, strict=True):
        text = cv.change_reading_link(text, old, new)
    anchor = f"]({links[-1]})"
    line_end = text.index("\n", text.index(anchor)) + 1
    added = "".join(f"* [{title}]({link})\n" for title, link in extra)
    return text[:line_end] + added + text[line_end:]


def publish(services: AppServices, directory: Path, text: str) -> None:
    """Sync ``text`` as the course page, as if the site had changed."""
    directory.mkdir(parents=True, exist_ok=True)
    page = directory / f"index-{len(list(directory.glob('index-*.md')))}.md"
    page.write_text(text, encoding="utf-8")
    services.sync.sync(str(page), allow_removals=True)  # a small course, on purpose


def reading_ids(services: AppServices, week: int = 8) -> dict[str, str]:
    """Title -> reading id of the week's live readings."""
    return {
        listed.reading.title: listed.reading.id
        for listed in services.course.readings(week)
        if not listed.archived
    }


def relink_week_8(
    services: AppServices,
    course_text: str,
    directory: Path,
    links: Sequence[str],
    extra: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """Point week 8 at ``links`` (plus ``extra``) and sync; returns the readings' ids in order."""
    publish(services, directory, point_week_8(course_text, links, extra))
    ids = reading_ids(services)
    return [ids[title] for title in (*WEEK_8_TITLES, *(title for title, _ in extra))]


_READING_DIV = re.compile(r'(<div class="(?:required|optional)_reading"[^>]*>)(.*?)(</div>)', re.S)
_BULLET_LINK = re.compile(r"^(\* [^\n]*?\[.*?\])\((\S+?)\)", re.M)


def relink_every_reading(text: str, link: Callable[[int], str]) -> tuple[str, int]:
    """Every reading bullet of every week links to ``link(n)``, n = 0, 1, ...; with the count."""
    count = 0

    def bullet(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{match[1]}({link(count - 1)})"

    def div(match: re.Match[str]) -> str:
        return match[1] + _BULLET_LINK.sub(bullet, match[2]) + match[3]

    return _READING_DIV.sub(div, text), count
