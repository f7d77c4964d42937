"""The bot's profile in every language: command menu, description and short description."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, BotCommand, BotCommandScopeAllGroupChats

from bot.languages import DEFAULT, LANGUAGES, telegram_code, translator

log = logging.getLogger(__name__)

COMMANDS = (
    "start", "topics", "progress", "review", "challenge", "pact", "radar", "classes", "teach",
    "class", "language", "settings", "privacy", "help",
)  # fmt: skip


def command_menu(language: str) -> list[BotCommand]:
    """The command menu Telegram shows beside the text field, in one language."""
    t = translator(language)
    descriptions = {
        "start": t.gettext("Start or continue a lesson"),
        "topics": t.gettext("The seven topics and your lessons"),
        "progress": t.gettext("What you've done so far"),
        "review": t.gettext("Bring back what you learned"),
        "challenge": t.gettext("Challenge a friend on your latest lesson"),
        "pact": t.gettext("Take the MIL CLICKS Pact"),
        "radar": t.gettext("Test your radar: the 2-minute check"),
        "classes": t.gettext("Your classes, and leaving one"),
        "teach": t.gettext("For teachers: run a class"),
        "language": t.gettext("Change the language"),
        "settings": t.gettext("Reminders, weekly goal and friends' challenges"),
        "privacy": t.gettext("Your data: what I keep, a copy, erasing it"),
        "class": t.gettext("Teachers: the report on your class"),
        "help": t.gettext("What I can do"),
    }
    return [BotCommand(name, descriptions[name]) for name in COMMANDS]


def group_menu(language: str) -> list[BotCommand]:
    """The command menu in group chats: the one command that works there (the rest send
    a learner to the private chat)."""
    t = translator(language)
    return [BotCommand("round", t.gettext("Teachers: a quiz round for your class"))]


def description(language: str) -> str:
    """What the empty chat shows before the first /start (at most 512 characters)."""
    return translator(language).gettext(
        "Hi! I'm MIL CLICKS 👋 Three-minute lessons on spotting tricks online: fake experts, "
        "emotional headlines, AI-made photos and more. Practise with quizzes, challenge your "
        "friends, and watch your progress grow. Tap Start!"
    )


def short_description(language: str) -> str:
    """The line on the bot's profile page (at most 120 characters)."""
    return translator(language).gettext(
        "3-minute lessons on spotting tricks online, with quizzes and challenges for friends."
    )


def _languages() -> list[tuple[str, str | None]]:
    """(language, Telegram's code) for English as the default and each catalog we have."""
    chosen: list[tuple[str, str | None]] = [(DEFAULT, None)]
    for language in LANGUAGES:
        code = telegram_code(language)
        if (
            language != DEFAULT
            and code
            and type(translator(language)).__name__ != "NullTranslations"
        ):
            chosen.append((language, code))
    return chosen


def _differ(current: tuple[BotCommand, ...], wanted: list[BotCommand]) -> bool:
    return [(c.command, c.description) for c in current] != [
        (c.command, c.description) for c in wanted
    ]


async def _publish_one(bot: Bot, language: str, code: str | None) -> int:
    commands, in_groups = command_menu(language), group_menu(language)
    groups = BotCommandScopeAllGroupChats()
    text, short = description(language), short_description(language)
    current, current_in_groups, described, summed_up = await asyncio.gather(
        bot.get_my_commands(language_code=code),
        bot.get_my_commands(scope=groups, language_code=code),
        bot.get_my_description(language_code=code),
        bot.get_my_short_description(language_code=code),
    )
    changes = []
    if _differ(current, commands):
        changes.append(bot.set_my_commands(commands, language_code=code))
    if _differ(current_in_groups, in_groups):
        changes.append(bot.set_my_commands(in_groups, scope=groups, language_code=code))
    if described.description != text:
        changes.append(bot.set_my_description(text, language_code=code))
    if summed_up.short_description != short:
        changes.append(bot.set_my_short_description(short, language_code=code))
    await asyncio.gather(*changes)
    return len(changes)


async def publish(bot: Bot) -> int:
    """Set the profile texts that differ from what Telegram has; returns how many changed.

    Languages are published side by side, so start-up waits for one round trip or two,
    not for three calls in each of fifteen languages.
    """
    counts = await asyncio.gather(
        *(_publish_one(bot, language, code) for language, code in _languages())
    )
    log.info("bot profile published: %d change(s)", sum(counts))
    return sum(counts)
