"""Fusion with a focus ring one sees: 2 px in the theme's focus colour.

Fusion marks keyboard focus with a faint 1 px line of the selection colour. The ring is drawn
only for keyboard focus (``State_KeyboardFocusChange``, what Qt sets after Tab), as Fusion
does, so clicks stay quiet.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleOption,
    QWidget,
)

from app.ui.theme.colours import colours

RING_WIDTH = 2.0

_Primitive = QStyle.PrimitiveElement
_State = QStyle.StateFlag


def _keyboard_focus(option: QStyleOption) -> bool:
    state = option.state
    return bool(state & _State.State_HasFocus) and bool(state & _State.State_KeyboardFocusChange)


def draw_ring(painter: QPainter, option: QStyleOption, *, radius: float = 3.0) -> None:
    """The ring inside ``option.rect``."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # On a selected row the focus blue would vanish into the selection: the selection's text
    # colour rings it instead.
    selected = bool(option.state & _State.State_Selected)
    ring = (
        option.palette.color(QPalette.ColorRole.HighlightedText)
        if selected
        else QColor(colours(option.palette).focus)
    )
    painter.setPen(QPen(ring, RING_WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = RING_WIDTH / 2
    painter.drawRoundedRect(
        QRectF(option.rect).adjusted(inset, inset, -inset, -inset), radius, radius
    )
    painter.restore()


class FocusRingStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__("Fusion")

    def drawPrimitive(
        self,
        element: _Primitive,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == _Primitive.PE_FrameFocusRect:
            if option.state & _State.State_KeyboardFocusChange:
                draw_ring(painter, option)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == _Primitive.PE_PanelButtonCommand and _keyboard_focus(option):
            draw_ring(painter, option)
