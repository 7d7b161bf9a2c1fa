"""The Jekyll ``index.md`` parser: the real course page, tricky snippets, old versions, other terms.

What is asserted is what a student would see: the weeks and their dates, who speaks, which
papers to read and where they are, when the review is due, which slides exist, and a warning
with a true line number for whatever the parser did not understand.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from app.domain.course import WeekKind
from app.syllabus.jekyll_index import ParseResult, parse_index_md

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VERSIONS = sorted((FIXTURES / "index_versions").glob("v*.md"))
SP19 = FIXTURES / "other_offerings" / "sp19_index.md"
FA19 = FIXTURES / "other_offerings" / "fa19_index.md"
SITE = "https://ucbrise.github.io/cs294-ai-sys-sp22/"
BERKELEY = ZoneInfo("America/Los_Angeles")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding ``needle`` (the Nth such line)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} is not in the text {occurrence} time(s)"
    return hits[occurrence - 1]


def warned(result: ParseResult, line: int, *words: str) -> bool:
    """Whether some warning sits on ``line`` and mentions every one of ``words``."""
    return any(
        w.line == line and all(word.lower() in w.message.lower() for word in words)
        for w in result.warnings
    )


def page(*entries: str, dates: str = "1/24/22\n1/31/22\n2/07/22") -> str:
    """A minimal course page: a dates block, then one ``syllabus_entry`` per argument."""
    body = "".join(
        "{% include syllabus_entry %}\n" + entry.strip("\n") + "\n\n" for entry in entries
    )
    return "{% capture dates %}\n" + dates + "\n{% endcapture %}\n\n" + body


def readings_entry(*bullets: str, section: str = "required_reading") -> str:
    return f'# A week\n\n<div class="{section}" markdown="1">\n' + "\n".join(bullets) + "\n</div>\n"


@pytest.fixture(scope="module")
def real(course_index_text: str) -> ParseResult:
    return parse_index_md(course_index_text)


# --- the real course page --------------------------------------------------------------------


def test_the_course_header(real: ParseResult) -> None:
    course = real.syllabus.course
    assert (course.title, course.term) == ("Machine Learning Systems", "Spring 2022")
    assert course.site_url == SITE
    assert course.timezone == "America/Los_Angeles"
    assert course.meeting == "Mondays from 1:00 to 4:00"


def test_sixteen_weeks_each_with_its_date_from_the_dates_block(real: ParseResult) -> None:
    weeks = real.syllabus.weeks
    assert [w.number for w in weeks] == list(range(1, 17))
    mondays = [date(2022, 1, 24) + (date(2022, 1, 31) - date(2022, 1, 24)) * i for i in range(16)]
    assert [w.date for w in weeks] == mondays  # "2/07/22" and "03/07/22" read like "1/24/22"


def test_week_kinds(real: ParseResult) -> None:
    kinds = {w.number: w.kind for w in real.syllabus.weeks}
    special = {
        5: WeekKind.HOLIDAY,
        9: WeekKind.BREAK,
        15: WeekKind.BREAK,
        7: WeekKind.PRESENTATIONS,
        16: WeekKind.PRESENTATIONS,
    }
    assert {n: k for n, k in kinds.items() if k != WeekKind.LECTURE} == special
    assert real.syllabus.week(5).title == "Holiday (Presidents Day)"


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "Introduction and Course Overview"),
        (4, "Distributed deep learning, Part I: Systems"),  # trailing space in the source
        (7, "Project Proposals"),  # trailing space too
        (12, "Fundamentals of Machine Learning in the Cloud, the Modern Data Stack"),  # two
        (15, "RRR Week"),
    ],
)
def test_titles_are_the_first_heading_without_trailing_spaces(
    real: ParseResult, number: int, title: str
) -> None:
    assert real.syllabus.week(number).title == title


def test_lecture_comments_are_neither_titles_nor_text(
    real: ParseResult, course_index_text: str
) -> None:
    assert len(re.findall(r"^\[//\]: <> \(lecture \d+\)$", course_index_text, flags=re.M)) == 12
    assert len(real.syllabus.weeks) == 16
    for week in real.syllabus.weeks:
        shown = [week.title, week.description or ""] + [r.title for r in week.readings]
        assert not any("lecture" in s.lower() and "//" in s for s in shown), week.number
        assert not any(re.search(r"\(lecture \d+\)", s) for s in shown), week.number


@pytest.mark.parametrize(
    ("number", "name", "affiliation", "url"),
    [
        (2, "Reynold Xin", "Databricks", "https://en.wikipedia.org/wiki/Reynold_Xin"),
        (
            3,
            "Prof. Sophia Shao",
            "UC Berkeley",
            "https://people.eecs.berkeley.edu/~ysshao/"
            "index.html?_ga=2.228137950.2133028827.1643052087-1693328731.1500773369",
        ),
        (4, "Microsoft DeepSpeed Team", None, "https://www.deepspeed.ai"),
        (6, "Michael Houston", "Nvidia", "http://graphics.stanford.edu/~mhouston/"),
        (10, "Prof. Tianqi Chen", "OctoML and CMU", "https://tqchen.com"),
        (
            12,
            "Prof. Matei Zaharia",
            "Databricks and Stanford",
            "https://cs.stanford.edu/people/matei/",
        ),
        (13, "Prof. Vijay Reddi", "Harvard", "https://scholar.harvard.edu/vijay-janapa-reddi/home"),
    ],
)
def test_guest_speakers(
    real: ParseResult, number: int, name: str, affiliation: str | None, url: str
) -> None:
    week = real.syllabus.week(number)
    assert week is not None
    assert [(s.name, s.affiliation, s.url) for s in week.speakers] == [(name, affiliation, url)]


def test_weeks_without_a_guest_have_no_speaker(real: ParseResult) -> None:
    assert [w.number for w in real.syllabus.weeks if not w.speakers] == [1, 5, 7, 9, 14, 15, 16]


@pytest.mark.parametrize(
    ("number", "title", "venue", "url"),
    [
        (3, "Mixed precision training.", "ICLR’18", "https://openreview.net/pdf?id=r1gs9JgRZ"),
        (
            3,
            "Eyeriss: A Spatial Architecture for Energy-Efficient Dataflow for Convolutional "
            "Neural Networks",
            "SIGRAPH, 2016",
            "https://dspace.mit.edu/handle/1721.1/102369",
        ),
        (
            3,
            "Interstellar: Using Halide’s Scheduling Language to Analyze DNN Accelerators "
            "(formerly: DNN Dataflow Choice Is Overrated)",
            None,  # a parenthesis is part of the title, not a venue
            "https://arxiv.org/pdf/1809.04070.pdf",
        ),
        (
            4,
            "Chimera: Efficiently Training Large-Scale Neural Networks with Bidirectional "
            "Pipelines",
            "SC’21, Best Paper finalist",
            "https://arxiv.org/pdf/2107.06925.pdf",
        ),
        (
            4,
            "PipeDream: Fast and Efficient Pipeline Parallel DNN Training",
            "SOSP'19",
            "https://arxiv.org/pdf/1806.03377.pdf",
        ),
        (
            4,
            "DeepSpeed: Advancing MoE inference and training to power next-generation AI scale",
            "Blog post",
            "https://www.microsoft.com/en-us/research/blog/deepspeed-advancing-moe-inference-"
            "and-training-to-power-next-generation-ai-scale/",
        ),
        (
            14,
            "Federated Learning at Google ... A comic strip?",
            None,
            "https://federated.withgoogle.com",
        ),
    ],
)
def test_reading_titles_venues_and_links(
    real: ParseResult, number: int, title: str, venue: str | None, url: str
) -> None:
    week = real.syllabus.week(number)
    assert week is not None
    matching = [r for r in week.readings if r.title == title]
    assert len(matching) == 1, [r.title for r in week.readings]
    assert (matching[0].venue, matching[0].url) == (venue, url)


def test_principles_of_computer_system_design_keeps_its_instructions(real: ParseResult) -> None:
    week = real.syllabus.week(1)
    assert week is not None
    book = next(r for r in week.readings if "Principles" in r.title)
    assert book.title == "Principles of Computer System Design"  # no markdown underscores
    assert book.url == (
        "https://www.sciencedirect.com/book/9780123749574/principles-of-computer-system-design"
    )
    assert book.required
    assert book.note is not None
    assert book.note.startswith("Read Chapter 1 of Principles of Computer System Design.")
    assert "Library VPN" in book.note


def test_prose_around_a_link_is_a_note_and_a_bare_link_has_none(real: ParseResult) -> None:
    week = real.syllabus.week(1)
    assert week is not None
    notes = {r.title: r.note for r in week.readings}
    assert notes["SysML: The New Frontier of Machine Learning Systems"] is None
    assert notes["writing reviews for systems conferences"] == (
        "Timothy Roscoe's writing reviews for systems conferences will also help you in the "
        "reviewing process."
    )


def test_reading_counts_and_required_flags(real: ParseResult) -> None:
    counts = {
        w.number: (len(w.required_readings), len(w.optional_readings))
        for w in real.syllabus.weeks
        if w.readings
    }
    assert counts == {
        1: (3, 2),
        2: (3, 3),
        3: (4, 2),
        4: (3, 4),
        6: (3, 4),
        8: (3, 0),
        10: (3, 0),
        11: (3, 3),
        12: (3, 1),
        13: (3, 0),
        14: (3, 7),  # "More reading coming soon ..." is not a reading
    }
    ids = [r.id for _, r in real.syllabus.readings]
    assert len(ids) == len(set(ids)) == 60


def test_readings_keep_the_order_of_the_page(real: ParseResult) -> None:
    week = real.syllabus.week(2)
    assert week is not None
    assert [r.title.split(":")[0] for r in week.readings] == [
        "Towards a Unified Architecture for in-RDBMS Analytics",
        "Resilient Distributed Datasets",
        "Lakehouse",
        "Delta Lake",
        "Spark SQL",
        "The MADlib Analytics Library or MAD Skills, the SQL",
    ]


def test_review_forms_and_their_weeks(real: ParseResult) -> None:
    forms = {w.number: w.review.form_url for w in real.syllabus.weeks if w.review}
    assert forms == {
        2: "https://forms.gle/Arj4xh3NzWWiDbSU7",
        3: "https://forms.gle/qopNSZp8EuKcDqkT9",
        4: "https://forms.gle/rCsHe1oFqMSiKjgw7",
        6: "https://forms.gle/Y5ya8YETxwW7jr5aA",
        8: "https://forms.gle/NhtiFZ4GsxYuug3W6",
        10: "https://forms.gle/sxMrFsWDGsrToaxm6",
        11: "https://forms.gle/gXiLKSUEuFLscZuS9",
        12: "https://forms.gle/qY7cgn4eAuutJQoz8",
    }


def test_every_review_is_due_at_one_pm_berkeley_time_on_its_lecture_day(
    real: ParseResult,
) -> None:
    reviewed = [week for week in real.syllabus.weeks if week.review is not None]
    assert [week.number for week in reviewed] == [2, 3, 4, 6, 8, 10, 11, 12]
    for week in reviewed:
        assert week.review is not None and week.review.due is not None
        local = week.review.due.astimezone(BERKELEY)
        assert (local.date(), local.time()) == (week.date, time(13, 0)), week.number


@pytest.mark.parametrize(
    ("number", "utc"),
    [
        (2, datetime(2022, 1, 31, 21, 0, tzinfo=UTC)),
        (6, datetime(2022, 2, 28, 21, 0, tzinfo=UTC)),  # last lecture before DST (2022-03-13)
        (8, datetime(2022, 3, 14, 20, 0, tzinfo=UTC)),  # the day after the switch
        (12, datetime(2022, 4, 11, 20, 0, tzinfo=UTC)),
    ],
)
def test_deadlines_in_utc_either_side_of_the_dst_switch(
    real: ParseResult, number: int, utc: datetime
) -> None:
    review = real.syllabus.week(number).review
    assert review is not None and review.due is not None
    # Aware, or astimezone would read it in the machine's zone and the check below would too.
    assert review.due.tzinfo is not None
    assert review.due.astimezone(UTC) == utc


def test_slides_not_posted_yet_have_no_link(real: ParseResult) -> None:
    for number in (8, 12, 13, 14):
        week = real.syllabus.week(number)
        assert week is not None
        assert [(s.label, s.url) for s in week.slides] == [
            ("Lecture slides (PDF)", None),
            ("Lecture slides (PPTX)", None),
        ], number


def test_posted_slides_are_absolute_links_under_the_course_site(real: ParseResult) -> None:
    posted = [s for w in real.syllabus.weeks for s in w.slides if s.url is not None]
    assert len(posted) == 22
    for slide in posted:
        assert slide.url is not None
        assert slide.url.startswith(SITE + "assets/lectures/lec"), slide
        assert urlsplit(slide.url).path.rsplit(".", 1)[-1] in ("pdf", "pptx"), slide
    week1 = real.syllabus.week(1)
    assert week1 is not None
    assert week1.slides[0].url == (
        SITE + "assets/lectures/lec01/01_intro_and_big_ideas_in_ai_systems.pdf"
    )
    labels = [s.label for s in real.syllabus.week(10).slides]
    assert labels == [
        "Lecture slides (PDF)",
        "Lecture slides (PPTX)",
        "Joey's Lecture slides (PDF)",
        "Joey's Lecture slides (PPTX)",
    ]


def test_a_given_site_url_is_where_relative_slides_point(
    real: ParseResult, course_index_text: str
) -> None:
    mirror = "https://mirror.example.org/cs294/"
    result = parse_index_md(course_index_text, site_url=mirror)
    posted = [s.url for w in result.syllabus.weeks for s in w.slides if s.url]
    on_the_site = [s.url for w in real.syllabus.weeks for s in w.slides if s.url]
    assert len(posted) == len(on_the_site) == 22
    assert posted == [url.replace(SITE, mirror, 1) for url in on_the_site]


def test_the_only_warning_is_the_link_less_bullet(
    real: ParseResult, course_index_text: str
) -> None:
    assert len(real.warnings) == 1
    warning = real.warnings[0]
    assert warning.line == line_of(course_index_text, "More reading coming soon") == 334
    assert "More reading coming soon" in warning.message


def test_crlf_line_endings_change_nothing(course_index_text: str, real: ParseResult) -> None:
    assert parse_index_md(course_index_text.replace("\n", "\r\n")) == real


def test_renumbered_or_removed_lecture_comments_change_nothing(
    course_index_text: str, real: ParseResult
) -> None:
    renumbered = re.sub(
        r"\(lecture (\d+)\)", lambda m: f"(lecture {int(m[1]) + 5})", course_index_text
    )
    assert renumbered != course_index_text
    assert parse_index_md(renumbered).syllabus == real.syllabus
    removed = re.sub(r"^\[//\]: <> \(lecture \d+\)$", "", course_index_text, flags=re.M)
    assert parse_index_md(removed).syllabus == real.syllabus


def test_the_source_url_is_the_repositorys_raw_index_on_main(real: ParseResult) -> None:
    # Issue 2 fixes the default source: the course repository's raw index.md on branch main
    # (the page's own "blob/master" link predates GitHub's rename of default branches).
    assert real.syllabus.course.source_url == (
        "https://raw.githubusercontent.com/ucbrise/cs294-ai-sys-sp22/main/index.md"
    )


# --- tricky snippets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link_text", "title", "venue"),
    [
        ("Mixed precision training. [ICLR’18]", "Mixed precision training.", "ICLR’18"),
        ("A [B] C [Venue’21]", "A [B] C", "Venue’21"),
        ("[Bracketed] start", "[Bracketed] start", None),
        ("“Quoted” Title’s [NeurIPS’20]", "“Quoted” Title’s", "NeurIPS’20"),
        ("Title (with a parenthesis)", "Title (with a parenthesis)", None),
        ("Spaces   inside    the title", "Spaces inside the title", None),
    ],
)
def test_nested_brackets_and_curly_quotes_in_link_text(
    link_text: str, title: str, venue: str | None
) -> None:
    text = page(readings_entry(f"* [{link_text}](https://example.org/paper.pdf)"))
    [reading] = parse_index_md(text).syllabus.weeks[0].readings
    assert (reading.title, reading.venue, reading.url) == (
        title,
        venue,
        "https://example.org/paper.pdf",
    )


def test_prose_around_a_link() -> None:
    text = page(readings_entry("* See [The Paper](https://example.org/p.pdf) before class."))
    [reading] = parse_index_md(text).syllabus.weeks[0].readings
    assert reading.title == "The Paper"
    assert reading.note == "See The Paper before class."


def test_blank_lines_inside_divs_do_not_end_the_reading_list() -> None:
    entry = (
        "# Security\n\n"
        '<div class="reading">\n'
        '<div class="required_reading" markdown="1">\n\n'
        "* [One](https://example.org/1.pdf)\n\n\n"
        "* [Two](https://example.org/2.pdf)  \n\n"
        "</div>\n\n"
        '<div class="optional_reading" markdown="1">\n\n'
        "* [Three](https://example.org/3.pdf)\n\n"
        "</div>\n"
        "</div>\n"
    )
    result = parse_index_md(page(entry))
    readings = result.syllabus.weeks[0].readings
    assert [(r.title, r.required) for r in readings] == [
        ("One", True),
        ("Two", True),
        ("Three", False),
    ]
    assert result.warnings == ()


def test_slide_placeholders_are_decks_not_posted_yet() -> None:
    entry = (
        "# A week\n"
        "* Lecture slides: [PDF], [PPTX]\n"
        "* Guest Lecture slides: [PDF](assets/lectures/lec02/talk.pdf), [PPTX]\n"
    )
    result = parse_index_md(page(entry), site_url="https://site.example/c/")
    slides = [(s.label, s.url) for s in result.syllabus.weeks[0].slides]
    assert slides == [
        ("Lecture slides (PDF)", None),
        ("Lecture slides (PPTX)", None),
        ("Guest Lecture slides (PDF)", "https://site.example/c/assets/lectures/lec02/talk.pdf"),
        ("Guest Lecture slides (PPTX)", None),
    ]
    assert result.warnings == ()


def test_an_empty_link_is_no_link() -> None:
    text = page(readings_entry("* [Title To Be Announced]()"))
    result = parse_index_md(text)
    [reading] = result.syllabus.weeks[0].readings
    assert reading.title == "Title To Be Announced"
    assert reading.url is None
    assert warned(result, line_of(text, "Title To Be Announced"), "empty link")


def test_two_papers_in_one_bullet_the_second_is_an_extra_link_and_a_warning() -> None:
    text = page(
        readings_entry(
            "* [Paper A](https://example.org/a.pdf) and/or [Paper B](https://example.org/b.pdf)"
        )
    )
    result = parse_index_md(text)
    [reading] = result.syllabus.weeks[0].readings
    assert reading.url == "https://example.org/a.pdf"
    assert [(x.label, x.url) for x in reading.extra_links] == [
        ("Paper B", "https://example.org/b.pdf")
    ]
    assert warned(result, line_of(text, "Paper B"), "Paper B")


def test_a_link_less_reading_is_skipped_with_a_warning_on_its_line() -> None:
    text = page(
        readings_entry("* [A](https://example.org/a.pdf)", "* More reading coming soon ...")
    )
    result = parse_index_md(text)
    assert [r.title for r in result.syllabus.weeks[0].readings] == ["A"]
    assert warned(result, line_of(text, "More reading coming soon"), "More reading coming soon")


def test_entries_beyond_the_dates_have_no_date_and_no_deadline() -> None:
    review = "* [Submit your review](https://forms.gle/late) before 1:00PM."
    text = page("# One", "# Two", "# Three\n" + review, dates="1/24/22\n1/31/22")
    result = parse_index_md(text)
    weeks = result.syllabus.weeks
    assert [w.date for w in weeks] == [date(2022, 1, 24), date(2022, 1, 31), None]
    assert weeks[2].review is not None
    assert weeks[2].review.form_url == "https://forms.gle/late"
    assert weeks[2].review.due is None
    third_entry = line_of(text, "{% include syllabus_entry %}", occurrence=3)
    assert warned(result, third_entry, "date")


def test_holiday_rows_use_up_a_date() -> None:
    text = page(
        "# Lecture one",
        "# Holiday (Presidents Day)",
        "# Lecture two",
        "# Spring Break",
        "# RRR Week",
        dates="2/14/22 2/21/22 2/28/22 3/21/22 5/02/22",
    )
    result = parse_index_md(text)
    weeks = result.syllabus.weeks
    assert [(w.kind, w.date) for w in weeks] == [
        (WeekKind.LECTURE, date(2022, 2, 14)),
        (WeekKind.HOLIDAY, date(2022, 2, 21)),
        (WeekKind.LECTURE, date(2022, 2, 28)),
        (WeekKind.BREAK, date(2022, 3, 21)),
        (WeekKind.BREAK, date(2022, 5, 2)),
    ]
    assert all(not w.readings and w.review is None for w in weeks)
    assert result.warnings == ()


def test_lecture_comments_are_not_week_numbers() -> None:
    text = page(
        "[//]: <> (lecture 7)\n# First",
        "[//]: <> (lecture 3)\n# Second",
        "[//]: # (lecture 1)\n# Third",
    )
    weeks = parse_index_md(text).syllabus.weeks
    assert [(w.number, w.title) for w in weeks] == [(1, "First"), (2, "Second"), (3, "Third")]
    assert all(w.description is None for w in weeks)


def test_older_heading_levels_and_speakers_without_links() -> None:
    text = page("## Big Data Systems\n### Guest Speaker: Reynold Xin (Databricks)")
    week = parse_index_md(text).syllabus.weeks[0]
    assert week.title == "Big Data Systems"
    assert [(s.name, s.affiliation, s.url) for s in week.speakers] == [
        ("Reynold Xin", "Databricks", None)
    ]


def test_a_speaker_link_left_empty_is_no_link() -> None:
    text = page("# Topic\n## [Guest Speaker: Ada Example (Example Labs)]()")
    [speaker] = parse_index_md(text).syllabus.weeks[0].speakers
    assert (speaker.name, speaker.affiliation, speaker.url) == ("Ada Example", "Example Labs", None)


@pytest.mark.parametrize(
    "title_line", ["# Big Data Systems   ", "## Big Data Systems \t", "# Big Data Systems ##"]
)
def test_trailing_spaces_and_closing_hashes_are_not_part_of_titles(title_line: str) -> None:
    assert parse_index_md(page(title_line)).syllabus.weeks[0].title == "Big Data Systems"


def test_crlf_snippet_keeps_titles_links_and_line_numbers() -> None:
    text = page(readings_entry("* [A](https://example.org/a.pdf)  ", "* not a link"))
    crlf = parse_index_md(text.replace("\n", "\r\n"))
    assert crlf == parse_index_md(text)
    assert crlf.syllabus.weeks[0].title == "A week"
    assert [r.url for r in crlf.syllabus.weeks[0].readings] == ["https://example.org/a.pdf"]
    assert [w.line for w in crlf.warnings] == [line_of(text, "not a link")]


def test_review_due_time_follows_the_text() -> None:
    text = page(
        "# One\n* [Submit your review](https://forms.gle/one) before 9:30AM.",
        "# Two\n* [Submit your review](https://forms.gle/two) before 11:59 p.m.",
        "# Three\n* [Submit your review](https://forms.gle/three) before 12:00PM.",
    )
    dues = [w.review.due for w in parse_index_md(text).syllabus.weeks if w.review]
    assert [d.astimezone(BERKELEY).time() if d else None for d in dues] == [
        time(9, 30),
        time(23, 59),
        time(12, 0),
    ]


def test_a_form_link_whose_closing_parenthesis_is_on_the_next_line() -> None:
    text = page("# One\n* [Reading Quiz](https://forms.gle/SplitLink\n) before 1:00PM.")
    review = parse_index_md(text).syllabus.weeks[0].review
    assert review is not None
    assert (review.form_url, review.label) == ("https://forms.gle/SplitLink", "Reading Quiz")


def test_an_html_comment_hides_an_entry_without_using_up_a_date() -> None:
    text = page(
        "# One",
        "<!--\n{% include syllabus_entry %}\n# Hidden\n"
        "* [Submit your review](https://forms.gle/hid)\n-->\n# Two",
    )
    result = parse_index_md(text)
    weeks = result.syllabus.weeks
    assert [(w.title, w.date) for w in weeks] == [
        ("One", date(2022, 1, 24)),
        ("Two", date(2022, 1, 31)),
    ]
    assert all(w.review is None for w in weeks)


def test_line_numbers_stay_true_after_a_multi_line_comment() -> None:
    text = page(
        "# One\n<!-- a comment\nspanning\nthree lines -->\n"
        + readings_entry("* still no link").removeprefix("# A week\n")
    )
    result = parse_index_md(text)
    assert [w.line for w in result.warnings] == [line_of(text, "still no link")]


@pytest.mark.parametrize(
    "href", ["https://arxiv:org/abs/1904.03257", "https://example.org:99999/paper.pdf"]
)
def test_link_with_malformed_port_does_not_crash(href: str) -> None:
    result = parse_index_md(page(readings_entry(f"* [A Paper]({href})")))
    assert [r.title for r in result.syllabus.weeks[0].readings] == ["A Paper"]


def test_an_entry_without_a_body_is_reported_at_its_own_line() -> None:
    text = (
        "{% capture dates %}\n1/24/22 1/31/22\n{% endcapture %}\n\n"
        "{% include syllabus_entry %}\n"  # line 5: an entry with nothing in it
        "{% include syllabus_entry %}\n"
        "# Second\n"
    )
    result = parse_index_md(text)
    assert [w.title for w in result.syllabus.weeks] == ["", "Second"]
    assert warned(result, 5, "title")


@pytest.mark.parametrize("wording", ["due before class.", "due 11:59PM the night before."])
def test_a_deadline_the_parser_cannot_read_is_not_silently_one_pm(wording: str) -> None:
    """The course's rule (1:00 PM on the lecture day) is used, and the warning says so."""
    text = page(f"# Topic\n* [Reading Quiz](https://forms.gle/Quiz) {wording}")
    result = parse_index_md(text)
    review = result.syllabus.weeks[0].review
    assert review is not None
    assert review.due == datetime(2022, 1, 24, 13, 0, tzinfo=BERKELEY)  # the page's first date
    assert warned(result, line_of(text, "Reading Quiz"), "1:00 PM")


