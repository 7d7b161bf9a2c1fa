"""``study-companion attach`` and ``annotations …``: a reading's annotations from a terminal.

The arguments are declared in ``annotation_parsers`` (loaded by every command, so kept light).

Pages are 1-based here, as people number them; positions (``--at X,Y``) and ``rects`` are PDF
points from the page's top left corner.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK, CommandError, opened_services, print_json
from app.domain.annotation import (
    Annotation,
    AnnotationKind,
    colour_for_meaning,
    normalize_colour,
)
from app.domain.annotation_geometry import rects

if TYPE_CHECKING:
    from app.services.app_services import AppServices


def attach(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        # Checked before the library takes the file: a file refused here changes nothing.
        services.annotations.check_new_file(args.reading, args.file)
        before = {annotation.id for annotation in services.annotations.for_reading(args.reading)}
        entry = services.library.attach(args.reading, args.file)
        after = services.annotations.for_reading(args.reading)
    imported = [annotation for annotation in after if annotation.id not in before]
    lost = [annotation for annotation in after if not annotation.anchored]
    if args.json:
        print_json(
            {
                "reading": entry.reading_id,
                "state": entry.state.value,
                "path": entry.path,
                "pages": entry.pages,
                "sha256": entry.sha256,
                "imported": [annotation_json(annotation) for annotation in imported],
                "not_found": [annotation_json(annotation) for annotation in lost],
            },
            out,
        )
        return EXIT_OK
    out.write(f"attached {args.file} to {entry.reading_id} ({entry.pages} pages)\n")
    if imported:
        out.write(f"{_count(len(imported))} from the file imported\n")
    if lost:
        out.write(f"{_count(len(lost))} not found in this version (kept; see `annotations list`)\n")
    return EXIT_OK


def annotations_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        return _ACTIONS[args.annotations_command](services, args, out)


def _list(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    _print(services.annotations.for_reading(args.reading), args.json, out)
    return EXIT_OK


def _search(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    _print(services.annotations.search(args.text), args.json, out)
    return EXIT_OK


def _add(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    colour = _colour(args.colour, services)
    page = args.page - 1
    if page < 0:
        raise CommandError(f"there is no page {args.page}: pages start at 1")
    if args.quote is not None:
        kind = AnnotationKind(args.kind or AnnotationKind.HIGHLIGHT)
        made = services.annotations.add_by_quote(
            args.reading,
            page=page,
            quote=args.quote,
            kind=kind,
            colour=colour,
            comment=args.comment,
        )
    else:
        kind = AnnotationKind(args.kind or AnnotationKind.NOTE)
        x, y = args.at
        made = services.annotations.add_at(
            args.reading,
            page=page,
            x=x,
            y=y,
            kind=kind,
            colour=colour,
            # A text box shows its text on the page: --comment is that text, not a note on it.
            comment="" if kind is AnnotationKind.FREETEXT else args.comment,
            text=args.comment if kind is AnnotationKind.FREETEXT else "",
        )
    _print([made], args.json, out)
    return EXIT_OK


def _import(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    if not args.file.is_file():
        raise CommandError(f"{args.file}: no such file")
    result = services.annotations.import_pdf(args.reading, args.file)
    if args.json:
        print_json(
            {
                "imported": [annotation_json(annotation) for annotation in result.added],
                "already": result.already,
            },
            out,
        )
    else:
        out.write(f"{_count(len(result.added))} imported, {result.already} already here\n")
    return EXIT_OK


def _export(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    report = services.annotations.export(args.reading, args.out)
    out.write(f"{_count(len(report.exported))} written to {report.path}\n")
    for skipped in report.skipped:
        out.write(f"{skipped}\n")
    return EXIT_OK


def _markdown(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    if (args.reading is None) == (args.week is None):
        raise CommandError("name a reading or give --week N")
    if args.week is not None:
        out.write(services.annotations.week_markdown(args.week))
    else:
        out.write(services.annotations.markdown(args.reading))
    return EXIT_OK


def _delete(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    gone = services.annotations.delete(args.annotation)
    out.write(f"deleted the {gone.kind.value} on {gone.page_label} of {gone.reading_id}\n")
    return EXIT_OK


_ACTIONS = {
    "list": _list,
    "search": _search,
    "add": _add,
    "import": _import,
    "export": _export,
    "markdown": _markdown,
    "delete": _delete,
}


def annotation_json(annotation: Annotation) -> dict[str, object]:
    if annotation.kind is AnnotationKind.OTHER:
        kind = (annotation.pdf_subtype or "other").lower()
    else:
        kind = annotation.kind.value
    bounds = annotation.bounds
    return {
        "id": annotation.id,
        "reading": annotation.reading_id,
        "kind": kind,
        "page": annotation.page + 1,
        "rects": rects(annotation.quads)
        if annotation.quads
        else ([bounds.to_json()] if bounds else []),
        "colour": annotation.colour,
        "meaning": annotation.meaning,
        "quote": annotation.quote,
        "comment": annotation.comment,
        "text": annotation.text,
        "author": annotation.author,
        "created": annotation.created.isoformat(),
        "modified": annotation.modified.isoformat(),
        "anchored": annotation.anchored,
        "editable": annotation.editable,
    }


def _print(found: list[Annotation], as_json: bool, out: TextIO) -> None:
    if as_json:
        print_json([annotation_json(annotation) for annotation in found], out)
        return
    if not found:
        out.write("no annotations\n")
    for annotation in found:
        said = annotation.quote or annotation.text
        parts = [
            annotation.page_label,
            annotation_json(annotation)["kind"],
            annotation.meaning or annotation.colour,
            f"“{said}”" if said else "",
            f"— {annotation.comment}" if annotation.comment else "",
            "" if annotation.anchored else "(not found in this version)",
            f"[{annotation.id}]",
        ]
        out.write("  ".join(str(part) for part in parts if part) + "\n")


def _colour(given: str | None, services: AppServices) -> str:
    palette = services.settings.palette()
    if given is None:
        return palette[0].colour
    try:
        return colour_for_meaning(given, palette)
    except KeyError:
        pass
    try:
        return normalize_colour(given)
    except ValueError:
        names = ", ".join(entry.meaning for entry in palette)
        raise CommandError(
            f"{given!r} is neither a colour (#RRGGBB) nor a meaning ({names})"
        ) from None


def _count(number: int) -> str:
    return f"{number} annotation" + ("" if number == 1 else "s")
