"""Challenge messages: the share card, the message to forward, results and notices."""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import (
    CopyTextButton,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    SwitchInlineQueryChosenChat,
)

from bot.learning.cards import ChallengeResult
from bot.learning.challenges import (
    DAILY_CAP,
    ChallengeReady,
    ChallengeRefused,
    ChallengeUnavailable,
    payload_for,
)
from bot.learning.records import Challenge
from bot.telegram.actions import StartLesson
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button, topics_button


def deep_link(bot_username: str, challenge: Challenge) -> str:
    """The link that opens the bot with the challenge, for anyone, even a new user."""
    return f"https://t.me/{bot_username}?start={payload_for(challenge.code)}"


def _count(challenge: Challenge, t: NullTranslations) -> str:
    n = len(challenge.question_ids)
    return t.ngettext("{n} question", "{n} questions", n).format(n=n)


def invitation(ready: ChallengeReady, bot_username: str, t: NullTranslations) -> Text:
    """The message a friend receives: who challenges them, and one tap to play."""
    challenge = ready.challenge
    text = t.gettext(
        "🎯 {name} challenges you: {count} on <b>{title}</b>. Can you spot the tricks?"
    ).format(
        name=html.escape(challenge.challenger_name),
        count=_count(challenge, t),
        title=html.escape(ready.lesson.title),
    )
    link = deep_link(bot_username, challenge)
    take = InlineKeyboardButton(t.gettext("Take the challenge"), url=link)
    return Text(text, InlineKeyboardMarkup([[take]]))


def share_card(ready: ChallengeReady, bot_username: str, t: NullTranslations) -> Text:
    """For the challenger: three ways to send the challenge."""
    challenge = ready.challenge
    link = deep_link(bot_username, challenge)
    text = (
        t.gettext("🎯 Your challenge is ready: {count} on <b>{title}</b>.").format(
            count=_count(challenge, t), title=html.escape(ready.lesson.title)
        )
        + "\n\n"
        + t.gettext("Tap Share to pick a chat, forward the next message, or copy this link:")
        + f"\n{html.escape(link)}"
    )
    share = InlineKeyboardButton(
        t.gettext("📤 Share with a friend"),
        switch_inline_query_chosen_chat=SwitchInlineQueryChosenChat(
            query=challenge.code,
            allow_user_chats=True,
            allow_group_chats=True,
            allow_bot_chats=False,
            allow_channel_chats=False,
        ),
    )
    copy = InlineKeyboardButton(t.gettext("📋 Copy the link"), copy_text=CopyTextButton(link))
    return Text(text, InlineKeyboardMarkup([[share], [copy]]))


def inline_result(
    ready: ChallengeReady, bot_username: str, t: NullTranslations
) -> InlineQueryResultArticle:
    """The challenge card offered in the chat picker."""
    card = invitation(ready, bot_username, t)
    return InlineQueryResultArticle(
        id=ready.challenge.code,
        title=t.gettext("Challenge: {title}").format(title=ready.lesson.title),
        description=t.gettext("{count}, about 2 minutes").format(count=_count(ready.challenge, t)),
        input_message_content=InputTextMessageContent(card.html, parse_mode="HTML"),
        reply_markup=card.keyboard,
    )


def refused(result: ChallengeRefused, t: NullTranslations) -> Text:
    """No challenge made: finish a lesson first, or the daily cap."""
    if result.reason == "daily-cap":
        text = t.ngettext(
            "You've sent {cap} challenge today, the most for one day. New ones tomorrow! 🙂",
            "You've sent {cap} challenges today, the most for one day. New ones tomorrow! 🙂",
            DAILY_CAP,
        ).format(cap=DAILY_CAP)
        return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))
    text = t.gettext("🎯 Finish a lesson first, then challenge a friend on it.")
    rows = []
    if result.suggestion is not None:
        label = t.gettext("Next: {title}").format(title=result.suggestion.title)
        rows.append([button(label, encode(StartLesson(result.suggestion.id)))])
    rows.append([topics_button(t)])
    return Text(text, InlineKeyboardMarkup(rows))


def unavailable(result: ChallengeUnavailable, t: NullTranslations) -> Text:
    """A challenge link that cannot be played, said kindly, with the way on."""
    texts = {
        "malformed": t.gettext("That link doesn't look like a challenge. Here's what I can do:"),
        "unknown": t.gettext("I can't find that challenge. Ask your friend to send it again."),
        "expired": t.gettext("That challenge has expired. Ask your friend for a fresh one!"),
        "own": t.gettext(
            "That's your own challenge 😄 Send it to a friend instead. Here are the topics:"
        ),
        "taken": t.gettext("You've already taken this challenge. One go per person!"),
    }
    return Text(texts[result.reason], InlineKeyboardMarkup([[topics_button(t)]]))


def opened(challenge: Challenge, title: str, t: NullTranslations) -> Text:
    """The friend's first message: who challenged them; the first question follows."""
    text = t.gettext(
        "🎯 {name} challenged you: {count} on <b>{title}</b>. Here's the first one!"
    ).format(
        name=html.escape(challenge.challenger_name),
        count=_count(challenge, t),
        title=html.escape(title),
    )
    return Text(text)


def result(card: ChallengeResult, t: NullTranslations) -> Text:
    """The friend's result beside the challenger's, and the lesson that teaches it."""
    challenge = card.challenge
    text = t.gettext("🏁 Challenge done! You got {score} of {total}.").format(
        score=card.score, total=card.total
    )
    if challenge.challenger_total:
        text += " " + t.gettext("{name} got {score} of {total} on the lesson.").format(
            name=html.escape(challenge.challenger_name),
            score=challenge.challenger_score,
            total=challenge.challenger_total,
        )
    text += "\n\n" + t.gettext(
        "Want the 3-minute lesson that teaches this? <b>{title}</b>"
    ).format(title=html.escape(card.lesson.title))
    rows = [
        [button(t.gettext("Start the lesson"), encode(StartLesson(card.lesson.id)))],
        [topics_button(t)],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def notice(card: ChallengeResult, friend_name: str, t: NullTranslations) -> Text:
    """For the challenger: a friend finished their challenge."""
    challenge = card.challenge
    text = t.gettext(
        "🎯 {friend} took your challenge on <b>{title}</b>: {score} of {total}"
        " (you: {own} of {own_total})."
    ).format(
        friend=html.escape(friend_name),
        title=html.escape(card.lesson.title),
        score=card.score,
        total=card.total,
        own=challenge.challenger_score,
        own_total=challenge.challenger_total,
    )
    return Text(text)
