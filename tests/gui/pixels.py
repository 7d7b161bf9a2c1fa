"""Reading colours the way a user meets them: WCAG 2 contrast of two colours, and the colours
of a widget's rendered pixels (its ground, its ink). Written here from the WCAG formula, not
taken from the app, so a test measures the app's colours against an outside rule."""

from __future__ import annotations

import struct
from collections import Counter

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""
    return (
        0.2126 * _channel(colour.red())
        + 0.7152 * _channel(colour.green())
        + 0.0722 * _channel(colour.blue())
    )


def contrast(one: QColor, other: QColor) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def image_of(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def colours_in(image: QImage) -> Counter[int]:
    """How many pixels of each colour (as 0xRRGGBB)."""
    rows = bytes(image.constBits())  # 32-bit pixels, 0xffRRGGBB, little-endian words
    width, stride = image.width(), image.bytesPerLine()
    counts: Counter[int] = Counter()
    for y in range(image.height()):
        line = rows[y * stride : y * stride + 4 * width]
        counts.update(word & 0xFFFFFF for (word,) in struct.iter_unpack("<I", line))
    return counts


def ground(image: QImage) -> QColor:
    """The commonest colour: what the text is drawn on."""
    return QColor(colours_in(image).most_common(1)[0][0])


def ink(image: QImage, ground_colour: QColor) -> QColor:
    """The colour that stands out most from the ground among those used for a fair share of
    pixels (glyph cores, not their anti-aliased edges)."""
    counts = colours_in(image)
    enough = max(3, sum(counts.values()) // 2000)
    candidates = [QColor(rgb) for rgb, n in counts.items() if n >= enough]
    return max(candidates, key=lambda c: contrast(c, ground_colour))
