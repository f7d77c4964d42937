"""Write the Serbian Latin catalog from the Serbian Cyrillic one, by transliteration.

Serbian is written in both scripts, letter for letter; one translation serves both.

    python -m bot.languages.serbian_latin
"""

from __future__ import annotations

import sys

from babel.messages.pofile import read_po, write_po

from bot.bank.transliterate import to_latin
from bot.languages import LOCALE_DIR

SOURCE = LOCALE_DIR / "sr" / "LC_MESSAGES" / "milclicks.po"
TARGET = LOCALE_DIR / "sr_Latn" / "LC_MESSAGES" / "milclicks.po"


def main() -> int:
    """Regenerate the sr_Latn catalog; returns the exit code."""
    with SOURCE.open("rb") as handle:
        catalog = read_po(handle, locale="sr")
    catalog.locale = "sr_Latn"
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple | list):
            message.string = tuple(to_latin(s) for s in message.string)
        elif message.string:
            message.string = to_latin(message.string)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("wb") as handle:
        write_po(handle, catalog, width=99)
    print(f"wrote {TARGET}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
