"""What `/privacy`, `/mydata` and `/forgetme` say, and their buttons."""

from __future__ import annotations

from gettext import NullTranslations

from telegram import InlineKeyboardMarkup

from bot.telegram.actions import Forget, KeepData
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button


def privacy(t: NullTranslations, months: int) -> Text:
    """What is stored and why, what never is, for how long, and the two commands."""
    text = "\n\n".join(
        [
            t.gettext(
                "🔒 <b>Your data, in plain words</b>\n"
                "I keep your Telegram id and language, the lessons, answers and review rounds"
                " you do, your radar check, your reminder settings and pact, and the challenges"
                " you make (with your first name, so friends see who sent them). That's how"
                " I know where you left off and what to bring back."
            ),
            t.gettext(
                "I never keep what you write to me, your phone number, or the posts you"
                " forward me to check."
            ),
            t.gettext(
                "👩‍🏫 In a class, its teacher sees your first name, the lessons you finish, your"
                " accuracy per theme and your radar check results, never your chats. I keep"
                " your first name only while you're in a class."
            ),
            t.ngettext(
                "If you don't come back for {months} month, I erase it all. Want a copy?"
                " /mydata. Want it gone now? /forgetme",
                "If you don't come back for {months} months, I erase it all. Want a copy?"
                " /mydata. Want it gone now? /forgetme",
                months,
            ).format(months=months),
        ]
    )
    return Text(text)


def my_data_caption(t: NullTranslations) -> str:
    """The caption of the file `/mydata` sends."""
    return t.gettext(
        "📦 Everything I store about you, in one file. Any notes or text app opens it."
    )


def ask(t: NullTranslations, since: int) -> Text:
    """`/forgetme`: one question, two buttons."""
    text = t.gettext(
        "🗑 Erase everything I store about you? Your lessons, answers, reviews, challenges,"
        " reminders, pact and radar check all go, for good: I can't bring them back."
    )
    rows = [
        [button(t.gettext("Erase everything"), encode(Forget(since)))],
        [button(t.gettext("Keep my data"), encode(KeepData()))],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def goodbye(t: NullTranslations) -> Text:
    """Erased."""
    return Text(
        t.gettext(
            "Done: everything I stored about you is erased. Thanks for learning with me 👋"
            " If you ever want to start afresh, send /start."
        )
    )


def kept(t: NullTranslations) -> Text:
    """Declined: nothing erased."""
    return Text(t.gettext("Nothing was erased: your progress is safe. 🙂"))


def nothing(t: NullTranslations) -> Text:
    """Nothing stored (never came, or erased already)."""
    return Text(t.gettext("I don't store anything about you right now: nothing to erase."))


def stale(t: NullTranslations) -> Text:
    """A confirmation left from before the learner started afresh."""
    return Text(
        t.gettext(
            "That button is from before you started afresh, so I erased nothing."
            " To erase what I store now, send /forgetme."
        )
    )
