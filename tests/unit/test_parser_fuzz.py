"""Property tests: ``parse_index_md`` never raises and never invents a link.

Inputs are arbitrary text, the real course page mutated (lines deleted, duplicated, shuffled,
the file cut at any byte, characters inserted), and syllabus entries generated from the pieces
the course pages are made of. Every link in the result must come from the input: its text,
once percent-encoding, HTML entities, IDN punycode and the site prefix of relative links are
undone, appears in the input.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import mdurl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.syllabus.jekyll_index import ParseResult, parse_index_md

COURSE_INDEX = Path(__file__).resolve().parents[2] / "resources/course/index.md"
REAL = COURSE_INDEX.read_text(encoding="utf-8")
REAL_LINES = REAL.split("\n")
REAL_BYTES = REAL.encode("utf-8")
SITE = "https://ucbrise.github.io/cs294-ai-sys-sp22/"

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ_WHOLE_FILE = settings(FUZZ, max_examples=150)  # each parse of the real file costs ~10 ms

# Characters that mean something to Markdown, Liquid or HTML, plus curly quotes and line ends.
MARKUP = "[]()<>#*-+:/\\`!_&;\"'{}%|~=?.@ \t\n\r\u2019\u201c\u201d"


# --- what the result must satisfy ----------------------------------------------------------


def _fold(text: str) -> str:
    """Letters and digits only, case-folded: what survives any link normalisation."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def _undo_punycode(url: str) -> str:
    """markdown-it writes a host's non-ASCII start as punycode, up to the first odd character."""

    def decode(match: re.Match[str]) -> str:
        label = match[1]
        for end in range(len(label), 0, -1):
            try:
                return label[:end].encode("ascii").decode("punycode") + label[end:]
            except (UnicodeError, ValueError):
                continue
        return match[0]

    return re.sub(r"xn--([^./:?#]+)", decode, url, flags=re.IGNORECASE)


def _haystacks(text: str) -> list[str]:
    """The input as markdown-it may have rewritten a link in it: entities, percent-encoding."""
    variants = {text, html.unescape(text)}
    variants |= {mdurl.encode(v) for v in variants}
    return [_fold(v) for v in variants]


def _candidates(url: str, site: str | None) -> list[str]:
    """The link, and for a link under the course site, the relative part written in the page."""
    candidates = [url]
    if site:
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site))
        candidates += [url.removeprefix(p) for p in (site, origin) if url.startswith(p)]
    return [c for c in candidates if c]  # "" would be found in any text


def _came_from(url: str, haystacks: list[str], site: str | None) -> bool:
    candidates = _candidates(url, site)
    forms = {_fold(_undo_punycode(f)) for c in candidates for f in (c, unquote(c))}
    forms |= {_fold(c) for c in candidates}
    return any(form in haystack for form in forms for haystack in haystacks)


def check(text: str, result: ParseResult) -> None:
    """The invariants every parse must keep, whatever the input."""
    syllabus = result.syllabus
    site = syllabus.course.site_url
    urls: list[str] = []
    for week in syllabus.weeks:
        urls += [r.url for r in week.readings if r.url is not None]
        urls += [s.url for s in week.slides if s.url is not None]
        urls += [s.url for s in week.speakers if s.url is not None]
        if week.review is not None:
            urls.append(week.review.form_url)
    # Most links are in the text verbatim; only the others need the slower folded comparison.
    unsure = [url for url in urls if not any(c in text for c in _candidates(url, site))]
    if unsure:
        haystacks = _haystacks(text)
        invented = [url for url in unsure if not _came_from(url, haystacks, site)]
        assert not invented, f"links not in the input: {invented}"

    assert [w.number for w in syllabus.weeks] == list(range(1, len(syllabus.weeks) + 1))
    ids = [r.id for _, r in syllabus.readings]
    assert len(ids) == len(set(ids)), "a reading id is used twice"
    line_count = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for warning in result.warnings:
        assert 1 <= warning.line <= line_count, warning


def parse_and_check(text: str) -> None:
    check(text, parse_index_md(text))


def test_the_properties_hold_on_the_real_file() -> None:
    result = parse_index_md(REAL)
    check(REAL, result)
    assert len(result.syllabus.readings) == 60  # so the checks above had something to check


def test_the_provenance_check_catches_an_invented_link() -> None:
    """The checker itself must be able to fail: a link absent from the input is reported."""
    result = parse_index_md(REAL)
    other = REAL.replace("https://arxiv.org/abs/1904.03257", "https://example.org/elsewhere")
    try:
        check(other, result)
    except AssertionError as error:
        assert "arxiv.org/abs/1904.03257" in str(error)
    else:
        raise AssertionError("an invented link went unnoticed")


# --- arbitrary text --------------------------------------------------------------------------


@FUZZ
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    parse_and_check(text)


@FUZZ
@given(st.text(alphabet=st.sampled_from(MARKUP) | st.characters(), max_size=400))
def test_arbitrary_markup_heavy_text(text: str) -> None:
    parse_and_check("{% include syllabus_entry %}\n" + text)


# --- the real file, mutated -------------------------------------------------------------------

_line_index = st.integers(min_value=0, max_value=len(REAL_LINES) - 1)


