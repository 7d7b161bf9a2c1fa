"""Generated papers for the reader's tests and benchmarks, made with PyMuPDF.

A paper looks like a conference paper: a title and authors, two columns of Times text with bold
section headings, a vector bar chart, an embedded colour photo (a generated gradient), a table of
contents, internal links (a section reference and a citation) and an external link. Everything
is seeded, so the same call builds the same file, and the tests know where things are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pymupdf

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0  # US Letter, like most papers
MARGIN = 54.0
GUTTER = 18.0
COLUMN_WIDTH = (PAGE_WIDTH - 2 * MARGIN - GUTTER) / 2
BODY_SIZE = 9.5
HEADING_SIZE = 11.0
EXTERNAL_URL = "https://example.org/study-companion/code"
PASSWORD = "open sesame"
# Words the tests search for: they appear only where the generator puts them.
MARKER = "zebrafish"
MARKER_PAGES = (0, 2, 5)  # 0-based pages that say MARKER (only pages that exist are used)

_TEXT = (
    "model training data system memory throughput latency batch gradient layer network",
    "parallel pipeline scheduler accelerator compiler kernel tensor cluster distributed",
    "inference serving cache sparse dense attention optimizer benchmark workload storage",
    "the of and a to in is for that we with on as by this our are from results show which",
    "each over can when more than both these their also while into under between across",
)
_VOCABULARY = [word for line in _TEXT for word in line.split()]
PHOTO_PIXELS = 96  # the photo is a square of this many samples a side
PHOTO_BLUE = 200
# The bar chart's fills (RGB 0-1), in the order of its bars (the fifth takes the first again).
BAR_COLOURS = [(0.12, 0.47, 0.71), (1.0, 0.5, 0.05), (0.17, 0.63, 0.17), (0.84, 0.15, 0.16)]
BAR_COUNT = 5


@dataclass
class Paper:
    """Where the generator put things, for tests to aim at (pages are 0-based, points top-left)."""

    path: Path
    pages: int
    sections: list[tuple[str, int, float]] = field(default_factory=list)  # title, page, y
    section_link: tuple[int, pymupdf.Rect, int] | None = None  # page, rect, target page
    external_link: tuple[int, pymupdf.Rect] | None = None
    image_rects: dict[int, pymupdf.Rect] = field(default_factory=dict)
    figure_rects: dict[int, pymupdf.Rect] = field(default_factory=dict)


def _paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(_VOCABULARY) for _ in range(words)]
    sentences: list[str] = []
    while chosen:
        length = rng.randint(8, 18)
        sentence, chosen = chosen[:length], chosen[length:]
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


def _photo(size: int = PHOTO_PIXELS) -> Any:
    """A colourful gradient: the 'photo' whose colours dark mode must leave alone."""
    samples = bytearray()
    for y in range(size):
        for x in range(size):
            samples += bytes((255 * x // size, 255 * y // size, PHOTO_BLUE))
    return pymupdf.Pixmap(pymupdf.csRGB, size, size, bytes(samples), False)  # type: ignore[no-untyped-call]


def photo_colour(placed: pymupdf.Rect, x: float, y: float) -> tuple[int, int, int]:
    """The colour the generator put at point (x, y) of a page, inside the photo placed there."""
    column = int((x - placed.x0) / placed.width * PHOTO_PIXELS)
    row = int((y - placed.y0) / placed.height * PHOTO_PIXELS)
    return 255 * column // PHOTO_PIXELS, 255 * row // PHOTO_PIXELS, PHOTO_BLUE


def _bar_base(rect: pymupdf.Rect) -> float:
    return rect.y1 - 14


def _bar_step(rect: pymupdf.Rect) -> float:
    return (rect.width - 30) / BAR_COUNT


def bar_samples(rect: pymupdf.Rect) -> list[tuple[tuple[float, float], tuple[int, int, int]]]:
    """A point inside each bar of the chart drawn in ``rect`` (its middle, just above the axis,
    which even the shortest bar covers) and the bar's fill colour in 0-255."""
    step = _bar_step(rect)
    samples = []
    for index in range(BAR_COUNT):
        red, green, blue = BAR_COLOURS[index % len(BAR_COLOURS)]
        point = (rect.x0 + 16 + (index + 0.35) * step, _bar_base(rect) - 4)
        samples.append((point, (int(red * 255), int(green * 255), int(blue * 255))))
    return samples


def _bar_chart(page: Any, rect: pymupdf.Rect, rng: random.Random) -> None:
    """A vector figure: axes, five coloured bars, a caption."""
    page.draw_rect(rect, color=(0.6, 0.6, 0.6), width=0.5)
    base = _bar_base(rect)
    page.draw_line((rect.x0 + 10, base), (rect.x1 - 6, base), color=(0, 0, 0), width=0.8)
    page.draw_line((rect.x0 + 10, base), (rect.x0 + 10, rect.y0 + 6), color=(0, 0, 0), width=0.8)
    step = _bar_step(rect)
    for index in range(BAR_COUNT):
        height = rng.uniform(0.3, 0.95) * (base - rect.y0 - 10)
        x = rect.x0 + 16 + index * step
        bar = pymupdf.Rect(x, base - height, x + step * 0.7, base)
        page.draw_rect(bar, color=None, fill=BAR_COLOURS[index % len(BAR_COLOURS)])
    page.insert_text((rect.x0 + 12, rect.y1 - 3), "Figure: throughput by system", fontsize=7)


