"""The project's own street photo, and the same photo with flood water painted in.

A lesson on fake disaster images shows an edit beside its original. Both are drawn here
from nothing but shapes and noise, so the picture is the project's own (CC BY 4.0):

    python -m bot.drawing.street lessons/sustainability/images/street-and-flood.jpg
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

W, H, GAP = 640, 420, 16
ROAD_TOP = 300


def _street(rng: random.Random) -> Image.Image:
    sky = np.linspace([150, 190, 230], [235, 240, 245], H).astype(np.uint8)
    image = Image.fromarray(np.repeat(sky[:, None, :], W, axis=1), "RGB")
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 230), (160, 170), (330, 215), (470, 160), (640, 220), (640, 300),
                  (0, 300)], fill=(122, 150, 120))  # fmt: skip
    x = 0
    while x < W:
        width = rng.randint(70, 120)
        top = rng.randint(120, 220)
        colour = rng.choice([(196, 164, 132), (170, 120, 100), (210, 200, 180), (150, 160, 170)])
        draw.rectangle((x, top, x + width, ROAD_TOP), fill=colour, outline=(90, 80, 70))
        for wy in range(top + 14, ROAD_TOP - 30, 28):
            for wx in range(x + 10, x + width - 18, 24):
                lit = rng.random() < 0.3
                draw.rectangle((wx, wy, wx + 12, wy + 16),
                               fill=(250, 230, 160) if lit else (80, 100, 120))  # fmt: skip
        draw.rectangle((x + width // 2 - 9, ROAD_TOP - 34, x + width // 2 + 9, ROAD_TOP),
                       fill=(90, 60, 40))  # fmt: skip
        x += width + rng.randint(0, 8)
    draw.rectangle((0, ROAD_TOP, W, H), fill=(95, 95, 100))
    draw.rectangle((0, ROAD_TOP, W, ROAD_TOP + 10), fill=(170, 170, 165))  # the kerb
    for lane in range(0, W, 80):
        draw.rectangle((lane, 372, lane + 44, 378), fill=(235, 235, 225))
    for cx, colour in ((90, (200, 40, 40)), (380, (40, 90, 180))):
        draw.rounded_rectangle((cx, 318, cx + 130, 358), 10, fill=colour)
        draw.rounded_rectangle((cx + 25, 296, cx + 100, 324), 8, fill=colour)
        draw.rectangle((cx + 33, 301, cx + 92, 318), fill=(170, 200, 220))
        for wheel in (cx + 22, cx + 96):
            draw.ellipse((wheel, 346, wheel + 24, 370), fill=(30, 30, 30))
    return image


def _grain(image: Image.Image, seed: int) -> Image.Image:
    """Camera-like noise and softness, so it reads as a photo rather than a drawing."""
    noise = np.random.default_rng(seed).normal(0, 7, (H, W, 3))
    grainy = np.clip(np.asarray(image, dtype=float) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(grainy, "RGB").filter(ImageFilter.GaussianBlur(0.6))


def _flooded(street: Image.Image) -> Image.Image:
    water_top = 280
    flooded = street.copy()
    reflection = street.crop((0, water_top - (H - water_top), W, water_top)).transpose(
        Image.Transpose.FLIP_TOP_BOTTOM
    )
    water = Image.new("RGB", (W, H - water_top), (96, 110, 100))
    water = Image.blend(water, reflection.resize(water.size), 0.35)
    draw = ImageDraw.Draw(water)
    rng = random.Random(7)
    for _ in range(140):
        x, y = rng.randint(0, W), rng.randint(0, H - water_top)
        draw.line((x, y, x + rng.randint(12, 40), y), fill=(150, 165, 160), width=1)
    flooded.paste(water, (0, water_top))
    return flooded


def street_and_flood() -> Image.Image:
    """The original (left) and the edit (right), side by side."""
    street = _street(random.Random(2024))
    original, edited = _grain(street, 1), _grain(_flooded(street), 2)
    pair = Image.new("RGB", (2 * W + GAP, H), "white")
    pair.paste(original, (0, 0))
    pair.paste(edited, (W + GAP, 0))
    return pair


if __name__ == "__main__":
    street_and_flood().save(Path(sys.argv[1]), quality=85, optimize=True)
