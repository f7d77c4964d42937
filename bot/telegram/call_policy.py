"""Which failed Bot API calls are tried again, and after how long.

One policy for every call the bot makes:

- 429 Too Many Requests: wait the `retry_after` Telegram asks for, then try again.
- 5xx, a connection that cannot be made, or one the server drops before answering
  (including the keep-alive race: a call sent just as the server closes an idle
  connection fails with "Server disconnected", or, for an upload still being written,
  "Can not write request body"): try again after a jittered, growing pause, a bounded
  number of times.
- A timeout while waiting for the answer, or an answer cut off halfway: tried again only
  for calls that are safe to repeat (edits, answering a tap, reading, setting the menu),
  because the server may well have done the call already.
- 400, 401, 403, 404, 409: never tried again; repeating cannot change the answer.

A sent message is the judgement call. `sendMessage` and `sendPoll` are repeated when the
call surely did not run (no connection, 429, a 5xx, a drop before any answer byte), never
after a read timeout: a duplicate lesson step is worse than a missing one, because the
missing one is re-sent at the learner's next tap or message (see `owed.py`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import Enum


class Failure(Enum):
    """How a call failed, as far as retrying is concerned."""

    NOT_SENT = "not sent"  # refused, no route, connect timeout: the server never saw it
    DROPPED = "dropped"  # the server closed the connection before any answer byte
    NO_ANSWER = "no answer"  # read timeout or a cut-off answer: the call may have run


# Calls that repeat without harm: the second one changes nothing or fails politely.
SAFE_TO_REPEAT = frozenset(
    {
        "getUpdates",
        "getMe",
        "getChat",
        "getMyCommands",
        "getMyName",
        "getMyDescription",
        "getMyShortDescription",
        "getWebhookInfo",
        "deleteWebhook",
        "setMyCommands",
        "setMyName",
        "setMyDescription",
        "setMyShortDescription",
        "answerCallbackQuery",
        "answerInlineQuery",
        "editMessageText",
        "editMessageReplyMarkup",
        "sendChatAction",
        "deleteMessage",
        "stopPoll",
        "close",
        "logOut",
    }
)


@dataclass(frozen=True)
class CallPolicy:
    """How many times a call is tried, and the pauses in between."""

    attempts: int = 4  # the first try and three more
    base_delay: float = 0.25
    max_delay: float = 4.0
    max_retry_after: float = 60.0  # a longer 429 wait is given up on, not slept through

    def backoff(self, retry: int, rng: random.Random) -> float:
        """The pause before retry number `retry` (1, 2, ...): full jitter, capped."""
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        return rng.uniform(ceiling / 2, ceiling)

    def retries_failure(self, method: str, failure: Failure) -> bool:
        """Whether a call of `method` that failed this way is tried again."""
        if failure in (Failure.NOT_SENT, Failure.DROPPED):
            return True
        return method in SAFE_TO_REPEAT

    def retries_status(self, status: int) -> bool:
        """Whether an HTTP answer with this status is tried again (429 has its own wait)."""
        return status == 429 or status >= 500
