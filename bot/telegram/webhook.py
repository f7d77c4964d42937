"""Updates from a webhook, and the first answer to a tap carried back in the HTTP reply.

Telegram lets the reply to a webhook request carry one Bot API call. Answering a tap
(answerCallbackQuery) there saves one HTTP round trip per tap. The price: the call's result
cannot be read. The bot is told `True` at once; if Telegram refuses the answer (a query too
old, say), nobody hears of it. The bot never reads that result, so nothing changes for it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import Application
from telegram.request import RequestData

from bot.telegram.direct_request import DirectRequest

ANSWER = "answerCallbackQuery"
# How long a tap's HTTP reply waits for its answer before going back empty (the answer
# then travels as its own call); a tap's handler answers within milliseconds.
REPLY_WAIT_SECONDS = 2.0
ANSWERED = b'{"ok":true,"result":true}'
ObserveCall = Callable[[str, str], None]
ObserveUpdate = Callable[[str, float], None]


class ReplySlots:
    """Callback query ids whose webhook reply is still open, and the answer each got."""

    def __init__(self) -> None:
        self._open: dict[str, asyncio.Future[dict[str, Any]]] = {}

    def open(self, query_id: str) -> asyncio.Future[dict[str, Any]]:
        """Hold the reply of this query's update open for its answer."""
        slot: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._open[query_id] = slot
        return slot

    def take(self, params: dict[str, Any]) -> bool:
        """Keep an answer for the reply; False when its reply is gone (send it by HTTP)."""
        slot = self._open.get(str(params.get("callback_query_id")))
        if slot is None or slot.done():
            return False
        slot.set_result(params)
        return True

    def close(self, query_id: str) -> dict[str, Any] | None:
        """The answer to put in the reply, if one came; later answers go by HTTP."""
        slot = self._open.pop(query_id, None)
        if slot is None or not slot.done():
            return None
        return slot.result()


class WebhookRequest(DirectRequest):
    """The bot's request layer in webhook mode: counts every call, and hands the first
    answer to a tap to the webhook reply instead of sending it."""

    def __init__(self, slots: ReplySlots, observe: ObserveCall, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._slots = slots
        self._observe = observe

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        if (
            api_method == ANSWER
            and request_data is not None
            and self._slots.take(dict(request_data.parameters))
        ):
            self._observe(api_method, "reply")
            return 200, ANSWERED
        try:
            code, body = await super().do_request(url, method, request_data, *args, **kwargs)
        except Exception:
            self._observe(api_method, "network")
            raise
        self._observe(api_method, str(code))
        return code, body


class WebhookFeed:
    """Hands each posted update to the application, as its update queue would, and waits
    for a tap's answer so that it can travel back in the reply."""

    def __init__(
        self,
        application: Application,  # type: ignore[type-arg]
        slots: ReplySlots,
        observe: ObserveUpdate,
    ) -> None:
        self._application = application
        self._slots = slots
        self._observe = observe
        self._tasks: set[asyncio.Task[None]] = set()

    async def __call__(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """Handle one update; the webhook reply's Bot API call, if any (a tap's reply goes
        back once the tap is answered, any other once it is handled)."""
        update = Update.de_json(data, self._application.bot)
        query = update.callback_query
        slot = self._slots.open(query.id) if query is not None else None
        kind = next((key for key in data if key != "update_id"), "unknown")
        task = asyncio.create_task(self._handle(update, kind, time.perf_counter()))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if query is None or slot is None:
            # Answered once handled (at most REPLY_WAIT_SECONDS): with several workers, a
            # learner's next update, sent after this reply, must not overtake this one on
            # another worker before it has taken the learner's lock.
            await asyncio.wait({task}, timeout=REPLY_WAIT_SECONDS)
            return None
        waits: set[asyncio.Future[Any]] = {slot, task}
        await asyncio.wait(waits, timeout=REPLY_WAIT_SECONDS)
        answer = self._slots.close(query.id)
        return None if answer is None else {"method": ANSWER, **answer}

    async def _handle(self, update: Update, kind: str, started: float) -> None:
        # Through the update processor, so one learner's updates still run one at a time;
        # not through the update queue, because the reply needs to know when this ends.
        application = self._application
        await application.update_processor.process_update(
            update, application.process_update(update)
        )
        self._observe(kind, time.perf_counter() - started)

    async def drain(self) -> None:
        """Let the updates in hand finish (on a clean stop)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
