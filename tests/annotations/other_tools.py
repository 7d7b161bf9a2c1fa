"""PDFs annotated the way other tools annotate them, written with pikepdf and pypdf.

pikepdf writes raw dictionaries as Acrobat, Preview, Okular and pdf.js leave them: no
appearance streams, colours in grey and CMYK as well as RGB, /NM sometimes missing, a comment
only in the /Popup, dates with and without a zone, kinds the app does not edit (Caret, Square,
Stamp, Redact, 3D), the document's own Link and Widget, and a rotated, cropped page. pypdf
writes through its ``pypdf.annotations`` classes. Each builder returns what it wrote, so tests
state their expectations from the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Ellipse, FreeText, Highlight, Line, Polygon, Rectangle, Text
from pypdf.generic import ArrayObject, FloatObject

from tests.annotations.documents import phrase_quad_points


@dataclass(frozen=True)
class Written:
    """One annotation a builder put in, as the test should find it."""

    page: int
    subtype: str
    phrase: str = ""  # the text under a markup annotation
    comment: str = ""
    author: str = ""
    name: str | None = None  # /NM
    rect: tuple[float, float, float, float] | None = None  # PDF space
    extra: dict[str, Any] = field(default_factory=dict)


# The phrases the viewers mark (each on one line of documents.PAGE_ONE / PAGE_TWO).
ACROBAT_PHRASE = "measure throughput and latency"
PREVIEW_PHRASE = "overlaps communication"
OKULAR_PHRASE = "memory pressure"
SQUIGGLY_PHRASE = "threefold speedup"
ROTATED_PHRASE = "partition models across"


def _bounds(values: list[float]) -> list[float]:
    xs, ys = values[0::2], values[1::2]
    return [min(xs), min(ys), max(xs), max(ys)]


def _markup(pdf: pikepdf.Pdf, subtype: str, quad_points: list[float], **keys: Any) -> Any:
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name("/" + subtype),
            Rect=_bounds(quad_points),
            QuadPoints=quad_points,
            F=4,
            **keys,
        )
    )


def _with_popup(pdf: pikepdf.Pdf, parent: Any, contents: str | None = None) -> Any:
    popup = Dictionary(Type=Name.Annot, Subtype=Name.Popup, Rect=[400, 600, 560, 700], Open=False)
    if contents is not None:
        popup.Contents = String(contents)
    made = pdf.make_indirect(popup)
    made.Parent = parent
    parent.Popup = made
    return made


def annotate_like_viewers(base: Path, dest: Path) -> list[Written]:
    """``base`` (documents.PAGE_ONE, then PAGE_TWO rotated and cropped) annotated as viewers
    do; returns every reader's annotation written (not the Popups, Link and Widget)."""
    written: list[Written] = []
    with pikepdf.open(base) as pdf:
        first: list[Any] = []
        # Acrobat: RGB, opacity, /NM, dates with a zone, the comment in /Contents, a Popup.
        acrobat = _markup(
            pdf,
            "Highlight",
            phrase_quad_points(base, 0, ACROBAT_PHRASE),
            C=[1, 0.82, 0],
            CA=0.4,
            T=String("Ada (Acrobat)"),
            NM=String("a1c9e5d0-acrobat-0001"),
            Contents=String("Key measurement"),
            CreationDate=String("D:20220301093000-08'00'"),
            M=String("D:20220301094500-08'00'"),
        )
        first += [acrobat, _with_popup(pdf, acrobat)]
        written.append(
            Written(
                0,
                "Highlight",
                ACROBAT_PHRASE,
                "Key measurement",
                "Ada (Acrobat)",
                "a1c9e5d0-acrobat-0001",
                extra={"C": (1, 0.82, 0)},
            )
        )
        # Preview: no /NM, no zone in the dates, the comment only in the Popup.
        preview = _markup(
            pdf,
            "Underline",
            phrase_quad_points(base, 0, PREVIEW_PHRASE),
            C=[0.2, 0.6, 0.9],
            T=String("Grace"),
            CreationDate=String("D:20220302101500"),
            M=String("D:20220302101500"),
        )
        first += [preview, _with_popup(pdf, preview, "Is this new?")]
        written.append(
            Written(
                0,
                "Underline",
                PREVIEW_PHRASE,
                "Is this new?",
                "Grace",
                extra={"C": (0.2, 0.6, 0.9)},
            )
        )
        # Okular: grey, its own /NM, a UTC date.
        first.append(
            _markup(
                pdf,
                "StrikeOut",
                phrase_quad_points(base, 0, OKULAR_PHRASE),
                C=[0.5],
                T=String("Okular User"),
                NM=String("okular-5b1e"),
                Contents=String("Overstated"),
                M=String("D:20220303120000Z"),
            )
        )
        written.append(
            Written(
                0,
                "StrikeOut",
                OKULAR_PHRASE,
                "Overstated",
                "Okular User",
                "okular-5b1e",
                extra={"C": (0.5,)},
            )
        )
        # A squiggly in CMYK with a date and no time.
        first.append(
            _markup(
                pdf,
                "Squiggly",
                phrase_quad_points(base, 0, SQUIGGLY_PHRASE),
                C=[0, 0.2, 1, 0],
                CreationDate=String("D:20220305"),
            )
        )
        written.append(Written(0, "Squiggly", SQUIGGLY_PHRASE, extra={"C": (0, 0.2, 1, 0)}))
        # pdf.js: ink with a pen width, free text coloured only through /DA.
        ink_list = [[100.0, 200.0, 130.0, 230.0, 160.0, 210.0], [170.0, 200.0, 190.0, 240.0]]
        first.append(
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Ink,
                    Rect=[90, 190, 200, 250],
                    InkList=ink_list,
                    BS=Dictionary(W=3),
                    C=[0, 0, 1],
                    NM=String("pdfjs_internal_editor_0"),
                    M=String("D:20220304120000Z"),
                    F=4,
                )
            )
        )
        written.append(
            Written(
                0,
                "Ink",
                name="pdfjs_internal_editor_0",
                extra={"InkList": ink_list, "W": 3.0, "C": (0, 0, 1)},
            )
        )
        first.append(
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.FreeText,
                    Rect=[300, 150, 500, 180],
                    Contents=String("Check the proof"),
                    DA=String("/Helv 10 Tf 1 0 0 rg"),
                    NM=String("pdfjs_internal_editor_1"),
                    F=4,
                )
            )
        )
        written.append(
            Written(
                0,
                "FreeText",
                name="pdfjs_internal_editor_1",
                rect=(300, 150, 500, 180),
                extra={"text": "Check the proof"},
            )
        )
        # A sticky note in grey.
        first.append(
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Text,
                    Rect=[500, 700, 520, 720],
                    C=[0.75],
                    Contents=String("Remember to cite"),
                    T=String("Grace"),
                    Name=Name.Comment,
                )
            )
        )
        written.append(
            Written(
                0, "Text", comment="Remember to cite", author="Grace", rect=(500, 700, 520, 720)
            )
        )
        # Kinds the app does not edit: kept as "other", never dropped.
        others = [
            ("Caret", [300, 620, 312, 632], {"C": [0, 0.2, 1, 0], "Contents": String("cite here")}),
            ("Square", [80, 300, 220, 380], {"C": [1, 0, 0]}),
            ("Stamp", [350, 300, 500, 350], {"Name": Name.Approved}),
            ("Redact", [80, 420, 200, 440], {}),
            ("3D", [350, 400, 450, 480], {}),
        ]
        for subtype, rect, keys in others:
            first.append(
                pdf.make_indirect(
                    Dictionary(Type=Name.Annot, Subtype=Name("/" + subtype), Rect=rect, **keys)
                )
            )
            contents = str(keys["Contents"]) if "Contents" in keys else ""
            x0, y0, x1, y1 = rect
            written.append(Written(0, subtype, comment=contents, rect=(x0, y0, x1, y1)))
        # The document's own: a link and a form field, not the reader's annotations.
        first.append(
            pdf.make_indirect(
                Dictionary(
                    Type=Name.Annot,
                    Subtype=Name.Link,
                    Rect=[72, 60, 200, 75],
                    A=Dictionary(S=Name.URI, URI=String("https://example.org")),
                )
            )
        )
        widget = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Widget,
                FT=Name.Tx,
                Rect=[72, 40, 200, 55],
                T=String("field"),
            )
        )
        first.append(widget)
        pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
        pdf.pages[0].Annots = Array(first)
        # The rotated, cropped page: a highlight (RGB, zone +05'30') and a sticky note.
        rotated = _markup(
            pdf,
            "Highlight",
            phrase_quad_points(base, 1, ROTATED_PHRASE),
            C=[0.37, 0.7, 0.21],
            T=String("Ravi"),
            CreationDate=String("D:20220306170000+05'30'"),
        )
        note = pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Text,
                Rect=[100, 500, 120, 520],
                Contents=String("On the rotated page"),
            )
        )
        pdf.pages[1].Annots = Array([rotated, note])
        written.append(
            Written(1, "Highlight", ROTATED_PHRASE, author="Ravi", extra={"C": (0.37, 0.7, 0.21)})
        )
        written.append(Written(1, "Text", comment="On the rotated page", rect=(100, 500, 120, 520)))
        pdf.save(dest)
    return written


