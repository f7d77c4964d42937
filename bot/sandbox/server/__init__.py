"""A Telegram-compatible Bot API server on loopback, with simulated users, for tests.

async with TelegramServer(token="123:ABC", spec=load_spec(path_to_api_json)) as server:
    alice = server.user(1001, "Amina", language_code="en")
    ...  # run the bot against f"{server.api_url}/bot"
    await alice.send("/start")
    reply = await alice.receive()
"""

from bot.sandbox.server.groups import Group
from bot.sandbox.server.models import Button, Call, CallbackAnswer, Message, Poll, PollOption
from bot.sandbox.server.server import TelegramServer
from bot.sandbox.server.spec import Spec, load_spec, spec_path
from bot.sandbox.server.users import SimulatedUser, Tap

__all__ = [
    "Button",
    "Call",
    "CallbackAnswer",
    "Group",
    "Message",
    "Poll",
    "PollOption",
    "SimulatedUser",
    "Spec",
    "Tap",
    "TelegramServer",
    "load_spec",
    "spec_path",
]
