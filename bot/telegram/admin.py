"""The team's handler: /stats, counts only, for the user ids in ADMIN_IDS."""

from __future__ import annotations

from gettext import NullTranslations

from telegram import Update

from bot.learning.totals import Totals
from bot.learning.tutor import Tutor
from bot.telegram import menus
from bot.telegram.context import Context, now, user_id
from bot.telegram.render import Text
from bot.telegram.replier import Replier


class Admin:
    """Answers the people who run the bot; to anyone else it is an unknown command."""

    def __init__(self, replier: Replier, admin_ids: frozenset[int]) -> None:
        self._reply = replier
        self._admins = admin_ids

    async def stats(self, update: Update, context: Context, tutor: Tutor) -> None:
        """An admin asks how the bot is used; to anyone else it is an unknown command."""
        t = await self._reply.t(update, tutor)
        if user_id(update) not in self._admins:
            await self._reply.send(update, context, tutor, menus.unknown_command(t))
            return
        figures = await tutor.totals(now())
        await self._reply.send(update, context, tutor, totals_text(figures, t))


def totals_text(figures: Totals, t: NullTranslations) -> Text:
    """For admins: how the bot is used, in counts only."""
    lines = [
        t.gettext("📈 <b>MIL CLICKS in numbers</b>"),
        "",
        t.gettext("Learners: {count}").format(count=figures.learners),
        t.gettext("Active in the last 7 days: {count}").format(count=figures.active_this_week),
        t.gettext("Lessons finished: {count}").format(count=figures.lessons_finished),
        t.gettext("Challenges finished by friends: {count}").format(
            count=figures.challenges_finished
        ),
    ]
    return Text("\n".join(lines))
