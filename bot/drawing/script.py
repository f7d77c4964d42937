"""Fonts and writing direction: Arabic shaped and laid out right to left, every other
script as it is (Latin and Cyrillic are in DejaVu Sans, which matplotlib ships)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import arabic_reshaper
import matplotlib
from bidi import get_display

_FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
REGULAR = _FONTS / "DejaVuSans.ttf"
BOLD = _FONTS / "DejaVuSans-Bold.ttf"
_RTL = frozenset({"ar"})


def is_rtl(language: str) -> bool:
    """Whether the language is written right to left."""
    return language.split("-")[0] in _RTL


@cache
def shaped(text: str, language: str) -> str:
    """Text ready for a renderer that draws glyphs left to right, one after another:
    Arabic letters joined into their contextual forms and put in visual order."""
    if not is_rtl(language):
        return text
    return str(get_display(arabic_reshaper.reshape(text)))
