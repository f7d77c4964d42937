"""A Telegram-compatible Bot API server on loopback, with simulated users, for tests.

async with TelegramServer(token="123:ABC", spec=load_spec()) as server:
    alice = server.user(1001, "Amina", language_code="en")
    ...  # run the bot against f"{server.api_url}/bot"
    await alice.send("/start")
    reply = await alice.receive()
"""

from tests.telegram_server.groups import Group
from tests.telegram_server.models import Button, Call, CallbackAnswer, Message, Poll, PollOption
from tests.telegram_server.server import TelegramServer
from tests.telegram_server.spec import Spec, load_spec, spec_path
from tests.telegram_server.users import SimulatedUser, Tap

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
