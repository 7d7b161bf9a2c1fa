"""The reader's toolbar icons: the desktop theme's when it has them, else drawn here.

Qt's standard icons have arrows but no magnifier, no fit-to-width and no moon; a text-only
toolbar reads as a list of words. The drawn icons follow the palette's text colour, so they
suit light and dark desktop themes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QStyle, QWidget

from app.ui.icons import Drawing, drawn_icon
from app.ui.theme import on_theme_change


def _magnifier(painter: QPainter, unit: float) -> None:
    painter.drawEllipse(QRectF(1.5 * unit, 1.5 * unit, 9 * unit, 9 * unit))
    painter.drawLine(QPointF(9.3 * unit, 9.3 * unit), QPointF(14.2 * unit, 14.2 * unit))


def _zoom_in(painter: QPainter, unit: float) -> None:
    _magnifier(painter, unit)
    painter.drawLine(QPointF(4 * unit, 6 * unit), QPointF(8 * unit, 6 * unit))
    painter.drawLine(QPointF(6 * unit, 4 * unit), QPointF(6 * unit, 8 * unit))


def _zoom_out(painter: QPainter, unit: float) -> None:
    _magnifier(painter, unit)
    painter.drawLine(QPointF(4 * unit, 6 * unit), QPointF(8 * unit, 6 * unit))


def _fit_width(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(3 * unit, 1.5 * unit, 10 * unit, 13 * unit))
    y = 8 * unit
    painter.drawLine(QPointF(5 * unit, y), QPointF(11 * unit, y))
    for tip, side in ((5, 1), (11, -1)):
        painter.drawLine(QPointF(tip * unit, y), QPointF((tip + 2 * side) * unit, y - 2 * unit))
        painter.drawLine(QPointF(tip * unit, y), QPointF((tip + 2 * side) * unit, y + 2 * unit))


def _fit_page(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(4 * unit, 3 * unit, 8 * unit, 10 * unit))
    for x, y, dx, dy in ((1, 1, 1, 1), (15, 1, -1, 1), (1, 15, 1, -1), (15, 15, -1, -1)):
        corner = QPointF(x * unit, y * unit)
        painter.drawLine(corner, QPointF((x + 2 * dx) * unit, y * unit))
        painter.drawLine(corner, QPointF(x * unit, (y + 2 * dy) * unit))


def _sidebar(painter: QPainter, unit: float) -> None:
    painter.drawRect(QRectF(1.5 * unit, 2.5 * unit, 13 * unit, 11 * unit))
    painter.drawLine(QPointF(6 * unit, 2.5 * unit), QPointF(6 * unit, 13.5 * unit))
    for y in (5, 7.5, 10):
        painter.drawLine(QPointF(3 * unit, y * unit), QPointF(4.5 * unit, y * unit))


def _moon(painter: QPainter, unit: float) -> None:
    disc = QPainterPath()
    disc.addEllipse(QRectF(2 * unit, 2 * unit, 12 * unit, 12 * unit))
    bite = QPainterPath()
    bite.addEllipse(QRectF(6 * unit, 0 * unit, 11 * unit, 11 * unit))
    painter.fillPath(disc.subtracted(bite), painter.pen().color())


def _chevron(up: bool) -> Drawing:
    def draw(painter: QPainter, unit: float) -> None:
        y0, y1 = (10.5, 5.5) if up else (5.5, 10.5)
        painter.drawPolyline(
            [
                QPointF(3.5 * unit, y0 * unit),
                QPointF(8 * unit, y1 * unit),
                QPointF(12.5 * unit, y0 * unit),
            ]
        )

    return draw


def _letter(painter: QPainter, unit: float, letter: str, box: QRectF) -> None:
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(1, round(box.height())))
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, letter)


def _select(painter: QPainter, unit: float) -> None:
    """The pointer: an arrow head with its tail."""
    points = [(4, 1.5), (4, 13), (7, 10.2), (9.2, 14.5), (11, 13.6), (8.9, 9.4), (12.5, 9.2)]
    painter.drawPolygon([QPointF(x * unit, y * unit) for x, y in points])


def _highlight(painter: QPainter, unit: float) -> None:
    """Lines of text, the middle one under a marker's wash."""
    wash = QColor(painter.pen().color())
    wash.setAlphaF(0.35)
    painter.fillRect(QRectF(1 * unit, 5.5 * unit, 14 * unit, 5 * unit), wash)
    for y, right in ((3, 13), (8, 14), (13, 9)):
        painter.drawLine(QPointF(2 * unit, y * unit), QPointF(right * unit, y * unit))


def _underline(painter: QPainter, unit: float) -> None:
    _letter(painter, unit, "U", QRectF(2 * unit, 0.5 * unit, 12 * unit, 11 * unit))
    painter.drawLine(QPointF(2.5 * unit, 14 * unit), QPointF(13.5 * unit, 14 * unit))


def _strikeout(painter: QPainter, unit: float) -> None:
    _letter(painter, unit, "S", QRectF(2 * unit, 2 * unit, 12 * unit, 12 * unit))
    painter.drawLine(QPointF(1.5 * unit, 8.5 * unit), QPointF(14.5 * unit, 8.5 * unit))


def _squiggly(painter: QPainter, unit: float) -> None:
    _letter(painter, unit, "A", QRectF(2 * unit, 0.5 * unit, 12 * unit, 10.5 * unit))
    wave = [QPointF((1.5 + 1.625 * i) * unit, (13 if i % 2 else 15) * unit) for i in range(9)]
    painter.drawPolyline(wave)


