"""The MIL CLICKer badge: a square picture a learner can share, made with Pillow.

Text is laid out by libraqm (bundled with Pillow's wheels), so an Arabic pledge line is
shaped and runs right to left, like every other script the bot speaks.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from bot.pictures.fonts import font_file, script_of

SIZE = 1080
TOP, BOTTOM = (29, 53, 87), (42, 157, 143)  # deep blue to teal
# One colour per CLICKS theme, in their order.
THEME_COLOURS = ("#e63946", "#f4a261", "#e9c46a", "#8ab17d", "#2a9d8f", "#457b9d", "#9b5de5")
LETTERS = "CCLICKS"
MAX_NAME = 24


@dataclass(frozen=True)
class Badge:
    """What the badge says: a first name (or none), a line of the pledge, the bot's link."""

    name: str | None
    motto: str
    link: str


def _font(text: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(font_file(bold, script_of(text))), size, layout_engine=ImageFont.Layout.RAQM
    )


def _background() -> Image.Image:
    image = Image.new("RGB", (SIZE, SIZE))
    draw = ImageDraw.Draw(image)
    for y in range(SIZE):
        share = y / (SIZE - 1)
        colour = tuple(round(a + (b - a) * share) for a, b in zip(TOP, BOTTOM, strict=True))
        draw.line([(0, y), (SIZE, y)], fill=colour)
    return image


def _centred(draw: ImageDraw.ImageDraw, y: float, text: str, size: int, bold: bool) -> None:
    draw.text((SIZE / 2, y), text, font=_font(text, size, bold), fill="white", anchor="mm")


def _draw(badge: Badge) -> bytes:
    image = _background()
    draw = ImageDraw.Draw(image)
    margin = 70
    draw.ellipse((margin, margin, SIZE - margin, SIZE - margin), outline="white", width=10)
    if badge.name:
        name = badge.name if len(badge.name) <= MAX_NAME else badge.name[: MAX_NAME - 1] + "…"
        _centred(draw, 300, name, 72, bold=False)
    _centred(draw, 420, "MIL CLICKer", 118, bold=True)
    step, radius = 104, 42
    left = SIZE / 2 - step * (len(LETTERS) - 1) / 2
    for i, (letter, colour) in enumerate(zip(LETTERS, THEME_COLOURS, strict=True)):
        x, y = left + i * step, 560
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        draw.text((x, y), letter, font=_font(letter, 50, True), fill="white", anchor="mm")
    for i, line in enumerate(textwrap.wrap(badge.motto, 30, break_long_words=False)[:3]):
        _centred(draw, 690 + i * 56, line, 44, bold=False)
    _centred(draw, 920, badge.link, 38, bold=False)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


@lru_cache(maxsize=256)
def badge_png(badge: Badge) -> bytes:
    """The badge as PNG bytes; the same badge is made once."""
    return _draw(badge)
