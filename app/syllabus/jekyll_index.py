"""The course site's Jekyll ``index.md``: course header, the dates block and the syllabus entries.

The Nth ``{% include syllabus_entry %}`` is week N and takes the Nth date of the
``{% capture dates %}`` block (design.md section 2). Each entry's body is read by ``entry.py``.
Nothing here raises on odd input: what is not understood becomes a warning with its line number.
A page with a syllabus section but no entries yet ("TBA") is the course with no weeks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.domain.course import Course, Instructor, Syllabus, Week
from app.syllabus.entry import EntryContext, read_entry
from app.syllabus.inline import read_inline
from app.syllabus.warnings import ParseWarning

DEFAULT_TIMEZONE = "America/Los_Angeles"

_ENTRY = re.compile(r"\{%-?\s*include\s+syllabus_entry\b[^%]*-?%\}")
_TABLE_END = re.compile(r"^\s*</(?:td|tr|tbody|table)\s*>", re.IGNORECASE)
_CAPTURE_DATES = re.compile(r"\{%-?\s*capture\s+dates\s*-?%\}(.*?)\{%-?\s*endcapture\s*-?%\}", re.S)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_COMMENTS = re.compile(r"<!--.*?-->|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}", re.S)
_COURSE_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*$")
_TERM = re.compile(r"\(\s*((?:Spring|Summer|Fall|Autumn|Winter)\s+\d{4})\s*\)\s*$", re.I)
_WHEN = re.compile(r"^\s*[*+-]\s+\*\*When\*\*\s*:?\s*(?P<when>.+)$", re.I)
_INSTRUCTORS = re.compile(
    r"^\s*[*+-]\s+\*\*(?P<role>[^*]*?instructors?)\s*:?\s*\*\*\s*:?\s*(?P<who>.+)$", re.I
)
# Where a course page keeps its schedule: a "Syllabus"/"Schedule" heading, the dates, the table
_SYLLABUS_SECTION = re.compile(
    r"^\s{0,3}#{1,6}\s+.*\b(?:syllabus|schedule)\b|\{%-?\s*capture\s+dates\b"
    r"|<table\b[^>]*\bsyllabus\b",
    re.IGNORECASE,
)
_GITHUB_REPO = re.compile(
    r"https?://github\.com/(?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$"
)


@dataclass(frozen=True)
class ParseResult:
    syllabus: Syllabus
    warnings: tuple[ParseWarning, ...]
    # a course page: syllabus entries, or a syllabus section waiting for them
    is_course_page: bool = True


def parse_index_md(
    text: str,
    *,
    source_url: str | None = None,
    site_url: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
) -> ParseResult:
    warnings: list[ParseWarning] = []
    lines = _blank_comments(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    entry_starts = [i for i, line in enumerate(lines) if _ENTRY.search(line)]
    preamble = lines[: entry_starts[0]] if entry_starts else lines

    course = _read_course(preamble, source_url, site_url, timezone)
    if not entry_starts:
        return _without_entries(course, lines)
    dates = _read_dates(lines, warnings)

    context = EntryContext(site_url=course.site_url, timezone=timezone)
    weeks: list[Week] = []
    for number, start in enumerate(entry_starts, start=1):
        body_end = _entry_end(lines, start, entry_starts)
        day = dates[number - 1] if number <= len(dates) else None
        body = [(i + 1, lines[i]) for i in range(start + 1, body_end)]
        week, entry_warnings = read_entry(number, day, start + 1, body, context)
        warnings += entry_warnings
        weeks.append(week)
    if dates and len(dates) < len(entry_starts):
        warnings.append(
            ParseWarning(
                entry_starts[len(dates)] + 1,
                f"{len(entry_starts)} entries, {len(dates)} dates: later weeks have no date",
            )
        )
    return ParseResult(Syllabus(course, tuple(weeks)), tuple(warnings))


def _without_entries(course: Course, lines: list[str]) -> ParseResult:
    """A course page before its schedule is posted, or a page that is no course page at all."""
    section = next((i for i, line in enumerate(lines) if _SYLLABUS_SECTION.search(line)), None)
    if section is None:
        warning = ParseWarning(1, "no syllabus entries ({% include syllabus_entry %}) found")
        return ParseResult(Syllabus(course, ()), (warning,), is_course_page=False)
    warning = ParseWarning(section + 1, "the schedule is not posted yet: no syllabus entries")
    return ParseResult(Syllabus(course, ()), (warning,))


def _blank_comments(text: str) -> str:
    """Remove HTML and Liquid comments but keep their newlines, so line numbers stay true."""
    return _COMMENTS.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def _entry_end(lines: list[str], start: int, entry_starts: list[int]) -> int:
    later = [s for s in entry_starts if s > start]
    limit = later[0] if later else len(lines)
    for i in range(start + 1, limit):
        if _TABLE_END.match(lines[i]):
            return i
    return limit


def _read_course(
    preamble: list[str], source_url: str | None, site_url: str | None, timezone: str
) -> Course:
    title, term, meeting = "", None, None
    instructors: list[Instructor] = []
    in_front_matter = bool(preamble) and preamble[0].strip() == "---"
    for index, line in enumerate(preamble):
        if in_front_matter:
            in_front_matter = not (index > 0 and line.strip() == "---")
            continue
        if not title and (heading := _COURSE_HEADING.match(line)):
            title = read_inline(heading["title"]).text
            if term_match := _TERM.search(title):
                term = term_match.group(1)
                title = title[: term_match.start()].strip()
        elif meeting is None and (when := _WHEN.match(line)):
            meeting = read_inline(when["when"]).text or None
        elif people := _INSTRUCTORS.match(line):
            instructors += _instructors(people["role"], people["who"])
        elif site_url is None or source_url is None:
            for link in read_inline(line).links:
                if repo := _GITHUB_REPO.match(link.href):
                    owner, name = repo["owner"], repo["repo"]
                    site_url = site_url or f"https://{owner.lower()}.github.io/{name}/"
                    source_url = (
                        source_url
                        or f"https://raw.githubusercontent.com/{owner}/{name}/main/index.md"
                    )
    return Course(title, term, timezone, site_url, source_url, meeting, tuple(instructors))


def _instructors(role: str, who: str) -> list[Instructor]:
    """ "[A](a) and [B]()" or "A and B": each named once, with a link when it has one."""
    role = role.strip()
    role = role[:-1] if role.lower().endswith("instructors") else role
    inline = read_inline(who)
    named = [link for link in inline.links if link.text]
    if named:
        return [Instructor(link.text, link.href.strip() or None, role) for link in named]
    names = re.split(r"\s*(?:,|&|\band\b)\s*", inline.text)
    return [Instructor(name, None, role) for name in names if name]


def _read_dates(lines: list[str], warnings: list[ParseWarning]) -> list[date | None]:
    text = "\n".join(lines)
    block = _CAPTURE_DATES.search(text)
    if block is None:
        warnings.append(ParseWarning(1, "no {% capture dates %} block: weeks have no dates"))
        return []
    first_line = text.count("\n", 0, block.start(1)) + 1
    dates: list[date | None] = []
    for offset, raw_line in enumerate(block.group(1).split("\n")):
        for token in raw_line.split():
            dates.append(_parse_date(token, first_line + offset, warnings))
    return dates


def _parse_date(token: str, line: int, warnings: list[ParseWarning]) -> date | None:
    match = _DATE.match(token)
    if match:
        month, day, year = (int(part) for part in match.groups())
        try:
            return date(year + 2000 if year < 100 else year, month, day)
        except ValueError:
            pass
    warnings.append(ParseWarning(line, f"not a M/D/YY date: {token!r} (that week has no date)"))
    return None
