"""A reading's annotations as Markdown, grouped by what their colours mean: review notes.

The groups follow the palette's order (the student's own order of meanings), then meanings no
longer in the palette (alphabetically), then annotations without a meaning. Within a group,
annotations follow the paper: by page, then top to bottom. Each item gives the quote, the page
as people number it ("p. 5") and the comment below it; comments are kept as written, so
Markdown a student typed in a comment stays Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind, ColourMeaning

NO_MEANING_HEADING = "Other annotations"
_KIND_WORDS = {
    AnnotationKind.NOTE: "note",
    AnnotationKind.INK: "drawing",
    AnnotationKind.FREETEXT: "text box",
}


def _heading(meaning: str) -> str:
    return meaning[:1].upper() + meaning[1:] if meaning else NO_MEANING_HEADING


def _order(annotation: Annotation) -> tuple[int, float, float]:
    bounds = annotation.bounds
    return (annotation.page, bounds.y0 if bounds else 0.0, bounds.x0 if bounds else 0.0)


def _indented(text: str) -> str:
    """Continuation lines indented to stay inside the list item."""
    lines = text.strip().splitlines()
    return "\n".join(["  " + line if line.strip() else "" for line in lines])


def _item(annotation: Annotation) -> str:
    where = annotation.page_label
    if not annotation.anchored:
        where += ", not found in this version"
    quote = " ".join(annotation.quote.split())
    if quote:
        head = f"“{quote}” ({where})"
    elif annotation.kind is AnnotationKind.FREETEXT and annotation.text.strip():
        head = f"{' '.join(annotation.text.split())} ({where})"
    else:
        word = _KIND_WORDS.get(annotation.kind, annotation.pdf_subtype or annotation.kind.value)
        head = f"({word}, {where})"
    lines = [f"- {head}"]
    if annotation.comment.strip():
        lines.append(_indented(annotation.comment))
    return "\n".join(lines)


def annotations_markdown(
    title: str,
    annotations: Sequence[Annotation],
    palette: Sequence[ColourMeaning] = DEFAULT_PALETTE,
    level: int = 1,
) -> str:
    """Markdown for ``annotations``: a title line, then a section per meaning (see above).

    ``level`` is the title's heading level (2 when a reading is one part of a week's notes).
    """
    title_mark, section_mark = "#" * level, "#" * (level + 1)
    groups: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        groups.setdefault(annotation.meaning.strip(), []).append(annotation)
    in_palette = [entry.meaning for entry in palette if entry.meaning in groups]
    elsewhere = sorted(
        (meaning for meaning in groups if meaning and meaning not in in_palette), key=str.casefold
    )
    order = in_palette + elsewhere + ([""] if "" in groups else [])
    parts = [f"{title_mark} {' '.join(title.split()) or 'Annotations'}"]
    if not annotations:
        parts.append("No annotations yet.")
    for meaning in order:
        items = sorted(groups[meaning], key=_order)
        parts.append(f"{section_mark} {_heading(meaning)}")
        parts.append("\n".join(_item(annotation) for annotation in items))
    return "\n\n".join(parts) + "\n"
