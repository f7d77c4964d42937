"""Interface languages: gettext catalogs under `locale/`, and choosing one for a learner."""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale

DOMAIN = "milclicks"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"


def _tag(code: str) -> str:
    """Babel's form of a language tag: `pt-BR` -> `pt_BR`, `sr-Latn` -> `sr_Latn`."""
    return code.replace("-", "_")


@cache
def available() -> tuple[str, ...]:
    """Languages with a compiled catalog, English first (English needs none)."""
    found = {path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")}
    return (DEFAULT, *sorted(found - {DEFAULT}))


def negotiate(code: str | None, languages: tuple[str, ...] | None = None) -> str:
    """The best language we speak for a client's code: `pt-BR` -> `pt`, unknown -> English."""
    choices = languages or available()
    if not code:
        return DEFAULT
    wanted = _tag(code.strip())
    exact = {_tag(lang).lower(): lang for lang in choices}
    if wanted.lower() in exact:
        return exact[wanted.lower()]
    found = negotiate_locale([wanted], [_tag(lang) for lang in choices], sep="_")
    if found is None:
        try:
            base = Locale.parse(wanted).language
        except (ValueError, UnknownLocaleError):
            return DEFAULT
        return exact.get(base.lower(), DEFAULT)
    return exact.get(found.lower(), DEFAULT)


@cache
def translator(language: str) -> gettext.NullTranslations:
    """The catalog for `language`, falling back to English text for anything missing."""
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[_tag(language)])
    except OSError:
        return gettext.NullTranslations()
