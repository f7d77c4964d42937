"""The MIL check as Telegram messages: the offer, each post, and the result in plain words.

The learner sees counts ("you caught 7 of 8 tricks"); d′ and c are for the teacher and the
research export, never shown to a learner as numbers.
"""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.limits import MESSAGE_TEXT
from bot.learning.mil_check import CheckCard, CheckResult, ClassOpening
from bot.telegram.actions import OpenPostCheck, SortPost, StartCheck
from bot.telegram.callbacks import encode
from bot.telegram.render import Text, button, topics_button

# c beyond this: a clear lean towards "fake" (negative) or "trustworthy" (positive).
LEAN = 0.5
_SNIPPET = 70


def radar_button(t: NullTranslations) -> list[InlineKeyboardButton]:
    """The welcome's offer of the pre check: one tap, easy to pass over."""
    return [button(t.gettext("📡 Test your radar first (2 min)"), encode(StartCheck()))]


def intro(card: CheckCard, t: NullTranslations) -> Text:
    """What the check is, before its first post."""
    if card.phase == "pre":
        text = t.gettext(
            "📡 <b>Test your radar</b>\n\nI'll show you {total} made-up posts. For each one, "
            "tap whether it seems trustworthy or looks manipulative. About 2 minutes, and "
            "you'll see how you did at the end."
        )
    else:
        text = t.gettext(
            "📡 <b>Test your radar again</b>\n\n{total} new made-up posts, the same game: "
            "trustworthy or manipulative? At the end you'll see how your radar has grown."
        )
    return Text(text.format(total=card.total))


def post(card: CheckCard, t: NullTranslations) -> Text:
    """One post to sort, with the two answers."""
    head = t.gettext("Post {number} of {total}").format(number=card.position + 1, total=card.total)
    keyboard = InlineKeyboardMarkup(
        [
            [
                button(
                    t.gettext("👍 Seems trustworthy"),
                    encode(SortPost(card.run_id, card.position, False)),
                ),
                button(
                    t.gettext("🚩 Looks manipulative"),
                    encode(SortPost(card.run_id, card.position, True)),
                ),
            ]
        ]
    )
    return Text(f"{head}\n\n<i>{html.escape(card.post)}</i>", keyboard)


def result(outcome: CheckResult, t: NullTranslations) -> Text:
    """The result in friendly words, a tip where the learner leans one way, and the way on."""
    counts = outcome.tally
    caught = t.ngettext(
        "You caught {caught} of {total} trick",
        "You caught {caught} of {total} tricks",
        counts.tricks,
    ).format(caught=counts.hits, total=counts.tricks)
    trusted = t.ngettext(
        "and trusted {trusted} of {total} real post.",
        "and trusted {trusted} of {total} real posts.",
        counts.real,
    ).format(trusted=counts.correct_rejections, total=counts.real)
    parts = [t.gettext("📡 <b>Done!</b>"), f"{caught} {trusted}"]
    if outcome.before is not None:
        before = outcome.before
        parts.append(
            t.gettext(
                "Before your lessons: tricks caught {caught}/{tricks}, real posts trusted "
                "{trusted}/{real}."
            ).format(
                caught=before.hits,
                tricks=before.tricks,
                trusted=before.correct_rejections,
                real=before.real,
            )
        )
    if outcome.scores.c < -LEAN:
        parts.append(
            t.gettext(
                "You flagged quite a few real posts too. Calling everything fake isn't the "
                "skill: telling the two apart is."
            )
        )
    elif outcome.scores.c > LEAN:
        parts.append(
            t.gettext(
                "A few tricks slipped past you. The lessons show you exactly what to look for."
            )
        )
    keyboard = InlineKeyboardMarkup([[topics_button(t)]])
    return Text("\n\n".join(parts), keyboard)


def missed(outcome: CheckResult, t: NullTranslations) -> list[Text]:
    """The posts the learner sorted wrong, each with why; split to fit Telegram's limit."""
    if not outcome.missed:
        return []
    blocks = []
    for item in outcome.missed:
        snippet = item.post if len(item.post) <= _SNIPPET else item.post[:_SNIPPET] + "…"
        verdict = (
            t.gettext("🚩 manipulative") if item.manipulative else t.gettext("👍 trustworthy")
        )
        blocks.append(f"<i>{html.escape(snippet)}</i>\n{verdict}: {html.escape(item.explanation)}")
    head = t.gettext("The ones that got past your radar:")
    messages: list[Text] = []
    current = head
    for block in blocks:
        if len(current) + 2 + len(block) > MESSAGE_TEXT:
            messages.append(Text(current))
            current = block
        else:
            current = f"{current}\n\n{block}"
    messages.append(Text(current))
    return messages


def offer_post(lessons: int, t: NullTranslations) -> Text:
    """After enough lessons: the post check, one tap away."""
    text = t.ngettext(
        "📡 You've finished {count} lesson. Want to test your radar again? Two minutes, and "
        "you'll see how much sharper it's got.",
        "📡 You've finished {count} lessons. Want to test your radar again? Two minutes, and "
        "you'll see how much sharper it's got.",
        lessons,
    ).format(count=lessons)
    keyboard = InlineKeyboardMarkup(
        [[button(t.gettext("📡 Test my radar"), encode(StartCheck()))]]
    )
    return Text(text, keyboard)


def not_due(lessons_to_go: int | None, t: NullTranslations) -> Text:
    """/radar when no check is due: when the next one opens, or that both are done."""
    if lessons_to_go is None:
        text = t.gettext("You've done both radar checks. Nice work! 📡")
    else:
        text = t.ngettext(
            "Your next radar check opens after {count} more lesson. 📡",
            "Your next radar check opens after {count} more lessons. 📡",
            lessons_to_go,
        ).format(count=lessons_to_go)
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))


def open_post_check_button(class_id: int, t: NullTranslations) -> list[InlineKeyboardButton]:
    """The class card's button: the teacher opens the post check for the class."""
    return [button(t.gettext("📡 Open the post check"), encode(OpenPostCheck(class_id)))]


def class_offer(class_name: str, t: NullTranslations) -> Text:
    """A member's offer, once their teacher opened the post check."""
    text = t.gettext(
        "📡 Your teacher opened the second radar check for <b>{class_name}</b>. Two minutes, "
        "and you'll see how much sharper your radar has got."
    ).format(class_name=html.escape(class_name))
    keyboard = InlineKeyboardMarkup(
        [[button(t.gettext("📡 Test my radar"), encode(StartCheck()))]]
    )
    return Text(text, keyboard)


def class_opened(opening: ClassOpening, t: NullTranslations) -> Text:
    """What the teacher hears after the tap: who gets an offer, and how far the class is."""
    name = html.escape(opening.class_name)
    if opening.first:
        head = t.ngettext(
            "📡 The post check is open for <b>{class_name}</b>. {count} learner who took the "
            "first check gets an offer now (or when their quiet hours end).",
            "📡 The post check is open for <b>{class_name}</b>. {count} learners who took the "
            "first check get an offer now (or when their quiet hours end).",
            len(opening.offers),
        ).format(class_name=name, count=len(opening.offers))
    else:
        head = t.gettext("📡 The post check for <b>{class_name}</b> is open already.").format(
            class_name=name
        )
    took = t.ngettext(
        "{took} of {members} member has taken it so far.",
        "{took} of {members} members have taken it so far.",
        opening.members,
    ).format(took=opening.took_post, members=opening.members)
    return Text(f"{head}\n\n{took}")
