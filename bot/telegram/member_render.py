"""What a learner sees of classes: an invitation, their classes, and what a class set
them (atop the topics)."""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.learning.class_records import Classroom
from bot.learning.classes import ClassUnavailable, SetLessons
from bot.telegram.actions import StartLesson
from bot.telegram.callbacks import encode
from bot.telegram.class_actions import DeclineClass, JoinClass, LeaveClass, StayInClass
from bot.telegram.class_render import day
from bot.telegram.render import Text, button, topics_button


def invitation(classroom: Classroom, t: NullTranslations) -> Text:
    """A join link opened: who runs the class, exactly what its teacher will see, and
    the choice."""
    text = "\n\n".join(
        [
            t.gettext("🧑‍🏫 You're invited to join the class <b>{name}</b>.").format(
                name=html.escape(classroom.name)
            ),
            t.gettext(
                "If you join, its teacher sees your first name, the lessons you finish, "
                "your accuracy per theme and your radar check results. Never your chats, "
                "and nothing else."
            ),
            t.gettext("You can leave the class anytime with /classes."),
        ]
    )
    rows = [
        [
            button(t.gettext("Join"), encode(JoinClass(classroom.join_code))),
            button(t.gettext("No thanks"), encode(DeclineClass())),
        ]
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def already_in(classroom: Classroom, t: NullTranslations) -> Text:
    """The learner opened the link of a class they are in."""
    text = t.gettext("You're already in <b>{name}</b>. 🙂").format(
        name=html.escape(classroom.name)
    )
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))


def unavailable(found: ClassUnavailable, t: NullTranslations) -> Text:
    """A class link that leads nowhere, said kindly."""
    if found.problem == "closed":
        text = t.gettext("This class is closed, so it can't be joined any more.")
    elif found.problem == "own":
        text = t.gettext(
            "That's the link to your own class: share it with your learners. "
            "/teach shows your classes."
        )
    else:
        text = t.gettext(
            "This class link doesn't work. It may be cut short, or the teacher made a new "
            "one: ask them for the current link."
        )
    return Text(text)


def joined(classroom: Classroom, new: bool, t: NullTranslations) -> Text:
    """The learner joined (or was in already)."""
    if new:
        text = t.gettext(
            "🎉 You're in <b>{name}</b>! Lessons your teacher sets show first in /topics."
        )
    else:
        text = t.gettext("You're already in <b>{name}</b>. 🙂")
    text = text.format(name=html.escape(classroom.name))
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))


def declined(t: NullTranslations) -> Text:
    """The learner said no thanks."""
    return Text(
        t.gettext("No problem: you haven't joined. The link still works if you change your mind."),
        InlineKeyboardMarkup([[topics_button(t)]]),
    )


def my_classes(classes: list[Classroom], t: NullTranslations) -> Text:
    """/classes: the learner's classes, each with a way out."""
    if not classes:
        return Text(
            t.gettext(
                "You're not in a class. When your teacher shares a class link or QR code, "
                "open it to join."
            ),
            InlineKeyboardMarkup([[topics_button(t)]]),
        )
    lines = [t.gettext("🧑‍🏫 <b>Your classes</b>")]
    lines += [f"• {html.escape(c.name)}" for c in classes]
    rows = [
        [button(t.gettext("Leave {name}").format(name=c.name), encode(LeaveClass(c.id, False)))]
        for c in classes
    ]
    return Text("\n".join(lines), InlineKeyboardMarkup(rows))


def confirm_leave(classroom: Classroom, t: NullTranslations) -> Text:
    """Ask before leaving a class."""
    text = t.gettext("Leave <b>{name}</b>? Its teacher will no longer see your progress.").format(
        name=html.escape(classroom.name)
    )
    rows = [
        [button(t.gettext("Yes, leave"), encode(LeaveClass(classroom.id, True)))],
        [button(t.gettext("No, stay"), encode(StayInClass()))],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def left(classroom: Classroom, t: NullTranslations) -> Text:
    """The learner left a class."""
    text = t.gettext("You've left <b>{name}</b>. Its teacher no longer sees your progress.")
    return Text(text.format(name=html.escape(classroom.name)))


def stayed(t: NullTranslations) -> Text:
    """The learner stays in the class."""
    return Text(t.gettext("Good, you're still in the class."))


def set_lines(
    found: tuple[SetLessons, ...], t: NullTranslations, language: str
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    """Each class's set lessons as a line atop the topics, with a button to the next one."""
    lines, rows = [], []
    for each in found:
        titles = ", ".join(html.escape(lesson.title) for lesson in each.lessons)
        line = t.gettext("📌 Set by {name}: {lessons}, by {day}").format(
            name=f"<b>{html.escape(each.classroom.name)}</b>",
            lessons=titles,
            day=day(each.due_on, language),
        )
        if each.next_lesson is None:
            line += " ✅"
        else:
            label = t.gettext("▶️ Next: {title}").format(title=each.next_lesson.title)
            rows.append([button(label, encode(StartLesson(each.next_lesson.id)))])
        lines.append(line)
    return lines, rows


def atop_topics(
    topics: Text, found: tuple[SetLessons, ...], t: NullTranslations, language: str
) -> Text:
    """The topics menu with the learner's set lessons first."""
    if not found:
        return topics
    lines, rows = set_lines(found, t, language)
    keyboard = list(topics.keyboard.inline_keyboard) if topics.keyboard else []
    return Text(
        "\n".join(lines) + "\n\n" + topics.html,
        InlineKeyboardMarkup([*rows, *keyboard]),
    )
