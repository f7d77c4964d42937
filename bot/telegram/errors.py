"""What happens when a handler fails: a log line, and a kind word to the learner."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden

from bot.languages import negotiate, translator
from bot.telegram.context import Context

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log a failure; tell the learner kindly, unless they blocked the bot."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a learner blocked the bot: %s", error)
        return
    log.error("update failed", exc_info=error)
    if not isinstance(update, Update):
        return
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != "private":
        return
    t = translator(negotiate(user.language_code if user else None))
    try:
        await context.bot.send_message(
            chat.id, t.gettext("Something went wrong on my side. Try again, or send /topics.")
        )
    except Exception:  # the error handler itself must never fail
        log.warning("could not tell the learner about the failure")
