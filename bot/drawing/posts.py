"""Mock social media posts drawn with Pillow, one or two stacked as on a phone."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence

from babel.numbers import format_decimal
from PIL import Image, ImageDraw, ImageFont

from bot.bank.pictures import Post
from bot.drawing.script import BOLD, REGULAR, direction, font, is_rtl, shaped
from bot.languages import catalog_name, translator

WIDTH, PAD, GAP = 900, 28, 24
BACKGROUND, CARD, BORDER = "#eef1f4", "#ffffff", "#d9dee3"
INK, MUTED, BLUE, AD, AI = "#1f2933", "#6b7785", "#1d9bf0", "#b7791f", "#7c3aed"
AVATARS = ("#e4572e", "#2e86ab", "#3bb273", "#7768ae", "#f3a712", "#c44569")


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return font(BOLD if bold else REGULAR, size)


def _wrap(text: str, measure: ImageFont.FreeTypeFont, width: int, language: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if (
                measure.getlength(shaped(candidate, language), direction=direction(language))
                <= width
                or not line
            ):
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _badge(post: Post, language: str) -> tuple[str, str] | None:
    t = translator(language)
    if post.badge == "verified":
        return "✔", BLUE
    if post.badge == "ad":
        return t.gettext("Sponsored"), AD
    if post.badge == "ai-label":
        return t.gettext("AI-generated"), AI
    return None


def _card(post: Post, language: str) -> Image.Image:
    rtl = is_rtl(language)
    way = direction(language)
    body, small, name_font = _font(False, 30), _font(False, 24), _font(True, 28)
    inner = WIDTH - 2 * PAD - 96
    lines = _wrap(post.text, body, inner, language)
    height = PAD + 60 + len(lines) * 42 + 56 + PAD
    card = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((0, 0, WIDTH - 1, height - 1), 24, fill=CARD, outline=BORDER, width=2)
    colour = AVATARS[zlib.crc32(post.handle.encode()) % len(AVATARS)]
    left = WIDTH - PAD - 64 if rtl else PAD
    draw.ellipse((left, PAD, left + 64, PAD + 64), fill=colour)
    draw.text((left + 32, PAD + 32), post.name[:1].upper(), font=_font(True, 32), fill="white",
              anchor="mm")  # fmt: skip
    x = PAD + 88
    anchor = "ra" if rtl else "la"
    start = WIDTH - x if rtl else x
    name = shaped(post.name, language)  # measured as drawn
    draw.text((start, PAD + 2), name, font=name_font, fill=INK, anchor=anchor, direction=way)
    width = name_font.getlength(name, direction=way)
    badge = _badge(post, language)
    if badge is not None:
        label, tint = badge
        at = start - width - 14 if rtl else start + width + 14
        draw.text(
            (at, PAD + 4),
            shaped(label, language),
            font=small,
            fill=tint,
            anchor=anchor,
            direction=way,
        )
    handle = shaped(" · ".join(p for p in (post.handle, post.time or "") if p), language)
    draw.text((start, PAD + 36), handle, font=small, fill=MUTED, anchor=anchor, direction=way)
    y = PAD + 80
    for line in lines:
        draw.text(
            (start, y),
            shaped(line, language),
            font=body,
            fill=INK,
            anchor=anchor,
            direction=way,
        )
        y += 42
    if post.likes is not None:
        likes = format_decimal(post.likes, locale=catalog_name(language))
        draw.text((start, y + 12), f"♥ {likes}", font=small, fill=MUTED, anchor=anchor)
    return card


def draw_posts(posts: Sequence[Post], language: str) -> bytes:
    """The posts as a PNG, one under the other on a light background."""
    cards = [_card(post, language) for post in posts]
    height = PAD * 2 + sum(card.height for card in cards) + GAP * (len(cards) - 1)
    canvas = Image.new("RGB", (WIDTH + 2 * PAD, height), BACKGROUND)
    y = PAD
    for card in cards:
        canvas.paste(card, (PAD, y))
        y += card.height + GAP
    out = io.BytesIO()
    canvas.save(out, format="PNG", optimize=True)
    return out.getvalue()
