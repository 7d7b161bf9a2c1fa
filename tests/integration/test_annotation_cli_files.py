"""``attach``, ``annotations import`` and ``annotations export`` through the real entry point,
``python -m app``: files annotated by other tools come in, a new version of the paper moves the
annotations to their text, exports are standard PDF annotations, nothing is imported twice.

Every command runs in a subprocess as a user runs it (tests/integration/cli_process.py). The
expectations come from elsewhere: where a quote is, from PyMuPDF's word boxes of the test PDFs
(paper_versions.py); what an exported copy holds, from pypdf; what the database holds, from
plain sqlite3; what other tools wrote, from their makers (tests/annotations/other_tools.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.annotations.documents import phrase_quad_points
from tests.annotations.other_tools import Written, annotate_like_viewers, annotate_with_pypdf
from tests.integration.annotated_term import AUTHOR, MARKS, Term, cli
from tests.integration.cli_process import run
from tests.integration.paper_versions import (
    GONE_PHRASE,
    MOVED_PHRASE,
    SUBTYPES,
    Versions,
    channels,
    kind_of,
    near,
    pdf_annotations,
    pdf_space,
    phrase_rects,
)
from tests.integration.store_rows import table_rows


@pytest.fixture(scope="module")
def viewers(
    tmp_path_factory: pytest.TempPathFactory, two_versions: Versions
) -> tuple[Path, list[Written]]:
    """The first version annotated as Acrobat, Preview, Okular and pdf.js leave a paper."""
    dest = tmp_path_factory.mktemp("viewers") / "annotated-elsewhere.pdf"
    return dest, annotate_like_viewers(two_versions.first, dest)


def test_attach_takes_in_what_other_tools_annotated(
    fresh_data: Path,
    annotated_term: Term,
    two_versions: Versions,
    viewers: tuple[Path, list[Written]],
) -> None:
    path, written = viewers
    attached = cli(fresh_data, "attach", annotated_term.first, str(path), "--json")
    listed = cli(fresh_data, "annotations", "list", annotated_term.first, "--json")

    assert attached["not_found"] == []
    assert sorted(attached["imported"], key=str) == sorted(listed, key=str)
    found = {(item["page"], item["kind"]): item for item in listed}
    assert len(found) == len(listed) == len(written)  # one each, the Link and Widget left out
    for wanted in written:
        item = found[(wanted.page + 1, kind_of(wanted))]
        assert (item["author"], item["anchored"], item["reading"]) == (
            wanted.author,
            True,
            annotated_term.first,
        )
        if wanted.subtype != "FreeText":  # a free text's /Contents is the text it shows
            assert item["comment"] == wanted.comment, wanted
        if wanted.phrase:
            assert item["quote"] == wanted.phrase
            assert near(item["rects"], phrase_rects(two_versions.first, wanted.page, wanted.phrase))
    # Acrobat's yellow (1, 0.82, 0) is near enough the palette's to mean what it means.
    acrobat = found[(1, "highlight")]
    assert (acrobat["colour"], acrobat["meaning"]) == ("#ffd100", "key idea")
    assert found[(1, "ink")]["colour"] == "#0000ff"
    sticky = found[(1, "note")]  # /Rect [500 700 520 720] on the upright page
    assert near(sticky["rects"], [pdf_space([500, 700, 520, 720])])  # the flip is its own inverse


def _by_quote(listed: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["quote"]: item for item in listed if item["quote"]}


def test_a_new_version_moves_each_highlight_to_its_text_and_keeps_the_lost_one(
    term: Term, two_versions: Versions
) -> None:
    old = {item["id"]: item for item in term.made.values()}
    gone = term.made[MARKS[4]]
    assert gone["quote"] == GONE_PHRASE

    attached = cli(term.data_dir, "attach", term.first, str(two_versions.second), "--json")
    listed = cli(term.data_dir, "annotations", "list", term.first, "--json")

    assert attached["imported"] == []
    assert [item["id"] for item in attached["not_found"]] == [gone["id"]]
    assert {item["id"] for item in listed} == {term.made[mark]["id"] for mark in MARKS}
    for item in listed:
        before = old[item["id"]]
        assert (item["created"], item["modified"]) == (before["created"], before["modified"])
        if item["id"] == gone["id"]:  # kept where it was, flagged
            assert item == {**before, "anchored": False}
        elif item["quote"]:  # one page on: the new first page pushed everything along
            assert (item["page"], item["anchored"]) == (before["page"] + 1, True)
            where = phrase_rects(two_versions.second, item["page"] - 1, item["quote"])
            assert near(item["rects"], where), item["quote"]
        else:  # the note has no text to follow: its page is still there
            assert item == before
    moved = _by_quote(listed)[MOVED_PHRASE]["rects"][0]
    assert moved[1] < _by_quote(list(old.values()))[MOVED_PHRASE]["rects"][0][1]  # a line up


def test_what_other_tools_marked_follows_its_text_into_a_new_version(
    fresh_data: Path,
    annotated_term: Term,
    two_versions: Versions,
    viewers: tuple[Path, list[Written]],
) -> None:
    path, written = viewers
    cli(fresh_data, "attach", annotated_term.first, str(path), "--json")
    attached = cli(fresh_data, "attach", annotated_term.first, str(two_versions.second), "--json")
    listed = _by_quote(cli(fresh_data, "annotations", "list", annotated_term.first, "--json"))

    marked = {entry.phrase: entry for entry in written if entry.phrase}
    assert set(listed) == set(marked)
    assert [item["quote"] for item in attached["not_found"]] == [GONE_PHRASE]
    assert listed[GONE_PHRASE]["anchored"] is False
    for phrase, entry in marked.items():
        if phrase != GONE_PHRASE:
            item = listed[phrase]
            assert (item["page"], item["anchored"]) == (entry.page + 2, True), phrase
            assert near(item["rects"], phrase_rects(two_versions.second, entry.page + 1, phrase))


def test_export_leaves_out_the_lost_one_and_says_why(term: Term, two_versions: Versions) -> None:
    cli(term.data_dir, "attach", term.first, str(two_versions.second), "--json")
    out = term.data_dir.parent / "camera-ready-annotated.pdf"
    gone = term.made[MARKS[4]]["id"]

    result = run(term.data_dir, "annotations", "export", term.first, str(out))

    assert result.returncode == 0, result.stderr
    first, *reasons = result.stdout.splitlines()
    assert first == f"{len(MARKS) - 1} annotations written to {out}"
    assert reasons == [f"{gone}: not exported, its text is not in this version of the PDF"]
    found = pdf_annotations(out)
    assert set(found) == {term.made[mark]["id"] for mark in MARKS} - {gone}
    page, moved = found[term.made[MARKS[0]]["id"]]
    assert page == 1
    wanted = phrase_quad_points(two_versions.second, 1, MOVED_PHRASE)
    assert near([[float(value) for value in moved["/QuadPoints"]]], [wanted])


def test_without_json_attach_and_import_say_what_they_did(
    term: Term, two_versions: Versions, viewers: tuple[Path, list[Written]]
) -> None:
    path, written = viewers

    attached = run(term.data_dir, "attach", term.second, str(path))
    imported = run(term.data_dir, "annotations", "import", term.second, str(path))
    new_version = run(term.data_dir, "attach", term.first, str(two_versions.second))

    assert attached.returncode == imported.returncode == new_version.returncode == 0
    assert attached.stdout == (
        f"attached {path} to {term.second} (2 pages)\n"
        f"{len(written)} annotations from the file imported\n"
    )
    assert imported.stdout == f"0 annotations imported, {len(written)} already here\n"
    assert new_version.stdout == (
        f"attached {two_versions.second} to {term.first} (3 pages)\n"
        "1 annotation not found in this version (kept; see `annotations list`)\n"
    )


def test_import_of_the_same_file_twice_adds_nothing_the_second_time(
    term: Term, two_versions: Versions
) -> None:
    marked = term.data_dir.parent / "pypdf-annotated.pdf"
    written = annotate_with_pypdf(two_versions.first, marked, MOVED_PHRASE)

    first = cli(term.data_dir, "annotations", "import", term.first, str(marked), "--json")
    after_first = table_rows(term.data_dir)["annotations"]
    second = cli(term.data_dir, "annotations", "import", term.first, str(marked), "--json")

    assert (len(first["imported"]), first["already"]) == (len(written), 0)
    assert sorted(item["kind"] for item in first["imported"]) == sorted(
        kind_of(entry) for entry in written
    )
    assert (second["imported"], second["already"]) == ([], len(written))
    assert table_rows(term.data_dir)["annotations"] == after_first
    assert len(after_first) == len(MARKS) + 1 + len(written)


def test_an_exported_copy_imported_again_adds_nothing(term: Term) -> None:
    out = term.data_dir.parent / "exported.pdf"
    assert run(term.data_dir, "annotations", "export", term.first, str(out)).returncode == 0
    before = table_rows(term.data_dir)["annotations"]

    again = cli(term.data_dir, "annotations", "import", term.first, str(out), "--json")

    assert (again["imported"], again["already"]) == ([], len(MARKS))
    assert table_rows(term.data_dir)["annotations"] == before


def test_export_writes_standard_annotations_and_leaves_the_library_file_alone(
    term: Term, two_versions: Versions
) -> None:
    [box] = cli(
        term.data_dir,
        *("annotations", "add", term.first, "--page", "1", "--at", "300,500"),
        *("--kind", "freetext", "--colour", "strength", "--comment", "Read section 4", "--json"),
    )
    listed = cli(term.data_dir, "annotations", "list", term.first, "--json")
    assert {item["kind"] for item in listed} == set(SUBTYPES)  # every kind `add` makes
    library_sha = hashlib.sha256(term.library_file.read_bytes()).hexdigest()
    out = term.data_dir.parent / "annotated.pdf"

    result = run(term.data_dir, "annotations", "export", term.first, str(out))

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{len(listed)} annotations written to {out}\n"
    assert hashlib.sha256(term.library_file.read_bytes()).hexdigest() == library_sha
    found = pdf_annotations(out)
    assert set(found) == {item["id"] for item in listed}
    for item in listed:
        page, exported = found[item["id"]]
        assert page == item["page"] - 1
        assert exported["/Subtype"] == SUBTYPES[item["kind"]]
        assert near([[float(c) for c in exported["/C"]]], [channels(item["colour"])], 0.002)
        assert str(exported["/T"]) == AUTHOR
        assert "/N" in exported["/AP"], f"{item['kind']} has no appearance stream"
        shown = "Read section 4" if item["id"] == box["id"] else item["comment"]
        assert str(exported.get("/Contents", "")) == shown  # a text box's is the text it shows
        if item["quote"]:
            wanted = phrase_quad_points(two_versions.first, item["page"] - 1, item["quote"])
            assert near([[float(value) for value in exported["/QuadPoints"]]], [wanted])
        else:
            rect = [float(value) for value in exported["/Rect"]]
            assert near([rect], [pdf_space(item["rects"][0])]), item["kind"]
