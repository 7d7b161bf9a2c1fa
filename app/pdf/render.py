"""Page pixels: a page (or a part of it) at a scale, in day or night colours.

Rendering goes through a MuPDF display list: the page's content stream is interpreted once and
the list replayed for each zoom and each band of a large page, which is most of a render's cost
for text-heavy pages. Callers hold ``MUPDF_LOCK``.

Night colours: the page is rendered normally, inverted, and tinted so that white paper becomes
a soft dark grey and black ink a soft light grey (MuPDF's ``tint_with`` maps black and white to
two colours). Then the regions that hold photos (placed images) are copied back from the normal
render, so they keep their natural colours. Vector figures (clusters of drawings big enough to
be charts) follow the page by default: a chart's white block copied back would glare in a dark
page. With ``natural_figures`` (the ``reader.dark_figures = natural`` setting) they are copied
back too. Everything runs in MuPDF's C code: no per-pixel Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.pdf.content import Box, RenderedImage
from app.pdf.mupdf import mupdf
from app.pdf.text import displayed

NIGHT_PAPER = 0x1E1F22  # what white paper becomes
NIGHT_INK = 0xD4D4D4  # what black ink becomes: not pure white, which glares on dark paper
MIN_FIGURE_SIDE = 36.0  # points: smaller drawings are rules, underlines and table lines
MAX_FIGURE_SHARE = 0.6  # a "figure" covering most of the page is a page background


@dataclass
class PagePicture:
    """A page's display list, and, once asked for, where its pictures are."""

    display_list: Any
    width: float
    height: float
    page: Any = None  # kept to find pictures later; dropped once they are known
    _pictures: tuple[list[Box], list[Box]] | None = field(default=None, repr=False)

    def pictures(self, *, figures: bool = True) -> list[Box]:
        """Where the photos are, and with ``figures`` the vector figures too."""
        if self._pictures is None:
            self._pictures = picture_regions(self.page, self.width, self.height)
            self.page = None
        images, drawings = self._pictures
        return images + drawings if figures else images


def picture(page: Any) -> PagePicture:
    rect = page.rect
    return PagePicture(page.get_displaylist(), float(rect.width), float(rect.height), page)


def picture_regions(page: Any, width: float, height: float) -> tuple[list[Box], list[Box]]:
    """Where the page shows images, and where vector figures, in displayed page coordinates."""
    place = displayed(page)
    images: list[Box] = []
    regions: list[Box] = []
    for info in page.get_image_info():
        box = place(info["bbox"])
        if box.width >= 4 and box.height >= 4:
            images.append(box)
    if not page.rotation:  # clusters are not reliable on rotated pages (they come back empty)
        for rect in page.cluster_drawings():
            box = place(rect)
            big_enough = box.width >= MIN_FIGURE_SIDE and box.height >= MIN_FIGURE_SIDE
            if big_enough and box.width * box.height <= MAX_FIGURE_SHARE * width * height:
                regions.append(box)
    return images, regions


def render(
    pic: PagePicture,
    scale: float,
    clip: Box | None = None,
    *,
    night: bool = False,
    natural_figures: bool = False,
) -> RenderedImage:
    """Rasterize the page (or ``clip`` of it) at ``scale`` device pixels per point, as RGB;
    ``night``: in night colours, photos (and with ``natural_figures`` vector figures) kept."""
    pymupdf = mupdf()
    matrix = pymupdf.Matrix(scale, scale)
    area = None if clip is None else pymupdf.Rect(clip.x0, clip.y0, clip.x1, clip.y1)
    pixmap = pic.display_list.get_pixmap(matrix=matrix, alpha=False, clip=area)
    if night:
        _to_night(pixmap, pic, matrix, natural_figures)
    return RenderedImage(
        width=int(pixmap.width),
        height=int(pixmap.height),
        stride=int(pixmap.stride),
        samples=bytes(pixmap.samples),
        x=int(pixmap.x),
        y=int(pixmap.y),
    )


def _to_night(pixmap: Any, pic: PagePicture, matrix: Any, natural_figures: bool) -> None:
    pymupdf = mupdf()
    regions = [
        (pymupdf.Rect(box.x0, box.y0, box.x1, box.y1) * matrix).irect & pixmap.irect
        for box in pic.pictures(figures=natural_figures)
    ]
    regions = [region for region in regions if not region.is_empty]
    # A copy without alpha: Pixmap(pixmap) would add an alpha channel, and copy() needs both
    # sides alike.
    natural = pymupdf.Pixmap(pymupdf.csRGB, pixmap) if regions else None
    pixmap.invert_irect()
    pixmap.tint_with(NIGHT_PAPER, NIGHT_INK)
    for region in regions:
        pixmap.copy(natural, region)
