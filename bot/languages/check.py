"""Check the interface catalogs: placeholders, markup, plural forms and Telegram's limits.

    python -m bot.languages.check            every catalog under i18n/locale
    python -m bot.languages.check FILE.po    one catalog

Prints `file:line: what is wrong (how to fix it)` and exits 1 on any error.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.languages import LOCALE_DIR

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_TAG = re.compile(r"</?([a-z]+)[^>]*>")
# Strings Telegram caps, by a word their msgid contains or the limit they go to.
_LIMITS = {
    "Hi! I'm MIL CLICKS": 512,  # setMyDescription
    "3-minute lessons on spotting tricks online, with": 120,  # setMyShortDescription
}
_TOAST_LIMIT = 200  # answerCallbackQuery text
_COMMAND_LIMIT = 256  # BotCommand description


def _texts(message: Message) -> list[str]:
    value = message.string
    return [v for v in (value if isinstance(value, tuple | list) else (value,)) if v]


def _ids(message: Message) -> list[str]:
    value = message.id
    return list(value) if isinstance(value, tuple | list) else [value]


def _tags(text: str) -> list[str]:
    return [m.group(0).split()[0].rstrip(">") for m in _TAG.finditer(text)]


def _limit(msgid: str, message: Message) -> int | None:
    for start, limit in _LIMITS.items():
        if msgid.startswith(start):
            return limit
    places = " ".join(str(where) for where, _ in message.locations)
    if "profile.py" in places:
        return _COMMAND_LIMIT
    if (
        any(word in msgid for word in ("button", "That ", "You've", "Answer the"))
        and len(msgid) < 80
        and "handlers.py" in places
    ):
        return _TOAST_LIMIT
    return None


def problems(catalog: Catalog, name: str) -> Iterator[str]:
    """Everything wrong with one catalog."""
    expected_plurals = catalog.num_plurals
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno or 0
        source = _ids(message)[0]
        where = f"{name}:{line}"
        texts = _texts(message)
        if message.pluralizable and texts and len(texts) != expected_plurals:
            yield (
                f"{where}: {len(texts)} plural forms, but the catalog's language has "
                f"{expected_plurals} (fill in msgstr[0] to msgstr[{expected_plurals - 1}])"
            )
        for text in texts:
            if sorted(_PLACEHOLDER.findall(text)) != sorted(_PLACEHOLDER.findall(source)):
                yield (
                    f"{where}: placeholders differ from the English "
                    f"({', '.join(sorted(set(_PLACEHOLDER.findall(source)))) or 'none'}); "
                    "keep every {name} exactly as in msgid"
                )
            if _tags(text) != _tags(source):
                yield f"{where}: tags differ from the English {_tags(source)} (keep the same tags)"
            limit = _limit(source, message)
            if limit is not None and len(text) > limit:
                yield f"{where}: {len(text)} characters, Telegram allows {limit} (shorten it)"


def check(paths: list[Path]) -> list[str]:
    """Problems in the given catalogs."""
    found: list[str] = []
    for path in paths:
        with path.open("rb") as handle:
            catalog = read_po(handle)
        found.extend(problems(catalog, str(path)))
    return found


def main(argv: list[str]) -> int:
    """Entry point; returns the exit code."""
    paths = [Path(a) for a in argv] or sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    found = check(paths)
    for line in found:
        print(line)  # noqa: T201
    print(f"{len(paths)} catalogs checked: {len(found)} problems")  # noqa: T201
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