def test_a_goo_gl_forms_link_is_the_review_form() -> None:
    text = page("# Topic\n* [Reading Quiz](https://goo.gl/forms/BDHKbtmypsw9UPyj2) before 9:30AM.")
    review = parse_index_md(text).syllabus.weeks[0].review
    assert review is not None
    assert review.form_url == "https://goo.gl/forms/BDHKbtmypsw9UPyj2"


def test_a_repeated_reading_is_reported_at_its_bullet() -> None:
    text = page(
        readings_entry("* [Learned Index](https://arxiv.org/abs/1712.01208)"),
        readings_entry(
            "* [Other](https://example.org/o.pdf)",
            "* [Learned Index](https://arxiv.org/pdf/1712.01208.pdf) cont'd",
        ),
    )
    result = parse_index_md(text)
    assert [r.title for r in result.syllabus.weeks[1].readings] == ["Other"]
    assert warned(result, line_of(text, "cont'd"), "Learned Index")


# --- the versions of the course page over the term --------------------------------------------

# file prefix -> (weeks, readings, weeks with a review form, posted slide decks)
VERSION_COUNTS = {
    "v01": (14, 29, [], 0),
    "v02": (14, 33, [2], 2),
    "v03": (14, 36, [2, 3], 5),
    "v04": (16, 39, [2, 3, 4], 8),
    "v05": (16, 43, [2, 3, 4, 6], 11),
    "v06": (16, 44, [2, 3, 4, 6, 8], 16),
    "v07": (16, 46, [2, 3, 4, 6, 8, 11], 16),
    "v08": (16, 51, [2, 3, 4, 6, 8, 10, 11], 16),
    "v09": (16, 60, [2, 3, 4, 6, 8, 10, 11, 12], 22),
}


