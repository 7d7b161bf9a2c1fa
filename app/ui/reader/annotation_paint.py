"""Drawing a page's annotations over the rendered page, in light and dark pages.

The painter is set to draw in PDF points (the annotation's own coordinates, top-left origin of
the page as shown), so every shape follows the zoom without arithmetic here; lines that mark a
selection or a flash use cosmetic pens, one screen pixel wide whatever the zoom.

Colours. On a light page a highlight multiplies the paper by its colour, as a marker on paper
does: white turns the colour, black ink stays black, so the text under it reads as before. A
dark page is the light one with its luminance inverted (light ink on dark paper): multiplying
there would darken dark paper into black and hide the mark, and the screen mode would wash the
light text out. So on dark pages a highlight is a translucent wash of its colour over the paper:
the paper takes the colour's hue at a low brightness and the light text stays lighter than it.
Lines, ink and notes keep their colour, lifted in lightness when it would vanish on the dark
paper (an imported black pen stroke), so a colour still means what the palette says.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from app.domain.annotation import TEXT_MARKUP_KINDS, Annotation, AnnotationKind
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke
from app.ui.reader.page_painter import PageGeometry

LIGHT_HIGHLIGHT_ALPHA = 0.55  # multiplied: soft enough to keep the default yellow pale
DARK_HIGHLIGHT_ALPHA = 0.5  # over dark paper: the hue shows, light text stays above it
DARK_MIN_LIGHTNESS = 0.62  # a line or a pen stroke on a dark page is at least this light
LIGHT_MAX_LIGHTNESS = 0.72  # ... and on a white page at most this light
MIN_LINE_PIXELS = 1.5  # an underline, a strike-out or a wave is never thinner on screen
TEXT_BOX_FONT_POINTS = 9.0
TEXT_BOX_PADDING = 3.0  # points between a text box's border and its text
SELECTED = QColor("#1a73e8")
FLASH = QColor("#ff8c00")
INK_ON_LIGHT = QColor("#1f1f1f")
INK_ON_DARK = QColor("#e3e3e3")
BOX_ON_LIGHT = QColor("#ffffff")  # a text box's ground, under its tint of colour
BOX_ON_DARK = QColor("#26272b")

# Drawn bottom to top: a note or a text box stays on top of the highlight it comments on, and
# the hit test (annotation_hits) asks in the reverse order, so a click takes what is seen.
_STACKING = {
    AnnotationKind.HIGHLIGHT: 0,
    AnnotationKind.UNDERLINE: 1,
    AnnotationKind.STRIKEOUT: 1,
    AnnotationKind.SQUIGGLY: 1,
    AnnotationKind.OTHER: 2,
    AnnotationKind.INK: 3,
    AnnotationKind.FREETEXT: 4,
    AnnotationKind.NOTE: 5,
}


def stacking_order(annotations: Iterable[Annotation]) -> list[Annotation]:
    """Annotations bottom to top as they are drawn (by kind, then oldest first)."""
    return sorted(annotations, key=lambda a: (_STACKING[a.kind], a.created, a.id))


def highlight_fill(colour: str, dark: bool) -> QColor:
    """The colour a highlight is laid with (see the module's docstring for the two modes)."""
    fill = QColor(colour)
    fill.setAlphaF(DARK_HIGHLIGHT_ALPHA if dark else LIGHT_HIGHLIGHT_ALPHA)
    return fill


def line_colour(colour: str, dark: bool) -> QColor:
    """``colour`` for a line, a pen stroke or a note's icon: its hue kept, its lightness kept
    within what shows on the page's paper."""
    shown = QColor(colour)
    hue, saturation, lightness = shown.hslHueF(), shown.hslSaturationF(), shown.lightnessF()
    if dark and lightness < DARK_MIN_LIGHTNESS:
        shown.setHslF(max(hue, 0.0), saturation, DARK_MIN_LIGHTNESS)
    elif not dark and lightness > LIGHT_MAX_LIGHTNESS:
        shown.setHslF(max(hue, 0.0), saturation, LIGHT_MAX_LIGHTNESS)
    return shown


def to_points(painter: QPainter, geometry: PageGeometry) -> None:
    """Make ``painter`` draw in the page's points (top-left origin), as annotations are kept."""
    scale = geometry.pixels_per_point
    painter.setTransform(
        QTransform(scale, 0, 0, scale, geometry.rect.x(), geometry.rect.y()), combine=True
    )


def qpoint(point: Point) -> QPointF:
    return QPointF(point.x, point.y)


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x0, rect.y0, rect.width, rect.height)