def make_paper(path: Path, pages: int = 14, *, seed: int = 1, toc: bool = True) -> Paper:
    """Write a two-column paper of ``pages`` pages to ``path`` and say where things are;
    without ``toc`` it has no outline (the reader then shows thumbnails)."""
    rng = random.Random(seed)
    paper = Paper(path=path, pages=pages)
    document: Any = pymupdf.open()  # type: ignore[no-untyped-call]
    photo = _photo()
    section = 0
    for number in range(pages):
        page = document.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        top = MARGIN
        if number == 0:
            page.insert_textbox(
                pymupdf.Rect(MARGIN, top, PAGE_WIDTH - MARGIN, top + 40),
                "A Generated Paper on Systems for Machine Learning",
                fontname="hebo",
                fontsize=16,
                align=1,
            )
            page.insert_textbox(
                pymupdf.Rect(MARGIN, top + 40, PAGE_WIDTH - MARGIN, top + 60),
                "Ada Example and Alan Sample",
                fontname="helv",
                fontsize=10,
                align=1,
            )
            top += 84
        for column in range(2):
            x0 = MARGIN + column * (COLUMN_WIDTH + GUTTER)
            y = top
            if column == 0 and number % 3 == 1:  # a vector figure on every third page
                figure = pymupdf.Rect(x0, y, x0 + COLUMN_WIDTH, y + 150)
                _bar_chart(page, figure, rng)
                paper.figure_rects[number] = figure
                y = figure.y1 + 12
            if column == 1 and number % 5 == 2:  # a photo on every fifth page
                image = pymupdf.Rect(x0 + 20, y, x0 + COLUMN_WIDTH - 20, y + COLUMN_WIDTH - 40)
                page.insert_image(image, pixmap=photo)
                paper.image_rects[number] = image
                y = image.y1 + 12
            if column == 0 or number % 4 == 3:
                section += 1
                title = f"{section} Section {section}"
                page.insert_text(
                    (x0, y + HEADING_SIZE), title, fontname="tibo", fontsize=HEADING_SIZE
                )
                paper.sections.append((title, number, y))
                y += HEADING_SIZE + 8
            while y < PAGE_HEIGHT - MARGIN - 30:
                text = _paragraph(rng, rng.randint(40, 70))
                if number in MARKER_PAGES and column == 0 and y < 300:
                    text = f"The {MARKER} study. " + text
                box = pymupdf.Rect(x0, y, x0 + COLUMN_WIDTH, PAGE_HEIGHT - MARGIN)
                spare = page.insert_textbox(box, text, fontname="tiro", fontsize=BODY_SIZE, align=3)
                if spare < 0:
                    break
                y = box.y1 - spare + 6
        page.insert_text((PAGE_WIDTH / 2 - 8, PAGE_HEIGHT - 30), str(number + 1), fontsize=9)
    _add_links(document, paper)
    if toc:
        document.set_toc(
            [
                [
                    1,
                    title,
                    page + 1,
                    {"kind": pymupdf.LINK_GOTO, "page": page, "to": pymupdf.Point(MARGIN, y)},
                ]
                for title, page, y in paper.sections
            ]
        )
    document.save(path, garbage=3, deflate=True)
    document.close()
    return paper


def _add_links(document: Any, paper: Paper) -> None:
    """On page 1, under the authors: 'see Section 3' (internal) and the code's address."""
    page = document[0]
    _title, target_page, target_y = paper.sections[min(2, len(paper.sections) - 1)]
    note = pymupdf.Rect(MARGIN, MARGIN + 62, PAGE_WIDTH - MARGIN, MARGIN + 72)
    page.insert_text((note.x0, note.y1 - 2), "Details: see Section 3. Code:", fontsize=8)
    link_rect = pymupdf.Rect(note.x0 + 30, note.y0, note.x0 + 92, note.y1)
    page.insert_link(
        {
            "kind": pymupdf.LINK_GOTO,
            "from": link_rect,
            "page": target_page,
            "to": pymupdf.Point(MARGIN, target_y),
        }
    )
    paper.section_link = (0, link_rect, target_page)
    page.insert_text((note.x0 + 120, note.y1 - 2), EXTERNAL_URL, fontsize=8, color=(0, 0, 0.8))
    url_rect = pymupdf.Rect(note.x0 + 118, note.y0, note.x0 + 300, note.y1)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": url_rect, "uri": EXTERNAL_URL})
    paper.external_link = (0, url_rect)


def make_encrypted(path: Path, source: Path) -> None:
    """``source`` saved with AES-256 and a user password (PASSWORD)."""
    document: Any = pymupdf.open(source)  # type: ignore[no-untyped-call]
    document.save(
        path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=PASSWORD, owner_pw=PASSWORD + " owner"
    )
    document.close()


def make_truncated(path: Path, source: Path, keep: float = 0.6) -> None:
    """The first ``keep`` of ``source``: no cross-reference table, the last objects missing."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def make_empty(path: Path) -> None:
    path.write_bytes(b"")


def make_html(path: Path) -> None:
    """What a login wall saves under a .pdf name."""
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
        "<body><form>Sign in to read this paper</form></body></html>\n"
    )