def test_the_version_series_is_complete_and_ends_with_the_real_file(
    course_index_path: Path,
) -> None:
    assert [p.name[:3] for p in VERSIONS] == list(VERSION_COUNTS)
    assert VERSIONS[-1].read_bytes() == course_index_path.read_bytes()


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.name)
def test_each_version_parses_with_sensible_counts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = parse_index_md(text)
    weeks = result.syllabus.weeks
    expected_weeks, expected_readings, review_weeks, posted = VERSION_COUNTS[path.name[:3]]
    assert len(weeks) == expected_weeks
    assert len(result.syllabus.readings) == expected_readings
    assert [w.number for w in weeks if w.review] == review_weeks
    assert sum(1 for w in weeks for s in w.slides if s.url) == posted
    assert all(w.date is not None for w in weeks)
    assert weeks[0].title == "Introduction and Course Overview"
    assert weeks[4].kind == WeekKind.HOLIDAY
    for week in weeks:
        if week.review is not None:
            assert week.review.form_url.startswith("https://forms.gle/")
            assert week.review.due is not None
            assert week.review.due.astimezone(BERKELEY).date() == week.date
    # Exactly the link-less "More reading coming soon ..." bullets are warned about.
    soon = [i for i, line in enumerate(text.splitlines(), 1) if "More reading coming soon" in line]
    assert soon
    assert [w.line for w in result.warnings] == soon


