"""Cards owed to learners: a reply that never arrived is sent at their next tap or message.

Two ways a learner can be left without the card they are on: every retry of a send failed
(Telegram or the network away for longer than the call policy waits), or the process
stopped with the reply in flight (a crash, SIGKILL), so the update comes again unfinished
(`bot.learning.redelivery`). Either way the step is committed; the learner's next update
brings the card instead of whatever it would have done.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.learning.tutor import Tutor
from bot.telegram.context import Context, now
from bot.telegram.replier import Replier

log = logging.getLogger(__name__)


class Owed:
    """Learners whose last reply failed to go out (kept in memory: a restart brings the
    unfinished update back instead)."""

    def __init__(self, replier: Replier) -> None:
        self._reply = replier
        self._learners: set[int] = set()

    def add(self, learner_id: int) -> None:
        """A reply to this learner could not be sent."""
        self._learners.add(learner_id)

    def pop(self, learner_id: int) -> bool:
        """Whether this learner is owed a card (and forget it)."""
        if learner_id in self._learners:
            self._learners.discard(learner_id)
            return True
        return False

    async def resend(self, update: Update, context: Context, tutor: Tutor) -> bool:
        """Send the card the learner is on; False if no lesson is open (nothing owed)."""
        user = update.effective_user
        if user is None or update.effective_chat is None:
            return False
        card = await tutor.current(user.id, now())
        if card is None:
            return False
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):  # a late answer is refused; no matter
                await update.callback_query.answer()
        log.info("sent a learner's current card again (update %d)", update.update_id)
        await self._reply.send_card(update, context, tutor, card)
        return True
