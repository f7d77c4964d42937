"""Telegram's flood limits on sending, enforced by the loopback server.

Telegram documents only rough figures: about 30 messages a second for one bot, about one
a second in one private chat, and 20 a minute in one group; short bursts pass. What this
server enforces, on every method that sends a message:

- the whole bot: a bucket of `bot_rate` (30) messages, refilled at `bot_rate` a second;
- one private chat: a burst of `chat_burst` (20) messages, refilled at one a second, so
  a learner tapping through a lesson is never refused, but a stream to one chat is;
- one group: at most 20 messages in any 60 seconds.

A refused call gets a 429 with `parameters.retry_after`, as Telegram sends it.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.sandbox.server.errors import ApiError

SENDING = frozenset(
    {
        "sendMessage", "sendPoll", "sendPhoto", "sendDocument", "sendAnimation", "sendAudio",
        "sendVideo", "sendVoice", "sendSticker", "sendDice", "sendLocation", "sendContact",
        "sendMediaGroup", "copyMessage", "forwardMessage",
    }
)  # fmt: skip
GROUP_WINDOW = 60.0


def too_many_requests(retry_after: int) -> ApiError:
    """Telegram's 429, with the seconds to wait."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


@dataclass
class _Bucket:
    capacity: float
    rate: float
    level: float
    at: float

    def take(self, now: float) -> float:
        """Take one token; 0 if there was one, else the seconds until there is."""
        self.level = min(self.capacity, self.level + (now - self.at) * self.rate)
        self.at = now
        if self.level >= 1:
            self.level -= 1
            return 0.0
        return (1 - self.level) / self.rate


@dataclass
class FloodControl:
    """Counts sending calls per bot, private chat and group, and refuses the excess."""

    bot_rate: float = 30.0
    chat_burst: float = 20.0
    chat_rate: float = 1.0
    group_per_minute: int = 20
    clock: Callable[[], float] | None = None
    refused: int = 0
    _bot: _Bucket | None = None
    _chats: dict[int, _Bucket] = field(default_factory=dict)
    _groups: dict[int, deque[float]] = field(default_factory=dict)

    def check(self, method: str, params: dict[str, object], now: float) -> None:
        """Raise a 429 if this call would break a limit; count it otherwise."""
        if method not in SENDING:
            return
        chat = params.get("chat_id")
        chat_id = (
            int(chat) if isinstance(chat, int | str) and str(chat).lstrip("-").isdigit() else 0
        )
        if self._bot is None:
            self._bot = _Bucket(self.bot_rate, self.bot_rate, self.bot_rate, now)
        wait = self._chat_wait(chat_id, now) if chat_id else 0.0
        if wait == 0.0:
            wait = self._bot.take(now)
            if wait and chat_id > 0:  # give back the chat's token: the call is refused
                self._chats[chat_id].level += 1
        if wait == 0.0 and chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        if wait:
            self.refused += 1
            raise too_many_requests(max(1, math.ceil(wait)))

    def _chat_wait(self, chat_id: int, now: float) -> float:
        if chat_id > 0:
            bucket = self._chats.get(chat_id)
            if bucket is None:
                bucket = self._chats[chat_id] = _Bucket(
                    self.chat_burst, self.chat_rate, self.chat_burst, now
                )
            return bucket.take(now)
        sent = self._groups.setdefault(chat_id, deque())
        while sent and sent[0] <= now - GROUP_WINDOW:
            sent.popleft()
        if len(sent) >= self.group_per_minute:
            return sent[0] + GROUP_WINDOW - now
        return 0.0