def test_versions_grow_monotonically() -> None:
    results = [parse_index_md(p.read_text(encoding="utf-8")).syllabus for p in VERSIONS]
    readings = [len(s.readings) for s in results]
    posted = [sum(1 for w in s.weeks for d in w.slides if d.url) for s in results]
    linked = [sum(1 for w in s.weeks for p in w.speakers if p.url) for s in results]
    assert readings == sorted(readings) and posted == sorted(posted) and linked == sorted(linked)
    assert linked[0] == 0 and linked[-1] == 9


def test_the_first_version_is_the_early_format() -> None:
    text = VERSIONS[0].read_text(encoding="utf-8")
    assert "\n### Guest Speaker: " in text and "\n## Introduction" in text
    syllabus = parse_index_md(text).syllabus
    final = parse_index_md(VERSIONS[-1].read_text(encoding="utf-8")).syllabus
    # "##" titles read the same as the later "#" titles, apart from week 12's renaming.
    assert [w.title for w in syllabus.weeks if w.number != 12] == [
        w.title for w in final.weeks[:14] if w.number != 12
    ]
    assert all(s.url is None for w in syllabus.weeks for s in w.speakers)
    assert all(s.url is None for w in syllabus.weeks for s in w.slides)


def test_the_review_link_pasted_into_the_wrong_week_and_moved() -> None:
    by_prefix = {
        p.name[:3]: parse_index_md(p.read_text(encoding="utf-8")).syllabus for p in VERSIONS
    }
    form = "https://forms.gle/sxMrFsWDGsrToaxm6"
    wrong, fixed = by_prefix["v07"], by_prefix["v08"]
    assert wrong.week(10).review is None
    assert wrong.week(11).review.form_url == form
    assert fixed.week(10).review.form_url == form
    assert fixed.week(10).review.due == datetime(2022, 3, 28, 13, 0, tzinfo=BERKELEY)
    assert fixed.week(11).review.form_url == "https://forms.gle/gXiLKSUEuFLscZuS9"  # its own


