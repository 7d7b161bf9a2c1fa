"""The arguments of ``attach`` and ``annotations …`` (their work is in annotation_commands).

Every command builds the whole parser, so this module imports nothing but argparse.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

# The kinds ``annotations add`` makes (AnnotationKind values): text markup over a quote, or a
# note / text box at a point.
ADDABLE_KINDS = ("highlight", "underline", "strikeout", "squiggly", "note", "freetext")


def add_parsers(commands: argparse._SubParsersAction[Any]) -> None:
    attach = commands.add_parser(
        "attach", help="use a PDF from disk for a reading (its annotations come with it)"
    )
    attach.add_argument("reading", metavar="READING_ID")
    attach.add_argument("file", metavar="FILE.pdf", type=Path)
    attach.add_argument("--json", action="store_true", help="print JSON")

    group = commands.add_parser("annotations", help="list, add, import, export annotations")
    actions = group.add_subparsers(dest="annotations_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="a reading's annotations")
    listing.add_argument("reading", metavar="READING_ID")
    listing.add_argument("--json", action="store_true", help="print JSON")

    add = actions.add_parser("add", help="annotate a reading's PDF")
    add.add_argument("reading", metavar="READING_ID")
    add.add_argument("--page", type=int, required=True, metavar="N", help="1-based page")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="mark this text on the page")
    where.add_argument("--at", metavar="X,Y", type=point, help="place a note here (points)")
    add.add_argument(
        "--kind", choices=ADDABLE_KINDS, help="default: highlight with --quote, note with --at"
    )
    add.add_argument("--colour", "--color", metavar="MEANING|#RRGGBB", help="default: yellow")
    add.add_argument("--comment", default="", metavar="TEXT")
    add.add_argument("--json", action="store_true", help="print JSON")

    imports = actions.add_parser("import", help="take in the annotations inside a PDF")
    imports.add_argument("reading", metavar="READING_ID")
    imports.add_argument("file", metavar="FILE.pdf", type=Path)
    imports.add_argument("--json", action="store_true", help="print JSON")

    export = actions.add_parser("export", help="write a copy of the PDF with the annotations")
    export.add_argument("reading", metavar="READING_ID")
    export.add_argument("out", metavar="OUT.pdf", type=Path)

    markdown = actions.add_parser("markdown", help="a reading's (or week's) notes as Markdown")
    markdown.add_argument("reading", metavar="READING_ID", nargs="?")
    markdown.add_argument("--week", type=int, metavar="N", help="every reading of week N")

    search = actions.add_parser("search", help="annotations of the term whose text matches")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--json", action="store_true", help="print JSON")

    delete = actions.add_parser("delete", help="delete one annotation")
    delete.add_argument("annotation", metavar="ANNOTATION_ID")


def point(text: str) -> tuple[float, float]:
    try:
        x, y = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not X,Y in points: {text!r}") from None
    return x, y