InkPainter = Callable[[QPainter, Annotation], None]


def paint_annotations(
    painter: QPainter,
    annotations: Sequence[Annotation],
    *,
    dark: bool,
    selected: str | None = None,
    flashing: str | None = None,
    paint_ink: InkPainter | None = None,
) -> None:
    """Draw ``annotations`` (of one page, painter in points) and mark the selected and the
    flashing one. ``paint_ink`` draws pen strokes instead of stroking them here (from images
    made once: ``annotation_cache``)."""
    for annotation in stacking_order(annotations):
        if annotation.kind is AnnotationKind.INK and paint_ink is not None:
            paint_ink(painter, annotation)
        else:
            paint_annotation(painter, annotation, dark=dark)
    for annotation in annotations:
        if annotation.id == selected:
            _outline(painter, annotation, SELECTED, 1.5, Qt.PenStyle.DashLine)
        if annotation.id == flashing:
            _outline(painter, annotation, FLASH, 3.0, Qt.PenStyle.SolidLine)


def paint_annotation(painter: QPainter, annotation: Annotation, *, dark: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    kind = annotation.kind
    if kind is AnnotationKind.HIGHLIGHT:
        _highlight(painter, annotation, dark)
    elif kind in TEXT_MARKUP_KINDS:
        _text_line(painter, annotation, dark)
    elif kind is AnnotationKind.INK:
        paint_strokes(painter, annotation.strokes, line_colour(annotation.colour, dark))
    elif kind is AnnotationKind.NOTE and annotation.rect is not None:
        paint_note_icon(painter, qrect(annotation.rect), line_colour(annotation.colour, dark))
    elif kind is AnnotationKind.FREETEXT and annotation.rect is not None:
        _text_box(painter, annotation.rect, annotation.text, annotation.colour, dark)
    elif annotation.rect is not None:  # other: the box of a kind we keep but do not edit
        pen = QPen(line_colour(annotation.colour, dark), 1.5)
        pen.setCosmetic(True)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(qrect(annotation.rect))
        paint_strokes(painter, annotation.strokes, line_colour(annotation.colour, dark))
    painter.restore()


def _polygon(quad: Quad) -> QPolygonF:
    return QPolygonF([qpoint(quad.ul), qpoint(quad.ur), qpoint(quad.lr), qpoint(quad.ll)])


def _highlight(painter: QPainter, annotation: Annotation, dark: bool) -> None:
    if not dark:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(highlight_fill(annotation.colour, dark))
    # One path for all quads: where the quads of two lines touch they are filled once, not
    # twice darker.
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    for quad in annotation.quads:
        path.addPolygon(_polygon(quad))
        path.closeSubpath()
    painter.drawPath(path)


def _along(a: Point, b: Point, share: float) -> QPointF:
    return QPointF(a.x + (b.x - a.x) * share, a.y + (b.y - a.y) * share)


def _text_line(painter: QPainter, annotation: Annotation, dark: bool) -> None:
    """Underline, strike-out or squiggly: along each quad's lower edge, or through its middle.

    The quad's own corners give the direction, so rotated text is marked along its lines.
    """
    colour = line_colour(annotation.colour, dark)
    # At least a pixel and a half on screen: thinner, antialiasing greys the line out and its
    # colour no longer reads (worst on dark pages, where it blends into the dark paper).
    thinnest = MIN_LINE_PIXELS / max(painter.transform().m11(), 1e-6)
    for quad in annotation.quads:
        height = math.dist((quad.ul.x, quad.ul.y), (quad.ll.x, quad.ll.y))
        width = max(height / 14, thinnest)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        if annotation.kind is AnnotationKind.STRIKEOUT:
            # Through the middle of the lower-case letters, a little above the box's centre.
            painter.drawLine(_along(quad.ul, quad.ll, 0.55), _along(quad.ur, quad.lr, 0.55))
        elif annotation.kind is AnnotationKind.UNDERLINE:
            painter.drawLine(_along(quad.ul, quad.ll, 0.93), _along(quad.ur, quad.lr, 0.93))
        else:
            painter.drawPath(_wave(quad, height))


def _wave(quad: Quad, height: float) -> QPainterPath:
    """A zigzag along the quad's lower edge, as viewers draw squiggly underlines."""
    start, end = _along(quad.ul, quad.ll, 0.9), _along(quad.ur, quad.lr, 0.9)
    length = math.hypot(end.x() - start.x(), end.y() - start.y())
    if length <= 0:
        return QPainterPath()
    along = (end - start) / length
    up = QPointF(along.y(), -along.x())
    step = max(height / 4, 1.0)
    amplitude = max(height / 12, 0.6)
    path = QPainterPath(start)
    steps = max(int(length / step), 1)
    for index in range(1, steps + 1):
        offset = up * (amplitude if index % 2 else -amplitude)
        path.lineTo(start + along * (length * index / steps) + offset)
    return path


def paint_strokes(painter: QPainter, strokes: Sequence[Stroke], colour: QColor) -> None:
    for stroke in strokes:
        if not stroke.points:
            continue
        pen = QPen(colour, stroke.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if len(stroke.points) == 1:
            painter.drawPoint(qpoint(stroke.points[0]))
            continue
        path = QPainterPath(qpoint(stroke.points[0]))
        for point in stroke.points[1:]:
            path.lineTo(qpoint(point))
        painter.drawPath(path)


def paint_note_icon(painter: QPainter, box: QRectF, colour: QColor) -> None:
    """A sticky note: a square of the colour with a folded corner and two lines of writing."""
    unit = box.width() / 18
    fold = 5 * unit
    outline = QPainterPath(box.topLeft())
    outline.lineTo(box.right(), box.top())
    outline.lineTo(box.right(), box.bottom() - fold)
    outline.lineTo(box.right() - fold, box.bottom())
    outline.lineTo(box.left(), box.bottom())
    outline.closeSubpath()
    border = QPen(colour.darker(160), max(unit, 0.5))
    border.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(border)
    painter.setBrush(colour)
    painter.drawPath(outline)
    corner = QPainterPath(QPointF(box.right(), box.bottom() - fold))
    corner.lineTo(box.right() - fold, box.bottom() - fold)
    corner.lineTo(box.right() - fold, box.bottom())
    painter.setBrush(colour.darker(125))
    painter.drawPath(corner)
    writing = QPen(colour.darker(190), 1.2 * unit)
    writing.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(writing)
    for line, right in ((5.5, 14.0), (9.0, 14.0), (12.5, 9.5)):
        y = box.top() + line * unit
        painter.drawLine(QPointF(box.left() + 4 * unit, y), QPointF(box.left() + right * unit, y))


def _text_box(painter: QPainter, rect: Rect, text: str, colour: str, dark: bool) -> None:
    """A box of typed text: a pale ground of the colour, its border, the text wrapped in it."""
    box = qrect(rect)
    ground = QColor(colour)
    ground.setAlphaF(0.28 if dark else 0.18)
    painter.setPen(QPen(line_colour(colour, dark), 0.8))
    painter.setBrush(BOX_ON_DARK if dark else BOX_ON_LIGHT)
    painter.drawRect(box)
    painter.fillRect(box, ground)
    font = QFont(painter.font())
    # The painter is in points: a font of N pixels here is N points on the page.
    font.setPixelSize(round(TEXT_BOX_FONT_POINTS))
    painter.setFont(font)
    painter.setPen(INK_ON_DARK if dark else INK_ON_LIGHT)
    inner = box.adjusted(TEXT_BOX_PADDING, TEXT_BOX_PADDING, -TEXT_BOX_PADDING, -TEXT_BOX_PADDING)
    painter.save()
    painter.setClipRect(box)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
    painter.drawText(inner, int(flags), text)
    painter.restore()


def _outline(
    painter: QPainter, annotation: Annotation, colour: QColor, width: float, style: Qt.PenStyle
) -> None:
    bounds = annotation.bounds
    if bounds is None:
        return
    # Ink's bounds are its centre lines: the pen's half width is outside them.
    room = 2.0 + max((stroke.width for stroke in annotation.strokes), default=0.0) / 2
    painter.save()
    pen = QPen(colour, width)
    pen.setCosmetic(True)
    pen.setStyle(style)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(qrect(bounds).adjusted(-room, -room, room, room))
    painter.restore()