def test_the_swapped_reading_and_the_moved_link() -> None:
    by_prefix = {
        p.name[:3]: parse_index_md(p.read_text(encoding="utf-8")).syllabus for p in VERSIONS
    }

    def urls(version: str, week: int) -> list[str | None]:
        return [r.url for r in by_prefix[version].week(week).readings]

    assert "https://arxiv.org/abs/1706.02677" in urls("v04", 6)
    assert "https://arxiv.org/abs/1706.02677" not in urls("v05", 6)
    assert "https://arxiv.org/abs/2003.09518" in urls("v05", 6)

    def gemmini(version: str) -> str | None:
        week = by_prefix[version].week(3)
        return next(r.url for r in week.readings if r.title.startswith("Gemmini"))

    assert gemmini("v02") == "https://arxiv.org/abs/1911.09925"
    assert (
        gemmini("v03") == "https://people.eecs.berkeley.edu/~ysshao/assets/papers/genc2021-dac.pdf"
    )


# --- other offerings of the course -----------------------------------------------------------


@pytest.fixture(scope="module")
def sp19() -> tuple[str, ParseResult]:
    text = SP19.read_text(encoding="utf-8")
    return text, parse_index_md(text)


@pytest.fixture(scope="module")
def fa19() -> tuple[str, ParseResult]:
    text = FA19.read_text(encoding="utf-8")
    return text, parse_index_md(text)


