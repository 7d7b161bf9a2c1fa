"""The two full palettes the window is drawn with, over the Fusion style.

Every role of every colour group is set, so nothing falls back to a platform theme we cannot
see (offscreen has none, and a desktop's half-dark palette would mix with ours). Each text
role reads at least 4.5:1 (WCAG AA) on the grounds it is drawn on; ``tests/gui/test_contrast``
checks what the widgets really draw.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup

LIGHT = {
    _Role.Window: "#f3f3f3",
    _Role.WindowText: "#1f1f1f",
    _Role.Base: "#ffffff",
    _Role.AlternateBase: "#f5f6f7",
    _Role.Text: "#1f1f1f",
    _Role.Button: "#f7f7f7",
    _Role.ButtonText: "#1f1f1f",
    _Role.BrightText: "#ffffff",
    _Role.Highlight: "#2a64ad",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#1a5fb4",
    _Role.LinkVisited: "#6a3fa0",
    _Role.ToolTipBase: "#ffffff",
    _Role.ToolTipText: "#1f1f1f",
    _Role.PlaceholderText: "#5c5f66",
    _Role.Accent: "#2a64ad",
    _Role.Light: "#ffffff",
    _Role.Midlight: "#e6e6e6",
    _Role.Mid: "#bdbdbd",
    _Role.Dark: "#a0a0a0",
    _Role.Shadow: "#767676",
}

DARK = {
    _Role.Window: "#2b2b2b",
    _Role.WindowText: "#e8e8e8",
    _Role.Base: "#1f1f1f",
    _Role.AlternateBase: "#262626",
    _Role.Text: "#e8e8e8",
    _Role.Button: "#353535",
    _Role.ButtonText: "#e8e8e8",
    _Role.BrightText: "#ffffff",
    _Role.Highlight: "#2f65a8",
    _Role.HighlightedText: "#ffffff",
    _Role.Link: "#8ab4f8",
    _Role.LinkVisited: "#c58af9",
    _Role.ToolTipBase: "#3a3a3a",
    _Role.ToolTipText: "#e8e8e8",
    _Role.PlaceholderText: "#a3a7ad",
    _Role.Accent: "#2f65a8",
    _Role.Light: "#4a4a4a",
    _Role.Midlight: "#3e3e3e",
    _Role.Mid: "#4a4a4a",
    _Role.Dark: "#191919",
    _Role.Shadow: "#0c0c0c",
}

# Disabled controls are dimmed, on purpose below the contrast of live text.
_DISABLED = {
    False: {
        _Role.WindowText: "#8c8c8c",
        _Role.Text: "#8c8c8c",
        _Role.ButtonText: "#8c8c8c",
        _Role.Highlight: "#c4c4c4",
        _Role.HighlightedText: "#5c5c5c",
        _Role.Base: "#f3f3f3",
        _Role.Button: "#eeeeee",
    },
    True: {
        _Role.WindowText: "#7a7a7a",
        _Role.Text: "#7a7a7a",
        _Role.ButtonText: "#7a7a7a",
        _Role.Highlight: "#444444",
        _Role.HighlightedText: "#a0a0a0",
        _Role.Base: "#262626",
        _Role.Button: "#303030",
    },
}


def palette(dark: bool) -> QPalette:
    """The whole light or dark palette."""
    made = QPalette()
    for role, colour in (DARK if dark else LIGHT).items():
        made.setColor(role, QColor(colour))  # every group at once
    for role, colour in _DISABLED[dark].items():
        made.setColor(_Group.Disabled, role, QColor(colour))
    return made
