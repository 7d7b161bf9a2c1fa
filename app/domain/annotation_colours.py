"""Annotation colours and what they mean to the student.

A colour is kept as ``#rrggbb`` (lower case). The palette gives each colour a meaning the
student can rename ("key idea", "weakness", ...); the Markdown summary groups by meaning. The
default colours are soft tints that leave black text readable under a highlight.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")

# Viewers' "yellow" ranges from #ffff00 to #ffd400 (43 apart on green); a colour this close to a
# palette colour on every channel is taken as that colour. Farther than that, guessing would
# give an imported annotation a meaning its author never chose.
SAME_COLOUR_TOLERANCE = 48


def normalize_colour(value: str) -> str:
    """``value`` as ``#rrggbb``: accepts ``#RRGGBB``, ``rrggbb`` and the short ``#rgb``."""
    match = _HEX.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a colour: {value!r} (expected #rrggbb)")
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def colour_channels(colour: str) -> tuple[int, int, int]:
    """Red, green and blue of ``colour``, 0 to 255 each."""
    digits = normalize_colour(colour)[1:]
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


@dataclass(frozen=True)
class ColourMeaning:
    colour: str  # #rrggbb
    meaning: str  # what the student means by it; the default names can be renamed

    def __post_init__(self) -> None:
        object.__setattr__(self, "colour", normalize_colour(self.colour))
        if not self.meaning.strip():
            raise ValueError("a colour's meaning needs a name")


DEFAULT_PALETTE: tuple[ColourMeaning, ...] = (
    ColourMeaning("#ffd400", "key idea"),  # yellow
    ColourMeaning("#5fb236", "strength"),  # green
    ColourMeaning("#ff6666", "weakness"),  # red
    ColourMeaning("#2ea8e5", "question"),  # blue
    ColourMeaning("#a28ae5", "method"),  # purple
)
DEFAULT_COLOUR = DEFAULT_PALETTE[0].colour  # what viewers draw a markup without /C in


def meaning_for_colour(colour: str, palette: Sequence[ColourMeaning] = DEFAULT_PALETTE) -> str:
    """The meaning of ``colour`` in ``palette``: that of the same colour, else of the nearest
    palette colour within ``SAME_COLOUR_TOLERANCE`` on every channel, else "" (no meaning)."""
    wanted = colour_channels(colour)
    best: tuple[int, str] | None = None
    for entry in palette:
        channels = colour_channels(entry.colour)
        distance = max(abs(a - b) for a, b in zip(wanted, channels, strict=True))
        if distance <= SAME_COLOUR_TOLERANCE and (best is None or distance < best[0]):
            best = (distance, entry.meaning)
    return best[1] if best is not None else ""


def colour_for_meaning(meaning: str, palette: Sequence[ColourMeaning] = DEFAULT_PALETTE) -> str:
    """The colour the palette gives ``meaning`` (ignoring case and outer spaces); KeyError if
    none does. For a command line that takes ``--meaning question``."""
    wanted = meaning.strip().casefold()
    for entry in palette:
        if entry.meaning.casefold() == wanted:
            return entry.colour
    raise KeyError(meaning)


def renamed(
    palette: Sequence[ColourMeaning], colour: str, meaning: str
) -> tuple[ColourMeaning, ...]:
    """The palette with ``colour``'s meaning renamed, or the colour added at the end if new."""
    wanted = normalize_colour(colour)
    changed = tuple(
        replace(entry, meaning=meaning) if entry.colour == wanted else entry for entry in palette
    )
    if all(entry.colour != wanted for entry in palette):
        changed += (ColourMeaning(wanted, meaning),)
    return changed
