"""What happens when a handler fails: a log line, and a kind word to the learner."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError

from bot.languages import negotiate, translator
from bot.telegram.context import Context

log = logging.getLogger(__name__)

# A tap answered too late (after a restart, or a redelivery) is refused with these; the tap
# itself was handled, so the learner needs no apology.
_STALE_QUERY = ("query is too old", "query id is invalid")


async def on_error(update: object, context: Context) -> None:
    """Log a failure; tell the learner kindly, unless they blocked the bot or the failure
    was the network's (then nothing could reach them anyway)."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("a learner blocked the bot: %s", error)
        return
    if update is None:  # the long poll failed; the poller tries again on its own
        if not isinstance(error, Conflict):  # a second poller ends the run: said there
            log.warning("polling Telegram failed, trying again: %s", error)
        return
    if isinstance(error, BadRequest) and any(s in error.message for s in _STALE_QUERY):
        log.info("a tap was answered too late: %s", error.message)
        return
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        log.warning("a reply could not be sent: %s", error.message)
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
