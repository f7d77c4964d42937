"""Interface languages: negotiation, complete catalogs, plural forms, limits, direction."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from telegram import InlineKeyboardMarkup

from bot.bank.bank import Bank
from bot.bank.themes import Theme
from bot.languages import FSI, LANGUAGES, LOCALE_DIR, PDI, catalog_name, negotiate, translator
from bot.languages.check import check, main
from bot.learning.cards import ChallengeResult, EndCard, Feedback, Locked, QuestionCard, StepCard
from bot.learning.challenges import (
    ChallengeReady,
    ChallengeRefused,
    ChallengeUnavailable,
)
from bot.learning.progress import build_report
from bot.learning.records import Answer, Challenge, PeerRecord, Tally
from bot.telegram import menus, profile, render, settings_render, sharing

CATALOGS = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/milclicks.po"))
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("pt-BR", "pt"),
        ("pt", "pt"),
        ("en-GB", "en"),
        ("sr-Latn-RS", "sr-Latn"),
        ("sr", "sr"),
        ("ar-EG", "ar"),
        ("ru", "ru"),
        ("uz-Cyrl", "uz"),
        ("tl", "fil"),
        ("zh-hans", "en"),
        ("xx", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_telegram_language_codes_find_our_languages(code: str | None, language: str) -> None:
    assert negotiate(code) == language


def test_every_language_has_a_catalog() -> None:
    assert sorted(p.parent.parent.name for p in CATALOGS) == sorted(
        catalog_name(lang) for lang in LANGUAGES
    )


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_each_catalog_is_complete_compiles_and_passes_the_check(path: Path) -> None:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(_strings(m.string)))]
    assert missing == []
    write_mo(io.BytesIO(), catalog)
    assert check([path]) == []


def _strings(value: object) -> list[str]:
    return list(value) if isinstance(value, tuple | list) else [str(value or "")]


def test_a_broken_placeholder_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = Catalog(locale="pt")
    catalog.add("Welcome back, {name}!", "Bem-vindo de volta, {nome}!", lineno=3)
    catalog.add("<b>Bold</b> move", "Jogada <b>ousada", lineno=4)
    path = tmp_path / "broken.po"
    with path.open("wb") as handle:
        write_po(handle, catalog)
    assert main([str(path)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith(
        ": placeholders differ from the English ({name}); keep every {name} exactly as in msgid"
    )
    assert printed[1].endswith(": tags differ from the English ['<b', '</b'] (keep the same tags)")
    assert printed[-1] == "1 catalogs checked: 2 problems"


def _plural(language: str, n: int) -> str:
    return (
        translator(language)
        .ngettext("Active on {count} day", "Active on {count} days", n)
        .format(count=n)
    )


def test_russian_has_three_plural_forms() -> None:
    one, few, many = _plural("ru", 1), _plural("ru", 3), _plural("ru", 5)
    assert len({one.replace("1", "#"), few.replace("3", "#"), many.replace("5", "#")}) == 3
    assert _plural("ru", 21).replace("21", "#") == one.replace("1", "#")
    assert _plural("ru", 11).replace("11", "#") == many.replace("5", "#")


def test_arabic_has_six_plural_forms_and_isolates_what_it_inserts() -> None:
    forms = {n: _plural("ar", n).replace(f"{FSI}{n}{PDI}", "#") for n in (0, 1, 2, 3, 11, 100)}
    assert len(set(forms.values())) == 6
    assert f"{FSI}7{PDI}" in _plural("ar", 7)
    done = translator("ar").gettext("✅ Done! From now on I'll speak {language}.")
    assert f"{FSI}{{language}}{PDI}" in done
    assert FSI not in translator("ru").gettext("✅ Done! From now on I'll speak {language}.")


def _visible(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _every_message(bank: Bank, language: str) -> list[render.Text | render.Poll]:
    """Every kind of message the bot sends, with the longest content and values."""
    t = translator(language)
    name = "Ж" * 64
    lessons = [bank.lesson(lid, language) for lid in bank.lessons]
    longest = max(lessons, key=lambda lesson: sum(len(s.text) for s in lesson.steps))
    challenge = Challenge("A" * 16, 1, name, longest.id, tuple(bank.questions)[:5], 4, 4, NOW, NOW)
    ready = ChallengeReady(challenge, longest)
    report = build_report(
        bank,
        frozenset(bank.lessons),
        {lid: Tally(4, 4) for lid in bank.lessons},
        9999,
        PeerRecord(999, 999),
    )
    messages: list[render.Text | render.Poll] = [
        menus.welcome(name, longest, t),
        menus.welcome_back(name, None, longest, t),
        menus.topics(list(report.themes), t, in_english=True),
        menus.progress(report, t, language),
        menus.help_text(t),
        menus.unknown_command(t),
        menus.free_text(None, t),
        menus.group_hint("b" * 32, t),
        settings_render.settings(True, t),
        settings_render.settings(False, t),
        settings_render.languages(language, t),
        settings_render.language_set(language, False, t),
        menus.locked(Locked(longest, (longest,)), t),
        sharing.share_card(ready, "b" * 32, t),
        sharing.invitation(ready, "b" * 32, t),
        sharing.opened(challenge, longest.title, t),
        sharing.refused(ChallengeRefused("daily-cap"), t),
        sharing.refused(ChallengeRefused("no-lesson", longest), t),
        sharing.result(ChallengeResult(challenge, longest, 5, 5, 1, True, language), t),
        sharing.notice(ChallengeResult(challenge, longest, 5, 5, 1, True, language), name, t),
    ]
    messages += [
        sharing.unavailable(ChallengeUnavailable(reason), t)
        for reason in ("malformed", "unknown", "expired", "own", "taken")
    ]
    for theme in Theme:
        entries = [(lesson, "locked") for lesson in lessons if lesson.theme == theme]
        messages.append(menus.theme_lessons(theme, entries, t, in_english=True))  # type: ignore[arg-type]
    for lesson in lessons:
        count = len(lesson.questions)
        for i, step in enumerate(lesson.steps):
            messages.append(render.card_message(StepCard(lesson, step, i + 1, 1, i), t))
        for i, question in enumerate(lesson.questions):
            messages.append(
                render.card_message(QuestionCard(lesson, question, i + 1, count, 1, i), t)
            )
            answer = Answer(question.id, i, "0", False, NOW)
            messages.append(
                render.card_message(Feedback(lesson, question, answer, i + 1, count, 1, i), t)
            )
        messages.append(render.card_message(EndCard(lesson, 0, count, longest, 1), t))
    return messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_message_fits_telegram_in_every_language(
    bank: Bank, language: str
) -> None:
    too_long = []
    for message in _every_message(bank, language):
        if isinstance(message, render.Poll):
            assert 1 <= len(message.question) <= 300
            continue
        if not 1 <= len(_visible(message.html)) <= 4096:
            too_long.append(message.html[:60])
        keyboard = message.keyboard or InlineKeyboardMarkup([])
        for row in keyboard.inline_keyboard:
            for button in row:
                assert 1 <= len(button.text) <= 110, button.text
                if button.callback_data is not None:
                    assert 1 <= len(str(button.callback_data).encode()) <= 64
    assert too_long == []
    for command in profile.command_menu(language) + profile.group_menu(language):
        assert 1 <= len(command.description) <= 256
    assert len(profile.description(language)) <= 512
    assert len(profile.short_description(language)) <= 120
