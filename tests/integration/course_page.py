"""Course pages for tests: a small page in the site's format, and a site that serves a page.

``course_page`` writes a course page whose readings link wherever a test wants. Synced into the
services (or passed to the ``sync`` command), it points the readings at the test servers on
127.0.0.1, as a student's app would see it after the staff edited the site. ``CourseSite``
serves whatever page a test publishes as ``/index.md`` on pytest-httpserver, with the
validators a real site sends.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

Readings = Sequence[tuple[str, str]]  # (title, link) of each reading of a week


def course_page(*weeks: Readings) -> str:
    """A course index.md: one entry per week, its readings required."""
    dates = "\n".join(f"{1 + n // 4}/{1 + 7 * (n % 4)}/22" for n in range(len(weeks)))
    entries = []
    for number, readings in enumerate(weeks, start=1):
        bullets = "\n".join(f"* [{title}]({link})" for title, link in readings)
        entries.append(
            "{% include syllabus_entry %}\n"
            f"# Topic {number}\n\n"
            '<div class="reading">\n<div class="required_reading" markdown="1">\n'
            f"{bullets}\n</div>\n</div>\n"
        )
    return (
        "---\nlayout: default\n---\n\n# Test Seminar (Spring 2022)\n\n## Course Syllabus\n"
        f"{{% capture dates %}}\n{dates}\n{{% endcapture %}}\n"
        '{% assign dates = dates | split: " " %}\n\n<table class="syllabus">\n<tbody>\n\n'
        + "\n".join(entries)
        + "\n</tbody>\n</table>\n"
    )


class CourseSite:
    """``/index.md`` on the test server: the version last published, with a strong ETag."""

    def __init__(self, server: HTTPServer, *, etags: bool = True, modified: bool = False) -> None:
        self.server = server
        self.text = ""
        self.etags, self.modified = etags, modified
        self.seen: list[dict[str, str]] = []  # request headers, one dict per request
        self.version = 0
        server.expect_request("/index.md").respond_with_handler(self._respond)

    @property
    def url(self) -> str:
        return str(self.server.url_for("/index.md"))

    def publish(self, text: str) -> None:
        self.text = text
        self.version += 1

    def _respond(self, request: Request) -> Response:
        self.seen.append(dict(request.headers))
        body = self.text.encode()
        version = hashlib.sha256(body).hexdigest()[:16]
        headers = {"Content-Type": "text/markdown; charset=utf-8"}
        if self.etags:
            headers["ETag"] = f'"{version}"'
        if self.modified:
            headers["Last-Modified"] = f"Mon, 07 Feb 2022 10:{self.version:02d}:00 GMT"
        if self.etags and request.headers.get("If-None-Match") == headers["ETag"]:
            return Response(status=304, headers=headers)
        if (
            self.modified
            and not self.etags
            and request.headers.get("If-Modified-Since") == headers["Last-Modified"]
        ):
            return Response(status=304, headers=headers)
        return Response(body, headers=headers)
