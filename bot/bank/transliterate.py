"""Serbian Cyrillic to Latin: one set of Serbian lessons serves readers of both scripts."""

from __future__ import annotations

from typing import Any

_LETTERS = dict(
    zip(
        "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш",
        [
            "A", "B", "V", "G", "D", "Đ", "E", "Ž", "Z", "I", "J", "K", "L", "M", "N", "O",
            "P", "R", "S", "T", "Ć", "U", "F", "H", "C", "Č", "Š",
            "a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "m", "n", "o",
            "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "š",
        ],
        strict=True,
    )
)  # fmt: skip
_DIGRAPHS = {"Љ": "Lj", "Њ": "Nj", "Џ": "Dž", "љ": "lj", "њ": "nj", "џ": "dž"}
_TABLE = str.maketrans({**_LETTERS, **_DIGRAPHS})


def to_latin(text: str) -> str:
    """Serbian Cyrillic text in Latin script; anything else is left as it is.

    A digraph at the start of an all-capitals word becomes all capitals too (ЉУДИ -> LJUDI).
    """
    words = text.split(" ")
    out = []
    for word in words:
        latin = word.translate(_TABLE)
        if len(word) > 1 and word.isupper():
            latin = latin.upper()
        out.append(latin)
    return " ".join(out)


def to_latin_deep(value: Any) -> Any:
    """Transliterate every string inside nested dicts and lists (keys stay as they are)."""
    if isinstance(value, str):
        return to_latin(value)
    if isinstance(value, dict):
        return {key: to_latin_deep(item) for key, item in value.items()}
    if isinstance(value, list):
        return [to_latin_deep(item) for item in value]
    return value