@pytest.mark.parametrize("path", [SP19, FA19], ids=lambda p: p.name)
def test_other_offerings_never_invent_a_link(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = parse_index_md(text)
    site = result.syllabus.course.site_url
    assert site is not None
    urls = [r.url for _, r in result.syllabus.readings if r.url]
    urls += [s.url for w in result.syllabus.weeks for s in w.slides if s.url]
    urls += [p.url for w in result.syllabus.weeks for p in w.speakers if p.url]
    urls += [w.review.form_url for w in result.syllabus.weeks if w.review]
    assert urls
    for url in urls:
        assert f"({url}" in text or f"({url.removeprefix(site)}" in text, url
    assert "example.org/hidden" not in " ".join(urls)  # commented out


@pytest.mark.parametrize("path", [SP19, FA19], ids=lambda p: p.name)
def test_other_offerings_warnings_point_at_real_lines(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    result = parse_index_md(text)
    assert result.warnings
    for warning in result.warnings:
        assert 1 <= warning.line <= len(lines), warning
        assert lines[warning.line - 1].strip(), warning  # never a blank line


def test_sp19_two_meetings_a_week(sp19: tuple[str, ParseResult]) -> None:
    _, result = sp19
    weeks = result.syllabus.weeks
    assert result.syllabus.course.term is None  # "AI-Sys Spring 2019": no "(Term)" to read
    assert result.syllabus.course.site_url == "https://ucbrise.github.io/cs294-ai-sys-sp19/"
    assert len(weeks) == 15  # the commented-out entry is not one
    assert [w.date for w in weeks[:4]] == [
        date(2019, 1, 23),
        date(2019, 1, 28),
        date(2019, 1, 30),
        date(2019, 2, 4),
    ]
    assert "Stream Processing" not in " ".join(w.title for w in weeks)


def test_sp19_malformed_date_and_entries_beyond_the_dates(sp19: tuple[str, ParseResult]) -> None:
    text, result = sp19
    weeks = result.syllabus.weeks
    assert weeks[8].title == "Hyperparameter search"
    assert weeks[8].date is None  # "2/2O/19": a letter O
    assert weeks[9].date == date(2019, 2, 25)  # later dates are not shifted
    assert warned(result, line_of(text, "2/2O/19"), "2/2O/19")
    assert [w.date for w in weeks[13:]] == [None, None]
    fourteenth_entry = line_of(text, "<center> <h1>Project Presentation Checkpoints") - 1
    assert warned(result, fourteenth_entry, "date")


def test_sp19_reading_quizzes(sp19: tuple[str, ParseResult]) -> None:
    text, result = sp19
    forms = {
        w.number: (w.review.label, w.review.form_url) for w in result.syllabus.weeks if w.review
    }
    assert forms[2] == ("Reading Quiz", "https://forms.gle/Sp19CnnQuizForm02")
    assert forms[4] == ("Reading Quiz", "https://forms.gle/Sp19FrameworksQz04")  # ")" next line
    assert forms[6] == ("Reading Quiz", "https://forms.gle/Sp19LearnedIdxQz06")
    # A quiz with an empty link is not a form: no review, and a warning on its line.
    assert 5 not in forms
    assert warned(result, line_of(text, "* [Reading Quiz]()"))
    # The older goo.gl/forms short link is a form too.
    assert forms[3] == ("Reading Quiz", "https://goo.gl/forms/Sp19MoreNNQuiz03")
    # "due before class" is not a time: the 1:00 PM course rule is used, and said so.
    for quiz in ("Sp19CnnQuizForm02) due", "Sp19MoreNNQuiz03", "Sp19LearnedIdxQz06"):
        assert warned(result, line_of(text, quiz), "1:00 PM"), quiz


def test_sp19_what_it_did_not_understand_is_reported(sp19: tuple[str, ParseResult]) -> None:
    text, result = sp19
    weeks = result.syllabus.weeks
    # A holiday written as an HTML heading: no title is made up, the row says why.
    assert weeks[7].title == "" and weeks[7].kind != WeekKind.LECTURE
    assert weeks[7].date == date(2019, 2, 18)
    eighth_entry = line_of(text, "<center><h1>Administrative Holiday") - 2
    assert warned(result, eighth_entry, "title")
    # Slide bullets without a "slides:" label are decks; "### Links" sub-headings are ignored.
    assert not warned(result, line_of(text, "Course Overview [[pdf]"))
    assert [(s.label, s.url) for s in weeks[0].slides] == [
        (
            "Course Overview (pdf)",
            "https://ucbrise.github.io/cs294-ai-sys-sp19/assets/lectures/l1.pdf",
        ),
        (
            "Course Overview (pptx)",
            "https://ucbrise.github.io/cs294-ai-sys-sp19/assets/lectures/l1.pptx",
        ),
    ]
    assert warned(result, line_of(text, "### Slide Links"), "Slide Links")
    # Several links in one bullet: the first is the reading, the others its extra links.
    assert warned(result, line_of(text, "and/or [TensorFlow OSDI Paper]"), "TensorFlow OSDI Paper")
    week4 = weeks[3]
    assert week4.readings[0].url == "http://download.tensorflow.org/paper/whitepaper2015.pdf"
    assert [(x.label, x.url) for x in week4.readings[0].extra_links] == [
        (
            "TensorFlow OSDI Paper",
            "https://www.usenix.org/system/files/conference/osdi16/osdi16-abadi.pdf",
        )
    ]


def test_sp19_empty_link_reading(sp19: tuple[str, ParseResult]) -> None:
    text, result = sp19
    week5 = result.syllabus.weeks[4]
    a3c = next(r for r in week5.readings if r.title.startswith("Asynchronous Methods"))
    assert a3c.url is None
    assert warned(result, line_of(text, "[Asynchronous Methods"), "empty link")


def test_sp19_comments_hide_readings(sp19: tuple[str, ParseResult]) -> None:
    _, result = sp19
    week3 = result.syllabus.weeks[2]
    assert [r.title for r in week3.readings] == [
        "Graph Neural Networks: A Review of Methods and Applications",
        "variational auto-encoders",
    ]


def test_fa19_dates_and_kinds(fa19: tuple[str, ParseResult]) -> None:
    text, result = fa19
    weeks = result.syllabus.weeks
    assert len(weeks) == 11  # the {% comment %}-ed entry is not one
    assert [w.date for w in weeks] == [
        date(2019, 8, 30),
        date(2019, 9, 2),
        date(2019, 9, 6),
        date(2019, 9, 9),  # two tokens on one line
        date(2019, 9, 13),
        None,  # "09/31/19": there is no 31 September
        date(2019, 9, 20),
        None,  # "10/3": no year
        None,
        None,
        None,
    ]
    assert warned(result, line_of(text, "09/31/19"), "09/31/19")
    assert warned(result, line_of(text, "10/3"), "10/3")
    ninth_entry = line_of(text, "## Discussion of Distributed Model Training") - 1
    assert warned(result, ninth_entry, "date")
    assert weeks[1].kind == WeekKind.HOLIDAY and weeks[1].title == "Holiday (Labor Day)"
    assert weeks[-1].kind == WeekKind.PRESENTATIONS
    assert "Feature Stores" not in " ".join(w.title for w in weeks)


def test_fa19_reviews_and_quizzes(fa19: tuple[str, ParseResult]) -> None:
    _, result = fa19
    weeks = result.syllabus.weeks
    quiz = weeks[4].review
    assert quiz is not None and quiz.label == "Reading Quiz"
    assert quiz.form_url.startswith("https://docs.google.com/forms/d/e/1FAIpQLSf")
    assert quiz.due == datetime(2019, 9, 13, 9, 30, tzinfo=BERKELEY)  # "before 9:30AM"
    assert weeks[2].review is not None
    assert weeks[2].review.due == datetime(2019, 9, 6, 13, 0, tzinfo=BERKELEY)
    assert weeks[8].review is not None and weeks[8].review.due is None  # beyond the dates
    assert not any("CommentedOut" in (w.review.form_url if w.review else "") for w in weeks)


def test_fa19_speakers_and_slides(fa19: tuple[str, ParseResult]) -> None:
    _, result = fa19
    weeks = result.syllabus.weeks
    assert [(s.name, s.url) for s in weeks[2].speakers] == [("Prof. Jane Example", None)]
    assert [(s.name, s.url) for s in weeks[3].speakers] == [("Dr. John Sample", None)]  # "]()"
    assert [(s.name, s.url) for s in weeks[4].speakers] == [
        ("Prof. Alex Placeholder", "https://example.com/~alex")
    ]
    assert [(s.label, s.url) for s in weeks[2].slides] == [
        (
            "Lecture slides (pdf)",
            "https://ucbrise.github.io/cs294-ai-sys-fa19/assets/lectures/lec02/02_big-ideas.pdf",
        ),
        ("Lecture slides (pptx)", None),  # "[pptx]()"
    ]
    assert weeks[0].slides[1].url == (
        "https://github.com/ucbrise/cs294-ai-sys-fa19/raw/master/assets/lectures/lec01/"
        "01_ai-sys-intro.pptx"
    )


def test_fa19_what_it_did_not_understand_is_reported(fa19: tuple[str, ParseResult]) -> None:
    text, result = fa19
    week3 = result.syllabus.weeks[2]
    assert "Chapter 2 of the course reader" not in " ".join(r.title for r in week3.readings)
    assert warned(result, line_of(text, "Chapter 2 of the course reader"), "without a link")
    assert warned(result, line_of(text, "Readings for the second half"), "not understood")
    assert warned(result, line_of(text, "[scribe notes]"), "not understood")
    assert warned(result, line_of(text, "Project proposals are due"), "not understood")
    assert warned(result, line_of(text, "### Additional Systems Reading"), "heading")
    # The hidden <div class="details"> does not unbalance the reading divs that follow.
    assert [r.required for r in week3.readings] == [True, True, False, False]
    # A link text broken over two lines is one title.
    week5 = result.syllabus.weeks[4]
    assert "Context: The Missing Piece in the Machine Learning Lifecycle" in [
        r.title for r in week5.readings
    ]