def annotate_with_pypdf(base: Path, dest: Path, phrase: str) -> list[Written]:
    """``base`` annotated on its first page through ``pypdf.annotations`` (no appearance
    streams): a highlight on ``phrase``, a note, free text, a line, a rectangle, an ellipse
    and a polygon."""
    reader = PdfReader(base)
    writer = PdfWriter()
    writer.append(reader)
    quad_points = phrase_quad_points(base, 0, phrase)
    shapes: list[tuple[str, Any, Written]] = [
        (
            "Highlight",
            Highlight(
                rect=tuple(_bounds(quad_points)),  # type: ignore[arg-type]
                quad_points=ArrayObject(FloatObject(value) for value in quad_points),
                highlight_color="ff0000",
            ),
            Written(0, "Highlight", phrase, extra={"C": (1, 0, 0)}),
        ),
        (
            "Text",
            Text(rect=(400, 650, 420, 670), text="A pypdf note"),
            Written(0, "Text", comment="A pypdf note", rect=(400, 650, 420, 670)),
        ),
        (
            "FreeText",
            FreeText(text="Boxed words", rect=(300, 500, 450, 540), background_color="00ff00"),
            Written(0, "FreeText", rect=(300, 500, 450, 540), extra={"text": "Boxed words"}),
        ),
        (
            "Line",
            Line(p1=(80, 300), p2=(200, 340), rect=(80, 300, 200, 340)),
            Written(0, "Line", rect=(80, 300, 200, 340), extra={"L": ((80, 300), (200, 340))}),
        ),
        (
            "Square",
            Rectangle(rect=(250, 300, 300, 350)),
            Written(0, "Square", rect=(250, 300, 300, 350)),
        ),
        (
            "Circle",
            Ellipse(rect=(320, 300, 380, 350)),
            Written(0, "Circle", rect=(320, 300, 380, 350)),
        ),
        (
            "Polygon",
            Polygon(vertices=[(80, 400), (140, 440), (110, 470)]),
            Written(0, "Polygon", extra={"Vertices": ((80, 400), (140, 440), (110, 470))}),
        ),
    ]
    for _subtype, annotation, _written in shapes:
        writer.add_annotation(page_number=0, annotation=annotation)
    with dest.open("wb") as file:
        writer.write(file)
    return [entry for _subtype, _annotation, entry in shapes]


def write_twin_notes(base: Path, dest: Path) -> Path:
    """``base`` with two identical sticky notes on its first page (a note pasted twice)."""
    with pikepdf.open(base) as pdf:
        note = Dictionary(
            Type=Name.Annot, Subtype=Name.Text, Rect=[10, 10, 30, 30], Contents=String("same")
        )
        pdf.pages[0].Annots = Array([pdf.make_indirect(note), pdf.make_indirect(note.copy())])
        pdf.save(dest)
    return dest
