"""Fonts and writing direction for the mock posts Pillow draws: Arabic shaped and laid out
right to left, every other script as it is (Latin and Cyrillic are in DejaVu Sans, which
matplotlib ships).

Pillow shapes text itself where its wheel finds libraqm (with FriBiDi); elsewhere its
basic layout draws glyphs as given, so Arabic is joined and put in visual order first."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import arabic_reshaper
import matplotlib
from bidi import get_display
from PIL import ImageFont, features

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR = _FONTS / "DejaVuSans.ttf"
BOLD = _FONTS / "DejaVuSans-Bold.ttf"
_RTL = frozenset({"ar"})


def is_rtl(language: str) -> bool:
    """Whether the language is written right to left."""
    return language.split("-")[0] in _RTL


RAQM = features.check("raqm")


def font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    """A font that lays text out with libraqm where Pillow has it, else the basic way."""
    layout = ImageFont.Layout.RAQM if RAQM else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(path), size, layout_engine=layout)


@cache
def shaped(text: str, language: str) -> str:
    """Text ready to draw: as written where libraqm lays it out; for the basic layout,
    Arabic letters joined into their contextual forms and put in visual order."""
    if RAQM or not is_rtl(language):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))


def direction(language: str) -> str | None:
    """The direction to tell libraqm (the basic layout takes none)."""
    return "rtl" if RAQM and is_rtl(language) else None
