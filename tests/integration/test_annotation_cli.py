"""``annotations add | list | markdown | delete`` through the real entry point, ``python -m app``,
and what bad input does to each command (``attach`` and ``import`` included): one line, exit 1,
nothing changed.

Every command runs in a subprocess as a user runs it (tests/integration/cli_process.py), so each
one is also a restart: what one command stored, the next reads from disk. The expectations come
from elsewhere: where a quote is, from PyMuPDF's word boxes of the test PDF; what the database
holds, from plain sqlite3; colours, from the default palette written out in paper_versions.py;
Markdown, from text built in annotated_term.py. The term with the student's annotations
(``annotated_term``, tests/integration/conftest.py) is made once per module; ``term`` is a copy.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.integration.annotate_until_killed import annotate_until_killed
from tests.integration.annotated_term import (
    AUTHOR,
    MARKS,
    NOTE_AT,
    OTHER_MARK,
    WEEK,
    Term,
    cli,
    first_reading_sections,
    other_reading_sections,
    reading_markdown,
    sign,
)
from tests.integration.cli_process import run
from tests.integration.paper_versions import (
    JSON_KEYS,
    MOVED_PHRASE,
    PALETTE,
    Versions,
    near,
    phrase_rects,
    write_bad_files,
)
from tests.integration.store_rows import table_rows


def _ids(data_dir: Path) -> set[str]:
    """The ids in the annotations table (the first column)."""
    return {row[0] for row in table_rows(data_dir)["annotations"]}


def test_add_marks_the_words_pymupdf_finds_where_the_student_said(
    annotated_term: Term, two_versions: Versions
) -> None:
    before = datetime.now().astimezone()
    for mark in [*MARKS, OTHER_MARK]:
        made = annotated_term.made[mark]
        paper = two_versions.second if mark is OTHER_MARK else two_versions.first
        reading = annotated_term.second if mark is OTHER_MARK else annotated_term.first
        assert set(made) >= JSON_KEYS, mark
        assert (made["reading"], made["kind"], made["page"]) == (reading, mark.kind, mark.page)
        assert (made["colour"], made["meaning"]) == (PALETTE[mark.meaning], mark.meaning)
        assert (made["quote"], made["comment"]) == (mark.phrase, mark.comment)
        assert (made["author"], made["anchored"]) == (AUTHOR, True)
        created = datetime.fromisoformat(made["created"])
        assert created.tzinfo is not None and created < before
        assert made["modified"] == made["created"]
        if mark.phrase:
            assert near(made["rects"], phrase_rects(paper, mark.page - 1, mark.phrase)), mark
        else:  # the note's box has its top left corner where it was put
            [box] = made["rects"]
            assert box[:2] == list(NOTE_AT) and box[2] > box[0] and box[3] > box[1]
    assert len({made["id"] for made in annotated_term.made.values()}) == len(MARKS) + 1


def test_list_gives_back_exactly_what_add_printed(annotated_term: Term) -> None:
    listed = cli(annotated_term.data_dir, "annotations", "list", annotated_term.first, "--json")
    wanted = [annotated_term.made[mark] for mark in MARKS]
    assert sorted(listed, key=lambda item: item["id"]) == sorted(wanted, key=lambda i: i["id"])
    assert _ids(annotated_term.data_dir) == {made["id"] for made in annotated_term.made.values()}


def test_without_json_list_gives_a_line_per_annotation_for_people(annotated_term: Term) -> None:
    result = run(annotated_term.data_dir, "annotations", "list", annotated_term.first)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(MARKS)
    for mark in MARKS:
        made = annotated_term.made[mark]
        [line] = [line for line in lines if line.endswith(f"[{made['id']}]")]
        assert line.startswith(f"p. {mark.page}  {mark.kind}  {mark.meaning}  "), line
        assert (f"“{mark.phrase}”" in line) == bool(mark.phrase)
        assert (f"— {mark.comment}" in line) == bool(mark.comment)


def test_a_colour_is_a_meaning_of_the_palette_or_any_hex_colour(
    fresh_data: Path, annotated_term: Term, two_versions: Versions
) -> None:
    cli(fresh_data, "attach", annotated_term.first, str(two_versions.first), "--json")

    def note(*colour: str) -> dict[str, Any]:
        added = ("annotations", "add", annotated_term.first, "--page", "1", "--at", "50,60")
        return cli(fresh_data, *added, *colour, "--json")[0]  # type: ignore[no-any-return]

    for meaning, colour in PALETTE.items():
        made = note("--colour", meaning)
        assert (made["colour"], made["meaning"]) == (colour, meaning)
    default = note()
    assert (default["colour"], default["meaning"]) == ("#ffd400", "key idea")
    upper = note("--colour", "#2EA8E5")
    assert (upper["colour"], upper["meaning"]) == ("#2ea8e5", "question")
    own = note("--colour", "#123456")
    assert (own["colour"], own["meaning"]) == ("#123456", "")


def test_notes_and_text_boxes_go_where_the_student_points(
    fresh_data: Path, annotated_term: Term, two_versions: Versions
) -> None:
    sign(fresh_data)
    cli(fresh_data, "attach", annotated_term.first, str(two_versions.first), "--json")
    added = ("annotations", "add", annotated_term.first, "--page", "2")
    [note] = cli(fresh_data, *added, "--at", "120.5,80", "--comment", "See fig. 3", "--json")
    [box] = cli(
        fresh_data, *added, "--at", "300,400", "--kind", "freetext", "--comment", "Boxed", "--json"
    )
    assert (note["kind"], note["page"], note["comment"], note["quote"]) == (
        "note",
        2,
        "See fig. 3",
        "",
    )
    assert (box["kind"], box["page"], box["author"]) == ("freetext", 2, AUTHOR)
    # A text box shows its text on the page; --comment is that text, not a note about it.
    assert (box["text"], box["comment"]) == ("Boxed", "")
    for made, corner in ((note, [120.5, 80.0]), (box, [300.0, 400.0])):
        [rect] = made["rects"]
        assert rect[:2] == corner and rect[2] > rect[0] and rect[3] > rect[1]


# -- bad input: one line, exit 1, nothing changed ----------------------------------------------

UNKNOWN = "0123456789ab"  # a reading id the course does not have
BAD_INPUT = {
    "list an unknown reading": ("annotations", "list", UNKNOWN),
    "add to an unknown reading": ("annotations", "add", UNKNOWN, "--page", "1", "--at", "1,1"),
    "add on a page after the last": ("annotations", "add", "{first}", "--page", "3", "--at", "1,1"),
    "add a quote on a page after the last": (
        *("annotations", "add", "{first}", "--page", "3", "--quote", MOVED_PHRASE),
    ),
    "add on page 0": ("annotations", "add", "{first}", "--page", "0", "--quote", MOVED_PHRASE),
    "add a quote not on that page": (
        *("annotations", "add", "{first}", "--page", "2", "--quote", MOVED_PHRASE),
    ),
    "add a quote on no page": ("annotations", "add", "{first}", "--page", "1", "--quote", "zebu"),
    "import into an unknown reading": ("annotations", "import", UNKNOWN, "{paper}"),
    "import a file that is not a PDF": ("annotations", "import", "{first}", "{not_pdf}"),
    "import a damaged file": ("annotations", "import", "{first}", "{damaged}"),
    "import an encrypted file": ("annotations", "import", "{first}", "{encrypted}"),
    "import a file that is not there": ("annotations", "import", "{first}", "{missing}"),
    "attach to an unknown reading": ("attach", UNKNOWN, "{paper}"),
    "attach a file that is not a PDF": ("attach", "{first}", "{not_pdf}"),
    "attach a damaged file": ("attach", "{first}", "{damaged}"),
    "attach an encrypted file": ("attach", "{first}", "{encrypted}"),
    "attach a file that is not there": ("attach", "{first}", "{missing}"),
    "export an unknown reading": ("annotations", "export", UNKNOWN, "{out}"),
    "markdown of an unknown reading": ("annotations", "markdown", UNKNOWN),
    "markdown of a week that is not there": ("annotations", "markdown", "--week", "99"),
    "delete an unknown annotation": ("annotations", "delete", "f" * 32),
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory, two_versions: Versions) -> dict[str, Path]:
    return write_bad_files(tmp_path_factory.mktemp("bad-files"), two_versions.first)


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_one_line_and_exit_1_and_changes_nothing(
    case: str, term: Term, bad_files: dict[str, Path]
) -> None:
    names = {"first": term.first, **{name: str(path) for name, path in bad_files.items()}}
    arguments = [argument.format(**names) for argument in BAD_INPUT[case]]
    before = table_rows(term.data_dir)
    files = sorted(path.name for path in term.library_file.parent.iterdir())
    library_bytes = term.library_file.read_bytes()

    result = run(term.data_dir, *arguments)

    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("study-companion: "), result.stderr
    assert result.stdout == ""
    assert table_rows(term.data_dir) == before
    assert sorted(path.name for path in term.library_file.parent.iterdir()) == files
    assert term.library_file.read_bytes() == library_bytes
    assert not bad_files["out"].exists()


def test_a_malformed_argument_is_one_line_too(term: Term) -> None:
    before = table_rows(term.data_dir)
    result = run(term.data_dir, "annotations", "add", term.first, "--page", "1", "--at", "1x1")
    assert result.returncode == 2  # a usage error, as argparse has it
    assert result.stderr.splitlines() == [
        "study-companion: argument --at: not X,Y in points: '1x1' "
        "(see: study-companion annotations add --help)"
    ]
    assert table_rows(term.data_dir) == before


# -- markdown, delete ----------------------------------------------------------------------------


def test_markdown_of_a_reading_groups_its_notes_by_meaning(term: Term) -> None:
    title = term.week[0]["title"]

    result = run(term.data_dir, "annotations", "markdown", term.first)

    assert result.returncode == 0, result.stderr
    assert result.stdout == reading_markdown(title, first_reading_sections())


def test_markdown_of_a_week_has_each_of_its_readings(term: Term) -> None:
    sections = {term.first: first_reading_sections(), term.second: other_reading_sections()}
    wanted = "\n".join(
        [f"# Week {WEEK}\n"]
        + [
            reading_markdown(reading["title"], sections.get(reading["id"], []), level=2)
            for reading in term.week
        ]
    )
    assert len(term.week) > 2  # readings without notes say so

    result = run(term.data_dir, "annotations", "markdown", "--week", str(WEEK))

    assert result.returncode == 0, result.stderr
    assert result.stdout == wanted


def test_delete_removes_exactly_the_one_named(term: Term) -> None:
    doomed = term.made[MARKS[2]]
    before = table_rows(term.data_dir)["annotations"]

    result = run(term.data_dir, "annotations", "delete", doomed["id"])
    again = run(term.data_dir, "annotations", "delete", doomed["id"])

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"deleted the strikeout on p. 1 of {term.first}\n"
    assert table_rows(term.data_dir)["annotations"] == [
        row for row in before if row[0] != doomed["id"]
    ]
    assert len(before) == len(MARKS) + 1
    assert again.returncode == 1 and len(again.stderr.splitlines()) == 1


# -- killed while annotating ---------------------------------------------------------------------

PRINTED_BEFORE_KILL = 20


def test_every_annotation_reported_made_survives_a_sigkill(term: Term) -> None:
    printed = annotate_until_killed(term.data_dir, term.first, PRINTED_BEFORE_KILL)

    assert len(printed) >= PRINTED_BEFORE_KILL
    assert set(printed) <= _ids(term.data_dir)
    listed = cli(term.data_dir, "annotations", "list", term.first, "--json")
    assert set(printed) <= {item["id"] for item in listed}
