"""A join link as a QR code: black on white, large enough to scan from the back of a
classroom when projected."""

from __future__ import annotations

import io

import segno

SCALE = 16  # pixels per module: a 12-character code's link is a 33x33 symbol, 656 px wide
BORDER = 4  # the quiet zone the standard asks for, in modules


def qr_png(text: str) -> bytes:
    """The PNG of a QR code of `text`, with medium error correction (a smudged projector
    or a phone held at an angle still reads it)."""
    code = segno.make_qr(text, error="m")
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=BORDER)
    return out.getvalue()
