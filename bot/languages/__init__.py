"""Interface languages: the gettext catalogs, and choosing one for a learner.

The catalogs' sources (`.pot`, `.po`) live in the repository's `i18n/` folder; the compiled
`.mo` files are build products placed in `compiled/` beside this module, so an installed
wheel carries them and no top-level `i18n` package is installed (that name belongs to a
published package).

Language tags are written as in the lesson bank (`pt`, `sr-Latn`); catalog folders use
babel's form (`sr_Latn`).
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale
from babel.numbers import format_percent

DOMAIN = "milclicks"
HERE = Path(__file__).resolve().parent
# What the bot reads: compiled catalogs, made by `make install` (or the Docker build).
COMPILED_DIR = HERE / "compiled"
# What translators edit, in a checkout: the template and one `.po` per language.
SOURCE_DIR = HERE.parent.parent / "i18n"
LOCALE_DIR = SOURCE_DIR / "locale"
TEMPLATE = SOURCE_DIR / f"{DOMAIN}.pot"
DEFAULT = "en"

# Every language the interface speaks, in the order the /language menu lists them.
LANGUAGES = (
    "en", "pt", "sr", "sr-Latn", "ar", "ru", "kk", "uz", "ky", "tg",
    "id", "vi", "th", "ms", "fil",
)  # fmt: skip

# First strong isolate ... pop directional isolate: a name or number placed into
# right-to-left text keeps its own direction and cannot reorder the words around it.
FSI, PDI = "\u2068", "\u2069"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def catalog_name(language: str) -> str:
    """Babel's form of a language tag: `sr-Latn` -> `sr_Latn`."""
    return language.replace("-", "_")


def is_rtl(language: str) -> bool:
    """Whether the language is written right to left."""
    return Locale.parse(catalog_name(language)).character_order == "right-to-left"


def display_name(language: str) -> str:
    """The language's name in the language itself, capitalised: `Português`."""
    name = Locale.parse(catalog_name(language)).get_display_name(catalog_name(language)) or ""
    return name[:1].upper() + name[1:]


def negotiate(code: str | None, languages: tuple[str, ...] = LANGUAGES) -> str:
    """The best language we speak for a client's code: `pt-BR` -> `pt`, unknown -> English."""
    if not code:
        return DEFAULT
    wanted = catalog_name(code.strip())
    exact = {catalog_name(lang).lower(): lang for lang in languages}
    parts = wanted.split("_")
    # `sr-Latn-RS` -> `sr_Latn`, `pt-BR` -> `pt`: longest known prefix first.
    for end in range(len(parts), 0, -1):
        prefix = "_".join(parts[:end]).lower()
        if prefix in exact:
            return exact[prefix]
    found = negotiate_locale([wanted], [catalog_name(lang) for lang in languages], sep="_")
    if found is not None:
        return exact.get(found.lower(), DEFAULT)
    try:
        return exact.get(Locale.parse(wanted).language.lower(), DEFAULT)
    except (ValueError, UnknownLocaleError):
        return DEFAULT


class _Isolating(gettext.GNUTranslations):
    """A right-to-left catalog: every `{placeholder}` is wrapped in direction isolates."""

    def gettext(self, message: str) -> str:
        return _isolate(super().gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return _isolate(super().ngettext(msgid1, msgid2, n))


def _isolate(text: str) -> str:
    return _PLACEHOLDER.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", text)


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalog for `language`; anything it lacks falls back to the English text."""
    kind: type[gettext.GNUTranslations] = gettext.GNUTranslations
    if language in LANGUAGES and is_rtl(language):
        kind = _Isolating
    try:
        return gettext.translation(
            DOMAIN, COMPILED_DIR, languages=[catalog_name(language)], class_=kind
        )
    except OSError:
        return gettext.NullTranslations()


def percent(share: float, language: str) -> str:
    """A share as a percentage the way the language writes it: 80%, %80, 80 %."""
    return format_percent(share, locale=catalog_name(language))


def telegram_code(language: str) -> str | None:
    """The two-letter code Telegram takes for per-language bot texts, if there is one.

    Telegram keys command lists and descriptions by ISO 639-1 code, so Serbian in Latin
    script shares `sr` with Cyrillic (which gets it), and Filipino has no code of its own.
    """
    if "-" in language or len(language) != 2:
        return None
    return language
