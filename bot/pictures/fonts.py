"""Fonts for every interface script: DejaVu Sans (shipped inside matplotlib) for Latin,
Cyrillic and Arabic, and a Thai font from the system (Debian's fonts-thai-tlwg, which
`.ci/run` and the Dockerfile install)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from matplotlib import font_manager

MAIN = "DejaVu Sans"
# Families tried, in order, for glyphs DejaVu Sans lacks (Thai).
FALLBACKS = ("Loma", "Garuda", "Noto Sans Thai", "Tlwg Typo")


@cache
def families() -> tuple[str, ...]:
    """DejaVu Sans, then the fallbacks that are installed (asking for a missing one would
    make matplotlib log a warning on every drawing)."""
    manager = font_manager.fontManager
    installed = {entry.name for entry in manager.ttflist}
    if not installed & set(FALLBACKS):
        # matplotlib's font list is cached from its first run: a font installed since
        # (say, fonts-thai-tlwg after the first `make test`) is added here.
        for path in font_manager.findSystemFonts():
            if any(key in Path(path).stem for key in ("Loma", "Garuda", "NotoSansThai")):
                manager.addfont(path)
        installed = {entry.name for entry in manager.ttflist}
    return (MAIN, *(name for name in FALLBACKS if name in installed))


@cache
def font_file(bold: bool = False, script: str = "latin") -> Path:
    """A TrueType file for Pillow: DejaVu Sans, or the Thai fallback for Thai text."""
    family = families()[1] if script == "thai" and len(families()) > 1 else MAIN
    properties = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
    return Path(font_manager.findfont(properties, fallback_to_default=True))


def script_of(text: str) -> str:
    """ "thai" when the text has Thai letters, else "latin" (DejaVu covers the rest)."""
    return "thai" if any("\u0e00" <= ch <= "\u0e7f" for ch in text) else "latin"
