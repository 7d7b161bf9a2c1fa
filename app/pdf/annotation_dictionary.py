"""An annotation's dictionary as the PDF wrote it, read through PyMuPDF's object (xref) API.

Why not PyMuPDF's ``Annot`` objects: MuPDF drops annotations of subtypes it does not know
(they must be kept as ``other``), and when an annotation has no appearance stream (files from
pypdf, pdf.js, scripts) it makes one in memory and reports the new box as ``Annot.rect``, so
the box, and an import key made from it, would depend on MuPDF's drawing code. The raw
dictionary says what the file says. Callers hold ``MUPDF_LOCK``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.pdf.annotation_values import pdf_name

# Where this app keeps a free-text box's comment: a free text's /Contents is its visible text,
# and the spec has no other place for a remark about it. Viewers ignore keys they do not know.
COMMENT_KEY = "StudyCompanionComment"

_TOKEN = re.compile(r"\[|\]|(\d+)\s+(\d+)\s+R\b|([-+]?(?:\d+\.?\d*|\.\d+))")
_REFERENCE = re.compile(r"(\d+)\s+\d+\s+R\b")
_MAX_DEPTH = 4  # references to references to arrays: deeper is a loop or a broken file


@dataclass(frozen=True)
class RawAnnotation:
    """The keys of one annotation dictionary the import needs, as found (PDF space)."""

    xref: int
    subtype: str
    rect: tuple[float, ...]  # /Rect: 4 numbers, or () when missing or malformed
    # /RD: how far a shape is inset in its /Rect (left, top, right, bottom), room for a border
    rect_differences: tuple[float, ...] = ()
    quad_points: tuple[float, ...] = ()
    ink_list: tuple[tuple[float, ...], ...] = ()
    vertices: tuple[float, ...] = ()  # /Vertices of a Polygon or PolyLine
    line: tuple[float, ...] = ()  # /L of a Line: x1 y1 x2 y2
    colour: tuple[float, ...] | None = None  # /C, None when the key is missing
    appearance_string: str = ""  # /DA of a FreeText (its text colour is in there)
    border_width: float | None = None  # /BS /W, else the third number of /Border
    contents: str = ""
    author: str = ""  # /T
    name: str | None = None  # /NM
    created: str | None = None
    modified: str | None = None
    popup: int | None = None  # xref of /Popup
    parent: int | None = None  # xref of /Parent (a Popup's annotation)
    comment: str = ""  # COMMENT_KEY, written by this app's export on free text


def annotation_xrefs(document: Any, page_xref: int) -> list[int]:
    """The xrefs in the page's /Annots array, in order (the array may be an indirect object).

    Annotations written inline in the array (not as objects of their own) are not reachable
    this way; writers do not produce them, as viewers need the object to refer to it.
    """
    kind, value = document.xref_get_key(page_xref, "Annots")
    if kind == "xref":
        match = _REFERENCE.match(value)
        value = document.xref_object(int(match.group(1)), compressed=True) if match else ""
    elif kind != "array":
        return []
    return [int(found.group(1)) for found in _REFERENCE.finditer(value)]


def parse_array(text: str, resolve: Callable[[int], str], depth: int = 0) -> list[Any]:
    """A PDF array of numbers (maybe nested, maybe with references) as nested lists of floats.

    Anything else in it (names, strings) is skipped: the callers read coordinates and colours.
    """
    stack: list[list[Any]] = [[]]
    for token in _TOKEN.finditer(text):
        if token.group(0) == "[":
            stack.append([])
        elif token.group(0) == "]":
            if len(stack) > 1:
                done = stack.pop()
                stack[-1].append(done)
        elif token.group(1) is not None:
            if depth < _MAX_DEPTH:
                stack[-1].extend(parse_array(resolve(int(token.group(1))), resolve, depth + 1))
        else:
            stack[-1].append(float(token.group(3)))
    while len(stack) > 1:  # a missing "]" in a damaged file: keep what was read
        done = stack.pop()
        stack[-1].append(done)
    return stack[0]


def _flat(values: list[Any]) -> tuple[float, ...]:
    flat: list[float] = []
    for value in values:
        if isinstance(value, list):
            flat.extend(_flat(value))
        else:
            flat.append(value)
    return tuple(flat)


class _Reader:
    """Typed reads of one object's keys."""

    def __init__(self, document: Any, xref: int) -> None:
        self.document = document
        self.xref = xref

    def _resolve(self, number: int) -> str:
        try:
            return str(self.document.xref_object(number, compressed=True))
        except (RuntimeError, ValueError):
            return ""

    def raw(self, key: str) -> tuple[str, str]:
        try:
            kind, value = self.document.xref_get_key(self.xref, key)
        except (RuntimeError, ValueError):
            return "null", "null"
        return str(kind), str(value)

    def array(self, key: str) -> list[Any] | None:
        kind, value = self.raw(key)
        if kind == "xref":
            kind, value = "array", self._resolve(_reference(value) or 0)
        if kind == "array":
            parsed = parse_array(value, self._resolve)
            # The text is the array itself: its "[" makes the one outer list.
            return parsed[0] if len(parsed) == 1 and isinstance(parsed[0], list) else parsed
        if kind in ("int", "float"):
            return [float(value)]
        return None

    def numbers(self, key: str) -> tuple[float, ...]:
        return _flat(self.array(key) or [])

    def string(self, key: str) -> str | None:
        kind, value = self.raw(key)
        return value if kind == "string" else None

    def number(self, key: str) -> float | None:
        kind, value = self.raw(key)
        return float(value) if kind in ("int", "float") else None

    def reference(self, key: str) -> int | None:
        kind, value = self.raw(key)
        return _reference(value) if kind == "xref" else None


def _reference(value: str) -> int | None:
    match = _REFERENCE.match(value)
    return int(match.group(1)) if match else None


def _text(value: str | None) -> str:
    """A text string with its line ends made "\\n" (PDF writers use "\\r" as often as not)."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def read_raw(document: Any, xref: int) -> RawAnnotation:
    read = _Reader(document, xref)
    kind, subtype = read.raw("Subtype")
    rect = read.numbers("Rect")
    ink = read.array("InkList") or []
    border = read.numbers("Border")  # the old way: [h-radius v-radius width]
    width = read.number("BS/W")
    if width is None and len(border) >= 3:
        width = border[2]
    colour = read.array("C")
    return RawAnnotation(
        xref=xref,
        subtype=pdf_name(subtype) if kind == "name" else "",
        rect=rect if len(rect) == 4 else (),
        rect_differences=read.numbers("RD"),
        quad_points=read.numbers("QuadPoints"),
        ink_list=tuple(_flat(stroke) for stroke in ink if isinstance(stroke, list)),
        vertices=read.numbers("Vertices"),
        line=read.numbers("L"),
        colour=None if colour is None else _flat(colour),
        appearance_string=read.string("DA") or "",
        border_width=width,
        contents=_text(read.string("Contents")),
        author=_text(read.string("T")).strip(),
        name=read.string("NM") or None,
        created=read.string("CreationDate"),
        modified=read.string("M"),
        popup=read.reference("Popup"),
        parent=read.reference("Parent"),
        comment=_text(read.string(COMMENT_KEY)),
    )
