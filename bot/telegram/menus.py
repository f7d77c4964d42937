"""Welcome, topics, progress and help messages."""

from __future__ import annotations

import html
from gettext import NullTranslations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.bank.content import Lesson
from bot.bank.themes import Theme
from bot.languages import percent
from bot.learning.cards import Card, Locked
from bot.learning.progress import LessonStatus, ProgressReport, ThemeEntry
from bot.telegram.actions import OpenTheme, Resume, StartLesson, Topics
from bot.telegram.callbacks import encode
from bot.telegram.check_render import radar_button
from bot.telegram.render import Text, button, topics_button

EMOJI = {
    Theme.CRITICAL_THINKING: "🧠",
    Theme.CREATIVITY: "🎨",
    Theme.LITERACY: "📰",
    Theme.INTERCULTURAL: "🌍",
    Theme.CITIZENSHIP: "🤝",
    Theme.KNOWLEDGE: "🔎",
    Theme.SUSTAINABILITY: "🌱",
}
STATUS = {"done": "✅", "next": "▶️", "open": "▫️", "locked": "🔒"}


def theme_name(theme: Theme, t: NullTranslations) -> str:
    """A theme's name in the learner's language."""
    names = {
        Theme.CRITICAL_THINKING: t.gettext("Critical thinking"),
        Theme.CREATIVITY: t.gettext("Creativity"),
        Theme.LITERACY: t.gettext("Literacy"),
        Theme.INTERCULTURAL: t.gettext("Intercultural"),
        Theme.CITIZENSHIP: t.gettext("Citizenship"),
        Theme.KNOWLEDGE: t.gettext("Knowledge"),
        Theme.SUSTAINABILITY: t.gettext("Sustainability"),
    }
    return names[theme]


def welcome(
    first_name: str, first_lesson: Lesson | None, t: NullTranslations, *, radar: bool = False
) -> Text:
    """The first message a new learner sees: what this is, and one tap to start (`radar`:
    with the offer of the MIL check beneath, easy to pass over)."""
    text = t.gettext(
        "Hi {name} 👋 I'm MIL CLICKS: 3-minute lessons on spotting tricks online, "
        "from fake experts to AI-made photos.\n\nReady for your first one?"
    ).format(name=html.escape(first_name))
    rows = []
    if first_lesson is not None:
        rows.append([button(t.gettext("Let's go"), encode(StartLesson(first_lesson.id)))])
    rows.append([button(t.gettext("Show me the topics"), encode(Topics()))])
    if radar:
        rows.append(radar_button(t))
    return Text(text, InlineKeyboardMarkup(rows))


def welcome_back(
    first_name: str, resume: Card | None, suggestion: Lesson | None, t: NullTranslations
) -> Text:
    """A returning learner: continue where they left off, or the next lesson."""
    name = html.escape(first_name)
    rows: list[list[InlineKeyboardButton]] = []
    if resume is not None:
        text = t.gettext(
            "Welcome back, {name} 👋 You were in the middle of <b>{title}</b>."
        ).format(name=name, title=html.escape(resume.lesson.title))
        rows.append([button(t.gettext("Continue where I left off"), encode(Resume()))])
    elif suggestion is not None:
        text = t.gettext("Welcome back, {name} 👋 Up next: <b>{title}</b>.").format(
            name=name, title=html.escape(suggestion.title)
        )
        rows.append(
            [
                button(
                    t.gettext("Next: {title}").format(title=suggestion.title),
                    encode(StartLesson(suggestion.id)),
                )
            ]
        )
    else:
        text = t.gettext(
            "Welcome back, {name} 👋 You've done every lesson. Retake any you like!"
        ).format(name=name)
    rows.append([topics_button(t)])
    return Text(text, InlineKeyboardMarkup(rows))


def _share(entry: ThemeEntry) -> str:
    return f"{entry.done}/{entry.total}"


