"""The bot's own profile: getMe, commands, descriptions and names, close and logOut.

Commands, descriptions and names are stored per (scope, language_code), as Telegram does:
a value set for ``language_code="fr"`` is not returned for the default language.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from bot.sandbox.server.errors import bad_request
from bot.sandbox.server.models import JSON

if TYPE_CHECKING:
    from bot.sandbox.server.world import Handler, World

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"(?:[a-z]{2})?")
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
# Setting name -> (parameter and result field, maximum length)
TEXT_SETTINGS = {
    "description": ("description", 512),
    "short_description": ("short_description", 120),
    "name": ("name", 64),
}


def _key(kind: str, params: JSON) -> tuple[str, str, str]:
    language = str(params.get("language_code", ""))
    if not _LANGUAGE.fullmatch(language):
        raise bad_request("LANG_CODE_INVALID")
    scope = params.get("scope") or {"type": "default"}
    return kind, json.dumps(scope, sort_keys=True), language


async def get_me(world: World, params: JSON) -> JSON:
    """The bot user, with the fields returned only by getMe."""
    me = dict(world.bot)
    extra = world.spec.getme_only_fields() if world.spec else ["supports_inline_queries"]
    me.update(dict.fromkeys(extra, False))
    me.update(can_join_groups=True, supports_inline_queries=True)
    return me


async def set_my_commands(world: World, params: JSON) -> bool:
    """Store up to 100 commands: lowercase names of 1-32 characters, descriptions 1-256."""
    commands = params.get("commands")
    commands = commands if isinstance(commands, list) else []
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not isinstance(command, dict):
            continue
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= MAX_COMMAND_DESCRIPTION:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    world.settings[_key("commands", params)] = [dict(c) for c in commands]
    return True


async def get_my_commands(world: World, params: JSON) -> list[JSON]:
    """The commands for exactly this scope and language (no fallback)."""
    stored = world.settings.get(_key("commands", params), [])
    return list(stored)


async def delete_my_commands(world: World, params: JSON) -> bool:
    """Forget the commands of this scope and language."""
    world.settings.pop(_key("commands", params), None)
    return True


def _setter(kind: str) -> Handler:
    field, maximum = TEXT_SETTINGS[kind]

    async def set_text(world: World, params: JSON) -> bool:
        value = str(params.get(field, ""))
        if len(value) > maximum:
            raise bad_request(f"{field.replace('_', ' ')} is too long")
        key = (kind, "", str(params.get("language_code", "")))
        if value:
            world.settings[key] = value
        else:
            world.settings.pop(key, None)
        return True

    set_text.__doc__ = f"Set the bot's {field} for a language (empty removes it)."
    return set_text


def _getter(kind: str) -> Handler:
    field, _ = TEXT_SETTINGS[kind]

    async def get_text(world: World, params: JSON) -> JSON:
        language = str(params.get("language_code", ""))
        value = world.settings.get((kind, "", language))
        if value is None and kind == "name":
            value = world.settings.get((kind, "", ""), world.bot["first_name"])
        return {field: value or ""}

    get_text.__doc__ = f"The bot's {field} for a language."
    return get_text


async def close(world: World, params: JSON) -> bool:
    """Accepted and recorded; the test server keeps running."""
    return True


async def log_out(world: World, params: JSON) -> bool:
    """Accepted and recorded; the test server keeps running."""
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setMyDescription": _setter("description"),
    "getMyDescription": _getter("description"),
    "setMyShortDescription": _setter("short_description"),
    "getMyShortDescription": _getter("short_description"),
    "setMyName": _setter("name"),
    "getMyName": _getter("name"),
    "close": close,
    "logOut": log_out,
}