@st.composite
def _line_mutation(draw: st.DrawFn) -> str:
    lines = list(REAL_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        kind = draw(st.sampled_from(["delete", "duplicate", "shuffle", "swap"]))
        i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(draw(st.integers(min_value=0, max_value=len(lines))), lines[i])
        elif kind == "shuffle":
            j = min(len(lines), i + draw(st.integers(min_value=2, max_value=40)))
            lines[i:j] = draw(st.permutations(lines[i:j]))
        else:
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


@FUZZ_WHOLE_FILE
@given(_line_mutation())
def test_real_file_with_lines_deleted_duplicated_or_shuffled(text: str) -> None:
    parse_and_check(text)


@FUZZ_WHOLE_FILE
@given(st.integers(min_value=0, max_value=len(REAL_BYTES)))
def test_real_file_truncated_at_any_byte(cut: int) -> None:
    parse_and_check(REAL_BYTES[:cut].decode("utf-8", errors="ignore"))


@st.composite
def _inserted_characters(draw: st.DrawFn) -> str:
    text = REAL
    for _ in range(draw(st.integers(min_value=1, max_value=10))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        piece = draw(st.text(alphabet=st.sampled_from(MARKUP) | st.characters(), max_size=3))
        text = text[:at] + piece + text[at:]
    return text


@FUZZ_WHOLE_FILE
@given(_inserted_characters())
def test_real_file_with_random_characters_inserted(text: str) -> None:
    parse_and_check(text)


# --- entries built from plausible pieces ------------------------------------------------------

_title = st.sampled_from(
    [
        "Mixed precision training.",
        "Halide’s “Scheduling” Language",
        "Big Data Systems  ",
        "Holiday (Presidents Day)",
        "Spring Break",
        "Project Presentations",
        "A [B] C",
        "",
    ]
)
_bracketed = st.sampled_from(["", " [ICLR’18]", " [SC’21, Best Paper finalist]", "[x]", " []", "["])
_url = st.one_of(
    st.sampled_from(
        [
            "https://arxiv.org/abs/1904.03257",
            "https://arxiv.org/pdf/1809.04070.pdf",
            "https://openreview.net/pdf?id=r1gs9JgRZ",
            "https://papers.nips.cc/paper/2012/hash/6aca97005c68f1206823815f66102863-Abstract.html",
            "https://drive.google.com/file/d/16xs_-3XRym34z60/view?usp=sharing",
            "https://forms.gle/Arj4xh3NzWWiDbSU7",
            "assets/lectures/lec02/lec_02.pdf",
            "",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:/._-?=&%#", max_size=25).map(
        lambda path: "https://" + path
    ),
)
_link = st.builds("[{}{}]({})".format, _title, _bracketed, _url)
_bullet = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["* ", "- ", "   * ", "*", "    * ", "* Read Chapter 1 of "]),
    _link,
    st.sampled_from(["", " provides advice.", "  ", " and ", ", "]),
    st.one_of(st.just(""), _link),
)
_heading = st.builds(
    "{}{}".format, st.sampled_from(["# ", "## ", "### ", "#", "## [Guest Speaker: "]), _title
)
_speaker = st.builds(
    "{}{}{}".format,
    st.sampled_from(["## [Guest Speaker: ", "### Guest Speaker: ", "## Guest Speakers: "]),
    st.sampled_from(["Reynold Xin (Databricks)", "A (X) and B (Y)", "Prof. T (OctoML and CMU)"]),
    st.sampled_from(["", "](https://tqchen.com)", "]()", "]"]),
)
_form = st.builds(
    "* [{}]({}){}".format,
    st.sampled_from(["Submit your review", "Reading Quiz"]),
    _url,
    st.sampled_from([" before 1:00PM.", "", " before 9:30 am", " due 11:59PM"]),
)
_fixed = st.sampled_from(
    [
        "",
        "* Lecture slides: [PDF], [PPTX]",
        "* Lecture slides: [PDF](assets/lectures/lec02/lec_02.pdf), [PPTX]",
        "* Lecture slides: [[pdf](assets/a.pdf), [pptx](assets/a.pptx)]",
        "* Guest Lecture slides: [PDF]()",
        '<div class="reading">',
        '<div class="required_reading" markdown="1">',
        '<div class="optional_reading" markdown="1">',
        "</div>",
        "</div></div>",
        "[//]: <> (lecture 7)",
        "<!-- a comment -->",
        "<!--",
        "-->",
        "* More reading coming soon ...",
        "This lecture will be an overview of the class.",
        "</td>",
    ]
)
_line = st.one_of(_bullet, _fixed, _heading, _speaker, _form, _fixed)
_entry = st.lists(_line, max_size=10).map(
    lambda lines: "{% include syllabus_entry %}\n" + "\n".join(lines)
)
_dates = st.lists(
    st.sampled_from(["1/24/22", "2/07/22", "03/14/22", "3/5", "2/30/22", "12/31/2022", "x"]),
    max_size=6,
).map(lambda ds: "{% capture dates %}\n" + "\n".join(ds) + "\n{% endcapture %}\n")


@st.composite
def _generated_page(draw: st.DrawFn) -> tuple[str, int]:
    header = draw(st.sampled_from(["", "# Machine Learning Systems (Spring 2022)\n"]))
    dates = draw(st.one_of(st.just(""), _dates))
    entries = draw(st.lists(_entry, min_size=1, max_size=4))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = header + dates + "\n".join(entries) + "\n"
    return text.replace("\n", newline), len(entries)


@FUZZ
@given(_generated_page())
def test_generated_entries(page: tuple[str, int]) -> None:
    text, entries = page
    parse_and_check(text)
    if "<!--" not in text:  # an unclosed comment may swallow entries
        assert len(parse_index_md(text).syllabus.weeks) == entries