def topics(entries: list[ThemeEntry], t: NullTranslations, in_english: bool = False) -> Text:
    """The seven themes, each with lessons done."""
    text = t.gettext("📚 <b>Pick a topic.</b> Each lesson takes 3-5 minutes.")
    if in_english:
        text += "\n\n" + english_only_note(t)
    rows = [
        [
            button(
                f"{EMOJI[e.theme]} {theme_name(e.theme, t)} · {_share(e)}",
                encode(OpenTheme(e.theme)),
            )
        ]
        for e in entries
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def theme_lessons(
    theme: Theme,
    lessons: list[tuple[Lesson, LessonStatus]],
    t: NullTranslations,
    in_english: bool = False,
) -> Text:
    """A theme's lessons, marked done, next, open or locked, with a button for each."""
    lines = [f"{EMOJI[theme]} <b>{html.escape(theme_name(theme, t))}</b>", ""]
    rows = []
    for lesson, status in lessons:
        line = f"{STATUS[status]} {html.escape(lesson.title)}"
        if status == "next":
            line += " · " + t.gettext("up next")
        lines.append(line)
        rows.append([button(f"{STATUS[status]} {lesson.title}", encode(StartLesson(lesson.id)))])
    lines += ["", t.gettext("✅ done · ▶️ up next · 🔒 finish the one before first")]
    if in_english:
        lines += ["", english_only_note(t)]
    rows.append([topics_button(t)])
    return Text("\n".join(lines), InlineKeyboardMarkup(rows))


def locked(result: Locked, t: NullTranslations) -> Text:
    """A lesson that waits for another one."""
    first = result.missing[0]
    text = t.gettext("🔒 <b>{title}</b> builds on <b>{needed}</b>. Start with that one?").format(
        title=html.escape(result.lesson.title), needed=html.escape(first.title)
    )
    rows = [
        [
            button(
                t.gettext("Next: {title}").format(title=first.title), encode(StartLesson(first.id))
            )
        ],
        [topics_button(t)],
    ]
    return Text(text, InlineKeyboardMarkup(rows))


def progress(report: ProgressReport, t: NullTranslations, language: str = "en") -> Text:
    """Per theme lessons done and accuracy, the seven themes at a glance, days active."""
    glance = "".join(
        "🟩" if e.total and e.done == e.total else "🟨" if e.done else "⬜" for e in report.themes
    )
    lines = [t.gettext("📊 <b>Your progress</b>"), "", f"C C L I C K S\n{glance}", ""]
    for entry in report.themes:
        line = f"{EMOJI[entry.theme]} {html.escape(theme_name(entry.theme, t))}: " + t.ngettext(
            "{done} of {total} lesson", "{done} of {total} lessons", entry.total
        ).format(done=entry.done, total=entry.total)
        if entry.accuracy is not None:
            # TRANSLATORS: {percent} arrives formatted for the language, e.g. "80%" or "%80".
            line += " · " + t.gettext("{percent} right").format(
                percent=percent(entry.accuracy, language)
            )
        lines.append(line)
    total = sum(e.total for e in report.themes)
    days = t.ngettext(
        "Active on {count} day", "Active on {count} days", report.days_active
    ).format(count=report.days_active)
    lessons_done = t.ngettext(
        "{done} of {total} lesson done", "{done} of {total} lessons done", total
    ).format(done=report.lessons_done, total=total)
    lines += ["", f"{lessons_done} · {days}"]
    peers = report.peers
    if peers.friends_challenged:
        lines += [
            "",
            t.ngettext(
                "🎯 Peer educator: {count} friend took your challenges",
                "🎯 Peer educator: {count} friends took your challenges",
                peers.friends_challenged,
            ).format(count=peers.friends_challenged)
            + " · "
            + t.ngettext(
                "{count} went on to finish a lesson",
                "{count} went on to finish a lesson",
                peers.friends_who_went_on,
            ).format(count=peers.friends_who_went_on),
        ]
    return Text("\n".join(lines), InlineKeyboardMarkup([[topics_button(t)]]))


def help_text(t: NullTranslations) -> Text:
    """What the bot can do."""
    text = "\n".join(
        [
            t.gettext("I teach you to spot tricks online, in lessons of 3-5 minutes."),
            "",
            t.gettext("/start: start or continue a lesson"),
            t.gettext("/topics: the seven topics and your lessons"),
            t.gettext("/progress: what you've done so far"),
            t.gettext("/review: a quick round on what you learned"),
            t.gettext("/challenge: send a friend a quiz on your latest lesson"),
            t.gettext("/pact: take the MIL CLICKS Pact and become a MIL CLICKer"),
            t.gettext("/classes: the classes you're in"),
            t.gettext("/teach: for teachers, run a class and set its lessons"),
            t.gettext("/language: speak another language"),
            t.gettext("/settings: reminders, weekly goal, news of friends' challenges"),
            t.gettext("/help: this message"),
            "",
            t.gettext(
                "🔎 Forward me a post, a link or a screenshot: I'll show you how to check it."
            ),
        ]
    )
    return Text(text, InlineKeyboardMarkup([[topics_button(t)]]))


def unknown_command(t: NullTranslations) -> Text:
    """A command the bot does not have."""
    return Text(
        t.gettext("I don't know that command. Try /topics to pick a lesson, or /help."),
        InlineKeyboardMarkup([[topics_button(t)]]),
    )


def free_text(resume: Card | None, t: NullTranslations) -> Text:
    """Text the bot cannot read as an answer: point at the buttons."""
    if resume is not None:
        text = t.gettext(
            "I work with buttons 🙂 You're in the middle of <b>{title}</b>: tap below to carry on."
        ).format(title=html.escape(resume.lesson.title))
        return Text(
            text,
            InlineKeyboardMarkup(
                [
                    [button(t.gettext("Continue where I left off"), encode(Resume()))],
                    [topics_button(t)],
                ]
            ),
        )
    return Text(
        t.gettext("I work with buttons 🙂 Pick a topic to start a lesson."),
        InlineKeyboardMarkup([[topics_button(t)]]),
    )


def group_hint(bot_username: str, t: NullTranslations) -> Text:
    """In a group, lessons happen in a private chat."""
    url = f"https://t.me/{bot_username}"
    return Text(
        t.gettext("Lessons happen in a private chat with me, so nobody sees your answers."),
        InlineKeyboardMarkup([[InlineKeyboardButton(t.gettext("Open a private chat"), url=url)]]),
    )


def english_only_note(t: NullTranslations) -> str:
    """Said in lesson menus when the learner's language has no lessons yet."""
    return t.gettext("📝 These lessons are in English for now.")