def _note(painter: QPainter, unit: float) -> None:
    """A sticky note: a square with a folded corner and two lines of writing."""
    points = [(2, 2), (14, 2), (14, 10), (10, 14), (2, 14)]
    painter.drawPolygon([QPointF(x * unit, y * unit) for x, y in points])
    painter.drawPolyline([QPointF(14 * unit, 10 * unit), QPointF(10 * unit, 10 * unit)])
    painter.drawLine(QPointF(10 * unit, 10 * unit), QPointF(10 * unit, 14 * unit))
    for y in (5.5, 8):
        painter.drawLine(QPointF(4.5 * unit, y * unit), QPointF(11.5 * unit, y * unit))


def _ink(painter: QPainter, unit: float) -> None:
    """A pen over the curve it draws."""
    curve = QPainterPath(QPointF(1.5 * unit, 13 * unit))
    curve.cubicTo(
        QPointF(4 * unit, 9 * unit), QPointF(6 * unit, 15 * unit), QPointF(8 * unit, 12 * unit)
    )
    painter.drawPath(curve)
    body = [(8.5, 9.5), (13, 2.5), (15, 4), (10.5, 11), (8, 12.5)]
    painter.drawPolygon([QPointF(x * unit, y * unit) for x, y in body])


def _text_box(painter: QPainter, unit: float) -> None:
    pen = QPen(painter.pen())
    dashed = QPen(pen)
    dashed.setStyle(Qt.PenStyle.DotLine)
    painter.setPen(dashed)
    painter.drawRect(QRectF(1.5 * unit, 1.5 * unit, 13 * unit, 13 * unit))
    painter.setPen(pen)
    _letter(painter, unit, "T", QRectF(3 * unit, 3 * unit, 10 * unit, 10 * unit))


def _annotation_list(painter: QPainter, unit: float) -> None:
    """A list whose rows each start with a dot of colour."""
    for y in (3.5, 8, 12.5):
        painter.drawEllipse(QPointF(3 * unit, y * unit), 1.2 * unit, 1.2 * unit)
        painter.drawLine(QPointF(6.5 * unit, y * unit), QPointF(14.5 * unit, y * unit))


def _turn(back: bool) -> Drawing:
    """Undo (back) and redo: a half turn of an arrow."""

    def draw(painter: QPainter, unit: float) -> None:
        def mirror(x: float) -> float:
            return 16 - x if back else x

        arc = QPainterPath(QPointF(mirror(3) * unit, 13 * unit))
        arc.cubicTo(
            QPointF(mirror(2) * unit, 5 * unit),
            QPointF(mirror(10) * unit, 3 * unit),
            QPointF(mirror(13) * unit, 7 * unit),
        )
        painter.drawPath(arc)
        tip = QPointF(mirror(13) * unit, 7 * unit)
        painter.drawLine(tip, QPointF(mirror(13.5) * unit, 2.5 * unit))
        painter.drawLine(tip, QPointF(mirror(9) * unit, 7.5 * unit))

    return draw


def _pen_width(width: float) -> Drawing:
    """A stroke of the pen's width (in sixteenths of the icon)."""

    def draw(painter: QPainter, unit: float) -> None:
        pen = QPen(painter.pen())
        pen.setWidthF(width * unit)
        painter.setPen(pen)
        wave = QPainterPath(QPointF(2 * unit, 11 * unit))
        wave.cubicTo(
            QPointF(6 * unit, 2 * unit), QPointF(9 * unit, 15 * unit), QPointF(14 * unit, 5 * unit)
        )
        painter.drawPath(wave)

    return draw


_DRAWINGS: dict[str, Drawing] = {
    "zoom-in": _zoom_in,
    "zoom-out": _zoom_out,
    "zoom-fit-width": _fit_width,
    "zoom-fit-best": _fit_page,
    "sidebar-show": _sidebar,
    "weather-clear-night": _moon,
    "go-up-search": _chevron(up=True),
    "go-down-search": _chevron(up=False),
    "edit-find": _magnifier,
    "annotate-select": _select,
    "annotate-highlight": _highlight,
    "annotate-underline": _underline,
    "annotate-strikeout": _strikeout,
    "annotate-squiggly": _squiggly,
    "annotate-note": _note,
    "annotate-ink": _ink,
    "annotate-text": _text_box,
    "annotations-list": _annotation_list,
    "annotate-undo": _turn(back=True),
    "annotate-redo": _turn(back=False),
    "pen-fine": _pen_width(1.0),
    "pen-medium": _pen_width(2.0),
    "pen-bold": _pen_width(3.5),
}
_STANDARD = {
    "go-previous": QStyle.StandardPixmap.SP_ArrowBack,
    "go-next": QStyle.StandardPixmap.SP_ArrowForward,
}


_made: dict[tuple[str, int], QIcon] = {}  # every tab shares them: drawing takes a while


def reader_icon(widget: QWidget, name: str) -> QIcon:
    """The theme's icon called ``name`` (freedesktop naming), else a drawn or standard one."""
    ink = widget.palette().color(QPalette.ColorRole.WindowText)
    key = (name, ink.rgba())
    icon = _made.get(key)
    if icon is None:
        icon = QIcon.fromTheme(name)
        if icon.isNull() and name in _STANDARD:
            icon = widget.style().standardIcon(_STANDARD[name])
        elif icon.isNull() and name in _DRAWINGS:
            icon = drawn_icon(_DRAWINGS[name], ink)
        _made[key] = icon
    return icon


def set_reader_icon(target: QAction | QAbstractButton, widget: QWidget, name: str) -> None:
    """``target``'s icon is ``name``, drawn in ``widget``'s text colour now and again after
    each switch of the theme."""

    def paint() -> None:
        target.setIcon(reader_icon(widget, name))

    paint()
    on_theme_change(target, paint)
