"""One unit of work per update: a store (one database session) and a tutor bound to it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.bank.bank import Bank
from bot.languages import negotiate
from bot.learning.store import StoreFactory
from bot.learning.tutor import Tutor
from bot.telegram.context import Callback, Context

Handler = Callable[[Update, Context, Tutor], Awaitable[None]]


class Units:
    """Wraps a handler into the callback python-telegram-bot calls for an update."""

    def __init__(self, bank: Bank, stores: StoreFactory) -> None:
        self._bank = bank
        self._stores = stores

    def __call__(self, handler: Handler) -> Callback:
        """A callback that gives `handler` one store and one tutor for its update; a
        newcomer's language comes from their Telegram settings."""

        async def callback(update: Update, context: Context) -> None:
            user = update.effective_user
            language = negotiate(user.language_code if user else None)
            async with self._stores(learner_id=user.id if user else None) as store:
                await handler(update, context, Tutor(self._bank, store, language))

        callback.__doc__ = handler.__doc__
        callback.__name__ = getattr(handler, "__name__", "handler")
        return callback
