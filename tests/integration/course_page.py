"""A small course page in the site's format, whose readings link wherever a test wants.

Synced into the services (or passed to the ``sync`` command), it points the readings at the
test servers on 127.0.0.1, as a student's app would see it after the staff edited the site.
"""

from __future__ import annotations

from collections.abc import Sequence

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
