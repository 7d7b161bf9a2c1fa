"""Versions of the real course ``index.md``: the recorded history, and edits derived from it.

``history()`` lists tests/fixtures/index_versions, whose README gives the change list expected
between consecutive versions. The other functions take the file's text and return it edited
the way the course staff edited it over the term: review links added before a deadline, a link
pasted into the wrong week and moved, readings swapped or relinked, slides posted after the
lecture, a holiday row inserted. Every edit checks that it found what it edits, so a test never
passes because an edit silently did nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

HISTORY = Path(__file__).resolve().parent.parent / "fixtures" / "index_versions"
ENTRY = "{% include syllabus_entry %}"
_FORM_LINE = re.compile(r"^\* \[Submit your review\]\((?P<url>[^)]+)\) before 1:00PM\.\n", re.M)
_TITLE_LINE = re.compile(r"^#\s+.*\n(?:##\s+.*\n)?", re.M)


def _entry_bounds(text: str, week: int) -> tuple[int, int]:
    """Start and end offsets of the Nth entry's body (after its include line)."""
    starts = [m.end() for m in re.finditer(re.escape(ENTRY), text)]
    if not 1 <= week <= len(starts):
        raise ValueError(f"no week {week}: the file has {len(starts)} entries")
    start = starts[week - 1]
    following = text.find(ENTRY, start)
    end = following if following != -1 else text.index("</td>", start)
    return start, end


def _edit_entry(text: str, week: int, edit: str, new_body: str) -> str:
    start, end = _entry_bounds(text, week)
    if new_body == text[start:end]:
        raise AssertionError(f"{edit}: nothing changed in week {week}")
    return text[:start] + new_body + text[end:]


def _replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"expected {old!r} once in the file, found it {count} times")
    return text.replace(old, new)


def entry_body(text: str, week: int) -> str:
    start, end = _entry_bounds(text, week)
    return text[start:end]


def form_url(text: str, week: int) -> str | None:
    match = _FORM_LINE.search(entry_body(text, week))
    return match["url"] if match else None


def add_review_link(text: str, week: int, url: str) -> str:
    """A review form link below the week's title (and speaker), as the staff posts it."""
    body = entry_body(text, week)
    if _FORM_LINE.search(body):
        raise AssertionError(f"week {week} already has a review link")
    heading = _TITLE_LINE.search(body)
    if heading is None:
        raise AssertionError(f"week {week} has no title heading")
    line = f"\n* [Submit your review]({url}) before 1:00PM.\n"
    return _edit_entry(
        text, week, "add review link", body[: heading.end()] + line + body[heading.end() :]
    )


def remove_review_link(text: str, week: int) -> str:
    body = entry_body(text, week)
    return _edit_entry(text, week, "remove review link", _FORM_LINE.sub("", body, count=1))


def move_review_link(text: str, from_week: int, to_week: int) -> str:
    """The link leaves one week and appears in another (a link pasted into the wrong week)."""
    url = form_url(text, from_week)
    if url is None:
        raise AssertionError(f"week {from_week} has no review link to move")
    return add_review_link(remove_review_link(text, from_week), to_week, url)


def _reading_line(text: str, url: str) -> re.Match[str]:
    matches = list(re.finditer(rf"^\* .*\]\({re.escape(url)}\).*\n", text, re.M))
    if len(matches) != 1:
        raise AssertionError(f"expected one reading linking {url}, found {len(matches)}")
    return matches[0]


def remove_reading(text: str, url: str) -> str:
    line = _reading_line(text, url)
    return text[: line.start()] + text[line.end() :]


def swap_reading(text: str, url: str, title: str, new_url: str) -> str:
    """Another paper takes the reading's place in the list."""
    line = _reading_line(text, url)
    return text[: line.start()] + f"* [{title}]({new_url})\n" + text[line.end() :]


def change_reading_link(text: str, url: str, new_url: str) -> str:
    line = _reading_line(text, url)
    edited = line.group(0).replace(f"]({url})", f"]({new_url})")
    return text[: line.start()] + edited + text[line.end() :]


def rename_reading(text: str, url: str, title: str) -> str:
    line = _reading_line(text, url)
    return text[: line.start()] + f"* [{title}]({url})\n" + text[line.end() :]


def move_reading(text: str, url: str, to_week: int) -> str:
    """The reading leaves its week and becomes the first required reading of another."""
    line = _reading_line(text, url).group(0)
    text = remove_reading(text, url)
    body = entry_body(text, to_week)
    marker = '<div class="required_reading" markdown="1">\n'
    if marker not in body:
        raise AssertionError(f"week {to_week} has no required readings")
    return _edit_entry(text, to_week, "move reading", body.replace(marker, marker + line, 1))


def post_slides(text: str, week: int, pdf: str, pptx: str) -> str:
    """The ``[PDF], [PPTX]`` placeholder becomes real links after the lecture."""
    body = entry_body(text, week)
    placeholder = "* Lecture slides: [PDF], [PPTX]"
    if placeholder not in body:
        raise AssertionError(f"week {week} has no slide placeholder")
    posted = f"* Lecture slides: [PDF]({pdf}), [PPTX]({pptx})"
    return _edit_entry(text, week, "post slides", body.replace(placeholder, posted, 1))


def rename_week(text: str, week: int, title: str) -> str:
    body = entry_body(text, week)
    renamed = re.sub(r"^#\s+.*$", f"# {title}", body, count=1, flags=re.M)
    return _edit_entry(text, week, "rename week", renamed)


def insert_holiday(text: str, before_week: int, title: str) -> str:
    """A holiday row before the given week: every later entry takes the next date and number."""
    start, _ = _entry_bounds(text, before_week)
    include = start - len(ENTRY)
    return text[:include] + f"{ENTRY}\n# {title}\n\n" + text[include:]


def replace_text(text: str, old: str, new: str) -> str:
    """Any other edit, checked to apply exactly once."""
    return _replace_once(text, old, new)


def history() -> list[Path]:
    """The term's versions of index.md, oldest first; the last is the real file."""
    return sorted(HISTORY.glob("v*.md"))


def expected_changes() -> dict[str, set[str]]:
    """The README's expected change lists: file name -> ``str(Change)`` lines."""
    readme = (HISTORY / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^### (v\d\d\S*\.md)\n(.*?)(?=^### |\Z)", readme, re.S | re.M)
    return {
        name: {line[2:] for line in body.splitlines() if line.startswith("- ")}
        for name, body in sections
    }
