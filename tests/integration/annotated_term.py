"""A term with annotated readings, made through the real command line, for the annotation tests.

``annotate(data_dir, versions)`` signs the student's name, attaches the first version of the
paper (paper_versions.py) to one reading of week 3 and the second version to another, and adds
the student's annotations with ``annotations add``: one of each kind of text markup in each
meaning, on the upright and on the turned page, and a sticky note. It returns the JSON the
command printed for each, so tests compare later output with what the student was told.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.services.app_services import open_services
from tests.integration.cli_process import json_of, run
from tests.integration.paper_versions import (
    GONE_PHRASE,
    LAST_PHRASE,
    MOVED_PHRASE,
    TURNED_PHRASE,
    Versions,
)

AUTHOR = "Ada Student"
WEEK = 3
NOTE_AT = (400.0, 300.0)  # below every line of PAGE_ONE: last in its meaning's list


@dataclass(frozen=True)
class Mark:
    """One ``annotations add`` of the student: what they typed."""

    kind: str
    page: int  # as typed: 1-based
    phrase: str  # the quote; "" for the note placed --at NOTE_AT
    meaning: str
    comment: str = ""

    def arguments(self, reading: str) -> list[str]:
        where = ["--quote", self.phrase] if self.phrase else ["--at", "{},{}".format(*NOTE_AT)]
        return [
            *("annotations", "add", reading, "--page", str(self.page), *where),
            *("--kind", self.kind, "--colour", self.meaning, "--comment", self.comment, "--json"),
        ]


# On the first reading (the first version): each kind and each meaning once.
MARKS = (
    Mark("highlight", 1, MOVED_PHRASE, "key idea", "Why it scales"),
    Mark("underline", 1, "threefold speedup", "strength"),
    Mark("strikeout", 1, "memory pressure", "weakness", "Only at batch 512?"),
    Mark("squiggly", 2, TURNED_PHRASE, "method"),
    Mark("highlight", 1, GONE_PHRASE, "question", "On which hardware?"),
    Mark("note", 1, "", "question", "Check the appendix"),
)
# On the second reading (the second version, where the paper's last line is on page 2).
OTHER_MARK = Mark("highlight", 2, LAST_PHRASE, "key idea", "Cite this")


@dataclass(frozen=True)
class Term:
    data_dir: Path
    week: list[dict[str, Any]]  # `readings --week 3 --json`
    first: str  # the reading with the first version and MARKS
    second: str  # the reading with the second version and OTHER_MARK
    library_file: Path  # the first reading's PDF in the library
    made: dict[Mark, dict[str, Any]]  # what `annotations add --json` printed for each

    def copied_to(self, folder: Path) -> Term:
        """The same term in another data directory (a test's own copy)."""
        data_dir = Path(shutil.copytree(self.data_dir, folder / "data"))
        moved = self.library_file.relative_to(self.data_dir)
        return replace(self, data_dir=data_dir, library_file=data_dir / moved)


def cli(data_dir: Path, *arguments: str) -> Any:
    """Run ``study-companion --data-dir DIR ARGS`` (which must succeed); its JSON output."""
    result = run(data_dir, *arguments)
    assert result.returncode == 0, result.stderr
    return json_of(result)


def sign(data_dir: Path, author: str = AUTHOR) -> None:
    """The student's name, as the settings page saves it (annotations are signed with it)."""
    services = open_services(data_dir)
    try:
        services.settings.set_author(author)
    finally:
        services.close()


def annotate(data_dir: Path, versions: Versions) -> Term:
    sign(data_dir)
    week = cli(data_dir, "readings", "--week", str(WEEK), "--json")
    first, second = week[0]["id"], week[1]["id"]
    attached = cli(data_dir, "attach", first, str(versions.first), "--json")
    cli(data_dir, "attach", second, str(versions.second), "--json")
    made = {mark: cli(data_dir, *mark.arguments(first))[0] for mark in MARKS}
    made[OTHER_MARK] = cli(data_dir, *OTHER_MARK.arguments(second))[0]
    return Term(data_dir, week, first, second, Path(attached["path"]), made)


# -- what `annotations markdown` should print for them -----------------------------------------


def markdown_items(*lines: tuple[str, str]) -> str:
    """Markdown list items: the head, then the comment (if any) indented under it."""
    return "\n".join(f"- {head}" + (f"\n  {comment}" if comment else "") for head, comment in lines)


def reading_markdown(title: str, sections: list[tuple[str, str]], level: int = 1) -> str:
    """A reading's notes: its title, then a heading per meaning over its items."""
    parts = [f"{'#' * level} {title}"]
    for heading, items in sections:
        parts += [f"{'#' * (level + 1)} {heading}", items]
    if not sections:
        parts.append("No annotations yet.")
    return "\n\n".join(parts) + "\n"


def first_reading_sections() -> list[tuple[str, str]]:
    """MARKS by meaning, in the palette's order; each group in the order of the paper."""
    return [
        ("Key idea", markdown_items((f"“{MOVED_PHRASE}” (p. 1)", "Why it scales"))),
        ("Strength", markdown_items(("“threefold speedup” (p. 1)", ""))),
        ("Weakness", markdown_items(("“memory pressure” (p. 1)", "Only at batch 512?"))),
        (
            "Question",
            markdown_items(
                (f"“{GONE_PHRASE}” (p. 1)", "On which hardware?"),
                ("(note, p. 1)", "Check the appendix"),  # the note is lower on the page
            ),
        ),
        ("Method", markdown_items((f"“{TURNED_PHRASE}” (p. 2)", ""))),
    ]


def other_reading_sections() -> list[tuple[str, str]]:
    return [("Key idea", markdown_items((f"“{LAST_PHRASE}” (p. 2)", "Cite this")))]
